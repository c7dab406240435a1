from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "partneratlas.registry"

    def ready(self) -> None:
        from partneratlas.gazetteer.loading import gazetteer_loaded
        from partneratlas.registry.services import memberships_refresh_places

        gazetteer_loaded.connect(memberships_refresh_places, dispatch_uid="registry-refresh-places")

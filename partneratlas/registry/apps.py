from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "partneratlas.registry"

    def ready(self) -> None:
        from partneratlas.gazetteer.loading import gazetteer_loaded
        from partneratlas.history.kinds import register
        from partneratlas.registry.history import PartnershipRecord
        from partneratlas.registry.services import memberships_refresh_places

        gazetteer_loaded.connect(memberships_refresh_places, dispatch_uid="registry-refresh-places")
        register(PartnershipRecord())

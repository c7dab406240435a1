from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "partneratlas.atlas"
    verbose_name = "Atlas"

    def ready(self) -> None:
        from partneratlas.atlas import checks  # noqa: F401  (registers the deployment checks)

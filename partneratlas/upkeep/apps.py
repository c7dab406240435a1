from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpkeepConfig(AppConfig):
    name = "partneratlas.upkeep"
    verbose_name = _("Keeping the registry fresh")

    def ready(self) -> None:
        from partneratlas.upkeep.retention import register

        register()

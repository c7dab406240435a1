from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GazetteerConfig(AppConfig):
    name = "partneratlas.gazetteer"
    verbose_name = _("Gazetteer")

    def ready(self) -> None:
        from partneratlas.gazetteer.history import MunicipalityRecord
        from partneratlas.history.kinds import register

        register(MunicipalityRecord())

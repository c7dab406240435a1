from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckupConfig(AppConfig):
    name = "partneratlas.checkup"
    verbose_name = _("Resilience check-up")

    def ready(self) -> None:
        from partneratlas.checkup.report_services import CouncilReportRecord
        from partneratlas.history.kinds import register

        register(CouncilReportRecord())

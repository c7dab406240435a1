from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckupConfig(AppConfig):
    name = "partneratlas.checkup"
    verbose_name = _("Resilience check-up")

    def ready(self) -> None:
        from partneratlas.checkup.report_services import CouncilReportRecord
        from partneratlas.history.kinds import register

        register(CouncilReportRecord())
        self._connect_warnings()

    @staticmethod
    def _connect_warnings() -> None:
        """Keep the stored early warnings fresh: a change to what a warning rests on refreshes the partnership's
        row after commit. Lazy senders, so that the check-up imports no other capability's models."""
        from django.db.models.signals import post_delete, post_save

        from partneratlas.checkup.warnings import on_change

        for sender in ("activities.Activity", "registry.ContactPerson", "checkup.Round"):
            post_save.connect(on_change, sender=sender, dispatch_uid=f"checkup-warnings-save-{sender}")
            post_delete.connect(on_change, sender=sender, dispatch_uid=f"checkup-warnings-delete-{sender}")

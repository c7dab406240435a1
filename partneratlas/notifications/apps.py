from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Every message to a person: in their language, HTML and text, queued after commit, recorded, sent once.

    A foundation app: it knows Django, the user model and the settings, and nothing of the
    capabilities that use it (docs/notifications.md).
    """

    name = "partneratlas.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from partneratlas import retention
        from partneratlas.notifications import checks  # noqa: F401  (registers the deployment check)
        from partneratlas.notifications.services import purge

        def purge_messages(_now: Any, cutoff: Any, dry_run: bool) -> int:
            # The record of sent e-mails holds addresses; a dry run is rolled back with the rest.
            return 0 if cutoff is None else purge(before=cutoff)

        retention.register("sent messages", _("sent e-mails"), purge_messages)

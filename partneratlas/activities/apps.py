from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "partneratlas.activities"
    verbose_name = _("Activity log")

    def ready(self) -> None:
        from partneratlas import retention
        from partneratlas.activities.history import ActivityRecord
        from partneratlas.activities.services import contact_persons_purge
        from partneratlas.history.kinds import register

        register(ActivityRecord())
        retention.register("activity contacts", _("contact persons of past activities"), contact_persons_purge)

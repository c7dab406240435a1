from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "partneratlas.history"
    verbose_name = _("History")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from partneratlas.history.services import user_forget

        pre_delete.connect(user_forget, sender=get_user_model(), dispatch_uid="history-forget-user")

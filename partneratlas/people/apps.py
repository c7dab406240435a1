from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "partneratlas.people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from partneratlas.people import audit, checks  # noqa: F401  (connects the login signals, registers checks)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "partneratlas.people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        # Connects the login signals and allauth's verification signal, registers the deployment checks.
        from partneratlas.people import audit, checks, invitations  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckupConfig(AppConfig):
    name = "partneratlas.checkup"
    verbose_name = _("Resilience check-up")

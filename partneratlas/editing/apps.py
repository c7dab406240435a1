from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditingConfig(AppConfig):
    name = "partneratlas.editing"
    verbose_name = _("Editing")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "partneratlas.capacity"
    verbose_name = _("Capacity")

    def ready(self) -> None:
        from partneratlas.capacity import checks  # noqa: F401 (registers the check)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditingConfig(AppConfig):
    name = "partneratlas.editing"
    verbose_name = _("Editing")

    def ready(self) -> None:
        from partneratlas import retention
        from partneratlas.editing.retention import purge_imports, purge_uploads

        retention.register("uploaded files", _("uploaded files"), purge_uploads)
        retention.register("web imports", _("web imports"), purge_imports)

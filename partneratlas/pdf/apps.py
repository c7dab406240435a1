from django.apps import AppConfig


class PdfConfig(AppConfig):
    name = "partneratlas.pdf"
    verbose_name = "PDF"

    def ready(self) -> None:
        from partneratlas.pdf import checks  # noqa: F401  (registers the system check)

from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "partneratlas.atlas"
    verbose_name = "Atlas"

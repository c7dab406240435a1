from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "partneratlas.api"

"""The project's URLs and a view that fails, for the tests of the error pages."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

from partneratlas.urls import handler400, handler404, handler500  # noqa: F401 (Django reads them from here)
from partneratlas.urls import urlpatterns as project


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in a view")


urlpatterns = [
    path("api/v1/crash", crash),
    *i18n_patterns(path("crash/", crash), prefix_default_language=False),
    *project,
]

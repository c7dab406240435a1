from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request, page_not_found, server_error
from django.views.generic import RedirectView

from partneratlas.api.urls import api

# The admin signs in through the account pages: the same lockout, the same two factors.
admin.site.login = lambda request, extra_context=None: redirect_to_login(  # type: ignore[method-assign]
    request.get_full_path(), reverse("account_login"))

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", lambda request: RedirectView.as_view(url=static("atlas/favicon.svg"), permanent=True)(request)),
    path("api/v1/", api.urls),
    re_path(r"^api/", lambda request: not_found(request, Exception())),
    *i18n_patterns(
        path("accounts/", include("allauth.urls")),
        path("people/", include("partneratlas.people.urls")),
        path("", include("partneratlas.upkeep.urls")),  # proposals, and "still correct" in the editor
        path("edit/", include("partneratlas.editing.urls")),
        path("questionnaires/", include("partneratlas.questionnaires.urls")),
        path("", include("partneratlas.activities.urls")),
        path("checkup/", include("partneratlas.checkup.urls")),
        path("events/", include("partneratlas.events.urls")),
        path("", include("partneratlas.atlas.urls")),
        prefix_default_language=False),
]


def refused(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 for a request Django found suspicious (too many fields, a body too large …)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Bad request."), "errors": []}, status=400)
    return bad_request(request, exception)  # 400.html, rendered without the request, which may be broken


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "errors": []}, status=404)
    return page_not_found(request, exception)


def crashed(request: HttpRequest) -> HttpResponse:
    """500.html needs neither the database nor the request, either of which may be what failed."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Internal error; it has been logged."), "errors": []}, status=500)
    return server_error(request)


handler400 = refused
handler404 = not_found
handler500 = crashed

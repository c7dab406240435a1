"""The JSON API under /api/v1/, read-only but for a person registering for an event (OpenAPI schema at
/api/v1/openapi.json; /api/v1/docs leads to the reference page, /data/api/)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from partneratlas.api import activities, checkup, events, municipalities, partnerships
from partneratlas.api.auth import Unauthorized, sign_in_first
from partneratlas.api.rendering import Renderer
from partneratlas.registry.selectors import UnknownFilterValue


class Reference(DocsBase):
    """/api/v1/docs: the reference page in the site's frame, in the language the reader's browser asks for."""

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("atlas:api"))


api = NinjaAPI(
    title="PartnerAtlas API",
    version="1",
    description="Read-only data of the registry of international municipal partnerships: public, and for the "
                "partnerships' members (with a personal API token or the site's session) their activities, "
                "check-up rounds, results and indicators; and for a signed-in person, registering for an event "
                "and their own registrations. Answers in German, English or Chinese after the "
                "Accept-Language header.",
    urls_namespace="api",
    renderer=Renderer(),
    docs=Reference(),
)
api.add_router("/municipalities", municipalities.router, tags=["municipalities"])
api.add_router("/partnerships", partnerships.router, tags=["partnerships"])
api.add_router("/partnerships", activities.router, tags=["activities"])
api.add_router("/partnerships", checkup.router, tags=["check-up"])
api.add_router("/checkup/rounds", checkup.rounds_router, tags=["check-up"])
api.add_router("/statistics", partnerships.statistics_router, tags=["statistics"])
api.add_router("/events", events.router, tags=["events"])


def _describe(error: dict[str, object]) -> dict[str, object]:
    location = [str(part) for part in error.get("loc", []) if part not in ("query", "path", "body")]  # type: ignore[attr-defined]
    return {"parameter": ".".join(location), "message": _("invalid value"), "detail": error.get("msg", "")}


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_describe(e) for e in exc.errors]
    names = ", ".join(str(e["parameter"]) for e in errors)
    return api.create_response(request, {"detail": _("Invalid parameters: %(names)s") % {"names": names},
                                         "errors": errors}, status=422)


@api.exception_handler(UnknownFilterValue)
def unknown_filter_value(request: HttpRequest, exc: UnknownFilterValue) -> HttpResponse:
    detail = _("Unknown value “%(value)s” for %(name)s.") % {"value": exc.value, "name": exc.name}
    return api.create_response(request, {"detail": detail, "errors": [{"parameter": exc.name}]}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not found."), "errors": []}, status=404)


@api.exception_handler(Unauthorized)
def unauthorized(request: HttpRequest, exc: Unauthorized) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message, "errors": []}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="PartnerAtlas"'
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return unauthorized(request, sign_in_first())


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = _("You may not see this: it is for the partnership's members and the Servicestelle.")
    return api.create_response(request, {"detail": detail, "errors": []}, status=403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    import logging

    logging.getLogger("partneratlas.api").exception("API error", exc_info=exc)
    return api.create_response(request, {"detail": _("Internal error; it has been logged."), "errors": []},
                               status=500)

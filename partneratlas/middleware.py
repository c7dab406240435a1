"""Language choice: the URL prefix on pages (/en/, /zh-hans/, none for German), Accept-Language on the API.

And addresses no link produces (a null character) refused with a clear 400 in that language.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that the API, which has no language prefix, follows Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)


NULL_CHARACTER_MESSAGE = gettext_lazy("The address contains a null character, which is not allowed.")


class RejectNullCharacters:
    """A null character in the path or the query answers 400 before any view runs.

    No form or link sends one, PostgreSQL refuses it in text (a 500 in every view that
    looks the value up), and Django's forms already refuse it in posted fields.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                         for key, values in request.GET.lists()):
            return bad_request_answer(request, str(NULL_CHARACTER_MESSAGE))
        return self.get_response(request)


def bad_request_answer(request: HttpRequest, reason: str) -> HttpResponse:
    """400: JSON under /api/, the site's page elsewhere, in the reader's language."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": reason, "errors": []}, status=400)
    return render(request, "400.html", {"reason": reason}, status=400)

"""Two-factor authentication is required for agency staff and site admins."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from partneratlas.people.access import access_of

# Where a staff member without a second factor may still go: to set one up, or to leave.
_ALLOWED = ("/accounts/", "/static/", "/favicon.ico")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and access_of(user).staff and not _allowed(request.path_info) \
                and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            messages.warning(request, _("Agency staff and site admins need two-factor authentication. "
                                        "Please set it up now."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _allowed(path: str) -> bool:
    path = "/" + path.lstrip("/").split("/", 1)[1] if path.startswith(("/en/", "/zh-hans/")) else path
    return path.startswith(_ALLOWED)

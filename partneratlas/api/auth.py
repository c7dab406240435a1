"""Who reads the API: a personal token (`Authorization: Bearer pa_…`), the site's session cookie, or the public.

The members' operations (`activities.py`, `checkup.py`) accept all three and decide with
`people.access` what the reader sees. A token that is wrong, expired, revoked or belongs to a
deactivated account is refused with 401, the same answer whichever it is, and never falls back
to the session or the public. The API's one writing operation, a person registering themself for
an event (`api/events.py`), takes a token or the session with its CSRF token, never the public.
"""

from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from partneratlas.people.access import ANONYMOUS, Access, access_of
from partneratlas.people.tokens import user_of_token


@dataclass(frozen=True)
class Reader:
    """The reader of one request and their rights; `via`: "token", "session" or "public"."""

    user: Any
    access: Access
    via: str

    @property
    def signed_in(self) -> bool:
        return self.via != "public"


class Unauthorized(Exception):
    """401: the request names no valid token (or, where a member's rights are needed, no reader at all)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invalid_token() -> Unauthorized:
    return Unauthorized(_("The token is not valid: it is wrong, expired or revoked. Please check it or make a new "
                          "one in your account."))


def sign_in_first() -> Unauthorized:
    return Unauthorized(_("This needs a member's rights: send a personal API token as “Authorization: Bearer …” or "
                          "sign in."))


class PersonalToken(HttpBearer):
    """A personal API token, made in the account pages (people/tokens/)."""

    openapi_bearerFormat = "pa_…"
    openapi_description = "A personal API token from the account pages (/people/tokens/); it reads with its " \
                          "owner's rights."

    def __call__(self, request: HttpRequest) -> Reader | None:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _space, token = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise invalid_token()
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Reader:
        user = user_of_token(token)
        if user is None:
            raise invalid_token()
        access = access_of(user)
        if access.staff and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            raise invalid_token()  # as the pages: agency staff and site admins need their second factor
        request.user = user  # the audit log names who was refused, as on the pages
        return Reader(user, access, "token")


class Session(APIKeyCookie):
    """The site's session cookie of a signed-in person, for reading (registering: `events.SessionWithCsrf`)."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The session of a person signed in to the site, for reading in the browser."

    def authenticate(self, request: HttpRequest, key: str | None) -> Reader | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return Reader(user, access_of(user), "session")
        return None


def public(request: HttpRequest) -> Reader:
    """Nobody signed in: what the public sees."""
    return Reader(None, ANONYMOUS, "public")


READERS = [PersonalToken(), Session(), public]

# For the schema, where the public may read too: besides a token or a session (which ninja lists), nothing.
SECURITY_ANYONE: dict[str, Any] = {"security": [{}]}


def reader_of(request: HttpRequest) -> Reader:
    found = getattr(request, "auth", None)
    return found if isinstance(found, Reader) else public(request)

"""Personal API tokens: made, listed, revoked by their owner; read by the API (`partneratlas.api.auth`).

A token is `pa_` and 43 random characters (256 bits). Only its sha256 is stored, with its first
characters to tell tokens apart; the token itself is shown once. A token reads with its user's
rights (`people.access`); the one thing it writes is its owner's own registration for an event
(`POST /api/v1/events/editions/{id}/registrations`). Making and
revoking one is recorded in the audit log.
"""

import datetime
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.people.audit import record
from partneratlas.people.models import ApiToken, AuditKind

PREFIX = "pa_"
SHOWN = 7  # characters of the token kept to tell it apart: "pa_" and four random ones
MAX_ACTIVE = 20  # usable tokens per person
LONGEST = 200  # characters; anything longer is no token of ours, not worth a hash
TOUCH_EVERY = datetime.timedelta(minutes=1)  # "last used" is written at most once a minute


class TokenRefused(Exception):
    """A rule forbids the token; the message says which, in the reader's language."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_of(user: Any) -> list[ApiToken]:
    """The person's tokens, newest first, revoked and expired ones included (one query)."""
    return list(ApiToken.objects.filter(user=user))


@transaction.atomic
def token_create(*, user: Any, name: str, expires_on: datetime.date | None, request: HttpRequest | None = None,
                 now: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token of `user` and the token itself (to show once). Side effect: an audit event.

    Refused when the last valid day has passed or the person already has MAX_ACTIVE usable tokens.
    """
    at = now or timezone.now()
    today = timezone.localdate(at)
    if expires_on is not None and expires_on < today:
        raise TokenRefused(_("The last valid day cannot be in the past."), "expires_on")
    usable = [t for t in ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
              if not t.expired(today)]
    if len(usable) >= MAX_ACTIVE:
        raise TokenRefused(_("You have %(n)d tokens in use, the most one person may have. Please revoke one you no "
                             "longer need first.") % {"n": MAX_ACTIVE})
    token = PREFIX + secrets.token_urlsafe(32)
    made = ApiToken.objects.create(user=user, name=name.strip(), key_hash=digest(token), prefix=token[:SHOWN],
                                   created_at=at, expires_on=expires_on)
    record(AuditKind.TOKEN_CREATED, request, user=user, detail=f"API token {made.pk} {made.prefix}… “{made.name}”")
    return made, token


@transaction.atomic
def token_revoke(*, user: Any, pk: int, request: HttpRequest | None = None,
                 now: datetime.datetime | None = None) -> ApiToken | None:
    """Revoke one of the person's own tokens (None: they have no such token). Side effect: an audit event
    (only the first time: revoking twice changes nothing)."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=pk).first()
    if token is None or token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    record(AuditKind.TOKEN_REVOKED, request, user=user, detail=f"API token {token.pk} {token.prefix}… “{token.name}”")
    return token


def user_of_token(token: str, *, now: datetime.datetime | None = None) -> Any | None:
    """The active user whose usable token this is, or None, whichever way it is not (nobody learns which).

    Side effect: the token's "last used" time, at most once a minute.
    """
    if not token or len(token) > LONGEST or not token.isascii():
        return None
    found = (ApiToken.objects.select_related("user")
             .filter(key_hash=digest(token), revoked_at__isnull=True, user__is_active=True).first())
    at = now or timezone.now()
    if found is None or found.expired(timezone.localdate(at)):
        return None
    if found.last_used_at is None or at - found.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=at)
    return found.user

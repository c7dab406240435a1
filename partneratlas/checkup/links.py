"""The partner side's link: answering without an account, signed, expiring, revocable.

The token is signed with Django's signing (salt "partneratlas.checkup.link") and carries the
side's id and a random nonce; it is valid for settings.CHECKUP_LINK_DAYS after it was
issued. Only its SHA-256 is stored on the side: a new link replaces the old one (which
then no longer works), a revoked link is an emptied hash. The link is shown once, to the
person who issues it.
"""

import datetime
import hashlib
import secrets
from typing import Literal

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.checkup.conf import link_days
from partneratlas.checkup.models import Role, Side
from partneratlas.checkup.services import Refused, is_open

SALT = "partneratlas.checkup.link"
Fault = Literal["invalid", "expired", "revoked"]


class LinkInvalid(Exception):
    def __init__(self, fault: Fault) -> None:
        super().__init__(fault)
        self.fault = fault


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def link_issue(*, side: Side, email: str = "", language: str = "", now: datetime.datetime | None = None) -> str:
    """A new link for the partner side (the previous one stops working); returns the token, stored only as hash.

    `email` and `language` are where and in which language reminders go (optional).
    """
    side = Side.objects.select_for_update().select_related("round").get(pk=side.pk)
    if side.role != Role.PARTNER:
        raise Refused(_("Only the partner side answers through a link."))
    if not is_open(side.round, now):
        raise Refused(_("This check-up round is closed: answers can no longer be given."))
    if side.submitted:
        raise Refused(_("This side has already submitted its answers."))
    token = signing.dumps({"s": side.pk, "n": secrets.token_urlsafe(16)}, salt=SALT, compress=True)
    side.link_hash, side.link_issued_at = token_hash(token), now or timezone.now()
    side.link_email, side.link_language = email.strip().lower(), language
    side.save(update_fields=["link_hash", "link_issued_at", "link_email", "link_language"])
    return token


@transaction.atomic
def link_revoke(*, side: Side) -> Side:
    """The side's link stops working at once."""
    side = Side.objects.select_for_update().get(pk=side.pk)
    side.link_hash = ""
    side.save(update_fields=["link_hash"])
    return side


def side_of_link(token: str, *, now: datetime.datetime | None = None) -> Side:
    """The side a link opens, or LinkInvalid: "invalid" (tampered), "expired", "revoked" (or replaced), "closed"."""
    if len(token) > 500:
        raise LinkInvalid("invalid")
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=link_days()))
    except signing.SignatureExpired as exc:
        raise LinkInvalid("expired") from exc
    except signing.BadSignature as exc:
        raise LinkInvalid("invalid") from exc
    side_id = data.get("s") if isinstance(data, dict) else None
    side = (Side.objects.select_related("round__partnership", "round__version", "response", "municipality")
            .prefetch_related("round__partnership__memberships__municipality")
            .filter(pk=side_id if isinstance(side_id, int) else 0).first())
    if side is None or not side.link_hash or not secrets.compare_digest(side.link_hash, token_hash(token)):
        raise LinkInvalid("revoked")
    if now is not None and side.link_issued_at and now - side.link_issued_at > datetime.timedelta(days=link_days()):
        raise LinkInvalid("expired")  # a clock passed in (tests, tasks) decides as the signature's own clock would
    return side

"""Reads: who gets a message in which language, and what was sent to a person (GDPR download)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from partneratlas.notifications.models import Message, Preference


@dataclass(frozen=True)
class Recipient:
    """An address and the language to write to it in; `user_id` when it belongs to an account."""

    email: str
    language: str
    user_id: int | None = None


def supported(language: str | None) -> str:
    """The code in settings.LANGUAGES that matches `language` (zh-Hans → zh-hans, de-AT → de), else the default."""
    codes = [code for code, _name in settings.LANGUAGES]
    wanted = (language or "").lower().replace("_", "-")
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def language_of(user: Any) -> str:
    """The user's language for messages: their preference, else the site's default language."""
    try:
        return supported(user.notification_preference.language)
    except Preference.DoesNotExist:
        return settings.LANGUAGE_CODE


def recipient_of(user: Any) -> Recipient:
    return Recipient(email=user.email.lower(), language=language_of(user), user_id=user.pk)


def recipients_by_address(addresses: Iterable[str], *, language: str) -> list[Recipient]:
    """Each address in the language of the account that has it; addresses without an account in `language`.

    One query, in the order given, each address once.
    """
    wanted = list(dict.fromkeys(a.strip().lower() for a in addresses if a and a.strip()))
    users = {u.address: u for u in get_user_model().objects.annotate(address=Lower("email"))
             .filter(address__in=wanted, is_active=True).select_related("notification_preference")}
    return [recipient_of(users[a]) if a in users else Recipient(email=a, language=supported(language))
            for a in wanted]


def messages_of(user: Any) -> list[dict[str, Any]]:
    """The messages sent to the user's account or its address, for the personal-data download."""
    return [dict(row) for row in Message.objects.filter(Q(user=user) | Q(to__iexact=user.email or "-"))
            .order_by("created_at", "id").values("created_at", "sent_at", "to", "language", "subject", "state")]

"""Encryption of the passport data a visa invitation letter needs (Fernet, from `cryptography`).

The key: the setting EVENTS_PASSPORT_KEYS (one or more Fernet keys, comma-separated, from
`Fernet.generate_key()`); the first encrypts, every one decrypts, so a key can be replaced
without losing the letters in flight. Without it, one key is derived from SECRET_KEY with
HKDF-SHA256 under this module's own label, so changing SECRET_KEY makes stored passport data
unreadable (the letter then asks for the data again; nothing else depends on it). The data is
deleted after the edition in any case (letters.passports_purge_due).
"""

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_LABEL = b"partneratlas.events.passport.v1"


class Unreadable(ValueError):
    """Stored data that no configured key opens (the key was changed) or that was altered."""


def _derived(secret: str) -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(secret.encode())
    return base64.urlsafe_b64encode(key)


def _fernet() -> MultiFernet:
    configured = getattr(settings, "EVENTS_PASSPORT_KEYS", None) or []
    if isinstance(configured, str):
        configured = [k for k in configured.split(",") if k.strip()]
    keys = [k.strip().encode() for k in configured] or [_derived(settings.SECRET_KEY)]
    return MultiFernet([Fernet(key) for key in keys])


def seal(data: dict[str, Any]) -> str:
    """`data` as JSON, encrypted and authenticated: a text for a TextField."""
    return _fernet().encrypt(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    """What `seal` sealed; `Unreadable` when no key opens it or it was altered."""
    try:
        value = json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError) as exc:
        raise Unreadable(str(exc)) from exc
    if not isinstance(value, dict):
        raise Unreadable("not a record")
    return value

"""The audit log, and the sign-in protection it drives (docs/security.md).

- Lockout per user name *and* address: after LOGIN_FAILURE_LIMIT failures within
  LOGIN_COOLOFF_SECONDS, that user name is refused from that address until the cool-off has
  passed since the last failure. A town hall behind one shared address is not locked out by
  one colleague's typos, and an attacker elsewhere cannot lock a user out.
- Slow-down per account: after LOGIN_ACCOUNT_FAILURE_LIMIT failures within a day from all
  addresses together, an address the account has never signed in from must wait after the
  account's last failure: a minute, doubling with each further failure, at most the cool-off.
  Guessing spread over many addresses is slowed; the owner at a known address is not.
- The client's address is read in one place, `client_ip`, for the audit log, these rules and
  allauth's own rate limits (through the adapter), from the one setting TRUSTED_PROXY_COUNT.
"""

import datetime
import ipaddress
from dataclasses import dataclass
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from partneratlas.people.models import AuditEvent, AuditKind, Member


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind TRUSTED_PROXY_COUNT reverse proxies, the one the first proxy saw.

    Each proxy appends the address it saw to X-Forwarded-For, so the client's own entries (forged
    or not) come before the last TRUSTED_PROXY_COUNT ones and are never read.
    """
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return _valid(forwarded[-proxies]) or _valid(request.META.get("REMOTE_ADDR", ""))
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def login_of(credentials: dict[str, Any]) -> str:
    """The user name or e-mail address a login attempt named, as one key."""
    named = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    return str(named).strip().lower()


def record(kind: str, request: HttpRequest | None = None, *, user: Any = None, login: str = "",
           detail: str = "") -> AuditEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(kind=kind, user=user if user and user.pk else None, login=login[:254],
                                     ip=client_ip(request), detail=detail[:500])


def locked_until(login: str, ip: str | None) -> datetime.datetime | None:
    """When the lockout of this user name from this address ends, or None if it is not locked."""
    if not login:
        return None
    cooloff = datetime.timedelta(seconds=settings.LOGIN_COOLOFF_SECONDS)
    now = timezone.now()
    events = AuditEvent.objects.filter(login=login, ip=ip, at__gt=now - cooloff)
    last_success = events.filter(kind=AuditKind.LOGIN).order_by("-at").values_list("at", flat=True).first()
    failures = events.filter(kind=AuditKind.LOGIN_FAILED)
    if last_success:
        failures = failures.filter(at__gt=last_success)
    times = list(failures.order_by("-at").values_list("at", flat=True)[:settings.LOGIN_FAILURE_LIMIT])
    if len(times) < settings.LOGIN_FAILURE_LIMIT:
        return None
    return times[0] + cooloff


ACCOUNT_WINDOW = datetime.timedelta(days=1)
ACCOUNT_FIRST_WAIT = 60  # seconds; doubles with each failure beyond the limit


def account_slowed_until(login: str, ip: str | None) -> datetime.datetime | None:
    """Until when this account refuses attempts from this address, which it has never signed in from, or None."""
    if not login:
        return None
    now = timezone.now()
    failures = list(AuditEvent.objects.filter(login=login, kind=AuditKind.LOGIN_FAILED, at__gt=now - ACCOUNT_WINDOW)
                    .order_by("-at").values_list("at", flat=True)[:settings.LOGIN_ACCOUNT_FAILURE_LIMIT + 20])
    excess = len(failures) - settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    if excess < 0 or AuditEvent.objects.filter(login=login, ip=ip, kind=AuditKind.LOGIN).exists():
        return None
    wait = min(ACCOUNT_FIRST_WAIT * 2 ** excess, settings.LOGIN_COOLOFF_SECONDS)
    until = failures[0] + datetime.timedelta(seconds=wait)
    return until if until > now else None


@dataclass(frozen=True)
class Refusal:
    until: datetime.datetime
    account: bool  # slowed for the account (many addresses), not locked for this address


def refuse_if_locked(request: HttpRequest | None, credentials: dict[str, Any]) -> Refusal | None:
    """Record and return why and until when this attempt is refused, if it is."""
    login, ip = login_of(credentials), client_ip(request)
    until = locked_until(login, ip)
    refusal = Refusal(until, account=False) if until else None
    if refusal is None and (until := account_slowed_until(login, ip)):
        refusal = Refusal(until, account=True)
    if refusal is not None:
        if request is not None:
            request._login_locked = True  # type: ignore[attr-defined]  # not a failure of its own
        record(AuditKind.LOGIN_LOCKED, request, login=login, detail="account" if refusal.account else "")
    return refusal


class LockoutBackend(AuthenticationBackend):  # type: ignore[misc]
    """allauth's backend, which refuses a locked-out attempt before any password is checked.

    Covers every login (the admin's too); the account pages say why through the adapter.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> Any:
        if getattr(request, "_login_locked", False) or refuse_if_locked(request, credentials):
            raise PermissionDenied
        return super().authenticate(request, **credentials)


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    if not getattr(request, "_login_locked", False):
        record(AuditKind.LOGIN_FAILED, request, login=login_of(credentials))


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(AuditKind.LOGIN, request, user=user, login=(user.email or user.get_username()).lower())


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditKind.LOGOUT, request, user=user)


def deny(request: HttpRequest, detail: str = "") -> PermissionDenied:
    """Record a failed permission check; the caller raises what this returns."""
    record(AuditKind.PERMISSION_DENIED, request, detail=f"{request.method} {request.path} {detail}".strip())
    return PermissionDenied(detail)


@receiver(post_save, sender=Member)
def _role_saved(sender: Any, instance: Member, created: bool, **kwargs: Any) -> None:
    by = getattr(instance, "changed_by", None)
    record(AuditKind.ROLE_CHANGED, user=by,
           detail=f"{instance.user} {'joined' if created else 'now'} {instance.role} in {instance.organisation}")


@receiver(post_delete, sender=Member)
def _role_removed(sender: Any, instance: Member, **kwargs: Any) -> None:
    by = getattr(instance, "changed_by", None)
    record(AuditKind.ROLE_CHANGED, user=by, detail=f"{instance.user} left {instance.organisation}")

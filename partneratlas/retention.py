"""Personal data is kept only as long as it is needed: each app registers what it removes, and when.

    register("web imports", _("web imports"), purge_imports)    # in the app's AppConfig.ready()

`partneratlas upkeep purge` (daily) runs every registered purger in one transaction. A
purger gets `now`, the cut-off of the retention period (now − RETENTION_DAYS, or None when
RETENTION_DAYS is 0: keep for good) and `dry_run`, and returns how many things it removed
(or would remove). Periods of their own (two days for a sender's hash, a week for an
unconfirmed upload) are the purger's business.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

Purger = Callable[[datetime.datetime, datetime.datetime | None, bool], int]


@dataclass(frozen=True)
class Registered:
    label: str | Promise
    purger: Purger


_PURGERS: dict[str, Registered] = {}


def register(name: str, label: str | Promise, purger: Purger) -> None:
    _PURGERS[name] = Registered(label, purger)


def purge_all(now: datetime.datetime | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """name → how many were (or, with dry_run, would be) removed; all or nothing."""
    now = now or timezone.now()
    days = settings.RETENTION_DAYS
    cutoff = now - datetime.timedelta(days=days) if days > 0 else None
    counts: dict[str, int] = {}
    with transaction.atomic():
        for name, registered in _PURGERS.items():
            counts[name] = registered.purger(now, cutoff, dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return counts


def label(name: str) -> str:
    return str(_PURGERS[name].label)

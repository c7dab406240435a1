"""When a partnership counts as checked, and when it is stale (nobody has checked it for STALE_AFTER_DAYS).

A partnership counts as checked on its "last verified" date, or, never verified, on the
day it was recorded. The public page says when a record is stale; the editors' list
filters by it; upkeep reminds the owners.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def stale_before(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def stale_q(today: datetime.date | None = None) -> Q:
    cutoff = stale_before(today)
    return Q(verified_on__lt=cutoff) | Q(verified_on__isnull=True, created_at__date__lt=cutoff)


def checked_on(partnership: Any) -> datetime.date:
    return partnership.verified_on or timezone.localdate(partnership.created_at)


def is_stale(partnership: Any, today: datetime.date | None = None) -> bool:
    return checked_on(partnership) < stale_before(today)

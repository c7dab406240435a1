"""Pools and a fixed clock for the capacity tests."""

import datetime
import itertools

from partneratlas.capacity.models import Claim, Pool

NOW = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
_keys = itertools.count(1)


def pool(capacity: int = 2, reserved: int = 0, reserved_for: str = "", offer_hours: int = 48) -> Pool:
    return Pool.objects.create(key=f"test.pool:{next(_keys)}", capacity=capacity, reserved=reserved,
                               reserved_for=reserved_for, offer_hours=offer_hours)


def states(pool: Pool) -> dict[str, str]:
    """holder → state of the pool's claims (the latest claim of each holder)."""
    return dict(Claim.objects.filter(pool=pool).order_by("id").values_list("holder", "state"))

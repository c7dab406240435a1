"""Reads of seats: how many are free (for whom), a claim's place on the waiting list, a pool's claims.

Read without the lock: right for showing, not for deciding. Decisions are the services'.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from partneratlas.capacity.models import Claim, ClaimState, Pool
from partneratlas.capacity.rules import Seats

S = ClaimState


@dataclass(frozen=True)
class Availability(Seats):
    """The pool's seats as stored now: held (= confirmed + offered), free, free_for(category), and who waits."""

    confirmed: int
    offered: int
    waiting: int
    requested: int


def availability(pool: Pool) -> Availability:
    """Seats, held, free and the number waiting or awaiting approval (one query)."""
    counts = Claim.objects.filter(pool=pool).aggregate(
        confirmed=Count("id", filter=Q(state=S.CONFIRMED)),
        offered=Count("id", filter=Q(state=S.OFFERED)),
        held_reserved=Count("id", filter=Q(state__in=[S.OFFERED, S.CONFIRMED], category=pool.reserved_for)),
        waiting=Count("id", filter=Q(state=S.WAITING)),
        requested=Count("id", filter=Q(state=S.REQUESTED)))
    return Availability(capacity=pool.capacity, reserved=pool.reserved, reserved_for=pool.reserved_for,
                        held=counts["confirmed"] + counts["offered"], held_reserved=counts["held_reserved"],
                        confirmed=counts["confirmed"], offered=counts["offered"], waiting=counts["waiting"],
                        requested=counts["requested"])


def waiting_position(claim: Claim) -> int | None:
    """The claim's place on its pool's waiting list (1 = next), None when it is not waiting (one query)."""
    if claim.state != S.WAITING or claim.waiting_since is None:
        return None
    ahead = Claim.objects.filter(
        Q(waiting_since__lt=claim.waiting_since) | Q(waiting_since=claim.waiting_since, id__lt=claim.pk),
        pool_id=claim.pool_id, state=S.WAITING).count()
    return ahead + 1


def claims_of(pool: Pool, states: Iterable[str]) -> QuerySet[Claim]:
    """The pool's claims in these states: those that never waited by age, then the rest in waiting-list order."""
    return (Claim.objects.filter(pool=pool, state__in=list(states))
            .order_by(F("waiting_since").asc(nulls_first=True), "created_at", "id"))

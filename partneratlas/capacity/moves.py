"""One locked step on a pool: the moves of its claims, kept count of and reported once at the end.

Used only by services.py, inside pool_locked. The seats are counted once (one query) and
then kept up to date by every move, so a step costs the same number of queries however
many claims the pool has; the sweep reads only the offers that ran out and as many waiting
claims as there are free seats.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from partneratlas.capacity.models import HOLDING, Claim, ClaimState, Pool
from partneratlas.capacity.rules import Seats
from partneratlas.capacity.signals import claims_changed
from partneratlas.capacity.transitions import Transition


def seats_of(pool: Pool) -> Seats:
    """The pool's seats as stored now (one query)."""
    counts = Claim.objects.filter(pool=pool, state__in=HOLDING).aggregate(
        held=Count("id"), held_reserved=Count("id", filter=Q(category=pool.reserved_for)))
    return Seats(capacity=pool.capacity, reserved=pool.reserved, reserved_for=pool.reserved_for,
                 held=counts["held"], held_reserved=counts["held_reserved"])


def waiting_queue(pool: Pool) -> QuerySet[Claim]:
    """The pool's waiting claims, longest waiting first."""
    return Claim.objects.filter(pool=pool, state=ClaimState.WAITING).order_by("waiting_since", "id")


class Step:
    """The moves of one service call on a locked pool."""

    def __init__(self, *, pool: Pool, now: datetime.datetime) -> None:
        self.pool, self.now = pool, now
        self.transitions: list[Transition] = []
        self._seats: Seats | None = None
        self._known: dict[int, Claim] = {}

    @property
    def seats(self) -> Seats:
        if self._seats is None:
            self._seats = seats_of(self.pool)
        return self._seats

    def recount(self) -> None:
        """Count again at the next use (after the pool's capacity changed)."""
        self._seats = None

    def know(self, claim: Claim) -> Claim:
        """Use this very object when a later query of the step meets the claim (the caller's copy stays true)."""
        self._known[claim.pk] = claim
        return claim

    def create(self, *, holder: str, category: str, state: str) -> Claim:
        claim = Claim.objects.create(pool=self.pool, holder=holder, category=category, state=state,
                                     created_at=self.now, changed_at=self.now,
                                     waiting_since=self.now if state == ClaimState.WAITING else None)
        if state in HOLDING:
            self._seats = self.seats.taken(category)
        self.transitions.append(Transition(claim.pk, holder, None, state, self.now))
        return self.know(claim)

    def move(self, claim: Claim, state: str) -> None:
        """Save the claim in its new state, count its seat and note the transition."""
        old = claim.state
        if old in HOLDING and state not in HOLDING:
            self._seats = self.seats.released(claim.category)
        elif state in HOLDING and old not in HOLDING:
            self._seats = self.seats.taken(claim.category)
        claim.state, claim.changed_at = state, self.now
        fields = ["state", "changed_at"]
        if state == ClaimState.WAITING:
            claim.waiting_since = self.now
            fields.append("waiting_since")
        elif state == ClaimState.OFFERED:
            claim.offered_until = self.now + datetime.timedelta(hours=self.pool.offer_hours)
            fields.append("offered_until")
        claim.save(update_fields=fields)
        self.transitions.append(Transition(claim.pk, claim.holder, old, state, self.now))

    def sweep(self) -> None:
        """Expire the offers that ran out, then offer every free seat to the longest waiting claim that fits."""
        overdue = Claim.objects.filter(pool=self.pool, state=ClaimState.OFFERED, offered_until__lt=self.now)
        for claim in overdue.order_by("offered_until", "id"):
            self.move(self._known.get(claim.pk, claim), ClaimState.EXPIRED)
        while self.seats.free:
            queue = waiting_queue(self.pool)
            if not self.seats.free_for_others:
                queue = queue.filter(category=self.pool.reserved_for)  # only the reserved seats are left
            batch = [self._known.get(c.pk, c) for c in queue[:self.seats.free]]
            if not batch:
                return
            for claim in batch:
                if self.seats.fits(claim.category):  # who does not fit is skipped, the next one may
                    self.move(claim, ClaimState.OFFERED)

    def finish(self) -> list[Transition]:
        """Report the step's transitions (inside its transaction) and return them."""
        if self.transitions:
            claims_changed.send(sender=Pool, pool=self.pool, transitions=list(self.transitions))
        return self.transitions

"""Any sequence of steps keeps the seat rules: a hypothesis state machine over one pool.

Steps: request (with or without approval, two categories), approve, reject, cancel, accept,
decline, sweep, let time pass (past offers), change the capacity and reserved seats. After
every step: no more seats held than there are (unless the capacity was lowered below what
was held, and then what is held never grows while it is not below the capacity), the same
for the reserved seats and other categories, one active claim per holder, no offer past its
time and no free seat a waiter fits after a step that swept, and every change of a claim's
state reported exactly once, in order.
"""

import datetime
from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from partneratlas.capacity import services
from partneratlas.capacity.errors import AlreadyClaimed, NotAllowed, OfferExpired
from partneratlas.capacity.models import Claim, Pool
from partneratlas.capacity.moves import seats_of
from partneratlas.capacity.signals import claims_changed
from partneratlas.capacity.tests.factories import NOW, pool
from partneratlas.capacity.transitions import Transition

S = Claim.State
HOLDERS = st.sampled_from([f"h{n}" for n in range(5)])
CATEGORIES = st.sampled_from(["", "delegate"])
PICK = st.integers(min_value=0, max_value=40)
MOVES: dict[str, frozenset[str]] = {
    "claim_approve": frozenset({S.REQUESTED}),
    "claim_reject": frozenset({S.REQUESTED, S.WAITING}),
    "claim_cancel": Claim.ACTIVE,
    "claim_accept": frozenset({S.OFFERED}),
    "claim_decline": frozenset({S.OFFERED}),
}


class Seats(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = NOW
        self.reported: list[Transition] = []
        self.swept = True

    @initialize(capacity=st.integers(min_value=0, max_value=4), reserved=st.integers(min_value=0, max_value=2))
    def make_pool(self, capacity: int, reserved: int) -> None:
        self.pool = pool(capacity=capacity, reserved=min(reserved, capacity), reserved_for="delegate", offer_hours=1)
        claims_changed.connect(self._receive, weak=False, dispatch_uid="capacity-state-machine")
        self.before = self._snapshot()

    def teardown(self) -> None:
        claims_changed.disconnect(dispatch_uid="capacity-state-machine")

    def _receive(self, sender: Any, pool: Pool, transitions: list[Transition], **kwargs: Any) -> None:
        assert pool.pk == self.pool.pk
        self.reported.extend(transitions)

    def _snapshot(self) -> dict[str, Any]:
        fresh = Pool.objects.get(pk=self.pool.pk)
        seats = seats_of(fresh)
        return {"states": dict(Claim.objects.filter(pool=fresh).values_list("id", "state")),
                "held": seats.held, "held_other": seats.held_other, "version": fresh.version}

    def _claim(self, pick: int) -> Claim | None:
        claims = list(Claim.objects.filter(pool=self.pool).order_by("id"))
        return claims[pick % len(claims)] if claims else None

    def _step(self, call: Any, *, expect: type[Exception] | None, changes: bool = True) -> None:
        """Run a service call, expecting `expect` (None: success); check what it reported and the version."""
        self.reported = []
        if expect is None:
            call()
        else:
            with pytest.raises(expect):
                call()
        after = self._snapshot()
        self._check_reported(after)
        locked = changes and expect in (None, OfferExpired)  # a refusal rolls back, the bump included
        assert after["version"] == self.before["version"] + (1 if locked else 0)
        self.swept = locked or self.swept
        self.before_step, self.before = self.before, after

    def _check_reported(self, after: dict[str, Any]) -> None:
        """Every claim that changed has its changes reported once, in order; nothing else is reported."""
        chains: dict[int, list[Transition]] = defaultdict(list)
        for transition in self.reported:
            assert transition.at == self.now
            assert transition.old != transition.new
            chains[transition.claim_id].append(transition)
        old_states, new_states = self.before["states"], after["states"]
        changed = {pk for pk, state in new_states.items() if old_states.get(pk) != state}
        assert set(chains) == changed
        for pk, chain in chains.items():
            assert chain[0].old == old_states.get(pk)
            assert all(a.new == b.old for a, b in pairwise(chain))
            assert chain[-1].new == new_states[pk]

    @rule(holder=HOLDERS, category=CATEGORIES, approval=st.booleans())
    def request(self, holder: str, category: str, approval: bool) -> None:
        active = Claim.objects.filter(pool=self.pool, holder=holder, state__in=Claim.ACTIVE).exists()
        self._step(lambda: services.claim_request(pool=self.pool, holder=holder, category=category,
                                                  approval=approval, now=self.now),
                   expect=AlreadyClaimed if active else None)

    @rule(name=st.sampled_from(sorted(MOVES)), pick=PICK)
    def move(self, name: str, pick: int) -> None:
        claim = self._claim(pick)
        if claim is None:
            return
        expect: type[Exception] | None = None
        if claim.state not in MOVES[name]:
            expect = NotAllowed
        elif name == "claim_accept" and claim.offered_until is not None and self.now > claim.offered_until:
            expect = OfferExpired
        self._step(lambda: getattr(services, name)(claim=claim, now=self.now), expect=expect)
        fresh = Claim.objects.get(pk=claim.pk)
        assert claim.state == fresh.state  # the caller's object tells the truth
        if expect is None:
            assert fresh.state in {"claim_approve": {S.CONFIRMED, S.WAITING}, "claim_reject": {S.REJECTED},
                                   "claim_cancel": {S.CANCELLED}, "claim_accept": {S.CONFIRMED},
                                   "claim_decline": {S.DECLINED}}[name]
        elif expect is OfferExpired:
            assert fresh.state == S.EXPIRED

    @rule()
    def sweep(self) -> None:
        self._step(lambda: services.pool_sweep(pool=self.pool, now=self.now), expect=None)

    @rule(hours=st.integers(min_value=1, max_value=3))
    def time_passes(self, hours: int) -> None:
        self.now += datetime.timedelta(hours=hours)
        self.reported = []
        self.swept = False

    @rule(capacity=st.integers(min_value=0, max_value=5), reserved=st.none() | st.integers(min_value=0, max_value=3))
    def resize(self, capacity: int, reserved: int | None) -> None:
        wrong = reserved is not None and reserved > capacity
        self._step(lambda: services.pool_resize(pool=self.pool, capacity=capacity, reserved=reserved, now=self.now),
                   expect=NotAllowed if wrong else None)

    @invariant()
    def seats_are_never_oversold(self) -> None:
        if not hasattr(self, "pool"):
            return
        fresh = Pool.objects.get(pk=self.pool.pk)
        previous = getattr(self, "before_step", self.before)
        seats = seats_of(fresh)
        assert seats.held <= max(fresh.capacity, previous["held"])
        assert seats.held_other <= max(fresh.capacity - fresh.reserved, previous["held_other"])

    @invariant()
    def one_active_claim_per_holder(self) -> None:
        if not hasattr(self, "pool"):
            return
        active = Counter(Claim.objects.filter(pool=self.pool, state__in=Claim.ACTIVE).values_list("holder", flat=True))
        assert all(count == 1 for count in active.values())

    @invariant()
    def after_a_sweep_no_seat_stays_free_for_a_waiter_and_no_offer_is_overdue(self) -> None:
        if not hasattr(self, "pool") or not self.swept:
            return
        fresh = Pool.objects.get(pk=self.pool.pk)
        seats = seats_of(fresh)
        waiting = Claim.objects.filter(pool=fresh, state=S.WAITING).values_list("category", flat=True)
        assert not any(seats.fits(category) for category in waiting)
        offers = Claim.objects.filter(pool=fresh, state=S.OFFERED)
        assert not offers.filter(offered_until__lt=self.now).exists()
        for offer in offers:
            assert offer.offered_until == offer.changed_at + datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_any_sequence_of_steps_keeps_the_seat_rules() -> None:
    run_state_machine_as_test(Seats, settings=settings(
        max_examples=50, stateful_step_count=20, deadline=None, suppress_health_check=list(HealthCheck)))

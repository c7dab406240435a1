"""Any sequence of registrations keeps the events' rules: a hypothesis state machine over one edition.

Steps, through the registration services a person, a delegation's editor or an organiser uses:
register (own staff or a partner delegate, some of the same five people again), approve, reject,
cancel, accept an offer, decline it, let time pass and sweep (as `capacity sweep` does), and change
the track's seats and reserved seats. After every step:
- confirmed + open offers ≤ seats (after the seats were lowered below what was held, that number
  never grows while it is not below the seats);
- one active registration per person and edition, and each registration's state is its claim's;
- after a sweep, no offer is past its time (an expired offer has moved on);
- exactly one message to the person for each change of their registration's state.
The seat rule's details (reserved seats, who is offered first) are the capacity piece's own state
machine (capacity/tests/test_state_machine.py); this one checks that registrations keep to it.
"""

import datetime
from collections import Counter
from contextlib import suppress
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from partneratlas.capacity.errors import CapacityError
from partneratlas.capacity.services import pools_sweep_due
from partneratlas.capacity.signals import recording
from partneratlas.capacity.transitions import Transition
from partneratlas.events.editions import EditionError, track_update
from partneratlas.events.models import ACTIVE_STATES, Edition, Registration
from partneratlas.events.registering import (
    Refused,
    offer_accept,
    offer_decline,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_reject,
)
from partneratlas.events.tests.test_registration_world import NOW, country, edition, person
from partneratlas.notifications.models import Message

PEOPLE = [f"p{n}@example.org" for n in range(5)]
STEPS = {"approve": registration_approve, "reject": registration_reject, "cancel": registration_cancel,
         "accept": offer_accept, "decline": offer_decline}


class Registrations(RuleBasedStateMachine):
    @initialize(capacity=st.integers(min_value=0, max_value=3), reserved=st.integers(min_value=0, max_value=1),
                approval=st.booleans())
    def make_edition(self, capacity: int, reserved: int, approval: bool) -> None:
        self.now = NOW
        self.edition: Edition = edition(capacity=capacity, reserved=min(reserved, capacity), needs_approval=approval)
        self.track = self.edition.tracks.get()
        self.track.pool.offer_hours = 1
        self.track.pool.save(update_fields=["offer_hours"])
        self.capacity = capacity
        self.held_before = 0
        self.changes: list[Transition] = []
        self.swept = False

    def _run(self, call: Any, **kwargs: Any) -> None:
        with recording() as seen, suppress(Refused, CapacityError, EditionError):  # a step not allowed now
            call(**kwargs)
        self.changes += seen

    def _registration(self, pick: int) -> Registration | None:
        mine = list(Registration.objects.filter(edition=self.edition).order_by("pk"))
        return mine[pick % len(mine)] if mine else None

    @rule(who=st.sampled_from(PEOPLE), partner=st.booleans())
    def register(self, who: str, partner: bool) -> None:
        extra = {"partner_delegate": True, "country": country("CN")} if partner else {}
        self._run(registration_create, edition=self.edition, track=self.track,
                  person=person(email=who, language="zh-hans" if partner else "de", **extra), now=self.now)
        self.swept = False

    @rule(name=st.sampled_from(sorted(STEPS)), pick=st.integers(min_value=0, max_value=20))
    def step(self, name: str, pick: int) -> None:
        registration = self._registration(pick)
        if registration is not None:
            self._run(STEPS[name], registration=registration, now=self.now)
            self.swept = False

    @rule(hours=st.integers(min_value=1, max_value=2))
    def time_passes_and_the_sweep_runs(self, hours: int) -> None:
        self.now += datetime.timedelta(hours=hours)
        self._run(pools_sweep_due, now=self.now)
        self.swept = True

    @rule(capacity=st.integers(min_value=0, max_value=4), reserved=st.integers(min_value=0, max_value=1))
    def change_the_seats(self, capacity: int, reserved: int) -> None:
        self.track.refresh_from_db()
        self._run(track_update, track=self.track, names={}, capacity=capacity, reserved=min(reserved, capacity),
                  position=self.track.position, now=self.now)
        self.capacity = self.track.pool.__class__.objects.get(pk=self.track.pool_id).capacity

    @invariant()
    def seats_are_never_oversold(self) -> None:
        if not hasattr(self, "edition"):
            return
        held = Registration.objects.filter(edition=self.edition, state__in=["confirmed", "offered"]).count()
        assert held <= self.capacity or held <= self.held_before, (held, self.capacity, self.held_before)
        self.held_before = held

    @invariant()
    def one_active_registration_per_person_and_its_state_is_its_claims(self) -> None:
        if not hasattr(self, "edition"):
            return
        rows = list(Registration.objects.filter(edition=self.edition).select_related("claim"))
        active = Counter(r.email for r in rows if r.state in ACTIVE_STATES)
        assert all(n == 1 for n in active.values()), active
        assert all(r.claim is not None and r.state == r.claim.state for r in rows)
        if self.swept:
            assert not any(r.claim is not None and r.claim.state == "offered" and r.claim.offered_until < self.now
                           for r in rows)

    @invariant()
    def exactly_one_message_per_change_to_the_person(self) -> None:
        if not hasattr(self, "edition"):
            return
        claims = set(Registration.objects.filter(edition=self.edition).values_list("claim_id", flat=True))
        expected = Counter(t.claim_id for t in self.changes if t.claim_id in claims)
        sent: Counter[int] = Counter()
        for event in Message.objects.filter(event__startswith="events.claim:").exclude(
                event__endswith=":organisers").values_list("event", flat=True):
            claim_id = int(event.split(":")[1])
            if claim_id in claims:
                sent[claim_id] += 1
        assert sent == expected, (sent, expected)


@pytest.mark.django_db
def test_any_sequence_of_registrations_keeps_the_events_rules() -> None:
    run_state_machine_as_test(Registrations, settings=settings(
        max_examples=25, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)))

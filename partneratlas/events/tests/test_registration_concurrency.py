"""Many people register at once for the last seats, through the registration service: never oversold.

Threads with their own connections, as web workers have (see capacity/tests/test_concurrency.py
for why the in-memory SQLite test database needs a patient retry).
"""

from collections import Counter

import pytest

from partneratlas.capacity.models import Claim
from partneratlas.capacity.tests.test_concurrency import THREADS, race
from partneratlas.events.models import Edition, Registration
from partneratlas.events.registering import Refused, registration_cancel
from partneratlas.events.tests.test_registration_world import NOW, edition, register


@pytest.mark.django_db(transaction=True)
def test_racing_registrations_for_the_last_three_seats_never_oversell() -> None:
    ed = edition(capacity=10)
    for _ in range(7):
        register(ed)

    def attempt(number: int) -> str:
        return register(Edition.objects.get(pk=ed.pk), f"Racer {number}", email=f"racer{number}@example.org").state

    results, errors = race(attempt)
    assert errors == []
    assert Counter(results) == {"confirmed": 3, "waiting": THREADS - 3}
    assert Registration.objects.filter(edition=ed, state="confirmed").count() == 10
    assert Claim.objects.filter(pool=ed.tracks.get().pool, state__in=Claim.HOLDING).count() == 10
    for r in Registration.objects.filter(edition=ed).select_related("claim"):
        assert r.claim is not None
        assert r.state == r.claim.state


@pytest.mark.django_db(transaction=True)
def test_racing_cancellations_and_registrations_keep_every_seat_once() -> None:
    ed = edition(capacity=6)
    seated = [register(ed) for _ in range(6)]

    def step(number: int) -> str:
        if number % 4 == 1:
            mine = Registration.objects.select_related("claim").get(pk=seated[number // 4].pk)
            return registration_cancel(registration=mine, now=NOW).state
        return register(Edition.objects.get(pk=ed.pk), email=f"racer{number}@example.org").state

    _results, errors = race(step)
    assert errors == []
    by_state = Counter(Registration.objects.filter(edition=ed).values_list("state", flat=True))
    assert by_state["confirmed"] + by_state["offered"] == 6
    assert by_state["cancelled"] == 3
    assert by_state["waiting"] == 6


@pytest.mark.django_db(transaction=True)
def test_the_same_person_racing_twice_is_registered_once() -> None:
    ed = edition(capacity=10)

    def attempt(number: int) -> str:
        try:
            return register(Edition.objects.get(pk=ed.pk), email="same@example.org").state
        except Refused as exc:  # the expected outcome for all but one
            return type(exc).__name__

    results, errors = race(attempt)
    assert errors == []
    assert Counter(results) == {"confirmed": 1, "Refused": THREADS - 1}
    assert Registration.objects.filter(edition=ed).count() == 1

"""Many processes at once: the pool's lock hands out every seat once, on PostgreSQL and on SQLite.

Each thread has its own database connection, as each web worker has. On SQLite the test
database is pytest-django's in-memory one unless settings give it a file name; its threads
share one cache, where SQLite reports a writer that must wait as "database table is locked"
at once instead of waiting for the busy timeout. There (and only there) a thread waits and
tries its step again, which is what the busy timeout does for a file database: the error
comes at BEGIN IMMEDIATE, before the step has read anything, or rolls the step back whole.

The threads must see committed rows, so these tests commit for real (fixture `committed`)
and delete their own pools afterwards, as the browser tests do: a transactional test
(`django_db(transaction=True)`) would flush the whole test database at its end, the
gazetteer loaded once per session included, and break the tests that run after it.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection

from partneratlas.capacity.errors import OfferExpired
from partneratlas.capacity.locking import pool_locked
from partneratlas.capacity.models import Claim, Pool
from partneratlas.capacity.services import claim_accept, claim_cancel, claim_request
from partneratlas.capacity.tests.factories import HOUR, NOW, pool
from partneratlas.conftest import on_test_database

S = Claim.State
THREADS = 12


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Database access without a test transaction; the pools made in the test are deleted afterwards.

    pytest-django makes the test database only for a session with a `django_db` test:
    this module has one (test_the_lock_bumps_the_version_and_reads_the_pool_again).
    """
    assert on_test_database(), "no test database: select a django_db test of this module too"
    with django_db_blocker.unblock():
        before = set(Pool.objects.values_list("id", flat=True))
        yield
        Claim.objects.exclude(pool_id__in=before).delete()
        Pool.objects.exclude(id__in=before).delete()


@pytest.mark.django_db
def test_the_lock_bumps_the_version_and_reads_the_pool_again() -> None:
    p = pool(capacity=2)
    Pool.objects.filter(pk=p.pk).update(capacity=5)  # changed behind the caller's back
    with pool_locked(p.pk) as locked:
        assert (locked.capacity, locked.version) == (5, 1)
        assert connection.in_atomic_block
    with pytest.raises(Pool.DoesNotExist), pool_locked(p.pk + 1000):
        pass


def shared_cache() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def patiently(work: Callable[[int], str], number: int) -> str:
    """work(number); on the shared-cache in-memory SQLite database, waiting while another thread writes."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return work(number)
        except OperationalError as exc:
            if not (shared_cache() and "is locked" in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.002)


def race(work: Callable[[int], str]) -> tuple[list[str], list[BaseException]]:
    """Run work(0 … THREADS-1) in threads that start together, each on its own connection."""
    start = threading.Barrier(THREADS)
    results: list[str] = []
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            start.wait()
            results.append(patiently(work, number))
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.usefixtures("committed")
def test_racing_requests_for_the_last_three_seats_confirm_exactly_three() -> None:
    p = pool(capacity=10)
    for n in range(7):
        claim_request(pool=p, holder=f"early-{n}", now=NOW)

    def request(number: int) -> str:
        return claim_request(pool=Pool.objects.get(pk=p.pk), holder=f"racer-{number}", now=NOW).state

    results, errors = race(request)
    assert errors == []
    assert Counter(results) == {S.CONFIRMED: 3, S.WAITING: THREADS - 3}
    assert Claim.objects.filter(pool=p, state__in=Claim.HOLDING).count() == 10
    assert Pool.objects.get(pk=p.pk).version == 7 + THREADS


@pytest.mark.usefixtures("committed")
def test_racing_cancellations_and_requests_never_oversell() -> None:
    p = pool(capacity=6)
    seated = [claim_request(pool=p, holder=f"seated-{n}", now=NOW) for n in range(6)]

    def cancel_or_request(number: int) -> str:
        if number % 4 == 1:  # 1, 5, 9: three of the seated cancel
            return claim_cancel(claim=Claim.objects.get(pk=seated[number // 4].pk), now=NOW).state
        return claim_request(pool=Pool.objects.get(pk=p.pk), holder=f"racer-{number}", now=NOW).state

    results, errors = race(cancel_or_request)
    assert errors == []
    assert Counter(results)[S.CANCELLED] == 3
    by_state = Counter(Claim.objects.filter(pool=p).values_list("state", flat=True))
    # 3 kept + 3 freed seats, each taken by a racer at once or offered to one waiting; 9 racers in all
    assert by_state[S.CONFIRMED] + by_state[S.OFFERED] == 6
    assert by_state[S.CONFIRMED] >= 3
    assert by_state[S.WAITING] == 6
    assert by_state[S.CANCELLED] == 3


@pytest.mark.usefixtures("committed")
def test_an_offer_accepted_too_late_stays_expired_although_accept_raised() -> None:
    p = pool(capacity=1, offer_hours=1)
    seated = claim_request(pool=p, holder="a", now=NOW)
    late = claim_request(pool=p, holder="late", now=NOW)
    claim_request(pool=p, holder="next", now=NOW)
    claim_cancel(claim=seated, now=NOW)
    assert not connection.in_atomic_block  # no test transaction: what the step committed is all there is
    with pytest.raises(OfferExpired):
        claim_accept(claim=late, now=NOW + 2 * HOUR)
    assert dict(Claim.objects.filter(pool=p).values_list("holder", "state")) == {
        "a": S.CANCELLED, "late": S.EXPIRED, "next": S.OFFERED}

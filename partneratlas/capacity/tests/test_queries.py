"""A request costs the same number of queries however many claims the pool has; so do the selectors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partneratlas.capacity import selectors
from partneratlas.capacity.models import Claim
from partneratlas.capacity.services import claim_cancel, claim_request
from partneratlas.capacity.tests.factories import HOUR, NOW, pool

pytestmark = pytest.mark.django_db
S = Claim.State


def _queries(call: object) -> int:
    with CaptureQueriesContext(connection) as context:
        call()  # type: ignore[operator]
    return len(context)


def _filled(seated: int, waiting: int, capacity: int) -> object:
    p = pool(capacity=capacity)
    for n in range(seated + waiting):
        claim_request(pool=p, holder=f"h{n}", now=NOW)
    return p


@pytest.mark.parametrize("case", ["confirmed", "waiting"])
def test_request_queries_do_not_grow_with_the_claims_of_the_pool(case: str) -> None:
    counts = []
    for size in (1, 3, 20):
        p = _filled(seated=size, waiting=size if case == "waiting" else 0,
                    capacity=size if case == "waiting" else size + 1)
        counts.append(_queries(lambda p=p: claim_request(pool=p, holder="new", now=NOW + HOUR)))
        assert Claim.objects.get(pool=p, holder="new").state == (S.WAITING if case == "waiting" else S.CONFIRMED)
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 9


def test_cancel_queries_do_not_grow_with_the_waiting_list() -> None:
    counts = []
    for size in (1, 3, 20):
        p = _filled(seated=1, waiting=size, capacity=1)
        seated = Claim.objects.get(pool=p, holder="h0")
        counts.append(_queries(lambda seated=seated: claim_cancel(claim=seated, now=NOW + HOUR)))
    assert counts[0] == counts[1] == counts[2]


def test_selectors_take_one_query_each() -> None:
    for size in (1, 3):
        p = _filled(seated=1, waiting=size, capacity=1)
        last = Claim.objects.filter(pool=p, state=S.WAITING).order_by("-id").first()
        assert last is not None
        assert _queries(lambda p=p: selectors.availability(p)) == 1
        assert _queries(lambda last=last: selectors.waiting_position(last)) == 1
        assert selectors.waiting_position(last) == size
        assert _queries(lambda p=p: list(selectors.claims_of(p, [S.WAITING]))) == 1

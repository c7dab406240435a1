"""Each step of a claim, the seat rule with reserved seats, the waiting list's order and offers that expire."""

import pytest
from django.db import IntegrityError, transaction

from partneratlas.capacity import selectors
from partneratlas.capacity.errors import AlreadyClaimed, NotAllowed, OfferExpired
from partneratlas.capacity.models import Claim
from partneratlas.capacity.services import (
    claim_accept,
    claim_approve,
    claim_cancel,
    claim_decline,
    claim_reject,
    claim_request,
    pool_resize,
    pool_sweep,
    pools_sweep_due,
)
from partneratlas.capacity.signals import recording
from partneratlas.capacity.tests.factories import HOUR, NOW, pool, states
from partneratlas.capacity.transitions import Transition

pytestmark = pytest.mark.django_db
S = Claim.State


def test_request_confirms_while_a_seat_is_free_then_waits() -> None:
    p = pool(capacity=1)
    with recording() as seen:
        first = claim_request(pool=p, holder="a", now=NOW)
        second = claim_request(pool=p, holder="b", now=NOW + HOUR)
    assert (first.state, second.state) == (S.CONFIRMED, S.WAITING)
    assert second.waiting_since == NOW + HOUR
    assert seen == [Transition(first.pk, "a", None, S.CONFIRMED, NOW),
                    Transition(second.pk, "b", None, S.WAITING, NOW + HOUR)]
    assert p.version == 2


def test_request_with_approval_holds_no_seat_until_approved() -> None:
    p = pool(capacity=1)
    asked = claim_request(pool=p, holder="a", approval=True, now=NOW)
    other = claim_request(pool=p, holder="b", now=NOW)
    assert (asked.state, other.state) == (S.REQUESTED, S.CONFIRMED)
    claim_approve(claim=asked, now=NOW + HOUR)
    assert asked.state == S.WAITING
    assert asked.waiting_since == NOW + HOUR


def test_approve_confirms_when_a_seat_is_free() -> None:
    p = pool(capacity=1)
    asked = claim_request(pool=p, holder="a", approval=True, now=NOW)
    with recording() as seen:
        claim_approve(claim=asked, now=NOW + HOUR)
    assert seen == [Transition(asked.pk, "a", S.REQUESTED, S.CONFIRMED, NOW + HOUR)]
    assert states(p) == {"a": S.CONFIRMED}


def test_a_second_active_claim_of_the_same_holder_is_refused() -> None:
    p = pool(capacity=1)
    claim_request(pool=p, holder="a", now=NOW)
    with pytest.raises(AlreadyClaimed):
        claim_request(pool=p, holder="a", now=NOW)
    assert Claim.objects.filter(pool=p).count() == 1


def test_the_database_allows_one_active_claim_per_holder_and_pool() -> None:
    p = pool(capacity=1)
    claim_request(pool=p, holder="a", now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(pool=p, holder="a", state=S.WAITING, created_at=NOW, changed_at=NOW)


def test_a_holder_may_claim_again_after_cancelling() -> None:
    p = pool(capacity=1)
    first = claim_request(pool=p, holder="a", now=NOW)
    claim_cancel(claim=first, now=NOW)
    again = claim_request(pool=p, holder="a", now=NOW + HOUR)
    assert (first.state, again.state) == (S.CANCELLED, S.CONFIRMED)


def test_reject_a_request_and_a_waiting_claim() -> None:
    p = pool(capacity=1)
    claim_request(pool=p, holder="seated", now=NOW)
    asked = claim_request(pool=p, holder="a", approval=True, now=NOW)
    waiting = claim_request(pool=p, holder="b", now=NOW)
    claim_reject(claim=asked, now=NOW)
    claim_reject(claim=waiting, now=NOW)
    assert states(p) == {"seated": S.CONFIRMED, "a": S.REJECTED, "b": S.REJECTED}


def test_cancelling_a_seat_offers_it_to_the_longest_waiting_at_once() -> None:
    p = pool(capacity=1, offer_hours=24)
    seated = claim_request(pool=p, holder="seated", now=NOW)
    first = claim_request(pool=p, holder="first", now=NOW + HOUR)
    claim_request(pool=p, holder="second", now=NOW + 2 * HOUR)
    with recording() as seen:
        claim_cancel(claim=seated, now=NOW + 3 * HOUR)
    assert seen == [Transition(seated.pk, "seated", S.CONFIRMED, S.CANCELLED, NOW + 3 * HOUR),
                    Transition(first.pk, "first", S.WAITING, S.OFFERED, NOW + 3 * HOUR)]
    first.refresh_from_db()
    assert first.offered_until == NOW + 27 * HOUR
    assert states(p) == {"seated": S.CANCELLED, "first": S.OFFERED, "second": S.WAITING}


def test_accept_an_offer_in_time() -> None:
    p = pool(capacity=1, offer_hours=24)
    seated = claim_request(pool=p, holder="seated", now=NOW)
    waiting = claim_request(pool=p, holder="w", now=NOW)
    claim_cancel(claim=seated, now=NOW)
    claim_accept(claim=waiting, now=NOW + 24 * HOUR)  # the last moment still counts
    assert waiting.state == S.CONFIRMED
    assert states(p) == {"seated": S.CANCELLED, "w": S.CONFIRMED}


def test_decline_an_offer_passes_the_seat_on() -> None:
    p = pool(capacity=1)
    seated = claim_request(pool=p, holder="seated", now=NOW)
    first = claim_request(pool=p, holder="first", now=NOW)
    claim_request(pool=p, holder="second", now=NOW + HOUR)
    claim_cancel(claim=seated, now=NOW + HOUR)
    claim_decline(claim=first, now=NOW + 2 * HOUR)
    assert states(p) == {"seated": S.CANCELLED, "first": S.DECLINED, "second": S.OFFERED}


def test_accepting_too_late_expires_the_offer_and_moves_it_on() -> None:
    p = pool(capacity=1, offer_hours=24)
    seated = claim_request(pool=p, holder="seated", now=NOW)
    late = claim_request(pool=p, holder="late", now=NOW)
    nxt = claim_request(pool=p, holder="next", now=NOW + HOUR)
    claim_cancel(claim=seated, now=NOW)
    with recording() as seen, pytest.raises(OfferExpired):
        claim_accept(claim=late, now=NOW + 25 * HOUR)
    assert late.state == S.EXPIRED
    assert seen == [Transition(late.pk, "late", S.OFFERED, S.EXPIRED, NOW + 25 * HOUR),
                    Transition(nxt.pk, "next", S.WAITING, S.OFFERED, NOW + 25 * HOUR)]
    assert states(p) == {"seated": S.CANCELLED, "late": S.EXPIRED, "next": S.OFFERED}


@pytest.mark.parametrize(("make", "step"), [
    ("confirmed", claim_accept), ("confirmed", claim_decline), ("confirmed", claim_approve),
    ("confirmed", claim_reject), ("waiting", claim_accept), ("requested", claim_decline),
    ("cancelled", claim_cancel), ("cancelled", claim_accept),
])
def test_an_illegal_step_is_refused_and_changes_nothing(make: str, step: object) -> None:
    p = pool(capacity=1)
    claim_request(pool=p, holder="seated", now=NOW)
    if make == "confirmed":
        claim = Claim.objects.get(holder="seated")
    elif make == "cancelled":
        claim = claim_cancel(claim=Claim.objects.get(holder="seated"), now=NOW)
    else:
        claim = claim_request(pool=p, holder="x", approval=make == "requested", now=NOW)
    before = (claim.state, states(p), p.__class__.objects.get(pk=p.pk).version)
    with recording() as seen, pytest.raises(NotAllowed) as refused:
        step(claim=claim, now=NOW + HOUR)  # type: ignore[operator]
    assert "“" in refused.value.message
    assert (claim.state, states(p), p.__class__.objects.get(pk=p.pk).version) == before
    assert seen == []


def test_reserved_seats_stay_free_for_their_category() -> None:
    p = pool(capacity=3, reserved=1, reserved_for="delegate")
    a = claim_request(pool=p, holder="a", now=NOW)
    b = claim_request(pool=p, holder="b", now=NOW)
    c = claim_request(pool=p, holder="c", now=NOW)
    d = claim_request(pool=p, holder="d", category="delegate", now=NOW)
    e = claim_request(pool=p, holder="e", category="delegate", now=NOW)
    assert [x.state for x in (a, b, c, d, e)] == [S.CONFIRMED, S.CONFIRMED, S.WAITING, S.CONFIRMED, S.WAITING]


def test_the_reserved_category_may_take_any_seat() -> None:
    p = pool(capacity=2, reserved=1, reserved_for="delegate")
    d1 = claim_request(pool=p, holder="d1", category="delegate", now=NOW)
    d2 = claim_request(pool=p, holder="d2", category="delegate", now=NOW)
    other = claim_request(pool=p, holder="o", now=NOW)
    assert [x.state for x in (d1, d2, other)] == [S.CONFIRMED, S.CONFIRMED, S.WAITING]


def test_a_waiter_who_does_not_fit_is_skipped_and_the_next_who_fits_is_offered() -> None:
    p = pool(capacity=2, reserved=1, reserved_for="delegate")
    claim_request(pool=p, holder="other", now=NOW)
    seated = claim_request(pool=p, holder="d", category="delegate", now=NOW)
    claim_request(pool=p, holder="other-waits", now=NOW + HOUR)
    claim_request(pool=p, holder="d-waits", category="delegate", now=NOW + 2 * HOUR)
    claim_cancel(claim=seated, now=NOW + 3 * HOUR)  # the reserved seat: the earlier waiter does not fit
    assert states(p)["other-waits"] == S.WAITING
    assert states(p)["d-waits"] == S.OFFERED


def test_the_waiting_list_is_first_come_first_served() -> None:
    p = pool(capacity=1)
    seated = claim_request(pool=p, holder="seated", now=NOW)
    later = claim_request(pool=p, holder="later", now=NOW + 2 * HOUR)
    earlier = claim_request(pool=p, holder="earlier", approval=True, now=NOW)
    claim_approve(claim=earlier, now=NOW + 3 * HOUR)  # joins the list when approved, after "later"
    assert (selectors.waiting_position(later), selectors.waiting_position(earlier)) == (1, 2)
    claim_cancel(claim=seated, now=NOW + 4 * HOUR)
    assert states(p) == {"seated": S.CANCELLED, "later": S.OFFERED, "earlier": S.WAITING}
    earlier.refresh_from_db()
    assert selectors.waiting_position(earlier) == 1
    assert selectors.waiting_position(seated) is None


def test_lowering_the_capacity_never_evicts_anyone() -> None:
    p = pool(capacity=3)
    seated = [claim_request(pool=p, holder=h, now=NOW) for h in "abc"]
    waiting = claim_request(pool=p, holder="w", now=NOW)
    pool_resize(pool=p, capacity=1, now=NOW)
    assert states(p) == {"a": S.CONFIRMED, "b": S.CONFIRMED, "c": S.CONFIRMED, "w": S.WAITING}
    claim_cancel(claim=seated[0], now=NOW)
    claim_cancel(claim=seated[1], now=NOW)
    assert states(p)["w"] == S.WAITING  # 1 held of 1 seat
    claim_cancel(claim=seated[2], now=NOW)
    waiting.refresh_from_db()
    assert waiting.state == S.OFFERED
    assert p.capacity == 1


def test_lowering_the_capacity_never_withdraws_an_offer() -> None:
    p = pool(capacity=1)
    seated = claim_request(pool=p, holder="a", now=NOW)
    claim_request(pool=p, holder="w", now=NOW)
    claim_cancel(claim=seated, now=NOW)
    pool_resize(pool=p, capacity=0, now=NOW)
    assert states(p)["w"] == S.OFFERED


def test_raising_the_capacity_offers_the_new_seats() -> None:
    p = pool(capacity=1)
    claim_request(pool=p, holder="a", now=NOW)
    for holder in "xyz":
        claim_request(pool=p, holder=holder, now=NOW)
    pool_resize(pool=p, capacity=3, now=NOW + HOUR)
    assert states(p) == {"a": S.CONFIRMED, "x": S.OFFERED, "y": S.OFFERED, "z": S.WAITING}


def test_resize_refuses_more_reserved_than_seats_and_lowers_kept_reservations() -> None:
    p = pool(capacity=3, reserved=2, reserved_for="delegate")
    with pytest.raises(NotAllowed):
        pool_resize(pool=p, capacity=3, reserved=4, now=NOW)
    pool_resize(pool=p, capacity=1, now=NOW)
    assert (p.capacity, p.reserved) == (1, 1)


def test_a_sweep_expires_overdue_offers_and_moves_them_on() -> None:
    p = pool(capacity=1, offer_hours=1)
    seated = claim_request(pool=p, holder="a", now=NOW)
    first = claim_request(pool=p, holder="first", now=NOW)
    claim_request(pool=p, holder="second", now=NOW)
    claim_cancel(claim=seated, now=NOW)
    assert pool_sweep(pool=p, now=NOW + HOUR) == []  # not past its time yet
    moved = pool_sweep(pool=p, now=NOW + 2 * HOUR)
    assert [(t.holder, t.old, t.new) for t in moved] == [("first", S.OFFERED, S.EXPIRED),
                                                         ("second", S.WAITING, S.OFFERED)]
    first.refresh_from_db()
    assert first.state == S.EXPIRED


def test_a_newcomer_does_not_overtake_the_waiting_list_when_an_offer_expired() -> None:
    p = pool(capacity=1, offer_hours=1)
    seated = claim_request(pool=p, holder="a", now=NOW)
    claim_request(pool=p, holder="first", now=NOW)
    claim_request(pool=p, holder="second", now=NOW)
    claim_cancel(claim=seated, now=NOW)
    newcomer = claim_request(pool=p, holder="new", now=NOW + 3 * HOUR)
    assert newcomer.state == S.WAITING
    assert states(p)["second"] == S.OFFERED


def test_pools_sweep_due_sweeps_only_pools_with_an_overdue_offer() -> None:
    due, quiet = pool(capacity=1, offer_hours=1), pool(capacity=1, offer_hours=5)
    for p in (due, quiet):
        seated = claim_request(pool=p, holder="a", now=NOW)
        claim_request(pool=p, holder="w", now=NOW)
        claim_cancel(claim=seated, now=NOW)
    assert pools_sweep_due(now=NOW + 2 * HOUR) == 1
    assert (states(due)["w"], states(quiet)["w"]) == (S.EXPIRED, S.OFFERED)
    assert pools_sweep_due(now=NOW + 2 * HOUR) == 0


def test_availability_counts_seats_for_each_category() -> None:
    p = pool(capacity=4, reserved=2, reserved_for="delegate")
    claim_request(pool=p, holder="a", now=NOW)
    claim_request(pool=p, holder="b", now=NOW)
    claim_request(pool=p, holder="c", now=NOW)
    claim_request(pool=p, holder="r", approval=True, now=NOW)
    seats = selectors.availability(p)
    assert (seats.capacity, seats.held, seats.free, seats.waiting, seats.requested) == (4, 2, 2, 1, 1)
    assert (seats.free_for("delegate"), seats.free_for("")) == (2, 0)
    assert [c.holder for c in selectors.claims_of(p, [S.CONFIRMED, S.WAITING])] == ["a", "b", "c"]

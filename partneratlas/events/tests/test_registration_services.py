"""Registering through the capacity piece: seats, waiting list, approval, offers, cancelling, delegations, ODA."""

import datetime

import pytest

from partneratlas.capacity.models import Claim
from partneratlas.capacity.services import pool_resize
from partneratlas.events.eligibility import oda_load
from partneratlas.events.models import Delegation, Edition, Registration
from partneratlas.events.registering import (
    Refused,
    delegation_create,
    link_token,
    offer_accept,
    offer_decline,
    registration_approve,
    registration_cancel,
    registration_change,
    registration_of_link,
    registration_reject,
    token_hash,
)
from partneratlas.events.tests.test_registration_world import (
    NOW,
    country,
    dongguan,
    edition,
    people,
    person,
    register,
    wuppertal,
)

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def states(ed: Edition) -> list[str]:
    return list(Registration.objects.filter(edition=ed).order_by("pk").values_list("state", flat=True))


def test_registration_confirms_while_seats_are_free_then_waits() -> None:
    ed = edition(capacity=2)
    first, second, third = register(ed), register(ed), register(ed)
    assert [first.state, second.state, third.state] == ["confirmed", "confirmed", "waiting"]
    assert states(ed) == ["confirmed", "confirmed", "waiting"]
    assert Claim.objects.get(pk=third.claim_id or 0).state == "waiting"


def test_the_registration_state_always_mirrors_its_claim() -> None:
    ed = edition(capacity=1)
    regs = [register(ed) for _ in range(3)]
    registration_cancel(registration=regs[0], now=NOW)
    for r in Registration.objects.filter(edition=ed).select_related("claim"):
        assert r.claim is not None
        assert r.state == r.claim.state


def test_cancelling_offers_the_seat_to_the_next_waiting_at_once() -> None:
    ed = edition(capacity=1)
    seated, waiting = register(ed), register(ed)
    registration_cancel(registration=seated, now=NOW)
    waiting.refresh_from_db()
    assert waiting.state == "offered"
    offer_accept(registration=waiting, now=NOW + HOUR)
    assert states(ed) == ["cancelled", "confirmed"]


def test_declining_an_offer_moves_it_to_the_next() -> None:
    ed = edition(capacity=1)
    seated, first, _second = register(ed), register(ed), register(ed)
    registration_cancel(registration=seated, now=NOW)
    first.refresh_from_db()
    offer_decline(registration=first, now=NOW + HOUR)
    assert states(ed) == ["cancelled", "declined", "offered"]


def test_accepting_too_late_is_refused_and_the_seat_has_moved_on() -> None:
    ed = edition(capacity=1)
    seated, first, _second = register(ed), register(ed), register(ed)
    registration_cancel(registration=seated, now=NOW)
    first.refresh_from_db()
    with pytest.raises(Refused, match="run out"):
        offer_accept(registration=first, now=NOW + 49 * HOUR)
    assert states(ed) == ["cancelled", "expired", "offered"]  # the expiry was kept, not rolled back


def test_an_edition_that_needs_approval_holds_no_seat_until_approved() -> None:
    ed = edition(capacity=1, needs_approval=True)
    a, b = register(ed), register(ed)
    assert [a.state, b.state] == ["requested", "requested"]
    registration_approve(registration=b, now=NOW)
    registration_approve(registration=a, now=NOW)
    assert states(ed) == ["waiting", "confirmed"]
    registration_reject(registration=a, now=NOW)
    assert states(ed) == ["rejected", "confirmed"]


def test_approving_twice_is_refused_with_a_message() -> None:
    ed = edition(capacity=1, needs_approval=True)
    a = register(ed)
    registration_approve(registration=a, now=NOW)
    with pytest.raises(Refused):
        registration_approve(registration=a, now=NOW)


def test_the_same_address_cannot_register_twice_but_may_again_after_cancelling() -> None:
    ed = edition(capacity=5)
    first = register(ed, email="Anna@Example.org")
    with pytest.raises(Refused, match="already registered"):
        register(ed, email="anna@example.org")
    assert Registration.objects.filter(edition=ed).count() == 1
    registration_cancel(registration=first, now=NOW)
    assert register(ed, email="anna@example.org").state == "confirmed"


@pytest.mark.parametrize("change", [{"state": "draft"}, {"state": "cancelled"},
                                    {"registration_closes": NOW - HOUR}, {"registration_opens": NOW + HOUR}])
def test_registration_outside_its_window_is_refused(change: dict[str, object]) -> None:
    ed = edition(**change)  # type: ignore[arg-type]
    with pytest.raises(Refused):
        register(ed)
    assert Registration.objects.count() == 0
    assert Claim.objects.count() == 0


def test_lowering_capacity_never_evicts_a_registration() -> None:
    ed = edition(capacity=3)
    regs = [register(ed) for _ in range(3)]
    pool_resize(pool=ed.tracks.get().pool, capacity=1, now=NOW)
    assert states(ed) == ["confirmed"] * 3
    registration_cancel(registration=regs[0], now=NOW)
    assert register(ed).state == "waiting"  # 2 held, 1 seat: nobody new gets in


def test_partner_delegates_take_the_reserved_seats_others_wait() -> None:
    ed = edition(capacity=3, reserved=1)
    a, b = register(ed), register(ed)
    local = register(ed)
    partner = register(ed, partner_delegate=True, country=country("CN"))
    assert [a.state, b.state, local.state, partner.state] == ["confirmed", "confirmed", "waiting", "confirmed"]


def test_a_delegation_registers_each_delegate_with_own_language_and_state() -> None:
    ed = edition(capacity=2, reserved=1)
    users = people()
    track = ed.tracks.get()
    delegation = delegation_create(
        edition=ed, municipality=wuppertal(), organisation=None, registered_by=users["own"], now=NOW,
        delegates=[(track, person("Anna Schmidt", municipality=wuppertal())),
                   (track, person("Jonas Weber", language="en")),
                   (track, person("王小明", language="zh-hans", partner_delegate=True, country=country("CN"),
                                  municipality=dongguan(), visa_needed=True))])
    rows = list(delegation.registrations.order_by("pk").values_list("name", "language", "state", "visa_needed"))
    assert rows == [("Anna Schmidt", "de", "confirmed", False), ("Jonas Weber", "en", "waiting", False),
                    ("王小明", "zh-hans", "confirmed", True)]


def test_a_delegation_with_one_bad_delegate_writes_nothing() -> None:
    ed = edition(capacity=5)
    track = ed.tracks.get()
    with pytest.raises(Refused, match="Delegate 2"):
        delegation_create(edition=ed, municipality=wuppertal(), organisation=None, registered_by=None, now=NOW,
                          delegates=[(track, person("Anna")), (track, person(" ", email="nobody@example.org"))])
    assert Delegation.objects.count() == 0
    assert Registration.objects.count() == 0
    assert Claim.objects.count() == 0


def test_a_delegation_refuses_the_same_address_twice() -> None:
    ed = edition()
    track = ed.tracks.get()
    with pytest.raises(Refused, match="own e-mail"):
        delegation_create(edition=ed, municipality=wuppertal(), organisation=None, registered_by=None, now=NOW,
                          delegates=[(track, person(email="a@x.de")), (track, person(email="A@x.de"))])


def test_a_partner_from_outside_the_regions_oda_list_is_flagged_for_approval() -> None:
    oda_load()
    ed = edition(region="africa", partner_regions_only=True)
    inside = register(ed, partner_delegate=True, country=country("TZ"))
    outside = register(ed, partner_delegate=True, country=country("CN"))  # on the list, but for Asia
    local = register(ed)  # German staff are not partner delegates: no rule
    assert (inside.state, inside.outside_region) == ("confirmed", False)
    assert (outside.state, outside.outside_region) == ("requested", True)
    assert (local.state, local.outside_region) == ("confirmed", False)


def test_a_partner_without_a_country_is_refused_where_the_region_rule_applies() -> None:
    ed = edition(region="africa", partner_regions_only=True)
    with pytest.raises(Refused, match="country"):
        register(ed, partner_delegate=True)


def test_the_personal_link_opens_only_its_registration_and_stores_only_a_hash() -> None:
    ed = edition()
    r = register(ed)
    token = link_token(r)
    r.refresh_from_db()
    assert r.link_hash == token_hash(token)
    assert token not in r.link_hash
    assert registration_of_link(token).pk == r.pk  # type: ignore[union-attr]
    assert registration_of_link(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    other = register(ed)
    assert registration_of_link(f"{other.pk}-{token.split('-')[1]}") is None


def test_changing_consent_and_language_is_saved() -> None:
    r = register(edition(), show_name=True)
    registration_change(registration=r, language="zh-hans", consent={"show_organisation": True})
    r.refresh_from_db()
    assert (r.language, r.show_name, r.show_organisation) == ("zh-hans", False, True)

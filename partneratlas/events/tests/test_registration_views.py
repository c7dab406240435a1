"""The registration pages as people use them; query counts of the lists; who may open which page."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.events.models import Delegation, Edition, ListVisibility, Registration
from partneratlas.events.registering import link_token, registration_create
from partneratlas.events.tests.test_registration_world import edition, people, person, wuppertal

pytestmark = pytest.mark.django_db


def live(**extra: Any) -> Edition:
    now = timezone.now()
    return edition(registration_opens=now - datetime.timedelta(days=1), starts_at=now + datetime.timedelta(days=30),
                   ends_at=now + datetime.timedelta(days=31), **extra)


def enrol(ed: Edition, n: int = 1, **extra: Any) -> list[Registration]:
    return [registration_create(edition=ed, track=ed.tracks.get(), person=person(**extra), now=timezone.now())
            for _ in range(n)]


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_without_an_account_registers_and_gets_their_page() -> None:
    ed = live(capacity=1)
    response = Client().post(f"/en/events/{ed.pk}/register/", {
        "track": ed.tracks.get().pk, "name": "Anna Schmidt", "email": "anna@example.de", "language": "de",
        "show_name": "on"})
    r = Registration.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/en/events/r/{link_token(r)}/")
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert "Anna Schmidt" in page.content.decode()
    assert (r.state, r.language, r.show_name, r.show_organisation) == ("confirmed", "de", True, False)


def test_a_signed_in_person_finds_the_form_prefilled() -> None:
    users = people()
    page = signed_in(users["own"]).get(f"/en/events/{live().pk}/register/")
    assert 'value="own@wuppertal.de"' in page.content.decode()


def test_bad_input_is_refused_with_a_message_and_nothing_written() -> None:
    ed = live()
    response = Client().post(f"/en/events/{ed.pk}/register/", {"track": ed.tracks.get().pk, "name": "",
                                                               "email": "no", "language": "de"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_an_offer_is_accepted_by_the_personal_link_without_an_account() -> None:
    ed = live(capacity=1)
    first, second = enrol(ed, 2)
    Client().post(f"/en/events/r/{link_token(first)}/", {"action": "cancel"})
    second.refresh_from_db()
    assert second.state == "offered"
    Client().post(f"/en/events/r/{link_token(second)}/", {"action": "accept"})
    second.refresh_from_db()
    assert second.state == "confirmed"


def test_a_broken_link_says_so() -> None:
    assert Client().get("/en/events/r/12-abc/").status_code == 404


def test_a_municipality_registers_a_delegation_and_sees_each_delegates_state() -> None:
    users = people()
    ed = live(capacity=1)
    track = ed.tracks.get().pk
    data = {"municipality": wuppertal().pk, "note": "", "delegates-TOTAL_FORMS": "3", "delegates-INITIAL_FORMS": "0",
            "delegates-MIN_NUM_FORMS": "1", "delegates-MAX_NUM_FORMS": "40",
            "delegates-0-track": track, "delegates-0-name": "Anna Schmidt", "delegates-0-email": "anna@wuppertal.de",
            "delegates-0-language": "de",
            "delegates-1-track": track, "delegates-1-name": "王小明", "delegates-1-email": "wang@dongguan.cn",
            "delegates-1-language": "zh-hans", "delegates-1-partner_delegate": "on", "delegates-1-country": "CN",
            "delegates-1-visa_needed": "on",
            "delegates-2-track": track, "delegates-2-language": "en"}  # an untouched row, as the page sent it
    client = signed_in(users["own"])
    response = client.post(f"/en/events/{ed.pk}/delegation/", data)
    delegation = Delegation.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/en/events/delegations/{delegation.pk}/")
    assert list(delegation.registrations.order_by("pk").values_list("name", "language", "state")) == [
        ("Anna Schmidt", "de", "confirmed"), ("王小明", "zh-hans", "waiting")]
    page = client.get(response["Location"]).content.decode()
    assert "on the waiting list" in page
    assert "confirmed" in page
    assert "<td>Chinese (Simplified)</td>" in page  # each delegate's language by its name, not "zh-hans"


def test_the_organiser_approves_and_checks_in() -> None:
    users = people()
    ed = live(needs_approval=True)
    (r,) = enrol(ed)
    client = signed_in(users["staff"])
    client.post(f"/en/events/manage/registrations/{r.pk}/approve/")
    r.refresh_from_db()
    assert r.state == "confirmed"
    response = client.post(f"/en/events/manage/{ed.pk}/checkin/{r.pk}/", {"action": "in", "q": "Person"})
    r.refresh_from_db()
    assert r.attended_at is not None
    assert "?q=Person" in response["Location"]
    page = client.get(f"/en/events/manage/{ed.pk}/checkin/?q={r.name.split()[1]}").content.decode()
    assert "Checked in at" in page
    assert "print" in client.get(f"/en/events/manage/{ed.pk}/checkin/print/").content.decode()


@pytest.mark.parametrize("page", ["manage/{ed}/registrations/", "manage/{ed}/checkin/", "manage/{ed}/checkin/print/",
                                  "{ed}/participants/", "delegations/{delegation}/"])
def test_list_pages_cost_the_same_queries_for_one_and_three(page: str) -> None:
    users = people()
    counts = []
    for n in (1, 3):
        ed = live(capacity=10, participant_list=ListVisibility.PUBLIC)
        delegation = Delegation.objects.create(edition=ed, municipality=wuppertal(), registered_by=users["staff"])
        for r in enrol(ed, n, show_name=True):
            Registration.objects.filter(pk=r.pk).update(delegation=delegation)
        client = signed_in(users["staff"])
        url = "/en/events/" + page.format(ed=ed.pk, delegation=delegation.pk)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


PERSONAS = ["anonymous", "own", "other", "partner", "staff"]


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_open_the_registration_pages(who: str) -> None:
    users = people()
    ed = live(capacity=5)
    own = users["own"]
    (r,) = enrol(ed)
    delegation = Delegation.objects.create(edition=ed, municipality=wuppertal(), registered_by=own)
    client = Client()
    if who != "anonymous":
        client.force_login(users[who])
    expected = {  # anonymous, own, other, partner, staff
        f"/en/events/{ed.pk}/register/": (200, 200, 200, 200, 200),
        f"/en/events/{ed.pk}/delegation/": (302, 200, 200, 403, 403),
        f"/en/events/{ed.pk}/participants/": (302, 403, 403, 403, 200),
        f"/en/events/delegations/{delegation.pk}/": (302, 200, 404, 404, 200),
        f"/en/events/r/{link_token(r)}/": (200, 200, 200, 200, 200),
        f"/en/events/manage/{ed.pk}/registrations/": (302, 403, 403, 403, 200),
        f"/en/events/manage/{ed.pk}/checkin/": (302, 403, 403, 403, 200),
        f"/en/events/manage/{ed.pk}/checkin/print/": (302, 403, 403, 403, 200),
    }
    failures = [f"{url}: {status}, expected {want[PERSONAS.index(who)]}" for url, want in expected.items()
                if (status := client.get(url).status_code) != want[PERSONAS.index(who)]]
    posts = {f"/en/events/manage/registrations/{r.pk}/cancel/": (302, 403, 403, 403, 302),
             f"/en/events/manage/{ed.pk}/checkin/{r.pk}/": (302, 403, 403, 403, 302)}
    failures += [f"POST {url}: {status}, expected {want[PERSONAS.index(who)]}" for url, want in posts.items()
                 if (status := client.post(url).status_code) != want[PERSONAS.index(who)]]
    assert not failures, failures

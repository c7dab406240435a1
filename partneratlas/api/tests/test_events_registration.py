"""Registering for an edition through the API (partneratlas/api/events.py): every answer it gives, the same result
as the form, the 101st person on the waiting list, and the person's own registrations."""

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.capacity.models import Claim
from partneratlas.events.eligibility import oda_load
from partneratlas.events.models import Edition, Registration
from partneratlas.events.registering import link_token, registration_cancel, registration_create
from partneratlas.events.tests.test_registration_world import edition, people, person, track
from partneratlas.notifications.models import Message, Preference
from partneratlas.people.tokens import token_create

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def live(**extra: Any) -> Edition:
    """An edition open for registration now (the API registers at the real time, as the form)."""
    now = timezone.now()
    return edition(**{"registration_opens": now - DAY, "starts_at": now + 30 * DAY, "ends_at": now + 31 * DAY,
                      **extra})


def url(ed: Edition | int | str) -> str:
    return f"/api/v1/events/editions/{ed.pk if isinstance(ed, Edition) else ed}/registrations"


def by_token(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='test', expires_on=None)[1]}")


def post(client: Client, ed: Edition | int | str, body: Any = None, *, language: str = "en",
         raw: bytes | None = None, **headers: Any) -> Any:
    data = raw if raw is not None else json.dumps(body or {})
    return client.post(url(ed), data=data, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **headers)


def nothing_written() -> bool:
    return (Registration.objects.count(), Claim.objects.count(), Message.objects.count()) == (0, 0, 0)


# 201 ------------------------------------------------------------------------------------------------------------

def test_a_person_registers_themself_by_token_and_gets_their_links() -> None:
    users = people()
    ed = live(capacity=5)
    response = post(by_token(users["own"]), ed, {"language": "zh-hans", "show_name": True, "visa_needed": True})
    assert response.status_code == 201
    assert response["Cache-Control"] == "private, no-store"  # the answer holds the personal link
    body = response.json()
    r = Registration.objects.get()
    assert (body["id"], body["edition"], body["track"], body["state"], body["waiting_position"]) == (
        r.pk, ed.pk, ed.tracks.get().pk, "confirmed", None)
    assert (r.user, r.registered_by, r.name, r.email, r.language) == (users["own"], users["own"], "own",
                                                                      "own@wuppertal.de", "zh-hans")
    assert (r.show_name, r.show_organisation, r.visa_needed) == (True, False, True)
    assert body["links"]["page"] == f"http://testserver/zh-hans/events/r/{link_token(r)}/"  # in their language
    assert body["links"]["questions"] is None
    assert "confirmed" in body["message"]
    assert Client().get(body["links"]["page"]).status_code == 200  # the person's page opens by its link
    assert Message.objects.filter(to="own@wuppertal.de", language="zh-hans").count() == 1


def test_the_language_is_the_accounts_unless_the_body_names_one() -> None:
    users = people()
    Preference.objects.create(user=users["other"], language="en")
    assert post(by_token(users["other"]), live()).json()["language"] == "en"
    assert post(by_token(users["own"]), live()).json()["language"] == "de"  # no preference: the site's default


def test_the_session_registers_with_its_csrf_token() -> None:
    users = people()
    ed = live()
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["partner"])
    client.get("/en/people/delete/")  # a page with a form: the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = post(client, ed, {"language": "en"}, HTTP_X_CSRFTOKEN=token)
    assert (response.status_code, response.json()["state"]) == (201, "confirmed")


def test_an_edition_needing_approval_answers_requested() -> None:
    users = people()
    body = post(by_token(users["own"]), live(needs_approval=True)).json()
    assert (body["state"], body["waiting_position"]) == ("requested", None)


def test_a_partner_from_outside_the_regions_oda_list_is_requested_and_flagged() -> None:
    oda_load()
    users = people()
    ed = live(region="africa", partner_regions_only=True)
    body = post(by_token(users["partner"]), ed, {"partner_delegate": True, "country": "cn"}).json()
    assert (body["state"], body["outside_region"]) == ("requested", True)
    assert Registration.objects.get().country_id == "CN"


def test_the_101st_person_waits() -> None:
    users = people()
    ed = live(capacity=100)
    for _n in range(100):
        registration_create(edition=ed, track=ed.tracks.get(), person=person(), now=timezone.now())
    response = post(by_token(users["own"]), ed)
    assert response.status_code == 201  # a full event is no error
    assert (response.json()["state"], response.json()["waiting_position"]) == ("waiting", 1)
    assert Claim.objects.filter(state="confirmed").count() == 100
    assert "waiting list" in response.json()["message"]
    second = post(by_token(users["other"]), ed).json()
    assert (second["state"], second["waiting_position"]) == ("waiting", 2)


# the same as the form -------------------------------------------------------------------------------------------

FIELDS = ("name", "email", "language", "organisation_name", "country_id", "partner_delegate", "visa_needed",
          "show_name", "show_organisation", "show_municipality", "show_photo", "outside_region", "state", "user_id",
          "registered_by_id", "municipality_id", "delegation_id")


def _result(r: Registration) -> tuple[Any, ...]:
    messages = list(Message.objects.filter(to=r.email, event__startswith=f"events.claim:{r.claim_id}:")
                    .values_list("language", "subject"))
    return (*(getattr(r, f) for f in FIELDS), r.claim.state, r.claim.category,
            len(messages), [language for language, _s in messages])


@pytest.mark.parametrize("choices", [
    {"language": "zh-hans", "show_name": True, "show_photo": True, "organisation_name": "Stadt Wuppertal"},
    {"language": "en", "partner_delegate": True, "country": "CN", "visa_needed": True},  # outside Africa's list
    {"language": "de", "partner_delegate": True, "country": "TZ", "show_municipality": True},
])
def test_the_api_gives_the_same_result_as_the_form(choices: dict[str, Any]) -> None:
    oda_load()
    users = people()
    by_form, by_api = (live(region="africa", partner_regions_only=True) for _n in range(2))
    user = users["own"]
    client = Client()
    client.force_login(user)
    form = {"track": by_form.tracks.get().pk, "name": user.username, "email": user.email,
            **{k: ("on" if v is True else v) for k, v in choices.items()}}
    assert client.post(f"/en/events/{by_form.pk}/register/", form).status_code == 302
    assert post(by_token(user), by_api, choices).status_code == 201
    made_by_form = Registration.objects.get(edition=by_form)
    made_by_api = Registration.objects.get(edition=by_api)
    assert _result(made_by_api) == _result(made_by_form)
    assert _result(made_by_api)[-2] == 1  # exactly one message each


# 400 ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "parameter"), [
    (b"name=Anna&track=1", "body"),  # a form, not JSON
    (b"[1, 2]", "body"),
    (b'{"language": "fr"}', "language"),
    (b'{"show_names": true}', "show_names"),  # a typo is no silent "no"
    (b'{"track": "first"}', "track"),
    (b'{"country": "CHN"}', "country"),
    (b'{"visa_needed": "perhaps"}', "visa_needed"),
])
def test_an_invalid_body_is_400_naming_the_field_and_writes_nothing(raw: bytes, parameter: str) -> None:
    users = people()
    response = post(by_token(users["own"]), live(), raw=raw)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Invalid request body")
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert nothing_written()


def test_an_empty_body_registers_for_the_only_track() -> None:
    users = people()
    response = by_token(users["own"]).post(url(live()), data=b"", content_type="application/json")
    assert (response.status_code, response.json()["state"]) == (201, "confirmed")


def test_closed_registration_is_400_in_the_readers_language_and_writes_nothing() -> None:
    users = people()
    ed = live(registration_opens=timezone.now() + DAY)
    response = post(by_token(users["own"]), ed, language="de")
    assert response.status_code == 400
    assert response.json() == {"detail": "Die Anmeldung für diese Veranstaltung ist nicht geöffnet.", "errors": []}
    assert nothing_written()
    assert post(by_token(users["own"]), ed, language="en").json()["detail"] == \
        "Registration for this event is not open."


def test_a_cancelled_edition_is_400() -> None:
    users = people()
    ed = live(state=Edition.State.CANCELLED)
    response = post(by_token(users["own"]), ed)
    assert (response.status_code, response.json()["detail"]) == (400, "This event has been cancelled.")
    assert nothing_written()


def test_several_tracks_need_one_named() -> None:
    users = people()
    ed = live()
    second = track(ed, names={"en": "Advanced"})
    response = post(by_token(users["own"]), ed)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"parameter": "track"}]
    assert nothing_written()
    body = post(by_token(users["own"]), ed, {"track": second.pk}).json()
    assert (body["track"], body["track_name"]) == (second.pk, "Advanced")


def test_an_unknown_country_and_a_partner_without_one_are_400() -> None:
    users = people()
    ed = live(region="africa", partner_regions_only=True)
    assert post(by_token(users["own"]), ed, {"partner_delegate": True, "country": "XX"}).status_code == 400
    response = post(by_token(users["own"]), ed, {"partner_delegate": True})
    assert (response.status_code, "country" in response.json()["detail"]) == (400, True)
    assert nothing_written()


# 401, 403 -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "start"), [("en", "This needs a member's rights"),
                                                 ("de", "Dafür braucht es die Rechte")])
def test_without_credentials_it_is_401_in_json(language: str, start: str) -> None:
    ed = live()
    response = post(Client(), ed, language=language)
    assert (response.status_code, response["WWW-Authenticate"]) == (401, 'Bearer realm="PartnerAtlas"')
    assert response.json()["detail"].startswith(start)
    response = post(Client(HTTP_AUTHORIZATION="Bearer pa_nothing"), ed)
    assert response.status_code == 401
    assert Client().get("/api/v1/events/registrations").status_code == 401
    assert nothing_written()


def test_a_session_without_its_csrf_token_is_403_in_json() -> None:
    users = people()
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["own"])
    response = post(client, live())
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert nothing_written()


def test_a_staff_token_without_the_second_factor_is_401() -> None:
    from allauth.mfa.models import Authenticator

    users = people()
    client = by_token(users["staff"])
    Authenticator.objects.filter(user=users["staff"]).delete()
    assert post(client, live()).status_code == 401


# 404 ------------------------------------------------------------------------------------------------------------

def test_unknown_or_unpublished_editions_and_unknown_tracks_are_404() -> None:
    users = people()
    client = by_token(users["own"])
    draft = live(state=Edition.State.DRAFT)
    other = live()
    for ed in (0, "abc", "١٢", 2**70, draft):
        response = post(client, ed)
        assert response.status_code == 404, ed
        assert response.json()["detail"].startswith("No public edition")
    ed = live()
    assert post(client, ed, {"track": other.tracks.get().pk}).status_code == 404  # another edition's track
    assert post(client, ed, {"track": 999999}).json()["detail"] == "No track 999999 in this event."
    assert nothing_written()


# 409 ------------------------------------------------------------------------------------------------------------

def test_registering_twice_is_409_and_again_after_cancelling_is_fine() -> None:
    users = people()
    ed = live()
    client = by_token(users["own"])
    assert post(client, ed).status_code == 201
    response = post(client, ed, {"language": "en"})
    assert (response.status_code, response.json()["detail"]) == (409, "own@wuppertal.de is already registered "
                                                                       "for this event.")
    assert (Registration.objects.count(), Claim.objects.count()) == (1, 1)
    registration_cancel(registration=Registration.objects.get(), now=timezone.now())
    assert post(client, ed).status_code == 201


# the person's own registrations ---------------------------------------------------------------------------------

def test_the_list_shows_only_the_persons_own_registrations_with_their_state() -> None:
    users = people()
    full = live(capacity=1)
    registration_create(edition=full, track=full.tracks.get(), person=person(), now=timezone.now())
    other_ed = live()
    client = by_token(users["own"])
    waiting = post(client, full).json()
    confirmed = post(client, other_ed).json()
    post(by_token(users["other"]), other_ed)
    body = client.get("/api/v1/events/registrations").json()
    assert body["count"] == 2
    assert [(r["id"], r["state"], r["waiting_position"]) for r in body["results"]] == [
        (confirmed["id"], "confirmed", None), (waiting["id"], "waiting", 1)]
    assert body["results"][1]["links"] == waiting["links"]
    session = Client(enforce_csrf_checks=True)  # reading needs no CSRF token
    session.force_login(users["other"])
    assert session.get("/api/v1/events/registrations").json()["count"] == 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_lists_queries_are_the_same_for_1_and_3(count: int) -> None:
    users = people()
    client = by_token(users["own"])
    for _n in range(count):
        ed = live(capacity=1)
        registration_create(edition=ed, track=ed.tracks.get(), person=person(), now=timezone.now())
        post(client, ed)  # waiting: its place is counted in the same query
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/events/registrations").json()
    assert [r["waiting_position"] for r in body["results"]] == [1] * count
    assert len(queries) == 3, [q["sql"] for q in queries.captured_queries]  # token, its rights, registrations


def test_the_schema_declares_the_body_and_who_may_call() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/events/editions/{edition_id}/registrations"]["post"]
    assert set(operation["requestBody"]["content"]["application/json"]["schema"]["properties"]) >= {
        "track", "language", "partner_delegate", "country", "visa_needed", "show_name", "show_photo"}
    assert operation["security"] == [{"PersonalToken": []}, {"SessionWithCsrf": []}]
    assert set(operation["responses"]) >= {"201", "400", "401", "403", "404", "409"}

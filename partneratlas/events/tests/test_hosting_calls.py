"""The call for hosts: opening a call, applying with the shipped form (save and resume, submit), withdrawing."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partneratlas.events import hosting
from partneratlas.events.hosting import HOST_FORM, HostingRefused, shipped_version
from partneratlas.events.models import HostApplication, HostCall
from partneratlas.events.tests.test_hosting_world import (
    AFTER,
    CLOSES,
    DURING,
    OPENS,
    WEIGHTS,
    administration,
    application,
    call,
    editor,
    open_call,
    people,
    series,
)
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.questionnaires.models import Response, Version
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db


def test_a_call_uses_the_shipped_application_form_published_once() -> None:
    first, second = call(), call()
    assert first.form_id == second.form_id
    assert first.form.questionnaire.code == "events-host-application"
    assert first.form.state == Version.State.PUBLISHED
    assert Version.objects.filter(questionnaire__code="events-host-application").count() == 1
    assert {i.code for i in first.form.items.all()} >= {"first_day", "venue", "motivation", "partners"}
    assert first.criteria == [{"code": "venue", "weight": 2}, {"code": "motivation", "weight": 1},
                              {"code": "partners", "weight": 3}]


def test_the_agencys_newer_version_of_the_form_is_used() -> None:
    old = shipped_version(code=HOST_FORM[0], path=HOST_FORM[1])
    newer = Version.objects.create(questionnaire=old.questionnaire, number=2, state=Version.State.PUBLISHED,
                                   languages=old.languages, title=old.title)
    assert call().form_id == newer.pk


def test_a_second_call_for_the_same_series_and_year_is_refused() -> None:
    s = series()
    call(s, with_edition=False)
    with pytest.raises(HostingRefused, match="already a call"):
        call(s, with_edition=False)
    assert HostCall.objects.filter(series=s).count() == 1


@pytest.mark.parametrize(("opens", "closes", "weights", "message"), [
    (CLOSES, OPENS, WEIGHTS, "must close after it opens"),
    (OPENS, CLOSES, {"venue": 0}, "At least one criterion"),
    (OPENS, CLOSES, {"venue": 11}, "whole number from 0 to 10"),
    (OPENS, CLOSES, {"cost": 2}, "whole number from 0 to 10"),
])
def test_a_bad_call_is_refused_and_nothing_is_written(opens: Any, closes: Any, weights: dict[str, int],
                                                      message: str) -> None:
    with pytest.raises(HostingRefused, match=message):
        hosting.call_open(series=series(), year=2027, opens_at=opens, closes_at=closes, weights=weights)
    assert not HostCall.objects.exists()


def test_an_edition_of_another_series_is_refused() -> None:
    other = call()
    with pytest.raises(HostingRefused, match="belong to the call's series"):
        hosting.call_open(series=series(), year=2027, opens_at=OPENS, closes_at=CLOSES, weights=WEIGHTS,
                          edition=other.edition)


def test_open_calls_are_those_between_their_dates_and_undecided() -> None:
    c = call()
    assert list(hosting.calls_open(now=DURING)) == [c]
    assert list(hosting.calls_open(now=OPENS - datetime.timedelta(seconds=1))) == []
    assert list(hosting.calls_open(now=CLOSES)) == []


def test_an_administration_applies_once_and_in_its_language() -> None:
    c = call()
    user = editor("anna@wuppertal.de", WUPPERTAL)
    org = Organisation.objects.get(members__user=user)
    first = hosting.application_start(call=c, organisation=org, user=user, language="en", now=DURING)
    again = hosting.application_start(call=c, organisation=org, user=user, language="de", now=DURING)
    assert first.pk == again.pk
    assert (first.state, first.municipality.ref, first.response.language) == ("draft", WUPPERTAL, "en")
    assert first.response.subject == f"events.host-application:{c.pk}:{org.pk}"


def test_only_a_municipal_administration_applies_and_only_while_the_call_is_open() -> None:
    c = call()
    partner = Organisation.objects.create(kind=OrganisationKind.PARTNER_MUNICIPALITY, name="东莞市",
                                          municipality=administration(DONGGUAN).municipality)
    with pytest.raises(HostingRefused, match="Only a municipal administration"):
        hosting.application_start(call=c, organisation=partner, user=None, language="de", now=DURING)
    with pytest.raises(HostingRefused, match="does not take applications"):
        hosting.application_start(call=c, organisation=administration(HAMBURG), user=None, language="de", now=AFTER)
    assert not HostApplication.objects.exists()
    assert not Response.objects.exists()


def _answers(**changed: str) -> dict[str, Any]:
    data = {"q": ["first_day", "days", "venue", "seats", "motivation", "partners", "contact", "facilities"],
            "q-first_day": "2027-06-21", "q-days": "2", "q-venue": "Rathaus Wuppertal", "q-seats": "180",
            "q-motivation": "Seit 1985 Partnerschaft", "q-partners": "Delegation aus Dongguan",
            "q-contact": "Amt für Europa", "q-facilities": ["step_free"]}
    data.update(changed)
    return data


def test_an_editor_saves_resumes_and_submits_the_application_in_the_browser() -> None:
    c = open_call()
    user = editor("anna@wuppertal.de", WUPPERTAL)
    client = Client()
    client.force_login(user)
    assert client.get(f"/en/events/hosting/{c.pk}/").status_code == 200
    started = client.post(f"/en/events/hosting/{c.pk}/apply/")
    app = HostApplication.objects.get(call=c)
    assert started.status_code == 302
    assert started["Location"] == f"/en/events/hosting/applications/{app.pk}/"
    saved = client.post(started["Location"], {"q": ["venue"], "q-venue": "Rathaus", "action": "save"})
    assert saved.status_code == 302
    assert app.response.answers.get(item__code="venue").value == "Rathaus"
    assert "Rathaus" in client.get(started["Location"]).content.decode()
    incomplete = client.post(started["Location"], {"q": ["venue"], "q-venue": "Rathaus", "action": "submit"})
    assert incomplete.status_code == 400
    assert "This question needs an answer." in incomplete.content.decode()
    app.refresh_from_db()
    assert app.state == "draft"
    before = timezone.now()
    done = client.post(started["Location"], {**_answers(), "action": "submit"})
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.state == "submitted"
    assert app.submitted_at is not None
    assert app.submitted_at >= before
    assert app.response.answers.get(item__code="venue").value == "Rathaus Wuppertal"


def test_after_the_call_closed_the_application_can_no_longer_change() -> None:
    now = timezone.now()
    c = call(opens=now - datetime.timedelta(days=30), closes=now - datetime.timedelta(days=1))
    user = editor("anna@wuppertal.de", WUPPERTAL)
    app = hosting.application_start(call=c, organisation=Organisation.objects.get(members__user=user), user=user,
                                    language="de", now=now - datetime.timedelta(days=2))
    client = Client()
    client.force_login(user)
    page = client.post(f"/en/events/hosting/applications/{app.pk}/", {**_answers(), "action": "submit"})
    assert page.status_code == 200
    app.refresh_from_db()
    assert app.state == "draft"
    assert not app.response.answers.exists()
    with pytest.raises(HostingRefused, match="has closed"):
        hosting.application_submitted(application=app, now=now)
    app.refresh_from_db()
    assert app.state == "draft"
    assert app.response.state == "draft"


def test_a_withdrawn_application_stays_withdrawn() -> None:
    c = call()
    user = editor("anna@wuppertal.de", WUPPERTAL)
    org = Organisation.objects.get(members__user=user)
    app = hosting.application_start(call=c, organisation=org, user=user, language="de", now=DURING)
    hosting.application_withdraw(application=app, now=DURING)
    app.refresh_from_db()
    assert (app.state, app.response.state) == ("withdrawn", "locked")
    with pytest.raises(HostingRefused, match="withdrawn"):
        hosting.application_start(call=c, organisation=org, user=user, language="de", now=DURING)
    with pytest.raises(HostingRefused, match="no longer be withdrawn"):
        hosting.application_withdraw(application=app, now=DURING)


def test_staff_open_a_call_in_the_form(django_user_model: Any) -> None:
    staff = people()["staff"]
    s = series()
    client = Client()
    client.force_login(staff)
    data = {"series": s.pk, "year": "2027", "opens_at": "2026-03-01T09:00", "closes_at": "2026-05-31T18:00",
            "weight_venue": "2", "weight_access": "1", "weight_motivation": "2", "weight_partners": "3",
            "weight_programme": "0"}
    bad = client.post("/en/events/manage/hosting/new/", {**data, "closes_at": "2026-02-01T09:00"})
    assert bad.status_code == 400
    assert "The call must close after it opens." in bad.content.decode()
    made = client.post("/en/events/manage/hosting/new/", data)
    created = HostCall.objects.get(series=s)
    assert made.status_code == 302
    assert made["Location"] == f"/en/events/manage/hosting/{created.pk}/"
    assert [c["code"] for c in created.criteria] == ["venue", "access", "motivation", "partners"]


def _open_calls_queries(count: int) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(count):
        open_call()
    with CaptureQueriesContext(connection) as queries:
        page = Client().get("/en/events/hosting/")
    return len(queries), page.content.decode().count('<th scope="row">')


def test_the_open_calls_need_the_same_queries_for_1_and_3_calls() -> None:
    one, rows = _open_calls_queries(1)
    three, more_rows = _open_calls_queries(2)  # 3 calls now
    assert (rows, more_rows) == (1, 3)
    assert three == one


def test_applicants_find_their_applications_after_the_call_closed() -> None:
    users = people()
    c = call()  # closed by the real clock (2026-05-31)
    app = application(c, WUPPERTAL, users["own"])
    client = Client()
    client.force_login(users["own"])
    listing = client.get("/en/events/hosting/").content.decode()
    assert f'href="/en/events/hosting/applications/{app.pk}/"' in listing
    assert client.get(f"/en/events/hosting/{c.pk}/").status_code == 200
    client.force_login(users["other"])
    assert client.get(f"/en/events/hosting/{c.pk}/").status_code == 404
    assert "Your administration's applications" not in client.get("/en/events/hosting/").content.decode()

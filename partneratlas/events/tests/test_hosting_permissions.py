"""Every URL of the call for hosts and of after the edition × every persona → the expected status.

The world: a call for hosts open now, with submitted applications of Wuppertal (by `own`) and Hamburg
(by `other`); an edition that ended yesterday with its feedback survey, `own` checked in; archived
minutes for participants and slides for the public. Personas as in the project's matrix: anonymous,
own (Wuppertal's editor), other (Hamburg's), partner (Dongguan's), staff (the agency's).
"""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partneratlas.events import feedback
from partneratlas.events.tests.test_hosting_world import (
    application,
    archived,
    edition,
    open_call,
    people,
    registration,
)
from partneratlas.registry.tests.factories import HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "own", "other", "partner", "staff"]
ORGANISERS = (302, 403, 403, 403, 200)

ROWS: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/en/events/hosting/", (200,) * 5),
    ("GET", "/en/events/hosting/{call}/", (200,) * 5),
    ("POST", "/en/events/hosting/{call}/apply/", (302, 302, 302, 403, 403)),  # own, other: to their application
    ("GET", "/en/events/hosting/applications/{wuppertal}/", (302, 200, 403, 403, 403)),
    ("GET", "/en/events/hosting/applications/{hamburg}/", (302, 403, 200, 403, 403)),
    ("POST", "/en/events/hosting/applications/{hamburg}/withdraw/", (302, 403, 302, 403, 403)),
    ("GET", "/en/events/manage/hosting/", ORGANISERS),
    ("GET", "/en/events/manage/hosting/new/", ORGANISERS),
    ("POST", "/en/events/manage/hosting/new/", (302, 403, 403, 403, 400)),  # the form with its errors
    ("GET", "/en/events/manage/hosting/{call}/", ORGANISERS),
    ("GET", "/en/events/manage/hosting/{call}/edit/", ORGANISERS),
    ("GET", "/en/events/manage/hosting/applications/{hamburg}/review/", ORGANISERS),
    ("POST", "/en/events/manage/hosting/{call}/decide/", (302, 403, 403, 403, 302)),  # no choice: back with a note
    ("GET", "/en/events/editions/{edition}/feedback/", (302, 200, 404, 404, 404)),
    ("GET", "/en/events/feedback/{token}/", (200,) * 5),  # the personal link is the key
    ("GET", "/en/events/manage/editions/{edition}/feedback/", ORGANISERS),
    ("POST", "/en/events/manage/editions/{edition}/feedback/start/", (302, 403, 403, 403, 302)),
    ("GET", "/en/events/manage/editions/{edition}/archive/", ORGANISERS),
    ("GET", "/en/events/archive/{minutes}/", (404, 200, 404, 404, 200)),
    ("GET", "/en/events/archive/{slides}/", (200,) * 5),
    ("POST", "/en/events/manage/archive/{slides}/remove/", (302, 403, 403, 403, 302)),
]


@pytest.fixture
def world() -> dict[str, Any]:
    users = people()
    c = open_call()
    now = timezone.now()
    ed = edition(starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1))
    feedback.survey_open(edition=ed)
    came = registration(ed, user=users["own"], email="own@wuppertal.de")
    return {"users": users, "call": c.pk, "wuppertal": application(c, WUPPERTAL, users["own"], now=now).pk,
            "hamburg": application(c, HAMBURG, users["other"], now=now).pk, "edition": ed.pk,
            "token": feedback.link_token(came), "minutes": archived(ed, "Protokoll").pk,
            "slides": archived(ed, "Folien", kind="slides", audience="public").pk}


@pytest.mark.parametrize("who", PERSONAS)
def test_permissions_of_hosting_and_after_the_edition(world: dict[str, Any], who: str) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(world["users"][who])
    failures = []
    for method, template, expected in ROWS:
        url = template.format(**{k: v for k, v in world.items() if k != "users"})
        status = (client.get(url) if method == "GET" else client.post(url, {})).status_code
        if status != expected[PERSONAS.index(who)]:
            failures.append(f"{method} {url}: {status}, expected {expected[PERSONAS.index(who)]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", PERSONAS)
def test_the_rows_of_the_project_matrix_hold(who: str) -> None:
    """tests/matrix_hosting.py, checked here too (with CSRF enforced, as the project's matrix does)."""
    from partneratlas.events.tests.matrix_hosting import ROWS as MATRIX_ROWS

    users = people()
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(users[who])
    client.get("/en/people/delete/" if who != "anonymous" else "/en/accounts/login/")  # a form: the CSRF cookie
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    failures = []
    for _route, method, url, expected in MATRIX_ROWS:
        want = expected[PERSONAS.index(who)]
        if method == "GET":
            status = client.get(url).status_code
        else:
            if client.post(url, {}).status_code != 403:
                failures.append(f"POST {url} without a CSRF token was not refused")
            status = client.post(url, {"csrfmiddlewaretoken": token}).status_code
        if status != want:
            failures.append(f"{method} {url}: {status}, expected {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hans"])
def test_every_page_answers_in_three_languages(world: dict[str, Any], prefix: str) -> None:
    """The pages in German (no prefix), English and Chinese, each with its language's <html lang>."""
    own, staff = Client(), Client()
    own.force_login(world["users"]["own"])
    staff.force_login(world["users"]["staff"])
    ids = {k: v for k, v in world.items() if k != "users"}
    pages = [(own, "/events/hosting/"), (own, "/events/hosting/{call}/"),
             (own, "/events/hosting/applications/{wuppertal}/"), (own, "/events/editions/{edition}/feedback/"),
             (staff, "/events/manage/hosting/"), (staff, "/events/manage/hosting/new/"),
             (staff, "/events/manage/hosting/{call}/"), (staff, "/events/manage/hosting/{call}/edit/"),
             (staff, "/events/manage/hosting/applications/{hamburg}/review/"),
             (staff, "/events/manage/editions/{edition}/feedback/"),
             (staff, "/events/manage/editions/{edition}/archive/")]
    lang = {"": "de", "/en": "en", "/zh-hans": "zh-hans"}[prefix]
    for client, path in pages:
        page = client.get(prefix + path.format(**ids))
        assert (path, page.status_code) == (path, 200)
        assert f'<html lang="{lang}">' in page.content.decode()

"""The call for hosts and the pages after the edition in a real browser, with axe in three languages: a municipal
editor answers the application and the feedback survey; agency staff review, read the results and the archive."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.capacity.models import Claim, Pool
from partneratlas.conftest import look, on_test_database, tab
from partneratlas.events import feedback
from partneratlas.events.models import Edition, HostCall, Registration, Review, Series
from partneratlas.events.tests.test_hosting_world import (
    application,
    archived,
    edition,
    open_call,
    people,
    png,
    registration,
)
from partneratlas.notifications.models import Message
from partneratlas.people.models import AuditEvent, Organisation
from partneratlas.questionnaires.models import Questionnaire, Response
from partneratlas.registry.tests.factories import HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db
LANGUAGES = ["", "/en", "/zh-hans"]  # German has no prefix


def _session(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        users = people()
        now = timezone.now()
        c = open_call()
        own = application(c, WUPPERTAL, users["own"], submitted=False, now=now, language="en")
        hamburg = application(c, HAMBURG, users["other"], now=now)
        ed = edition(starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1))
        feedback.survey_open(edition=ed)
        registration(ed, user=users["own"], email="own@wuppertal.de")
        archived(ed, "Protokoll")
        archived(ed, "Gruppenbild", kind="photo", audience="public", upload=png("gruppe.png"), credit="Stadt Duisburg",
                 licence="CC BY 4.0", consent=True)
        yield {"own": _session(users["own"]), "staff": _session(users["staff"]), "call": c.pk,
               "application": own.pk, "hamburg": hamburg.pk, "edition": ed.pk}
        Review.objects.all().delete()
        HostCall.objects.all().delete()
        Response.objects.all().delete()
        Registration.objects.all().delete()
        Claim.objects.all().delete()
        Edition.objects.all().delete()
        Pool.objects.all().delete()
        Series.objects.all().delete()
        Questionnaire.objects.all().delete()
        Message.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


def test_every_page_passes_axe_in_three_languages(browser: Browser, server: LiveServer, world: dict[str, Any]) -> None:
    own, staff = tab(browser, server, world["own"]), tab(browser, server, world["staff"])
    pages = [
        (own, "/events/hosting/"), (own, f"/events/hosting/{world['call']}/"),
        (own, f"/events/hosting/applications/{world['application']}/"),
        (own, f"/events/editions/{world['edition']}/feedback/"),
        (staff, "/events/manage/hosting/"), (staff, "/events/manage/hosting/new/"),
        (staff, f"/events/manage/hosting/{world['call']}/"), (staff, f"/events/manage/hosting/{world['call']}/edit/"),
        (staff, f"/events/manage/hosting/applications/{world['hamburg']}/review/"),
        (staff, f"/events/manage/editions/{world['edition']}/feedback/"),
        (staff, f"/events/manage/editions/{world['edition']}/archive/"),
    ]
    for prefix in LANGUAGES:
        for page, path in pages:
            answer = page.goto(f"{server.url}{prefix}{path}")
            assert answer is not None
            assert answer.status == 200, path
            look(page)


def test_an_editor_saves_the_application_and_staff_review_with_the_keyboard(
        browser: Browser, server: LiveServer, world: dict[str, Any]) -> None:
    own = tab(browser, server, world["own"])
    own.goto(f"{server.url}/en/events/hosting/applications/{world['application']}/")
    own.get_by_label("Venue and address").fill("Historische Stadthalle Wuppertal")
    own.get_by_role("button", name="Save and continue later").click()
    expect(own.locator(".messages")).to_contain_text("Your answers have been saved")
    own.get_by_role("button", name="Submit the application").click()
    expect(own.locator(".error-summary")).to_be_visible()
    look(own)
    staff = tab(browser, server, world["staff"])
    staff.goto(f"{server.url}/en/events/manage/hosting/applications/{world['hamburg']}/review/")
    staff.get_by_role("button", name="Save the review").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    look(staff)
    for legend, score in (("Venue and rooms", "4"), ("Motivation", "3"), ("Partners brought along", "5")):
        staff.get_by_role("group", name=legend).get_by_label(score, exact=True).check()
    staff.get_by_label("Comment").fill("Überzeugend")
    staff.get_by_role("button", name="Save the review").click()
    expect(staff.locator("h1")).to_contain_text("Applications to host")
    expect(staff.get_by_role("table")).to_contain_text("4.33")
    look(staff)

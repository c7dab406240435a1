"""The check-up in a real browser with axe in three languages: the German side opens a round and answers, the partner
answers in Chinese through its link, both see the radar and the gap; the indicators and the agency's early-warning
dashboard."""

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.activities.tests.factories import activity
from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.models import Round, WarningRefresh
from partneratlas.checkup.tests.factories import definition
from partneratlas.conftest import look, on_test_database, tab
from partneratlas.history.models import Revision
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Questionnaire
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    path = Path(tmp_path_factory.mktemp("checkup")) / "checkup.json"
    path.write_text(json.dumps(definition()), encoding="utf-8")
    with django_db_blocker.unblock():
        checkup_load(path=path, force=True)
        wd = partnership(WUPPERTAL, DONGGUAN)
        client = Client()
        client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
        quiet = timezone.localdate() - datetime.timedelta(days=600)  # about 19 months: at risk on the dashboard
        activity(wd, date=quiet, today=quiet)
        staff = Client()
        staff.force_login(persona("staff@agency.de", OrganisationKind.AGENCY, None))
        yield {"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "wd": wd,
               "staff": staff.cookies[settings.SESSION_COOKIE_NAME].value}
        for round_ in Round.objects.all():
            responses = [s.response for s in round_.sides.all() if s.response]
            round_.delete()
            for response in responses:
                response.delete()
        Questionnaire.objects.all().delete()
        Partnership.objects.all().delete()
        Revision.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()
        WarningRefresh.objects.all().delete()  # the dashboard computed them, committed: never again


def test_both_sides_answer_and_see_the_radar_and_the_gap(browser: Browser, server: LiveServer,
                                                         world: dict[str, Any]) -> None:
    german = tab(browser, server, world["session"])
    german.goto(f"{server.url}/en/checkup/partnerships/{world['wd'].uid}/")
    look(german)
    german.get_by_label("Last day for answers").fill("2001-01-01")
    german.get_by_role("button", name="Open the round").click()
    expect(german.locator(".error-summary")).to_contain_text("after today")
    look(german)
    german.get_by_label("Last day for answers").fill("")
    german.get_by_role("button", name="Open the round").click()
    expect(german.locator(".error-summary")).to_be_visible()
    german.goto(f"{server.url}/en/checkup/partnerships/{world['wd'].uid}/")
    german.get_by_role("button", name="Open the round").click()  # the default: eight weeks from today
    expect(german.locator("h1")).to_contain_text("Check-up round of")
    look(german)
    german.get_by_role("button", name="Issue a link").click()
    link = german.locator("#issued-link").input_value()
    assert "/checkup/link/" in link
    german.get_by_role("link", name="Answer now").click()
    look(german)
    german.get_by_role("button", name="Start answering").click()
    for code, level in (("c01.1", 4), ("c01.2", 4), ("c02.1", 3), ("c05.1", 1)):
        german.locator(f"label[for='q-{code}-{level}']").click()
    german.get_by_role("button", name="Submit the answers").click()
    expect(german.locator(".message-success")).to_contain_text("submitted")

    partner = tab(browser, server, None)
    partner.goto(link.replace("/en/", "/zh-hans/"))
    look(partner)
    partner.locator("label[for='language-zh-hans']").click()
    partner.locator("form.checkup-start button[type=submit]").click()
    expect(partner.locator("legend").first).to_contain_text("问题")
    look(partner)
    for code, level in (("c01.1", 1), ("c01.2", 2), ("c02.1", 3)):
        partner.locator(f"label[for='q-{code}-{level}']").click()
    partner.locator("label[for='q-c05.1-na']").click()
    partner.locator("button[value=submit]").click()
    expect(partner.locator("#results-title")).to_be_visible()
    expect(partner.locator("svg.radar")).to_be_visible()
    expect(partner.locator(".gap-flag").first).to_be_visible()
    look(partner)

    german.goto(german.url.replace("/en/", "/"))  # the round's page, in German
    expect(german.locator("#results-title")).to_contain_text("Ergebnisse")
    expect(german.locator("table.checkup-table").first).to_contain_text("+63")  # c01: 100 − 37.5
    look(german)
    german.goto(f"{server.url}/checkup/link/not-a-token/")
    look(german)
    german.context.close()
    partner.context.close()


def test_the_indicators_and_the_early_warning_dashboard_in_three_languages(browser: Browser, server: LiveServer,
                                                                          world: dict[str, Any]) -> None:
    page = tab(browser, server, world["staff"])
    for prefix, title, state in (("", "Indikatoren", "gefährdet"), ("/en", "Indicators", "at risk"),
                                 ("/zh-hans", "指标", "有风险")):
        page.goto(f"{server.url}{prefix}/checkup/partnerships/{world['wd'].uid}/")
        expect(page.locator("#indicators-title")).to_have_text(title)
        expect(page.locator("#indicator-months-since-activity")).to_contain_text(state)
        look(page)
        page.goto(f"{server.url}{prefix}/checkup/warnings/")
        expect(page.locator("table.checkup-warnings")).to_contain_text(state)
        look(page)
        page.goto(f"{server.url}{prefix}/checkup/warnings/?sort=months")
        look(page)
    page.context.close()

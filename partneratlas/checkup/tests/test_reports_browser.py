"""Council reports in a real browser with axe in three languages: a bad period gets the error summary, issuing lists
the report with its hashes, reopening asks for a reason; the check-up page's section and the reports page."""

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
from partneratlas.checkup.models import CouncilReport
from partneratlas.checkup.tests.factories import definition
from partneratlas.conftest import look, on_test_database, tab
from partneratlas.history.models import Revision
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Questionnaire
from partneratlas.registry.models import ClosedPeriod, Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    path = Path(tmp_path_factory.mktemp("reports")) / "checkup.json"
    path.write_text(json.dumps(definition()), encoding="utf-8")
    with django_db_blocker.unblock():
        checkup_load(path=path, force=True)
        wd = partnership(WUPPERTAL, DONGGUAN)
        today = timezone.localdate()
        activity(wd, date=today - datetime.timedelta(days=20), today=today, title="Jugendaustausch")
        client = Client()
        client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
        yield {"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "wd": wd}
        CouncilReport.objects.all().delete()
        ClosedPeriod.objects.all().delete()
        Questionnaire.objects.all().delete()
        Partnership.objects.all().delete()
        Revision.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


def test_issue_and_reopen_a_council_report_in_three_languages(browser: Browser, server: LiveServer,
                                                              world: dict[str, Any]) -> None:
    page = tab(browser, server, world["session"])
    uid = world["wd"].uid
    today = timezone.localdate()
    page.goto(f"{server.url}/en/checkup/partnerships/{uid}/")
    expect(page.locator("#reports-title")).to_have_text("Council reports")
    look(page)
    page.locator("#id_start").fill(today.isoformat())
    page.locator("#id_end").fill((today - datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Issue the report").click()
    expect(page.locator(".error-summary")).to_contain_text("The last day lies before the first day.")
    look(page)
    page.locator("#id_start").fill((today - datetime.timedelta(days=60)).isoformat())
    page.locator("#id_end").fill(today.isoformat())
    page.get_by_role("button", name="Issue the report").click()
    expect(page.locator(".message-success")).to_contain_text("is issued")
    report = CouncilReport.objects.get()
    expect(page.locator(f"#report-{report.pk}")).to_contain_text(report.pdf_sha256)
    look(page)
    page.get_by_role("button", name=f"Reopen {report.reference}").click()  # no reason: the browser asks for one
    page.get_by_label("Reason for reopening").fill("Der Jugendaustausch fehlte.")
    page.get_by_role("button", name=f"Reopen {report.reference}").click()
    expect(page.locator(f"#report-{report.pk}")).to_contain_text("withdrawn")
    look(page)
    for prefix, title in (("", "Berichte für den Rat"), ("/zh-hans", "市议会报告")):
        page.goto(f"{server.url}{prefix}/checkup/partnerships/{uid}/reports/")
        expect(page.locator("#reports-title")).to_have_text(title)
        look(page)
        page.goto(f"{server.url}{prefix}/checkup/partnerships/{uid}/")
        look(page)
    page.context.close()

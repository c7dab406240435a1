"""The activity log in a real browser: the German side logs an activity with a photo (after a refused
first try), the partner side logs one in Chinese, the public sees only what is public. axe on every page."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.activities.models import Activity
from partneratlas.activities.tests.factories import png_bytes
from partneratlas.conftest import on_test_database
from partneratlas.editing.tests.test_browser import go, look, sign_in
from partneratlas.events.tests.cleanup import events_delete_all
from partneratlas.history.models import Revision
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        call_command("demo", "load", verbosity=0)
        own = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
        partner = persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN)
        yield {"own": own, "partner": partner,
               "wd": Partnership.objects.filter(memberships__municipality__ref=DONGGUAN).get(
                   memberships__municipality__ref=WUPPERTAL)}
        events_delete_all()  # the demo's events (their series name the demo's organisations)
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()
        Activity.objects.all().delete()
        Revision.objects.all().delete()
        Partnership.objects.all().delete()


@pytest.fixture
def page(browser: Browser, server: LiveServer, settings: Any) -> Iterator[Page]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = server.url  # type: ignore[attr-defined]
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert not violations, violations


def test_the_german_side_logs_an_activity_with_a_photo(page: Page, world: dict[str, Any], tmp_path: Path) -> None:
    picture = tmp_path / "rathaus.png"
    picture.write_bytes(png_bytes())
    sign_in(page, world["own"])
    go(page, f"/en/partnerships/{world['wd'].uid}/")
    look(page, "activities-on-partnership-own")
    page.get_by_role("link", name="Log an activity").click()
    look(page, "activities-form")
    page.get_by_label("Kind of activity").select_option(label="Workshop")
    page.locator("#id_date").fill("2099-01-01")
    page.get_by_label("Title").fill("Workshop Kreislaufwirtschaft")
    page.get_by_label("People from Wuppertal").fill("6")
    page.get_by_label("school or kindergarten").check()
    page.get_by_label("Photo or document (JPEG, PNG, WebP or PDF)").first.set_input_files(str(picture))
    page.get_by_label("Credit (photographer or source)").first.fill("Stadt Wuppertal")
    page.get_by_label("Licence").first.fill("CC BY 4.0")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary[role=alert]")
    expect(summary).to_contain_text("more than a year in the future")
    expect(summary).to_contain_text("the people shown agreed")
    look(page, "activities-form-errors")
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_date")).to_be_focused()
    page.locator("#id_date").fill("2025-03-03")
    page.get_by_label("Photo or document (JPEG, PNG, WebP or PDF)").first.set_input_files(str(picture))
    page.get_by_label("The people shown agreed that this photo is kept and shown here").first.check()
    page.get_by_label("public: on the partnership's page").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message-success")).to_contain_text("saved")
    expect(page.locator("article.activity img")).to_have_count(1)
    look(page, "activities-list-own")
    assert Activity.objects.filter(title="Workshop Kreislaufwirtschaft", attachments__consent=True).exists()


def test_the_partner_side_logs_in_chinese(page: Page, world: dict[str, Any]) -> None:
    sign_in(page, world["partner"], "zh-hans")
    go(page, f"/zh-hans/partnerships/{world['wd'].uid}/activities/new/")
    look(page, "activities-form-zh")
    page.get_by_label("活动类型").select_option(label="视频会议")
    page.get_by_label("标题").fill("线上交流会")
    page.locator("form#activity-form button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    look(page, "activities-list-zh")
    assert Activity.objects.get(title="线上交流会").language == "zh"


@pytest.mark.parametrize("language", ["", "/en", "/zh-hans"])
def test_the_public_sees_the_public_activities(page: Page, world: dict[str, Any], language: str) -> None:
    go(page, f"{language}/partnerships/{world['wd'].uid}/")
    expect(page.locator("#activities-title")).to_be_visible()
    expect(page.get_by_text("Jahresplanung per Videokonferenz")).to_have_count(0)  # internal
    look(page, f"activities-public{language.replace('/', '-')}")
    go(page, f"{language}/partnerships/{world['wd'].uid}/activities/")
    expect(page.locator("article.activity").first).to_be_visible()
    look(page, f"activities-public-list{language.replace('/', '-')}")

"""The agency's questionnaire pages and the answer form in a real browser, by keyboard, with axe in three languages."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.conftest import look, on_test_database
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Questionnaire, Version
from partneratlas.questionnaires.tests.factories import definition

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        staff = persona("staff@agency.de", OrganisationKind.AGENCY)
        client = Client()
        client.force_login(staff)
        yield {"session": client.cookies[settings.SESSION_COOKIE_NAME].value}
        for version in Version.objects.all():
            version.responses.all().delete()
        Questionnaire.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


@pytest.fixture
def page(browser: Browser, server: LiveServer, world: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": world["session"], "url": server.url}])
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = server.url  # type: ignore[attr-defined]
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert not violations, violations


def go(page: Page, path: str) -> None:
    page.goto(page.base + path)  # type: ignore[attr-defined]


def test_staff_import_translate_publish_and_preview(page: Page, tmp_path: Path) -> None:
    data = definition()
    data["sections"][1]["items"][4]["text"].pop("zh-hans")  # Chinese lacks one text
    file = tmp_path / "checkup.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    go(page, "/en/questionnaires/")
    look(page)
    page.get_by_label("Definition file (JSON)").set_input_files(str(file))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".message-success")).to_contain_text("imported as a draft")
    look(page)
    page.get_by_label("Add a language (its code, e.g. fr, es, pt, uk)").fill("fr")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Texts in French")
    look(page)
    page.locator("#t-title").fill("Check-up de résilience")
    page.get_by_role("button", name="Save the texts").click()
    expect(page.locator(".message-success")).to_contain_text("1 text in French has been saved")
    page.get_by_role("link", name="resilience-checkup · Version 1").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".message-success")).to_contain_text("published")
    for language in ("de", "zh-hans", "en"):
        prefix = "" if language == "de" else f"/{language}"
        go(page, f"{prefix}/questionnaires/resilience-checkup/1/")
        look(page)
        go(page, f"{prefix}/questionnaires/resilience-checkup/1/preview/?language=zh-hans")
        expect(page.locator(".fallback").first).to_be_visible()
        look(page)
    page.locator("#q-c01\\.1-3").check()
    page.locator("#q-people").fill("viele")
    page.locator("button[value=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter a number.")
    look(page)
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.locator("#q-people").fill("12")
    page.locator("#q-c01\\.2-na").check()
    page.locator("button[value=submit]").click()
    expect(page.locator(".preview-result")).to_contain_text("The answers are valid")
    look(page)

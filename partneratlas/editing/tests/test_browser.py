"""Every editing flow in a real browser, as each persona, signed in through the real login pages.

Debian's Chromium driven by Playwright; axe-core checks each page the flows reach.
Screenshots go to $SCREENSHOTS when it is set (for a person to look at).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.conftest import WCAG, on_test_database
from partneratlas.editing.models import ImportJob
from partneratlas.events.tests.cleanup import events_delete_all
from partneratlas.gazetteer.models import Municipality, MunicipalityName, NameReview
from partneratlas.history.models import Revision
from partneratlas.notifications.models import Message
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import PASSWORD, persona, with_totp
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL
from partneratlas.upkeep.models import Proposal

SHOTS = os.environ.get("SCREENSHOTS", "")
CSV = "Kommune;Land;Partnerkommune;Partnerland;Art;seit\nWuppertal;DE;Bonn;DE;Städtepartnerschaft;2021\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        wuppertal = Municipality.objects.get(ref=WUPPERTAL)  # the flows edit its record: put it back after
        names = list(MunicipalityName.objects.filter(municipality=wuppertal))
        call_command("demo", "load", verbosity=0)
        own = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
        partner = persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN)
        staff = persona("staff@agency.de", OrganisationKind.AGENCY)
        Organisation.objects.filter(kind=OrganisationKind.AGENCY).update(name="Servicestelle")
        Authenticator.objects.filter(user=staff).delete()  # a second factor whose secret we know
        staff.mfa_secret = with_totp(User.objects.get(pk=staff.pk))  # type: ignore[attr-defined]
        yield {"own": own, "partner": partner, "staff": staff,
               "wd": Partnership.objects.filter(memberships__municipality__ref=DONGGUAN).get(
                   memberships__municipality__ref=WUPPERTAL)}
        events_delete_all()  # the demo's events (their series name the demo's organisations)
        Proposal.objects.all().delete()
        Message.objects.all().delete()  # the e-mails the flows queued (committed: the live server's own transactions)
        NameReview.objects.all().delete()
        ImportJob.objects.all().delete()
        Revision.objects.all().delete()
        Partnership.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()
        wuppertal.save()
        MunicipalityName.objects.filter(municipality=wuppertal).delete()
        MunicipalityName.objects.bulk_create(names)


@pytest.fixture
def page(browser: Browser, server: LiveServer, settings: Any, tmp_path: Any) -> Iterator[Page]:
    # The accounts were made with the real password hasher (before the tests' fast one applied).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = server.url  # type: ignore[attr-defined]
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    tab.csp = violations  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert not violations, violations


def go(page: Page, path: str) -> None:
    page.goto(page.base + path)  # type: ignore[attr-defined]


def look(page: Page, name: str) -> None:
    """axe finds no WCAG 2.1 A/AA violation; a screenshot for people when asked for."""
    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, result.generate_report()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def sign_in(page: Page, user: Any, language: str = "en") -> None:
    go(page, f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if getattr(user, "mfa_secret", None):
        page.wait_for_url("**/2fa/authenticate/")
        look(page, "staff-2fa")
        code = f"{hotp_value(user.mfa_secret, next(yield_hotp_counters_from_time())):06d}"
        page.locator("input[name=code]").fill(code)
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/people/")


def test_own_municipality_edits_a_partnership_sees_history_and_reverts(page: Page, world: dict[str, Any]) -> None:
    sign_in(page, world["own"])
    look(page, "own-account")
    page.get_by_role("link", name="Edit", exact=True).first.click()
    look(page, "own-dashboard")
    page.goto(page.base + f"/en/edit/partnerships/{world['wd'].uid}/")  # type: ignore[attr-defined]
    look(page, "own-edit")
    page.get_by_label("Description").fill("Jugendaustausch seit 2017, Schulpartnerschaften.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message-success")).to_contain_text("saved")
    page.get_by_role("link", name="History").first.click()
    expect(page.locator("ins").first).to_be_visible()
    look(page, "own-history")
    page.get_by_role("button", name="Restore version").first.click()
    expect(page.locator(".message-success")).to_contain_text("restored")


def test_own_municipality_imports_a_file(page: Page, world: dict[str, Any], tmp_path: Path) -> None:
    sign_in(page, world["own"])
    go(page, "/en/edit/imports/")
    look(page, "own-import-upload")
    bad = tmp_path / "liste.xlsx"
    bad.write_text(CSV)
    page.get_by_label("File (CSV, Excel or JSON)").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".error")).to_contain_text("is not XLSX")
    look(page, "own-import-refused")
    good = tmp_path / "liste.csv"
    good.write_text(CSV, encoding="utf-8")
    page.get_by_label("File (CSV, Excel or JSON)").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".import-summary")).to_contain_text("new partnerships")
    look(page, "own-import-preview")
    page.get_by_role("button", name="Import now").click()
    expect(page.locator("h2").first).to_contain_text("What the import did")
    look(page, "own-import-done")


def test_own_municipality_keeps_its_record(page: Page, world: dict[str, Any]) -> None:
    sign_in(page, world["own"])
    go(page, f"/en/edit/municipalities/{WUPPERTAL}/")
    look(page, "own-municipality")
    page.get_by_label("Other names and spellings").fill("Schwebebahnstadt")
    page.get_by_label("AGS (official municipality key)").fill("512")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    look(page, "own-municipality-error")
    page.get_by_label("AGS (official municipality key)").fill("05124000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message-success")).to_contain_text("saved")


def test_partner_side_edits_its_actors_in_chinese(page: Page, world: dict[str, Any]) -> None:
    sign_in(page, world["partner"], "zh-hans")
    go(page, f"/zh-hans/edit/partnerships/{world['wd'].uid}/")
    look(page, "partner-edit-zh")
    page.locator("input[name^=actors-][name$=-name]").last.fill("东莞市外事局")
    page.locator("form.edit-form button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    look(page, "partner-saved-zh")


def test_anyone_proposes_and_staff_decides(page: Page, world: dict[str, Any], browser: Browser) -> None:
    go(page, f"/en/propose/?partnership={world['wd'].uid}")
    look(page, "public-propose")
    page.get_by_label("What should change").fill("Seit 2016 gibt es auch einen Schüleraustausch.")
    page.wait_for_timeout(3200)  # people take longer than the time trap's three seconds
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.locator("h1")).to_contain_text("Thank you")
    look(page, "public-thanks")
    staff = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    staff.base = page.base  # type: ignore[attr-defined]
    sign_in(staff, world["staff"])
    go(staff, "/en/edit/")
    staff.get_by_role("link", name="open proposal").click()
    look(staff, "staff-proposals-phone")
    staff.locator("table a").first.click()
    look(staff, "staff-proposal-phone")
    staff.get_by_label("Reply to the sender (optional)").fill("Danke!")
    staff.get_by_role("button", name="Reject").click()
    expect(staff.locator(".message-success")).to_contain_text("rejected")
    staff.context.close()

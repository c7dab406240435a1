"""Settling the names of an import in a real browser, by keyboard alone; axe on the settle screen and the agency's pages.

Debian's Chromium driven by Playwright, signed in through the real login pages (test_browser's helpers).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.conftest import on_test_database
from partneratlas.editing.models import ImportJob
from partneratlas.editing.tests.test_browser import go, look, sign_in
from partneratlas.gazetteer.models import Municipality, NameAlias, PlaceProposal
from partneratlas.history.models import Revision
from partneratlas.notifications.models import Message
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona, with_totp
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db
TAIZHOU_ZHEJIANG, LINHAI_ZHEJIANG = "gn:8400694", "gn:1803422"
CSV = ("Kommune;Land;Partnerkommune;Partnerland;Art;seit\n"
       "Wuppertal;DE;Taizhou;China;Freundschaft;2010\n"  # two comparable Taizhous: ambiguous
       "Wuppertal;DE;Qiaotoucun;China;Projekt;2020\n")  # in no gazetteer: not found


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        own = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
        staff = persona("staff@agency.de", OrganisationKind.AGENCY)
        Authenticator.objects.filter(user=staff).delete()  # a second factor whose secret we know
        staff.mfa_secret = with_totp(User.objects.get(pk=staff.pk))  # type: ignore[attr-defined]
        PlaceProposal.objects.create(name="Shangyangcun", country_id="CN", proposed_by=own, source="liste.csv",
                                     latitude=28.9, longitude=121.2, note="Ein Dorf im Kreis Linhai.")
        yield {"own": own, "staff": staff}
        # What the live server committed in its own transactions.
        NameAlias.objects.all().delete()
        PlaceProposal.objects.all().delete()
        Municipality.objects.filter(ref__startswith="manual:").delete()
        Message.objects.all().delete()
        ImportJob.objects.all().delete()
        Revision.objects.all().delete()
        Partnership.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


@pytest.fixture
def page(browser: Browser, server: LiveServer, settings: Any) -> Iterator[Page]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as the accounts were made
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = server.url  # type: ignore[attr-defined]
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert not violations, violations


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || "", id: e.id, name: e.name || "", value: e.value || "",
                checked: !!e.checked, text: (e.textContent || "").trim(),
                fieldset: e.closest("fieldset") ? e.closest("fieldset").querySelector("legend").textContent : ""}; }""")


def tab_to(page: Page, wanted: Any, *, limit: int = 80) -> dict[str, Any]:
    """Press Tab until the focused element is the one wanted; fail if it never comes."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError("never reached by Tab")


def arrow_to(page: Page, value: str, *, limit: int = 12) -> None:
    """Within a radio group, press the down arrow until the radio of `value` is focused; Space checks it."""
    for _ in range(limit):
        if focused(page)["value"] == value:
            break
        page.keyboard.press("ArrowDown")  # moves and checks
    if not focused(page)["checked"]:  # Tab focuses the first radio of a group without checking it
        page.keyboard.press("Space")
    now = focused(page)
    assert (now["value"], now["checked"]) == (value, True), now


def test_an_editor_settles_both_names_by_keyboard_and_the_file_places_its_rows(
        page: Page, world: dict[str, Any], tmp_path: Path) -> None:
    taizhou = str(Municipality.objects.get(ref=TAIZHOU_ZHEJIANG).pk)
    linhai = str(Municipality.objects.get(ref=LINHAI_ZHEJIANG).pk)
    sign_in(page, world["own"])
    go(page, "/en/edit/imports/")
    file = tmp_path / "liste.csv"
    file.write_text(CSV, encoding="utf-8")
    page.get_by_label("File (CSV, Excel or JSON)").set_input_files(str(file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".import-summary")).to_contain_text("ambiguous")
    page.get_by_role("link", name="Settle names").click()
    expect(page.locator("h1")).to_contain_text("Settle names")
    expect(page.locator(".settle-map .settle-pin").first).to_be_visible()  # the small map marks the candidates
    look(page, "settle")

    # "Taizhou": Tab into its choices, arrow to Taizhou in Zhejiang, Tab to the button, Enter.
    tab_to(page, lambda f: f["type"] == "radio" and "Taizhou" in f["fieldset"])
    arrow_to(page, taizhou)
    assert tab_to(page, lambda f: f["tag"] == "BUTTON", limit=1)["text"] == "Settle “Taizhou” as chosen"
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("“Taizhou” is now placed as Taizhou [gn:8400694]")
    expect(page.locator(".settle-group").first).to_contain_text("Settled: Taizhou [gn:8400694]")

    # "Qiaotoucun": search the gazetteer for "Linhai", choose the one in Zhejiang.
    tab_to(page, lambda f: f["id"].endswith("-q") and "Qiaotoucun" in page.locator(f"label[for='{f['id']}']")
           .inner_text())
    page.keyboard.type("Linhai")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Search results for “Linhai”")).to_be_visible()
    look(page, "settle-search")
    tab_to(page, lambda f: f["type"] == "radio" and "Search results" in f["fieldset"])
    arrow_to(page, linhai)
    assert tab_to(page, lambda f: f["tag"] == "BUTTON", limit=1)["text"] == \
        "Settle “Qiaotoucun” as the search result chosen"
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("“Qiaotoucun” is now placed as Linhai [gn:1803422]")

    # Check the file again, by keyboard too; both rows are placed by the names settled.
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Check the file again")
    page.keyboard.press("Enter")
    expect(page.locator(".import-summary")).to_contain_text("2 settled by hand")
    expect(page.locator(".import-summary")).not_to_contain_text("ambiguous")
    look(page, "settle-rechecked")
    page.get_by_role("button", name="Import now").click()
    expect(page.locator("h2").first).to_contain_text("What the import did")
    assert Partnership.objects.filter(memberships__municipality__ref=LINHAI_ZHEJIANG).count() == 1

    # The same file again: both rows placed at once.
    go(page, "/en/edit/imports/")
    page.get_by_label("File (CSV, Excel or JSON)").set_input_files(str(file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".import-summary")).to_contain_text("2 settled by hand")
    assert ImportJob.objects.order_by("-created_at").first().counts == {  # type: ignore[union-attr]
        "placed": 2, "unchanged": 2, "settled": 2}


def test_the_agency_pages_pass_axe(page: Page, world: dict[str, Any]) -> None:
    sign_in(page, world["staff"])
    go(page, "/en/edit/")
    page.get_by_role("link", name="Remembered names").click()
    expect(page.locator("h1")).to_have_text("Remembered names")
    look(page, "staff-aliases")
    page.get_by_label("Name as written").fill("Taizhou Shi")
    page.get_by_label("Country the row names").select_option("CN")
    page.get_by_label("Place meant").fill(TAIZHOU_ZHEJIANG)
    page.get_by_role("button", name="Add the name").click()
    expect(page.locator(".messages")).to_contain_text("in everyone's imports")
    look(page, "staff-aliases-added")
    go(page, "/en/edit/places/proposals/")
    expect(page.locator("h2").first).to_contain_text("Shangyangcun")
    look(page, "staff-proposals")
    page.get_by_label("Place already in the gazetteer that “Shangyangcun” means").fill("Atlantis, China")
    page.get_by_role("button", name="Take this place").click()
    expect(page.locator(".error")).to_contain_text("Atlantis")
    look(page, "staff-proposals-error")

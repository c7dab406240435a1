"""Every list of the public site and the API reads as many queries for 3 items as for 1 (STYLE, habit 11).

Each page is asked once before it is counted, so that what a process keeps between requests
(the map payload, the API schema) does not make the count depend on the order of the tests.
"""

from typing import Any

import pytest
from django.test import Client

from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.tests.factories import DONGGUAN, ESSEN, GUANGZHOU, HAMBURG, SHANGHAI, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def partnerships_of_wuppertal(n: int) -> None:
    for partner in [DONGGUAN, GUANGZHOU, SHANGHAI][:n]:
        partnership(WUPPERTAL, partner, sdgs=[11], topics=["culture"])


def places_starting_with_ha(n: int) -> None:
    """Hamburg, then Hangzhou and Halle (Saale): partnered places whose names start with "Ha"."""
    hangzhou, halle = (Municipality.objects.filter(name=name).order_by("-population").values_list("ref", flat=True)
                       .first() for name in ("Hangzhou", "Halle (Saale)"))
    pairs = [(HAMBURG, SHANGHAI), (ESSEN, hangzhou), (halle, DONGGUAN)][:n]
    for pair in pairs:
        partnership(*pair)  # type: ignore[arg-type]


# (what is listed, URL, queries, text only the page with 3 items shows)
CASES = [
    ("map list", "/en/map/list/?country=CN", 17, "Shanghai"),
    ("search", "/en/search/?q=Wuppertal", 13, "Shanghai"),
    ("municipality page", f"/en/municipalities/{WUPPERTAL}/", 16, "Shanghai"),  # its parts; 3: networks, events
    ("map panel", f"/en/municipalities/{WUPPERTAL}/partners/?country=CN", 18, "Shanghai"),
    ("statistics page", "/en/statistics/?country=CN", 23, "<td class=\"num\">3</td>"),  # 23: the check-up's version
    ("statistics csv", "/en/statistics/partner_country.csv?country=CN", 16, "CN;China;3"),
    ("download csv", "/en/data/partnerships.csv?country=CN", 13, "Shanghai"),
    ("download geojson", "/en/data/partnerships.geojson?country=CN", 13, "Shanghai"),
    ("API partnerships", "/api/v1/partnerships?country=CN", 8, "Shanghai"),
    ("API statistics", "/api/v1/statistics?country=CN", 11, '"count":3'),
]


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("name", "url", "queries", "only_with_three"), CASES, ids=[c[0] for c in CASES])
def test_list_reads_as_many_queries_for_three_items_as_for_one(client: Client, django_assert_num_queries: Any,
                                                                 n: int, name: str, url: str, queries: int,
                                                                 only_with_three: str) -> None:
    partnerships_of_wuppertal(n)
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_num_queries(queries):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert (only_with_three in response.content.decode()) is (n == 3)


@pytest.mark.parametrize("n", [1, 3])
def test_suggestions_read_as_many_queries_for_three_places_as_for_one(client: Client,
                                                                       django_assert_num_queries: Any,
                                                                       n: int) -> None:
    places_starting_with_ha(n)
    with django_assert_num_queries(1):
        response = client.get("/en/search/suggest/?q=Ha")
    assert response.content.decode().count('<li><a href=') == n


@pytest.mark.parametrize("n", [1, 3])
def test_api_municipality_search_reads_as_many_queries_for_three_places_as_for_one(
        client: Client, django_assert_num_queries: Any, n: int) -> None:
    places_starting_with_ha(n)
    with django_assert_num_queries(2):
        body = client.get("/api/v1/municipalities?q=Ha&country=DE&limit=3").json()
    assert body["count"] >= n

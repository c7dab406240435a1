import gzip
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partneratlas.atlas.tests.conftest import BERLIN
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import (
    DONGGUAN,
    GUANGZHOU,
    WUPPERTAL,
    partnership,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def payload(client: Client, query: str = "", language: str = "/en") -> dict[str, Any]:
    response = client.get(f"{language}/map/data.json?{query}")
    assert response.status_code == 200
    return dict(json.loads(response.content))


def test_map_payload_lists_places_and_partnerships(client: Client, china: dict[str, Partnership]) -> None:
    data = payload(client)
    places = {p[0]: p for p in data["places"]}
    assert data["count"] == 4
    assert len(data["partnerships"]) == 4
    assert len(places) == 7
    assert places[WUPPERTAL][1:] == ["Wuppertal", 51.2563, 7.1482, "DE"]
    wuppertal = data["places"].index(places[WUPPERTAL])
    partners = sorted(data["places"][i][1] for p in data["partnerships"] if wuppertal in p[2:]
                      for i in p[2:] if i != wuppertal)
    assert partners == ["Dongguan", "Guangzhou"]
    kinds = {data["kinds"][p[0]] for p in data["partnerships"]}
    assert kinds == {"Town twinning (with certificate)", "Cooperation agreement", "Project partnership"}


def test_map_payload_follows_the_filters(client: Client, china: dict[str, Partnership]) -> None:
    partnership(WUPPERTAL, BERLIN, kind="friendship")
    assert payload(client)["count"] == 5
    assert payload(client, "country=CN")["count"] == 4
    assert payload(client, "country=CN&kind=twinning")["count"] == 2
    assert payload(client, "status=dormant")["count"] == 1
    assert payload(client, "decade=1980")["count"] == 1
    assert payload(client, "topic=culture")["count"] == 1


def test_map_payload_names_places_in_readers_language(client: Client, china: Any) -> None:
    names = {p[0]: p[1] for p in payload(client, language="/zh-hans")["places"]}
    assert names[DONGGUAN] == "东莞"
    assert names[GUANGZHOU] == "广州"


def test_map_payload_rejects_unknown_filter_values(client: Client, db: Any) -> None:
    response = client.get("/en/map/data.json?kind=nonsense")
    assert response.status_code == 422
    assert response.json()["errors"]["kind"][0]["code"] == "invalid_choice"


def test_map_payload_is_compressed_and_revalidated(client: Client, china: Any) -> None:
    first = client.get("/en/map/data.json", HTTP_ACCEPT_ENCODING="gzip, br")
    assert first["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(first.content))["count"] == 4
    again = client.get("/en/map/data.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_map_payload_changes_with_the_registry(client: Client, china: Any) -> None:
    etag = client.get("/en/map/data.json")["ETag"]
    partnership(WUPPERTAL, BERLIN, kind="friendship")
    response = client.get("/en/map/data.json", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["count"] == 5


def test_map_payload_is_built_once_per_version(client: Client, china: Any,
                                               django_assert_num_queries: Any) -> None:
    client.get("/en/map/data.json")
    with django_assert_num_queries(3):  # the registry version only: the filters are validated when built
        client.get("/en/map/data.json")


@pytest.mark.parametrize("extra", [0, 2])
def test_map_payload_query_count(client: Client, db: Any, extra: int, django_assert_num_queries: Any) -> None:
    partnership(WUPPERTAL, DONGGUAN)
    if extra:
        partnership(WUPPERTAL, GUANGZHOU)
        partnership(DONGGUAN, BERLIN)
    with django_assert_num_queries(12):
        client.get("/en/map/data.json?country=CN")


def test_partners_panel_lists_a_places_partnerships(client: Client, china: Any) -> None:
    page = client.get(f"/en/municipalities/{WUPPERTAL}/partners/?kind=twinning").content.decode()
    assert "Dongguan" in page
    assert "Guangzhou" not in page


@pytest.mark.parametrize("extra", [0, 2])
def test_list_query_count(client: Client, db: Any, extra: int, django_assert_num_queries: Any) -> None:
    partnership(WUPPERTAL, DONGGUAN)
    if extra:
        partnership(WUPPERTAL, GUANGZHOU)
        partnership(DONGGUAN, BERLIN)
    with django_assert_num_queries(17):
        response = client.get("/en/map/list/?country=CN")
    assert len(response.context["items"]) == 1 + extra


def test_list_pages_through_the_selection(client: Client, china: Any, settings: Any) -> None:
    from partneratlas.atlas.views import map as views

    views.LIST_PAGE = 3
    try:
        first = client.get("/en/map/list/?country=CN")
        second = client.get("/en/map/list/?country=CN&page=2")
    finally:
        views.LIST_PAGE = 50
    assert len(first.context["items"]) == 3
    assert len(second.context["items"]) == 1
    assert 'href="?country=CN&amp;page=2"' in first.content.decode()


def test_a_process_reuses_its_reading_of_the_registry_version_for_a_moment(
        settings: Any, django_assert_num_queries: Any) -> None:
    from partneratlas.atlas import mapdata
    from partneratlas.atlas.mapdata import registry_version

    mapdata._read = (float("-inf"), "")  # what earlier tests read is no reading of this test's registry
    settings.MAP_VERSION_SECONDS = 60
    with django_assert_num_queries(3):
        first = registry_version()
    partnership(WUPPERTAL, DONGGUAN)
    with django_assert_num_queries(0):
        assert registry_version() == first  # the map may show the change up to a minute later
    settings.MAP_VERSION_SECONDS = 0
    with django_assert_num_queries(3):
        assert registry_version() != first

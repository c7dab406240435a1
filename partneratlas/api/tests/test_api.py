from typing import Any

import pytest
from django.test import Client

from partneratlas.registry.models import Actor, Partnership
from partneratlas.registry.tests.factories import (
    CHANGZHOU,
    DONGGUAN,
    ESSEN,
    GUANGZHOU,
    HAMBURG,
    POTSDAM,
    RHINELAND_PALATINATE,
    RWANDA,
    SHANGHAI,
    WUPPERTAL,
    ZANZIBAR,
    partnership,
)

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200, language: str = "en") -> Any:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def registry() -> dict[str, Partnership]:
    return {
        "wuppertal-dongguan": partnership(WUPPERTAL, DONGGUAN, since=2016, sdgs=[11, 17], topics=["culture"]),
        "wuppertal-guangzhou": partnership(WUPPERTAL, GUANGZHOU, kind="cooperation", sdgs=[17]),
        "hamburg-shanghai": partnership(HAMBURG, SHANGHAI, since=1986, sdgs=[11, 13], topics=["climate-adaptation"],
                                        description="Hamburg House, the first passive house in China"),
        "essen-changzhou": partnership(ESSEN, CHANGZHOU, kind="project", since=2013, status="dormant"),
        "potsdam-zanzibar": partnership(POTSDAM, ZANZIBAR, kind="project", since=2011),
        "rlp-rwanda": partnership(RHINELAND_PALATINATE, RWANDA, since=1982),
    }


def ids(body: dict[str, Any]) -> list[str]:
    return [r["id"] for r in body["results"]]


def uid(p: Partnership) -> str:
    return str(p.uid)


def test_list_has_members_themes_and_history(client: Client, registry: dict[str, Partnership]) -> None:
    body = get(client, f"/api/v1/partnerships?municipality={registry['hamburg-shanghai'].members.first().id}")
    assert body["count"] == 1
    item = body["results"][0]
    assert (item["kind"], item["kind_name"], item["status"], item["since"]) == (
        "twinning", "Town twinning (with certificate)", "active", 1986)
    assert [(m["name"], m["country"], m["region"]) for m in item["members"]] == [
        ("Hamburg", "DE", "Hamburg"), ("Shanghai", "CN", "Shanghai")]
    assert (item["sdgs"], item["topics"]) == ([11, 13], ["climate-adaptation"])
    assert item["status_history"] == [{"status": "active", "year": 1986, "date": None}]
    assert item["source"] == "test"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=CN", ["wuppertal-dongguan", "wuppertal-guangzhou", "hamburg-shanghai", "essen-changzhou"]),
        ("country=RW", ["rlp-rwanda"]),
        ("german_state=NRW", ["wuppertal-dongguan", "wuppertal-guangzhou", "essen-changzhou"]),
        ("german_state=DE-BB", ["potsdam-zanzibar"]),
        ("german_state=Rheinland-Pfalz", ["rlp-rwanda"]),
        ("kind=project", ["essen-changzhou", "potsdam-zanzibar"]),
        ("status=dormant", ["essen-changzhou"]),
        ("sdg=11", ["wuppertal-dongguan", "hamburg-shanghai"]),
        ("topic=climate-adaptation", ["hamburg-shanghai"]),
        ("since_min=1986&since_max=2013", ["hamburg-shanghai", "essen-changzhou", "potsdam-zanzibar"]),
        ("q=wupertal", []),
        ("q=wuppertal", ["wuppertal-dongguan", "wuppertal-guangzhou"]),
        ("q=东莞", ["wuppertal-dongguan"]),
        ("q=passive house", ["hamburg-shanghai"]),
        ("country=CN&kind=twinning&sdg=11", ["wuppertal-dongguan", "hamburg-shanghai"]),
    ],
)
def test_filters(client: Client, registry: dict[str, Partnership], query: str, expected: list[str]) -> None:
    body = get(client, f"/api/v1/partnerships?{query}")
    assert ids(body) == [uid(registry[name]) for name in expected]
    assert body["count"] == len(expected)


def test_list_answers_match_the_documented_schema(client: Client, registry: dict[str, Partnership]) -> None:
    from partneratlas.api.schemas import PartnershipOut, PartnershipPage

    body = get(client, "/api/v1/partnerships?limit=3")
    page = PartnershipPage.model_validate(body)
    assert [r.id for r in page.results] == ids(body)
    assert set(body["results"][0]) == set(PartnershipOut.model_fields)
    assert set(body["results"][0]["members"][0]) == set(PartnershipOut.model_fields["members"].annotation.__args__[0]
                                                        .model_fields)


def test_stable_sort_and_pagination(client: Client, registry: dict[str, Partnership]) -> None:
    by_since = get(client, "/api/v1/partnerships?sort=-since&limit=2")
    assert ids(by_since) == [uid(registry["wuppertal-dongguan"]), uid(registry["essen-changzhou"])]
    assert by_since["next"] == "http://testserver/api/v1/partnerships?sort=-since&limit=2&offset=2"
    assert by_since["previous"] is None
    pages = [get(client, f"/api/v1/partnerships?sort=-since&limit=2&offset={o}") for o in (0, 2, 4)]
    seen = [i for p in pages for i in ids(p)]
    assert len(seen) == len(set(seen)) == 6
    assert pages[2]["next"] is None
    assert pages[2]["previous"] == "http://testserver/api/v1/partnerships?sort=-since&limit=2&offset=2"


def test_one_partnership(client: Client, registry: dict[str, Partnership]) -> None:
    item = get(client, f"/api/v1/partnerships/{uid(registry['rlp-rwanda'])}")
    assert [(m["name"], m["kind"]) for m in item["members"]] == [("Rheinland-Pfalz", "state"), ("Rwanda", "country")]
    assert item["actors"] == []
    Actor.objects.create(partnership=registry["rlp-rwanda"], name="Partnerschaftsverband", kind="partnership_association",
                         municipality=registry["rlp-rwanda"].members.get(ref=RHINELAND_PALATINATE))
    item = get(client, f"/api/v1/partnerships/{uid(registry['rlp-rwanda'])}")
    assert item["actors"] == [{"name": "Partnerschaftsverband", "kind": "partnership_association", "role": "",
                               "member": RHINELAND_PALATINATE}]


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/v1/partnerships?sdg=18", 422, "Invalid parameters: sdg"),
        ("/api/v1/partnerships?limit=0", 422, "Invalid parameters: limit"),
        ("/api/v1/partnerships?limit=501", 422, "Invalid parameters: limit"),
        ("/api/v1/partnerships?since_min=abc", 422, "Invalid parameters: since_min"),
        ("/api/v1/partnerships?status=asleep", 422, "Invalid parameters: status"),
        ("/api/v1/partnerships?kind=marriage", 422, "Unknown value “marriage” for kind."),
        ("/api/v1/partnerships?german_state=Gallia", 422, "Unknown value “Gallia” for german_state."),
        ("/api/v1/partnerships?sort=name", 422, "Invalid parameters: sort"),
        ("/api/v1/partnerships/not-a-uuid", 404, "No partnership “not-a-uuid”."),
        ("/api/v1/partnerships/6f1c1f7e-0000-4000-8000-000000000000", 404,
         "No partnership “6f1c1f7e-0000-4000-8000-000000000000”."),
        ("/api/v1/municipalities/gn:1", 404, "No municipality “gn:1”."),
        ("/api/v1/municipalities?region=Zhejiang", 422, "A region filter needs a country."),
        ("/api/v1/municipalities?country=CN&region=Gallia", 422, "Unknown value “Gallia” for region."),
        ("/api/v1/no-such-thing", 404, "Not found."),
        ("/api/v2/partnerships", 404, "Not found."),
    ],
)
def test_errors_are_json_with_a_message(client: Client, url: str, status: int, detail: str) -> None:
    assert get(client, url, status)["detail"] == detail


def test_errors_in_german(client: Client) -> None:
    body = get(client, "/api/v1/partnerships/x", 404, language="de")
    assert body["detail"] == "Keine Partnerschaft „x“ vorhanden."


def test_post_is_not_allowed(client: Client) -> None:
    assert client.post("/api/v1/partnerships").status_code == 405


def test_municipality_search_forgives_spelling(client: Client) -> None:
    assert [m["ref"] for m in get(client, "/api/v1/municipalities?q=Dusseldorf&country=DE")["results"]] == [
        "gn:2934246"]
    assert get(client, "/api/v1/municipalities?q=东莞")["results"][0]["ref"] == DONGGUAN
    names = [m["name"] for m in get(client, "/api/v1/municipalities?country=CN&region=Zhejiang&q=taizhou")["results"]]
    assert names[0] == "Taizhou"


def test_municipality_names_in_the_readers_language(client: Client) -> None:
    assert get(client, f"/api/v1/municipalities/{DONGGUAN}", language="zh-hans")["display_name"] == "东莞"
    assert get(client, f"/api/v1/municipalities/{DONGGUAN}", language="de")["display_name"] == "Dongguan"
    assert get(client, "/api/v1/municipalities/adm1:DE.08", language="en")["display_name"] == "Rhineland-Palatinate"


def test_municipality_filters(client: Client) -> None:
    body = get(client, "/api/v1/municipalities?country=DE&kind=state&limit=20")
    assert body["count"] == 14  # 16 Länder; Berlin and Hamburg are their cities
    assert body["results"][0]["name"] == "Nordrhein-Westfalen"


def test_statistics(client: Client, registry: dict[str, Partnership]) -> None:
    body = get(client, "/api/v1/statistics")
    assert body["total"] == 6
    assert body["by_partner_country"] == [
        {"key": "CN", "label": "China", "count": 4}, {"key": "RW", "label": "Rwanda", "count": 1},
        {"key": "TZ", "label": "Tanzania", "count": 1}]
    assert body["by_kind"][0] == {"key": "twinning", "label": "Town twinning (with certificate)", "count": 3}
    assert {s["key"]: s["count"] for s in body["by_german_state"]} == {
        "DE-NW": 3, "DE-HH": 1, "DE-BB": 1, "DE-RP": 1}
    assert [(d["key"], d["count"]) for d in body["by_decade"]] == [
        ("1980", 2), ("2010", 3), ("unknown", 1)]
    assert {s["key"]: s["count"] for s in body["by_status"]} == {"active": 5, "dormant": 1}
    assert {s["key"]: s["count"] for s in body["by_sdg"]} == {"11": 2, "13": 1, "17": 2}
    assert {s["key"]: s["count"] for s in body["by_topic"]} == {"climate-adaptation": 1, "culture": 1}


def test_statistics_for_china_in_chinese(client: Client, registry: dict[str, Partnership]) -> None:
    body = get(client, "/api/v1/statistics?country=CN", language="zh-hans")
    assert body["total"] == 4
    assert body["by_partner_country"] == [{"key": "CN", "label": "中国", "count": 4}]
    assert {k["key"]: k["count"] for k in body["by_kind"]} == {"twinning": 2, "cooperation": 1, "project": 1}


def test_openapi_schema(client: Client) -> None:
    schema = get(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/partnerships", "/api/v1/partnerships/{uid}", "/api/v1/municipalities",
            "/api/v1/municipalities/{ref}", "/api/v1/statistics"} <= set(schema["paths"])


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_does_not_grow(client: Client, django_assert_num_queries: Any, n: int) -> None:
    for partner in [DONGGUAN, GUANGZHOU, SHANGHAI][:n]:
        partnership(WUPPERTAL, partner, sdgs=[11], topics=["culture"])
    with django_assert_num_queries(8):  # the page fits: no count query
        assert get(client, "/api/v1/partnerships?country=CN")["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_statistics_query_count_does_not_grow(client: Client, django_assert_num_queries: Any, n: int) -> None:
    for partner in [DONGGUAN, GUANGZHOU, SHANGHAI][:n]:
        partnership(WUPPERTAL, partner, sdgs=[11])
    with django_assert_num_queries(11):
        assert get(client, "/api/v1/statistics")["total"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_municipality_list_query_count(client: Client, django_assert_num_queries: Any, n: int) -> None:
    with django_assert_num_queries(2):
        assert len(get(client, f"/api/v1/municipalities?country=DE&limit={n}")["results"]) == n


@pytest.mark.parametrize(("language", "dongguan", "region", "kind"), [
    ("zh-hans", "东莞", "广东省", "友好城市（正式结好）"),
    ("de", "Dongguan", "Guangdong", "Städtepartnerschaft (mit Urkunde)"),
    ("en", "Dongguan", "Guangdong", "Town twinning (with certificate)"),
])
def test_list_names_members_in_the_readers_language(client: Client, registry: dict[str, Partnership],
                                                    language: str, dongguan: str, region: str, kind: str) -> None:
    item = get(client, f"/api/v1/partnerships/{uid(registry['wuppertal-dongguan'])}", language=language)
    listed = get(client, "/api/v1/partnerships?q=dongguan", language=language)["results"][0]
    for answer in (item, listed):
        assert (answer["members"][1]["display_name"], answer["members"][1]["region"]) == (dongguan, region)
        assert answer["kind_name"] == kind

"""Input no reader should send still gets a clear answer in JSON, never a 500 (issue 10, fault 10)."""

from typing import Any

import pytest
from django.test import Client

from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # more than a 64-bit integer holds
OVERLONG = "9" * 300


def answer(client: Client, url: str, language: str = "en") -> tuple[int, dict[str, Any]]:
    response = Client(raise_request_exception=False).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.status_code, response.json()


@pytest.mark.parametrize(("url", "parameter"), [
    (f"/api/v1/partnerships?offset={HUGE}", "offset"),
    (f"/api/v1/partnerships?offset={OVERLONG}", "offset"),
    (f"/api/v1/municipalities?offset={HUGE}", "offset"),
    (f"/api/v1/partnerships?municipality={HUGE}", "municipality"),
    (f"/api/v1/partnerships?municipality={OVERLONG}", "municipality"),
    (f"/api/v1/statistics?municipality={OVERLONG}", "municipality"),
])
def test_a_huge_number_is_an_invalid_parameter(client: Client, url: str, parameter: str) -> None:
    status, body = answer(client, url)
    assert (status, body["detail"]) == (422, f"Invalid parameters: {parameter}")
    assert [e["parameter"] for e in body["errors"]] == [parameter]


def test_a_huge_number_is_refused_in_the_readers_language(client: Client) -> None:
    status, body = answer(client, f"/api/v1/partnerships?offset={HUGE}", language="de")
    assert (status, body["detail"]) == (422, "Ungültige Parameter: offset")


def test_the_last_page_of_a_large_offset_is_empty(client: Client) -> None:
    partnership(WUPPERTAL, DONGGUAN)
    status, body = answer(client, "/api/v1/partnerships?offset=1000000000")
    assert (status, body["count"], body["results"], body["next"]) == (200, 1, [], None)


@pytest.mark.parametrize("ref", ["²", "١٢", "１２", OVERLONG])
def test_a_municipality_by_an_id_of_other_digits_is_not_found(client: Client, ref: str) -> None:
    status, body = answer(client, f"/api/v1/municipalities/{ref}")
    assert (status, body["detail"]) == (404, f"No municipality “{ref}”.")


def test_a_municipality_by_its_numeric_id_is_found(client: Client) -> None:
    place = partnership(WUPPERTAL, DONGGUAN).members.get(ref=WUPPERTAL)
    assert answer(client, f"/api/v1/municipalities/{place.id}") == (200, answer(client, f"/api/v1/municipalities/"
                                                                                        f"{WUPPERTAL}")[1])


@pytest.mark.parametrize("url", [
    "/api/v1/partnerships?q=a%00b", "/api/v1/partnerships?kind=%00", "/api/v1/partnerships?topic=x%00",
    "/api/v1/municipalities/gn:%00", "/api/v1/municipalities?q=%00",
])
def test_a_null_character_is_a_bad_request(client: Client, url: str) -> None:
    status, body = answer(client, url)
    assert (status, body) == (400, {"detail": "The address contains a null character, which is not allowed.",
                                    "errors": []})

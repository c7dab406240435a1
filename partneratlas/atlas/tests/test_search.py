from typing import Any

import pytest
from django.test import Client

from partneratlas.atlas.searching import search, suggestions
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db

DUSSELDORF = "gn:2934246"


def test_search_forgives_missing_umlauts(client: Client, china: Any) -> None:
    partnership(DUSSELDORF, DONGGUAN, kind="friendship")
    results = search("Dusseldorf")
    assert [m.ref for m in results.municipalities] == [DUSSELDORF]
    assert results.partnership_count == 1


@pytest.mark.parametrize("text", ["东莞", "东莞市", "Dongguan", "dong1guan3", "DONG GUAN"])
def test_search_finds_chinese_names_and_pinyin(china: Any, text: str) -> None:
    assert [m.ref for m in search(text).municipalities] == [DONGGUAN]


def test_search_groups_municipalities_and_partnerships(client: Client, china: Any) -> None:
    page = client.get("/en/search/?q=Wuppertal").content.decode()
    assert page.index('id="places-title"') < page.index('id="partnerships-title"')
    assert "2 partnerships" in page
    assert f'href="/en/municipalities/{WUPPERTAL}/"' in page


def test_search_names_places_without_partnerships(client: Client, china: Any) -> None:
    results = search("Bonn")
    assert results.municipalities == []
    assert [m.name for m in results.unpartnered] == ["Bonn"]


def test_suggestions_start_like_the_text(client: Client, china: Any) -> None:
    assert [m.ref for m in suggestions("wup")] == [WUPPERTAL]
    assert suggestions("w") == []
    assert [m.ref for m in suggestions("东")] == [DONGGUAN]
    page = client.get("/zh-hans/search/suggest/?q=dong").content.decode()
    assert f'href="/zh-hans/municipalities/{DONGGUAN}/"' in page
    assert "东莞" in page


def test_suggestions_say_when_nothing_matches(client: Client, china: Any) -> None:
    page = client.get("/en/search/suggest/?q=Xyzzy").content.decode()
    assert "No municipality with partnerships starts like this." in page


def test_search_takes_long_and_odd_input(client: Client, china: Any) -> None:
    assert client.get("/en/search/?q=" + "a" * 5000).status_code == 200
    assert client.get("/en/search/?q=%25%27%22%3C").status_code == 200
    assert client.get("/en/search/suggest/?q=%00").status_code == 400  # no keyboard types it (issue 10, fault 10)

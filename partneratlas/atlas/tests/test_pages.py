from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from partneratlas.registry.models import Actor, Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db

PAGES = ["/", "/map/", "/map/list/", "/search/", "/search/?q=Wuppertal", "/statistics/", "/data/",
         "/accessibility/", "/imprint/", f"/municipalities/{WUPPERTAL}/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hans"])
def test_page_answers_in_every_language(client: Client, china: Any, path: str, prefix: str) -> None:
    response = client.get(prefix + path)
    assert response.status_code == 200
    language = {"": "de", "/en": "en", "/zh-hans": "zh-hans"}[prefix]
    assert f'<html lang="{language}">' in response.content.decode()


def test_start_counts_live(client: Client, china: dict[str, Partnership]) -> None:
    figures = client.get("/en/").context["figures"]
    assert (figures.partnerships, figures.twinnings, figures.municipalities, figures.german_municipalities,
            figures.partner_countries) == (4, 2, 7, 3, 1)


def test_municipality_lists_its_partners(client: Client, china: dict[str, Partnership]) -> None:
    page = client.get(f"/en/municipalities/{WUPPERTAL}/").content.decode()
    assert "Dongguan" in page
    assert "Guangzhou" in page
    assert "Shanghai" not in page
    assert f'href="/en/partnerships/{china["dongguan"].uid}/"' in page


def test_municipality_name_in_readers_language(client: Client, china: Any) -> None:
    page = client.get(f"/zh-hans/municipalities/{DONGGUAN}/").content.decode()
    assert "<h1>东莞</h1>" in page
    assert "<h1>Dongguan</h1>" in client.get(f"/en/municipalities/{DONGGUAN}/").content.decode()


def test_partnership_page_shows_its_record(client: Client, china: dict[str, Partnership]) -> None:
    page = client.get(f"/partnerships/{china['shanghai'].uid}/").content.decode()  # German: no prefix
    assert "Hamburg – Shanghai" in page
    assert "Städtepartnerschaft (mit Urkunde)" in page
    assert "seit 1986" in page
    assert "Stadtentwicklung" in page


def test_partnership_page_names_its_actors_with_kind_role_and_side(client: Client,
                                                                   china: dict[str, Partnership]) -> None:
    hamburg_shanghai = china["shanghai"]
    Actor.objects.create(partnership=hamburg_shanghai, name="Senatskanzlei", kind="mayors_office",
                         role="koordiniert die Partnerschaft", municipality=hamburg_shanghai.members.get(ref=HAMBURG))
    page = client.get(f"/en/partnerships/{hamburg_shanghai.uid}/").content.decode()
    actors = page[page.index('id="actors-title"'):page.index("</section>", page.index('id="actors-title"'))]
    assert "<strong>Senatskanzlei</strong>" in actors
    assert "mayor&#x27;s office · Hamburg" in actors
    assert "koordiniert die Partnerschaft" in actors
    assert 'id="actors-title"' not in client.get(f"/en/partnerships/{china['dongguan'].uid}/").content.decode()


def test_unknown_pages_answer_404(client: Client, db: Any) -> None:
    assert client.get("/en/municipalities/gn:0/").status_code == 404
    assert client.get("/en/partnerships/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/en/statistics/nonsense.csv").status_code == 404
    assert client.get("/en/data/partnerships.exe").status_code == 404


def test_language_switcher_keeps_the_page_and_filters(client: Client, db: Any) -> None:
    page = client.get("/en/map/list/?country=CN").content.decode()
    assert 'href="/zh-hans/map/list/?country=CN"' in page
    assert 'href="/map/list/?country=CN"' in page


def test_dates_and_numbers_are_localised(client: Client, china: dict[str, Partnership]) -> None:
    Partnership.objects.filter(pk=china["shanghai"].pk).update(verified_on="2022-06-24")
    uid = china["shanghai"].uid
    assert "24. Juni 2022" in client.get(f"/partnerships/{uid}/").content.decode()
    assert "June 24, 2022" in client.get(f"/en/partnerships/{uid}/").content.decode()
    assert "2022年6月24日" in client.get(f"/zh-hans/partnerships/{uid}/").content.decode()
    with translation.override("de"):
        assert "1.986" not in client.get(f"/partnerships/{uid}/").content.decode()


def test_imprint_names_the_configured_operator(client: Client, db: Any, settings: Any) -> None:
    settings.SITE_OPERATOR = "Servicestelle Kommunen in der Einen Welt"
    settings.SITE_ADDRESS = ["Friedrich-Ebert-Allee 40", "53113 Bonn"]
    page = client.get("/imprint/").content.decode()
    assert "Servicestelle Kommunen in der Einen Welt<br>" in page
    assert "53113 Bonn<br>" in page


def test_download_refuses_an_unknown_filter_value(client: Client, china: dict[str, Partnership]) -> None:
    response = client.get("/en/data/partnerships.csv?kind=nonsense")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Some filter values are not known" in response.content.decode()
    assert client.get("/en/data/partnerships.csv?kind=twinning").status_code == 200

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from partneratlas.registry.models import Actor, Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL, partnership

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


@pytest.mark.parametrize(("debug", "shown"), [(True, True), (False, False)])
def test_imprint_names_the_settings_to_set_only_in_debug_mode(client: Client, db: Any, settings: Any,
                                                               debug: bool, shown: bool) -> None:
    settings.SITE_OPERATOR = ""
    settings.DEBUG = debug
    page = client.get("/en/imprint/").content.decode()
    assert ("SITE_OPERATOR" in page) is shown
    assert ("This installation has not yet named its operator" in page) is shown
    assert "Content and sources" in page


def test_accessibility_feedback_goes_to_the_sites_email(client: Client, db: Any, settings: Any) -> None:
    settings.ACCESSIBILITY_EMAIL = ""
    settings.SITE_EMAIL = "info@example.org"
    page = client.get("/en/accessibility/").content.decode()
    assert '<a href="mailto:info@example.org">info@example.org</a>' in page
    assert "contact details in the imprint" not in page
    settings.ACCESSIBILITY_EMAIL = "barrierefrei@example.org"
    assert 'href="mailto:barrierefrei@example.org"' in client.get("/en/accessibility/").content.decode()


def test_partnership_tables_label_each_cell_for_phones(client: Client, china: Any) -> None:
    municipality = client.get(f"/en/municipalities/{WUPPERTAL}/").content.decode()
    assert ('<div class="table-wrap" tabindex="0" role="region" aria-label="Partnerships of Wuppertal">'
            in municipality)
    for label in ("Partner", "Country", "Kind", "Status", "Since"):
        assert municipality.count(f'<td data-label="{label}">') == 2
    listing = client.get("/en/map/list/?country=CN").content.decode()
    assert ('<div class="table-wrap" tabindex="0" role="region" aria-label="Partnerships in this selection">'
            in listing)
    for label in ("Members", "Countries", "Kind", "Status", "Since"):
        assert listing.count(f'<td data-label="{label}">') == 4
    german = client.get(f"/municipalities/{WUPPERTAL}/").content.decode()
    assert german.count('<td data-label="Partnerkommune">') == 2


def test_record_text_in_german_is_marked_as_german(client: Client, china: Any) -> None:
    record = partnership(HAMBURG, DONGGUAN, description="Austausch von Auszubildenden")
    Actor.objects.create(partnership=record, name="Handwerkskammer", kind="business",
                         role="organisiert den Austausch", municipality=record.members.get(ref=HAMBURG))
    Partnership.objects.filter(pk=record.pk).update(source="Stadt Hamburg, Meldung vom 1.2.2024")
    for prefix in ("/en", "/zh-hans"):
        page = client.get(f"{prefix}/partnerships/{record.uid}/").content.decode()
        assert '<p lang="de">Austausch von Auszubildenden</p>' in page
        assert '<span lang="de">organisiert den Austausch</span>' in page
        assert '<span lang="de">Stadt Hamburg, Meldung vom 1.2.2024</span>' in page


def test_partnership_page_shows_the_small_map_right_after_the_members(client: Client, china: Any) -> None:
    record = partnership(HAMBURG, DONGGUAN, description="Austausch")
    page = client.get(f"/en/partnerships/{record.uid}/").content.decode()
    assert page.index('id="members-title"') < page.index('id="mini-map"') < page.index('id="description-title"')


def test_figures_are_grouped_by_thousands_in_every_language(client: Client, china: Any) -> None:
    inhabitants = {prefix: client.get(f"{prefix}/municipalities/{WUPPERTAL}/").content.decode()
                   for prefix in ("", "/en", "/zh-hans")}
    assert "<dd>360.797</dd>" in inhabitants[""]
    assert "<dd>360,797</dd>" in inhabitants["/en"]
    assert "<dd>360,797</dd>" in inhabitants["/zh-hans"]  # not Django's "360797" (grouped by ten thousands)


def test_municipality_kind_starts_with_a_capital(client: Client, china: Any) -> None:
    page = client.get(f"/en/municipalities/{WUPPERTAL}/").content.decode()
    assert "<dd>Municipality or town</dd>" in page


def test_filters_are_a_disclosure_open_without_javascript(client: Client, db: Any) -> None:
    for path in ("/en/map/", "/en/map/list/", "/en/statistics/", "/en/data/"):
        page = client.get(path).content.decode()
        assert '<details class="filters" open data-phone-closed>' in page
        assert '<summary id="filters-title" class="filters-title">Filter</summary>' in page
    chosen = client.get("/en/map/?country=CN").content.decode()  # in sight when the filters are closed
    assert ('<summary id="filters-title" class="filters-title">Filter<span class="filters-chosen"> – '
            'Partner country China</span></summary>') in chosen
    invalid = client.get("/en/map/list/?kind=nonsense").content.decode()
    assert '<details class="filters" open>' in invalid  # an error stays in sight, on a phone too


def test_enumerations_and_brackets_follow_the_language(client: Client, china: dict[str, Partnership]) -> None:
    from partneratlas.site.templatetags.site_text import bracketed, list_separator

    record = partnership(HAMBURG, DONGGUAN, topics=["culture", "urban-development"])
    with translation.override("zh-hans"):
        separator, in_brackets = list_separator(), str(bracketed("德国"))
    page = client.get(f"/zh-hans/partnerships/{record.uid}/").content.decode()
    assert f"<dd>文化{separator}城市发展</dd>" in page or f"<dd>城市发展{separator}文化</dd>" in page
    search = client.get("/zh-hans/search/?q=Bonn").content.decode()
    assert f'波恩</a><span class="meta">{in_brackets}</span>' in search
    assert '的城市：<a class="place-name"' in search  # no space after a full-width colon
    english = client.get("/en/search/?q=Bonn").content.decode()
    assert 'Also found, without recorded partnerships: <a class="place-name"' in english
    assert 'Bonn</a><span class="meta"> (Germany)</span>' in english

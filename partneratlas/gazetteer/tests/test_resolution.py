import pytest

from partneratlas.gazetteer.models import Municipality
from partneratlas.gazetteer.resolution import Resolver

pytestmark = pytest.mark.django_db


def resolve(name: str, country: str | None = None, region: str | None = None, **kwargs: str) -> tuple[str, str]:
    """(status, ref of the chosen municipality or "")."""
    result = Resolver().resolve(name, country, region, **kwargs)
    ref = Municipality.objects.get(id=result.municipality_id).ref if result.municipality_id else ""
    return result.status, ref


WUPPERTAL, DONGGUAN, TAIZHOU_JS, TAIZHOU_ZJ = "gn:2805753", "gn:1812545", "gn:1793505", "gn:8400694"
HALLE_SAALE, BEIJING, GUANGZHOU, SHANGHAI = "gn:2911522", "gn:1816670", "gn:1809858", "gn:1796236"


def test_two_large_taizhous_stay_ambiguous() -> None:
    result = Resolver().resolve("Taizhou", "CN")
    assert result.status == "ambiguous"
    assert [c.ref for c in result.candidates[:2]] == [TAIZHOU_JS, TAIZHOU_ZJ]
    assert result.reason.startswith("3 municipalities match")


@pytest.mark.parametrize(("region", "ref"), [("Zhejiang", TAIZHOU_ZJ), ("Jiangsu", TAIZHOU_JS),
                                             ("江苏", TAIZHOU_JS), ("Zhejiang Sheng", TAIZHOU_ZJ),
                                             ("CN-JS", TAIZHOU_JS)])
def test_region_hint_decides_taizhou(region: str, ref: str) -> None:
    assert resolve("Taizhou", "CN", region) == ("placed", ref)


def test_region_hint_can_ride_in_the_country_field() -> None:
    assert resolve("Taizhou", "Jiangsu, China") == ("placed", TAIZHOU_JS)


def test_city_of_millions_outranks_places_of_the_same_name() -> None:
    result = Resolver().resolve("Dongguan", "CN")
    assert result.status == "placed"
    assert "far exceeds" in result.reason
    assert len(result.candidates) >= 3


@pytest.mark.parametrize("name", ["东莞", "东莞市", "Dōngguǎn", "dong guan", "Dong1guan3"])
def test_chinese_characters_and_pinyin(name: str) -> None:
    assert resolve(name, "CN") == ("placed", DONGGUAN)


@pytest.mark.parametrize(("name", "ref"), [("Peking", BEIJING), ("Beijing", BEIJING), ("北京", BEIJING),
                                           ("Kanton", GUANGZHOU), ("Canton", GUANGZHOU)])
def test_historic_and_alternative_names(name: str, ref: str) -> None:
    assert resolve(name, "Volksrepublik China") == ("placed", ref)


def test_halle_alone_is_ambiguous_halle_saale_is_not() -> None:
    status, _ref = resolve("Halle", "DE")
    assert status == "ambiguous"
    for spelling in ("Halle (Saale)", "Halle an der Saale", "Halle/Saale", "halle (saale)"):
        assert resolve(spelling, "Deutschland") == ("placed", HALLE_SAALE)


def test_frankfurt_needs_its_river() -> None:
    assert resolve("Frankfurt", "DE")[0] == "ambiguous"
    assert resolve("Frankfurt (Oder)", "DE") == ("placed", "gn:2925535")
    assert resolve("Frankfurt an der Oder", "DE") == ("placed", "gn:2925535")
    assert resolve("Frankfurt am Main", "DE") == ("placed", "gn:2925533")
    assert resolve("Frankfurt a.M.", "DE") == ("placed", "gn:2925533")


@pytest.mark.parametrize("name", ["Dusseldorf", "Duesseldorf", "DÜSSELDORF", "düsseldorf"])
def test_diacritics_and_umlaut_spellings(name: str) -> None:
    assert resolve(name, "DE") == ("placed", "gn:2934246")


@pytest.mark.parametrize("name", ["Giessen", "Gießen"])
def test_sharp_s(name: str) -> None:
    assert resolve(name, "DE")[0] == "placed"


def test_saint_abbreviation() -> None:
    assert resolve("St. Ingbert", "DE") == resolve("Sankt Ingbert", "DE") == ("placed", "gn:2841590")


def test_borough_by_its_compound_name_or_by_region() -> None:
    assert resolve("Berlin-Mitte", "DE") == ("placed", "gn:6545310")
    assert resolve("Mitte", "DE")[0] == "ambiguous"
    assert resolve("Mitte", "DE", "Berlin") == ("placed", "gn:6545310")


def test_states_and_provinces_are_partners() -> None:
    assert resolve("Rheinland-Pfalz", "DE") == ("placed", "adm1:DE.08")
    assert resolve("Rhineland-Palatinate", "Germany") == ("placed", "adm1:DE.08")
    assert resolve("Saarland", "DE") == ("placed", "adm1:DE.09")
    assert resolve("Jiangsu", "CN") == ("placed", "adm1:CN.04")
    # Saarland–Tianjin: Tianjin, a city under the state, is its city (no second entity)
    assert resolve("Tianjin", "CN") == ("placed", "gn:1792947")


def test_a_whole_country_is_a_partner() -> None:
    assert resolve("Rwanda", "Ruanda") == ("placed", "country:RW")
    assert resolve("Ruanda", "RW") == ("placed", "country:RW")


def test_largest_official_name_beats_a_district_listing_it_as_alternative() -> None:
    result = Resolver().resolve("Shanghai", "CN")
    assert (result.status, result.reason) == ("placed", "the largest candidate and the only one officially called so")


def test_country_given_as_a_phrase() -> None:
    assert resolve("London", "England, United Kingdom") == ("placed", "gn:2643743")


def test_not_found_suggests_close_names() -> None:
    result = Resolver().resolve("Wupertal", "DE")
    assert result.status == "not_found"
    assert [c.ref for c in result.candidates] == [WUPPERTAL]


def test_unknown_country_is_invalid() -> None:
    result = Resolver().resolve("Wuppertal", "Atlantis")
    assert (result.status, result.reason) == ("invalid", "country “Atlantis” not recognised")


def test_unknown_region_hint_is_reported_and_ignored() -> None:
    result = Resolver().resolve("Wuppertal", "DE", "Gallien")
    assert result.status == "placed"
    assert "Gallien" in result.reason


def test_region_hint_that_excludes_every_candidate() -> None:
    result = Resolver().resolve("Wuppertal", "DE", "Bayern")
    assert result.status == "not_found"
    assert [c.ref for c in result.candidates] == [WUPPERTAL]


def test_gazetteer_reference_wins() -> None:
    assert resolve("anything", "DE", ref=TAIZHOU_ZJ) == ("placed", TAIZHOU_ZJ)


def test_without_a_country_the_world_is_searched() -> None:
    assert resolve("Dongguan") == ("placed", DONGGUAN)
    assert resolve("Taizhou")[0] == "ambiguous"


def test_reasons_in_german() -> None:
    from django.utils import translation

    with translation.override("de"):
        result = Resolver().resolve("Taizhou", "CN")
    assert result.reason == "3 Kommunen passen zu „Taizhou“"


def test_resolving_many_names_reads_the_index_once(django_assert_max_num_queries: object) -> None:
    resolver = Resolver()
    names = ["Wuppertal", "Dongguan", "Taizhou", "Essen", "Changzhou"] * 50
    resolver.prefetch(names)
    with django_assert_max_num_queries(0):  # type: ignore[operator]
        for name in names:
            resolver.resolve(name, "DE" if name in {"Wuppertal", "Essen"} else "CN")

import pytest

from partneratlas.conftest import gazetteer_sample
from partneratlas.gazetteer.loading import chinese_name, gazetteer_load
from partneratlas.gazetteer.models import Country, GazetteerLoad, Municipality, MunicipalityName, Region
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def test_loading_the_same_source_again_does_nothing() -> None:
    places, countries = gazetteer_sample()
    assert gazetteer_load(places=places, countries=countries, source="test sample") is None


def test_forced_reload_updates_in_place_and_keeps_partnerships() -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    before = dict(Municipality.objects.values_list("ref", "id"))
    names = MunicipalityName.objects.count()
    places, countries = gazetteer_sample()
    changed = [dict(place, population=place["population"] + 1) if place["name"] == "Wuppertal" else place
               for place in places]
    record = gazetteer_load(places=changed, countries=countries, source="test sample", force=True)
    assert record is not None
    assert record.places == len(before)
    assert dict(Municipality.objects.values_list("ref", "id")) == before
    assert MunicipalityName.objects.count() == names
    assert Municipality.objects.get(ref=WUPPERTAL).population == 360798
    assert sorted(p.members.values_list("ref", flat=True)) == sorted([WUPPERTAL, DONGGUAN])


def test_manual_entries_survive_a_reload() -> None:
    Municipality.objects.create(ref="manual:1", name="Musterstadt", country_id="DE")
    places, countries = gazetteer_sample()
    gazetteer_load(places=places, countries=countries, source="test sample", force=True)
    assert Municipality.objects.filter(ref="manual:1").exists()


def test_places_carry_region_population_coordinates_and_names() -> None:
    dongguan = Municipality.objects.get(ref=DONGGUAN)
    assert (dongguan.name, dongguan.country_id, dongguan.region.names["en"], dongguan.population) == (
        "Dongguan", "CN", "Guangdong", 9644871)
    assert (round(dongguan.latitude, 2), round(dongguan.longitude, 2)) == (23.02, 113.75)
    assert dongguan.geonames_id == 1812545
    assert dongguan.localized_names == {"zh-hans": "东莞"}
    assert "東莞" in dongguan.alternative_names
    assert "XHO" not in dongguan.alternative_names  # an airport-style code
    assert (dongguan.source, dongguan.source_url) == ("test sample", "https://www.geonames.org/1812545")


def test_transliterations_are_dropped_but_pinyin_kept() -> None:
    wuppertal = Municipality.objects.get(ref=WUPPERTAL)
    assert "wu po ta er" not in wuppertal.alternative_names
    assert "dong guan" in Municipality.objects.get(ref=DONGGUAN).alternative_names


def test_german_states_and_chinese_provinces_are_partner_entities() -> None:
    rlp = Municipality.objects.get(ref="adm1:DE.08")
    assert (rlp.name, rlp.kind, rlp.population, rlp.region.code) == ("Rheinland-Pfalz", "state", 4_160_000, "08")
    assert rlp.localized_names == {"de": "Rheinland-Pfalz", "en": "Rhineland-Palatinate", "zh-hans": "莱茵兰-普法尔茨州"}
    assert (round(rlp.latitude, 1), round(rlp.longitude, 1)) == (50.0, 8.3)  # Mainz
    assert Municipality.objects.get(ref="adm1:CN.04").kind == "province"
    # City states are their city
    assert not Municipality.objects.filter(ref__in=["adm1:DE.16", "adm1:DE.04", "adm1:CN.22"]).exists()
    assert Municipality.objects.get(ref="adm1:DE.03").name == "Freie Hansestadt Bremen"


def test_countries_have_names_in_three_languages_and_are_partners() -> None:
    assert Country.objects.get(code="DE").names == {"de": "Deutschland", "en": "Germany", "zh-hans": "德国"}
    rwanda = Municipality.objects.get(ref="country:RW")
    assert (rwanda.kind, rwanda.name, rwanda.localized_names["de"]) == ("country", "Rwanda", "Ruanda")
    assert Region.objects.get(country_id="CN", code="04").names == {"de": "Jiangsu", "en": "Jiangsu",
                                                                    "zh-hans": "江苏省"}


def test_load_is_recorded() -> None:
    record = GazetteerLoad.objects.get(source="test sample")
    assert record.places == Municipality.objects.exclude(ref__startswith="manual:").count()
    assert record.names == MunicipalityName.objects.count()


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["东莞", "东莞市", "東莞", "東莞市"], "东莞"), (["上海", "上海市", "中国上海", "沪"], "上海"),
     (["伍珀塔尔", "ヴッパータール"], "伍珀塔尔"), (["Halle"], None), (["東京"], None)],
)
def test_chinese_display_name(names: list[str], expected: str | None) -> None:
    assert chinese_name(names) == expected


def test_reload_moves_memberships_with_their_municipality() -> None:
    from partneratlas.registry.models import Membership

    p = partnership(WUPPERTAL, DONGGUAN)
    places, countries = gazetteer_sample()
    moved = [dict(place, admin1code="13") if place["name"] == "Wuppertal" else place for place in places]
    gazetteer_load(places=moved, countries=countries, source="test sample", force=True)
    member = Membership.objects.get(partnership=p, municipality__ref=WUPPERTAL)
    assert (member.country_id, member.region.names["de"]) == ("DE", "Sachsen")

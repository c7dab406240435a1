"""Issue 11: the places people partner with and the names they write.

Real examples from the offline sources: Landkreise (Destatis), Berlin and Hamburg boroughs,
Chinese districts and county-level cities (GB/T 2260), Budapest and Prague districts, a
Danish kommune, English local authorities, towns whose official name is longer.
"""

import pytest

from partneratlas.gazetteer.models import Municipality, Region
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.gazetteer.written import readings

pytestmark = pytest.mark.django_db


def placed(name: str, country: str, region: str | None = None) -> Municipality:
    result = Resolver().resolve(name, country, region)
    assert result.status == "placed", (name, result.reason, [c.ref for c in result.candidates])
    return Municipality.objects.select_related("parent", "region").get(pk=result.municipality_id)


@pytest.mark.parametrize(("name", "country", "ref", "kind", "parent"), [
    ("Rhein-Kreis Neuss", "DE", "ags:05162", "district", "adm1:DE.07"),
    ("Kreis Lippe", "DE", "ags:05766", "district", "adm1:DE.07"),
    ("Landkreis Göttingen", "DE", "ags:03159", "district", "adm1:DE.06"),
    ("Friedrichshain-Kreuzberg", "DE", "unit:DE.berlin-02", "borough", None),
    ("Altona", "DE", None, "borough", None),
    ("Haidian", "CN", None, "borough", None),
    ("Pudong", "CN", None, "borough", None),
    ("Kunshan", "CN", None, "county_city", None),
    ("Yiwu", "CN", None, "county_city", None),
    ("Budapest XIII", "HU", None, "borough", None),
    ("Praha 6", "CZ", "unit:CZ.praha-6", "borough", None),
    ("Tower Hamlets", "GB", "iso:GB-TWH", "borough", None),
    ("Calderdale", "GB", "iso:GB-CLD", "district", None),
    ("Kent County", "GB", "iso:GB-KEN", "county", None),
])
def test_each_kind_of_administrative_unit_resolves_with_its_kind(name: str, country: str, ref: str | None, kind: str,
                                                                 parent: str | None) -> None:
    unit = placed(name, country)
    assert unit.kind == kind
    if ref:
        assert unit.ref == ref
    if parent:
        assert unit.parent is not None
        assert unit.parent.ref == parent


@pytest.mark.parametrize(("name", "country", "parent_name"), [
    ("Altona", "DE", "Hamburg"), ("Spandau", "DE", "Berlin"), ("Friedrichshain-Kreuzberg", "DE", "Berlin"),
    ("Haidian", "CN", "Beijing"), ("Kunshan", "CN", "Suzhou"), ("Budapest XIII", "HU", "Budapest"),
    ("Praha 6", "CZ", "Prague"), ("Tower Hamlets", "GB", "London"),
])
def test_a_unit_knows_the_city_it_is_part_of(name: str, country: str, parent_name: str) -> None:
    unit = placed(name, country)
    assert unit.parent is not None
    assert unit.parent.name == parent_name


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Haidian (Beijing)", "CN", "Haidian"),  # the city in brackets
    ("Altona (Hamburg)", "DE", "Altona"),
    ("Yichun, Heilongjiang", "CN", "Yichun"),  # region after a comma
    ("Portland, Oregon", "US", "Portland"),
    ("Neustadt (Holstein)", "DE", "Neustadt in Holstein"),  # region in brackets
    ("Stadt Göttingen", "DE", "Göttingen"),
    ("Aarhus Kommune", "DK", "Århus"),  # Danish, Swedish (genitive) and Norwegian municipalities
    ("Göteborgs kommun", "SE", "Gothenburg"),
    ("Bergen kommune", "NO", "Bergen"),
    ("Bad Homburg", "DE", "Bad Homburg vor der Höhe"),
    ("Homburg vor der Höhe", "DE", "Bad Homburg vor der Höhe"),
    ("Peking", "CN", "Beijing"),  # German exonym
    ("北京", "CN", "Beijing"),  # Chinese
    ("Lublin", "PL", "Lublin"),
])
def test_the_names_people_write(name: str, country: str, expected: str) -> None:
    assert placed(name, country).name == expected


def test_a_hint_that_decides_is_named_in_the_reason() -> None:
    result = Resolver().resolve("Yichun, Heilongjiang", "CN")
    assert "Heilongjiang" in result.reason
    assert Municipality.objects.get(pk=result.municipality_id).region.names["en"] == "Heilongjiang"


def test_the_kind_a_name_says_chooses_between_town_and_district() -> None:
    town, district = placed("Göttingen", "DE"), placed("Landkreis Göttingen", "DE")
    assert (town.kind, district.kind) == ("municipality", "district")
    assert placed("Göttingen (Landkreis)", "DE") == district
    assert "town, not the district" in Resolver().resolve("Göttingen", "DE").reason


def test_a_district_not_in_the_gazetteer_is_not_found_as_a_district_and_never_the_town() -> None:
    result = Resolver().resolve("Landkreis Wuppertal", "DE")
    assert (result.status, result.cause) == ("not_found", "not_found_district")


@pytest.mark.parametrize(("name", "country"), [("Taizhou", "CN"), ("Yichun", "CN"), ("Halle", "DE")])
def test_comparable_candidates_stay_ambiguous(name: str, country: str) -> None:
    result = Resolver().resolve(name, country)
    assert (result.status, result.cause) == ("ambiguous", "ambiguous")
    assert len(result.candidates) >= 2


def test_both_yichuns_are_told_apart_only_by_their_province() -> None:
    heilongjiang, jiangxi = placed("Yichun", "CN", "Heilongjiang"), placed("Yichun", "CN", "Jiangxi")
    assert heilongjiang != jiangxi
    assert {heilongjiang.region.names["zh-hans"], jiangxi.region.names["zh-hans"]} == {"黑龙江省", "江西省"}


def test_a_number_in_a_name_is_no_pinyin_tone() -> None:
    """"Praha 6" once lost its 6 and became Prague."""
    assert placed("Prag 6", "CZ").name == "Praha 6"
    assert placed("Dong1guan3", "CN").name == "Dongguan"


def test_every_country_s_regions_have_names_where_the_data_has_them() -> None:
    named = {cc: Region.objects.filter(country_id=cc).exclude(names={}).count() for cc in ("PL", "TZ", "UA", "GB")}
    assert all(named.values()), named
    lesser_poland = Region.objects.get(country_id="PL", names__iso="PL-12")
    assert lesser_poland.names["de"] == "Kleinpolen"
    assert lesser_poland.names["zh-hans"]


def test_readings_of_written_names() -> None:
    assert [(r.name, r.hint, r.kinds) for r in readings("Yichun, Heilongjiang")] == [("Yichun", "Heilongjiang", ())]
    assert readings("Landkreis Göttingen")[0].kinds == ("district", "county")
    assert readings("Kent County")[0].name == "Kent"
    assert readings("Wuppertal") == []


def test_every_unit_reference_fits_the_reference_field() -> None:
    """SQLite does not enforce a column's length; PostgreSQL refused a 41-character ref."""
    longest = max(Municipality.objects.values_list("ref", flat=True), key=len)
    assert len(longest) <= Municipality._meta.get_field("ref").max_length


def test_a_settled_name_is_remembered_for_its_owner_and_shared_only_by_the_agency(django_user_model: type) -> None:
    from partneratlas.gazetteer.services import alias_settle, alias_share

    owner, other = django_user_model.objects.create(username="a"), django_user_model.objects.create(username="b")
    zhejiang = placed("Taizhou", "CN", "Zhejiang")
    alias = alias_settle(written="Taizhou", country="CN", region=None, municipality=zhejiang, owner=owner,
                         created_by=owner, source="partners.xlsx")
    mine = Resolver(owner_id=owner.pk).resolve("TAIZHOU", "CN")
    assert (mine.status, mine.municipality_id, mine.settled) == ("placed", zhejiang.pk, True)
    assert "partners.xlsx" in mine.reason
    assert Resolver(owner_id=other.pk).resolve("Taizhou", "CN").status == "ambiguous"
    alias_share(alias=alias, shared=True)
    assert Resolver(owner_id=other.pk).resolve("Taizhou", "CN").municipality_id == zhejiang.pk
    assert Resolver().resolve("Taizhou", "CN", "Jiangsu").municipality_id != zhejiang.pk  # another hint, another name


def test_a_town_is_found_without_the_title_of_its_official_name() -> None:
    """GeoNames calls it "Hansestadt Stade"; lists write "Stade". The district of the same name yields."""
    town = placed("Stade", "DE")
    assert (town.name, town.kind) == ("Hansestadt Stade", "municipality")
    assert placed("Landkreis Stade", "DE").kind == "district"


def test_a_council_named_like_a_nearby_town_is_that_town_s_record() -> None:
    leeds = placed("Leeds Council", "GB")
    assert (leeds.name, leeds.ref[:3]) == ("Leeds", "gn:")
    assert not Municipality.objects.filter(ref="iso:GB-LDS").exists()


def test_a_unit_of_unknown_size_is_outranked_only_by_a_city_of_millions() -> None:
    from partneratlas.gazetteer.resolution import DOMINANCE, UNKNOWN_UNIT_POPULATION, Candidate

    county = Candidate(1, "cn:1", "Yiwu", "CN", None, "county", None, 3)
    village = Candidate(2, "gn:2", "Yiwu", "CN", None, "municipality", None, 3)
    assert county.weight == UNKNOWN_UNIT_POPULATION
    assert village.weight == 500
    assert placed("Yiwu", "CN").population >= DOMINANCE * UNKNOWN_UNIT_POPULATION


def test_a_district_named_after_a_landscape_is_drawn_at_its_seat() -> None:
    lippe, detmold = placed("Kreis Lippe", "DE"), placed("Detmold", "DE")
    assert (lippe.latitude, lippe.longitude) == (detmold.latitude, detmold.longitude)
    assert lippe.ags == "05766"


def test_every_german_district_has_a_seat_in_the_full_gazetteer() -> None:
    from partneratlas.gazetteer.loading import read_places
    from partneratlas.gazetteer.sources.germany import districts
    from partneratlas.gazetteer.sources.places import PlaceIndex

    units = districts(PlaceIndex(p for p in read_places() if p["countrycode"] == "DE"), "test")
    assert len(units) == 294
    assert [u.name for u in units if u.latitude is None] == []


def test_the_load_s_source_fits_its_field() -> None:
    """SQLite does not enforce a column's length; PostgreSQL refused the load's 104-character source."""
    from partneratlas.gazetteer.loading import default_source
    from partneratlas.gazetteer.models import GazetteerLoad

    assert len(default_source()) <= GazetteerLoad._meta.get_field("source").max_length


def test_a_settled_name_of_any_length_fits(django_user_model: type) -> None:
    from partneratlas.gazetteer.services import alias_settle

    owner = django_user_model.objects.create(username="long")
    alias = alias_settle(written="X" * 300, country="CN", region="Y" * 300, municipality=placed("Kunshan", "CN"),
                         owner=owner, created_by=owner, source="s")
    assert (len(alias.key), len(alias.region_key)) == (200, 100)
    assert Resolver(owner_id=owner.pk).resolve("X" * 300, "CN", "Y" * 300).settled

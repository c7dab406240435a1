import pytest

from partneratlas.gazetteer.countries import country_names, resolve_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CN", "CN"), ("chn", "CN"), ("China", "CN"), ("Volksrepublik China", "CN"), ("中国", "CN"),
        ("People's Republic of China", "CN"), ("Czech Republic", "CZ"), ("Tschechien", "CZ"),
        ("Deutschland", "DE"), ("Germany", "DE"), ("德国", "DE"), ("Ruanda", "RW"), ("Tansania", "TZ"),
        ("England, United Kingdom", "GB"), ("Vereinigtes Königreich", "GB"), ("USA", "US"), ("Ukraine", "UA"),
    ],
)
def test_country_names_in_german_english_chinese(text: str, code: str) -> None:
    assert resolve_country(text) == (code, ())


def test_extra_parts_become_the_region_hint() -> None:
    assert resolve_country("Jiangsu, China") == ("CN", ("Jiangsu",))


def test_two_different_countries_resolve_to_none() -> None:
    assert resolve_country("France, Germany") == (None, ())


def test_unknown_country() -> None:
    assert resolve_country("Atlantis") == (None, ())


def test_country_names_come_in_three_languages() -> None:
    assert country_names("CN") == {"de": "China", "en": "China", "zh-hans": "中国"}

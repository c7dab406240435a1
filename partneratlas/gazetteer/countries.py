"""Recognise a country however a spreadsheet writes it.

"CN", "CHN", "China", "Volksrepublik China", "中国", "People's Republic of China",
"Czech Republic", "Tschechien", "England, United Kingdom" all name a country. The names
come from CLDR (through Babel) and ISO 3166 (through pycountry) in German, English and
Chinese, plus the few everyday forms below that neither lists.
"""

import functools
import gettext

import pycountry
from babel import Locale

from partneratlas.gazetteer.normalise import key

NAME_LOCALES = {"de": "de", "en": "en", "zh-hans": "zh_Hans"}
_PYCOUNTRY_LOCALES = ["de", "zh_CN"]

EVERYDAY_NAMES: dict[str, list[str]] = {
    "GB": ["England", "Scotland", "Wales", "Northern Ireland", "Great Britain", "Großbritannien",
           "UK", "Schottland", "英格兰", "苏格兰"],
    "US": ["USA", "United States of America", "Vereinigte Staaten von Amerika", "Amerika"],
    "DE": ["BRD", "Bundesrepublik Deutschland", "Federal Republic of Germany"],
    "CN": ["VR China", "PR China", "PRC", "中华人民共和国"],
    "CZ": ["Czech Republic", "Tschechische Republik"],
    "RU": ["Russland", "Russia", "Russische Föderation"],
    "KR": ["Südkorea", "South Korea", "Republik Korea"],
    "TZ": ["Tansania", "Sansibar"],
    "MK": ["Mazedonien", "Macedonia"],
    "TR": ["Turkey", "Türkei"],
    "CI": ["Elfenbeinküste", "Ivory Coast"],
    "CD": ["DR Kongo", "Demokratische Republik Kongo"],
    "BO": ["Bolivia", "Bolivien"],
}


def country_names(code: str) -> dict[str, str]:
    """{"de": "China", "en": "China", "zh-hans": "中国"} from CLDR."""
    names = {}
    for language, locale in NAME_LOCALES.items():
        name = Locale.parse(locale).territories.get(code)
        if name:
            names[language] = name
    return names


def country_name(code: str) -> str:
    """The country's name in the reader's language ("Deutschland", "Germany", "德国"), else its code."""
    from partneratlas.i18n import pick

    return pick(country_names(code), code)


@functools.cache
def _index() -> dict[str, str]:
    """Normalised country name → ISO alpha-2 code."""
    index: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in _PYCOUNTRY_LOCALES
    ]
    for country in pycountry.countries:
        code = country.alpha_2
        forms = [code, country.alpha_3, country.name]
        forms += [getattr(country, attr) for attr in ("official_name", "common_name") if hasattr(country, attr)]
        forms += [t.gettext(form) for t in translations for form in list(forms[2:])]
        forms += list(country_names(code).values())
        for locale in ("fr", "es", "zh_Hant"):
            forms.append(Locale.parse(locale).territories.get(code, ""))
        for form in forms:
            if form:
                index.setdefault(key(form), code)
    for code, forms in EVERYDAY_NAMES.items():
        for form in forms:
            index[key(form)] = code
    index["xk"] = "XK"  # Kosovo has a user-assigned code that pycountry does not list
    index[key("Kosovo")] = "XK"
    return index


@functools.lru_cache(maxsize=4096)
def resolve_country(text: str) -> tuple[str | None, tuple[str, ...]]:
    """(ISO code or None, the comma-separated parts that were not the country).

    "Jiangsu, China" → ("CN", ["Jiangsu"]); the caller may use the rest as a region hint.
    Parts that name two different countries give (None, []).
    """
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    codes = {}
    rest = []
    index = _index()
    for part in parts:
        code = index.get(key(part))
        if code:
            codes[part] = code
        else:
            rest.append(part)
    found = set(codes.values())
    # "England, United Kingdom": England is a form of GB, so both parts agree.
    if len(found) == 1:
        return found.pop(), tuple(rest)
    return None, ()

"""Turn place names into search keys, so that spellings people really use meet.

A key is the name case-folded, without diacritics, punctuation or spaces, with "St."/
"Sankt"/"Saint" made one word and connector words of qualifiers dropped:

    "Düsseldorf", "Dusseldorf"          → "dusseldorf"   ("Duesseldorf" meets the
                                                           umlaut variant of the index)
    "Halle (Saale)", "Halle an der Saale", "Halle/Saale" → "hallesaale"
    "St. Ingbert", "Sankt Ingbert"      → "stingbert"
    "Tàizhōu", "Tai Zhou", "tai4zhou1"  → "taizhou"
    "东莞市", "东莞"                      → "东莞"
"""

import functools
import re
import unicodedata

# Words that join a name to its qualifier: Frankfurt am Main, Halle an der Saale, Neustadt in Holstein.
_CONNECTORS = r"am|an der|an|a\.\s?d\.|a\.|in der|im|in|ob der|bei|vor der|upon|on|sur"
_PAREN = re.compile(r"^(?P<base>.+?)\s*\((?P<qual>[^)]+)\)\s*$")
_SLASH = re.compile(r"^(?P<base>[^/]+?)\s*/\s*(?P<qual>[^/]+)$")
_CONNECTED = re.compile(rf"^(?P<base>.+?)\s+(?:{_CONNECTORS})\s+(?P<qual>.+)$", re.IGNORECASE)
_A_M = re.compile(r"\ba\.\s?M\.?$")  # "Frankfurt a.M." = Frankfurt am Main
_SAINT = {"st", "sankt", "saint"}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_TOKEN = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_TONES = re.compile(r"(?:[^\W\d_]+[1-5][ '-]?)+[^\W\d_]*")


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_cjk(text: str) -> bool:
    return any("CJK" in unicodedata.name(ch, "") for ch in text)


@functools.lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The search key of a name (see module docstring)."""
    folded = strip_diacritics(unicodedata.normalize("NFKC", text).casefold())
    tokens = ["st" if token in _SAINT else token for token in _TOKEN.findall(folded)]
    result = "".join(tokens)
    if len(result) > 2 and result.endswith("市") and is_cjk(result):
        result = result[:-1]
    return result


def split_qualifier(name: str) -> tuple[str, str | None]:
    """("Halle", "Saale") for "Halle (Saale)"; (name, None) when there is no qualifier."""
    name = _A_M.sub("(Main)", name.strip())
    for pattern in (_PAREN, _SLASH, _CONNECTED):
        match = pattern.match(name)
        if match:
            return match["base"].strip(), match["qual"].strip()
    return name, None


# Titles that are part of a German town's official name but rarely of how lists write it.
_TITLE = re.compile(r"^(?:Bad|Hansestadt|Lutherstadt|Universitätsstadt|Landeshauptstadt|Große Kreisstadt|"
                    r"Kreisstadt|Stadt|Wissenschaftsstadt|Klingenstadt|Reuterstadt|Fontanestadt|Barbarossastadt|"
                    r"Hanse- und Universitätsstadt|Ostseebad|Nordseebad|Seebad|Markt)\s+(?P<rest>\S.*)$")


def without_title(name: str) -> str | None:
    """"Stade" for "Hansestadt Stade", "Wünnenberg" for "Bad Wünnenberg"; None without such a title."""
    match = _TITLE.match(name.strip())
    return match["rest"] if match else None


def name_keys(name: str) -> list[tuple[str, bool]]:
    """Every key under which a name should be found, each with `exact`.

    exact=False marks the base without its qualifier ("halle" for "Halle (Saale)") and the
    name without a title ("stade" for "Hansestadt Stade").
    Names with umlauts also get the key of their "ae/oe/ue" spelling.
    """
    untitled = without_title(name)
    if untitled:
        exact = name_keys(untitled)
        return [*name_keys_plain(name), *((k, False) for k, _exact in exact)]
    return name_keys_plain(name)


def name_keys_plain(name: str) -> list[tuple[str, bool]]:
    base, qualifier = split_qualifier(name)
    full = f"{base} {qualifier}" if qualifier else base
    keys: list[tuple[str, bool]] = [(key(full), True)]
    if full != full.translate(_UMLAUTS):
        keys.append((key(full.translate(_UMLAUTS)), True))
    if qualifier:
        keys.append((key(base), False))
        if base != base.translate(_UMLAUTS):
            keys.append((key(base.translate(_UMLAUTS)), False))
    return [(k, exact) for k, exact in keys if k]


@functools.lru_cache(maxsize=65536)
def query_keys(text: str) -> tuple[str, ...]:
    """Keys to look a typed or imported name up under, best first.

    Pinyin with tone numbers ("Dong1guan3") is also tried without the digits.
    """
    base, qualifier = split_qualifier(text)
    full = key(f"{base} {qualifier}" if qualifier else base)
    keys = [full]
    if _TONES.fullmatch(text.strip()):  # "Dong1guan3"; never "Praha 6"
        keys.append(_DIGITS.sub("", full))
    return tuple(k for k in dict.fromkeys(keys) if k)

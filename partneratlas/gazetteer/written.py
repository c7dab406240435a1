"""The forms in which lists write a place: "Yichun, Heilongjiang", "Neustadt (Holstein)", "Landkreis Göttingen".

`readings(name)` gives the other ways to read a written name, each with the name to look
up, a hint (a region or the city it belongs to) and the kinds the form asks for. The
resolver tries the name as written first and a reading only when that does not place it;
a reading never relaxes the rule that comparable candidates stay ambiguous.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

DISTRICT = ("district", "county")
TOWN = ("municipality", "county_city")
BOROUGH = ("borough",)
# (pattern, kinds); the name is the group "n".
_FORMS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^(?:Landkreis|Kreis|Lkr\.|LK|Landkr\.)\s+(?P<n>.+)$", re.I), DISTRICT),
    (re.compile(r"^(?P<n>.+?)\s*\((?:Landkreis|Kreis|district|county|LK|Lkr\.?)\)$", re.I), DISTRICT),
    (re.compile(r"^(?P<n>.+?)\s+(?:County|District|Council|Landkreis)$", re.I), DISTRICT),
    (re.compile(r"^(?:County|District) of\s+(?P<n>.+)$", re.I), DISTRICT),
    (re.compile(r"^(?:Stadt|Große Kreisstadt|Hansestadt|Gemeinde|Markt|City of|Town of|Ville de|Gmina|Gemeente|"
                r"Comune di|Municipality of|Municipio de)\s+(?P<n>.+)$", re.I), TOWN),
    (re.compile(r"^(?P<n>.+?),?\s*(?:\(Stadt\)|Stadt|City|Kommune|kommun|kommune|kunta|Municipality)$", re.I), TOWN),
    (re.compile(r"^(?P<n>.+?[^s])s\s+kommun$", re.I), TOWN),  # Swedish genitive: Göteborgs kommun, Stockholms kommun
    (re.compile(r"^(?:Bezirk|Stadtbezirk|Stadtteil|Borough of|London Borough of)\s+(?P<n>.+)$", re.I), BOROUGH),
    (re.compile(r"^(?P<n>.+?)\s*\((?:Bezirk|Stadtbezirk|borough)\)$", re.I), BOROUGH),
]
_BRACKET = re.compile(r"^(?P<n>[^()]+?)\s*\((?P<hint>[^()]+)\)$")
_COMMA = re.compile(r"^(?P<n>[^,]+?)\s*,\s*(?P<hint>[^,]+)$")


@dataclass(frozen=True)
class Reading:
    name: str
    hint: str = ""
    kinds: tuple[str, ...] = ()
    written: str = ""

    def describe(self) -> str:
        """What the reading took from the written name, for the row report."""
        if self.hint:
            return _("read as “%(name)s” with the hint “%(hint)s”") % {"name": self.name, "hint": self.hint}
        return _("read as “%(name)s”, %(kind)s") % {"name": self.name, "kind": kind_words(self.kinds)}


def kind_words(kinds: tuple[str, ...]) -> str:
    if kinds == DISTRICT:
        return _("a district or county")
    if kinds == BOROUGH:
        return _("a borough")
    return _("a town or municipality")


def readings(written: str) -> list[Reading]:
    """The other ways to read a written name, most specific first."""
    text = " ".join(written.split())
    found: list[Reading] = []
    for pattern, kinds in _FORMS:
        match = pattern.match(text)
        if match and match["n"].strip():
            found.append(Reading(match["n"].strip(" ,"), "", kinds, written))
    for pattern in (_COMMA, _BRACKET):
        match = pattern.match(text)
        if match and match["hint"].strip():
            found.append(Reading(match["n"].strip(), match["hint"].strip(), (), written))
    return found

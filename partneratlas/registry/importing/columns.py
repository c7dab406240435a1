"""Recognise columns by their German or English header, or as a Wikidata query result."""

import re
from dataclasses import dataclass, field

from partneratlas.gazetteer.normalise import key

# Canonical column names, as `registry export` writes them.
FIELDS = ["id", "kind", "status", "status since", "status history", "since", "signed on",
          "council resolutions", "actors", "sdgs", "topics", "working languages", "description",
          "source", "source url", "verified on", "published"]
MEMBER_PARTS = ["", "country", "region", "ref"]

_ALIASES: dict[str, list[str]] = {
    "id": ["uid", "PartnerAtlas-ID", "partneratlas id", "Partnerschafts-ID"],
    "kind": ["Art", "Partnerschaftsart", "Art der Partnerschaft", "Typ", "Form", "type", "kind of partnership"],
    "status": ["Stand", "Zustand"],
    "status since": ["Status seit", "status date", "Statusdatum"],
    "status history": ["Statusverlauf", "Verlauf"],
    "since": ["seit", "Beginn", "Jahr", "Startjahr", "gegründet", "Gründungsjahr", "start year", "start",
              "founded", "year", "Partnerschaft seit", "start time", "starttime", "since_year", "since year",
              "year_since", "start_year", "year founded", "founded in", "established", "established in",
              "twinned since", "partner since", "partnership since", "since (year)", "seit (Jahr)", "seit Jahr",
              "Jahr der Gründung", "Gründung", "Beginn der Partnerschaft", "Partnerschaftsbeginn",
              "Partnerschaftsjahr", "Abschlussjahr", "Jahr des Abschlusses", "建立时间", "结好时间", "结好年份"],
    "signed on": ["Unterzeichnung", "unterzeichnet am", "Datum der Unterzeichnung", "signed", "signing date",
                  "Vertragsdatum"],
    "council resolutions": ["Ratsbeschluss", "Ratsbeschlüsse", "council resolution", "Ratsbeschluss vom"],
    "actors": ["Akteure", "Akteur", "Beteiligte", "Träger", "actor", "involved", "参与者"],
    "sdgs": ["SDG", "Nachhaltigkeitsziele", "Ziele", "goals", "Themen (SDG)", "SDG-Ziele"],
    "topics": ["Themen", "Thema", "Schlagworte", "Schlagwörter", "tags", "themes", "topic"],
    "working languages": ["Arbeitssprachen", "Arbeitssprache", "Sprachen", "languages", "working language"],
    "description": ["Beschreibung", "Bemerkung", "Bemerkungen", "Anmerkung", "Anmerkungen", "Notizen", "notes",
                    "remarks", "comment"],
    "source": ["Quelle"],
    "source url": ["Link", "URL", "Quellenlink", "Quelle (URL)", "source link", "Webseite", "website"],
    "verified on": ["geprüft am", "zuletzt geprüft", "Prüfdatum", "verified", "last verified", "Stand vom"],
    "published": ["veröffentlicht", "öffentlich", "publiziert", "public", "已发布", "公开"],
}
_MEMBER_WORDS = {
    1: ["municipality", "Kommune", "Gemeinde", "Stadt", "deutsche Kommune", "Gebietskörperschaft", "city", "town",
        "name", "German municipality", "Kommune (DE)"],
    2: ["partner", "Partnerkommune", "Partnerstadt", "Partnergemeinde", "partner municipality", "partner city",
        "twin town", "sister city", "Partnerkörperschaft"],
}
_PART_WORDS = {
    "country": ["country", "Land", "Staat"],
    "region": ["region", "Bundesland", "Provinz", "state", "province"],
    "ref": ["ref", "Referenz"],
}
_PARTNER_PARTS = {"partnerland": "country", "partnerstaat": "country", "partnerregion": "region",
                  "partnerprovinz": "region", "partnerbundesland": "region"}
_NUMBERED = re.compile(r"^(?P<word>[^\W\d_]+?)(?P<n>\d)(?P<part>[^\W\d_]*)$")


def _member_column(k: str) -> tuple[int, str] | None:
    """(member number, part) for a member column key, e.g. "partner2country" → (3, "country")."""
    for part, part_words in _PART_WORDS.items():
        if k in {key(w) for w in part_words}:
            return 1, part
    for number, words in _MEMBER_WORDS.items():
        for word in words:
            for part, part_words in [("", [""]), *_PART_WORDS.items()]:
                if any(k == key(word) + key(p) for p in part_words) or (
                        part and any(k == key(p) + key(word) for p in part_words)):
                    return number, part
    if k in _PARTNER_PARTS:
        return 2, _PARTNER_PARTS[k]
    match = _NUMBERED.match(k)
    if match:
        n = int(match["n"])
        word, part_key = match["word"], match["part"]
        found = next((p for p, words in _PART_WORDS.items() if part_key in {key(w) for w in words}), None)
        if part_key and found is None:
            return None
        part = found or ""
        if word in {key(w) for w in _MEMBER_WORDS[2]}:
            return n + 1, part or ""
        if word in {key(w) for w in _MEMBER_WORDS[1]} | {"mitglied", "member"}:
            return n, part or ""
        if word in _PARTNER_PARTS:
            return n + 1, _PARTNER_PARTS[word]
    return None


@dataclass
class ColumnMap:
    fields: dict[str, int] = field(default_factory=dict)  # canonical field → column index
    members: dict[int, dict[str, int]] = field(default_factory=dict)  # member no. → part → column index
    wikidata: bool = False
    ignored: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # canonical field → the file's own header

    def label(self, name: str) -> str:
        """How the file calls a field, so that messages use the user's words ("seit", not "since")."""
        return self.labels.get(name, name)


_WIKIDATA = {
    "item": (1, "qid"), "city": (1, "qid"), "itemlabel": (1, ""), "citylabel": (1, ""), "label": (1, ""),
    "countrylabel": (1, "country"), "country": (1, "country"),
    "twin": (2, "qid"), "twinned": (2, "qid"), "twinneditem": (2, "qid"), "twintown": (2, "qid"),
    "twinlabel": (2, ""), "twinnedlabel": (2, ""), "twinneditemlabel": (2, ""), "twintownlabel": (2, ""),
    "twincountrylabel": (2, "country"), "twinnedcountrylabel": (2, "country"), "twincountry": (2, "country"),
}


def recognise(headers: list[str]) -> ColumnMap:
    keys = [key(h) for h in headers]
    columns = ColumnMap(wikidata="item" in keys or "itemlabel" in keys)
    lookup = {key(name): name for name in FIELDS}
    for canonical, aliases in _ALIASES.items():
        lookup.update({key(alias): canonical for alias in aliases})
    for index, k in enumerate(keys):
        if columns.wikidata and k in _WIKIDATA:
            number, part = _WIKIDATA[k]
            # "country" holds an entity address when "countryLabel" is there too
            if not (k == "country" and "countrylabel" in keys):
                columns.members.setdefault(number, {}).setdefault(part, index)
            continue
        if k in lookup and lookup[k] not in columns.fields:
            columns.fields[lookup[k]] = index
            columns.labels[lookup[k]] = headers[index]
            continue
        member = _member_column(k)
        if member and member[1] not in columns.members.get(member[0], {}):
            columns.members.setdefault(member[0], {})[member[1]] = index
            continue
        if headers[index]:
            columns.ignored.append(headers[index])
    return columns


def member_header(number: int, part: str) -> str:
    """The canonical header of a member column: "municipality", "partner country", "partner 2 ref"."""
    word = "municipality" if number == 1 else "partner" if number == 2 else f"partner {number - 1}"
    if number == 1 and part:
        return part
    return f"{word} {part}".strip()

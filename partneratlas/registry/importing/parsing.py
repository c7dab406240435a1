"""Turn the text of import cells into values, or into an error message for the row report."""

import datetime
import functools
import re
import uuid
from collections.abc import Iterable
from typing import Any

from babel import Locale
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partneratlas.gazetteer.normalise import key
from partneratlas.registry.models import ActorKind, PartnershipKind, Status, SustainableDevelopmentGoal, Topic
from partneratlas.registry.services import StatusEntry

LIST_SPLIT = re.compile(r"\s*[;|,/\n]\s*")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_SDG = re.compile(r"^(?:sdg|ziel|goal|目标)?(\d{1,2})$")
_QID = re.compile(r"(Q\d+)$")
_STATUS_WORDS = {
    Status.INITIATING: ["Anbahnung", "angebahnt", "im Aufbau", "in Vorbereitung", "geplant", "in preparation",
                        "planned", "initiated", "筹备中"],
    Status.ACTIVE: ["aktiv", "besteht", "lebendig", "offiziell", "existing", "活跃"],
    Status.DORMANT: ["ruhend", "ruht", "eingeschlafen", "inaktiv", "inactive", "dormant", "休眠"],
    Status.ENDED: ["beendet", "aufgelöst", "aufgekündigt", "erloschen", "terminated", "dissolved", "已结束"],
}

_ACTOR_WORDS = {
    ActorKind.PARTNERSHIP_ASSOCIATION: ["Partnerschaftsverein", "Freundeskreis", "Partnerschaftskomitee",
                                        "twinning association", "friendship society", "友好协会"],
    ActorKind.ASSOCIATION: ["Verein", "Initiative", "e.V.", "NGO", "NRO", "association", "initiative", "协会"],
    ActorKind.SCHOOL: ["Schule", "Kita", "Kindergarten", "Gymnasium", "Gesamtschule", "Berufsschule", "school",
                       "学校"],
    ActorKind.UNIVERSITY: ["Hochschule", "Universität", "Fachhochschule", "Forschungsinstitut", "university",
                           "college", "大学"],
    ActorKind.COMPANY: ["Unternehmen", "Firma", "Betrieb", "Stadtwerke", "business", "企业", "公司"],
    ActorKind.MIGRANT_ORGANISATION: ["migrantische Organisation", "Migrantenorganisation", "MSO", "diaspora",
                                     "diaspora organisation"],
    ActorKind.DEPARTMENT: ["Fachamt", "Amt", "Fachbereich", "Referat", "Verwaltung", "department", "部门"],
    ActorKind.MAYORS_OFFICE: ["Verwaltungsspitze", "Oberbürgermeister", "Oberbürgermeisterin", "Bürgermeister",
                              "Bürgermeisterin", "Landrat", "Landrätin", "mayor", "市长办公室"],
    ActorKind.COUNCIL: ["Rat", "Stadtrat", "Gemeinderat", "Kreistag", "city council", "议会"],
    ActorKind.OTHER: ["Sonstige", "sonstiges", "andere"],
}
ActorCell = tuple[str, str, str, str]  # name, kind, role, side as written


def escape_actor_text(text: str) -> str:
    """A name or role written into an actors cell: \\ escapes the ; ( ) that structure the cell."""
    return re.sub(r"([\\;()])", r"\\\1", text)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def _actor_parts(text: str) -> list[tuple[str, list[str]]]:
    """"A (x; y); B" → [("A", ["x", "y"]), ("B", [])], still escaped.

    Actors are separated by ";" outside parentheses; the parenthesis that ends an actor holds
    its details, separated by ";"; a backslash escapes the next character.
    """
    def split(cell: str) -> tuple[list[str], list[tuple[int, int]]]:
        parts, groups, start, depth, opened, i = [], [], 0, 0, 0, 0
        while i < len(cell):
            char = cell[i]
            if char == "\\":
                i += 2
                continue
            if char == "(":
                opened = i if depth == 0 else opened
                depth += 1
            elif char == ")" and depth:
                depth -= 1
                if depth == 0:
                    groups.append((opened - start, i - start))
            elif char == ";" and depth == 0:
                parts.append(cell[start:i])
                start = i + 1
            i += 1
        parts.append(cell[start:])
        return parts, groups

    actors = []
    for part in split(text)[0]:
        stripped = part.rstrip()
        groups = [g for g in split(stripped)[1] if g[1] == len(stripped) - 1]
        if groups:
            opened = groups[-1][0]
            actors.append((stripped[:opened], split(stripped[opened + 1:-1])[0]))
        elif stripped.strip():
            actors.append((stripped, []))
    return actors


class CellError(ValueError):
    """A cell that cannot be read; the message names the problem in the user's language."""


def parse_year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    year = None
    if match := _YEAR.match(text) or _ISO_DATE.match(text):
        year = int(match[1])
    elif match := _GERMAN_DATE.match(text):
        year = int(match[3])
    if year is None or not 1800 <= year <= timezone.now().year + 1:
        raise CellError(_("“%(value)s” is not a year") % {"value": text})
    return year


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        match = _ISO_DATE.match(text)
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        match = _GERMAN_DATE.match(text)
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise CellError(_("“%(value)s” is not a date (write 2024-05-31 or 31.05.2024)") % {"value": text})


def parse_year_or_date(text: str) -> tuple[int | None, datetime.date | None]:
    """"1986" → (1986, None); "1986-05-02" → (1986, date)."""
    text = text.strip()
    if not text:
        return None, None
    if _YEAR.match(text):
        return parse_year(text), None
    date = parse_date(text)
    return (date.year if date else None), date


def parse_uid(text: str) -> uuid.UUID | None:
    if not text.strip():
        return None
    try:
        return uuid.UUID(text.strip())
    except ValueError as exc:
        raise CellError(_("“%(value)s” is not a PartnerAtlas id") % {"value": text}) from exc


def parse_url(text: str) -> str:
    text = text.strip()
    if text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError as exc:
            raise CellError(_("“%(value)s” is not a web address") % {"value": text}) from exc
    return text


_YES = {"yes", "ja", "true", "wahr", "1", "x", "published", "veröffentlicht", "是", "已发布"}
_NO = {"no", "nein", "false", "falsch", "0", "unpublished", "nicht veröffentlicht", "unveröffentlicht", "否", "未发布"}


def parse_flag(text: str) -> bool | None:
    """Yes or no, in German, English or Chinese (the "published" column); None when empty."""
    word = " ".join(text.split()).casefold()
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no") % {"value": text.strip()})


def parse_qid(text: str) -> str:
    match = _QID.search(text.strip())
    return match[1] if match else ""


def split_list(text: str) -> list[str]:
    return [part for part in LIST_SPLIT.split(text.strip()) if part]


def _choice_index(choices: type[models.TextChoices], words: dict[Any, list[str]]) -> dict[str, str]:
    """Every way to write a choice → its value: the code, its label in each language, the usual words."""
    index: dict[str, str] = {}
    for choice in choices:
        index[key(choice.value)] = choice.value
        for language in ("de", "en", "zh-hans"):
            with translation.override(language):
                index[key(str(choice.label))] = choice.value
        for word in words.get(choice, []):
            index[key(word)] = choice.value
    return index


@functools.cache
def _language_index() -> dict[str, str]:
    """Every language's name in English, German and Chinese, and its code → the ISO 639-1 code."""
    languages: dict[str, str] = {}
    for locale in ("en", "de", "zh_Hans"):
        for code, name in Locale.parse(locale).languages.items():
            if len(code) == 2:
                languages.setdefault(key(name), code)
                languages[code] = code
    return languages


def parse_languages(text: str) -> list[str]:
    """"Deutsch, Chinesisch" or "de, zh" → ["de", "zh"]."""
    languages, codes = _language_index(), []
    for part in split_list(text):
        code = languages.get(key(part)) or languages.get(part.strip().lower())
        if code is None:
            raise CellError(_("unknown language “%(value)s”") % {"value": part})
        codes.append(code)
    return list(dict.fromkeys(codes))


class Vocabularies:
    """The registry's terms, indexed by every name an import may use for them."""

    def __init__(self) -> None:
        self.kinds = self._index(PartnershipKind.objects.all())
        self.topics = self._index(Topic.objects.all())
        self.sdgs: dict[str, int] = {}
        for sdg in SustainableDevelopmentGoal.objects.all():
            for name in sdg.names.values():
                self.sdgs[key(name)] = sdg.number
        self.statuses = _choice_index(Status, _STATUS_WORDS)
        self.languages = _language_index()
        self.actor_kinds = _choice_index(ActorKind, _ACTOR_WORDS)
        self.new_topics: dict[str, str] = {}  # key → name as written, created on import

    @staticmethod
    def _index(terms: Iterable[PartnershipKind | Topic]) -> dict[str, int]:
        index: dict[str, int] = {}
        for term in terms:
            for name in [term.code, *term.names.values(), *term.aliases]:
                index.setdefault(key(name), term.pk)
        return index

    def kind(self, text: str) -> int | None:
        if not text.strip():
            return None
        found = self.kinds.get(key(text))
        if found is None:
            names = ", ".join(k.name for k in PartnershipKind.objects.all())
            raise CellError(_("unknown kind of partnership “%(value)s” (known: %(known)s)")
                            % {"value": text, "known": names})
        return found

    def status(self, text: str) -> str | None:
        if not text.strip():
            return None
        found = self.statuses.get(key(text))
        if found is None:
            known = ", ".join(str(status.label) for status in Status)
            raise CellError(_("unknown status “%(value)s” (known: %(known)s)") % {"value": text, "known": known})
        return found

    def sdg_list(self, text: str) -> list[int]:
        numbers = []
        for part in split_list(text):
            match = _SDG.match(key(part))
            number = int(match[1]) if match else self.sdgs.get(key(part))
            if number is None or not 1 <= number <= 17:
                raise CellError(_("“%(value)s” is not one of the 17 SDGs") % {"value": part})
            numbers.append(number)
        return sorted(set(numbers))

    def topic_list(self, text: str) -> tuple[list[int], list[str]]:
        """(ids of known topics, names of topics that will be created)."""
        known, new = [], []
        for part in split_list(text):
            found = self.topics.get(key(part))
            if found is None:
                self.new_topics.setdefault(key(part), part)
                new.append(key(part))
            else:
                known.append(found)
        return known, new

    def language_list(self, text: str) -> list[str]:
        return parse_languages(text)

    def actor_list(self, text: str) -> list[ActorCell]:
        """"Freundeskreis (Partnerschaftsverein; Jugendaustausch; Kiel); Uni Jena (Hochschule)".

        In the parentheses: the kind, if it is one; then the role; then the member it belongs to.
        """
        actors = []
        for written, parts in _actor_parts(text):
            name, details = _unescape(written), [_unescape(d) for d in parts]
            shown = f"{name} ({'; '.join(details)})" if details else name
            kind = self.actor_kinds.get(key(details[0])) if details else None
            if kind is None:
                kind = ActorKind.OTHER.value
            else:
                details = details[1:]
            if not name or len(details) > 2:
                raise CellError(_("“%(value)s” is not an actor as “Name (kind; role; member)”") % {"value": shown})
            role, side = [*details, "", ""][:2]
            actors.append((name[:200], kind, role[:200], side))
        return actors

    def status_history(self, text: str) -> list[StatusEntry]:
        """"1984 initiating; 1986-05-02 active" → [("initiating", 1984, None), ("active", 1986, date)]."""
        entries = []
        for part in re.split(r"\s*;\s*", text.strip()):
            if not part:
                continue
            when, _sep, word = part.partition(" ")
            if not word:  # a status without a year
                when, word = "", when
            year, date = parse_year_or_date(when)
            status = self.status(word)
            if status is None:
                raise CellError(_("“%(value)s” is not a status with its year") % {"value": part})
            entries.append((status, year, date))
        return entries


def parse_resolutions(text: str) -> list[tuple[datetime.date, str]]:
    """"2019-03-12: Drucksache 123/19; 2020-01-01" → [(date, "Drucksache 123/19"), (date, "")]."""
    result = []
    for part in re.split(r"\s*;\s*", text.strip()):
        if not part:
            continue
        when, _sep, reference = part.partition(" ")
        date = parse_date(when.rstrip(":"))
        if date is None:
            continue
        result.append((date, reference.strip()))
    return result

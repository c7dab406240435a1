"""A questionnaire's definition as JSON: read and checked whole (every fault named), written back.

    {"code": "resilience-checkup", "purpose": "checkup", "title": {"de": …}, "intro": {…},
     "languages": ["de", "en", "zh-hans"],
     "sections": [{"code": "connected", "title": {…}, "meta": {…},
                   "sections": [{"code": "c01", "title": {…}, "intro": {…}, "meta": {…},
                                 "items": [{"code": "c01.1", "kind": "scale", "min": 0, "max": 4, …}]}]}]}

`definition_read` turns the JSON into unsaved parts or raises DefinitionInvalid with every
fault in the reader's language and where it is ("sections[0].items[2].levels"); the writing
is `services.definition_import`. `definition_of(version)` gives the same format back.
"""

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.questionnaires.models import Item, Section, Version
from partneratlas.questionnaires.texts import valid_language

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
TOP_KEYS = {"code", "purpose", "title", "intro", "languages", "sections"}
SECTION_KEYS = {"code", "title", "intro", "meta", "sections", "items"}
ITEM_KEYS = {"code", "kind", "text", "help", "min", "max", "levels", "options", "multiple", "unit", "required",
             "allow_not_applicable", "evidence", "meta"}
MAX_ERRORS = 50
MAX_LEVELS = 21


class DefinitionInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Definition:
    """A checked definition, not yet saved: the version's fields, sections (with parent index) and items."""

    code: str
    purpose: str
    version: Version
    sections: list[tuple[Section, int | None]] = field(default_factory=list)
    items: list[tuple[Item, int]] = field(default_factory=list)  # (item, index of its section)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.languages: list[str] = []
        self.section_codes: set[str] = set()
        self.item_codes: set[str] = set()

    def fault(self, where: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{where}: {message}" if where else message)

    def keys(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            self.fault(where, _("unknown keys %(keys)s (allowed: %(allowed)s)") % {
                "keys": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))})

    def code(self, data: dict[str, Any], where: str, seen: set[str] | None) -> str:
        code = data.get("code")
        if not isinstance(code, str) or not CODE.match(code):
            self.fault(where, _("a code of letters, digits, '.', '_' or '-' is needed (at most 80 characters)"))
            return ""
        if seen is not None:
            if code in seen:
                self.fault(where, _("the code %(code)s is used twice") % {"code": code})
            seen.add(code)
        return code

    def texts(self, value: Any, where: str, *, required: bool) -> dict[str, str]:
        if value is None or value == {}:
            if required:
                self.fault(where, _("a text is needed, e.g. {\"%(language)s\": \"…\"}") % {
                    "language": self.languages[0] if self.languages else "de"})
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.fault(where, _("texts are written as {\"language\": \"text\"}"))
            return {}
        strange = sorted(set(value) - set(self.languages))
        if strange:
            self.fault(where, _("texts in %(found)s, which the definition's languages do not list") % {
                "found": ", ".join(strange)})
        return {k: v.strip() for k, v in value.items() if v.strip()}

    def flag(self, data: dict[str, Any], key: str, where: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fault(f"{where}.{key}", _("true or false"))
            return False
        return value

    def meta(self, value: Any, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fault(where, _("an object of keys and values is needed"))
            return {}
        return value

    def number(self, data: dict[str, Any], key: str, where: str, *, whole: bool) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or (
                whole and value != int(value)):
            self.fault(f"{where}.{key}", _("a whole number is needed") if whole else _("a number is needed"))
            return None
        return float(value)


def definition_read(raw: bytes | str | dict[str, Any]) -> Definition:
    """The definition checked whole; DefinitionInvalid lists every fault found (up to 50)."""
    if isinstance(raw, (bytes, str)):
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise DefinitionInvalid([_("The file is not valid JSON (%(reason)s).") % {"reason": exc}]) from exc
    else:
        data = raw
    if not isinstance(data, dict):
        raise DefinitionInvalid([_("The definition must be a JSON object with code, title, languages and sections.")])
    r = _Reader()
    r.keys(data, TOP_KEYS, "")
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or not all(
            isinstance(x, str) and valid_language(x) for x in languages) or len(set(languages)) != len(languages):
        r.fault("languages", _("a list of distinct language codes in fallback order is needed, e.g. [\"de\", \"en\"]"))
        languages = []
    r.languages = languages
    code = r.code(data, "code", None)
    purpose = data.get("purpose", "")
    if not isinstance(purpose, str) or (purpose and not re.match(r"^[a-z0-9-]{1,40}$", purpose)):
        r.fault("purpose", _("a short code such as checkup or event-feedback"))
        purpose = ""
    version = Version(languages=languages, title=r.texts(data.get("title"), "title", required=True),
                      intro=r.texts(data.get("intro"), "intro", required=False))
    definition = Definition(code=code, purpose=purpose, version=version)
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        r.fault("sections", _("a list of at least one section is needed"))
        sections = []
    for i, s in enumerate(sections):
        _section(r, definition, s, f"sections[{i}]", None, 1)
    if sections and not definition.items and not r.errors:
        r.fault("sections", _("the definition has no questions"))
    if r.errors:
        raise DefinitionInvalid(r.errors)
    return definition


def _section(r: _Reader, d: Definition, data: Any, where: str, parent: int | None, depth: int) -> None:
    if not isinstance(data, dict):
        r.fault(where, _("a section must be an object"))
        return
    r.keys(data, SECTION_KEYS, where)
    section = Section(code=r.code(data, where, r.section_codes), order=len(d.sections),
                      title=r.texts(data.get("title"), f"{where}.title", required=True),
                      intro=r.texts(data.get("intro"), f"{where}.intro", required=False),
                      meta=r.meta(data.get("meta"), f"{where}.meta"))
    d.sections.append((section, parent))
    index = len(d.sections) - 1
    children, items = data.get("sections") or [], data.get("items") or []
    if not isinstance(children, list) or not isinstance(items, list):
        r.fault(where, _("sections and items are lists"))
        return
    if children and depth >= 2:
        r.fault(f"{where}.sections", _("sections go two levels deep at most"))
        return
    if not children and not items:
        r.fault(where, _("a section needs items or sections"))
    for i, item in enumerate(items):
        _item(r, d, item, f"{where}.items[{i}]", index)
    for i, child in enumerate(children):
        _section(r, d, child, f"{where}.sections[{i}]", index, depth + 1)


def _item(r: _Reader, d: Definition, data: Any, where: str, section: int) -> None:
    if not isinstance(data, dict):
        r.fault(where, _("an item must be an object"))
        return
    r.keys(data, ITEM_KEYS, where)
    kind = data.get("kind")
    if kind not in Item.Kind.values:
        r.fault(f"{where}.kind", _("one of %(kinds)s") % {"kinds": ", ".join(Item.Kind.values)})
        kind = Item.Kind.TEXT
    item = Item(code=r.code(data, where, r.item_codes), kind=kind, order=len(d.items),
                text=r.texts(data.get("text"), f"{where}.text", required=True),
                help=r.texts(data.get("help"), f"{where}.help", required=False),
                required=r.flag(data, "required", where), evidence=r.flag(data, "evidence", where),
                allow_not_applicable=r.flag(data, "allow_not_applicable", where),
                meta=r.meta(data.get("meta"), f"{where}.meta"))
    misplaced = {"scale": {"levels"}, "choice": {"options", "multiple"}, "number": {"unit"}}
    for other, keys in misplaced.items():
        if other != kind and keys & set(data):
            r.fault(where, _("%(keys)s belong to %(kind)s items") % {"keys": ", ".join(sorted(keys & set(data))),
                                                                      "kind": other})
    if kind in (Item.Kind.SCALE, Item.Kind.NUMBER):
        item.minimum = r.number(data, "min", where, whole=kind == Item.Kind.SCALE)
        item.maximum = r.number(data, "max", where, whole=kind == Item.Kind.SCALE)
        if item.minimum is not None and item.maximum is not None and item.minimum >= item.maximum:
            r.fault(where, _("min must be smaller than max"))
    elif "min" in data or "max" in data:
        r.fault(where, _("min and max belong to scale and number items"))
    if kind == Item.Kind.SCALE:
        _scale(r, item, data, where)
    elif kind == Item.Kind.CHOICE:
        _choice(r, item, data, where)
    elif kind == Item.Kind.NUMBER:
        item.unit = r.texts(data.get("unit"), f"{where}.unit", required=False)
    d.items.append((item, section))


def _scale(r: _Reader, item: Item, data: dict[str, Any], where: str) -> None:
    if item.minimum is None or item.maximum is None:
        r.fault(where, _("a scale needs min and max"))
        return
    expected = [str(n) for n in range(int(item.minimum), int(item.maximum) + 1)]
    if len(expected) > MAX_LEVELS:
        r.fault(where, _("a scale has at most %(count)d levels") % {"count": MAX_LEVELS})
        return
    levels = data.get("levels")
    if not isinstance(levels, dict) or sorted(levels, key=lambda k: (len(k), k)) != expected:
        r.fault(f"{where}.levels", _("a descriptor for each level from %(min)s to %(max)s is needed") % {
            "min": expected[0], "max": expected[-1]})
        return
    item.levels = {k: r.texts(levels[k], f"{where}.levels.{k}", required=True) for k in expected}


def _choice(r: _Reader, item: Item, data: dict[str, Any], where: str) -> None:
    item.multiple = r.flag(data, "multiple", where)
    options = data.get("options")
    if not isinstance(options, list) or not options:
        r.fault(f"{where}.options", _("a list of options with code and label is needed"))
        return
    seen: set[str] = set()
    for i, option in enumerate(options):
        place = f"{where}.options[{i}]"
        if not isinstance(option, dict):
            r.fault(place, _("an option is an object with code and label"))
            continue
        r.keys(option, {"code", "label"}, place)
        code = r.code(option, place, seen)
        item.options.append({"code": code, "label": r.texts(option.get("label"), f"{place}.label", required=True)})


def definition_of(version: Version) -> dict[str, Any]:
    """The version in the definition format (what `definition_read` reads back to the same version)."""
    sections = list(version.sections.all())
    items = list(version.items.all())
    data: dict[str, Any] = {"code": version.questionnaire.code}
    if version.questionnaire.purpose:
        data["purpose"] = version.questionnaire.purpose
    data.update({"title": version.title, **({"intro": version.intro} if version.intro else {}),
                 "languages": version.languages})
    by_section: dict[int | None, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def write(section: Section) -> dict[str, Any]:
        out: dict[str, Any] = {"code": section.code, "title": section.title}
        if section.intro:
            out["intro"] = section.intro
        if section.meta:
            out["meta"] = section.meta
        if section.pk in by_section:
            out["items"] = [_item_data(i) for i in by_section[section.pk]]
        if section.pk in children:
            out["sections"] = [write(c) for c in children[section.pk]]
        return out

    data["sections"] = [write(s) for s in children.get(None, [])]
    return data


def _item_data(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"code": item.code, "kind": item.kind}
    if item.kind in (Item.Kind.SCALE, Item.Kind.NUMBER):
        for key, value in (("min", item.minimum), ("max", item.maximum)):
            if value is not None:
                out[key] = int(value) if float(value).is_integer() else value
    out["text"] = item.text
    if item.help:
        out["help"] = item.help
    if item.kind == Item.Kind.SCALE:
        out["levels"] = item.levels
    if item.kind == Item.Kind.CHOICE:
        out["options"] = item.options
        out["multiple"] = item.multiple
    if item.kind == Item.Kind.NUMBER and item.unit:
        out["unit"] = item.unit
    out.update({"allow_not_applicable": item.allow_not_applicable, "evidence": item.evidence,
                "required": item.required})
    if item.meta:
        out["meta"] = item.meta
    return out


def export_name(version: Version) -> str:
    return f"{version.questionnaire.code}-v{version.number}.json"

"""Texts per language: the slots a version has, what a language lacks, which text a reader sees.

Every text of a version sits in a *slot* with a key such as `item:c01.1:level:3`. A slot
is expected in every language when it is required (a title, a question, a level's
descriptor, an option's label) or when any language of the version fills it (a help text,
an introduction, a unit). `missing_texts(version, language)` lists the expected slots a
language leaves empty. A reader sees a text in their language, else in the first language
of the version's fallback order that has it, and is told which language that is.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.i18n import language_name
from partneratlas.questionnaires.models import Item, Section, Texts, Version

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


@dataclass
class Slot:
    """One text of a version: where it is (key), what it is (label), and its texts per language."""

    key: str
    label: str
    required: bool
    texts: Texts
    owner: Any  # the Version, Section or Item that stores it
    field: str  # the owner's attribute: title, intro, text, help, levels, options, unit
    part: str = ""  # a level ("3") or an option code within `field`
    multiline: bool = False

    def expected_in(self, languages: list[str]) -> bool:
        return self.required or any(self.texts.get(lang, "").strip() for lang in languages)


@dataclass(frozen=True)
class Shown:
    """A text as a reader sees it: in `language`, which is not theirs when `fallback`."""

    text: str
    language: str
    fallback: bool

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def __str__(self) -> str:
        return self.text


def shown(texts: Texts, language: str, order: list[str]) -> Shown:
    """The text in `language`, else along the fallback `order`; empty when no language has it."""
    for code in [language, *order]:
        text = (texts or {}).get(code, "")
        if text.strip():
            return Shown(text, code, code != language)
    return Shown("", language, False)


def valid_language(code: str) -> bool:
    return bool(LANGUAGE_CODE.match(code)) and len(code) <= 20


def slots(version: Version, sections: list[Section] | None = None, items: list[Item] | None = None) -> Iterator[Slot]:
    """Every text slot of the version, in reading order."""
    if sections is None:
        sections = list(version.sections.all())
    if items is None:
        items = list(version.items.all())
    yield Slot("title", _("Title"), True, version.title, version, "title")
    yield Slot("intro", _("Introduction"), False, version.intro, version, "intro", multiline=True)
    by_section: dict[int, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    for section in reading_order(sections):
        yield Slot(f"section:{section.code}:title", _("Section %(code)s: title") % {"code": section.code}, True,
                   section.title, section, "title")
        yield Slot(f"section:{section.code}:intro", _("Section %(code)s: introduction") % {"code": section.code},
                   False, section.intro, section, "intro", multiline=True)
        for item in by_section.get(section.pk, []):
            yield from _item_slots(item)


def reading_order(sections: list[Section]) -> list[Section]:
    top = sorted((s for s in sections if s.parent_id is None), key=lambda s: s.order)
    children: dict[int, list[Section]] = {}
    for s in sections:
        if s.parent_id is not None:
            children.setdefault(s.parent_id, []).append(s)
    ordered = []
    for s in top:
        ordered.append(s)
        ordered += sorted(children.get(s.pk, []), key=lambda c: c.order)
    return ordered


def _item_slots(item: Item) -> Iterator[Slot]:
    code = item.code
    yield Slot(f"item:{code}:text", _("Question %(code)s") % {"code": code}, True, item.text, item, "text",
               multiline=True)
    yield Slot(f"item:{code}:help", _("Question %(code)s: help") % {"code": code}, False, item.help, item, "help",
               multiline=True)
    if item.kind == Item.Kind.SCALE:
        for level in sorted(item.levels, key=int):
            yield Slot(f"item:{code}:level:{level}", _("Question %(code)s: level %(level)s") % {
                "code": code, "level": level}, True, item.levels[level], item, "levels", level, multiline=True)
    elif item.kind == Item.Kind.CHOICE:
        for option in item.options:
            yield Slot(f"item:{code}:option:{option['code']}", _("Question %(code)s: option %(option)s") % {
                "code": code, "option": option["code"]}, True, option["label"], item, "options", option["code"])
    elif item.kind == Item.Kind.NUMBER:
        yield Slot(f"item:{code}:unit", _("Question %(code)s: unit") % {"code": code}, False, item.unit, item, "unit")


def missing_texts(version: Version, language: str, *, all_slots: list[Slot] | None = None) -> list[Slot]:
    """The slots the language leaves empty although they are expected (see the module's docstring)."""
    languages = list(dict.fromkeys([*version.languages, language]))
    return [s for s in (all_slots if all_slots is not None else slots(version))
            if s.expected_in(languages) and not s.texts.get(language, "").strip()]


def completeness(version: Version) -> list[dict[str, Any]]:
    """For each language of the version: how many expected texts it has and which are missing."""
    all_slots = list(slots(version))
    rows = []
    for language in version.languages:
        missing = missing_texts(version, language, all_slots=all_slots)
        expected = sum(1 for s in all_slots if s.expected_in(version.languages))
        rows.append({"language": language, "name": language_name(language), "missing": missing,
                     "expected": expected, "present": expected - len(missing),
                     "frozen": language in version.frozen_languages})
    return rows


def slot_set(slot: Slot, language: str, text: str) -> None:
    """Write one text into the slot's owner (not saved)."""
    text = text.strip()
    if slot.field in ("title", "intro", "text", "help", "unit"):
        texts = dict(getattr(slot.owner, slot.field) or {})
        _put(texts, language, text)
        setattr(slot.owner, slot.field, texts)
    elif slot.field == "levels":
        levels = {k: dict(v) for k, v in slot.owner.levels.items()}
        _put(levels[slot.part], language, text)
        slot.owner.levels = levels
    elif slot.field == "options":
        options = [{**o, "label": dict(o["label"])} for o in slot.owner.options]
        for option in options:
            if option["code"] == slot.part:
                _put(option["label"], language, text)
        slot.owner.options = options
    slot.texts = _texts_of(slot)


def _put(texts: dict[str, str], language: str, text: str) -> None:
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)


def _texts_of(slot: Slot) -> Texts:
    value = getattr(slot.owner, slot.field)
    if slot.field == "levels":
        return value[slot.part]
    if slot.field == "options":
        return next(o["label"] for o in value if o["code"] == slot.part)
    return value

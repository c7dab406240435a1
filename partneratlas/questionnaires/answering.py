"""The answer form every capability embeds: a version's items for a response, in a language, with fallback notes.

    qform, outcome = answer_handle(request, response=response)     # in the capability's view
    if outcome == "submitted": return redirect(…)
    return render(request, "checkup/answer.html", {"qform": qform, …})
    {% include "questionnaires/_answer_form.html" with qform=qform %}  # in its template

"Save" keeps partial input (save and resume); "Submit" also checks required items. Each
scale and choice is a fieldset with the question as its legend; "don't know / not
applicable" is its own choice; errors are listed in a summary (role=alert) that links to
each question. `answer_form` alone renders without a response (the staff preview).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partneratlas.questionnaires.answers import AnswerInput, AnswersInvalid, answers_check
from partneratlas.questionnaires.models import Item, Response, Section, Version
from partneratlas.questionnaires.selectors import answers_of, structure
from partneratlas.questionnaires.services import Refused, response_save
from partneratlas.questionnaires.texts import Shown, shown

NA = "na"


@dataclass
class Raw:
    """An answer as the form holds it: the posted strings."""

    values: list[str] = field(default_factory=list)
    not_applicable: bool = False
    evidence: str = ""


@dataclass
class Choice:
    value: str
    label: Shown | str
    checked: bool
    id: str
    level: str = ""


@dataclass
class Row:
    item: Item
    name: str
    text: Shown
    help: Shown
    raw: Raw
    choices: list[Choice] = field(default_factory=list)
    unit: Shown | None = None
    error: str = ""

    @property
    def id(self) -> str:
        return self.name

    @property
    def value(self) -> str:
        return self.raw.values[0] if self.raw.values else ""

    @property
    def grouped(self) -> bool:
        """A scale or choice: a fieldset of radio buttons or checkboxes."""
        return self.item.kind in (Item.Kind.SCALE, Item.Kind.CHOICE)


@dataclass
class Block:
    section: Section
    title: Shown
    intro: Shown
    depth: int
    rows: list[Row]


@dataclass
class AnswerForm:
    version: Version
    language: str
    blocks: list[Block]
    errors: list[tuple[str, str, str]]  # (id, question, message)
    message: str = ""  # an error about the whole form
    editable: bool = True
    save_label: str | None = None
    submit_label: str | None = None

    @property
    def fallbacks(self) -> bool:
        return any(r.text.fallback for b in self.blocks for r in b.rows)


def _raw(item: Item, answer: AnswerInput) -> Raw:
    value = answer.value
    values = [] if value is None else [str(v) for v in value] if isinstance(value, list) else [
        f"{value:g}" if isinstance(value, float) else str(value)]
    return Raw(values, answer.not_applicable, answer.evidence)


def answer_form(version: Version, language: str, *, answers: dict[str, AnswerInput] | None = None,
                raw: dict[str, Raw] | None = None, errors: dict[str, str] | None = None,
                editable: bool = True) -> AnswerForm:
    """The form's rows; `raw` (posted input) wins over stored `answers`."""
    sections, items = structure(version)
    order = version.languages
    by_section: dict[int, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    errors = errors or {}
    blocks = []
    for section in sections:
        rows = []
        for item in by_section.get(section.pk, []):
            current = (raw or {}).get(item.code) or _raw(item, (answers or {}).get(item.code, AnswerInput()))
            rows.append(_row(item, current, language, order, errors.get(item.code, "")))
        blocks.append(Block(section, shown(section.title, language, order), shown(section.intro, language, order),
                            2 if section.parent_id else 1, rows))
    listed = [(r.id, r.text.text, r.error) for b in blocks for r in b.rows if r.error]
    listed += [("", code, message) for code, message in errors.items() if code not in {r.item.code for b in blocks
                                                                                       for r in b.rows}]
    return AnswerForm(version, language, blocks, listed, editable=editable)


def _row(item: Item, raw: Raw, language: str, order: list[str], error: str) -> Row:
    name = f"q-{item.code}"
    row = Row(item, name, shown(item.text, language, order), shown(item.help, language, order), raw, error=error)
    if item.kind == Item.Kind.SCALE:
        row.choices = [Choice(level, shown(texts, language, order), level in raw.values, f"{name}-{level}", level)
                       for level, texts in sorted(item.levels.items(), key=lambda kv: int(kv[0]))]
    elif item.kind == Item.Kind.CHOICE:
        row.choices = [Choice(o["code"], shown(o["label"], language, order), o["code"] in raw.values,
                              f"{name}-{o['code']}") for o in item.options]
    elif item.kind == Item.Kind.NUMBER and item.unit:
        row.unit = shown(item.unit, language, order)
    return row


def inputs_from_post(version: Version, post: Any) -> tuple[dict[str, AnswerInput], dict[str, Raw], dict[str, str]]:
    """The posted answers of the items the form showed: (inputs, raw strings, errors of form)."""
    items = {i.code: i for i in version.items.all()}
    inputs, raws, errors = {}, {}, {}
    for code in post.getlist("q"):
        item = items.get(code)
        if item is None:
            continue
        name = f"q-{code}"
        values = [v for v in post.getlist(name) if v.strip()]
        na = NA in values or post.get(f"{name}-na") == "on"
        values = [v for v in values if v != NA]
        raw = Raw(values, na, post.get(f"{name}-evidence", ""))
        raws[code] = raw
        try:
            value = _parse(item, values)
        except ValueError as exc:
            errors[code] = str(exc)
            continue
        inputs[code] = AnswerInput(value, na, raw.evidence)
    return inputs, raws, errors


def _parse(item: Item, values: list[str]) -> Any:
    if not values:
        return None
    if item.kind == Item.Kind.CHOICE and item.multiple:
        return values
    if len(values) > 1:
        raise ValueError(_("Choose one option only."))
    text = values[0].strip()
    if item.kind == Item.Kind.SCALE:
        if not (text.isascii() and text.lstrip("-").isdigit() and len(text) < 6):
            raise ValueError(_("Choose one of the levels."))
        return int(text)
    if item.kind == Item.Kind.NUMBER:
        try:
            number = Decimal(text.replace(" ", "").replace("\u202f", "").replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(_("Enter a number.")) from exc
        if not number.is_finite() or len(text) > 30:
            raise ValueError(_("Enter a number."))
        return int(number) if number == number.to_integral_value() else float(number)
    return values[0] if item.kind == Item.Kind.TEXT else text


def all_errors(items: list[Item], inputs: dict[str, AnswerInput], errors: dict[str, str], *, complete: bool,
               stored: dict[str, AnswerInput] | None = None) -> dict[str, str]:
    """The form's own errors (unreadable values) and the checks' errors for the rest."""
    try:
        answers_check(items=items, answers=inputs, complete=complete, stored=stored)
    except AnswersInvalid as exc:
        return {**exc.errors, **errors}
    return errors


def answer_handle(request: HttpRequest, *, response: Response,
                  now: datetime.datetime | None = None) -> tuple[AnswerForm, str | None]:
    """The form for a response, and on POST the save ("saved") or the submission ("submitted")."""
    version = response.version
    editable = response.state == Response.State.DRAFT
    if request.method != "POST" or not editable:
        form = answer_form(version, response.language, answers=answers_of(response), editable=editable)
        return _labelled(form), None
    inputs, raws, errors = inputs_from_post(version, request.POST)
    submit = request.POST.get("action") == "submit"
    if errors:  # the values that could be read are checked too, so that every fault is listed at once
        errors = all_errors(list(version.items.all()), inputs, errors, complete=submit, stored=answers_of(response))
    else:
        try:
            response_save(response=response, answers=inputs, now=now, submit=submit)
        except AnswersInvalid as exc:
            errors = exc.errors
        except Refused as exc:  # submitted meanwhile (another tab, the other person of the side)
            form = answer_form(version, response.language, answers=answers_of(response), editable=False)
            form.message = exc.message
            return _labelled(form), None
        else:
            return _labelled(answer_form(version, response.language, answers=answers_of(response),
                                         editable=not submit)), "submitted" if submit else "saved"
    return _labelled(answer_form(version, response.language, raw=raws, errors=errors)), None


def _labelled(form: AnswerForm) -> AnswerForm:
    form.save_label = _("Save and continue later")
    form.submit_label = _("Submit the answers")
    return form

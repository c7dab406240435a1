"""Checking answers against their items: what a value may be for each kind of question.

Pure functions: the response services, the answer form and the staff preview (which stores
nothing) all check here. Values are language-neutral: a scale level (int), an option code
or a list of codes, a number, an ISO date ("2024-05-01"), a text.
"""

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.questionnaires.models import Item

MAX_TEXT = 10_000
MAX_EVIDENCE = 5_000


@dataclass(frozen=True)
class AnswerInput:
    """What a person gave for one item: a value, or "not applicable"; and evidence text where the item has room."""

    value: Any = None
    not_applicable: bool = False
    evidence: str = ""

    @property
    def answered(self) -> bool:
        """A value or "not applicable": what a required item needs."""
        return self.not_applicable or not _blank(self.value)

    @property
    def empty(self) -> bool:
        return not self.answered and not self.evidence.strip()


class AnswersInvalid(Exception):
    """Some answers cannot be taken; `errors` maps item codes to messages in the reader's language."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def answer_clean(item: Item, given: AnswerInput) -> AnswerInput:
    """The answer in its stored form; ValueError with the reason when the item cannot take it."""
    evidence = (given.evidence or "").strip()
    if evidence and not item.evidence:
        raise ValueError(_("This question takes no evidence text."))
    if len(evidence) > MAX_EVIDENCE:
        raise ValueError(_("The evidence text is longer than %(max)d characters.") % {"max": MAX_EVIDENCE})
    if given.not_applicable:
        if not item.allow_not_applicable:
            raise ValueError(_("“Don't know / not applicable” is not an answer to this question."))
        if not _blank(given.value):
            raise ValueError(_("Give either an answer or “don't know / not applicable”, not both."))
        return AnswerInput(None, True, evidence)
    if _blank(given.value):
        return AnswerInput(None, False, evidence)
    return AnswerInput(_value(item, given.value), False, evidence)


def _value(item: Item, value: Any) -> Any:
    kind = item.kind
    if kind == Item.Kind.SCALE:
        low, high = int(item.minimum or 0), int(item.maximum or 0)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(_("Choose a level from %(min)d to %(max)d.") % {"min": low, "max": high})
        return value
    if kind == Item.Kind.CHOICE:
        codes = item.option_codes
        chosen = value if isinstance(value, list) else [value]
        if not item.multiple and isinstance(value, list):
            raise ValueError(_("Choose one option only."))
        unknown = [str(c) for c in chosen if c not in codes]
        if unknown:
            raise ValueError(_("Unknown option: %(codes)s.") % {"codes": ", ".join(unknown)})
        if len(set(chosen)) != len(chosen):
            raise ValueError(_("An option is chosen twice."))
        return [c for c in codes if c in chosen] if item.multiple else value
    if kind == Item.Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(_("Enter a number."))
        if (item.minimum is not None and value < item.minimum) or (item.maximum is not None and value > item.maximum):
            raise ValueError(_("Enter a number from %(min)s to %(max)s.") % {
                "min": _number_text(item.minimum) or "−∞", "max": _number_text(item.maximum) or "∞"})
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if kind == Item.Kind.DATE:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError(value)
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise ValueError(_("Enter a date as YYYY-MM-DD, e.g. 2024-05-31.")) from exc
    if not isinstance(value, str):
        raise ValueError(_("Enter a text."))
    if len(value.strip()) > MAX_TEXT:
        raise ValueError(_("The text is longer than %(max)d characters.") % {"max": MAX_TEXT})
    return value.strip()


def answers_check(*, items: list[Item], answers: dict[str, AnswerInput],
                  complete: bool = False, stored: dict[str, AnswerInput] | None = None) -> dict[str, AnswerInput]:
    """Every given answer cleaned; with `complete`, every required item answered (given or `stored`).

    Raises AnswersInvalid with one message per item code at fault.
    """
    by_code = {item.code: item for item in items}
    errors: dict[str, str] = {}
    cleaned: dict[str, AnswerInput] = {}
    for code, given in answers.items():
        item = by_code.get(code)
        if item is None:
            errors[code] = _("There is no question %(code)s in this questionnaire.") % {"code": code}
            continue
        try:
            cleaned[code] = answer_clean(item, given)
        except ValueError as exc:
            errors[code] = str(exc)
    if complete:
        merged = {**(stored or {}), **cleaned}
        for item in items:
            if item.required and item.code not in errors and not (
                    item.code in merged and merged[item.code].answered):
                errors[item.code] = _("This question needs an answer.") if not item.allow_not_applicable else _(
                    "This question needs an answer (or “don't know / not applicable”).")
    if errors:
        raise AnswersInvalid(errors)
    return cleaned

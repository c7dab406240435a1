"""A round's results, once unsealed: scores per criterion, part and dimension for each side, the perception
gap, the radar, the trend over earlier rounds, and for each weak criterion the advice and the support that fits.

Scores come from the engine (`questionnaires.selectors.scores`, grouped by the meta keys the
definition gives: `criterion` and `dimension` on each criterion's section, `part` on each part's
section; "not applicable" is left out of every mean and counted). `results_of` refuses a sealed
round: it is the only reader of answers in this app.
"""

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partneratlas.checkup import selectors
from partneratlas.checkup.conf import gap_threshold, mappings, strong_from, weak_below
from partneratlas.checkup.models import CriterionScore, Role, Round, Side
from partneratlas.checkup.radar import Radar, radar
from partneratlas.questionnaires import selectors as questionnaires
from partneratlas.questionnaires.models import Item, Section, Version
from partneratlas.questionnaires.scoring import Score


class Sealed(Exception):
    """The round's answers are still sealed."""


def dimension_name(code: str) -> str:
    names = {"R": pgettext("check-up dimension", "the relationship"),
             "A": pgettext("check-up dimension", "the anchoring in each municipality"),
             "O": pgettext("check-up dimension", "the outside conditions")}
    return names.get(code, code)


def text_in(texts: Any, language: str, order: list[str]) -> tuple[str, str]:
    """(text, its language): in `language`, else along the version's fallback order."""
    if not isinstance(texts, dict):
        return (texts, language) if isinstance(texts, str) else ("", language)
    for code in [language, *order]:
        value = texts.get(code)
        if isinstance(value, str) and value.strip():
            return value, code
    return "", language


@dataclass
class Line:
    """A criterion, part or dimension with each side's score (None: the side gave no answers to count)."""

    code: str
    title: str
    german: Score | None = None
    partner: Score | None = None
    number: int = 0  # a criterion's number on the radar's axes
    both: float | None = None

    @property
    def gap(self) -> float | None:
        """German minus partner, in points (positive: the German side sees it better)."""
        if self.german is None or self.partner is None or self.german.value is None or self.partner.value is None:
            return None
        return self.german.value - self.partner.value

    flag: bool = False  # the gap is larger than the threshold

    def flagged(self, threshold: float) -> bool:
        return self.gap is not None and abs(self.gap) > threshold

    @property
    def gap_text(self) -> str:
        """The gap rounded, with its sign: "+25", "−12", "0"; "–" when a side has no score."""
        gap = self.gap
        if gap is None:
            return "–"
        whole = math.floor(abs(gap) + 0.5)
        return "0" if whole == 0 else ("+" if gap > 0 else "−") + str(whole)


@dataclass
class Weak:
    line: Line
    advice: str
    advice_language: str
    offers: list[selectors.Offer]
    peers: list[selectors.Peer]


@dataclass
class TrendRow:
    round: Round
    mapped: bool
    overall: dict[str, Score | None]
    parts: list[dict[str, Score | None]]


@dataclass
class Results:
    criteria: list[Line]
    parts: list[Line]
    dimensions: list[Line]
    radar: Radar
    threshold: float
    weak_below: float
    weak: list[Weak]
    trend: list[TrendRow] = field(default_factory=list)
    not_comparable: int = 0
    flagged: list[Line] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[Line]]]:
        return [(_("Scores per part"), self.parts), (_("Scores per dimension"), self.dimensions)]


@dataclass
class Outline:
    """The version's criteria, parts and dimensions in reading order, with titles in the reader's language."""

    criteria: list[tuple[str, str, Section]]
    parts: list[tuple[str, str]]
    dimensions: list[str]
    sections: list[Section]
    items: list[Item]


def outline(version: Version, language: str) -> Outline:
    sections, items = questionnaires.structure(version)
    order = list(version.languages)
    criteria, parts, dimensions = [], [], []
    for s in sections:
        meta = s.meta or {}
        if meta.get("part") and s.parent_id is None:
            parts.append((str(meta["part"]), text_in(s.title, language, order)[0]))
        if meta.get("criterion"):
            criteria.append((str(meta["criterion"]), text_in(s.title, language, order)[0], s))
            if isinstance(meta.get("dimension"), str) and meta["dimension"] not in dimensions:
                dimensions.append(meta["dimension"])
    return Outline(criteria, parts, sorted(dimensions, key=lambda d: "RAO".find(d) % 4), sections, items)


def _submitted(sides: list[Side]) -> dict[str, Any]:
    return {s.role: s.response for s in sides if s.submitted and s.response is not None}


def _lines(found: dict[str, dict[Hashable, Score]], keys: list[tuple[str, str]]) -> list[Line]:
    return [Line(code, title, found.get(Role.GERMAN, {}).get(code), found.get(Role.PARTNER, {}).get(code))
            for code, title in keys]


def results_of(round_: Round, *, language: str, sides: list[Side] | None = None) -> Results:
    """The results of an unsealed round (Sealed otherwise); `sides`: the round's sides with their responses, when
    the caller has read them already."""
    if not round_.unsealed:
        raise Sealed
    version = round_.version
    shape = outline(version, language)
    responses = _submitted(sides if sides is not None else list(round_.sides.select_related("response")))
    by: dict[str, dict[str, dict[Hashable, Score]]] = {"criterion": {}, "part": {}, "dimension": {}}
    stored = questionnaires.answers_of_many(r.pk for r in responses.values())  # one query for both sides
    for role, response in responses.items():
        keyed = dict(questionnaires.scores_by_every_key(shape.sections, shape.items, stored[response.pk],
                                                        keys=list(by)))
        for key in by:
            by[key][role] = dict(keyed.get(key, []))
    criteria = _lines(by["criterion"], [(c, t) for c, t, _s in shape.criteria])
    both = dict(CriterionScore.objects.filter(round=round_, side="both").values_list("criterion", "value"))
    for number, line in enumerate(criteria, 1):
        line.number, line.both = number, both.get(line.code)
    parts = _lines(by["part"], shape.parts)
    dimensions = _lines(by["dimension"], [(d, dimension_name(d)) for d in shape.dimensions])
    chart = radar({role: [getattr(line, role).value if getattr(line, role) else None for line in criteria]
                   for role in (Role.GERMAN, Role.PARTNER) if role in responses})
    threshold, below = gap_threshold(), weak_below()
    for line in criteria:
        line.flag = line.flagged(threshold)
    results = Results(criteria, parts, dimensions, chart, threshold, below, [],
                      flagged=[line for line in criteria if line.flagged(threshold)])
    results.weak = _weak(round_, criteria, shape, language, below)
    results.trend, results.not_comparable = trend(round_, shape)
    return results


def _weak(round_: Round, criteria: list[Line], shape: Outline, language: str, below: float) -> list[Weak]:
    weak = [line for line in criteria if _combined(line) is not None and (_combined(line) or 0) < below]
    sections = {code: s for code, _t, s in shape.criteria}
    peers = selectors.peers_for(criteria=[w.code for w in weak], questionnaire_id=round_.version.questionnaire_id,
                                exclude=round_.partnership_id, strong=strong_from())
    offers = selectors.support_offers(criteria=[w.code for w in weak], language=language)
    found = []
    for line in weak:
        advice, advice_language = text_in((sections[line.code].meta or {}).get("advice"), language,
                                          list(round_.version.languages))
        found.append(Weak(line, advice, advice_language, offers.get(line.code, []), peers.get(line.code, [])))
    return found


def _combined(line: Line) -> float | None:
    """Both sides together (stored when the round was unsealed), else the one side that answered."""
    if line.both is not None:
        return line.both
    values = [s.value for s in (line.german, line.partner) if s is not None and s.value is not None]
    return values[0] if len(values) == 1 else None


def trend(round_: Round, shape: Outline) -> tuple[list[TrendRow], int]:
    """This and the earlier unsealed rounds of the partnership on the same version, or on a version with an item
    mapping to this one (settings.CHECKUP_ITEM_MAPPINGS / checkup/mappings.json); and how many were left out.

    Rounds on this version are read from their stored scores per criterion (`from_stored`); rounds on a
    mapped version are scored again from their answers, carried over through the mapping."""
    earlier = list(Round.objects.filter(partnership_id=round_.partnership_id, closed_at__isnull=False,
                                        opened_at__lte=round_.opened_at).select_related("version__questionnaire")
                   .prefetch_related("sides__response").order_by("opened_at", "pk"))
    known = mappings()
    code, number = round_.version.questionnaire.code, round_.version.number
    parts_of = _parts_of_criteria(shape)
    same = [other.pk for other in earlier if other.version_id == round_.version_id] if parts_of is not None else []
    stored_scores = from_stored(same, parts_of or {})
    stored = questionnaires.answers_of_many(
        [s.response_id for other in earlier if other.pk not in stored_scores
         for s in other.sides.all() if s.response_id is not None])
    rows, skipped = [], 0
    for other in earlier:
        mapping: dict[str, str] | None = None
        if other.version_id != round_.version_id:
            if other.version.questionnaire_id != round_.version.questionnaire_id:
                skipped += 1
                continue
            mapping = known.get(f"{code}:{other.version.number}->{number}")
            if mapping is None:
                skipped += 1
                continue
        overall: dict[str, Score | None] = {}
        parts: list[dict[str, Score | None]] = [{} for _p in shape.parts]
        for role, response in _submitted(list(other.sides.all())).items():
            by_part: dict[Any, Score]
            if other.pk in stored_scores:
                whole, by_part = stored_scores[other.pk].get(role, (None, {}))
                overall[role] = whole
            else:
                answers = stored[response.pk]
                if mapping is not None:
                    answers = {mapping[c]: a for c, a in answers.items() if c in mapping}
                keyed = dict(questionnaires.scores_by_every_key(shape.sections, shape.items, answers,
                                                                keys=[None, "part"]))
                overall[role] = dict(keyed.get(None, [])).get(None)
                by_part = dict(keyed.get("part", []))
            for i, (part, _title) in enumerate(shape.parts):
                parts[i][role] = by_part.get(part)
        rows.append(TrendRow(other, mapping is not None, overall, parts))
    return rows, skipped


def _parts_of_criteria(shape: Outline) -> dict[str, str] | None:
    """Each criterion's part, when the stored criterion scores hold everything the overall and part scores count:
    every scale item lies in a criterion's section and no item names a criterion or part of its own."""
    sections = {s.pk: s for s in shape.sections}
    criterion_of: dict[int, str] = {}
    for code, _title, section in shape.criteria:
        criterion_of[section.pk] = code
    for s in shape.sections:  # sub-sections of a criterion belong to it
        above: Section | None = s
        found: str | None = None
        while above is not None and found is None:
            found = criterion_of.get(above.pk)
            above = sections.get(above.parent_id) if above.parent_id else None
        if found is not None:
            criterion_of[s.pk] = found
    for item in shape.items:
        if item.kind == Item.Kind.SCALE and (item.section_id not in criterion_of
                                            or {"criterion", "part"} & set(item.meta or {})):
            return None
    parts: dict[str, str] = {}
    for code, _title, section in shape.criteria:
        holder: Section | None = section
        while holder is not None and not (holder.meta or {}).get("part"):
            holder = sections.get(holder.parent_id) if holder.parent_id else None
        if holder is not None:
            parts[code] = str(holder.meta["part"])
    return parts


def from_stored(round_ids: list[int], parts_of: dict[str, str]) -> dict[int, dict[str, tuple[Score, dict[str, Score]]]]:
    """Per round and side, the overall score and the score per part, put together from the stored scores per
    criterion (one query): each mean weighted by its number of answers, which is the mean of all the answers.
    Rounded to nine places, so that 62.5 stays 62.5 and is shown as 63, as when it is computed from the answers."""
    sums: dict[tuple[int, str, str | None], list[float]] = {}
    counts: dict[tuple[int, str, str | None], list[int]] = {}
    for round_id, criterion, side, value, answers, not_applicable in CriterionScore.objects.filter(
            round_id__in=round_ids, side__in=[Role.GERMAN, Role.PARTNER]).values_list(
            "round_id", "criterion", "side", "value", "answers", "not_applicable"):
        part = parts_of.get(criterion)
        for group in (None, part) if part is not None else (None,):
            key = (round_id, side, group)
            sums.setdefault(key, []).append((value or 0.0) * answers)
            counts.setdefault(key, [0, 0])
            counts[key][0] += answers
            counts[key][1] += not_applicable
    found: dict[int, dict[str, tuple[Score, dict[str, Score]]]] = {r: {} for r in round_ids}
    for (round_id, side, group), (answered, skipped) in counts.items():
        score = Score(round(math.fsum(sums[(round_id, side, group)]) / answered, 9) if answered else None,
                      answered, skipped)
        whole, by_part = found[round_id].get(side, (Score(None, 0, 0), {}))
        if group is None:
            whole = score
        else:
            by_part[group] = score
        found[round_id][side] = (whole, by_part)
    return found


def side_label(role: str) -> str:
    return _("German side") if role == Role.GERMAN else _("Partner side")

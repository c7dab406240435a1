"""Reads: questionnaires and versions, a response's answers, scores of responses."""

from collections.abc import Hashable, Iterable
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.models import Answer, Item, Questionnaire, Response, Section, Version
from partneratlas.questionnaires.scoring import Point, Score, groups_of, tally
from partneratlas.questionnaires.texts import reading_order


def questionnaires() -> QuerySet[Questionnaire]:
    """Every questionnaire with its versions (each with its count of responses), in two queries."""
    versions = Version.objects.annotate(response_count=Count("responses")).order_by("number")
    return Questionnaire.objects.prefetch_related(Prefetch("versions", queryset=versions))


def version_of(code: str, number: int) -> Version | None:
    return Version.objects.select_related("questionnaire").filter(questionnaire__code=code, number=number).first()


def current_version(code: str) -> Version | None:
    """The newest published version of a questionnaire: the one new responses use."""
    return (Version.objects.select_related("questionnaire")
            .filter(questionnaire__code=code, state=Version.State.PUBLISHED).order_by("-number").first())


def current_version_for(purpose: str) -> Version | None:
    """The newest published version of the newest questionnaire kept for a purpose ("checkup"): for a capability
    that reads another's questionnaire without importing it."""
    return (Version.objects.select_related("questionnaire")
            .filter(questionnaire__purpose=purpose, state=Version.State.PUBLISHED)
            .order_by("-questionnaire__created_at", "-number").first())


def structure(version: Version) -> tuple[list[Section], list[Item]]:
    """The version's sections (in reading order: each part followed by its children) and items, in two queries."""
    return reading_order(list(version.sections.all())), list(version.items.all())


def answers_of(response: Response) -> dict[str, AnswerInput]:
    """The stored answers by item code."""
    return {code: AnswerInput(value, na, evidence) for code, value, na, evidence in response.answers.values_list(
        "item__code", "value", "not_applicable", "evidence")}


def answers_of_many(response_ids: Iterable[int]) -> dict[int, dict[str, AnswerInput]]:
    """The stored answers of several responses, by response and item code; one query."""
    found: dict[int, dict[str, AnswerInput]] = {pk: {} for pk in response_ids}
    rows = Answer.objects.filter(response_id__in=list(found)).values_list(
        "response_id", "item__code", "value", "not_applicable", "evidence")
    for response_id, code, value, na, evidence in rows:
        found[response_id][code] = AnswerInput(value, na, evidence)
    return found


def _meta_lookup(item: Item, sections: dict[int, Section], key: str) -> Any:
    if key in item.meta:
        return item.meta[key]
    section: Section | None = sections.get(item.section_id)
    while section is not None:
        if key in section.meta:
            return section.meta[key]
        section = sections.get(section.parent_id) if section.parent_id else None
    return None


def points(answers: Iterable[tuple[Item, AnswerInput]], sections: dict[int, Section],
           group_by: str | None) -> list[Point]:
    """Scale answers as scoring points, grouped by the meta key (None: one group, None)."""
    found = []
    for item, answer in answers:
        if item.kind != Item.Kind.SCALE or not answer.answered:
            continue
        groups = [None] if group_by is None else groups_of(_meta_lookup(item, sections, group_by))
        level = None if answer.not_applicable else int(answer.value)
        found += [Point(g, level, int(item.minimum or 0), int(item.maximum or 0)) for g in groups]
    return found


def scores(responses: Response | Iterable[Response], *, group_by: str | None = None) -> dict[Hashable, Score]:
    """Scores of one or more responses (answers pooled), per value of the meta key `group_by`.

    Each group's score is the mean of its answered scale items rescaled to 0–100, with the
    count of answers and of "not applicable" (left out of the mean). Two queries.
    """
    ids = [responses.pk] if isinstance(responses, Response) else [r.pk for r in responses]
    rows = list(Answer.objects.filter(response_id__in=ids, item__kind=Item.Kind.SCALE).select_related("item"))
    version_ids = {a.item.version_id for a in rows}
    sections = {s.pk: s for s in Section.objects.filter(version_id__in=version_ids)} if rows else {}
    return tally(points(((a.item, AnswerInput(a.value, a.not_applicable)) for a in rows), sections, group_by))


def meta_keys(sections: Iterable[Section], items: Iterable[Item]) -> list[str]:
    """The meta keys with scalar values (the ways a version's scores can be grouped), in order of appearance."""
    keys: dict[str, None] = {}
    metas = [s.meta for s in sections] + [i.meta for i in items]
    for meta in metas:
        for key, value in meta.items():
            if isinstance(value, (str, int)) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                keys[key] = None
    return list(keys)


def scores_by_every_key(sections: list[Section], items: list[Item], answers: dict[str, AnswerInput], *,
                        keys: list[str | None] | None = None) -> list[tuple[str | None, list[tuple[Hashable, Score]]]]:
    """Scores of answers (stored or not, e.g. the preview): overall (key None), then by each meta key of the
    version; or by the `keys` given only."""
    by_code = {i.code: i for i in items}
    pairs = [(by_code[code], a) for code, a in answers.items() if code in by_code]
    section_map = {s.pk: s for s in sections}
    found: list[tuple[str | None, list[tuple[Hashable, Score]]]] = []
    for key in [None, *meta_keys(sections, items)] if keys is None else keys:
        found.append((key, sorted(tally(points(pairs, section_map, key)).items(), key=lambda kv: str(kv[0]))))
    return found

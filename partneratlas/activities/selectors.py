"""Reads of the activity log: a partnership's activities as a viewer may see them, and the figures
the indicators need (issue 12, point 5). Other apps read the log only through this module.

Every figure that depends on the date takes `today`; a partnership without activities is
absent from a result ("no data"), never given a zero. The figures count every activity,
public and internal: they are for the partnership's members and the agency.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from partneratlas.activities.models import (
    ACTOR_KINDS,
    Activity,
    ActivityActor,
    ActivityKind,
    Attachment,
    Direction,
    Media,
    Visibility,
)
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.models import Revision
from partneratlas.i18n import language_name

PAGE_ITEMS = 5  # the latest activities on the partnership's page


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _public_files() -> Q:
    return ~Q(media=Media.IMAGE) | Q(consent=True)


def activities_of(*, partnership_id: int, private: bool, limit: int | None = None) -> list[Activity]:
    """The partnership's activities, newest first, ready for a page: the public ones and their shown files
    only, unless `private` (the members' administrations and the agency). Queries do not grow with the list."""
    qs = _listed(partnership_id, private)
    items = list(qs[:limit] if limit else qs)
    _describe(items, partnership_id)
    return items


def _listed(partnership_id: int, private: bool) -> QuerySet[Activity]:
    files = Attachment.objects.all() if private else Attachment.objects.filter(_public_files())
    qs = (Activity.objects.filter(partnership_id=partnership_id).select_related("kind")
          .prefetch_related("actors", Prefetch("attachments", queryset=files)))
    return qs if private else qs.filter(visibility=Visibility.PUBLIC)


def activities_page(*, partnership_id: int, private: bool, offset: int, limit: int) -> tuple[int, list[Activity]]:
    """One page of what `activities_of` lists (for the API) and how many there are in all; queries do not grow."""
    qs = _listed(partnership_id, private)
    items = list(qs[offset:offset + limit])
    _describe(items, partnership_id)
    count = len(items) if offset == 0 and len(items) < limit else qs.count()
    return count, items


def _describe(items: list[Activity], partnership_id: int) -> None:
    """Names and labels a page shows beside each activity, read once for the whole list."""
    places = {m.id: m.display_name for m in Municipality.objects.filter(
        memberships__partnership_id=partnership_id)} if items else {}
    kinds, directions = dict(ACTOR_KINDS), dict(Direction.choices)
    for item in items:
        item.side_name = places.get(item.side_id, "")  # type: ignore[attr-defined]
        item.direction_label = directions.get(item.direction, "")  # type: ignore[attr-defined]
        item.counts = [(places.get(int(m), m), n) for m, n in item.participants.items()]  # type: ignore[attr-defined]
        item.language_names = [language_name(c) for c in item.languages]  # type: ignore[attr-defined]
        item.actor_labels = [  # type: ignore[attr-defined]
            f"{a.name} ({kinds.get(a.kind, a.kind)})" if a.name else str(kinds.get(a.kind, a.kind))
            for a in item.actors.all()]


def for_partnership_page(*, partnership_id: int, uid: Any, private: bool, can_log: bool) -> dict[str, Any]:
    """What the partnership's page shows of the log: the latest activities the viewer may see."""
    items = activities_of(partnership_id=partnership_id, private=private, limit=PAGE_ITEMS + 1)
    return {"items": items[:PAGE_ITEMS], "more": len(items) > PAGE_ITEMS, "private": private, "can_log": can_log,
            "uid": uid}


def kinds() -> QuerySet[ActivityKind]:
    return ActivityKind.objects.all()


def attachment_for(*, pk: int) -> Attachment | None:
    return Attachment.objects.select_related("activity").filter(pk=pk).first()


# Figures for the indicators -------------------------------------------------------------------------------


def _window(partnership_ids: Iterable[int] | None, today: datetime.date, months: int | None) -> QuerySet[Activity]:
    qs = Activity.objects.filter(date__lte=today)  # planned activities have not happened yet
    if months is not None:
        qs = qs.filter(date__gt=months_before(today, months))
    if partnership_ids is not None:
        qs = qs.filter(partnership_id__in=list(partnership_ids))
    return qs


def last_activity_dates(*, today: datetime.date, partnership_ids: Iterable[int] | None = None
                        ) -> dict[int, datetime.date]:
    """The date of each partnership's latest activity up to `today` (its end date for a longer one)."""
    rows = _window(partnership_ids, today, None).values("partnership_id").annotate(
        last=Max("date"), last_end=Max("end_date", filter=Q(end_date__lte=today)))
    return {r["partnership_id"]: max(d for d in (r["last"], r["last_end"]) if d) for r in rows}


def actor_kinds_active(*, today: datetime.date, months: int = 24, partnership_ids: Iterable[int] | None = None
                       ) -> dict[int, set[str]]:
    """The kinds of actor (named actors' kinds and kinds named alone) active in the last `months` months."""
    window = _window(partnership_ids, today, months)
    found: dict[int, set[str]] = defaultdict(set)
    for pid, kind in ActivityActor.objects.filter(activity__in=window).values_list(
            "activity__partnership_id", "kind").distinct():
        found[pid].add(kind)
    return dict(found)


@dataclass(frozen=True)
class Youth:
    activities: int  # activities in the period
    with_youth: int  # … in which young people took part
    young_people: int | None  # young people counted in them; None when none were counted


def youth_participation(*, today: datetime.date, months: int = 24, partnership_ids: Iterable[int] | None = None
                        ) -> dict[int, Youth]:
    """Per partnership with activities in the last `months` months: how many had young people, and how many."""
    rows = _window(partnership_ids, today, months).values("partnership_id").annotate(
        n=Count("id"), with_youth=Count("id", filter=Q(youth=True)),
        young=Sum("young_people", filter=Q(youth=True)))
    return {r["partnership_id"]: Youth(r["n"], r["with_youth"], r["young"]) for r in rows}


def languages_used(*, today: datetime.date, months: int = 24, partnership_ids: Iterable[int] | None = None
                   ) -> dict[int, set[str]]:
    """The languages (ISO 639-1 codes) used in each partnership's activities of the last `months` months."""
    found: dict[int, set[str]] = {}
    for pid, codes in _window(partnership_ids, today, months).values_list("partnership_id", "languages"):
        found.setdefault(pid, set()).update(codes or [])
    return {pid: codes for pid, codes in found.items() if codes}


def activity_counts(*, today: datetime.date, months: int = 24, partnership_ids: Iterable[int] | None = None
                    ) -> dict[int, int]:
    """How many activities each partnership logged in the last `months` months."""
    rows = _window(partnership_ids, today, months).values("partnership_id").annotate(n=Count("id"))
    return {r["partnership_id"]: r["n"] for r in rows}


def deleted_activities(*, partnership_id: int) -> list[dict[str, Any]]:
    """The partnership's deleted activities, from their last revision: id, date and title (restorable)."""
    rows = list(Revision.objects.filter(kind="activity", state__partnership_id=partnership_id,
                                        state__deleted=True).values_list("object_id", "state", "at"))
    existing = set(Activity.objects.filter(id__in=[r[0] for r in rows]).values_list("id", flat=True))
    latest: dict[int, dict[str, Any]] = {}
    for pk, state, at in rows:
        if pk not in existing and (pk not in latest or latest[pk]["at"] < at):
            latest[pk] = {"id": pk, "date": state.get("date", ""), "title": state.get("title", ""), "at": at}
    return sorted(latest.values(), key=lambda d: d["at"], reverse=True)

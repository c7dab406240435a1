"""Indicators computed from the records (issue 12, point 5): each with a code, a name, a definition, a
direction and thresholds, and per partnership a value or "no data", never counted as zero.

Each indicator is a pure function of the figures it needs; `indicators_of` reads the figures for many
partnerships at once (a fixed number of queries, whatever their number) and `today` is passed in (habit 12).
The activity log is read only through `activities.selectors`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partneratlas.activities import selectors as activities
from partneratlas.checkup.conf import dormant_risk_months, dormant_watch_months
from partneratlas.registry.models import ContactPerson, CouncilResolution, Membership, Partnership

HIGHER, LOWER = "higher", "lower"  # which way is better
OK, WATCH, RISK, NONE = "ok", "watch", "risk", "none"
WINDOW = 24  # months: actor breadth and youth participation look this far back
GERMANY = "DE"
GERMAN = "de"
DOCUMENT_KINDS = frozenset({"twinning", "cooperation"})  # a certificate (Urkunde) or an agreement by their kind

STATE_LABELS = {OK: pgettext_lazy("indicator state", "good"), WATCH: pgettext_lazy("indicator state", "watch"),
                RISK: pgettext_lazy("indicator state", "at risk"), NONE: pgettext_lazy("indicator state", "no data")}


@dataclass(frozen=True)
class Indicator:
    """What an indicator measures. A value at or beyond `risk` is at risk, at or beyond `watch` watched
    (beyond: above for LOWER, below for HIGHER is better)."""

    code: str
    name: Promise
    definition: Promise
    direction: str
    watch: float
    risk: float

    def state(self, value: float | None) -> str:
        if value is None:
            return NONE
        if self.direction == LOWER:
            return RISK if value >= self.risk else WATCH if value >= self.watch else OK
        return RISK if value <= self.risk else WATCH if value <= self.watch else OK

    @property
    def direction_label(self) -> Promise:
        return _("higher is better") if self.direction == HIGHER else _("lower is better")


@dataclass(frozen=True)
class Value:
    """One indicator of one partnership: its value (None: no data), a detail and why there is no data."""

    indicator: Indicator
    value: float | None
    detail: str = ""
    note: Promise | str = ""
    parts: tuple[tuple[str, int | None], ...] = field(default=())  # per side, where the value is the weaker side's
    day: datetime.date | None = None  # the day the value counts from, where it has one

    @property
    def state(self) -> str:
        return self.indicator.state(self.value)

    @property
    def state_label(self) -> Promise:
        return STATE_LABELS[self.state]


def months_since_indicator() -> Indicator:
    return Indicator("months-since-activity", _("Months since the last activity"),
                     _("Full months from the latest activity logged (its end day for a longer one) to today. "
                       "No data when no activity has been logged."), LOWER,
                     dormant_watch_months(), dormant_risk_months())


ACTOR_BREADTH = Indicator(
    "actor-breadth", _("Actor breadth"),
    _("Kinds of actors (schools, associations, companies, the council …) named in the activities of the last "
      "24 months. No data when the partnership has never logged an activity."), HIGHER, 2, 1)
YOUTH = Indicator(
    "youth", _("Youth participation"),
    _("Activities of the last 24 months in which young people took part. No data when the partnership has "
      "never logged an activity."), HIGHER, 1, 0)
SPEAKERS = Indicator(
    "speakers", _("Speakers of the partner's working language"),
    _("Contact persons on each side who speak the partner's working language; the value is the weaker side's. "
      "The German side needs a working language other than German, the partner side German (or, when German "
      "is not a working language, one of the working languages). One speaker means that the partnership "
      "depends on one person. No data without working languages or without contact persons on a side."),
    HIGHER, 2, 1)
FORMALISATION = Indicator(
    "formalisation", _("Formalisation"),
    _("Of two: a certificate or agreement (a town twinning or cooperation agreement, or a signing day "
      "recorded) and a council resolution recorded."), HIGHER, 1, 0)
DOCUMENTS = Indicator(
    "documents-both-languages", _("Documents in both languages"),
    _("Documents of the partnership available in the languages of both sides."), HIGHER, 0, 0)
FUNDING = Indicator(
    "funding-diversity", _("Funding diversity"),
    _("Sources of funding the partnership draws on."), HIGHER, 1, 0)
NOT_RECORDED = _("PartnerAtlas does not record this yet.")


def indicators() -> list[Indicator]:
    """Every indicator, in the order a page shows them."""
    return [months_since_indicator(), ACTOR_BREADTH, YOUTH, SPEAKERS, FORMALISATION, DOCUMENTS, FUNDING]


# The pure functions ---------------------------------------------------------------------------------------


def full_months(since: datetime.date, today: datetime.date) -> int:
    """Full months from `since` to `today` (0 within the first month; never negative)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    if months > 0 and activities.months_before(today, months) < since:
        months -= 1
    return max(months, 0)


def months_since_activity(last: datetime.date | None, *, today: datetime.date) -> Value:
    indicator = months_since_indicator()
    if last is None:
        return Value(indicator, None, note=_("No activity logged."))
    return Value(indicator, full_months(last, today), detail=last.isoformat(), day=last)


def actor_breadth(kinds: set[str] | None, *, logged: bool) -> Value:
    """`logged`: the partnership has logged activities at all (else a missing kind is no data, not zero)."""
    if not logged:
        return Value(ACTOR_BREADTH, None, note=_("No activity logged."))
    return Value(ACTOR_BREADTH, len(kinds or ()))


def youth_participation(youth: activities.Youth | None, *, logged: bool) -> Value:
    if not logged:
        return Value(YOUTH, None, note=_("No activity logged."))
    if youth is None:
        return Value(YOUTH, 0, detail=str(_("no activity in the last 24 months")))
    detail = _("%(youth)s of %(all)s activities") % {"youth": youth.with_youth, "all": youth.activities}
    if youth.young_people is not None:
        detail += "; " + _("young people: %(n)s") % {"n": youth.young_people}
    return Value(YOUTH, youth.with_youth, detail=detail)


def needed_languages(working: Iterable[str], *, german_side: bool) -> set[str]:
    """The languages a side's contact persons need to speak the partner's working language."""
    working = set(working)
    if german_side:
        return (working - {GERMAN}) or working
    return {GERMAN} if GERMAN in working else working


def speakers(working: list[str], sides: list[tuple[str, bool, list[list[str]] | None]]) -> Value:
    """`sides`: (name, German side?, the languages of each of its contact persons, None without any)."""
    if not working:
        return Value(SPEAKERS, None, note=_("No working language recorded."))
    parts: list[tuple[str, int | None]] = []
    for name, german_side, people in sides:
        need = needed_languages(working, german_side=german_side)
        parts.append((name, None if not people else sum(1 for spoken in people if need & set(spoken))))
    counts = [n for _name, n in parts]
    detail = " · ".join(f"{name}: {'–' if n is None else n}" for name, n in parts)
    if not parts or None in counts:
        return Value(SPEAKERS, None, detail=detail, note=_("No contact person recorded on a side."), parts=tuple(parts))
    return Value(SPEAKERS, min(n for n in counts if n is not None), detail=detail, parts=tuple(parts))


def formalisation(*, kind: str, signed: bool, resolutions: int) -> Value:
    document = kind in DOCUMENT_KINDS or signed
    found = [str(_("certificate or agreement"))] if document else []
    if resolutions:
        found.append(str(_("council resolutions: %(n)s") % {"n": resolutions}))
    return Value(FORMALISATION, int(document) + int(resolutions > 0), detail=", ".join(found))


def not_recorded(indicator: Indicator) -> Value:
    return Value(indicator, None, note=NOT_RECORDED)


# Reading in bulk ------------------------------------------------------------------------------------------


def indicators_of(partnership_ids: Iterable[int], today: datetime.date) -> dict[int, list[Value]]:
    """Every indicator of each partnership, read in a fixed number of queries."""
    ids = list(partnership_ids)
    last = activities.last_activity_dates(today=today, partnership_ids=ids)
    kinds = activities.actor_kinds_active(today=today, months=WINDOW, partnership_ids=ids)
    youth = activities.youth_participation(today=today, months=WINDOW, partnership_ids=ids)
    rows = {p["id"]: p for p in Partnership.objects.filter(id__in=ids).values(
        "id", "kind__code", "signed_on", "working_languages")}
    resolutions = dict(CouncilResolution.objects.filter(partnership_id__in=ids).values("partnership_id")
                       .annotate(n=Count("id")).values_list("partnership_id", "n"))
    members: dict[int, list[Any]] = defaultdict(list)
    for m in Membership.objects.filter(partnership_id__in=ids).select_related("municipality"):
        members[m.partnership_id].append(m)
    spoken: dict[tuple[int, int | None], list[list[str]]] = defaultdict(list)
    for pid, side, languages in ContactPerson.objects.filter(partnership_id__in=ids).values_list(
            "partnership_id", "municipality_id", "languages"):
        spoken[(pid, side)].append(list(languages or []))
    found: dict[int, list[Value]] = {}
    for pid in ids:
        if pid not in rows:
            continue
        row, logged = rows[pid], pid in last
        sides = [(m.municipality.display_name, m.country_id == GERMANY, spoken.get((pid, m.municipality_id)))
                 for m in members[pid]]
        found[pid] = [
            months_since_activity(last.get(pid), today=today),
            actor_breadth(kinds.get(pid), logged=logged),
            youth_participation(youth.get(pid), logged=logged),
            speakers(list(row["working_languages"] or []), sides),
            formalisation(kind=row["kind__code"], signed=row["signed_on"] is not None,
                          resolutions=resolutions.get(pid, 0)),
            not_recorded(DOCUMENTS),
            not_recorded(FUNDING),
        ]
    return found


def indicators_for(partnership_id: int, today: datetime.date) -> list[Value]:
    return indicators_of([partnership_id], today).get(partnership_id, [])

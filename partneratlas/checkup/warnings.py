"""The dormancy early warning (issue 12, point 6): which partnerships drift towards falling silent, and why.

Signals, each computed under a `today` passed in:

- dormant: months without a logged activity, watched from CHECKUP_DORMANT_WATCH_MONTHS (12),
  at risk from CHECKUP_DORMANT_RISK_MONTHS (18); a partnership that never logged one has no data here;
- falling: the newest unsealed round scores (both sides, mean over criteria) at least CHECKUP_FALLING_BY
  points below the round before it of the same questionnaire version (watch);
- bus factor: on a side only one contact person speaks the partner's working language (watch);
- contradicted: the newest round scores at least CHECKUP_STRONG_FROM while no activity was logged for
  CHECKUP_DORMANT_RISK_MONTHS months (at risk).

A partnership's level is the highest of its signals.

The warnings are stored (`WarningState`, one row per partnership that raises one) for the agency's dashboard to
read: `warnings_refresh` recomputes them, daily for all (`checkup warn`) and, through model signals connected in
apps.py, at once for a partnership whose activities, contact persons or unsealed rounds change.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partneratlas.checkup.conf import dormant_risk_months, dormant_watch_months, falling_by, strong_from
from partneratlas.checkup.indicators import RISK, WATCH, indicators_of
from partneratlas.checkup.models import CriterionScore, WarningRefresh, WarningState
from partneratlas.checkup.reminders import editors_of
from partneratlas.notifications.selectors import Recipient, recipient_of
from partneratlas.notifications.services import notify
from partneratlas.people.models import Member, OrganisationKind, Role
from partneratlas.registry.models import Membership, Partnership

DORMANT, FALLING, BUS_FACTOR, CONTRADICTED = "dormant", "falling", "bus-factor", "contradicted"
SIGNALS: dict[str, Promise] = {
    DORMANT: _("no activity for a long time"),
    FALLING: _("the check-up's score is falling"),
    BUS_FACTOR: _("one person speaks the partner's working language"),
    CONTRADICTED: _("a high self-assessment, but no activity for 18 months"),
}
LEVELS = {WATCH: 1, RISK: 2}


@dataclass(frozen=True)
class EarlyWarning:
    """A partnership's warning: its level (watch or risk), its signals, and what they rest on."""

    partnership_id: int
    level: str
    signals: tuple[str, ...]
    months: int | None  # since the last activity; None: no activity logged
    last_activity: datetime.date | None
    score: float | None  # the newest unsealed round's, both sides; None: no round
    previous: float | None  # the round before it (same version)

    @property
    def rank(self) -> int:
        return LEVELS[self.level]

    @property
    def reasons(self) -> list[Promise]:
        return [SIGNALS[s] for s in self.signals]


def dormancy(months: int | None) -> str | None:
    """The dormancy signal's level for the months since the last activity (None: not raised, or no data)."""
    if months is None:
        return None
    if months >= dormant_risk_months():
        return RISK
    return WATCH if months >= dormant_watch_months() else None


def warning(*, partnership_id: int, months: int | None, last_activity: datetime.date | None,
            scores: list[float], speakers: tuple[int | None, ...]) -> EarlyWarning | None:
    """The warning from the figures (pure): `scores` newest first, within one version; `speakers` per side."""
    raised: dict[str, str] = {}
    if level := dormancy(months):
        raised[DORMANT] = level
    if len(scores) >= 2 and scores[1] - scores[0] >= falling_by():
        raised[FALLING] = WATCH
    if 1 in speakers:
        raised[BUS_FACTOR] = WATCH
    if scores and scores[0] >= strong_from() and months is not None and months >= dormant_risk_months():
        raised[CONTRADICTED] = RISK
    if not raised:
        return None
    level = max(raised.values(), key=LEVELS.__getitem__)
    return EarlyWarning(partnership_id, level, tuple(raised), months, last_activity, scores[0] if scores else None,
                   scores[1] if len(scores) > 1 else None)


def round_scores(partnership_ids: Iterable[int]) -> dict[int, list[float]]:
    """Per partnership, its unsealed rounds' overall scores (both sides, mean over criteria), newest first, of the
    newest round's version only (a trend never crosses versions)."""
    # The mean per round is taken in the database: one row per round, not one per criterion (bench/checkup.py:
    # 400,000 criterion scores at 5,000 partnerships took seconds to read one by one).
    rows = (CriterionScore.objects.filter(round__partnership_id__in=list(partnership_ids), side="both",
                                          value__isnull=False, round__closed_at__isnull=False)
            .values_list("round__partnership_id", "round__version_id", "round__opened_at", "round_id")
            .annotate(total=Sum("value"), n=Count("id")))
    rounds: dict[int, list[tuple[datetime.datetime, int, float]]] = defaultdict(list)
    for pid, version, opened, _round_id, total, n in rows:
        if n:
            rounds[pid].append((opened, version, total / n))
    found: dict[int, list[float]] = {}
    for pid, by_round in rounds.items():
        ordered = sorted(by_round, key=lambda r: r[0], reverse=True)
        newest = ordered[0][1]
        found[pid] = [round(mean, 1) for _opened, version, mean in ordered if version == newest]
    return found


def warnings_of(partnership_ids: Iterable[int], today: datetime.date) -> dict[int, EarlyWarning]:
    """The partnerships that raise a warning on `today`, read in a fixed number of queries."""
    ids = list(partnership_ids)
    values = indicators_of(ids, today)
    scores = round_scores(ids)
    found: dict[int, EarlyWarning] = {}
    for pid, row in values.items():
        by_code = {v.indicator.code: v for v in row}
        months = by_code["months-since-activity"]
        w = warning(partnership_id=pid, months=None if months.value is None else int(months.value),
                    last_activity=months.day, scores=scores.get(pid, []),
                    speakers=tuple(n for _name, n in by_code["speakers"].parts))
        if w is not None:
            found[pid] = w
    return found


# Stored for the dashboard ---------------------------------------------------------------------------------

NAME_LENGTH = WarningState._meta.get_field("name").max_length or 400
BATCH = 1_000


@transaction.atomic
def warnings_refresh(*, today: datetime.date, partnership_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored warnings of the given partnerships (None: all) under `today`, so that their rows equal
    `warnings_of(ids, today)`: rows inserted, updated, and deleted for partnerships that no longer raise one.

    Bulk writes in a fixed number of queries (one per BATCH warnings). Refreshing all also records when
    (`WarningRefresh`), which the dashboard shows. Returns how many of them raise a warning.
    """
    everything = partnership_ids is None
    ids = list(Partnership.objects.values_list("id", flat=True)) if partnership_ids is None else list(
        set(partnership_ids))
    found = warnings_of(ids, today)
    now = timezone.now()
    members = Prefetch("memberships", queryset=Membership.objects.select_related("municipality"))
    names = {p.pk: str(p)[:NAME_LENGTH] for p in Partnership.objects.filter(id__in=found).prefetch_related(members)}
    gone = WarningState.objects.exclude(partnership_id__in=list(found))
    (gone if everything else gone.filter(partnership_id__in=ids)).delete()
    WarningState.objects.bulk_create(
        [WarningState(partnership_id=pid, name=names[pid], level=w.level, rank=w.rank, signals=list(w.signals),
                      months=w.months, last_activity=w.last_activity, score=w.score, previous=w.previous,
                      computed_on=today, computed_at=now) for pid, w in found.items() if pid in names],
        batch_size=BATCH, update_conflicts=True, unique_fields=["partnership"],
        update_fields=["name", "level", "rank", "signals", "months", "last_activity", "score", "previous",
                       "computed_on", "computed_at"])
    if everything:
        when = {"computed_on": today, "computed_at": now, "partnerships": len(ids), "warnings": len(found)}
        if not WarningRefresh.objects.filter(pk=1).update(**when):
            WarningRefresh.objects.create(pk=1, **when)
    return len(found)


class _Refresh:
    """An on-commit callback that refreshes the stored warnings of the partnerships gathered in one transaction."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.done = False  # run (tests run callbacks that stay in the test's never-committed transaction)

    def __call__(self) -> None:
        self.done = True
        if self.ids:
            warnings_refresh(today=timezone.localdate(), partnership_ids=sorted(self.ids))


def refresh_after_commit(partnership_id: int | None) -> None:
    """Refresh the partnership's stored warning once the transaction commits (at once outside one). Within one
    transaction the partnerships are gathered into one callback: a partnership deleted with its 40 activities is
    refreshed once, not 40 times; a rolled-back transaction refreshes nothing."""
    if partnership_id is None:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _Refresh) and not callback.done:
                callback.ids.add(partnership_id)
                return
    callback = _Refresh()
    callback.ids.add(partnership_id)
    transaction.on_commit(callback)


def on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The model signals' receiver (apps.py) for what a warning rests on: activities, contact persons and rounds
    (only unsealed ones count). Reads nothing but the instance's `partnership_id`."""
    if "created" in kwargs and getattr(instance, "closed_at", "") is None:
        return  # a round saved while still sealed (post_save): no score to warn about yet
    refresh_after_commit(getattr(instance, "partnership_id", None))


# E-mails --------------------------------------------------------------------------------------------------


def agency_staff() -> list[Recipient]:
    """The agency's editors and admins, each in their language."""
    members = (Member.objects.filter(organisation__kind=OrganisationKind.AGENCY, role__in=[Role.EDITOR, Role.ADMIN],
                                     user__is_active=True)
               .select_related("user__notification_preference").order_by("pk"))
    return [recipient_of(m.user) for m in members if m.user.email]


def event_key(w: EarlyWarning) -> str:
    """One e-mail per crossing: the level and signals, and for the activity's signals the last activity's day,
    so that a new activity clears the warning and a later drift is a new crossing."""
    anchor = ""
    if DORMANT in w.signals or CONTRADICTED in w.signals:
        anchor = w.last_activity.isoformat() if w.last_activity else "none"
    return f"checkup.warning:{w.partnership_id}:{w.level}:{'+'.join(w.signals)}:{anchor}"


@transaction.atomic
def warnings_send(*, today: datetime.date, partnership_ids: Iterable[int] | None = None) -> int:
    """Queue the warning e-mails of every partnership that raises one on `today` (daily, `checkup warn`).

    Side effects: after commit, one e-mail per crossing to the editors of every member's administration
    (each in their language) and to the agency's staff; never again for the same crossing (the event key),
    however often this runs. Returns how many were queued.
    """
    ids = list(partnership_ids) if partnership_ids is not None else list(
        Partnership.objects.values_list("id", flat=True))
    found = warnings_of(ids, today)
    if not found:
        return 0
    names = {p.pk: p for p in Partnership.objects.filter(id__in=found).prefetch_related("memberships__municipality")}
    sides: dict[int, list[int]] = defaultdict(list)
    for pid, municipality in Membership.objects.filter(partnership_id__in=found).values_list(
            "partnership_id", "municipality_id"):
        sides[pid].append(municipality)
    staff = agency_staff()
    count = 0
    for pid, w in found.items():
        recipients = [r for m in sides[pid] for r in editors_of(m)] + staff
        count += len(notify(event=event_key(w), template="checkup/mail/warning", recipients=recipients,
                            context={"partnership": str(names[pid]), "uid": names[pid].uid, "risk": w.level == RISK,
                                     "signals": list(w.signals), "months": w.months}))
    return count

"""Closed periods of a partnership: once a report for a period is issued, its activities are frozen.

An issued council report (checkup) closes its period through `period_close`; from then on the
activity log refuses to add, change, delete or restore an activity dated in it
(`period_check`, which raises PeriodClosed with a message in the reader's language that names
the report and how to reopen it). `period_reopen` opens the period again, with who, when and
why; the caller records the reopening in its history. Registry layer, so that the activity log
(which may not import the check-up) and the check-up both reach it.

"In the period" means that the activity's days touch it: its first day is not after the
period's last and its last day (its end date, else its date) not before the period's first.
The report lists exactly these activities (`covers`), and exactly these are frozen.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partneratlas.registry.models import ClosedPeriod, Partnership

Span = tuple[datetime.date, datetime.date | None]  # an activity's date and end date


class PeriodClosed(Exception):
    """A write touches a closed period; `message` says which report closed it and how to reopen it."""

    def __init__(self, period: ClosedPeriod) -> None:
        self.period = period
        super().__init__(str(period))

    @property
    def message(self) -> str:
        p = self.period
        return _("Activities from %(start)s to %(end)s are frozen: the council report %(reference)s was issued "
                 "for this period on %(day)s. To change them, an editor of a member municipality or the "
                 "Servicestelle must first reopen the report, giving a reason, under “Council reports” on the "
                 "partnership's check-up page.") % {
            "start": formats.date_format(p.start, "DATE_FORMAT"), "end": formats.date_format(p.end, "DATE_FORMAT"),
            "reference": p.reference, "day": formats.date_format(timezone.localdate(p.closed_at), "DATE_FORMAT")}


def covers(start: datetime.date, end: datetime.date, day: datetime.date, last: datetime.date | None = None) -> bool:
    """Whether an activity of `day` (to `last`) lies in the period from `start` to `end` (touches it)."""
    return day <= end and (last or day) >= start


def closed_periods(*, partnership_id: int) -> list[ClosedPeriod]:
    """The partnership's periods that are closed now (not reopened), oldest first."""
    return list(ClosedPeriod.objects.filter(partnership_id=partnership_id, reopened_at__isnull=True)
                .order_by("start", "pk"))


def period_check(*, partnership_id: int, spans: Iterable[Span]) -> None:
    """Refuse (PeriodClosed) when any of the spans lies in a closed period of the partnership.

    Called inside the writer's transaction: it locks the partnership's row first, so that a report
    being issued at the same moment either sees the write or refuses it (`period_close` takes the
    same lock). Two queries.
    """
    Partnership.objects.select_for_update().filter(pk=partnership_id).values_list("pk", flat=True).first()
    wanted = [(day, last) for day, last in spans if day is not None]
    if not wanted:
        return
    for period in closed_periods(partnership_id=partnership_id):
        if any(covers(period.start, period.end, day, last) for day, last in wanted):
            raise PeriodClosed(period)


@transaction.atomic
def period_close(*, partnership: Partnership, start: datetime.date, end: datetime.date, reference: str,
                 user: Any = None, now: datetime.datetime | None = None) -> ClosedPeriod:
    """Close the period from `start` to `end` (both included) for the partnership; returns it.

    Locks the partnership's row (see `period_check`); the caller builds what the period closes
    for inside the same transaction. ValueError when the start lies after the end.
    """
    if start > end:
        raise ValueError("start after end")
    Partnership.objects.select_for_update().filter(pk=partnership.pk).values_list("pk", flat=True).first()
    return ClosedPeriod.objects.create(partnership=partnership, start=start, end=end, reference=reference[:200],
                                       closed_at=now or timezone.now(),
                                       closed_by=user if user is not None and user.pk else None)


@transaction.atomic
def period_reopen(*, period: ClosedPeriod, reason: str, user: Any = None,
                  now: datetime.datetime | None = None) -> ClosedPeriod:
    """Open a closed period again: its activities can be changed. ValueError without a reason or when it is
    open already. The caller records the reopening in its history."""
    period = ClosedPeriod.objects.select_for_update().get(pk=period.pk)
    if period.reopened_at is not None:
        raise ValueError("already reopened")
    if not reason.strip():
        raise ValueError("no reason")
    period.reopened_at = now or timezone.now()
    period.reopened_by = user if user is not None and user.pk else None
    period.reopen_reason = reason.strip()
    period.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return period

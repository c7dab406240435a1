"""The rotation of the regional conferences (Turnus): which series is due in which year.

A series with `every_years` is due in the years `anchor_year + k × every_years` (k ≥ 0); a
`RotationOverride` for a year says otherwise (a conference moved by a year, one left out).
Overrides win over the rule in both directions.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partneratlas.events.models import RotationOverride, Series


class RotationError(ValueError):
    """A rotation that cannot be: the message is for the organiser, in their language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DueYear:
    year: int
    series: Series
    overridden: bool  # an override decided it, not the rule
    reason: str = ""


def by_rule(series: Series, year: int) -> bool:
    """Whether the rule alone makes the series due in `year` (never for a series without a rotation)."""
    if not series.every_years or series.anchor_year is None or year < series.anchor_year:
        return False
    return (year - series.anchor_year) % series.every_years == 0


def due_years(series: Series, *, first: int, last: int,
              overrides: Iterable[RotationOverride] | None = None) -> list[DueYear]:
    """The years from `first` to `last` (both included) in which the series is due, with the overrides applied.

    `overrides`: the series' overrides when the caller has them (prefetched); else they are read.
    """
    given = list(series.rotation_overrides.all() if overrides is None else overrides)
    exceptions = {o.year: o for o in given}
    due = []
    for year in range(first, last + 1):
        override = exceptions.get(year)
        if override is not None:
            if override.due:
                due.append(DueYear(year, series, True, override.reason))
        elif by_rule(series, year):
            due.append(DueYear(year, series, False))
    return due


def rotation_plan(series: Iterable[Series], *, first: int, last: int) -> list[tuple[int, list[DueYear]]]:
    """For each year from `first` to `last`: which of the series are due (the regions' turn), in series order.

    Pass the series with `rotation_overrides` prefetched to read them in one query.
    """
    rows: dict[int, list[DueYear]] = {year: [] for year in range(first, last + 1)}
    for one in series:
        for due in due_years(one, first=first, last=last, overrides=one.rotation_overrides.all()):
            rows[due.year].append(due)
    return list(rows.items())


@transaction.atomic
def rotation_override_set(*, series: Series, year: int, due: bool | None, reason: str, by: object) -> None:
    """Say that the series is (`due=True`) or is not (`due=False`) due in `year` against its rule; `due=None`
    removes the exception. Writes one RotationOverride row (or deletes it); nothing else."""
    if not series.every_years:
        raise RotationError(_("This series has no rotation; set “every … years” first."))
    if not 1900 <= year <= 2200:
        raise RotationError(_("Enter a year between 1900 and 2200."))
    if due is None:
        RotationOverride.objects.filter(series=series, year=year).delete()
        return
    RotationOverride.objects.update_or_create(series=series, year=year,
                                              defaults={"due": due, "reason": reason.strip()[:300], "by": by})

"""Closed periods: which activity days lie in one, the check that refuses them, reopening."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from partneratlas.registry.models import ClosedPeriod, Partnership
from partneratlas.registry.periods import (
    PeriodClosed,
    closed_periods,
    covers,
    period_check,
    period_close,
    period_reopen,
)
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def wd() -> Partnership:
    return partnership(WUPPERTAL, DONGGUAN)


@pytest.mark.parametrize(("day", "last", "inside"), [
    (D(2025, 1, 1), None, True), (D(2025, 12, 31), None, True), (D(2024, 12, 31), None, False),
    (D(2026, 1, 1), None, False), (D(2024, 12, 30), D(2025, 1, 2), True),  # begins before, ends inside
    (D(2025, 12, 30), D(2026, 1, 3), True), (D(2024, 12, 1), D(2024, 12, 31), False),
])
def test_an_activity_lies_in_a_period_when_its_days_touch_it(day: D, last: D | None, inside: bool) -> None:
    assert covers(D(2025, 1, 1), D(2025, 12, 31), day, last) is inside


def _check(partnership_id: int, *spans: tuple[D, D | None]) -> None:
    with transaction.atomic():
        period_check(partnership_id=partnership_id, spans=list(spans))


def test_a_closed_period_refuses_its_days_only_for_its_partnership(wd: Partnership) -> None:
    other = partnership(HAMBURG, SHANGHAI)
    period = period_close(partnership=wd, start=D(2025, 1, 1), end=D(2025, 12, 31), reference="2025 #1")
    with pytest.raises(PeriodClosed) as refused:
        _check(wd.pk, (D(2026, 3, 1), None), (D(2025, 6, 1), None))
    assert refused.value.period == period
    _check(wd.pk, (D(2026, 3, 1), None), (D(2024, 6, 1), D(2024, 12, 31)))
    _check(other.pk, (D(2025, 6, 1), None))
    assert closed_periods(partnership_id=wd.pk) == [period]


def test_the_refusal_names_the_report_and_how_to_reopen_it_in_the_readers_language(wd: Partnership) -> None:
    period_close(partnership=wd, start=D(2025, 1, 1), end=D(2025, 12, 31), reference="2025-01-01–2025-12-31 #1")
    with pytest.raises(PeriodClosed) as refused:
        _check(wd.pk, (D(2025, 6, 1), None))
    with translation.override("en"):
        assert "2025-01-01–2025-12-31 #1" in refused.value.message
        assert "reopen" in refused.value.message
    with translation.override("de"):
        assert "wieder öffnen" in refused.value.message


def test_a_reopened_period_allows_its_days_again_and_keeps_who_and_why(wd: Partnership) -> None:
    period = period_close(partnership=wd, start=D(2025, 1, 1), end=D(2025, 12, 31), reference="2025 #1")
    with pytest.raises(ValueError, match="no reason"):
        period_reopen(period=period, reason="  ")
    reopened = period_reopen(period=period, reason="Nachtrag des Jugendaustauschs")
    _check(wd.pk, (D(2025, 6, 1), None))
    assert (reopened.reopen_reason, reopened.reopened_at is not None) == ("Nachtrag des Jugendaustauschs", True)
    with pytest.raises(ValueError, match="already"):
        period_reopen(period=period, reason="again")
    assert closed_periods(partnership_id=wd.pk) == []


def test_a_period_must_not_end_before_it_starts(wd: Partnership) -> None:
    with pytest.raises(ValueError):
        period_close(partnership=wd, start=D(2025, 2, 1), end=D(2025, 1, 1), reference="x")
    assert not ClosedPeriod.objects.exists()


def test_the_reference_fits_its_column(wd: Partnership) -> None:
    period = period_close(partnership=wd, start=D(2025, 1, 1), end=D(2025, 1, 1), reference="x" * 300)
    assert len(ClosedPeriod.objects.get(pk=period.pk).reference) == 200

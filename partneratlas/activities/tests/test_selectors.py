"""The figures the indicators read, under a fixed clock: no data is absent, never zero."""

import datetime
from typing import Any

import pytest

from partneratlas.activities import selectors
from partneratlas.activities.tests.factories import activity, photo
from partneratlas.registry.tests.factories import DONGGUAN, GUANGZHOU, HAMBURG, SHANGHAI, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db
NOW = datetime.date(2025, 6, 15)
D = datetime.date


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2025, 6, 15), 24, D(2023, 6, 15)),
    (D(2025, 3, 31), 1, D(2025, 2, 28)),
    (D(2024, 3, 31), 1, D(2024, 2, 29)),
    (D(2025, 1, 10), 1, D(2024, 12, 10)),
    (D(2025, 1, 10), 0, D(2025, 1, 10)),
])
def test_months_before(day: datetime.date, months: int, expected: datetime.date) -> None:
    assert selectors.months_before(day, months) == expected


@pytest.fixture
def two() -> tuple[Any, Any, Any]:
    """Wuppertal–Dongguan with activities, Hamburg–Shanghai with one long ago, Wuppertal–Guangzhou with none."""
    wd, hs, wg = partnership(WUPPERTAL, DONGGUAN), partnership(HAMBURG, SHANGHAI), partnership(WUPPERTAL, GUANGZHOU)
    activity(wd, date=D(2025, 3, 1), actors=[("school", "Gymnasium"), ("council", "")], languages=["de", "zh"],
             youth=True, young_people=20, today=NOW)
    activity(wd, date=D(2024, 9, 1), end_date=D(2024, 9, 10), kind="video-meeting", actors=[("school", "")],
             languages=["en"], public=False, today=NOW)
    activity(wd, date=D(2025, 9, 1), title="planned", actors=[("company", "")], languages=["fr"], youth=True,
             young_people=99, today=NOW)
    activity(wd, date=D(2022, 1, 1), actors=[("university", "")], languages=["ru"], today=NOW)
    activity(hs, date=D(2019, 5, 5), end_date=D(2019, 5, 9), actors=[("association", "")], today=NOW)
    return wd, hs, wg


def test_last_activity_date_per_partnership(two: Any) -> None:
    wd, hs, wg = two
    last = selectors.last_activity_dates(today=NOW)
    assert last == {wd.pk: D(2025, 3, 1), hs.pk: D(2019, 5, 9)}  # the plan does not count; the end date does
    assert wg.pk not in last  # no activity: no data, not "0 months"
    assert selectors.last_activity_dates(today=D(2025, 1, 1), partnership_ids=[wd.pk]) == {wd.pk: D(2024, 9, 10)}


def test_kinds_of_actors_active_in_the_last_months(two: Any) -> None:
    wd, hs, _wg = two
    assert selectors.actor_kinds_active(today=NOW) == {wd.pk: {"school", "council"}}
    assert selectors.actor_kinds_active(today=NOW, months=48) == {wd.pk: {"school", "council", "university"}}
    assert selectors.actor_kinds_active(today=NOW, months=100, partnership_ids=[hs.pk]) == {hs.pk: {"association"}}


def test_youth_participation(two: Any) -> None:
    wd, _hs, _wg = two
    assert selectors.youth_participation(today=NOW) == {wd.pk: selectors.Youth(2, 1, 20)}
    assert selectors.youth_participation(today=D(2025, 2, 1)) == {wd.pk: selectors.Youth(1, 0, None)}


def test_languages_used(two: Any) -> None:
    wd, _hs, _wg = two
    assert selectors.languages_used(today=NOW) == {wd.pk: {"de", "zh", "en"}}
    assert selectors.activity_counts(today=NOW) == {wd.pk: 2}


def test_the_public_sees_public_activities_and_only_photos_with_consent(two: Any) -> None:
    wd, _hs, _wg = two
    shown = activity(wd, date=D(2025, 4, 1), title="Mit Fotos", files=[photo(), photo(name="b.png")], today=NOW)
    shown.attachments.filter(name="b.png").update(consent=False)  # e.g. consent withdrawn, kept for the members
    public = selectors.activities_of(partnership_id=wd.pk, private=False)
    assert [a.title for a in public] == ["planned", "Mit Fotos", "Besuch", "Besuch"]
    assert [f.name for f in public[1].attachments.all()] == ["visit.png"]
    private = selectors.activities_of(partnership_id=wd.pk, private=True)
    assert len(private) == 5
    assert sorted(f.name for f in private[1].attachments.all()) == ["b.png", "visit.png"]

"""Rounds: opening, each side answering, unsealing (both submitted or the closing day passed), locking, scores kept."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from partneratlas.checkup.models import CriterionScore, Role, Round
from partneratlas.checkup.services import Refused, round_open, round_settle, rounds_settle_due, side_start
from partneratlas.checkup.tests.factories import answer, opened, side
from partneratlas.questionnaires.models import Response, Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, GUANGZHOU, HAMBURG, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 6, 15, 10, tzinfo=datetime.UTC)


def test_a_round_has_a_german_and_a_partner_side(version: Version, wd: Partnership) -> None:
    r = opened(wd, now=NOW)
    assert r.version == version
    assert r.closes_on == datetime.date(2025, 7, 15)
    assert [(s.role, s.municipality.ref) for s in r.sides.order_by("role")] == [
        ("german", WUPPERTAL), ("partner", DONGGUAN)]


def test_a_second_open_round_is_refused(version: Version, wd: Partnership) -> None:
    opened(wd, now=NOW)
    with pytest.raises(Refused, match="already has an open"):
        opened(wd, now=NOW)


def test_a_round_needs_a_published_questionnaire(wd: Partnership) -> None:
    with pytest.raises(Refused, match="not been published"):
        opened(wd)


@pytest.mark.parametrize("days", [0, -1, 367])
def test_the_closing_day_lies_within_the_next_year(version: Version, wd: Partnership, days: int) -> None:
    with pytest.raises(Refused, match="closing day"):
        round_open(partnership=wd, closes_on=NOW.date() + datetime.timedelta(days=days), now=NOW)


def test_two_german_members_take_the_first_as_german_side(version: Version) -> None:
    p = partnership(WUPPERTAL, HAMBURG)
    r = opened(p)
    assert {s.role: s.municipality.ref for s in r.sides.all()} == {"german": WUPPERTAL, "partner": HAMBURG}


def test_a_partnership_without_a_german_member_cannot_open(version: Version) -> None:
    with pytest.raises(Refused, match="German member"):
        opened(partnership(DONGGUAN, GUANGZHOU))


def test_one_side_submitted_keeps_the_round_sealed(version: Version, wd: Partnership) -> None:
    r = opened(wd)
    answer(r, Role.GERMAN, {"c01.1": 4, "c01.2": 4, "c02.1": 2, "c05.1": 0})
    r.refresh_from_db()
    assert r.closed_at is None
    assert not CriterionScore.objects.exists()
    assert side(r, Role.GERMAN).response.state == Response.State.SUBMITTED  # type: ignore[union-attr]


def test_both_submitted_unseals_locks_and_keeps_the_scores(version: Version, wd: Partnership) -> None:
    r = opened(wd)
    answer(r, Role.GERMAN, {"c01.1": 4, "c01.2": 2, "c02.1": None, "c05.1": 0})
    answer(r, Role.PARTNER, {"c01.1": 2, "c01.2": 2, "c02.1": 3, "c05.1": 1}, language="zh-hans")
    r.refresh_from_db()
    assert r.unsealed
    assert {side(r, role).response.state for role in Role} == {Response.State.LOCKED}  # type: ignore[union-attr]
    kept = {(s.criterion, s.side): (s.value, s.answers, s.not_applicable) for s in CriterionScore.objects.all()}
    assert kept == {
        ("c01", "german"): (75.0, 2, 0), ("c02", "german"): (None, 0, 1), ("c05", "german"): (0.0, 1, 0),
        ("c01", "partner"): (50.0, 2, 0), ("c02", "partner"): (75.0, 1, 0), ("c05", "partner"): (25.0, 1, 0),
        ("c01", "both"): (62.5, 4, 0), ("c02", "both"): (75.0, 1, 1), ("c05", "both"): (12.5, 2, 0)}


def test_the_closing_day_passed_unseals_and_locks_a_draft_without_counting_it(version: Version,
                                                                              wd: Partnership) -> None:
    r = opened(wd, days=10, now=NOW)
    answer(r, Role.GERMAN, {"c01.1": 4}, now=NOW)
    answer(r, Role.PARTNER, {"c01.1": 1}, submit=False, now=NOW)
    assert rounds_settle_due(now=NOW + datetime.timedelta(days=10)) == 0  # the closing day itself still counts
    assert rounds_settle_due(now=NOW + datetime.timedelta(days=11)) == 1
    r.refresh_from_db()
    assert r.unsealed
    assert side(r, Role.PARTNER).response.state == Response.State.LOCKED
    assert set(CriterionScore.objects.values_list("side", flat=True)) == {"german"}
    with pytest.raises(Refused, match="closed"):
        side_start(side=side(opened(wd, now=NOW + datetime.timedelta(days=11)), Role.GERMAN), language="de",
                   now=NOW + datetime.timedelta(days=50))


def test_settling_twice_changes_nothing(version: Version, wd: Partnership) -> None:
    r = opened(wd)
    answer(r, Role.GERMAN, {"c01.1": 4})
    answer(r, Role.PARTNER, {"c01.1": 4})
    count = CriterionScore.objects.count()
    assert round_settle(round_=r) is True
    assert CriterionScore.objects.count() == count


def test_a_side_starts_only_in_a_language_whose_texts_are_complete(tmp_path: Path, wd: Partnership) -> None:
    from partneratlas.checkup.tests.factories import published

    published(tmp_path, french=False)
    r = opened(wd)
    with pytest.raises(Refused, match="cannot be answered"):
        side_start(side=side(r, Role.PARTNER), language="fr")
    assert side_start(side=side(r, Role.PARTNER), language="zh-hans").response.language == "zh-hans"  # type: ignore


def test_rounds_keep_their_partnership(version: Version, wd: Partnership) -> None:
    opened(wd)
    assert Round.objects.get().partnership == wd
    assert timezone.now() >= Round.objects.get().opened_at

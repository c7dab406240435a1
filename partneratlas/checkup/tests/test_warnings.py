"""The dormancy early warning under a fixed clock: its signals, one e-mail per crossing in each recipient's
language, cleared by a new activity."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from partneratlas.activities.tests.factories import activity
from partneratlas.checkup.indicators import RISK, WATCH
from partneratlas.checkup.models import Role
from partneratlas.checkup.tests.factories import answer, opened
from partneratlas.checkup.warnings import (
    BUS_FACTOR,
    CONTRADICTED,
    DORMANT,
    FALLING,
    event_key,
    round_scores,
    warning,
    warnings_of,
    warnings_send,
)
from partneratlas.gazetteer.models import Municipality
from partneratlas.notifications.models import Preference
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import ContactPerson, Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership

D = datetime.date
LAST = D(2024, 1, 10)


def signals(**values: Any) -> tuple[str, str] | None:
    defaults: dict[str, Any] = {"partnership_id": 1, "months": 0, "last_activity": LAST, "scores": [],
                                "speakers": ()}
    found = warning(**{**defaults, **values})
    return None if found is None else (found.level, "+".join(found.signals))


@pytest.mark.parametrize(("months", "expected"), [
    (None, None), (0, None), (11, None), (12, (WATCH, DORMANT)), (17, (WATCH, DORMANT)), (18, (RISK, DORMANT)),
])
def test_months_without_activity_are_watched_then_at_risk(months: int | None, expected: Any) -> None:
    assert signals(months=months) == expected


def test_the_thresholds_are_settings(settings: Any) -> None:
    settings.CHECKUP_DORMANT_WATCH_MONTHS, settings.CHECKUP_DORMANT_RISK_MONTHS = 6, 9
    assert signals(months=6) == (WATCH, DORMANT)
    assert signals(months=9) == (RISK, DORMANT)


def test_a_falling_trend_a_bus_factor_and_a_contradicted_self_assessment() -> None:
    assert signals(scores=[60.0, 75.0]) == (WATCH, FALLING)
    assert signals(scores=[70.0, 75.0]) is None  # less than CHECKUP_FALLING_BY
    assert signals(speakers=(3, 1)) == (WATCH, BUS_FACTOR)
    assert signals(speakers=(2, None)) is None  # a side without contacts: no data, no flag
    assert signals(months=18, scores=[80.0]) == (RISK, f"{DORMANT}+{CONTRADICTED}")
    assert signals(months=None, scores=[80.0]) is None  # no activity ever logged: no data, not a contradiction


@pytest.mark.django_db
def test_round_scores_are_newest_first_and_the_trend_falls(version: Version, wd: Partnership) -> None:
    for year, level in ((2024, 4), (2025, 2)):
        now = datetime.datetime(year, 1, 1, 9, tzinfo=datetime.UTC)
        r = opened(wd, now=now)
        for role in (Role.GERMAN, Role.PARTNER):
            answer(r, role, {"c01.1": level, "c01.2": level, "c02.1": level, "c05.1": level}, now=now)
    assert round_scores([wd.pk]) == {wd.pk: [50.0, 100.0]}
    activity(wd, date=D(2025, 5, 1), today=D(2025, 6, 15))
    found = warnings_of([wd.pk], D(2025, 6, 15))[wd.pk]
    assert (found.level, found.signals, found.score, found.previous) == (WATCH, (FALLING,), 50.0, 100.0)


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    li = persona("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN)
    Preference.objects.update_or_create(user=li, defaults={"language": "zh-hans"})
    return {"ed": persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL), "li": li,
            "staff": persona("staff@agency.de", OrganisationKind.AGENCY, None)}


@pytest.mark.django_db
def test_one_email_per_crossing_to_both_sides_and_the_agency_cleared_by_activity(
        people: dict[str, Any], wd: Partnership, django_capture_on_commit_callbacks: Any) -> None:
    hs = partnership(HAMBURG, SHANGHAI)
    activity(wd, date=D(2024, 1, 10), today=D(2024, 1, 10))
    activity(hs, date=D(2025, 5, 1), today=D(2025, 5, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert warnings_send(today=D(2024, 12, 15)) == 0  # 11 months
        assert warnings_send(today=D(2025, 1, 10)) == 3  # 12 months: watch
        assert warnings_send(today=D(2025, 1, 11)) == 0  # not a daily repeat
        assert warnings_send(today=D(2025, 7, 10)) == 3  # 18 months: at risk, a new crossing
        assert warnings_send(today=D(2025, 7, 11)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["ed@wuppertal.de", "li@dongguan.cn", "staff@agency.de"] * 2)
    by = {m.to[0]: m for m in mail.outbox[3:]}
    assert "Seit 18 Monaten ist keine Aktivität erfasst." in by["ed@wuppertal.de"].body  # each in their language
    assert "已有 18 个月没有记录任何活动。" in by["li@dongguan.cn"].body
    assert by["li@dongguan.cn"].subject.endswith("有陷入沉寂的风险")
    activity(wd, date=D(2025, 7, 12), today=D(2025, 7, 12))
    assert warnings_of([wd.pk], D(2025, 7, 15)) == {}  # cleared by a new activity
    with django_capture_on_commit_callbacks(execute=True):
        # a new drift is a new crossing (3), and Hamburg–Shanghai's first, to the agency only (Hamburg has no editors)
        assert warnings_send(today=D(2026, 7, 12)) == 4
    assert len(mail.outbox) == 10


@pytest.mark.django_db
def test_a_bus_factor_of_one_is_told_once(people: dict[str, Any], wd: Partnership) -> None:
    Partnership.objects.filter(pk=wd.pk).update(working_languages=["de", "zh"])
    for ref, languages in ((WUPPERTAL, ["de", "zh"]), (DONGGUAN, ["zh", "de"]), (DONGGUAN, ["zh", "de"])):
        ContactPerson.objects.create(partnership=wd, municipality=Municipality.objects.get(ref=ref), name="N",
                                     languages=languages, consent_on=D(2025, 1, 1))
    activity(wd, date=D(2025, 5, 1), today=D(2025, 5, 1))
    found = warnings_of([wd.pk], D(2025, 6, 1))[wd.pk]
    assert (found.level, found.signals) == (WATCH, (BUS_FACTOR,))
    assert event_key(found) == f"checkup.warning:{wd.pk}:watch:bus-factor:"
    assert warnings_send(today=D(2025, 6, 1)) == 3
    activity(wd, date=D(2025, 6, 2), today=D(2025, 6, 2))
    assert warnings_send(today=D(2025, 6, 3)) == 0  # a new activity does not repeat it


@pytest.mark.django_db
def test_the_daily_command(people: dict[str, Any], wd: Partnership, capsys: Any) -> None:
    activity(wd, date=D(2020, 1, 1), today=D(2020, 1, 1))
    call_command("checkup", "warn")
    assert capsys.readouterr().out.strip() == "3 warnings queued."

"""The stored early warnings (`WarningState`): a refresh makes the table equal `warnings_of`, in the same queries for
1 and 6 partnerships; the model signals refresh a partnership's row once its transaction commits, when an activity
is logged or deleted, a contact person's languages change or a round is unsealed; the daily command refreshes all.

`warnings_refresh` is called with a fixed day; what the signals refresh is computed for today, so those tests date
their data from today."""

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.activities.services import activity_delete
from partneratlas.activities.tests.factories import activity
from partneratlas.checkup.indicators import RISK, WATCH
from partneratlas.checkup.models import Role, WarningRefresh, WarningState
from partneratlas.checkup.tests.factories import answer, opened
from partneratlas.checkup.warnings import BUS_FACTOR, DORMANT, FALLING, EarlyWarning, warnings_of, warnings_refresh
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import ContactPerson, Partnership
from partneratlas.registry.tests.factories import (
    CHANGZHOU,
    DONGGUAN,
    ESSEN,
    GUANGZHOU,
    HAMBURG,
    POTSDAM,
    SHANGHAI,
    WUPPERTAL,
    ZANZIBAR,
    partnership,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 6, 15)


def stored() -> dict[int, EarlyWarning]:
    return {s.partnership_id: EarlyWarning(s.partnership_id, s.level, tuple(s.signals), s.months, s.last_activity,
                                           s.score, s.previous) for s in WarningState.objects.all()}


def all_ids() -> list[int]:
    return list(Partnership.objects.values_list("id", flat=True))


def logged(p: Partnership, day: datetime.date) -> None:
    activity(p, date=day, today=day)


def speaking(p: Partnership, ref: str, *languages: list[str]) -> list[ContactPerson]:
    side = Municipality.objects.get(ref=ref)
    return [ContactPerson.objects.create(partnership=p, municipality=side, name=f"N{n}", languages=spoken,
                                         consent_on=D(2025, 1, 1)) for n, spoken in enumerate(languages)]


def test_the_table_equals_warnings_of_after_a_refresh() -> None:
    watched, at_risk, active = partnership(WUPPERTAL, DONGGUAN), partnership(HAMBURG, SHANGHAI), partnership(
        ESSEN, CHANGZHOU)
    never = partnership(WUPPERTAL, GUANGZHOU)
    logged(watched, D(2024, 5, 1))  # 13 months
    logged(at_risk, D(2023, 11, 1))  # 19 months
    logged(active, D(2025, 5, 1))
    assert warnings_refresh(today=TODAY) == 2
    assert stored() == warnings_of(all_ids(), TODAY)
    assert {pid: w.level for pid, w in stored().items()} == {watched.pk: WATCH, at_risk.pk: RISK}
    assert never.pk not in stored()
    state = WarningState.objects.get(partnership=at_risk)
    assert (state.name, state.rank, state.computed_on) == ("Hamburg – Shanghai", 2, TODAY)
    refresh = WarningRefresh.objects.get()
    assert (refresh.computed_on, refresh.partnerships, refresh.warnings) == (TODAY, 4, 2)

    logged(watched, D(2025, 6, 1))  # the test's transaction never commits: no signal-driven refresh here
    later = D(2026, 5, 15)  # the active one is quiet now too (12 months), the watched one active again
    assert warnings_refresh(today=later) == 2
    assert stored() == warnings_of(all_ids(), later)
    assert set(stored()) == {at_risk.pk, active.pk}  # a row deleted, one updated, one inserted
    assert WarningState.objects.get(partnership=at_risk).months == 30


def test_refreshing_some_partnerships_leaves_the_others_and_the_time_of_the_full_refresh() -> None:
    a, b = partnership(WUPPERTAL, DONGGUAN), partnership(HAMBURG, SHANGHAI)
    logged(a, D(2024, 1, 1))
    logged(b, D(2024, 1, 1))
    warnings_refresh(today=TODAY)
    WarningState.objects.filter(partnership=b).update(months=99)
    logged(a, D(2025, 6, 1))
    warnings_refresh(today=TODAY, partnership_ids=[a.pk])
    assert a.pk not in stored()
    assert stored()[b.pk].months == 99  # not looked at
    assert WarningRefresh.objects.get().warnings == 2  # the last full refresh, unchanged


def test_a_refresh_takes_the_same_queries_for_1_and_6_partnerships() -> None:
    refs = [(WUPPERTAL, DONGGUAN), (HAMBURG, SHANGHAI), (ESSEN, CHANGZHOU), (POTSDAM, ZANZIBAR),
            (WUPPERTAL, GUANGZHOU), (HAMBURG, DONGGUAN)]
    partnerships = [partnership(*r) for r in refs]
    for p in partnerships:
        logged(p, D(2023, 1, 1))
    counts = []
    for ids in ([partnerships[0].pk], [p.pk for p in partnerships], None):
        WarningState.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            warnings_refresh(today=TODAY, partnership_ids=ids)
        counts.append(len(queries))
    assert WarningState.objects.count() == 6
    assert counts[0] == counts[1], counts
    assert counts[2] == counts[1] + 3  # all: their ids read first, and when (the first time: an update, a create)


def months_ago(months: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=31 * months)


def test_an_activity_logged_clears_the_row_at_once_and_deleting_it_brings_it_back(
        django_capture_on_commit_callbacks: Any) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    with django_capture_on_commit_callbacks(execute=True):
        logged(p, months_ago(20))
    assert stored()[p.pk].signals == (DORMANT,)  # the signal refreshed it, no refresh was called
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        new = activity(p, date=timezone.localdate(), today=timezone.localdate())
    assert len(callbacks) == 1
    assert p.pk not in stored()
    with django_capture_on_commit_callbacks(execute=True):
        activity_delete(activity=new, author=Author("demo", name="test"))
    assert stored()[p.pk].signals == (DORMANT,)
    assert stored() == warnings_of([p.pk], timezone.localdate())


def test_one_refresh_per_transaction_and_none_when_it_rolls_back(django_capture_on_commit_callbacks: Any) -> None:
    a, b = partnership(WUPPERTAL, DONGGUAN), partnership(HAMBURG, SHANGHAI)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for p in (a, b, a):
            logged(p, months_ago(20))
    assert len(callbacks) == 1  # gathered: both refreshed together
    assert set(stored()) == {a.pk, b.pk}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                logged(a, timezone.localdate())
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert set(stored()) == {a.pk, b.pk}


def test_a_contact_persons_languages_add_and_remove_a_bus_factor(django_capture_on_commit_callbacks: Any) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    Partnership.objects.filter(pk=p.pk).update(working_languages=["de", "zh"])
    with django_capture_on_commit_callbacks(execute=True):
        logged(p, months_ago(1))
        speaking(p, WUPPERTAL, ["de", "zh"], ["de", "zh"])
        partner = speaking(p, DONGGUAN, ["zh", "de"], ["zh", "de"])
    assert stored() == {}
    with django_capture_on_commit_callbacks(execute=True):
        partner[1].languages = ["zh"]
        partner[1].save()
    assert stored()[p.pk].signals == (BUS_FACTOR,)
    with django_capture_on_commit_callbacks(execute=True):
        partner[1].languages = ["zh", "de", "en"]
        partner[1].save()
    assert stored() == {}
    with django_capture_on_commit_callbacks(execute=True):
        partner[0].delete()  # one speaker of German left on the partner side
    assert stored()[p.pk].signals == (BUS_FACTOR,)


def test_an_unsealed_round_refreshes_the_partnership(version: Version, wd: Partnership,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        logged(wd, months_ago(1))
    now = timezone.now()
    for when, level in ((now - datetime.timedelta(days=400), 4), (now - datetime.timedelta(days=2), 2)):
        with django_capture_on_commit_callbacks(execute=True):
            r = opened(wd, now=when)
            assert stored() == {}  # a round opened, sealed: nothing to warn about
            for role in (Role.GERMAN, Role.PARTNER):
                answer(r, role, {"c01.1": level, "c01.2": level, "c02.1": level, "c05.1": level}, now=when)
    found = stored()[wd.pk]
    assert (found.signals, found.score, found.previous) == ((FALLING,), 50.0, 100.0)


def test_the_daily_command_refreshes_every_warning_before_sending() -> None:
    p, q = partnership(WUPPERTAL, DONGGUAN), partnership(HAMBURG, SHANGHAI)
    logged(p, D(2020, 1, 1))
    logged(q, timezone.localdate())
    WarningState.objects.create(partnership=q, name="stale", level=RISK, rank=2, signals=[DORMANT], months=40,
                                computed_on=D(2020, 1, 1), computed_at=timezone.now())
    call_command("checkup", "warn", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(stored()) == {p.pk}
    assert stored() == warnings_of(all_ids(), timezone.localdate())
    assert WarningRefresh.objects.get().computed_on == timezone.localdate()


def test_the_stored_name_fits_its_column() -> None:
    """SQLite does not enforce lengths: a partnership's name is cut to the column's length."""
    p = partnership(WUPPERTAL, DONGGUAN)
    Municipality.objects.filter(ref__in=[WUPPERTAL, DONGGUAN]).update(name="W" * 200, localized_names={})
    logged(p, D(2023, 1, 1))
    warnings_refresh(today=TODAY)
    name = WarningState.objects.get(partnership=p).name
    assert len(name) == WarningState._meta.get_field("name").max_length

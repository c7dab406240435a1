"""The indicators under a fixed clock: values, thresholds, "no data" never a zero, bulk reads in fixed queries,
the table on the check-up page."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from partneratlas.activities.selectors import Youth, months_before
from partneratlas.activities.tests.factories import activity
from partneratlas.checkup import indicators as ind
from partneratlas.checkup.indicators import NONE, OK, RISK, WATCH, indicators_of
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import OrganisationKind
from partneratlas.people.models import Role as MemberRole
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import ContactPerson, CouncilResolution, Partnership
from partneratlas.registry.tests.factories import (
    CHANGZHOU,
    DONGGUAN,
    ESSEN,
    HAMBURG,
    SHANGHAI,
    WUPPERTAL,
    partnership,
)

TODAY = datetime.date(2025, 6, 15)
D = datetime.date


def values(pid: int, today: datetime.date = TODAY) -> dict[str, Any]:
    return {v.indicator.code: v for v in indicators_of([pid], today)[pid]}


def contact(p: Partnership, ref: str, *languages: str) -> None:
    ContactPerson.objects.create(partnership=p, municipality=Municipality.objects.get(ref=ref), name="N",
                                 languages=list(languages), consent_on=D(2025, 1, 1))


# The pure functions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("since", "months"), [
    (D(2025, 6, 15), 0), (D(2025, 5, 16), 0), (D(2025, 5, 15), 1), (D(2024, 6, 15), 12), (D(2024, 6, 16), 11),
    (D(2023, 12, 15), 18), (D(2025, 7, 1), 0),
])
def test_full_months_since_a_day(since: datetime.date, months: int) -> None:
    assert ind.full_months(since, TODAY) == months


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 1, 1)), st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 1, 1)))
def test_full_months_are_those_that_fit_between_the_days(since: datetime.date, today: datetime.date) -> None:
    months = ind.full_months(since, today)
    assert months >= 0
    if since <= today:
        assert months_before(today, months) >= since
        assert months_before(today, months + 1) < since


def test_months_since_activity_thresholds(settings: Any) -> None:
    states = [ind.months_since_activity(TODAY - datetime.timedelta(days=31 * m), today=TODAY).state
              for m in (0, 11, 12, 17, 18, 40)]
    assert states == [OK, OK, WATCH, WATCH, RISK, RISK]
    settings.CHECKUP_DORMANT_WATCH_MONTHS, settings.CHECKUP_DORMANT_RISK_MONTHS = 3, 6
    assert ind.months_since_activity(D(2025, 2, 1), today=TODAY).state == WATCH


def test_no_activity_is_no_data_not_zero() -> None:
    value = ind.months_since_activity(None, today=TODAY)
    assert (value.value, value.state, str(value.state_label)) == (None, NONE, "no data")
    assert ind.actor_breadth(None, logged=False).value is None
    assert ind.youth_participation(None, logged=False).value is None
    # a log that is kept but quiet in the period: a real zero
    assert (ind.actor_breadth(None, logged=True).value, ind.actor_breadth(None, logged=True).state) == (0, RISK)
    assert ind.youth_participation(None, logged=True).value == 0


def test_youth_participation_counts_activities_with_young_people() -> None:
    value = ind.youth_participation(Youth(5, 2, 30), logged=True)
    assert (value.value, value.state, value.detail) == (2, OK, "2 of 5 activities; young people: 30")
    assert ind.youth_participation(Youth(3, 1, None), logged=True).state == WATCH


@pytest.mark.parametrize(("working", "german", "partner"), [
    (["de", "zh"], {"zh"}, {"de"}),
    (["en"], {"en"}, {"en"}),
    (["de"], {"de"}, {"de"}),
    (["de", "en", "zh"], {"en", "zh"}, {"de"}),
])
def test_needed_languages(working: list[str], german: set[str], partner: set[str]) -> None:
    assert ind.needed_languages(working, german_side=True) == german
    assert ind.needed_languages(working, german_side=False) == partner


def test_speakers_is_the_weaker_side_and_one_speaker_is_at_risk() -> None:
    both = ind.speakers(["de", "zh"], [("Wuppertal", True, [["de", "zh"], ["de"], ["de", "zh", "en"]]),
                                       ("Dongguan", False, [["zh", "de"], ["zh"]])])
    assert (both.value, both.state, both.detail) == (1, RISK, "Wuppertal: 2 · Dongguan: 1")
    none = ind.speakers(["de", "zh"], [("Wuppertal", True, [["de"]]), ("Dongguan", False, None)])
    assert (none.value, none.state, none.detail) == (None, NONE, "Wuppertal: 0 · Dongguan: –")
    assert ind.speakers([], [("Wuppertal", True, [["de", "zh"]])]).value is None


@pytest.mark.parametrize(("kind", "signed", "resolutions", "value", "state"), [
    ("twinning", False, 2, 2, OK), ("friendship", True, 0, 1, WATCH), ("friendship", False, 0, 0, RISK),
    ("project", False, 1, 1, WATCH),
])
def test_formalisation(kind: str, signed: bool, resolutions: int, value: int, state: str) -> None:
    found = ind.formalisation(kind=kind, signed=signed, resolutions=resolutions)
    assert (found.value, found.state) == (value, state)


def test_documents_and_funding_are_no_data_until_recorded() -> None:
    for indicator in (ind.DOCUMENTS, ind.FUNDING):
        value = ind.not_recorded(indicator)
        assert (value.value, value.state, str(value.note)) == (None, NONE, "PartnerAtlas does not record this yet.")


# Read in bulk from the records --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_indicators_of_a_partnership_from_its_records() -> None:
    wd = partnership(WUPPERTAL, DONGGUAN)
    Partnership.objects.filter(pk=wd.pk).update(working_languages=["de", "zh"])
    activity(wd, date=D(2024, 11, 1), actors=[("school", "Gymnasium"), ("council", "")], youth=True,
             young_people=12, today=TODAY)
    activity(wd, date=D(2025, 3, 10), actors=[("company", "")], today=TODAY)
    activity(wd, date=D(2025, 9, 1), title="planned", actors=[("university", "")], today=TODAY)
    contact(wd, WUPPERTAL, "de", "zh")
    contact(wd, WUPPERTAL, "de", "zh")
    contact(wd, DONGGUAN, "zh", "de")
    contact(wd, DONGGUAN, "zh", "en")
    CouncilResolution.objects.create(partnership=wd, date=D(2010, 1, 1))
    found = values(wd.pk)
    assert [(code, v.value, v.state) for code, v in found.items()] == [
        ("months-since-activity", 3, OK), ("actor-breadth", 3, OK), ("youth", 1, WATCH), ("speakers", 1, RISK),
        ("formalisation", 2, OK), ("documents-both-languages", None, NONE), ("funding-diversity", None, NONE)]
    assert found["speakers"].detail == "Wuppertal: 2 · Dongguan: 1"
    assert found["months-since-activity"].day == D(2025, 3, 10)


@pytest.mark.django_db
def test_a_partnership_without_records_has_no_data_not_zeros() -> None:
    hs = partnership(HAMBURG, SHANGHAI, kind="friendship")
    found = values(hs.pk)
    assert {code: v.value for code, v in found.items()} == {
        "months-since-activity": None, "actor-breadth": None, "youth": None, "speakers": None,
        "formalisation": 0, "documents-both-languages": None, "funding-diversity": None}


@pytest.mark.django_db
def test_a_quiet_log_drifts_to_risk_under_a_fixed_clock() -> None:
    wd = partnership(WUPPERTAL, DONGGUAN)
    activity(wd, date=D(2023, 1, 10), today=TODAY)
    assert values(wd.pk, D(2023, 12, 10))["months-since-activity"].state == OK
    assert values(wd.pk, D(2024, 1, 10))["months-since-activity"].state == WATCH
    assert values(wd.pk, D(2024, 7, 10))["months-since-activity"].state == RISK
    assert values(wd.pk, D(2025, 6, 15))["actor-breadth"].value == 0  # logged, but no actor in 24 months


@pytest.mark.django_db
def test_indicators_of_reads_in_the_same_number_of_queries_for_1_and_3() -> None:
    pairs = [(WUPPERTAL, DONGGUAN), (HAMBURG, SHANGHAI), (ESSEN, CHANGZHOU)]
    made = []
    for german, partner in pairs:
        p = partnership(german, partner)
        activity(p, date=D(2025, 1, 1), actors=[("school", "")], youth=True, today=TODAY)
        contact(p, german, "de", "zh")
        contact(p, partner, "zh", "de")
        CouncilResolution.objects.create(partnership=p, date=D(2020, 1, 1))
        made.append(p.pk)
    counts = []
    for ids in (made[:1], made):
        with CaptureQueriesContext(connection) as queries:
            found = indicators_of(ids, TODAY)
        assert sorted(found) == sorted(ids)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The check-up page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_check_up_page_shows_the_indicators_with_a_text_state(client: Client) -> None:
    wd = partnership(WUPPERTAL, DONGGUAN)
    activity(wd, date=D(2020, 1, 1))
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, role=MemberRole.EDITOR))
    page = client.get(f"/en/checkup/partnerships/{wd.uid}/").content.decode()
    assert '<h2 id="indicators-title">Indicators</h2>' in page
    assert "Months since the last activity" in page
    assert "lower is better" in page
    assert "⚠ at risk" in page  # the months since 2020: colour is not the only signal
    assert "PartnerAtlas does not record this yet." in page
    german = client.get(f"/checkup/partnerships/{wd.uid}/").content.decode()
    assert "Indikatoren" in german

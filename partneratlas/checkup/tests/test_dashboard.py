"""The agency's early-warning dashboard: staff only, sorted, paged, as CSV, and in the same queries for 1 and 30.

The warnings were computed "last night" (on the empty database, `computed`); every activity logged since reaches
the stored warnings through the model signals after commit, as in production."""

import datetime

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.activities.tests.factories import activity
from partneratlas.checkup.dashboard import PER_PAGE
from partneratlas.checkup.models import WarningRefresh, WarningState
from partneratlas.checkup.warnings import warnings_of, warnings_refresh
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import OrganisationKind
from partneratlas.people.models import Role as MemberRole
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
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


def months_ago(months: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=31 * months)


@pytest.fixture(autouse=True)
def computed(db: None) -> None:
    """Last night's run on the empty database; what the tests log since reaches the table through the signals."""
    warnings_refresh(today=timezone.localdate())


def quiet(refs: tuple[str, str], months: int) -> Partnership:
    """A partnership whose last activity was `months` ago, logged through the service; its commit refreshes the
    stored warning (the on-commit callbacks run as at a real commit)."""
    p = partnership(*refs)
    day = months_ago(months)
    with TestCase.captureOnCommitCallbacks(execute=True):
        activity(p, date=day, today=day)
    return p


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY, None))
    return client


def test_only_agency_staff_see_the_dashboard(client: Client) -> None:
    quiet((WUPPERTAL, DONGGUAN), 20)
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, role=MemberRole.ADMIN))
    assert client.get("/en/checkup/warnings/").status_code == 403
    assert client.get("/en/checkup/warnings.csv").status_code == 403


def test_the_dashboard_lists_partnerships_at_risk_sorted(staff: Client) -> None:
    wd, hs = quiet((WUPPERTAL, DONGGUAN), 13), quiet((HAMBURG, SHANGHAI), 20)
    quiet((ESSEN, CHANGZHOU), 2)  # active: not listed
    partnership(WUPPERTAL, GUANGZHOU)  # never logged: no data, not listed
    page = staff.get("/en/checkup/warnings/").content.decode()
    assert page.index("Hamburg") < page.index("Wuppertal – Dongguan")  # at risk before watched
    assert "⚠ at risk" in page
    assert "! watch" in page
    assert "Essen" not in page
    assert "Guangzhou" not in page
    by_name = staff.get("/en/checkup/warnings/?sort=partnership").content.decode()
    assert by_name.index("Hamburg") < by_name.index("Wuppertal – Dongguan")
    assert f"/en/checkup/partnerships/{wd.uid}/" in page
    assert f"/en/checkup/partnerships/{hs.uid}/" in page


def test_the_dashboard_as_csv(staff: Client) -> None:
    hs = quiet((HAMBURG, SHANGHAI), 20)
    response = staff.get("/en/checkup/warnings.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ("Partnership;PartnerAtlas id;Level;Signals;Months since the last activity;Last activity;"
                        "Check-up score;Previous round")
    name, uid, level, signals, months, last, score, previous = lines[1].split(";")
    assert (name, uid, level, signals, last, score, previous) == (
        "Hamburg – Shanghai", str(hs.uid), "at risk", "no activity for a long time", months_ago(20).isoformat(),
        "", "")
    assert int(months) in (19, 20)


def pairs(count: int) -> list[tuple[str, str]]:
    """`count` distinct pairs of the factories' German towns and partner towns (and, past them, other places)."""
    german = [WUPPERTAL, HAMBURG, ESSEN, POTSDAM, *Municipality.objects.filter(country_id="DE").exclude(
        ref__in=[WUPPERTAL, HAMBURG, ESSEN, POTSDAM]).order_by("ref").values_list("ref", flat=True)[:4]]
    partner = [DONGGUAN, SHANGHAI, CHANGZHOU, GUANGZHOU, ZANZIBAR]
    return [(g, p) for g in german for p in partner][:count]


@pytest.mark.parametrize("count", [1, 30])
def test_the_dashboard_takes_the_same_queries_for_1_and_30(staff: Client, count: int) -> None:
    for refs in pairs(count):
        quiet(refs, 20)
    assert len(pairs(count)) == count
    staff.get("/en/checkup/warnings/")
    with CaptureQueriesContext(connection) as queries:
        page = staff.get("/en/checkup/warnings/").content.decode()
    assert page.count("⚠ at risk") == count
    # session, user, member, marker, count, the page's warnings with their partnerships, members joined, …
    assert len(queries) == 8, [q["sql"] for q in queries.captured_queries]


def test_the_dashboard_pages_and_the_csv_has_every_row(staff: Client) -> None:
    for months, refs in zip((13, 14, 20, 25, 30), pairs(5), strict=True):
        quiet(refs, months)
    import partneratlas.checkup.dashboard as dashboard

    per_page = PER_PAGE
    try:
        dashboard.PER_PAGE = 2
        first = staff.get("/en/checkup/warnings/?sort=months").content.decode()
        last = staff.get("/en/checkup/warnings/?sort=months&page=3").content.decode()
        beyond = staff.get("/en/checkup/warnings/?sort=months&page=9").content.decode()
    finally:
        dashboard.PER_PAGE = per_page
    assert first.count("<tr>") == 3  # the header and two rows
    assert "Page 1 of 3" in first
    assert 'href="?sort=months&amp;page=2" rel="next"' in first
    assert "Previous page" not in first
    assert last.count("<tr>") == 2  # the header and the fifth row: the shortest quiet, 13 months
    assert "Wuppertal – Dongguan" in last
    assert "Wuppertal – Dongguan" not in first
    assert 'href="?sort=months&amp;page=2" rel="prev"' in last
    assert "Page 3 of 3" in beyond  # a page past the end shows the last
    lines = staff.get("/en/checkup/warnings.csv?sort=months").content.decode("utf-8-sig").splitlines()
    assert len(lines) == 6  # the header and every row, not one page
    assert [int(line.split(";")[4]) for line in lines[1:]] == sorted(
        [int(line.split(";")[4]) for line in lines[1:]], reverse=True)


def test_the_dashboard_says_when_and_computes_once_on_a_fresh_install(staff: Client) -> None:
    quiet((HAMBURG, SHANGHAI), 20)
    WarningRefresh.objects.all().delete()
    WarningState.objects.all().delete()  # as after the migration: nothing stored, never computed
    page = staff.get("/en/checkup/warnings/").content.decode()
    assert "Hamburg – Shanghai" in page
    refresh = WarningRefresh.objects.get()
    assert (refresh.computed_on, refresh.partnerships, refresh.warnings) == (timezone.localdate(), 1, 1)
    assert "As of " in page
    assert set(WarningState.objects.values_list("partnership_id", flat=True)) == set(
        warnings_of(Partnership.objects.values_list("id", flat=True), timezone.localdate()))


def test_sorted_in_the_database_with_empty_scores_and_months_last(staff: Client) -> None:
    quiet((WUPPERTAL, DONGGUAN), 13)
    quiet((HAMBURG, SHANGHAI), 20)
    WarningState.objects.filter(partnership__memberships__municipality__ref=HAMBURG).update(score=40.0)
    by_score = staff.get("/en/checkup/warnings/?sort=score").content.decode()
    assert by_score.index("Hamburg") < by_score.index("Wuppertal – Dongguan")  # no score last
    WarningState.objects.filter(partnership__memberships__municipality__ref=HAMBURG).update(months=None)
    by_months = staff.get("/en/checkup/warnings/?sort=months").content.decode()
    assert by_months.index("Wuppertal – Dongguan") < by_months.index("Hamburg")  # no months last

"""The agency's early-warning dashboard: staff only, sorted, as CSV, and in the same queries for 1 and 3."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.activities.tests.factories import activity
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
    SHANGHAI,
    WUPPERTAL,
    partnership,
)

pytestmark = pytest.mark.django_db


def months_ago(months: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=31 * months)


def quiet(refs: tuple[str, str], months: int) -> Partnership:
    p = partnership(*refs)
    day = months_ago(months)
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


@pytest.mark.parametrize("count", [1, 3])
def test_the_dashboard_takes_the_same_queries_for_1_and_3(staff: Client, count: int) -> None:
    for refs in [(WUPPERTAL, DONGGUAN), (HAMBURG, SHANGHAI), (ESSEN, CHANGZHOU)][:count]:
        quiet(refs, 20)
    staff.get("/en/checkup/warnings/")
    with CaptureQueriesContext(connection) as queries:
        page = staff.get("/en/checkup/warnings/").content.decode()
    assert page.count("⚠ at risk") == count
    assert len(queries) == 15, [q["sql"] for q in queries.captured_queries]  # members and municipalities joined

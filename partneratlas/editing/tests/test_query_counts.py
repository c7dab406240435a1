"""The editors' lists read as many queries for 3 rows as for 1 (STYLE, habit 11)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partneratlas.editing.models import ImportJob
from partneratlas.gazetteer.models import Municipality, NameReview
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, GUANGZHOU, SHANGHAI, WUPPERTAL, partnership
from partneratlas.upkeep.models import Proposal

pytestmark = pytest.mark.django_db
PARTNERS = [DONGGUAN, GUANGZHOU, SHANGHAI]


def queries(client: Client, url: str) -> tuple[int, str]:
    client.get(url)  # once before counting: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _rows(kind: str, start: int, stop: int) -> None:
    for partner in PARTNERS[start:stop]:
        p = partnership(WUPPERTAL, partner)
        Partnership.objects.filter(pk=p.pk).update(verified_on=datetime.date(2000, 1, 1))  # stale: "still correct"
        if kind == "proposals":
            Proposal.objects.create(kind="correction", partnership=p, message=f"about {partner}")
        if kind == "imports":
            ImportJob.objects.create(user=User.objects.get(email="ed@wuppertal.de"), name=f"{partner}.csv", size=1)
        if kind == "names":
            NameReview.objects.create(municipality=Municipality.objects.get(ref=partner), name=f"Name {partner}")


@pytest.mark.parametrize(("kind", "url", "who"), [
    ("partnerships", "/en/edit/", "own"),
    ("partnerships", "/en/edit/?stale=1", "staff"),
    ("proposals", "/en/edit/proposals/", "own"),
    ("proposals", "/en/edit/proposals/", "staff"),
    ("names", "/en/edit/names/", "staff"),
    ("imports", "/en/edit/imports/", "own"),
])
def test_a_list_reads_as_many_queries_for_three_rows_as_for_one(client: Client, kind: str, url: str, who: str) -> None:
    shown = {"partnerships": "/history/", "proposals": "about gn:", "names": 'name="review"',
             "imports": ".csv</a>"}
    user = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL) if who == "own" else persona(
        "staff@agency.de", OrganisationKind.AGENCY)
    client.force_login(user)
    _rows(kind, 0, 1)
    one, page = queries(client, url)
    assert page.count(shown[kind]) == 1
    _rows(kind, 1, 3)
    three, page = queries(client, url)
    assert page.count(shown[kind]) == 3
    assert three == one

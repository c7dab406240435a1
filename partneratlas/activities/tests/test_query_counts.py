"""The activity lists read as many queries for 3 items as for 1 (STYLE, habit 11)."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partneratlas.activities.models import Media
from partneratlas.activities.services import NewFile
from partneratlas.activities.tests.factories import activity, pdf, photo
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> tuple[int, str]:
    client.get(url)  # once before counting: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def log(p: Any, start: int, stop: int) -> None:
    for n in range(start, stop):
        activity(p, title=f"Aktivität Nummer {n}", actors=[("school", f"Schule {n}"), ("council", "")],
                 languages=["de", "zh"], participants={p.memberships.first().municipality_id: n + 1},
                 files=[photo(), NewFile(upload=pdf(), media=Media.PDF, content_type="application/pdf")])


@pytest.mark.parametrize("who", ["public", "own"])
@pytest.mark.parametrize("page", ["list", "csv", "partnership"])
def test_a_list_reads_as_many_queries_for_three_activities_as_for_one(client: Client, who: str, page: str) -> None:
    p = partnership(WUPPERTAL, DONGGUAN)
    if who == "own":
        client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    url = {"list": f"/en/partnerships/{p.uid}/activities/", "csv": f"/en/partnerships/{p.uid}/activities.csv",
           "partnership": f"/en/partnerships/{p.uid}/"}[page]
    log(p, 0, 1)
    one, text = queries(client, url)
    assert text.count("Aktivität Nummer") if page == "csv" else text.count('class="activity"') == 1
    log(p, 1, 3)
    three, text = queries(client, url)
    assert text.count("Aktivität Nummer") if page == "csv" else text.count('class="activity"') == 3
    assert one == three

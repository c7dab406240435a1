"""The API's event reads (partneratlas/api/events.py), called as the API calls them."""

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from partneratlas.api import events as api
from partneratlas.api.paging import PageParams
from partneratlas.capacity.services import claim_request
from partneratlas.events.models import Session
from partneratlas.events.tests.test_core_world import NOW, edition, region_series, series

pytestmark = pytest.mark.django_db


def get(path: str = "/api/v1/events/editions") -> Any:
    return RequestFactory().get(path)


@pytest.mark.parametrize("count", [1, 3])
def test_editions_list_queries_do_not_grow(count: int) -> None:
    s = region_series("asia", 2014)
    for year in range(count):
        edition(s, start=f"{2014 + 3 * year}-09-08", end=f"{2014 + 3 * year}-09-09")
    with CaptureQueriesContext(connection) as queries:
        answer = api.list_editions(get(), api.EditionFilter(when="past"), PageParams())
    assert answer["count"] == count
    assert len(queries) == 2
    assert answer["results"][0]["series"] == "regional-asia"


@pytest.mark.parametrize("count", [1, 3])
def test_series_list_queries_do_not_grow(count: int) -> None:
    for n in range(count):
        series(f"s-{n}")
    with CaptureQueriesContext(connection) as queries:
        answer = api.list_series(get("/api/v1/events/series"), PageParams())
    assert [r["slug"] for r in answer["results"]] == [f"s-{n}" for n in range(count)]
    assert len(queries) == 2


def test_one_edition_with_programme_and_free_seats() -> None:
    ed = edition(capacity=3, reserved=1)
    track = ed.tracks.get()
    claim_request(pool=track.pool, holder="a", now=NOW)
    Session.objects.create(edition=ed, titles={"de": "Begrüßung"}, starts_at=ed.starts_at, ends_at=ed.starts_at,
                           speakers="Anna Schmidt, Stadt Duisburg\n\n李华, 东莞市", languages=["de", "zh"])
    answer = api.get_edition(get(), str(ed.pk))
    assert answer["tracks"] == [{"id": track.pk, "name": "whole event", "capacity": 3, "reserved_for_partners": 1,
                                 "free": 1, "free_for_partners": 2, "waiting": 0}]
    assert answer["programme"][0]["speakers"] == ["Anna Schmidt, Stadt Duisburg", "李华, 东莞市"]
    assert answer["calendar"].endswith(f"/events/{ed.pk}/calendar.ics")


@pytest.mark.parametrize("given", ["0", "abc", "99999999999999999999999", "١٢"])
def test_unknown_or_draft_edition_is_not_found(given: str) -> None:
    with pytest.raises(Http404):
        api.get_edition(get(), given)
    draft = edition(state="draft")
    with pytest.raises(Http404):
        api.get_edition(get(), str(draft.pk))

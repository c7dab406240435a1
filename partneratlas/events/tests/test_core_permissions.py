"""Who may open the core's pages, per persona: anonymous, Wuppertal's editor (whose administration organises the
series), Hamburg's editor (another municipality), Dongguan's editor (a partner municipality), agency staff."""

from typing import Any

import pytest
from django.test import Client

from partneratlas.events.models import Network
from partneratlas.events.tests.test_core_world import WUPPERTAL, edition, people, series
from partneratlas.people.models import Organisation

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "own", "other", "partner", "staff"]


@pytest.fixture
def world() -> dict[str, Any]:
    users = people()
    s = series(organiser=Organisation.objects.get(municipality__ref=WUPPERTAL))
    published, draft = edition(s), edition(s, state="draft", start="2027-06-22", end="2027-06-23")
    track = published.tracks.get()
    Network.objects.create(slug="nrw-china", names={"de": "Netzwerk China NRW"},
                           coordinator=Organisation.objects.get(municipality__ref=WUPPERTAL))
    return {"users": users, "series": s.slug, "pub": published.pk, "draft": draft.pk, "track": track.pk}


CASES = [
    ("GET", "/en/events/", (200, 200, 200, 200, 200)),
    ("GET", "/en/events/{pub}/", (200, 200, 200, 200, 200)),
    ("GET", "/en/events/{draft}/", (404, 200, 404, 404, 200)),
    ("GET", "/en/events/{draft}/calendar.ics", (404, 200, 404, 404, 200)),
    ("GET", "/en/events/series/{series}/", (200, 200, 200, 200, 200)),
    ("GET", "/en/events/series/{series}/calendar.ics", (200, 200, 200, 200, 200)),
    ("GET", "/en/events/networks/nrw-china/", (200, 200, 200, 200, 200)),
    ("GET", "/en/events/manage/", (302, 200, 200, 200, 200)),
    ("GET", "/en/events/manage/series/new/", (302, 403, 403, 403, 200)),
    ("GET", "/en/events/manage/series/{series}/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/series/{series}/editions/new/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/{pub}/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/{draft}/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/{pub}/clone/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/{pub}/tracks/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/tracks/{track}/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/{pub}/programme/", (302, 200, 403, 403, 200)),
    ("GET", "/en/events/manage/{pub}/cancel/", (302, 200, 403, 403, 200)),
    ("POST", "/en/events/manage/{draft}/publish/", (302, 302, 403, 403, 302)),
    ("GET", "/en/events/manage/networks/new/", (302, 403, 403, 403, 200)),
    ("GET", "/en/events/manage/networks/nrw-china/", (302, 200, 403, 403, 200)),  # Wuppertal coordinates it
]


@pytest.mark.parametrize("who", PERSONAS)
def test_core_pages_per_persona(world: dict[str, Any], who: str) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(world["users"][who])
    failures = []
    for method, template, expected in CASES:
        url = template.format(**world)
        status = (client.get(url) if method == "GET" else client.post(url)).status_code
        want = expected[PERSONAS.index(who)]
        if status != want:
            failures.append(f"{method} {url}: {status}, expected {want}")
    assert not failures, "\n".join(failures)

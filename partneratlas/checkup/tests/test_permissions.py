"""Every check-up URL × every persona → the expected status (the rows for partneratlas/tests/test_permissions.py).

The published partnership Wuppertal–Dongguan with an open round; Hamburg's editor is the
other municipality. CSRF is not enforced here (the project's matrix does that).
"""

import pytest
from django.test import Client
from django.urls import get_resolver

from partneratlas.checkup import links
from partneratlas.checkup.models import Role
from partneratlas.checkup.tests.factories import opened, side
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "own", "other", "partner", "staff"]
MATRIX: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("checkup/partnerships/<uuid:uid>/", "GET", "/en/checkup/partnerships/{wd}/", (302, 200, 403, 200, 200)),
    ("checkup/partnerships/<uuid:uid>/", "POST", "/en/checkup/partnerships/{wd}/", (302, 400, 403, 400, 400)),
    ("checkup/rounds/<int:pk>/", "GET", "/en/checkup/rounds/{round}/", (302, 200, 403, 200, 200)),
    ("checkup/rounds/<int:pk>/<slug:role>/", "GET", "/en/checkup/rounds/{round}/german/", (302, 200, 403, 403, 403)),
    ("checkup/rounds/<int:pk>/<slug:role>/", "GET", "/en/checkup/rounds/{round}/partner/", (302, 403, 403, 200, 403)),
    ("checkup/rounds/<int:pk>/<slug:role>/link/", "POST", "/en/checkup/rounds/{round}/partner/link/",
     (302, 302, 403, 403, 302)),
    ("checkup/rounds/<int:pk>/<slug:role>/peers/", "POST", "/en/checkup/rounds/{round}/german/peers/",
     (302, 302, 403, 403, 403)),
    ("checkup/rounds/<int:pk>/<slug:role>/publish/", "POST", "/en/checkup/rounds/{round}/german/publish/",
     (302, 302, 403, 403, 403)),
    ("checkup/rounds/<int:pk>/<slug:role>/publish/", "POST", "/en/checkup/rounds/{round}/partner/publish/",
     (302, 403, 403, 302, 403)),
    ("checkup/link/<str:token>/", "GET", "/en/checkup/link/{token}/", (200, 403, 403, 200, 403)),
    ("checkup/link/<str:token>/", "GET", "/en/checkup/link/not-a-token/", (404,) * 5),
    ("checkup/warnings/", "GET", "/en/checkup/warnings/", (302, 403, 403, 403, 200)),
    ("checkup/warnings.csv", "GET", "/en/checkup/warnings.csv", (302, 403, 403, 403, 200)),
    ("checkup/figures/", "GET", "/en/checkup/figures/", (302, 403, 403, 403, 200)),
    ("checkup/figures.csv", "GET", "/en/checkup/figures.csv", (302, 403, 403, 403, 200)),
]


def test_every_checkup_url_is_in_the_matrix() -> None:
    checkup = get_resolver().url_patterns
    routes = set()
    for pattern in checkup:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(inner, "namespace", None) == "checkup":
                routes |= {f"checkup/{p.pattern}" for p in inner.url_patterns}
    assert routes == {route for route, *_rest in MATRIX}


@pytest.mark.parametrize("who", PERSONAS)
def test_checkup_permission_matrix(client: Client, version: Version, wd: Partnership, who: str) -> None:
    people = {"own": (OrganisationKind.MUNICIPALITY, WUPPERTAL), "other": (OrganisationKind.MUNICIPALITY, HAMBURG),
              "partner": (OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN), "staff": (OrganisationKind.AGENCY, None)}
    r = opened(wd)
    if who in people:
        kind, ref = people[who]
        client.force_login(persona(f"{who}@example.org", kind, ref))
    for _route, method, template, expected in MATRIX:
        token = links.link_issue(side=side(r, Role.PARTNER))
        url = template.format(wd=wd.uid, round=r.pk, token=token)
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert response.status_code == expected[PERSONAS.index(who)], (method, url, response.status_code)

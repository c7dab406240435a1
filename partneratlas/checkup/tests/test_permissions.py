"""Every check-up URL × every persona → the expected status (the rows for partneratlas/tests/test_permissions.py).

The published partnership Wuppertal–Dongguan with an open round; Hamburg's editor is the
other municipality. CSRF is not enforced here (the project's matrix does that).
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from partneratlas.checkup import links
from partneratlas.checkup.models import CouncilReport, Role
from partneratlas.checkup.tests.factories import opened, side
from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.periods import period_close
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
    # council reports: {report} is an issued one; a POST without a period or a reason is refused with 400
    ("checkup/partnerships/<uuid:uid>/reports/", "GET", "/en/checkup/partnerships/{wd}/reports/",
     (302, 200, 403, 200, 200)),
    ("checkup/partnerships/<uuid:uid>/reports/", "POST", "/en/checkup/partnerships/{wd}/reports/",
     (302, 400, 403, 400, 400)),
    ("checkup/reports/<int:pk>/<slug:fmt>", "GET", "/en/checkup/reports/{report}/pdf", (302, 200, 403, 200, 200)),
    ("checkup/reports/<int:pk>/<slug:fmt>", "GET", "/en/checkup/reports/{report}/xlsx", (302, 200, 403, 200, 200)),
    ("checkup/reports/<int:pk>/<slug:fmt>", "GET", "/en/checkup/reports/{report}/docx", (302, 404, 404, 404, 404)),
    ("checkup/reports/<int:pk>/reopen/", "POST", "/en/checkup/reports/{report}/reopen/", (302, 400, 403, 400, 400)),
]


def issued(partnership: Partnership) -> CouncilReport:
    """An issued report with small stored files (the files themselves: test_reports.py)."""
    day = datetime.date(2025, 1, 1)
    period = period_close(partnership=partnership, start=day, end=day, reference="2025-01-01–2025-01-01 #1")
    return CouncilReport.objects.create(
        partnership=partnership, period=period, start=day, end=day, number=1, language="de",
        pdf=default_storage.save("checkup/reports/2025/t.pdf", ContentFile(b"%PDF-1.7 test")), pdf_sha256="0" * 64,
        xlsx=default_storage.save("checkup/reports/2025/t.xlsx", ContentFile(b"PK test")), xlsx_sha256="0" * 64,
        issued_at=timezone.now())


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
    report = issued(wd)
    if who in people:
        kind, ref = people[who]
        client.force_login(persona(f"{who}@example.org", kind, ref))
    for _route, method, template, expected in MATRIX:
        token = links.link_issue(side=side(r, Role.PARTNER))
        url = template.format(wd=wd.uid, round=r.pk, token=token, report=report.pk)
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert response.status_code == expected[PERSONAS.index(who)], (method, url, response.status_code)

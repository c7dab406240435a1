"""Every URL and API endpoint × every persona → the expected status code.

Two municipalities with data: Wuppertal's published partnership with Dongguan, and
Hamburg's unpublished one with Shanghai. POSTs run with CSRF checks enforced: without
the token everyone gets 403; with it, the persona's rights decide. A URL added to the
project without a row here fails `test_every_url_is_in_the_matrix`.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import translation

from partneratlas.activities.models import Attachment
from partneratlas.activities.tests.factories import activity, photo
from partneratlas.editing.models import ImportJob
from partneratlas.events.tests.matrix import ROWS as EVENT_ROWS
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership
from partneratlas.upkeep.models import Proposal

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "own", "other", "partner", "staff"]
ALL_200 = (200, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200)  # anonymous: to the login page

# (route pattern, method, URL with {wd}, {draft}, {org} filled in, expected per persona)
MATRIX: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("", "GET", "/en/", ALL_200),
    ("map/", "GET", "/en/map/?country=CN", ALL_200),
    ("map/data.json", "GET", "/en/map/data.json", ALL_200),
    ("map/list/", "GET", "/en/map/list/", ALL_200),
    ("municipalities/<str:ref>/", "GET", f"/en/municipalities/{WUPPERTAL}/", ALL_200),
    ("municipalities/<str:ref>/partners/", "GET", f"/en/municipalities/{WUPPERTAL}/partners/", ALL_200),
    ("partnerships/<uuid:uid>/", "GET", "/en/partnerships/{wd}/", ALL_200),
    ("partnerships/<uuid:uid>/", "GET", "/en/partnerships/{draft}/", (404, 404, 200, 404, 200)),
    ("search/", "GET", "/en/search/?q=Wuppertal", ALL_200),
    ("search/suggest/", "GET", "/en/search/suggest/?q=Wupp", ALL_200),
    ("statistics/", "GET", "/en/statistics/", ALL_200),
    ("statistics/<slug:dimension>.csv", "GET", "/en/statistics/partner_country.csv", ALL_200),
    ("data/", "GET", "/en/data/", ALL_200),
    ("data/partnerships.<slug:fmt>", "GET", "/en/data/partnerships.csv", ALL_200),
    ("data/api/", "GET", "/en/data/api/", ALL_200),
    ("accessibility/", "GET", "/en/accessibility/", ALL_200),
    ("imprint/", "GET", "/en/imprint/", ALL_200),
    ("privacy/", "GET", "/en/privacy/", ALL_200),
    ("favicon.ico", "GET", "/favicon.ico", (301,) * 5),
    ("api/v1/openapi.json", "GET", "/api/v1/openapi.json", ALL_200),
    ("api/v1/docs", "GET", "/api/v1/docs", (302,) * 5),  # to the reference page, data/api/
    ("api/v1/municipalities", "GET", "/api/v1/municipalities?q=Wuppertal", ALL_200),
    ("api/v1/municipalities/<ref>", "GET", f"/api/v1/municipalities/{WUPPERTAL}", ALL_200),
    ("api/v1/partnerships", "GET", "/api/v1/partnerships", ALL_200),
    ("api/v1/partnerships", "POST", "/api/v1/partnerships", (405,) * 5),
    ("api/v1/partnerships/<uid>", "GET", "/api/v1/partnerships/{wd}", ALL_200),
    ("api/v1/partnerships/<uid>", "GET", "/api/v1/partnerships/{draft}", (404,) * 5),  # the API is public only
    ("api/v1/statistics", "GET", "/api/v1/statistics", ALL_200),
    # the members' operations (by token too: api/tests/test_members.py); the public reads public activities
    ("api/v1/partnerships/<uid>/activities", "GET", "/api/v1/partnerships/{wd}/activities", ALL_200),
    ("api/v1/partnerships/<uid>/activities", "GET", "/api/v1/partnerships/{draft}/activities",
     (404, 404, 200, 404, 200)),
    ("api/v1/partnerships/<uid>/checkup/rounds", "GET", "/api/v1/partnerships/{wd}/checkup/rounds",
     (401, 200, 403, 200, 200)),
    ("api/v1/partnerships/<uid>/checkup/rounds", "GET", "/api/v1/partnerships/{draft}/checkup/rounds",
     (401, 404, 200, 404, 200)),
    ("api/v1/checkup/rounds/<round_id>", "GET", "/api/v1/checkup/rounds/0", (401, 404, 404, 404, 404)),
    ("api/v1/partnerships/<uid>/indicators", "GET", "/api/v1/partnerships/{wd}/indicators", (401, 200, 403, 200, 200)),
    ("api/v1/", "GET", "/api/v1/", (404,) * 5),
    ("^api/", "GET", "/api/v0/anything", (404,) * 5),
    ("people/", "GET", "/en/people/", SIGNED_IN),
    ("people/organisations/<int:organisation_id>/invite/", "POST", "/en/people/organisations/{org}/invite/",
     (302, 403, 403, 403, 403)),  # only the organisation's admin (tested in people) invites
    ("people/invitations/<str:token>/", "GET", "/en/people/invitations/not-a-token/", (404,) * 5),
    ("people/language/", "POST", "/en/people/language/", (302,) * 5),  # anonymous: to the login page
    ("people/my-data.json", "GET", "/en/people/my-data.json", SIGNED_IN),
    ("people/delete/", "GET", "/en/people/delete/", SIGNED_IN),
    ("people/tokens/", "GET", "/en/people/tokens/", SIGNED_IN),
    ("people/tokens/<int:pk>/revoke/", "POST", "/en/people/tokens/0/revoke/", (302, 404, 404, 404, 404)),
    ("edit/", "GET", "/en/edit/", SIGNED_IN),
    ("edit/partnerships/new/", "GET", "/en/edit/partnerships/new/", (302, 200, 200, 403, 200)),
    ("edit/partnerships/<str:uid>/", "GET", "/en/edit/partnerships/{wd}/", (302, 200, 403, 200, 200)),
    ("edit/partnerships/<str:uid>/", "GET", "/en/edit/partnerships/{draft}/", (302, 403, 200, 403, 200)),
    ("edit/partnerships/<str:uid>/", "POST", "/en/edit/partnerships/{wd}/", (302, 302, 403, 302, 302)),
    ("edit/partnerships/<str:uid>/", "GET", "/en/edit/partnerships/not-a-uuid/", (302, 404, 404, 404, 404)),
    ("edit/partnerships/<str:uid>/history/", "GET", "/en/edit/partnerships/{wd}/history/", (302, 200, 403, 200, 200)),
    ("edit/partnerships/<str:uid>/history/", "GET", "/en/edit/partnerships/{draft}/history/",
     (302, 403, 200, 403, 200)),
    ("edit/partnerships/<str:uid>/history/<int:version>/revert/", "POST", "/en/edit/partnerships/{wd}/history/1/revert/",
     (302, 302, 403, 403, 302)),
    ("edit/municipalities/<str:ref>/", "GET", f"/en/edit/municipalities/{WUPPERTAL}/", (302, 200, 403, 403, 200)),
    ("edit/municipalities/<str:ref>/", "GET", f"/en/edit/municipalities/{DONGGUAN}/", (302, 403, 403, 200, 200)),
    ("edit/municipalities/<str:ref>/", "GET", "/en/edit/municipalities/gn:0/", (302, 404, 404, 404, 404)),
    ("edit/municipalities/<str:ref>/", "POST", f"/en/edit/municipalities/{WUPPERTAL}/", (302, 302, 403, 403, 302)),
    ("edit/municipalities/<str:ref>/history/<int:version>/revert/", "POST",
     f"/en/edit/municipalities/{WUPPERTAL}/history/1/revert/", (302, 302, 403, 403, 302)),
    ("edit/names/", "GET", "/en/edit/names/", (302, 403, 403, 403, 200)),
    ("edit/names/", "POST", "/en/edit/names/", (302, 403, 403, 403, 404)),  # no such review
    ("edit/imports/", "GET", "/en/edit/imports/", (302, 200, 200, 403, 200)),
    ("edit/imports/<str:job_id>/", "GET", "/en/edit/imports/{job}/", (302, 200, 403, 403, 200)),
    ("edit/imports/<str:job_id>/", "GET", "/en/edit/imports/not-a-uuid/", (302, 404, 404, 403, 404)),
    ("edit/imports/<str:job_id>/report.csv", "GET", "/en/edit/imports/{job}/report.csv", (302, 200, 403, 403, 200)),
    ("edit/imports/<str:job_id>/settle/", "GET", "/en/edit/imports/{job}/settle/", (302, 200, 403, 403, 200)),
    ("edit/imports/<str:job_id>/recheck/", "POST", "/en/edit/imports/{job}/recheck/", (302, 302, 403, 403, 302)),
    ("edit/places/aliases/", "GET", "/en/edit/places/aliases/", (302, 403, 403, 403, 200)),
    ("edit/places/proposals/", "GET", "/en/edit/places/proposals/", (302, 403, 403, 403, 200)),
    ("edit/imports/<str:job_id>/confirm/", "POST", "/en/edit/imports/{job}/confirm/", (302, 302, 403, 403, 302)),
    ("propose/", "GET", "/en/propose/?partnership={wd}", ALL_200),
    ("propose/", "GET", "/en/propose/?partnership={draft}", (404, 404, 200, 404, 200)),
    ("propose/", "POST", "/en/propose/", ALL_200),  # the form comes back with its errors
    ("edit/proposals/", "GET", "/en/edit/proposals/", (302, 200, 200, 403, 200)),
    ("edit/proposals/<int:pk>/", "GET", "/en/edit/proposals/{proposal}/", (302, 200, 403, 403, 200)),
    ("edit/proposals/<int:pk>/", "POST", "/en/edit/proposals/{proposal}/", (302, 302, 403, 403, 302)),
    ("edit/partnerships/<str:uid>/verify/", "POST", "/en/edit/partnerships/{wd}/verify/", (302, 302, 403, 403, 302)),
    # questionnaires: agency staff only (a version that does not exist: staff get 404; the pages are tested in the app)
    ("questionnaires/", "GET", "/en/questionnaires/", (302, 403, 403, 403, 200)),
    ("questionnaires/", "POST", "/en/questionnaires/", (302, 403, 403, 403, 200)),  # the form with its errors
    ("questionnaires/<slug:code>/<int:number>/", "GET", "/en/questionnaires/none/1/", (302, 403, 403, 403, 404)),
    ("questionnaires/<slug:code>/<int:number>/publish/", "POST", "/en/questionnaires/none/1/publish/",
     (302, 403, 403, 403, 404)),
    ("questionnaires/<slug:code>/<int:number>/clone/", "POST", "/en/questionnaires/none/1/clone/",
     (302, 403, 403, 403, 404)),
    ("questionnaires/<slug:code>/<int:number>/export.json", "GET", "/en/questionnaires/none/1/export.json",
     (302, 403, 403, 403, 404)),
    ("questionnaires/<slug:code>/<int:number>/texts/", "GET", "/en/questionnaires/none/1/texts/?language=fr",
     (302, 403, 403, 403, 404)),
    ("questionnaires/<slug:code>/<int:number>/preview/", "GET", "/en/questionnaires/none/1/preview/",
     (302, 403, 403, 403, 404)),
    # the activity log: {act} and {doomed} were logged by Wuppertal; {photo} is public, {secret} has no consent
    ("partnerships/<uuid:uid>/activities/", "GET", "/en/partnerships/{wd}/activities/", ALL_200),
    ("partnerships/<uuid:uid>/activities/", "GET", "/en/partnerships/{draft}/activities/", (404, 404, 200, 404, 200)),
    ("partnerships/<uuid:uid>/activities.csv", "GET", "/en/partnerships/{wd}/activities.csv", ALL_200),
    ("partnerships/<uuid:uid>/activities.csv", "GET", "/en/partnerships/{draft}/activities.csv",
     (404, 404, 200, 404, 200)),
    ("partnerships/<uuid:uid>/activities/new/", "GET", "/en/partnerships/{wd}/activities/new/",
     (302, 200, 403, 200, 200)),
    ("partnerships/<uuid:uid>/activities/new/", "GET", "/en/partnerships/{draft}/activities/new/",
     (302, 404, 200, 404, 200)),
    ("partnerships/<uuid:uid>/activities/new/", "POST", "/en/partnerships/{wd}/activities/new/",
     (302, 400, 403, 400, 400)),  # the form with its errors
    ("activities/<int:pk>/edit/", "GET", "/en/activities/{act}/edit/", (302, 200, 403, 403, 200)),
    ("activities/<int:pk>/edit/", "POST", "/en/activities/{act}/edit/", (302, 400, 403, 403, 400)),
    ("activities/<int:pk>/history/", "GET", "/en/activities/{act}/history/", (302, 200, 403, 403, 200)),
    ("activities/<int:pk>/history/<int:version>/revert/", "POST", "/en/activities/{act}/history/1/revert/",
     (302, 302, 403, 403, 302)),
    ("activities/<int:pk>/delete/", "GET", "/en/activities/{act}/delete/", (302, 200, 403, 403, 200)),
    ("activities/<int:pk>/delete/", "POST", "/en/activities/{doomed}/delete/", (302, 302, 403, 403, 302)),
    ("activities/files/<int:pk>/", "GET", "/en/activities/files/{photo}/", ALL_200),
    ("activities/files/<int:pk>/", "GET", "/en/activities/files/{secret}/", (404, 200, 404, 200, 200)),
    ("accounts/", "GET", "/en/accounts/login/", (200, 302, 302, 302, 302)),
    ("admin/", "GET", "/admin/", (302,) * 5),  # site admins only (tested in registry)
    # check-up: the members' administrations and the agency (rounds and answers in detail: checkup/tests/test_permissions.py)
    ("checkup/partnerships/<uuid:uid>/", "GET", "/en/checkup/partnerships/{wd}/", (302, 200, 403, 200, 200)),
    ("checkup/partnerships/<uuid:uid>/", "GET", "/en/checkup/partnerships/{draft}/", (302, 404, 200, 404, 200)),
    ("checkup/partnerships/<uuid:uid>/", "POST", "/en/checkup/partnerships/{wd}/", (302, 400, 403, 400, 400)),
    ("checkup/rounds/<int:pk>/", "GET", "/en/checkup/rounds/0/", (302, 404, 404, 404, 404)),
    ("checkup/rounds/<int:pk>/<slug:role>/", "GET", "/en/checkup/rounds/0/german/", (302, 404, 404, 404, 404)),
    ("checkup/rounds/<int:pk>/<slug:role>/link/", "POST", "/en/checkup/rounds/0/partner/link/",
     (302, 404, 404, 404, 404)),
    ("checkup/rounds/<int:pk>/<slug:role>/peers/", "POST", "/en/checkup/rounds/0/german/peers/",
     (302, 404, 404, 404, 404)),
    ("checkup/rounds/<int:pk>/<slug:role>/publish/", "POST", "/en/checkup/rounds/0/german/publish/",
     (302, 404, 404, 404, 404)),
    ("checkup/link/<str:token>/", "GET", "/en/checkup/link/not-a-token/", (404,) * 5),
    # the early-warning dashboard: agency staff only
    ("checkup/warnings/", "GET", "/en/checkup/warnings/", (302, 403, 403, 403, 200)),
    ("checkup/warnings.csv", "GET", "/en/checkup/warnings.csv", (302, 403, 403, 403, 200)),
    ("checkup/figures/", "GET", "/en/checkup/figures/", (302, 403, 403, 403, 200)),
    ("checkup/figures.csv", "GET", "/en/checkup/figures.csv", (302, 403, 403, 403, 200)),
    # council reports: the members' administrations and the agency; drafts, issuing and reopening for editors
    ("checkup/partnerships/<uuid:uid>/reports/", "GET", "/en/checkup/partnerships/{wd}/reports/",
     (302, 200, 403, 200, 200)),
    ("checkup/partnerships/<uuid:uid>/reports/", "GET", "/en/checkup/partnerships/{draft}/reports/",
     (302, 404, 200, 404, 200)),
    ("checkup/partnerships/<uuid:uid>/reports/", "POST", "/en/checkup/partnerships/{wd}/reports/",
     (302, 400, 403, 400, 400)),  # no period: the form with its errors
    ("checkup/reports/<int:pk>/<slug:fmt>", "GET", "/en/checkup/reports/0/pdf", (302, 404, 404, 404, 404)),
    ("checkup/reports/<int:pk>/reopen/", "POST", "/en/checkup/reports/0/reopen/", (302, 404, 404, 404, 404)),
    *EVENT_ROWS,
]


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    wd = partnership(WUPPERTAL, DONGGUAN, since=2016)
    draft = partnership(HAMBURG, SHANGHAI)
    Partnership.objects.filter(pk=draft.pk).update(published=False)
    users = {
        "own": persona("own@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
        "other": persona("other@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG),
        "partner": persona("partner@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN),
        "staff": persona("staff@agency.de", OrganisationKind.AGENCY),
    }
    org = Organisation.objects.get(municipality__ref=WUPPERTAL)
    job = ImportJob.objects.create(user=users["own"], name="liste.csv", size=100, state="checked")
    proposal = Proposal.objects.create(kind="correction", partnership=wd, message="Seit 2016.")
    act = activity(wd, side=WUPPERTAL, files=[photo(), photo(name="secret.png")])
    secret = act.attachments.get(name="secret.png")
    Attachment.objects.filter(pk=secret.pk).update(consent=False)
    return {"wd": wd, "draft": draft, "org": org, "users": users, "job": job, "proposal": proposal, "act": act,
            "doomed": activity(wd, side=WUPPERTAL, title="doomed"), "photo": act.attachments.get(name="visit.png"),
            "secret": secret}


def _side_post(world: dict[str, Any]) -> dict[str, str]:
    """A valid edit as the partner side may send it (actors and contacts only); the others send more."""
    dongguan = world["wd"].members.get(ref=DONGGUAN)
    return {"actors-TOTAL_FORMS": "1", "actors-INITIAL_FORMS": "0", "actors-0-name": "外事局",
            "actors-0-kind": "department", "actors-0-side": str(dongguan.pk),
            "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}


def _full_post(world: dict[str, Any]) -> dict[str, Any]:
    wd = Partnership.objects.get(pk=world["wd"].pk)
    return {**_side_post(world), "members": f"Wuppertal [{WUPPERTAL}]\nDongguan [{DONGGUAN}]", "kind": "twinning",
            "status": "active", "start_year": "2016", "published": "on", "version": str(wd.version),
            "actors-0-side": ""}


@pytest.mark.parametrize("who", PERSONAS)
def test_permission_matrix(world: dict[str, Any], who: str) -> None:
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(world["users"][who])
    client.get("/en/people/delete/" if who != "anonymous" else "/en/accounts/login/")  # a form: the CSRF cookie
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    failures = []
    for _route, method, template, expected in MATRIX:
        url = template.format(wd=world["wd"].uid, draft=world["draft"].uid, org=world["org"].pk,
                              job=world["job"].pk, proposal=world["proposal"].pk, act=world["act"].pk,
                              doomed=world["doomed"].pk, photo=world["photo"].pk, secret=world["secret"].pk)
        want = expected[PERSONAS.index(who)]
        if method == "GET":
            status = client.get(url).status_code
        else:
            data: dict[str, Any] = _side_post(world) if who == "partner" else _full_post(world)
            if client.post(url, data).status_code != 403 and not url.startswith("/api/"):
                failures.append(f"POST {url} without a CSRF token was not refused")
            status = client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code
        if status != want:
            failures.append(f"{method} {url}: {status}, expected {want}")
    assert not failures, "\n".join(failures)


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


def test_every_url_is_in_the_matrix() -> None:
    covered = {route for route, *_rest in MATRIX}
    third_party = ("admin/", "accounts/")  # Django's admin and allauth: one row each, tested in their apps
    with translation.override("de"):  # German pages have no prefix
        routes = _routes(get_resolver().url_patterns)
    missing = [r for r in routes if r not in covered and not r.startswith(third_party)]
    assert not missing, missing

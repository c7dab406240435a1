"""Sealed answers leak through no page, API operation, export, report, search or cache.

Generated from the project's URL list, not hand-picked: every route is requested with every
value its parameters can take in the world below, by every persona, signed in by session and,
for the API, by a personal token. A route whose parameter has no value here fails the test, so a
new URL joins it by itself. Each side's answers carry an evidence text of their own; the only
pages that may show it are that side's own answer pages (its editors', and the partner's link).

The world: Wuppertal–Dongguan with a sealed round (the German side submitted, the partner side
saved a draft through its link), an earlier unsealed round (its results are meant to be read),
an issued council report over both, activities, and the anonymised figures.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from django.utils import timezone
from pypdf import PdfReader

from partneratlas.activities.tests.factories import activity
from partneratlas.checkup import links
from partneratlas.checkup.models import Role, Round
from partneratlas.checkup.report_services import report_issue
from partneratlas.checkup.reporting import report_content, report_languages, report_pdf, report_xlsx
from partneratlas.checkup.tests.factories import CODE, answer, opened, published, side
from partneratlas.checkup.tests.test_views import PEOPLE
from partneratlas.people.models import Organisation
from partneratlas.people.tests.factories import persona
from partneratlas.people.tokens import token_create
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db

GERMAN_SECRET = "Versiegelt-Wuppertal-5eal"
PARTNER_SECRET = "密封东莞-5eal"
SECRETS = {Role.GERMAN: GERMAN_SECRET, Role.PARTNER: PARTNER_SECRET}
PERSONAS = ["own", "partner", "staff", "viewer", "outsider", "anonymous"]  # the answering sides first: a cache
# filled by them must not serve the others
SKIPPED = re.compile(r"^(accounts/|admin/r/|admin/\(\?P<url>|admin/\^)")  # allauth's own flows; the admin's
# catch-all and redirect views (the admin's pages themselves are requested below)


def routes() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                own = "" if isinstance(p.pattern, LocalePrefixPattern) else str(p.pattern).lstrip("^")
                yield from walk(p.url_patterns, prefix + own)
            else:
                yield prefix + str(p.pattern), p
    yield from walk(get_resolver().url_patterns, "")


def text_of(response: Any) -> str:
    """What a reader gets, as text: pages, JSON and CSV as they are; PDF, XLSX and ZIP opened."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return text_of_file(body, response.get("Content-Type", ""))


def text_of_file(body: bytes, kind: str = "") -> str:
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")


class World:
    def __init__(self, tmp_path: Any) -> None:
        self.version: Version = published(tmp_path)
        self.wd: Partnership = partnership(WUPPERTAL, DONGGUAN)
        long_ago = timezone.now() - datetime.timedelta(days=400)
        earlier = opened(self.wd, now=long_ago)
        answer(earlier, Role.GERMAN, {"c01.1": 3, "c01.2": 2, "c02.1": 1, "c05.1": None}, evidence="offen", now=long_ago)
        answer(earlier, Role.PARTNER, {"c01.1": 1, "c01.2": 2, "c02.1": 4, "c05.1": 2}, evidence="公开",
               language="zh-hans", now=long_ago)
        for day in (30, 90, 200):
            activity(self.wd, date=timezone.localdate() - datetime.timedelta(days=day), today=timezone.localdate())
        self.round: Round = opened(self.wd)
        self.token = links.link_issue(side=side(self.round, Role.PARTNER))
        answer(self.round, Role.GERMAN, {"c01.1": 4, "c01.2": 4, "c02.1": 0, "c05.1": 1}, evidence=GERMAN_SECRET)
        answer(self.round, Role.PARTNER, {"c01.1": 0, "c01.2": 1, "c02.1": 4, "c05.1": None}, submit=False,
               evidence=PARTNER_SECRET, language="zh-hans")
        self.round.refresh_from_db()
        assert not self.round.unsealed
        today = timezone.localdate()
        self.start, self.end = today - datetime.timedelta(days=500), today
        self.users = {who: persona(f"{who}@example.org", kind, ref, role=role)
                      for who, (_email, kind, ref, role) in PEOPLE.items()}
        self.report = report_issue(partnership=self.wd, start=self.start, end=self.end, language="en",
                                   user=self.users["staff"], today=today)
        self.bearers = {who: token_create(user=user, name="sealing", expires_on=None)[1]
                        for who, user in self.users.items()}

    def values(self, name: str) -> list[str]:
        """Every value a route's parameter takes in this world; a parameter not named here fails the test."""
        r = self.round
        ints = sorted({str(r.pk), str(self.report.pk)})  # the sealed round's and the report's ids
        known: dict[str, list[str]] = {
            "pk": ints, "round_id": ints, "object_id": ints, "id": ints, "version": ["1", "2"],
            "uid": [str(self.wd.uid)], "role": [Role.GERMAN, Role.PARTNER], "token": [self.token],
            "fmt": ["pdf", "xlsx", "csv", "json", "geojson"], "ref": [WUPPERTAL, DONGGUAN],
            "code": [CODE], "number": [str(self.version.number)], "dimension": ["partner_country"],
            "job_id": ["0"], "organisation_id": [str(o.pk) for o in Organisation.objects.all()[:3]],
            "app_label": ["auth", "activities"], "content_type_id": ["1"],
            # events: no event holds an answer of the check-up; their rights are tested in events/tests
            "edition_id": ints, "registration_pk": ints, "slug": ["round-table-china"],
            "kind": ["letter", "certificate", "badges"], "action": ["approve", "cancel"],
        }
        if name not in known:
            raise AssertionError(f"the sealing test has no value for the URL parameter “{name}”: add one")
        return known[name]

    def urls(self) -> Iterator[tuple[str, str]]:
        for route, _pattern in routes():
            if SKIPPED.match(route):
                continue
            names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
            names = [a or b for a, b in names]
            combos: list[dict[str, str]] = [{}]
            for name in names:
                combos = [{**c, name: v} for c in combos for v in self.values(name)]
            for kwargs in combos:
                path = route
                for name, value in kwargs.items():
                    path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", value, path, count=1)
                path = path.replace("^", "").replace("$", "")
                if "(" in path or "<" in path:
                    continue  # a pattern this substitution cannot fill: its parameters are checked above
                yield route, "/" + path
                if route.startswith("checkup/"):
                    yield route, "/zh-hans/" + path  # the check-up's pages also in Chinese

    def allowed(self, who: str, path: str) -> set[str]:
        """The secrets `who` may read on `path`: its own side's answers, on its own answer pages."""
        own = {"own": Role.GERMAN, "partner": Role.PARTNER}.get(who)
        mine = {f"/checkup/rounds/{self.round.pk}/{own}/"} if own else set()
        if who in ("partner", "anonymous"):
            mine.add(f"/checkup/link/{self.token}/")
        return {SECRETS[own or Role.PARTNER] for m in mine if path.endswith(m) or f"{m}?" in path}


@pytest.fixture
def world(tmp_path: Any, settings: Any) -> World:
    settings.CHECKUP_QUESTIONNAIRE = CODE
    settings.CHECKUP_ITEM_MAPPINGS = {}
    settings.CHECKUP_MIN_GROUP_SIZE = 1  # the figures show even this one partnership: a leak would show
    cache.clear()
    return World(tmp_path)


def leaks(world: World, who: str, client: Client, headers: dict[str, str], *, only: str = "") -> list[str]:
    found = []
    for route, path in world.urls():
        if not route.startswith(only):
            continue
        response = client.get(path, headers=headers)
        if response.status_code >= 500:
            found.append(f"{who}: {path} ({route}) fails with {response.status_code}")
            continue
        text = text_of(response)
        for secret in set(SECRETS.values()) - world.allowed(who, path):
            if secret in text:
                found.append(f"{who}: {path} ({route}) shows {secret}")
    return found


def test_no_url_shows_a_sealed_answer_to_anyone_but_its_side(world: World) -> None:
    found = []
    for who in PERSONAS:  # one world for all: a page cached for one persona must not reach the next
        client = Client()
        if who in world.users:
            client.force_login(world.users[who])
        found += leaks(world, who, client, {})
    assert found == []


def test_no_api_operation_shows_a_sealed_answer_to_a_token(world: World) -> None:
    own = {"Authorization": f"Bearer {world.bearers['own']}"}
    assert Client().get(f"/api/v1/partnerships/{world.wd.uid}/checkup/rounds", headers=own).status_code == 200
    found = []
    for who, bearer in world.bearers.items():
        found += leaks(world, who, Client(), {"Authorization": f"Bearer {bearer}"}, only="api/")
    assert found == []


def test_the_sides_see_their_own_answers_so_the_test_can_fail(world: World) -> None:
    client = Client()
    client.force_login(world.users["own"])
    assert GERMAN_SECRET in text_of(client.get(f"/en/checkup/rounds/{world.round.pk}/german/"))
    assert PARTNER_SECRET in text_of(Client().get(f"/en/checkup/link/{world.token}/"))


def test_reports_made_in_every_language_leave_the_sealed_round_out(world: World) -> None:
    for language in report_languages(world.wd):
        content = report_content(partnership=world.wd, start=world.start, end=world.end, language=language,
                                 today=timezone.localdate(), draft=True)
        for made in (report_pdf(content), report_xlsx(content)):
            text = text_of_file(made)
            assert GERMAN_SECRET not in text
            assert PARTNER_SECRET not in text

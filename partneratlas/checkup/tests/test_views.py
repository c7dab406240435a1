"""The pages as each persona meets them: who may open, answer, issue links; sealed answers; the partner link."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.checkup import links
from partneratlas.checkup.models import Role, Round, Side
from partneratlas.checkup.services import round_settle
from partneratlas.checkup.tests.factories import answer, opened, side
from partneratlas.people.models import OrganisationKind
from partneratlas.people.models import Role as MemberRole
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Response, Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db

PEOPLE = {
    "own": ("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, MemberRole.EDITOR),
    "partner": ("li@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN, MemberRole.EDITOR),
    "outsider": ("ed@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG, MemberRole.EDITOR),
    "viewer": ("view@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, MemberRole.VIEWER),
    "staff": ("staff@agency.de", OrganisationKind.AGENCY, None, MemberRole.EDITOR),
}
SECRET_DE, SECRET_CN = "Geheimnis-Wuppertal-4711", "秘密东莞0815"


def login(client: Client, who: str) -> Client:
    email, kind, ref, role = PEOPLE[who]
    client.force_login(persona(email, kind, ref, role=role))
    return client


def closing(days: int = 30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("who", ["own", "partner", "staff"])
def test_an_editor_of_a_member_or_the_agency_opens_a_round(client: Client, version: Version, wd: Partnership,
                                                           who: str) -> None:
    login(client, who)
    response = client.post(f"/en/checkup/partnerships/{wd.uid}/", {"closes_on": closing()})
    assert response.status_code == 302
    assert Round.objects.get().closes_on.isoformat() == closing()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 403)])
def test_a_viewer_or_an_outsider_may_not_open(client: Client, version: Version, wd: Partnership, who: str,
                                              status: int) -> None:
    login(client, who)
    assert client.post(f"/en/checkup/partnerships/{wd.uid}/", {"closes_on": closing()}).status_code == status
    assert not Round.objects.exists()


def test_the_public_is_sent_to_sign_in(client: Client, version: Version, wd: Partnership) -> None:
    response = client.get(f"/en/checkup/partnerships/{wd.uid}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("value", "message"), [
    ("morgen", "Geben Sie den letzten Tag als Datum ein"),
    ("2001-01-01", "Der letzte Tag muss nach heute"),
])
def test_a_bad_closing_day_gets_a_clear_error_in_german(client: Client, version: Version, wd: Partnership,
                                                        value: str, message: str) -> None:
    login(client, "own")
    response = client.post(f"/checkup/partnerships/{wd.uid}/", {"closes_on": value})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page
    assert message in page, re.findall(r'role="alert".{0,400}', page, re.S)
    assert not Round.objects.exists()


def test_each_side_answers_in_its_own_account_only(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    login(client, "own")
    assert client.get(f"/en/checkup/rounds/{r.pk}/german/").status_code == 200
    assert client.get(f"/en/checkup/rounds/{r.pk}/partner/").status_code == 403
    client.logout()
    login(client, "partner")
    assert client.get(f"/en/checkup/rounds/{r.pk}/german/").status_code == 403
    assert client.get(f"/en/checkup/rounds/{r.pk}/partner/").status_code == 200
    client.logout()
    login(client, "staff")  # the agency opens and follows rounds, but answers for no side
    assert client.get(f"/en/checkup/rounds/{r.pk}/german/").status_code == 403
    assert client.get(f"/en/checkup/rounds/{r.pk}/nobody/").status_code == 404


def test_a_side_starts_saves_resumes_and_submits(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    login(client, "own")
    url = f"/en/checkup/rounds/{r.pk}/german/"
    assert client.post(url, {"language": "xx"}).status_code == 400
    assert client.post(url, {"language": "de"}).status_code == 302
    saved = client.post(url, {"q": ["c01.1", "c01.2"], "q-c01.1": "3", "q-c01.2": "na", "action": "save"})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert 'value="3" checked' in page
    assert 'id="q-c01.2-na" value="na" checked' in page
    bad = client.post(url, {"q": ["c01.1"], "q-c01.1": "9", "action": "submit"})
    assert bad.status_code == 400
    assert 'role="alert"' in bad.content.decode()
    done = client.post(url, {"q": ["c01.1"], "q-c01.1": "4", "action": "submit"})
    assert done.status_code == 302
    assert side(r, Role.GERMAN).response.state == Response.State.SUBMITTED  # type: ignore[union-attr]


def _all_pages(client: Client, r: Round, token: str) -> dict[str, str]:
    wd = r.partnership
    paths = [f"/en/checkup/partnerships/{wd.uid}/", f"/en/checkup/rounds/{r.pk}/",
             f"/en/checkup/rounds/{r.pk}/german/", f"/en/checkup/rounds/{r.pk}/partner/",
             f"/en/partnerships/{wd.uid}/", f"/en/checkup/link/{token}/"]
    return {p: client.get(p).content.decode() for p in paths}


def test_no_page_shows_the_other_sides_answers_before_both_submitted(client: Client, version: Version,
                                                                     wd: Partnership) -> None:
    r = opened(wd)
    token = links.link_issue(side=side(r, Role.PARTNER))
    answer(r, Role.GERMAN, {"c01.1": 4, "c01.2": 4}, evidence=SECRET_DE)
    answer(r, Role.PARTNER, {"c01.1": 0}, evidence=SECRET_CN, submit=False, language="zh-hans")
    for who, foreign in (("own", SECRET_CN), ("partner", SECRET_DE), ("staff", SECRET_DE), ("viewer", SECRET_CN)):
        client.logout()
        login(client, who)
        for path, page in _all_pages(client, r, token).items():
            assert foreign not in page, (who, path)
            assert "results-title" not in page, (who, path)
            if who == "staff":
                assert SECRET_CN not in page, path
    client.logout()
    page = client.get(f"/en/checkup/link/{token}/").content.decode()  # the partner, by link: its own answers only
    assert SECRET_CN in page
    assert SECRET_DE not in page
    assert "results-title" not in page


def test_once_both_submitted_both_see_the_results(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    answer(r, Role.GERMAN, {"c01.1": 4, "c01.2": 4, "c02.1": 0, "c05.1": 1})
    answer(r, Role.PARTNER, {"c01.1": 2, "c01.2": 2, "c02.1": 1, "c05.1": 1})
    for who in ("own", "partner", "staff"):
        client.logout()
        login(client, who)
        page = client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()
        assert 'id="results-title"' in page
        assert '<svg role="img"' in page
        assert "+50" in page
        assert "large gap" in page


def test_the_results_are_not_shown_to_outsiders(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    answer(r, Role.GERMAN, {"c01.1": 4})
    answer(r, Role.PARTNER, {"c01.1": 2})
    login(client, "outsider")
    assert client.get(f"/en/checkup/rounds/{r.pk}/").status_code == 403
    assert client.get(f"/en/checkup/partnerships/{wd.uid}/").status_code == 403


def test_the_partner_answers_through_a_link_in_french(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    token = links.link_issue(side=side(r, Role.PARTNER), email="Ami@Example.fr", language="fr")
    url = f"/en/checkup/link/{token}/"  # the interface in English, the questions in French
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert 'value="fr"' in page.content.decode()
    assert client.post(url, {"language": "fr"}).status_code == 302
    assert "Question c01.1 (fr)" in client.get(url).content.decode()
    assert client.post(url, {"q": ["c01.1"], "q-c01.1": "2", "action": "save"}).status_code == 302
    assert client.post(url, {"q": ["c01.1"], "q-c01.1": "3", "action": "submit"}).status_code == 302
    s = side(r, Role.PARTNER)
    assert s.response.user is None
    assert s.response.language == "fr"
    assert s.submitted
    assert s.link_email == "ami@example.fr"


def test_an_expired_link_gets_a_clear_page(client: Client, version: Version, wd: Partnership, settings: Any) -> None:
    r = opened(wd)
    token = links.link_issue(side=side(r, Role.PARTNER))
    settings.CHECKUP_LINK_DAYS = 0
    response = client.get(f"/en/checkup/link/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_revoked_or_replaced_link_gets_a_clear_page(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    first = links.link_issue(side=side(r, Role.PARTNER))
    second = links.link_issue(side=side(r, Role.PARTNER))
    response = client.get(f"/en/checkup/link/{first}/")
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()
    assert client.get(f"/en/checkup/link/{second}/").status_code == 200
    links.link_revoke(side=side(r, Role.PARTNER))
    assert client.get(f"/en/checkup/link/{second}/").status_code == 410


@pytest.mark.parametrize("token", ["nonsense", "a" * 600, "eyJzIjoxfQ:1abc:deadbeef"])
def test_a_tampered_link_gets_a_clear_page(client: Client, token: str) -> None:
    response = client.get(f"/zh-hans/checkup/link/{token}/")
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()


def test_only_a_hash_of_the_link_is_stored(version: Version, wd: Partnership) -> None:
    r = opened(wd)
    token = links.link_issue(side=side(r, Role.PARTNER))
    stored = Side.objects.get(round=r, role=Role.PARTNER).link_hash
    assert stored == links.token_hash(token)
    assert token not in stored
    assert len(stored) == 64


def test_the_own_municipality_issues_the_link_and_sees_it_once(client: Client, version: Version,
                                                               wd: Partnership) -> None:
    r = opened(wd)
    login(client, "partner")
    assert client.post(f"/en/checkup/rounds/{r.pk}/partner/link/", {"action": "issue"}).status_code == 403
    client.logout()
    login(client, "own")
    assert client.post(f"/en/checkup/rounds/{r.pk}/partner/link/", {"action": "issue"}).status_code == 302
    first = client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()
    assert "/en/checkup/link/" in first
    assert "/en/checkup/link/" not in client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()


def test_a_side_opts_in_as_peer(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    login(client, "own")
    assert client.post(f"/en/checkup/rounds/{r.pk}/german/peers/", {"opt_in": "on"}).status_code == 302
    assert client.post(f"/en/checkup/rounds/{r.pk}/partner/peers/", {"opt_in": "on"}).status_code == 403
    assert list(Side.objects.filter(round=r).values_list("role", "peers_opt_in").order_by("role")) == [
        ("german", True), ("partner", False)]


def test_the_partnership_page_links_the_check_up_for_its_administrations(client: Client, version: Version,
                                                                         wd: Partnership) -> None:
    assert "/checkup/" not in client.get(f"/en/partnerships/{wd.uid}/").content.decode()
    login(client, "viewer")
    assert f"/en/checkup/partnerships/{wd.uid}/" in client.get(f"/en/partnerships/{wd.uid}/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_rounds_list_takes_the_same_queries_for_1_and_3_rounds(client: Client, version: Version,
                                                                   wd: Partnership, count: int) -> None:
    for _n in range(count):
        r = opened(wd)
        answer(r, Role.GERMAN, {"c01.1": 4})
        answer(r, Role.PARTNER, {"c01.1": 4})
    assert Round.objects.filter(closed_at__isnull=True).count() == 0
    login(client, "own")
    client.get(f"/en/checkup/partnerships/{wd.uid}/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/checkup/partnerships/{wd.uid}/")
    assert response.status_code == 200
    assert response.content.decode().count("See the results") == count
    assert len(queries) == 20, [q["sql"] for q in queries.captured_queries]  # 9 + 7 indicators + 4 reports


def test_a_round_past_its_day_is_unsealed_when_its_page_is_opened(client: Client, version: Version,
                                                                  wd: Partnership) -> None:
    r = opened(wd, days=1)
    answer(r, Role.GERMAN, {"c01.1": 4})
    Round.objects.filter(pk=r.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    login(client, "partner")
    page = client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()
    assert 'id="results-title"' in page
    r.refresh_from_db()
    assert r.unsealed
    assert round_settle(round_=r)

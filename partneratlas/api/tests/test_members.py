"""The members' operations (issue 12, point 8): every operation × every persona, by token and by session; what each
reader sees; sealed rounds; errors in JSON and the reader's language; query counts."""

import datetime
import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone, translation

from partneratlas.api.reference import operations
from partneratlas.api.tests.conftest import SECRET, World
from partneratlas.checkup.models import Role, Round
from partneratlas.checkup.results import results_of
from partneratlas.checkup.tests.factories import answer, opened
from partneratlas.people.models import ApiToken, AuditEvent, AuditKind
from partneratlas.people.tokens import token_create, token_revoke
from partneratlas.registry.tests.factories import CHANGZHOU, ESSEN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "own", "own/session", "other", "partner", "partner/session", "staff", "revoked", "expired",
           "deactivated"]
BAD = (401, 401, 401)  # revoked, expired, deactivated
# (URL with {wd}, {draft}, {sealed}, {unsealed}; expected per reader)
MATRIX: list[tuple[str, tuple[int, ...]]] = [
    ("/api/v1/partnerships/{wd}/activities", (200, 200, 200, 200, 200, 200, 200, *BAD)),
    ("/api/v1/partnerships/{draft}/activities", (404, 404, 404, 200, 404, 404, 200, *BAD)),
    ("/api/v1/partnerships/{wd}/checkup/rounds", (401, 200, 200, 403, 200, 200, 200, *BAD)),
    ("/api/v1/partnerships/{draft}/checkup/rounds", (401, 404, 404, 200, 404, 404, 200, *BAD)),
    ("/api/v1/checkup/rounds/{sealed}", (401, 200, 200, 403, 200, 200, 200, *BAD)),
    ("/api/v1/checkup/rounds/{unsealed}", (401, 200, 200, 403, 200, 200, 200, *BAD)),
    ("/api/v1/checkup/rounds/0", (401, 404, 404, 404, 404, 404, 404, *BAD)),
    ("/api/v1/partnerships/{wd}/indicators", (401, 200, 200, 403, 200, 200, 200, *BAD)),
    ("/api/v1/partnerships/{draft}/indicators", (401, 404, 404, 200, 404, 404, 200, *BAD)),
    ("/api/v1/partnerships/not-a-uuid/activities", (404, 404, 404, 404, 404, 404, 404, *BAD)),
]


def client_of(world: World, reader: str) -> Client:
    if reader in ("revoked", "expired", "deactivated"):
        user = world.users["own"]
        made, token = token_create(user=user, name=reader, expires_on=None)
        if reader == "revoked":
            token_revoke(user=user, pk=made.pk)
        elif reader == "expired":
            ApiToken.objects.filter(pk=made.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
        else:
            user.is_active = False
            user.save()
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    who, _slash, via = reader.partition("/")
    return world.client(who, via or "token")


def url_of(world: World, template: str) -> str:
    return template.format(wd=world.wd.uid, draft=world.draft.uid, sealed=world.sealed.pk,
                           unsealed=world.unsealed.pk)


@pytest.mark.parametrize("reader", READERS)
def test_member_operations_matrix(world: World, reader: str) -> None:
    client = client_of(world, reader)
    failures = []
    for template, expected in MATRIX:
        response = client.get(url_of(world, template), HTTP_ACCEPT_LANGUAGE="en")
        want = expected[READERS.index(reader)]
        if response.status_code != want:
            failures.append(f"{template}: {response.status_code}, expected {want}: {response.content[:200]!r}")
        elif not response["Content-Type"].startswith("application/json"):
            failures.append(f"{template}: not JSON")
    assert not failures, "\n".join(failures)


def test_every_member_operation_is_in_the_matrix() -> None:
    paths = {o.path for o in operations() if "/activities" in o.path or "checkup" in o.path or "indicators" in o.path}
    covered = {re.sub(r"\{(wd|draft|sealed|unsealed)\}|0$|not-a-uuid", "{}", t) for t, _e in MATRIX}
    assert {re.sub(r"\{[^}]+\}", "{}", p).removeprefix("") for p in paths} <= covered


def get(client: Client, url: str, status: int = 200, language: str = "en") -> Any:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# Activities -----------------------------------------------------------------------------------------------


def test_the_public_reads_public_activities_and_shown_files_only(world: World) -> None:
    body = get(world.client("anonymous"), f"/api/v1/partnerships/{world.wd.uid}/activities")
    assert [a["title"] for a in body["results"]] == ["Delegation in Dongguan"]
    assert [f["name"] for f in body["results"][0]["files"]] == ["visit.png", "minutes.pdf"]
    assert all(f["public"] for f in body["results"][0]["files"])


def test_a_member_reads_every_activity_and_file_by_token_and_session(world: World) -> None:
    for via in ("token", "session"):
        body = get(world.client("partner", via), f"/api/v1/partnerships/{world.wd.uid}/activities")
        assert [a["title"] for a in body["results"]] == ["Delegation in Dongguan", "Interne Videokonferenz"]
        files = {f["name"]: f["public"] for f in body["results"][0]["files"]}
        assert files == {"visit.png": True, "secret.png": False, "minutes.pdf": True}
        assert body["results"][1]["visibility"] == "internal"


def test_an_activity_has_its_fields_with_codes_and_labels(world: World) -> None:
    item = get(world.client("own"), f"/api/v1/partnerships/{world.wd.uid}/activities", language="zh-hans")[
        "results"][0]
    assert (item["kind"], item["kind_label"]) == ("delegation-visit", "代表团访问")
    assert (item["date"], item["end_date"], item["youth"], item["young_people"]) == ("2025-05-01", None, True, 12)
    assert [lang["code"] for lang in item["languages"]] == ["de", "zh"]
    assert item["languages"][1]["label"] == "中文"
    assert item["side"] == {"id": world.wd.members.get(ref=WUPPERTAL).id, "name": "伍珀塔尔"}
    assert (item["visibility"], item["text_language"]) == ("public", "de")
    assert "contact_persons" not in item
    photo = item["files"][0]
    assert (photo["media"], photo["content_type"], photo["credit"], photo["licence"]) == (
        "image", "image/png", "Stadt Wuppertal", "CC BY 4.0")
    assert photo["url"].startswith("http://testserver/zh-hans/activities/files/")
    de = get(world.client("own"), f"/api/v1/partnerships/{world.wd.uid}/activities", language="de")["results"][0]
    assert de["kind_label"] == "Delegationsbesuch"


def test_activities_are_paged_with_links(world: World) -> None:
    body = get(world.client("own"), f"/api/v1/partnerships/{world.wd.uid}/activities?limit=1")
    assert (body["count"], len(body["results"]), body["previous"]) == (2, 1, None)
    assert body["next"] == f"http://testserver/api/v1/partnerships/{world.wd.uid}/activities?limit=1&offset=1"
    second = get(world.client("own"), body["next"].removeprefix("http://testserver"))
    assert [a["title"] for a in second["results"]] == ["Interne Videokonferenz"]
    assert second["next"] is None


def test_activity_queries_do_not_grow_with_the_list(world: World, django_assert_max_num_queries: Any) -> None:
    from partneratlas.activities.tests.factories import activity, photo

    client = world.client("own")
    url = f"/api/v1/partnerships/{world.wd.uid}/activities"
    client.get(url)  # the token's "last used" written once
    with django_assert_max_num_queries(9) as few:
        assert len(client.get(url).json()["results"]) == 2
    for n in range(3):
        activity(world.wd, title=f"Workshop {n}", kind="workshop", files=[photo()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()["results"]) == 5


# Check-up ---------------------------------------------------------------------------------------------------


def test_rounds_list_says_who_submitted_and_never_scores(world: World) -> None:
    body = get(world.client("own"), f"/api/v1/partnerships/{world.wd.uid}/checkup/rounds")
    assert [(r["id"], r["state"], r["sealed"]) for r in body["results"]] == [
        (world.sealed.pk, "open", True), (world.unsealed.pk, "unsealed", False)]
    sealed = body["results"][0]
    assert [(s["role"], s["submitted"]) for s in sealed["sides"]] == [("german", True), ("partner", False)]
    assert (sealed["questionnaire"], sealed["version"]) == ("checkup-test", 1)
    text = str(body)
    assert "results" not in sealed
    assert "score" not in text
    assert SECRET not in text


def test_a_sealed_round_has_no_results_for_anyone(world: World) -> None:
    for who in ("own", "partner", "staff"):
        body = get(world.client(who), f"/api/v1/checkup/rounds/{world.sealed.pk}")
        assert (body["sealed"], body["results"]) == (True, None)
        assert SECRET not in str(body)


def test_an_unsealed_round_has_the_numbers_of_its_page(world: World) -> None:
    body = get(world.client("partner"), f"/api/v1/checkup/rounds/{world.unsealed.pk}")
    with translation.override("en"):
        expected = results_of(Round.objects.get(pk=world.unsealed.pk), language="en")
    results = body["results"]
    assert [c["code"] for c in results["criteria"]] == ["c01", "c02", "c05"]
    c01 = results["criteria"][0]
    assert (c01["german"]["value"], c01["german"]["answers"], c01["partner"]["value"]) == (87.5, 2, 25.0)
    assert (c01["gap"], c01["gap_text"], c01["flagged"]) == (62.5, "+63", True)
    c05 = results["criteria"][2]
    assert (c05["german"], c05["partner"]["value"]) == (
        {"value": None, "rounded": None, "answers": 0, "not_applicable": 1}, 0.0)
    for line, mine in zip(expected.criteria, results["criteria"], strict=True):
        assert (mine["title"], mine["gap"], mine["both"]) == (line.title, line.gap, line.both)
    assert [p["code"] for p in results["parts"]] == [p.code for p in expected.parts]
    assert [(d["code"], d["title"]) for d in results["dimensions"]] == [
        ("R", "the relationship"), ("A", "the anchoring in each municipality")]
    assert results["flagged"] == [line.code for line in expected.flagged]


def test_published_results_are_read_by_everyone_who_sees_the_partnership(world: World) -> None:
    Round.objects.filter(pk=world.unsealed.pk).update(results_public=True)
    for who in ("anonymous", "other"):
        body = get(world.client(who), f"/api/v1/checkup/rounds/{world.unsealed.pk}")
        assert body["results"]["criteria"][0]["german"]["value"] == 87.5
    get(world.client("other"), f"/api/v1/checkup/rounds/{world.sealed.pk}", status=403)
    get(world.client("anonymous"), f"/api/v1/partnerships/{world.wd.uid}/checkup/rounds", status=401)


def test_reading_a_round_past_its_closing_day_unseals_it_as_its_page_does(world: World) -> None:
    Round.objects.filter(pk=world.sealed.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    body = get(world.client("own"), f"/api/v1/checkup/rounds/{world.sealed.pk}")
    assert (body["state"], body["results"]["criteria"][0]["german"]["value"]) == ("unsealed", 100.0)
    assert body["results"]["criteria"][0]["partner"] is None


def test_round_queries_do_not_grow_with_the_rounds(world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client("staff")
    url = f"/api/v1/partnerships/{world.wd.uid}/checkup/rounds"
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).json()["count"] == 2
    now = timezone.now()
    answer(world.sealed, Role.PARTNER, {"c01.1": 2}, now=now)
    for days in (300, 200):  # two more, earlier, each closed
        earlier = opened(world.wd, now=now - datetime.timedelta(days=days + 1))
        Round.objects.filter(pk=earlier.pk).update(opened_at=now - datetime.timedelta(days=days + 500),
                                                   closed_at=now - datetime.timedelta(days=days))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).json()["count"] == 4


def test_indicators_are_seven_with_no_data_as_null(world: World) -> None:
    body = get(world.client("own"), f"/api/v1/partnerships/{world.wd.uid}/indicators")
    codes = [i["code"] for i in body["results"]]
    assert codes == ["months-since-activity", "actor-breadth", "youth", "speakers", "formalisation",
                     "documents-both-languages", "funding-diversity"]
    by_code = {i["code"]: i for i in body["results"]}
    assert (by_code["funding-diversity"]["value"], by_code["funding-diversity"]["state"]) == (None, "none")
    assert by_code["youth"]["value"] == 1
    assert by_code["formalisation"]["definition"].startswith("Of two:")
    zh = get(world.client("own"), f"/api/v1/partnerships/{world.wd.uid}/indicators", language="zh-hans")
    assert zh["results"][0]["name"] != body["results"][0]["name"]


def test_indicator_queries_are_fixed(world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client("own")
    client.get(f"/api/v1/partnerships/{world.wd.uid}/indicators")
    with django_assert_max_num_queries(14):
        client.get(f"/api/v1/partnerships/{world.wd.uid}/indicators")


# Sealing across every operation --------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["anonymous", "own", "own/session", "other", "partner", "staff"])
def test_no_operation_leaks_a_sealed_answer(world: World, reader: str) -> None:
    """Every operation of the API (from its schema, not hand-picked), every path filled with every record."""
    client = client_of(world, reader)
    values = {"uid": [str(world.wd.uid), str(world.draft.uid)], "round_id": [str(world.sealed.pk)],
              "ref": ["gn:2805753"], "edition_id": ["0"]}  # no event holds an answer of the check-up
    for operation in operations():
        names = re.findall(r"\{([^}]+)\}", operation.path)
        fills = [operation.path]
        for name in names:
            fills = [f.replace("{" + name + "}", v) for f in fills for v in values[name]]
        for url in fills:
            body = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
            assert SECRET not in body, url
            assert '"results":{' not in body or not url.endswith(f"/rounds/{world.sealed.pk}"), url


# Errors ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "message"), [
    ("en", "The token is not valid: it is wrong, expired or revoked. Please check it or make a new one in your "
           "account."),
    ("de", "Der Schlüssel ist nicht gültig"),
    ("zh-hans", "令牌无效"),
])
def test_a_wrong_token_is_refused_alike_in_json_and_the_readers_language(world: World, language: str,
                                                                         message: str) -> None:
    bodies = []
    for token in ("pa_nothing", "Bearer", "x" * 500, "ü"):
        response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(
            f"/api/v1/partnerships/{world.wd.uid}/activities", HTTP_ACCEPT_LANGUAGE=language)
        assert (response.status_code, response["WWW-Authenticate"]) == (401, 'Bearer realm="PartnerAtlas"')
        bodies.append(response.json())
    revoked = client_of(world, "revoked").get(f"/api/v1/partnerships/{world.wd.uid}/activities",
                                              HTTP_ACCEPT_LANGUAGE=language).json()
    assert all(b == revoked for b in bodies)  # no hint whether the token existed
    assert revoked["detail"].startswith(message)
    assert revoked["errors"] == []


def test_another_scheme_is_refused_and_never_falls_back_to_the_session(world: World) -> None:
    client = world.client("own", "session")
    response = client.get(f"/api/v1/partnerships/{world.wd.uid}/indicators", HTTP_AUTHORIZATION="Basic b3duOng=")
    assert response.status_code == 401


@pytest.mark.parametrize(("language", "start"), [("en", "This needs a member's rights"),
                                                 ("de", "Dafür braucht es die Rechte")])
def test_a_member_operation_asks_the_public_to_sign_in(world: World, language: str, start: str) -> None:
    body = get(Client(), f"/api/v1/partnerships/{world.wd.uid}/indicators", status=401, language=language)
    assert body["detail"].startswith(start)


def test_refusal_is_json_translated_and_audited(world: World) -> None:
    body = get(world.client("other"), f"/api/v1/partnerships/{world.wd.uid}/checkup/rounds", status=403,
               language="zh-hans")
    assert body == {"detail": "你无权查看：这仅供伙伴关系的成员和服务机构查看。", "errors": []}
    event = AuditEvent.objects.get(kind=AuditKind.PERMISSION_DENIED)
    assert event.user == world.users["other"]
    assert event.detail.endswith(f"check-up rounds of partnership {world.wd.uid}")


def test_not_found_is_json(world: World) -> None:
    body = get(world.client("own"), f"/api/v1/partnerships/{world.draft.uid}/indicators", status=404)
    assert body == {"detail": f"No partnership “{world.draft.uid}”.", "errors": []}
    body = get(world.client("own"), "/api/v1/checkup/rounds/١٢", status=404)
    assert body["detail"] == "No check-up round “١٢”."


def test_member_answers_are_never_kept_by_shared_caches(world: World) -> None:
    response = world.client("own").get(f"/api/v1/partnerships/{world.wd.uid}/activities")
    assert (response["Cache-Control"], response["Vary"]) == ("private, no-store", "Authorization, Cookie, "
                                                                                  "Accept-Language")


def test_public_operations_stay_public_whatever_the_header(world: World) -> None:
    client = Client(HTTP_AUTHORIZATION="Bearer pa_nothing")
    assert client.get("/api/v1/partnerships").status_code == 200
    assert client.get(f"/api/v1/partnerships/{world.draft.uid}").status_code == 404


def test_a_staff_token_stops_working_without_the_second_factor(world: World) -> None:
    url = f"/api/v1/partnerships/{world.draft.uid}/indicators"
    assert world.client("staff").get(url).status_code == 200
    Authenticator.objects.filter(user=world.users["staff"]).delete()
    assert world.client("staff").get(url).status_code == 401


@pytest.mark.parametrize("count", [1, 3])
def test_activity_queries_are_the_same_for_1_and_3(world: World, count: int,
                                                   django_assert_num_queries: Any) -> None:
    from partneratlas.activities.tests.factories import activity, photo

    fresh = partnership(ESSEN, CHANGZHOU)
    for n in range(count):
        activity(fresh, title=f"Workshop {n}", kind="workshop", files=[photo()])
    client = world.client("staff")
    url = f"/api/v1/partnerships/{fresh.uid}/activities"
    client.get(url)  # "last used" written
    # token, rights, partnership, members, activities, actors, files, places (+ the user's 2FA for staff)
    with django_assert_num_queries(9):
        assert len(client.get(url).json()["results"]) == count


def test_round_queries_are_fixed(world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client("own")
    url = f"/api/v1/checkup/rounds/{world.unsealed.pk}"
    client.get(url)
    with django_assert_max_num_queries(32):  # results_of's own reads (scores, trend, advice, peers), as the page
        assert client.get(url).json()["results"]["criteria"][0]["code"] == "c01"


def test_a_token_records_when_it_was_last_used(world: World) -> None:
    ApiToken.objects.update(last_used_at=None)
    world.client("own").get(f"/api/v1/partnerships/{world.wd.uid}/indicators")
    used = ApiToken.objects.get(user=world.users["own"])
    assert used.last_used_at is not None
    assert ApiToken.objects.filter(last_used_at__isnull=False).count() == 1


def test_the_schema_declares_the_security_schemes(world: World) -> None:
    schema = get(Client(), "/api/v1/openapi.json")
    schemes = schema["components"]["securitySchemes"]
    assert (schemes["PersonalToken"]["type"], schemes["PersonalToken"]["scheme"]) == ("http", "bearer")
    assert (schemes["Session"]["type"], schemes["Session"]["in"]) == ("apiKey", "cookie")
    paths = schema["paths"]
    assert paths["/api/v1/partnerships/{uid}/indicators"]["get"]["security"] == [{"PersonalToken": []},
                                                                                {"Session": []}]
    assert paths["/api/v1/partnerships/{uid}/activities"]["get"]["security"][-1] == {}
    assert "security" not in paths["/api/v1/partnerships"]["get"]

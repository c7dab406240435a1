"""Personal API tokens in the account pages: made (shown once, only the hash kept), listed, revoked, audited."""

import datetime
import hashlib
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partneratlas.people.models import ApiToken, AuditEvent, AuditKind
from partneratlas.people.tests.factories import person
from partneratlas.people.tokens import MAX_ACTIVE, TokenRefused, token_create, user_of_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(client: Client) -> Any:
    user = person("anna@wuppertal.de")
    client.force_login(user)
    return user


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client: Client, anna: Any) -> None:
    response = client.post("/en/people/tokens/", {"name": "Ratsbericht", "expires_on": "2099-12-31"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    stored = ApiToken.objects.get(user=anna)
    start = page.index('id="new-token" value="') + len('id="new-token" value="')
    token = page[start:page.index('"', start)]
    assert (token[:3], len(token)) == ("pa_", 46)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (stored.name, stored.prefix, stored.expires_on) == ("Ratsbericht", token[:7], datetime.date(2099, 12, 31))
    assert token not in str(ApiToken.objects.values_list().get())
    again = client.get("/en/people/tokens/").content.decode()
    assert token not in again
    assert f"<code>{token[:7]}…</code>" in again
    assert user_of_token(token) == anna
    event = AuditEvent.objects.get(kind=AuditKind.TOKEN_CREATED)
    assert (event.user, event.detail) == (anna, f"API token {stored.pk} {token[:7]}… “Ratsbericht”")


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "  ", "expires_on": ""}, "Please give the token a name."),
    ({"name": "x" * 101, "expires_on": ""}, "Ensure this value has at most 100 characters (it has 101)."),
    ({"name": "Bericht", "expires_on": "31.12."}, "Enter the day as a date, e.g. 2030-12-31."),
    ({"name": "Bericht", "expires_on": "2001-01-01"}, "The last valid day cannot be in the past."),
])
def test_bad_input_makes_no_token_and_says_why(client: Client, anna: Any, data: dict[str, str],
                                               message: str) -> None:
    response = client.post("/en/people/tokens/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "No token has been made. Please correct:" in page
    assert message.replace("'", "&#x27;") in page
    assert 'id="new-token"' not in page
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditKind.TOKEN_CREATED).exists()


def test_bad_input_is_refused_in_the_readers_language(client: Client, anna: Any) -> None:
    page = client.post("/zh-hans/people/tokens/", {"name": "", "expires_on": ""}).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "No token has been made" not in page


def test_a_person_has_at_most_so_many_tokens_in_use(anna: Any) -> None:
    for n in range(MAX_ACTIVE):
        token_create(user=anna, name=f"t{n}", expires_on=None)
    with pytest.raises(TokenRefused):
        token_create(user=anna, name="one more", expires_on=None)
    ApiToken.objects.filter(name="t0").update(revoked_at=timezone.now())
    token_create(user=anna, name="one more", expires_on=None)


def test_revoking_ends_the_token_and_is_audited(client: Client, anna: Any) -> None:
    made, token = token_create(user=anna, name="Export", expires_on=None)
    response = client.post(f"/en/people/tokens/{made.pk}/revoke/")
    assert (response.status_code, response["Location"]) == (302, "/en/people/tokens/")
    assert user_of_token(token) is None
    page = client.get("/en/people/tokens/").content.decode()
    assert "revoked on" in page
    assert f'/en/people/tokens/{made.pk}/revoke/' not in page
    client.post(f"/en/people/tokens/{made.pk}/revoke/")  # twice: nothing more happens
    assert AuditEvent.objects.filter(kind=AuditKind.TOKEN_REVOKED).count() == 1


def test_nobody_revokes_or_sees_another_persons_token(client: Client, anna: Any) -> None:
    ben = person("ben@hamburg.de")
    made, token = token_create(user=ben, name="Bens Export", expires_on=None)
    assert client.post(f"/en/people/tokens/{made.pk}/revoke/").status_code == 404
    assert user_of_token(token) == ben
    assert "Bens Export" not in client.get("/en/people/tokens/").content.decode()


def test_an_expired_token_or_one_of_a_deactivated_account_stops_working(anna: Any) -> None:
    today = timezone.localdate()
    _made, token = token_create(user=anna, name="Kurz", expires_on=today)
    assert user_of_token(token) == anna
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert user_of_token(token, now=tomorrow) is None
    _other, lasting = token_create(user=anna, name="Lang", expires_on=None)
    anna.is_active = False
    anna.save()
    assert user_of_token(lasting) is None


def test_last_used_is_written_at_most_once_a_minute(anna: Any, django_assert_num_queries: Any) -> None:
    made, token = token_create(user=anna, name="x", expires_on=None)
    now = timezone.now()
    with django_assert_num_queries(2):  # read and "last used"
        user_of_token(token, now=now)
    with django_assert_num_queries(1):
        user_of_token(token, now=now + datetime.timedelta(seconds=30))
    made.refresh_from_db()
    assert made.last_used_at == now


@pytest.mark.parametrize("count", [1, 3])
def test_the_tokens_page_reads_in_fixed_queries(client: Client, anna: Any, count: int,
                                                django_assert_max_num_queries: Any) -> None:
    for n in range(count):
        token_create(user=anna, name=f"t{n}", expires_on=None)
    with django_assert_max_num_queries(6):
        page = client.get("/en/people/tokens/").content.decode()
    assert page.count("<th scope=\"row\">") == count


def test_tokens_are_in_the_personal_data_download(client: Client, anna: Any) -> None:
    token_create(user=anna, name="Ratsbericht", expires_on=None)
    data = client.get("/en/people/my-data.json").json()
    assert [t["name"] for t in data["api_tokens"]] == ["Ratsbericht"]
    assert "key_hash" not in data["api_tokens"][0]


def test_the_account_page_leads_to_the_tokens(client: Client, anna: Any) -> None:
    assert '<a href="/en/people/tokens/">API tokens</a>' in client.get("/en/people/").content.decode()

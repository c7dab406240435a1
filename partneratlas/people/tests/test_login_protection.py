"""Sign-in protection behind a reverse proxy: one setting names the client for our lockout and allauth's limits,
and guessing one account's password from many addresses is slowed without locking its owner out."""

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.checks import Warning as CheckWarning
from django.core.checks import run_checks
from django.test import Client
from django.utils import timezone

from partneratlas.people.models import AuditEvent, AuditKind
from partneratlas.people.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the site from here


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """allauth counts requests in the cache, which outlives a test."""
    cache.clear()


def through_proxy(client: Client, email: str, client_address: str, *, password: str = PASSWORD,
                  forged: str = "") -> Any:
    """A sign-in as the proxy passes it on: whatever the client wrote, then the address the proxy saw."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return client.post("/en/accounts/login/", {"login": email, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_behind_a_proxy_a_forged_address_locks_out_only_the_attacker(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT = 3
    person("anna@wuppertal.de")
    attacker = Client()
    for _attempt in range(4):  # pretends to come from Anna's town hall
        through_proxy(attacker, "anna@wuppertal.de", "203.0.113.66", password="wrong", forged="198.51.100.7")
    assert set(AuditEvent.objects.values_list("ip", flat=True)) == {"203.0.113.66"}
    anna = Client()
    assert through_proxy(anna, "anna@wuppertal.de", "198.51.100.7").status_code == 302
    assert signed_in(anna)


def test_allauths_rate_limit_counts_each_client_behind_the_proxy_not_the_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": "2/m/ip"}
    for number in range(1, 4):  # three colleagues from three places sign in within a minute
        person(f"p{number}@wuppertal.de")
        client = Client()
        assert through_proxy(client, f"p{number}@wuppertal.de", f"198.51.100.{number}").status_code == 302
        assert signed_in(client)
    hasty = Client()  # one client is still limited, whatever it writes into the header
    for forged in ("192.0.2.1", "192.0.2.2"):
        through_proxy(hasty, "p1@wuppertal.de", "203.0.113.5", password="wrong", forged=forged)
    assert through_proxy(hasty, "p1@wuppertal.de", "203.0.113.5", forged="192.0.2.3").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored_by_both(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": "3/m/ip"}
    person("anna@wuppertal.de")
    client = Client()
    for forged in ("198.51.100.1", "198.51.100.2"):
        client.post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": "wrong"},
                    REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=forged)
    refused = client.post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": PASSWORD},
                          REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert "Too many failed attempts" in refused.content.decode()
    assert client.post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": PASSWORD},
                       REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 429


def test_the_deploy_check_warns_when_the_proxy_count_is_not_given_in_production(settings: Any) -> None:
    from partneratlas.people.checks import proxy_setting_check

    settings.DEBUG = False
    settings.TRUSTED_PROXY_COUNT_GIVEN = False
    warning = CheckWarning(
        "TRUSTED_PROXY_COUNT is not set: sign-in protection cannot tell clients apart behind a reverse proxy, "
        "or trusts a forged X-Forwarded-For without one.",
        hint="Set TRUSTED_PROXY_COUNT to the number of reverse proxies in front of the site that append to "
             "X-Forwarded-For (0 when clients connect directly); see docs/security.md.",
        id="partneratlas.people.W001")
    assert proxy_setting_check() == [warning]
    assert warning in run_checks(include_deployment_checks=True)
    settings.TRUSTED_PROXY_COUNT_GIVEN = True
    assert proxy_setting_check() == []
    settings.TRUSTED_PROXY_COUNT_GIVEN, settings.DEBUG = False, True
    assert proxy_setting_check() == []  # a developer's machine needs no proxy


def fail_from(address: str, email: str = "anna@wuppertal.de") -> Any:
    return Client().post("/en/accounts/login/", {"login": email, "password": "wrong"}, REMOTE_ADDR=address)


def test_guessing_from_many_addresses_is_slowed_per_account_but_not_from_a_known_address(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    person("anna@wuppertal.de")
    person("ben@wuppertal.de")
    assert Client().post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": PASSWORD},
                         REMOTE_ADDR="198.51.100.7").status_code == 302  # Anna's town hall, known from now on
    for number in range(3):  # a botnet: one guess from each address, under every per-address limit
        assert "not correct" in fail_from(f"203.0.113.{number}").content.decode()
    slowed = Client().post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.99")
    page = slowed.content.decode()
    assert "Too many failed sign-ins for this account from different networks" in page
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_LOCKED, ip="203.0.113.99").count() == 1
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).count() == 3  # a refusal is not a guess
    town_hall = Client()  # Anna at her usual address is not slowed
    assert town_hall.post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": PASSWORD},
                          REMOTE_ADDR="198.51.100.7").status_code == 302
    assert signed_in(town_hall)
    other = Client()  # nor is any other account
    assert other.post("/en/accounts/login/", {"login": "ben@wuppertal.de", "password": PASSWORD},
                      REMOTE_ADDR="203.0.113.99").status_code == 302
    # The wait doubles with each further failure, from a minute up to the cool-off; after it, a new address may try
    AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).update(at=timezone.now() - datetime.timedelta(seconds=61))
    travelling = Client()
    assert travelling.post("/en/accounts/login/", {"login": "anna@wuppertal.de", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.99").status_code == 302
    assert signed_in(travelling)


def test_the_account_wait_grows_with_the_failures_and_stops_at_the_cool_off(settings: Any) -> None:
    from partneratlas.people.audit import account_slowed_until

    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    settings.LOGIN_COOLOFF_SECONDS = 900
    last = timezone.now() - datetime.timedelta(seconds=10)
    for failures, wait in [(2, None), (3, 60), (4, 120), (5, 240), (7, 900), (30, 900)]:
        AuditEvent.objects.all().delete()
        for number in range(failures):
            AuditEvent.objects.create(kind=AuditKind.LOGIN_FAILED, login="anna@wuppertal.de", ip=f"203.0.113.{number}",
                                      at=last - datetime.timedelta(seconds=failures - 1 - number))
        expected = None if wait is None else last + datetime.timedelta(seconds=wait)
        assert account_slowed_until("anna@wuppertal.de", "192.0.2.1") == expected, failures
    AuditEvent.objects.filter(pk=AuditEvent.objects.latest("at").pk).update(
        at=timezone.now() - datetime.timedelta(hours=25))  # failures older than a day no longer count
    AuditEvent.objects.filter(at__gt=timezone.now() - datetime.timedelta(hours=1)).update(
        at=timezone.now() - datetime.timedelta(hours=25))
    assert account_slowed_until("anna@wuppertal.de", "192.0.2.1") is None


def test_a_locked_out_owner_gets_in_by_resetting_the_password(client: Client, settings: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    person("anna@wuppertal.de")
    for _attempt in range(2):
        fail_from("10.0.0.1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "anna@wuppertal.de"}, REMOTE_ADDR="10.0.0.1")
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body)
    assert link is not None
    form = client.get(urlsplit(link.group(0)).path, REMOTE_ADDR="10.0.0.1", follow=True)
    new = "a brand new passphrase 77"
    response = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert signed_in(client)

"""The API tokens page in a real browser with axe in three languages: a refused try, a token made and shown once,
one revoked; and the API reference with its members' operations."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.conftest import look, on_test_database, tab
from partneratlas.people.models import AuditEvent, Organisation
from partneratlas.people.tests.factories import persona

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(persona("tokens@example.org", None))
        yield {"session": client.cookies[settings.SESSION_COOKIE_NAME].value}
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


def reads(page: Any, server: LiveServer, token: str) -> int:
    """The status the API answers the token with, asked through the live server: checking it in the test's own
    connection would write its "last used" there and hold that row's lock, which the server's revocation then
    waits for (on PostgreSQL the click never came back)."""
    return int(page.request.get(f"{server.url}/api/v1/partnerships/{uuid.uuid4()}/indicators",
                                headers={"Authorization": f"Bearer {token}"}).status)


def test_a_token_is_made_shown_once_and_revoked_in_three_languages(browser: Browser, server: LiveServer,
                                                                   world: dict[str, Any]) -> None:
    page = tab(browser, server, world["session"])
    for prefix, title, name_label, make, revoke in (
            ("", "API-Schlüssel", "Name des Schlüssels", "Schlüssel erstellen", "Widerrufen"),
            ("/en", "API tokens", "Name of the token", "Make the token", "Revoke"),
            ("/zh-hans", "API 令牌", "令牌名称", "创建令牌", "撤销")):
        page.goto(f"{server.url}{prefix}/people/tokens/")
        expect(page.locator("h1")).to_have_text(title)
        look(page)
        page.get_by_role("button", name=make).click()  # no name: refused
        expect(page.locator(".error-summary")).to_be_visible()
        look(page)
        page.get_by_label(name_label).fill(f"Bericht {prefix or 'de'}")
        page.get_by_role("button", name=make).click()
        token = page.locator("#new-token").input_value()
        assert reads(page, server, token) == 404  # signed in by the token: an unknown partnership, not 401
        look(page)
        page.goto(f"{server.url}{prefix}/people/tokens/")
        assert token not in page.content()
        page.get_by_role("button", name=revoke).first.click()
        expect(page.locator(".message-success")).to_be_visible()
        assert reads(page, server, token) == 401
        look(page)
    page.context.close()


def test_the_reference_describes_the_members_operations(browser: Browser, server: LiveServer,
                                                         world: dict[str, Any]) -> None:
    page = tab(browser, server, world["session"])
    for prefix, heading in (("", "Indikatoren einer Partnerschaft"), ("/en", "Indicators of a partnership"),
                            ("/zh-hans", "伙伴关系的指标")):
        page.goto(f"{server.url}{prefix}/data/api/")
        expect(page.locator("#partnerships-uid-indicators")).to_have_text(heading)
        look(page)
    page.context.close()

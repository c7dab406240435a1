"""The 400, 404 and 500 pages: in the site's design and the reader's language (issue 10)."""

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

CRASHING = "partneratlas.atlas.tests.crashing_urls"


def translated(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "language", "title", "start", "home"), [
    ("/gibt-es-nicht/", "de", "Seite nicht gefunden", "Zur Startseite", "/"),
    ("/zh-hans/no-such-page/", "zh-hans", "页面未找到", "返回首页", "/zh-hans/"),
])
def test_unknown_address_shows_the_sites_404_page_in_its_language(client: Client, url: str, language: str,
                                                                  title: str, start: str, home: str) -> None:
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in page
    assert f"<h1>{title}</h1>" in page
    assert f'<a href="{home}">{start}</a>' in page
    assert 'class="site-header"' in page
    assert 'href="/static/atlas/atlas.css"' in page


@pytest.mark.parametrize(("url", "language", "start", "home"), [
    ("/crash/", "de", "Zur Startseite", "/"),
    ("/zh-hans/crash/", "zh-hans", "返回首页", "/zh-hans/"),
])
def test_a_fault_shows_the_sites_500_page_without_the_database(settings: Any, url: str, language: str, start: str,
                                                               home: str) -> None:
    """No database in this test: the page must not need one (it may be what failed)."""
    settings.ROOT_URLCONF = CRASHING
    response = Client(raise_request_exception=False).get(url)
    page = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in page
    assert f"<h1>{translated('Something went wrong', language)}</h1>" in page
    assert f'<a href="{home}">{start}</a>' in page
    assert 'href="/static/atlas/atlas.css"' in page


def test_a_fault_in_the_api_answers_json(settings: Any) -> None:
    settings.ROOT_URLCONF = CRASHING
    response = Client(raise_request_exception=False).get("/api/v1/crash", HTTP_ACCEPT_LANGUAGE="de")
    assert (response.status_code, response.json()) == (
        500, {"detail": "Interner Fehler; er wurde protokolliert.", "errors": []})


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "language"), [("/municipalities/%00/", "de"), ("/zh-hans/search/?q=%00", "zh-hans")])
def test_a_null_character_in_an_address_shows_the_400_page_in_its_language(client: Client, url: str,
                                                                           language: str) -> None:
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'<html lang="{language}">' in page
    assert translated("The address contains a null character, which is not allowed.", language) in page
    assert 'class="site-header"' in page

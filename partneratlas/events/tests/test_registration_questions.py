"""Questions per edition (dietary needs, workshop choice) through the questionnaire engine, by the personal link."""

import pytest
from django.test import Client

from partneratlas.events.registering import Refused, answers_start, link_token
from partneratlas.events.tests.test_registration_world import NOW, edition, register
from partneratlas.questionnaires.models import Response, Version
from partneratlas.questionnaires.selectors import answers_of
from partneratlas.questionnaires.services import definition_import, version_publish

pytestmark = pytest.mark.django_db
T = {"de": "Essen", "en": "Meals", "zh-hans": "餐饮"}


def questions() -> Version:
    return version_publish(version=definition_import(raw={
        "code": "registration-questions-test", "purpose": "event-registration", "title": T, "intro": T,
        "languages": ["de", "en", "zh-hans"],
        "sections": [{"code": "s", "title": T, "items": [
            {"code": "meal", "kind": "choice", "multiple": False, "required": True,
             "text": {"de": "Ihr Essen", "en": "Your meal", "zh-hans": "您的餐食"},
             "options": [{"code": "veg", "label": {"de": "vegetarisch", "en": "vegetarian", "zh-hans": "素食"}},
                         {"code": "any", "label": {"de": "alles", "en": "anything", "zh-hans": "都可以"}}]}]}]}))


def test_a_participant_answers_the_editions_questions_in_their_language() -> None:
    ed = edition(questions=questions())
    r = register(ed, language="zh-hans")
    url = f"/en/events/r/{link_token(r)}/questions/"
    page = Client().get(url)
    assert page.status_code == 200
    assert "您的餐食" in page.content.decode()
    response = Client().post(url, {"q": "meal", "q-meal": "veg", "action": "submit"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.answers is not None
    assert r.answers.state == Response.State.SUBMITTED
    assert {code: a.value for code, a in answers_of(r.answers).items()} == {"meal": "veg"}


def test_answers_start_once_and_an_edition_without_questions_asks_nothing() -> None:
    ed = edition(questions=questions())
    r = register(ed)
    assert answers_start(registration=r, now=NOW).pk == answers_start(registration=r, now=NOW).pk
    with pytest.raises(Refused):
        answers_start(registration=register(edition()), now=NOW)

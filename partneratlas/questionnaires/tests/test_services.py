"""Versions and responses: publishing, languages, freezing, answers checked, save and resume, submit, lock."""

import datetime

import pytest
from django.utils import translation

from partneratlas.questionnaires.answers import AnswerInput, AnswersInvalid
from partneratlas.questionnaires.models import Answer, Item, Response, Version
from partneratlas.questionnaires.selectors import answers_of, current_version
from partneratlas.questionnaires.services import (
    Refused,
    definition_import,
    open_languages,
    response_lock,
    response_save,
    response_start,
    response_submit,
    version_clone,
    version_publish,
    version_texts_set,
)
from partneratlas.questionnaires.tests.factories import definition, published
from partneratlas.questionnaires.texts import missing_texts, shown

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)


def without(language: str, *codes: str) -> dict:
    """The definition with the texts of these items removed in one language."""
    data = definition()
    for part in data["sections"]:
        for section in [part, *part.get("sections", [])]:
            for item in section.get("items", []):
                if item["code"] in codes:
                    item["text"].pop(language)
    return data


def test_a_version_is_not_published_while_its_first_language_lacks_texts() -> None:
    version = definition_import(raw=without("de", "c02.1"))
    assert [s.key for s in missing_texts(version, "de")] == ["item:c02.1:text"]
    with translation.override("de"), pytest.raises(Refused) as caught:
        version_publish(version=version)
    assert caught.value.message == ("Diese Version kann nicht veröffentlicht werden: 1 Text in Deutsch, ihrer "
                                    "ersten Sprache, fehlt.")
    assert Version.objects.get().state == "draft"


def test_a_response_cannot_be_opened_in_a_language_with_missing_texts() -> None:
    version = published(data=without("zh-hans", "note"))
    assert open_languages(version) == ["de", "en"]
    with pytest.raises(Refused) as caught:
        response_start(version=version, subject="checkup-round:1/side:cn", language="zh-hans")
    assert caught.value.message == ("This questionnaire cannot be answered in Chinese (Simplified): its texts in "
                                    "that language are incomplete.")
    with pytest.raises(Refused):
        response_start(version=version, subject="checkup-round:1/side:fr", language="fr")
    assert Response.objects.count() == 0


def test_a_draft_cannot_be_answered() -> None:
    with pytest.raises(Refused):
        response_start(version=definition_import(raw=definition()), subject="x", language="de")


def test_answers_are_saved_partially_and_resumed() -> None:
    version = published()
    response = response_start(version=version, subject="checkup-round:1/side:de", language="de", now=NOW)
    response_save(response=response, answers={"c01.1": AnswerInput(3, evidence="Schüleraustausch 2024"),
                                              "languages": AnswerInput(["zh", "de"])}, now=NOW)
    response_save(response=response, answers={"c02.1": AnswerInput(None, True), "people": AnswerInput(12.0),
                                              "last-visit": AnswerInput(datetime.date(2024, 10, 3))})
    assert answers_of(response) == {
        "c01.1": AnswerInput(3, False, "Schüleraustausch 2024"), "languages": AnswerInput(["de", "zh"]),
        "c02.1": AnswerInput(None, True), "people": AnswerInput(12), "last-visit": AnswerInput("2024-10-03")}
    response_save(response=response, answers={"c01.1": AnswerInput()})  # emptied: removed
    assert "c01.1" not in answers_of(response)
    response.refresh_from_db()
    assert (response.state, response.started_at) == ("draft", NOW)


@pytest.mark.parametrize(("code", "given", "message"), [
    ("c01.1", AnswerInput(5), "Choose a level from 0 to 4."),
    ("c01.1", AnswerInput(True), "Choose a level from 0 to 4."),
    ("c01.1", AnswerInput(2, True), "Give either an answer or “don't know / not applicable”, not both."),
    ("agreement", AnswerInput("maybe"), "Unknown option: maybe."),
    ("agreement", AnswerInput(["yes"]), "Choose one option only."),
    ("languages", AnswerInput(["de", "de"]), "An option is chosen twice."),
    ("languages", AnswerInput(None, True), "“Don't know / not applicable” is not an answer to this question."),
    ("people", AnswerInput(1001), "Enter a number from 0 to 1000."),
    ("people", AnswerInput("12"), "Enter a number."),
    ("last-visit", AnswerInput("3.10.2024"), "Enter a date as YYYY-MM-DD, e.g. 2024-05-31."),
    ("last-visit", AnswerInput("2024-02-30"), "Enter a date as YYYY-MM-DD, e.g. 2024-05-31."),
    ("note", AnswerInput("x", evidence="y"), "This question takes no evidence text."),
    ("nonsense", AnswerInput(1), "There is no question nonsense in this questionnaire."),
])
def test_a_wrong_answer_gets_a_clear_message_and_nothing_is_saved(code: str, given: AnswerInput, message: str) -> None:
    response = response_start(version=published(), subject="x", language="en")
    with pytest.raises(AnswersInvalid) as caught:
        response_save(response=response, answers={"c02.1": AnswerInput(4), code: given})
    assert caught.value.errors == {code: message}
    assert Answer.objects.count() == 0


def test_required_items_are_only_checked_on_submit() -> None:
    response = response_start(version=published(), subject="x", language="en")
    response_save(response=response, answers={"c01.1": AnswerInput(2)})
    with pytest.raises(AnswersInvalid) as caught:
        response_submit(response=response, answers={"people": AnswerInput(3)})
    assert caught.value.errors == {"c01.2": "This question needs an answer (or “don't know / not applicable”)."}
    assert answers_of(response).keys() == {"c01.1"}  # nothing of the refused submission was kept
    response_submit(response=response, answers={"people": AnswerInput(3), "c01.2": AnswerInput(None, True)}, now=NOW)
    response.refresh_from_db()
    assert (response.state, response.submitted_at) == ("submitted", NOW)
    with pytest.raises(Refused):
        response_save(response=response, answers={"c01.1": AnswerInput(4)})
    response_lock(response=response, now=NOW)
    response_lock(response=response)
    response.refresh_from_db()
    assert (response.state, response.locked_at) == ("locked", NOW)


def test_the_first_answer_freezes_the_version_but_a_new_language_can_still_be_added() -> None:
    version = published()
    version_texts_set(version=version, language="en", texts={"title": "Resilience self-check"})  # not answered yet
    response = response_start(version=version, subject="x", language="de")
    version.refresh_from_db()
    assert version.frozen_at is None
    response_save(response=response, answers={"c01.1": AnswerInput(1)}, now=NOW)
    version.refresh_from_db()
    assert (version.frozen_at, version.frozen_languages) == (NOW, ["de", "en", "zh-hans"])
    with pytest.raises(Refused) as caught:
        version_texts_set(version=version, language="en", texts={"title": "Another title"})
    assert "can no longer change" in caught.value.message
    french = {"title": "Check-up de résilience", "item:c01.1:text": "Question c01.1 en français"}
    assert version_texts_set(version=version, language="fr", texts=french) == 2
    version.refresh_from_db()
    assert version.languages == ["de", "en", "zh-hans", "fr"]
    assert "fr" not in open_languages(version)
    assert shown(Item.objects.get(version=version, code="c01.2").text, "fr", version.languages).language == "de"


def test_a_response_in_a_new_language_freezes_that_language_too() -> None:
    version = published()
    response_save(response=response_start(version=version, subject="a", language="de"),
                  answers={"c01.1": AnswerInput(1)})
    version.refresh_from_db()
    texts = {slot_key: "fr: " + slot_key for slot_key in [s.key for s in missing_texts(version, "fr")]}
    version_texts_set(version=version, language="fr", texts=texts)
    version.refresh_from_db()
    assert open_languages(version) == ["de", "en", "zh-hans", "fr"]
    response_start(version=version, subject="b", language="fr")
    version.refresh_from_db()
    assert "fr" in version.frozen_languages
    with pytest.raises(Refused):
        version_texts_set(version=version, language="fr", texts={"title": "Autre"})


def test_a_published_version_keeps_its_first_language_complete() -> None:
    version = published()
    with pytest.raises(Refused):
        version_texts_set(version=version, language="de", texts={"item:c01.1:text": ""})
    assert Item.objects.get(code="c01.1").text["de"] == "Frage c01.1"


def test_a_frozen_version_is_changed_by_cloning_it_into_a_new_draft() -> None:
    version = published()
    response_save(response=response_start(version=version, subject="a", language="de"),
                  answers={"c01.1": AnswerInput(1)})
    clone = version_clone(version=version)
    assert (clone.number, clone.state, clone.cloned_from, clone.frozen_at) == (2, "draft", version, None)
    assert list(clone.items.values_list("code", flat=True)) == list(version.items.values_list("code", flat=True))
    version_texts_set(version=clone, language="de", texts={"item:c01.1:text": "Neue Frage"})
    assert Item.objects.get(version=version, code="c01.1").text["de"] == "Frage c01.1"
    assert current_version("resilience-checkup") == version
    version_publish(version=clone)
    assert current_version("resilience-checkup") == clone


def test_an_unknown_text_or_language_code_is_refused() -> None:
    version = definition_import(raw=definition())
    with pytest.raises(Refused):
        version_texts_set(version=version, language="fr", texts={"item:zz:text": "?"})
    with pytest.raises(Refused):
        version_texts_set(version=version, language="French", texts={"title": "?"})

"""The agency's pages and the answer form, as staff, as a municipality's editor and as nobody."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from partneratlas.people.models import OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.answering import answer_handle
from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.models import Item, Response, Version
from partneratlas.questionnaires.selectors import answers_of
from partneratlas.questionnaires.services import definition_import, response_start
from partneratlas.questionnaires.tests.factories import definition, published
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db
BASE = "/en/questionnaires/resilience-checkup/1"


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    return client


def upload(data: object, name: str = "checkup.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


@pytest.mark.parametrize("path", ["/", "/resilience-checkup/1/", "/resilience-checkup/1/texts/?language=fr",
                                  "/resilience-checkup/1/preview/", "/resilience-checkup/1/export.json"])
def test_only_agency_staff_open_the_questionnaire_pages(client: Client, path: str) -> None:
    published()
    assert client.get(f"/en/questionnaires{path}").status_code == 302  # to sign in
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    assert client.get(f"/en/questionnaires{path}").status_code == 403
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    assert client.get(f"/en/questionnaires{path}").status_code == 200


def test_staff_import_a_definition_and_see_its_completeness(staff: Client) -> None:
    response = staff.post("/en/questionnaires/", {"file": upload(definition())})
    assert response["Location"] == "/en/questionnaires/resilience-checkup/1/"
    page = staff.get(response["Location"]).content.decode()
    assert "Resilience check-up" in page
    assert page.count("complete (") == 3
    assert "once published" in page


def test_a_faulty_file_is_refused_with_every_reason(staff: Client) -> None:
    data = definition()
    data["languages"] = ["de", "en"]
    page = staff.post("/en/questionnaires/", {"file": upload(data)}).content.decode()
    assert "texts in zh-hans, which the definition&#x27;s languages do not list" in page
    assert 'role="alert"' in page
    assert Version.objects.count() == 0
    page = staff.post("/en/questionnaires/", {"file": upload(data, "checkup.xlsx")}).content.decode()
    assert "Files of this type cannot be uploaded here. Allowed: .json." in page


def test_staff_add_french_texts_and_see_what_is_missing(staff: Client) -> None:
    definition_import(raw=definition())
    page = staff.get(f"{BASE}/texts/?language=fr").content.decode()
    assert "This language is new to this version" in page
    assert 'lang="de">Frage c01.1</span>' in page
    response = staff.post(f"{BASE}/texts/", {"language": "fr", "t-title": "Check-up de résilience",
                                             "t-item:c01.1:text": "La question"})
    assert response["Location"] == f"{BASE}/texts/?language=fr"
    version = Version.objects.get()
    assert (version.languages, version.title["fr"]) == (["de", "en", "zh-hans", "fr"], "Check-up de résilience")
    page = staff.get(f"{BASE}/").content.decode()
    assert "French" in page
    assert "no: texts are missing" in page


def test_staff_publish_then_clone(staff: Client) -> None:
    definition_import(raw=definition())
    staff.post(f"{BASE}/publish/")
    assert Version.objects.get().state == "published"
    response = staff.post(f"{BASE}/clone/")
    assert response["Location"] == "/en/questionnaires/resilience-checkup/2/"
    assert list(Version.objects.values_list("number", "state")) == [(1, "published"), (2, "draft")]


def test_publishing_an_incomplete_version_says_why(staff: Client) -> None:
    data = definition()
    data["title"].pop("de")
    definition_import(raw=data)
    page = staff.post(f"{BASE}/publish/", follow=True).content.decode()
    assert "This version cannot be published: 1 text in German, its first language, is missing." in page


def test_the_export_is_the_definition(staff: Client) -> None:
    definition_import(raw=definition())
    response = staff.get(f"{BASE}/export.json")
    assert response["Content-Disposition"] == 'attachment; filename="resilience-checkup-v1.json"'
    assert json.loads(response.content)["sections"][0]["sections"][0]["items"][0]["levels"]["2"]["zh-hans"] == "第2级"


def test_the_preview_checks_and_scores_without_storing(staff: Client) -> None:
    definition_import(raw=definition())
    shown = ["c01.1", "c01.2", "c02.1", "people", "last-visit"]
    page = staff.post(f"{BASE}/preview/?language=zh-hans", {
        "q": shown, "q-c01.1": "3", "q-c01.2": "na", "q-c02.1": "1", "q-people": "12,5", "q-last-visit": "2024-13-01",
        "action": "save"}).content.decode()
    assert '<a href="#q-last-visit">最近一次访问</a>: Enter a date as YYYY-MM-DD' in page
    assert "Enter a number from 0 to 1000" not in page
    page = staff.post(f"{BASE}/preview/?language=en", {
        "q": shown, "q-c01.1": "3", "q-c01.2": "na", "q-c02.1": "1", "q-people": "12", "action": "submit"}
    ).content.decode()
    assert "The answers are valid" in page
    assert '<th scope="row">c01</th><td>75</td><td>1</td><td>1</td>' in page
    assert '<th scope="row">c02</th><td>25</td><td>1</td><td>0</td>' in page
    assert Response.objects.count() == 0
    assert Version.objects.get().frozen_at is None


def test_the_preview_shows_a_missing_text_in_the_next_language_and_says_so(staff: Client) -> None:
    data = definition()
    data["sections"][1]["items"][4]["text"].pop("zh-hans")
    definition_import(raw=data)
    page = staff.get(f"{BASE}/preview/?language=zh-hans").content.decode()
    assert '<span lang="de">Anmerkungen</span> <span class="fallback">(in German: not yet translated)</span>' in page


def _request(post: dict | None = None) -> object:
    factory = RequestFactory()
    request = factory.post("/", post) if post is not None else factory.get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_the_answer_form_saves_partial_input_and_submits() -> None:
    response = response_start(version=published(), subject="checkup-round:1/side:cn", language="zh-hans")
    form, outcome = answer_handle(_request(), response=response)
    assert (outcome, form.language, form.blocks[1].rows[0].text.text) == (None, "zh-hans", "问题 c01.1")
    form, outcome = answer_handle(_request({"q": ["c01.1", "languages", "note"], "q-c01.1": "2",
                                            "q-c01.1-evidence": "2024年互访", "q-languages": ["zh", "de"],
                                            "q-note": "好", "action": "save"}), response=response)
    assert outcome == "saved"
    assert answers_of(response) == {"c01.1": AnswerInput(2, False, "2024年互访"), "languages": AnswerInput(["de", "zh"]),
                                    "note": AnswerInput("好")}
    form, outcome = answer_handle(_request({"q": ["c01.2"], "action": "submit"}), response=response)
    assert outcome is None
    assert [(e[0], e[2]) for e in form.errors] == [
        ("q-c01.2", "This question needs an answer (or “don't know / not applicable”)."),
        ("q-people", "This question needs an answer.")]
    form, outcome = answer_handle(_request({"q": ["c01.2", "people"], "q-c01.2": "na", "q-people": "3",
                                            "action": "submit"}), response=response)
    assert outcome == "submitted"
    assert Response.objects.get().state == "submitted"
    stale = Response.objects.get()
    stale.state = "draft"  # opened in another tab before the submission
    form, outcome = answer_handle(_request({"q": ["c01.1"], "q-c01.1": "4", "action": "save"}), response=stale)
    assert (outcome, form.editable, answers_of(response)["c01.1"].value) == (None, False, 2)
    assert form.message == "These answers have been submitted and can no longer change."
    form, outcome = answer_handle(_request(), response=Response.objects.get())
    assert (outcome, form.editable) == (None, False)


def test_the_answer_form_keeps_what_was_typed_when_something_is_wrong() -> None:
    response = response_start(version=published(), subject="s", language="en")
    form, _outcome = answer_handle(_request({"q": ["people", "note"], "q-people": "viele", "q-note": "kept",
                                             "action": "save"}), response=response)
    rows = {r.item.code: r for b in form.blocks for r in b.rows}
    assert (rows["people"].value, rows["people"].error, rows["note"].value) == ("viele", "Enter a number.", "kept")
    assert answers_of(response) == {}
    assert Item.objects.filter(answers__isnull=False).count() == 0

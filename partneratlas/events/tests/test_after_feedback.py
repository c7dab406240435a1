"""The feedback survey after an edition: only attendees answer, invitations once in each language, the results."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.events import feedback
from partneratlas.events.hosting import HostingRefused
from partneratlas.events.models import Edition
from partneratlas.events.tests.test_hosting_world import ENDS, STARTS, edition, people, registration
from partneratlas.notifications.models import Message
from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.models import Response
from partneratlas.questionnaires.services import response_save, response_submit

pytestmark = pytest.mark.django_db
LATER = ENDS + datetime.timedelta(days=3)


def _with_survey(**extra: Any) -> Edition:
    ed = edition(**extra)
    feedback.survey_open(edition=ed)
    ed.refresh_from_db()
    return ed


def _recent(**extra: Any) -> Edition:
    """An edition that ended yesterday by the real clock (the pages read it)."""
    now = timezone.now()
    return _with_survey(starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1), **extra)


def test_the_survey_is_the_shipped_questionnaire_given_once() -> None:
    ed = _with_survey()
    version = ed.feedback
    assert version is not None
    assert (version.questionnaire.code, version.state) == ("events-feedback", "published")
    assert feedback.survey_open(edition=ed).pk == version.pk
    assert _with_survey().feedback_id == version.pk


def test_only_attendees_answer() -> None:
    ed = _with_survey()
    came, stayed_away = registration(ed), registration(ed, attended=False)
    response = feedback.response_for(registration=came, language="de", now=LATER)
    assert response.subject == f"events.feedback:{ed.pk}:{came.pk}"
    with pytest.raises(HostingRefused, match="Only people who attended"):
        feedback.response_for(registration=stayed_away, language="de", now=LATER)
    assert Response.objects.count() == 1


def test_the_survey_opens_with_the_edition_and_closes_weeks_after_it() -> None:
    ed = _with_survey()
    came = registration(ed)
    for moment in (STARTS - datetime.timedelta(minutes=1), ENDS + datetime.timedelta(days=43)):
        with pytest.raises(HostingRefused, match="not open"):
            feedback.response_for(registration=came, language="de", now=moment)
    assert feedback.is_open(ed, ENDS + datetime.timedelta(days=42))
    assert not feedback.is_open(edition(), LATER)  # no survey given


def test_the_response_is_in_the_attendees_language() -> None:
    ed = _with_survey()
    assert feedback.response_for(registration=registration(ed, language="zh-hans"), language="fr",
                                 now=LATER).language == "zh-hans"
    assert feedback.response_for(registration=registration(ed, language="de"), language="en",
                                 now=LATER).language == "en"


def test_each_attendee_is_invited_once_in_their_language() -> None:
    ed = _with_survey()
    registration(ed, email="wang@dongguan.cn", language="zh-hans", name="王小明")
    registration(ed, email="anna@wuppertal.de", language="de")
    registration(ed, email="absent@example.org", attended=False)
    assert feedback.survey_invite(edition=ed, now=LATER) == 2
    assert feedback.survey_invite(edition=ed, now=LATER) == 0
    assert sorted(Message.objects.values_list("to", "language")) == [("anna@wuppertal.de", "de"),
                                                                      ("wang@dongguan.cn", "zh-hans")]
    chinese = Message.objects.get(to="wang@dongguan.cn")
    assert "王小明" in chinese.text
    assert "/zh-hans/events/feedback/" in chinese.text
    assert chinese.secret


def test_the_daily_run_invites_the_attendees_of_ended_editions_once() -> None:
    ended, running, old = _with_survey(), _with_survey(ends_at=LATER + datetime.timedelta(days=1)), _with_survey()
    without_survey = edition()
    for ed in (ended, running, old, without_survey):
        registration(ed, email=f"e{ed.pk}@example.org")
    Edition.objects.filter(pk=old.pk).update(starts_at=STARTS.replace(year=2025), ends_at=ENDS.replace(year=2025))
    assert feedback.invitations_due(now=LATER) == 1
    assert feedback.invitations_due(now=LATER) == 0
    assert list(Message.objects.values_list("to", flat=True)) == [f"e{ended.pk}@example.org"]


def test_no_invitation_before_the_edition() -> None:
    ed = _with_survey()
    registration(ed)
    with pytest.raises(HostingRefused, match="not open"):
        feedback.survey_invite(edition=ed, now=STARTS - datetime.timedelta(days=1))
    assert not Message.objects.exists()


def _answer(ed: Edition, answers: dict[str, Any], *, submit: bool = True, now: datetime.datetime = LATER) -> None:
    response = feedback.response_for(registration=registration(ed), language="de", now=now)
    given = {k: AnswerInput(None, True) if v == "na" else AnswerInput(v) for k, v in answers.items()}
    if submit:
        response_submit(response=response, answers=given, now=now)
    else:
        response_save(response=response, answers=given, now=now)


def test_the_results_count_options_average_levels_and_list_texts() -> None:
    ed = _with_survey()
    _answer(ed, {"overall": 5, "programme": 4, "again": "yes", "formats": ["talks", "partners"], "best": "Gespräche"})
    _answer(ed, {"overall": 2, "programme": "na", "again": "maybe", "formats": ["partners"], "improve": "Pausen"})
    _answer(ed, {"overall": 1, "again": "no"}, submit=False)  # not submitted: not counted
    registration(ed, attended=False)
    found = feedback.results(ed, language="en")
    assert (found.attendees, found.responses) == (3, 2)
    by = {r.item.code: r for r in found.items}
    assert by["overall"].mean == 3.5
    assert [(row.label, row.count, row.share) for row in by["overall"].rows] == [
        ("very dissatisfied", 0, 0), ("dissatisfied", 1, 50), ("neither", 0, 0), ("satisfied", 0, 0),
        ("very satisfied", 1, 50)]
    assert (by["programme"].mean, by["programme"].answered, by["programme"].not_applicable) == (4, 1, 1)
    assert [(row.label, row.count) for row in by["formats"].rows] == [
        ("talks", 1), ("workshops", 0), ("exchange with other municipalities", 0), ("talks with partners", 2),
        ("visits", 0)]
    assert [(row.label, row.count) for row in by["again"].rows] == [("yes", 1), ("maybe", 1), ("no", 0)]
    assert (by["best"].texts, by["improve"].texts, by["topics"].texts) == (["Gespräche"], ["Pausen"], [])
    assert feedback.results(ed, language="zh-hans").items[0].question == "您对本次活动的总体满意度如何？"


# --- the pages ---


def test_an_attendee_answers_with_their_account_and_others_find_nothing() -> None:
    users = people()
    ed = _recent()
    registration(ed, user=users["own"], email="own@wuppertal.de")
    registration(ed, user=users["other"], email="other@hamburg.de", attended=False)
    url = f"/en/events/editions/{ed.pk}/feedback/"
    client = Client()
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(users["other"])
    assert client.get(url).status_code == 404
    client.force_login(users["staff"])
    assert client.get(url).status_code == 404  # organisers read results, they do not answer
    client.force_login(users["own"])
    assert client.get(url).status_code == 200
    saved = client.post(url, {"q": ["best"], "q-best": "Die Gespräche", "action": "save"})
    assert saved.status_code == 302
    missing = client.post(url, {"q": ["best"], "q-best": "Die Gespräche", "action": "submit"})
    assert missing.status_code == 400
    assert "This question needs an answer." in missing.content.decode()
    done = client.post(url, {"q": ["overall", "best"], "q-overall": "5", "q-best": "Alles", "action": "submit"})
    assert done.status_code == 302
    response = Response.objects.get()
    assert response.state == "submitted"
    assert dict(response.answers.values_list("item__code", "value")) == {"overall": 5, "best": "Alles"}


def test_an_attendee_without_an_account_answers_by_their_link() -> None:
    ed = _recent()
    came = registration(ed, language="zh-hans")
    client = Client()
    page = client.get(f"/zh-hans/events/feedback/{feedback.link_token(came)}/")  # the invitation's link
    assert page.status_code == 200
    assert "您对本次活动的总体满意度如何？" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert client.get("/en/events/feedback/not-a-token/").status_code == 404


def test_after_the_window_the_page_says_the_survey_is_closed() -> None:
    now = timezone.now()
    ed = _with_survey(starts_at=now - datetime.timedelta(days=60), ends_at=now - datetime.timedelta(days=50))
    came = registration(ed)
    page = Client().get(f"/en/events/feedback/{feedback.link_token(came)}/")
    assert page.status_code == 200
    assert "The feedback survey is not open." in page.content.decode()
    assert not Response.objects.exists()


def test_the_organiser_starts_the_survey_and_reads_the_results() -> None:
    users = people()
    now = timezone.now()
    ed = edition(starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1))
    registration(ed, email="anna@wuppertal.de")
    client = Client()
    client.force_login(users["staff"])
    url = f"/en/events/manage/editions/{ed.pk}/feedback/"
    assert "Start the feedback survey" in client.get(url).content.decode()
    assert client.post(f"{url}start/").status_code == 302
    ed.refresh_from_db()
    assert ed.feedback is not None
    assert list(Message.objects.values_list("to", flat=True)) == ["anna@wuppertal.de"]
    assert "0 of 1 attendees answered." in client.get(url).content.decode()
    client.force_login(users["own"])
    assert client.get(url).status_code == 403


def _results_queries(count: int, staff: Any) -> int:
    ed = _recent()
    for n in range(count):
        _answer(ed, {"overall": 1 + n, "again": "yes", "best": f"Text {n}"}, now=timezone.now())
    client = Client()
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/en/events/manage/editions/{ed.pk}/feedback/")
    assert page.status_code == 200
    assert f"{count} of {count} attendees answered." in page.content.decode()
    return len(queries)


def test_the_results_need_the_same_queries_for_1_and_3_responses() -> None:
    staff = people()["staff"]
    assert _results_queries(1, staff) == _results_queries(3, staff)

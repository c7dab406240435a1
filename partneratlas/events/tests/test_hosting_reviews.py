"""Reviews with weighted scores, the ranking, reviewers excluded from their own organisation's application,
and the decision that sets the host and writes to every applicant in their language."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from partneratlas.events import reviews
from partneratlas.events.hosting import HostingRefused
from partneratlas.events.models import Edition, HostApplication, Review
from partneratlas.events.reviews import application_score, weighted_mean
from partneratlas.events.tests.test_hosting_world import AFTER, DURING, application, call, editor, people
from partneratlas.notifications.models import Message
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.people.tests.factories import member
from partneratlas.registry.tests.factories import ESSEN, HAMBURG, WUPPERTAL

pytestmark = pytest.mark.django_db

CRITERIA = [{"code": "venue", "weight": 2}, {"code": "motivation", "weight": 1}, {"code": "partners", "weight": 3}]


# --- the arithmetic ---


def test_the_weighted_mean_of_one_review() -> None:
    assert weighted_mean({"venue": 4, "motivation": 5, "partners": 2}, {"venue": 2, "motivation": 1, "partners": 3}) \
        == pytest.approx((8 + 5 + 6) / 6)


def test_a_criterion_nobody_scored_is_left_out_never_counted_as_zero() -> None:
    assert weighted_mean({"venue": 4}, {"venue": 2, "partners": 3}) == 4
    assert weighted_mean({}, {"venue": 2}) is None
    assert application_score([], CRITERIA) is None


def test_the_application_score_is_the_weighted_mean_of_the_reviewers_means() -> None:
    two = [{"venue": 4, "motivation": 2, "partners": 1}, {"venue": 2, "motivation": 4, "partners": 5}]
    assert application_score(two, CRITERIA) == pytest.approx((2 * 3 + 1 * 3 + 3 * 3) / 6)


scores = st.dictionaries(st.sampled_from(["venue", "motivation", "partners"]), st.integers(0, 5), min_size=1)
weights = st.dictionaries(st.sampled_from(["venue", "motivation", "partners"]), st.integers(1, 10), min_size=3)


@given(scores, weights, st.integers(1, 7))
def test_the_weighted_mean_lies_within_the_scores_and_ignores_the_weights_scale(
        given_scores: dict[str, int], given_weights: dict[str, int], factor: int) -> None:
    mean = weighted_mean(given_scores, given_weights)
    assert mean is not None
    assert min(given_scores.values()) - 1e-9 <= mean <= max(given_scores.values()) + 1e-9
    assert weighted_mean(given_scores, {c: w * factor for c, w in given_weights.items()}) == pytest.approx(mean)


@given(st.lists(scores, min_size=1, max_size=5))
def test_equal_scores_everywhere_give_that_score(reviews_given: list[dict[str, int]]) -> None:
    same = [dict.fromkeys(r, 3) for r in reviews_given]
    assert application_score(same, CRITERIA) == pytest.approx(3)


# --- reviewing ---


@pytest.fixture
def world() -> dict[str, Any]:
    users = people()
    c = call()
    return {**users, "call": c, "wuppertal": application(c, WUPPERTAL, users["own"]),
            "hamburg": application(c, HAMBURG, users["other"])}


def test_staff_rank_the_applications_by_weighted_mean(world: dict[str, Any]) -> None:
    staff, c = world["staff"], world["call"]
    reviews.review_save(application=world["wuppertal"], reviewer=staff, scores={"venue": 3, "motivation": 3,
                                                                                 "partners": 3}, comment="", now=DURING)
    reviews.review_save(application=world["hamburg"], reviewer=staff, scores={"venue": 5, "motivation": 1,
                                                                               "partners": 4}, comment="Gut", now=DURING)
    ranked = reviews.ranking(staff, c)
    assert [(r.application.municipality.ref, round(r.score or 0, 4)) for r in ranked] == [
        (HAMBURG, round((10 + 1 + 12) / 6, 4)), (WUPPERTAL, 3.0)]
    assert ranked[0].cells == [5.0, 1.0, 4.0]
    assert ranked[0].comments == [("staff@agency.de", "Gut")]


def test_a_review_needs_every_criterion_scored_from_0_to_5(world: dict[str, Any]) -> None:
    for bad in ({"venue": 3, "motivation": 3}, {"venue": 6, "motivation": 3, "partners": 3},
                {"venue": 3, "motivation": 3, "partners": 3, "cost": 1}):
        with pytest.raises(HostingRefused, match="score from 0 to 5"):
            reviews.review_save(application=world["hamburg"], reviewer=world["staff"], scores=bad, comment="",
                                now=DURING)
    assert not Review.objects.exists()


def test_a_reviewer_never_sees_or_reviews_an_application_of_their_own_organisation(world: dict[str, Any]) -> None:
    staff = world["staff"]
    member(staff, world["wuppertal"].organisation)  # the agency's reviewer also works for Wuppertal's administration
    c, own = world["call"], world["wuppertal"]
    assert [a.pk for a in reviews.reviewable(staff, c)] == [world["hamburg"].pk]
    assert [r.application.pk for r in reviews.ranking(staff, c)] == [world["hamburg"].pk]
    with pytest.raises(HostingRefused, match="your own organisation"):
        reviews.review_save(application=own, reviewer=staff, scores={"venue": 5, "motivation": 5, "partners": 5},
                            comment="", now=DURING)
    with pytest.raises(HostingRefused, match="your own organisation"):
        reviews.call_decide(call=c, application=own, user=staff, now=AFTER)
    client = Client()
    client.force_login(staff)
    assert client.get(f"/en/events/manage/hosting/applications/{own.pk}/review/").status_code == 404
    page = client.get(f"/en/events/manage/hosting/{c.pk}/").content.decode()
    assert "Hamburg" in page
    assert "Wuppertal" not in page
    assert client.post(f"/en/events/manage/hosting/{c.pk}/decide/", {"application": own.pk}).status_code == 302
    c.refresh_from_db()
    assert c.chosen_id is None
    assert not Review.objects.filter(application=own).exists()


def test_a_reviewer_of_the_same_municipality_in_another_administration_is_excluded_too(
        world: dict[str, Any]) -> None:
    district = Organisation.objects.create(kind=OrganisationKind.MUNICIPALITY, name="Bezirksamt Altona",
                                           municipality=world["hamburg"].municipality)
    member(world["staff"], district)
    assert [a.pk for a in reviews.reviewable(world["staff"], world["call"])] == [world["wuppertal"].pk]


def test_a_reviewer_who_deletes_their_account_leaves_the_scores_without_a_name(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import User

    reviewer = editor("rev@agency.de", WUPPERTAL)
    reviewer.is_superuser = True  # a site admin reviews as agency staff
    reviewer.save()
    reviews.review_save(application=world["hamburg"], reviewer=reviewer, comment="Stark",
                        scores={"venue": 5, "motivation": 5, "partners": 5}, now=DURING)
    User.objects.filter(pk=reviewer.pk).delete()
    ranked = reviews.ranking(world["staff"], world["call"])
    assert [(r.application.pk, r.score, r.comments) for r in ranked if r.reviews] == [
        (world["hamburg"].pk, 5.0, [("a former reviewer", "Stark")])]


def test_municipal_editors_neither_review_nor_see_the_ranking(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["own"])
    assert client.get(f"/en/events/manage/hosting/{world['call'].pk}/").status_code == 403
    assert client.get(f"/en/events/manage/hosting/applications/{world['hamburg'].pk}/review/").status_code == 403
    with pytest.raises(HostingRefused):
        reviews.review_save(application=world["hamburg"], reviewer=world["own"],
                            scores={"venue": 5, "motivation": 5, "partners": 5}, comment="", now=DURING)


def test_a_review_is_saved_in_the_form(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["staff"])
    url = f"/en/events/manage/hosting/applications/{world['hamburg'].pk}/review/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Delegation aus der Partnerstadt" in page.content.decode()
    assert client.post(url, {"score_venue": "4"}).status_code == 400
    saved = client.post(url, {"score_venue": "4", "score_motivation": "2", "score_partners": "5", "comment": "Gut"})
    assert saved.status_code == 302
    review = Review.objects.get(application=world["hamburg"])
    assert (review.scores, review.comment) == ({"venue": 4, "motivation": 2, "partners": 5}, "Gut")


# --- the decision ---


def test_the_decision_sets_the_host_and_writes_to_every_applicant_in_their_language() -> None:
    users = people()
    c = call()
    chinese_speaker = editor("li@hamburg.de", HAMBURG, language="zh-hans")
    hamburg = application(c, HAMBURG, chinese_speaker)
    wuppertal = application(c, WUPPERTAL, users["own"])
    reviews.call_decide(call=c, application=hamburg, user=users["staff"], now=AFTER)
    c.refresh_from_db()
    assert c.edition_id is not None
    edition = Edition.objects.get(pk=c.edition_id)
    assert (c.chosen_id, c.decided_at, c.decided_by) == (hamburg.pk, AFTER, users["staff"])
    assert (edition.host_id, edition.host_organisation_id) == (hamburg.municipality_id, hamburg.organisation_id)
    assert dict(HostApplication.objects.values_list("pk", "state")) == {hamburg.pk: "chosen",
                                                                        wuppertal.pk: "not_chosen"}
    # the person who applied and the administration's editors (Hamburg's are `other` and Li), once each
    assert sorted(Message.objects.values_list("to", "language")) == [
        ("li@hamburg.de", "zh-hans"), ("other@hamburg.de", "de"), ("own@wuppertal.de", "de")]
    chinese, german = Message.objects.get(to="li@hamburg.de"), Message.objects.get(to="own@wuppertal.de")
    assert "中国圆桌会议 2027" in chinese.subject
    assert "Runder Tisch China 2027" in german.subject
    assert "Hamburg" in german.text
    assert f"/events/hosting/applications/{wuppertal.pk}/" in german.text
    with pytest.raises(HostingRefused, match="decided already"):
        reviews.call_decide(call=c, application=wuppertal, user=users["staff"], now=AFTER)
    assert Message.objects.count() == 3


def test_a_call_without_its_edition_cannot_be_decided() -> None:
    users = people()
    c = call(with_edition=False)
    app = application(c, HAMBURG, users["other"])
    with pytest.raises(HostingRefused, match="Link the call to its edition"):
        reviews.call_decide(call=c, application=app, user=users["staff"], now=AFTER)
    assert HostApplication.objects.get(pk=app.pk).state == "submitted"
    assert not Message.objects.exists()


def test_a_draft_cannot_be_chosen() -> None:
    users = people()
    c = call()
    app = application(c, HAMBURG, users["other"], submitted=False)
    with pytest.raises(HostingRefused, match="Only a submitted application"):
        reviews.call_decide(call=c, application=app, user=users["staff"], now=AFTER)


# --- query counts of the lists ---


def _ranking_queries(count: int, users: dict[str, Any]) -> int:
    c = call()
    for ref in [WUPPERTAL, HAMBURG, ESSEN][:count]:
        app = application(c, ref, users["own"])
        reviews.review_save(application=app, reviewer=users["staff"], scores={"venue": 3, "motivation": 3,
                                                                               "partners": 3}, comment="x", now=DURING)
    client = Client()
    client.force_login(users["staff"])
    client.get(f"/en/events/manage/hosting/{c.pk}/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/en/events/manage/hosting/{c.pk}/")
    assert page.status_code == 200
    assert page.content.decode().count("Change your review") == count
    return len(queries)


def test_the_ranking_page_needs_the_same_queries_for_1_and_3_applications() -> None:
    users = people()
    assert _ranking_queries(1, users) == _ranking_queries(3, users)


def _manage_queries(count: int, users: dict[str, Any]) -> int:
    for _n in range(count):
        call(with_edition=False)
    client = Client()
    client.force_login(users["staff"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/events/manage/hosting/")
    assert page.status_code == 200
    return len(queries)


def test_the_list_of_calls_needs_the_same_queries_for_1_and_3_calls() -> None:
    users = people()
    one = _manage_queries(1, users)
    assert _manage_queries(2, users) == one  # 3 calls now

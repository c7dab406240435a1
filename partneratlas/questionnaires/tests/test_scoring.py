"""Scores: a pure function with invariants (hypothesis), and the selector that groups a version's answers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partneratlas.questionnaires.answers import AnswerInput
from partneratlas.questionnaires.scoring import Point, Score, tally
from partneratlas.questionnaires.selectors import scores
from partneratlas.questionnaires.services import response_save, response_start
from partneratlas.questionnaires.tests.factories import definition, published


@st.composite
def a_point(draw: st.DrawFn, groups: tuple[str, ...] = ("c01", "c02", "c03")) -> Point:
    low = draw(st.integers(-3, 3))
    high = draw(st.integers(low + 1, low + 10))
    level = draw(st.none() | st.integers(low, high))
    return Point(draw(st.sampled_from(groups)), level, low, high)


points = st.lists(a_point(), max_size=40)


@given(points)
def test_every_score_lies_between_0_and_100(found: list[Point]) -> None:
    for score in tally(found).values():
        assert score.value is None or 0 <= score.value <= 100


@given(points, st.lists(a_point(), max_size=10))
def test_not_applicable_never_changes_a_mean(found: list[Point], more: list[Point]) -> None:
    skipped = [Point(p.group, None, p.low, p.high) for p in more]
    before, after = tally(found), tally(found + skipped)
    for group, score in after.items():
        old = before.get(group, Score(None, 0, 0))
        assert (score.value, score.answers) == (old.value, old.answers)
        assert score.not_applicable == old.not_applicable + sum(1 for p in skipped if p.group == group)


@given(points, st.randoms(use_true_random=False))
def test_the_order_of_answers_does_not_matter(found: list[Point], random: object) -> None:
    shuffled = list(found)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert tally(shuffled) == tally(found)


@given(st.integers(1, 20), st.integers(0, 20))
def test_the_lowest_level_is_0_and_the_highest_100(span: int, count: int) -> None:
    lows = [Point("g", 0, 0, span)] * (count + 1)
    highs = [Point("g", span, 0, span)] * (count + 1)
    assert tally(lows)["g"] == Score(0.0, count + 1, 0)
    assert tally(highs)["g"] == Score(100.0, count + 1, 0)


def test_a_mean_of_differently_sized_scales_rescales_each_answer() -> None:
    result = tally([Point("g", 3, 0, 4), Point("g", 1, 1, 5), Point("g", None, 0, 4), Point("h", None, 0, 4)])
    assert result == {"g": Score(37.5, 2, 1), "h": Score(None, 0, 1)}
    assert (result["g"].rounded, result["h"].rounded) == (38, None)


@pytest.mark.django_db
def test_scores_of_responses_by_criterion_part_and_dimension() -> None:
    data = definition()
    data["sections"][0]["sections"][1]["items"][0]["meta"] = {"dimension": ["A", "O"]}  # an item's own key wins
    version = published(data=data)
    german = response_start(version=version, subject="round:1/side:de", language="de")
    response_save(response=german, answers={"c01.1": AnswerInput(4), "c01.2": AnswerInput(1),
                                            "c02.1": AnswerInput(None, True), "people": AnswerInput(7)})
    chinese = response_start(version=version, subject="round:1/side:cn", language="zh-hans")
    response_save(response=chinese, answers={"c01.1": AnswerInput(2), "c02.1": AnswerInput(3)})
    assert scores(german, group_by="criterion") == {"c01": Score(62.5, 2, 0), "c02": Score(None, 0, 1)}
    assert scores(german, group_by="part") == {"connected": Score(62.5, 2, 1)}
    assert scores(german) == {None: Score(62.5, 2, 1)}
    assert scores([german, chinese], group_by="dimension") == {
        "R": Score(58.333333333333336, 3, 0), "A": Score(75.0, 1, 1), "O": Score(75.0, 1, 1)}
    assert scores([], group_by="criterion") == {}

"""The result cells (`score`, `gap`) read as the round page and the council report have always shown them."""

import pytest
from django.utils import translation

from partneratlas.checkup.results import Line
from partneratlas.checkup.templatetags.checkup_results import gap, score
from partneratlas.questionnaires.scoring import Score


@pytest.mark.parametrize(("s", "shown"), [
    (Score(62.5, 4, 0), '63 <span class="meta">(4 answers)</span>'),
    (Score(50.0, 1, 2), '50 <span class="meta">(1 answer, 2 not applicable)</span>'),
    (Score(None, 0, 3), '– <span class="meta">(3 not applicable)</span>'),
    (Score(None, 0, 0), "–"),
    (None, "–"),
])
def test_a_score_cell_shows_the_rounded_score_and_how_many_answers(s: Score | None, shown: str) -> None:
    assert score(s) == shown


def test_a_score_cell_speaks_the_readers_language() -> None:
    with translation.override("de"):
        assert score(Score(25.0, 2, 1)) == '25 <span class="meta">(2 Antworten, 1 trifft nicht zu)</span>'


def test_a_gap_cell_has_its_sign_and_the_flag_only_where_asked() -> None:
    line = Line("c1", "Kontakte", Score(80.0, 2, 0), Score(40.0, 2, 0), flag=True)
    assert gap(line) == "+40"
    assert gap(line, True) == '+40 <strong class="gap-flag">⚠ large gap</strong>'
    assert gap(Line("c2", "x", Score(10.0, 1, 0), Score(30.0, 1, 0))) == "−20"
    assert gap(Line("c3", "x", None, Score(30.0, 1, 0)), True) == "–"


def test_a_title_with_markup_is_escaped_nowhere_but_the_gap_is_plain_text() -> None:
    assert "<" not in str(gap(Line("c", "<b>", Score(1.0, 1, 0), Score(1.0, 1, 0))))

"""The anonymised check-up figures: the minimum group size, no subtraction leak, one partnership once, sealed
rounds never counted, per version and year, and a fixed number of queries."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partneratlas.checkup.figures import OTHER, Figures, figures_of, hidden, minimum_group_size, pooled
from partneratlas.checkup.models import CriterionScore, Round
from partneratlas.checkup.tests.factories import answer, opened
from partneratlas.checkup.tests.figure_factories import CRITERIA, pair, same, scored
from partneratlas.questionnaires.models import Version

pytestmark = pytest.mark.django_db

LEVELS: dict[str, int | None] = {"c01.1": 1, "c01.2": 1, "c02.1": 2, "c05.1": 3}  # scores 25, 50, 75


def groups(figures: Figures) -> dict[str, int]:
    return {g.key: g.size for g in figures.countries}


def test_the_minimum_group_size_is_five_unless_set(settings: Any) -> None:
    assert minimum_group_size() == 5
    settings.CHECKUP_MIN_GROUP_SIZE = 8
    assert minimum_group_size() == 8
    settings.CHECKUP_MIN_GROUP_SIZE = 1  # one would be a single partnership
    assert minimum_group_size() == 2


def test_pooled_moves_small_countries_into_other_countries() -> None:
    assert pooled({"CN": 6, "UA": 5, "PL": 4, "FR": 1}, 5) == (["CN", "UA"], ["FR", "PL"])
    assert pooled({"CN": 9, "UA": 5}, 5) == (["CN", "UA"], [])


def test_pooled_never_leaves_a_pool_below_the_minimum_to_subtract() -> None:
    # Poland alone (4) would be the total (14) minus China and Ukraine: the smallest shown joins the pool.
    assert pooled({"CN": 5, "UA": 5, "PL": 4}, 5) == (["UA"], ["CN", "PL"])
    assert pooled({"CN": 7, "PL": 4}, 5) == ([], ["CN", "PL"])


def test_hidden_hides_a_second_cell_when_one_alone_could_be_subtracted() -> None:
    assert hidden({"CN": 6, "UA": 6, OTHER: 2}, 5) == {OTHER, "CN"}
    assert hidden({"CN": 6, "UA": 7, OTHER: 0}, 5) == {OTHER}  # nobody to give away
    assert hidden({"CN": 3, "UA": 3, OTHER: 9}, 5) == {"CN", "UA"}  # together six: no one group of three


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["CN", "UA", "PL", "FR", "US", "GB", "TZ"]), st.integers(0, 12)),
       st.integers(2, 8))
def test_property_neither_a_pool_nor_a_hidden_cell_can_be_subtracted_below_the_minimum(
        sizes: dict[str, int], minimum: int) -> None:
    own, pool = pooled(sizes, minimum)
    total = sum(sizes.values())
    assert all(sizes[k] >= minimum for k in own)
    assert set(own) | set(pool) == {k for k, n in sizes.items() if n}
    if total >= minimum:
        assert sum(sizes[k] for k in pool) == 0 or sum(sizes[k] for k in pool) >= minimum
    hide = hidden(sizes, minimum)
    assert all(sizes[k] >= minimum for k in sizes if k not in hide)
    assert sum(sizes[k] for k in hide) == 0 or sum(sizes[k] for k in hide) >= minimum or total < minimum


def test_a_group_of_four_is_hidden_and_a_group_of_five_shown(version: Version) -> None:
    for country, n in [("CN", 6), ("UA", 5), ("PL", 4), ("FR", 1)]:
        for i in range(n):
            scored(pair(country), version, same(10.0 * i))
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.size == 16
    assert groups(figures) == {"CN": 6, "UA": 5, OTHER: 5}  # Poland (4) and France (1) only as other countries
    assert [g.label for g in figures.countries] == ["China", "Ukraine", "Other countries"]
    other = figures.countries[2]
    assert [c.both.mean for c in other.criteria] == [12.0, 12.0, 12.0]  # (0 + 10 + 20 + 30 + 0) / 5
    assert [c.both.n for c in other.criteria] == [5, 5, 5]


def test_four_partnerships_in_all_show_nothing(version: Version) -> None:
    for i in range(4):
        scored(pair("CN"), version, same(40.0 + i))
    figures = figures_of(version=version)
    assert not figures.shown
    assert (figures.overall, figures.countries, figures.parts) == (None, [], [])
    scored(pair("CN"), version, same(90.0))
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.size == 5
    assert figures.overall.criteria[0].both.mean == pytest.approx((40 + 41 + 42 + 43 + 90) / 5)
    assert groups(figures) == {"CN": 5}


def test_no_country_can_be_worked_out_from_the_total(version: Version) -> None:
    for country, n in [("CN", 5), ("UA", 5), ("PL", 4)]:
        for _i in range(n):
            scored(pair(country), version, same(80.0 if country == "PL" else 40.0))
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.size == 14
    # not China 5, Ukraine 5 and the total 14, from which Poland's 4 would follow
    assert groups(figures) == {"UA": 5, OTHER: 9}
    assert figures.countries[1].criteria[0].both.mean == pytest.approx((5 * 40 + 4 * 80) / 9)


def test_a_criterion_scored_by_too_few_in_a_country_hides_a_second_one(version: Version) -> None:
    for i in range(6):
        scored(pair("CN"), version, {"c01": (50.0, 50.0), "c02": (None, None) if i >= 2 else (20.0, 20.0),
                                     "c05": (60.0, 60.0)})
    for _i in range(6):
        scored(pair("UA"), version, {"c01": (70.0, 70.0), "c02": (30.0, 30.0), "c05": (60.0, 60.0)})
    figures = figures_of(version=version)
    assert figures.overall is not None
    c02 = {g.key: next(c for c in g.criteria if c.code == "c02") for g in [figures.overall, *figures.countries]}
    assert c02[""].both.mean == pytest.approx((2 * 20 + 6 * 30) / 8)
    assert c02[""].both.n == 8
    assert c02["CN"].both.mean is None  # two partnerships
    assert c02["UA"].both.mean is None  # else the total minus Ukraine would give China's two
    assert c02["UA"].both.n == 0
    c01 = {g.key: next(c for c in g.criteria if c.code == "c01") for g in figures.countries}
    assert (c01["CN"].both.mean, c01["UA"].both.mean) == (50.0, 70.0)
    parts = {a.code: a.rounded for a in figures.parts}
    assert parts == {"connected": 44, "anchored": 60}  # every criterion shown overall: (60 + 27.5) / 2, rounded


def test_a_dimension_hides_its_mean_when_one_of_its_criteria_is_hidden(version: Version) -> None:
    for i in range(6):
        scored(pair("CN"), version, {"c01": (50.0, 50.0), "c02": (None, None) if i else (20.0, 20.0),
                                     "c05": (60.0, 60.0)})
    figures = figures_of(version=version)
    dimensions = {a.code: a for a in figures.dimensions}
    assert dimensions["R"].rounded is None  # c02 scored by one: hidden, so the mean could give it away
    assert [c.code for c in dimensions["R"].weakest] == ["c01"]
    assert dimensions["A"].rounded == 60


def test_a_partnership_counts_once_with_its_latest_unsealed_round(version: Version) -> None:
    now = timezone.now()
    ps = [pair("CN") for _i in range(5)]
    for p in ps:
        scored(p, version, same(10.0), opened=now - datetime.timedelta(days=800))
        scored(p, version, same(60.0), opened=now - datetime.timedelta(days=60))
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.size == 5
    assert [(c.both.mean, c.both.n) for c in figures.overall.criteria] == [(60.0, 5)] * 3


def test_sealed_rounds_are_never_counted(version: Version) -> None:
    for _i in range(4):
        scored(pair("CN"), version, same(50.0))
    sealed = scored(pair("CN"), version, same(0.0), sealed=True)  # scores a sealed round never has, still unread
    assert not figures_of(version=version).shown
    Round.objects.filter(pk=sealed.pk).update(closed_at=timezone.now())
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.criteria[0].both.mean == 40.0


def test_through_the_services_a_round_counts_once_both_sides_have_submitted(version: Version) -> None:
    rounds = []
    for _i in range(5):
        r = opened(pair("CN"))
        answer(r, "german", LEVELS)
        rounds.append(r)
    for r in rounds[:4]:
        answer(r, "partner", LEVELS)
    assert not figures_of(version=version).shown  # the fifth is sealed: its German side's answers stay unread
    answer(rounds[4], "partner", dict.fromkeys(["c01.1", "c01.2", "c02.1", "c05.1"], 4))
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.size == 5
    by_code = {c.code: c for c in figures.overall.criteria}
    assert by_code["c01"].german.mean == 25.0
    assert by_code["c01"].partner.mean == pytest.approx((4 * 25 + 100) / 5)
    assert [c.code for c in figures.overall.criteria] == ["c01", "c02", "c05"]  # weakest first


def test_a_side_alone_stands_for_both_when_the_other_never_submitted(version: Version) -> None:
    for _i in range(5):
        scored(pair("CN"), version, same(40.0))
    for _i in range(5):
        scored(pair("CN"), version, same(90.0), one_side=True)
    figures = figures_of(version=version)
    assert figures.overall is not None
    first = figures.overall.criteria[0]
    assert (first.both.mean, first.both.n) == (65.0, 10)
    assert (first.german.mean, first.german.n) == (65.0, 10)
    assert (first.partner.mean, first.partner.n) == (40.0, 5)


def test_figures_are_per_version_and_per_year(version: Version, tmp_path: Any) -> None:
    from partneratlas.checkup.tests.factories import published

    newer = published(tmp_path, extra_item=True)
    assert newer.number == version.number + 1
    last_year = timezone.now().replace(month=6, day=1) - datetime.timedelta(days=365)
    for _i in range(5):
        scored(pair("CN"), version, same(30.0), opened=last_year)
    for _i in range(5):
        scored(pair("CN"), newer, same(70.0))
    assert figures_of(version=version).overall.criteria[0].both.mean == 30.0  # type: ignore[union-attr]
    assert figures_of(version=newer).overall.criteria[0].both.mean == 70.0  # type: ignore[union-attr]
    assert figures_of(version=version, year=last_year.year).shown
    assert not figures_of(version=version, year=last_year.year + 1).shown


def _queries(version: Version) -> int:
    with CaptureQueriesContext(connection) as queries:
        figures_of(version=version)
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_rounds(version: Version) -> None:
    for country in ("CN", "UA", "PL"):
        for _i in range(5):
            scored(pair(country), version, same(50.0))
    few = _queries(version)
    for country in ("CN", "UA", "PL", "FR", "GB", "US"):
        for _i in range(6):
            scored(pair(country), version, same(30.0))
    assert _queries(version) == few
    assert few <= 6


@pytest.fixture(scope="module")
def many() -> dict[str, int]:
    return {"CN": 7, "UA": 6, "PL": 5, "FR": 3, "US": 2}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_property_figures_never_show_a_group_or_a_derivable_rest_below_the_minimum(
        version: Version, many: dict[str, int], data: st.DataObject) -> None:
    Round.objects.all().delete()
    minimum = data.draw(st.integers(2, 6), "minimum")
    truth: dict[str, dict[str, list[float]]] = {}  # criterion → country → the scores
    for country, most in many.items():
        for _i in range(data.draw(st.integers(0, most), country)):
            scores = {c: data.draw(st.one_of(st.none(), st.integers(0, 100).map(float)), c) for c in CRITERIA}
            scored(pair(country), version, {c: (v, v) for c, v in scores.items()})
            for c, v in scores.items():
                if v is not None:
                    truth.setdefault(c, {}).setdefault(country, []).append(v)
    figures = figures_of(version=version, minimum=minimum)
    if not figures.shown:
        return
    assert figures.overall is not None
    assert figures.overall.size >= minimum
    assert all(g.size >= minimum for g in figures.countries)
    for code in CRITERIA:
        total = figures.overall.criteria[[c.code for c in figures.overall.criteria].index(code)].both
        shown = [next(c for c in g.criteria if c.code == code).both for g in figures.countries]
        for cell in [total, *shown]:
            assert cell.mean is None or cell.n >= minimum
        if total.mean is not None and figures.countries:
            rest = total.n - sum(cell.n for cell in shown if cell.mean is not None)
            assert rest == 0 or rest >= minimum
        scored_in_all = sum(len(v) for v in truth.get(code, {}).values())
        assert total.n == (scored_in_all if total.mean is not None else 0)


def test_no_score_is_kept_for_a_round_without_one(version: Version) -> None:
    for _i in range(5):
        scored(pair("CN"), version, same(50.0))
    empty = scored(pair("UA"), version, {})  # unsealed, nobody submitted: no scores
    assert not CriterionScore.objects.filter(round=empty).exists()
    figures = figures_of(version=version)
    assert figures.overall is not None
    assert figures.overall.size == 5
    assert groups(figures) == {"CN": 5}

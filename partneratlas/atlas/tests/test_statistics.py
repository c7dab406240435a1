import csv
import io
from typing import Any

import pytest
from django.test import Client

from partneratlas.atlas.charts import NARROW_VALUE_SPACE, NARROW_WIDTH, bars, columns, narrow_bars

pytestmark = pytest.mark.django_db


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("dimension", ["partner_country", "kind", "german_state", "decade", "status", "topic", "sdg"])
def test_statistics_csv_matches_the_api(client: Client, china: Any, dimension: str) -> None:
    rows = read_csv(client.get(f"/en/statistics/{dimension}.csv?country=CN").content)
    api = client.get("/api/v1/statistics?country=CN", HTTP_ACCEPT_LANGUAGE="en").json()[f"by_{dimension}"]
    assert rows[0] == ["key", "name", "partnerships"]
    assert rows[1:] == [[r["key"], r["label"], str(r["count"])] for r in api]


def test_statistics_for_china_give_the_studies_figures(client: Client, china: Any) -> None:
    response = client.get("/en/statistics/?country=CN")
    figures = response.context["figures"]
    assert (figures.partnerships, figures.twinnings) == (4, 2)
    kinds = read_csv(client.get("/en/statistics/kind.csv?country=CN").content)
    assert kinds[1:] == [["twinning", "Town twinning (with certificate)", "2"],
                         ["cooperation", "Cooperation agreement", "1"], ["project", "Project partnership", "1"]]
    assert read_csv(client.get("/en/statistics/decade.csv?country=CN").content)[1:] == [
        ["1980", "1980s", "1"], ["2010", "2010s", "1"], ["unknown", "unknown", "2"]]


def test_statistics_page_draws_each_chart_with_its_table(client: Client, china: Any) -> None:
    page = client.get("/en/statistics/?country=CN").content.decode()
    assert page.count('<svg role="img"') == 14  # each chart wide and narrow; the stylesheet shows one
    assert page.count('class="chart-wide chart-') == 7
    assert page.count('class="chart-narrow chart-narrow"') == 7
    assert page.count("<table") == 7  # the numbers once, not once per chart variant
    assert '<th scope="row">Town twinning (with certificate)</th><td class="num">2</td>' in page
    assert 'href="/en/statistics/kind.csv?country=CN"' in page


def test_each_chart_variant_has_its_own_title_and_description(client: Client, china: Any) -> None:
    page = client.get("/en/statistics/?country=CN").content.decode()
    for variant in ("chart-kind-svg", "chart-kind-svg-narrow"):
        assert f'aria-labelledby="{variant}" aria-describedby="{variant}-desc"' in page
        assert f'<title id="{variant}">Partnerships by kind (China)</title>' in page
        assert f'<desc id="{variant}-desc">The numbers are in the table after the chart.</desc>' in page


def test_statistics_tables_are_headed_by_dimension_and_count(client: Client, china: Any) -> None:
    page = client.get("/en/statistics/?country=CN").content.decode()
    assert '<th scope="col">Partner country</th><th scope="col" class="num">Count</th>' in page
    assert '<th scope="col">Founded in</th><th scope="col" class="num">Count</th>' in page
    assert '<th scope="col">Partnerships by kind</th>' not in page
    assert ('<div class="table-wrap" tabindex="0" role="region" aria-label="Partnerships by kind: the numbers">'
            in page)


def test_statistics_summary_names_the_chosen_filters(client: Client, china: Any) -> None:
    page = client.get("/en/statistics/?country=CN&status=dormant").content.decode()
    assert '<h2 id="summary-title">Selection: Partner country China, Status dormant</h2>' in page


def test_statistics_csv_in_german(client: Client, china: Any) -> None:
    rows = read_csv(client.get("/statistics/status.csv").content)
    assert rows[1] == ["active", "aktiv", "3"]


def test_bar_lengths_follow_the_counts() -> None:
    chart = bars([{"label": "a", "count": 10}, {"label": "b", "count": 5}, {"label": "c", "count": 0}])
    assert [m.width for m in chart.marks] == [304.0, 152.0, 1.0]
    assert [m.y for m in chart.marks] == [8, 38, 68]


def test_columns_share_one_baseline() -> None:
    chart = columns([{"label": "1980s", "count": 4}, {"label": "1990s", "count": 1}])
    assert [(m.y + m.height) for m in chart.marks] == [chart.baseline, chart.baseline]
    assert [m.height for m in chart.marks] == [180.0, 45.0]


def test_narrow_bars_put_each_label_above_a_full_width_bar() -> None:
    chart = narrow_bars([{"label": "Town twinning (with certificate)", "count": 4}, {"label": "b", "count": 1}])
    assert chart.width == NARROW_WIDTH == 360
    assert [m.width for m in chart.marks] == [NARROW_WIDTH - NARROW_VALUE_SPACE, 78.0]
    assert [(m.x, m.label_x) for m in chart.marks] == [(0, 0), (0, 0)]
    assert all(m.label_y < m.y for m in chart.marks)  # the label's line, then its bar
    assert chart.marks[0].y + chart.marks[0].height < chart.marks[1].label_y - 13  # no row overlaps the next
    assert chart.marks[0].label == "Town twinning (with certificate)"  # not shortened


def test_narrow_bars_keep_a_trend_whole_and_in_order() -> None:
    rows = [{"label": f"{decade}s", "count": 1} for decade in range(1900, 2030, 10)]
    assert [m.label for m in narrow_bars(rows, limit=None).marks] == [r["label"] for r in rows]
    assert len(narrow_bars(rows).marks) == 13
    assert len(narrow_bars(rows * 2).marks) == 15

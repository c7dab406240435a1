import csv
import io
from typing import Any

import pytest
from django.test import Client

from partneratlas.atlas.charts import bars, columns

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
    assert page.count('<svg role="img"') == 7
    assert '<th scope="row">Town twinning (with certificate)</th><td class="num">2</td>' in page
    assert 'href="/en/statistics/kind.csv?country=CN"' in page


def test_statistics_csv_in_german(client: Client, china: Any) -> None:
    rows = read_csv(client.get("/statistics/status.csv").content)
    assert rows[1] == ["active", "aktiv", "3"]


def test_bar_lengths_follow_the_counts() -> None:
    chart = bars([{"label": "a", "count": 10}, {"label": "b", "count": 5}, {"label": "c", "count": 0}])
    assert [m.width for m in chart.marks] == [374.0, 187.0, 1.0]
    assert [m.y for m in chart.marks] == [8, 38, 68]


def test_columns_share_one_baseline() -> None:
    chart = columns([{"label": "1980s", "count": 4}, {"label": "1990s", "count": 1}])
    assert [(m.y + m.height) for m in chart.marks] == [chart.baseline, chart.baseline]
    assert [m.height for m in chart.marks] == [180.0, 45.0]

"""The agency's figures page and CSV (staff only, filters, bad input, never a formula, fixed queries) and the
check-up section of the public statistics in three languages."""

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.tests.factories import CODE, definition
from partneratlas.checkup.tests.figure_factories import pair, scored
from partneratlas.people.models import OrganisationKind
from partneratlas.people.models import Role as MemberRole
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Version
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(persona("staff@agency.de", OrganisationKind.AGENCY, None))
    return client


def fill(version: Version, countries: dict[str, int], value: float = 40.0, **options: Any) -> None:
    for country, n in countries.items():
        for i in range(n):
            scored(pair(country), version, {"c01": (value, value), "c02": (value + 20, value + 20),
                                             "c05": (value + 10 + i, value + 10 + i)}, **options)


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_only_agency_staff_see_the_figures(client: Client, version: Version) -> None:
    fill(version, {"CN": 5})
    assert client.get("/en/checkup/figures/").status_code == 302
    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, role=MemberRole.ADMIN))
    assert client.get("/en/checkup/figures/").status_code == 403
    assert client.get("/en/checkup/figures.csv").status_code == 403


def test_the_figures_page_shows_the_weakest_criteria_with_n(staff: Client, version: Version) -> None:
    fill(version, {"CN": 6, "UA": 5, "PL": 4, "FR": 1})
    response = staff.get("/en/checkup/figures/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert "16 partnerships with a check-up on version 1." in page
    assert '<caption>All partnerships (16)</caption>' in page
    assert '<th scope="row">1. Criterion c01</th><td>The relationship</td><td class="num">40 <span class="meta">(n = 16)</span></td>' in page
    assert page.index("Criterion c01") < page.index("Criterion c05") < page.index("Criterion c02")  # weakest first
    assert '<th scope="row">China</th><td class="num">6</td>' in page
    assert '<th scope="row">Ukraine</th><td class="num">5</td>' in page
    assert '<th scope="row">Other countries</th><td class="num">5</td>' in page
    assert "Poland" not in page
    assert "Musterstadt" not in page
    assert "Partnerstadt" not in page
    assert '<th scope="row">Connected</th><td class="num">50</td>' in page  # (40 + 60) / 2
    assert '<th scope="row">The anchoring in each municipality</th>' in page
    assert 'href="/en/checkup/figures.csv"' in page


def test_too_few_check_ups_say_so(staff: Client, version: Version) -> None:
    fill(version, {"CN": 4})
    page = staff.get("/en/checkup/figures/").content.decode()
    assert "Too few partnerships have completed a check-up in this selection" in page
    assert "Criterion c01" not in page


def test_the_figures_filter_by_year(staff: Client, version: Version) -> None:
    last_year = timezone.now().replace(month=6, day=1) - datetime.timedelta(days=365)
    fill(version, {"CN": 5}, opened=last_year)
    fill(version, {"UA": 5}, value=10.0)
    assert "10 partnerships" in staff.get(f"/en/checkup/figures/?version={version.number}").content.decode()
    page = staff.get(f"/en/checkup/figures/?version={version.number}&year={last_year.year}").content.decode()
    assert "5 partnerships with a check-up on version 1." in page
    assert f"Rounds opened in {last_year.year}." in page
    assert f'<option value="{last_year.year}" selected>' in page
    rows = read_csv(staff.get(f"/en/checkup/figures.csv?year={last_year.year}").content)
    assert rows[1][:5] == ["All partnerships", "5", "c01", "Criterion c01", "40"]


@pytest.mark.parametrize("query", ["year=1890", "version=99", "year=abc"])
def test_a_bad_filter_is_refused_with_the_form(staff: Client, version: Version, query: str) -> None:
    fill(version, {"CN": 5})
    response = staff.get(f"/en/checkup/figures/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary" role="alert"' in page
    assert "Select a valid choice." in page
    assert "Criterion c01" not in page
    assert staff.get(f"/en/checkup/figures.csv?{query}").status_code == 400


def test_the_figures_as_csv_never_hold_a_formula(staff: Client, tmp_path: Path) -> None:
    shape = definition()
    shape["sections"][0]["sections"][0]["title"]["en"] = '=HYPERLINK("http://evil.example","c01")'
    path = tmp_path / "formula.json"
    path.write_text(json.dumps(shape), encoding="utf-8")
    _outcome, version = checkup_load(path=path, force=True)
    assert version is not None
    assert version.questionnaire.code == CODE
    fill(version, {"CN": 5, "UA": 2})
    response = staff.get("/en/checkup/figures.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="checkup-figures-v{version.number}.csv"'
    rows = read_csv(response.content)
    assert rows[0] == ["Group", "Partnerships in the group", "Criterion", "Title", "Both sides", "of partnerships",
                       "German side", "of partnerships", "Partner side", "of partnerships"]
    assert rows[1] == ["All partnerships", "7", "c01", '\'=HYPERLINK("http://evil.example","c01")', "40", "7",
                       "40", "7", "40", "7"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert len(rows) == 1 + 3  # China alone would leave Ukraine's two to subtract: no country row


def test_the_figures_page_reads_as_many_queries_for_many_rounds(staff: Client, version: Version) -> None:
    def queries(expected: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert expected in staff.get("/en/checkup/figures/").content.decode()
        return len(captured)

    fill(version, {"CN": 5, "UA": 5, "PL": 2})
    few = queries("12 partnerships")
    fill(version, {"CN": 10, "UA": 10, "FR": 7, "US": 3})
    assert queries("42 partnerships") == few
    assert few == 12  # the figures themselves: versions, years, sizes, means (2), outline (2), countries


def test_the_public_statistics_show_the_weakest_criteria_in_three_languages(client: Client, version: Version
                                                                            ) -> None:
    fill(version, {"CN": 6, "UA": 3})
    page = client.get("/en/statistics/").content.decode()
    assert '<h2 id="chart-checkup">Resilience check-up</h2>' in page
    assert '<title id="chart-checkup-svg">The 3 weakest criteria of all partnerships</title>' in page
    assert 'aria-labelledby="chart-checkup-svg-narrow"' in page
    assert "<caption>Resilience check-up of 9 partnerships: the scores</caption>" in page
    assert '<th scope="row">Criterion c01</th><td class="num">40</td><td class="num">9</td>' in page
    assert 'id="checkup-countries"' not in page  # China alone would give Ukraine's three away
    assert "Partnerstadt" not in page
    german = client.get("/statistics/").content.decode()
    assert '<h2 id="chart-checkup">Resilienz-Check</h2>' in german
    assert "<caption>Resilienz-Check von 9 Partnerschaften: die Werte</caption>" in german
    assert '<th scope="row">Kriterium c01</th><td class="num">40</td>' in german
    chinese = client.get("/zh-hans/statistics/").content.decode()
    assert '<h2 id="chart-checkup">韧性自评</h2>' in chinese
    assert "<caption>9 个伙伴关系的韧性自评：得分</caption>" in chinese
    assert '<th scope="row">标准 c01</th><td class="num">40</td>' in chinese


def test_the_public_statistics_say_when_there_are_too_few_check_ups(client: Client, version: Version) -> None:
    fill(version, {"CN": 4})
    page = client.get("/en/statistics/").content.decode()
    assert '<h2 id="chart-checkup">Resilience check-up</h2>' in page
    assert "There are too few check-ups yet to show figures without revealing single partnerships" in page
    assert "Sie erscheinen, sobald mindestens 5 Partnerschaften" in client.get("/statistics/").content.decode()
    assert "至少 5 个伙伴关系完成自评后才会显示" in client.get("/zh-hans/statistics/").content.decode()
    assert "chart-checkup-svg" not in page
    assert "Criterion c01" not in page


def test_the_public_statistics_show_partner_countries_that_reach_the_minimum(client: Client, version: Version) -> None:
    fill(version, {"CN": 6, "UA": 5})
    page = client.get("/en/statistics/").content.decode()
    section = page[page.index('id="checkup-countries"'):]
    assert "<caption>The three weakest criteria by partner country</caption>" in section
    assert ('<th scope="row">China</th><td class="num">6</td><td>Criterion c01 (40); Criterion c05 (53); '
            "Criterion c02 (60)</td>") in section
    assert '<th scope="row">Ukraine</th><td class="num">5</td>' in section


def test_the_public_statistics_read_as_many_queries_for_many_check_ups(client: Client, version: Version) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/statistics/").status_code == 200
        return len(captured)

    fill(version, {"CN": 5, "UA": 5})
    few = queries()
    fill(version, {"CN": 10, "UA": 10, "PL": 7, "FR": 2})
    assert queries() == few

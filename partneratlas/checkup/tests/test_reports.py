"""Council reports: the PDF's text (Chinese too), the XLSX's numbers against the round's page, the draft, issuing
with the stored files' hashes, sealed rounds kept out, the languages offered, bad input."""

import datetime
import hashlib
import io
import logging
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from partneratlas.activities.models import Activity
from partneratlas.activities.tests.factories import activity
from partneratlas.checkup.models import CouncilReport, Role
from partneratlas.checkup.report_services import report_issue, report_reopen
from partneratlas.checkup.reporting import report_content, report_languages, report_pdf, report_xlsx
from partneratlas.checkup.tests.factories import answer, opened, published
from partneratlas.history.models import Revision
from partneratlas.people.models import OrganisationKind
from partneratlas.people.models import Role as PersonRole
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import ClosedPeriod, Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL

pytestmark = pytest.mark.django_db
log = logging.getLogger(__name__)

ALL = {"c01.1": 4, "c01.2": 2, "c02.1": 3, "c05.1": 1}
PARTNER = {"c01.1": 1, "c01.2": None, "c02.1": 3, "c05.1": 4}


def period() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today - datetime.timedelta(days=60), today


def unsealed(wd: Partnership) -> Any:
    r = opened(wd)
    answer(r, Role.GERMAN, ALL)
    answer(r, Role.PARTNER, PARTNER, language="zh-hans")
    r.refresh_from_db()
    assert r.unsealed
    return r


def logged(wd: Partnership, title: str = "Delegation nach Dongguan", days_ago: int = 10, **values: Any) -> Activity:
    today = timezone.localdate()
    return activity(wd, side=WUPPERTAL, title=title, date=today - datetime.timedelta(days=days_ago), today=today,
                    **values)


def editor(client: Client, who: str = "own") -> Client:
    people = {"own": (OrganisationKind.MUNICIPALITY, WUPPERTAL, PersonRole.EDITOR),
              "viewer": (OrganisationKind.MUNICIPALITY, WUPPERTAL, PersonRole.VIEWER),
              "partner": (OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN, PersonRole.EDITOR),
              "staff": (OrganisationKind.AGENCY, None, PersonRole.EDITOR)}
    kind, ref, role = people[who]
    client.force_login(persona(f"{who}@example.org", kind, ref, role=role))
    return client


def form(language: str = "en", action: str = "issue", **changes: Any) -> dict[str, str]:
    start, end = period()
    return {"start": start.isoformat(), "end": end.isoformat(), "language": language, "action": action, **changes}


def pdf_text(data: bytes) -> str:
    """The PDF's text as pypdf extracts it, with every run of white space (line breaks in narrow cells) one space."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def screen_criteria(page: str) -> list[tuple[int, str, str, str]]:
    """(number, German score, partner score, gap) of each row of the round page's table of criteria."""
    table = page.split("Scores per criterion", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>\s*<td>(\d+)</td><th scope=\"row\">[^<]*</th>\s*<td class=\"num\">([^<]*)"
                      r".*?</td><td class=\"num\">([^<]*).*?</td>\s*<td class=\"num\">([^<]*)", table, re.S)
    return [(int(n), g.strip(), p.strip(), gap.strip()) for n, g, p, gap in rows]


def test_the_pdf_says_what_the_screen_says_in_english_and_in_chinese(client: Client, version: Version,
                                                                     wd: Partnership) -> None:
    unsealed(wd)
    logged(wd, title="Jugendaustausch Sommer", kind="youth-exchange", youth=True, young_people=12,
           languages=["de", "zh"])
    start, end = period()
    english = pdf_text(report_pdf(report_content(partnership=wd, start=start, end=end, language="en",
                                                 today=end, draft=True)))
    assert "Council report" in english
    assert "Draft: not issued" in english
    assert "Criterion c01" in english
    assert "Criterion c05" in english
    assert "Jugendaustausch Sommer" in english
    assert "Months since the last activity" in english
    assert "+50" in english
    assert "−75" in english
    chinese = pdf_text(report_pdf(report_content(partnership=wd, start=start, end=end, language="zh-hans",
                                                 today=end, draft=False, reference="R-1")))
    assert "标准 c01" in chinese  # the questionnaire's Chinese texts
    assert "市议会报告" in chinese  # the interface's
    assert "Draft" not in chinese
    assert "草稿" not in chinese


def test_the_xlsx_numbers_equal_the_round_page(client: Client, version: Version, wd: Partnership) -> None:
    r = unsealed(wd)
    editor(client)
    page = client.get(f"/en/checkup/rounds/{r.pk}/").content.decode()
    screen = screen_criteria(page)
    assert len(screen) == 3
    response = client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form(action="xlsx"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "-draft.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = [row for row in book["Scores"].iter_rows(min_row=2) if row[2].value == "Criterion"]
    assert len(rows) == 3
    for (number, german, partner, gap), row in zip(screen, rows, strict=True):
        assert row[3].value == number
        for cell, shown in ((row[5], german), (row[8], partner), (row[11], gap)):
            if shown == "–":
                assert cell.value is None
            else:
                assert cell.data_type == "n", (number, cell.value)
                assert cell.value == int(shown.replace("−", "-").replace("+", ""))
    summary = [[c.value for c in row] for row in book["Report"].iter_rows()]
    assert ["State", "Draft: not issued"] in [row[:2] for row in summary]


def test_a_title_that_looks_like_a_formula_stays_text(version: Version, wd: Partnership) -> None:
    logged(wd, title='=HYPERLINK("http://evil.example","click")')
    start, end = period()
    book = load_workbook(io.BytesIO(report_xlsx(report_content(partnership=wd, start=start, end=end, language="de",
                                                               today=end, draft=True))))
    titles = [row[3] for row in book.worksheets[4].iter_rows(min_row=2)]
    assert [c.value for c in titles] == ["'=HYPERLINK(\"http://evil.example\",\"click\")"]
    assert titles[0].data_type == "s"
    dates = [row[0] for row in book.worksheets[4].iter_rows(min_row=2)]
    assert dates[0].is_date


def test_issuing_stores_both_files_with_their_hashes_and_serves_them_as_stored(client: Client, version: Version,
                                                                                wd: Partnership) -> None:
    unsealed(wd)
    logged(wd)
    editor(client)
    response = client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form(language="zh-hans"))
    assert response.status_code == 302
    report = CouncilReport.objects.get()
    assert (report.number, report.language, report.issued_by is not None) == (1, "zh-hans", True)
    kept = {}
    for fmt, digest, stored in (("pdf", report.pdf_sha256, report.pdf), ("xlsx", report.xlsx_sha256, report.xlsx)):
        with default_storage.open(stored.name, "rb") as handle:
            kept[fmt] = handle.read()
        assert hashlib.sha256(kept[fmt]).hexdigest() == digest
        download = client.get(f"/en/checkup/reports/{report.pk}/{fmt}")
        assert download.status_code == 200
        assert download["Cache-Control"] == "private, no-store"
        assert download.content == kept[fmt]
        assert hashlib.sha256(download.content).hexdigest() == digest
    assert not str(report.pdf.name).startswith("/")
    assert "草稿" not in pdf_text(client.get(f"/en/checkup/reports/{report.pk}/pdf").content)
    page = client.get(f"/en/checkup/partnerships/{wd.uid}/").content.decode()
    assert report.pdf_sha256 in page
    assert report.xlsx_sha256 in page
    revision = Revision.objects.get(kind="council-report", object_id=report.pk)
    assert (revision.version, revision.state["pdf_sha256"], revision.user_id) == (1, report.pdf_sha256,
                                                                                  report.issued_by_id)
    # what changes later does not change the issued files: they are served as stored, never made again
    report_reopen(report=report, reason="Nachtrag", user=None)
    logged(wd, title="Später nachgetragen", days_ago=5)
    for fmt in ("pdf", "xlsx"):
        again = client.get(f"/en/checkup/reports/{report.pk}/{fmt}")
        assert again.content == kept[fmt]
        assert "withdrawn" in again["Content-Disposition"]


def test_a_sealed_round_appears_only_as_open_and_sealed(client: Client, version: Version, wd: Partnership) -> None:
    r = opened(wd)
    answer(r, Role.GERMAN, {"c01.1": 4, "c01.2": 4, "c02.1": 4, "c05.1": 4})  # submitted, the partner not yet
    r.refresh_from_db()
    assert not r.unsealed
    start, end = period()
    content = report_content(partnership=wd, start=start, end=end, language="en", today=end, draft=True)
    assert [(e.round.pk, e.sealed) for e in content.rounds] == [(r.pk, True)]
    text = pdf_text(report_pdf(content))
    assert "Open at the end of the period, sealed" in text
    assert "Criterion c01" not in text
    assert "100" not in text
    book = load_workbook(io.BytesIO(report_xlsx(content)))
    rows = [[c.value for c in row] for row in book["Scores"].iter_rows(min_row=2)]
    assert len(rows) == 1
    assert rows[0][2] == "open at the end of the period, sealed"
    assert not any(isinstance(v, (int, float)) for v in rows[0])
    assert [[c.value for c in row] for row in book["Trend"].iter_rows(min_row=2)] == []


def test_rounds_outside_the_period_are_left_out(version: Version, wd: Partnership) -> None:
    unsealed(wd)
    earlier = timezone.localdate() - datetime.timedelta(days=400)
    content = report_content(partnership=wd, start=earlier, end=earlier + datetime.timedelta(days=30),
                             language="en", today=timezone.localdate(), draft=True)
    assert content.rounds == []


def test_the_languages_offered_are_the_interfaces_where_the_texts_are_complete(version: Version, wd: Partnership,
                                                                               settings: Any, tmp_path: Path) -> None:
    assert report_languages(wd) == ["de", "en", "zh-hans"]  # French texts exist, but the interface has no French
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "French")]
    unsealed(wd)
    assert report_languages(wd) == ["de", "en", "zh-hans", "fr"]  # once the interface speaks French, so does it


def test_a_language_whose_texts_are_incomplete_is_not_offered(wd: Partnership, settings: Any,
                                                              tmp_path: Path) -> None:
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "French")]
    published(tmp_path, french=False)  # one French criterion title is missing
    unsealed(wd)
    assert report_languages(wd) == ["de", "en", "zh-hans"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"end": "2020-01-01"}, "The last day lies before the first day."),
    ({"start": "kein Datum"}, "Enter a valid date."),
    ({"language": "fr"}, "Select a valid choice."),
    ({"action": "drop"}, "Choose what to do"),
    ({"end": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "Only a period that has ended"),
])
def test_bad_input_is_refused_with_the_form_and_nothing_is_written(client: Client, version: Version,
                                                                   wd: Partnership, settings: Any,
                                                                   changes: dict[str, str], message: str) -> None:
    editor(client)
    response = client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert 'id="report-form"' in page
    assert not CouncilReport.objects.exists()
    assert not ClosedPeriod.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_draft_changes_nothing(client: Client, version: Version, wd: Partnership) -> None:
    editor(client, "partner")
    response = client.post(f"/zh-hans/checkup/partnerships/{wd.uid}/reports/", form(language="zh-hans",
                                                                                    action="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "草稿" in pdf_text(response.content)
    assert not CouncilReport.objects.exists()
    assert not ClosedPeriod.objects.exists()


def test_a_viewer_sees_the_reports_but_may_not_make_or_issue_one(client: Client, version: Version,
                                                                 wd: Partnership) -> None:
    start, end = period()
    report = report_issue(partnership=wd, start=start, end=end, language="de", user=None, today=end)
    editor(client, "viewer")
    page = client.get(f"/en/checkup/partnerships/{wd.uid}/reports/").content.decode()
    assert report.reference in page
    assert 'id="report-form"' not in page
    assert "reopen-" not in page
    assert client.get(f"/en/checkup/reports/{report.pk}/pdf").status_code == 200
    assert client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form(action="pdf")).status_code == 403
    assert client.post(f"/en/checkup/reports/{report.pk}/reopen/", {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("reports", [1, 3])
def test_the_reports_page_reads_in_few_queries(client: Client, version: Version, wd: Partnership,
                                               django_assert_max_num_queries: Any, reports: int) -> None:
    today = timezone.localdate()
    for n in range(reports):
        start = today - datetime.timedelta(days=40 * (n + 1))
        report_issue(partnership=wd, start=start, end=start + datetime.timedelta(days=30), language="en", user=None,
                     today=today)
    editor(client)
    with django_assert_max_num_queries(14):
        response = client.get(f"/en/checkup/partnerships/{wd.uid}/reports/")
    assert response.content.decode().count('id="report-') == reports + 1  # the rows and the form


def test_the_form_comes_with_last_year_filled_in_as_the_date_fields_read_it(client: Client, version: Version,
                                                                            wd: Partnership) -> None:
    """A date field reads only ISO dates: "01.01.2025" left the fields empty in the browser."""
    year = timezone.localdate().year - 1
    editor(client)
    for prefix in ("", "/en", "/zh-hans"):
        page = client.get(f"{prefix}/checkup/partnerships/{wd.uid}/reports/").content.decode()
        assert f'value="{year}-01-01"' in page
        assert f'value="{year}-12-31"' in page


def test_a_report_of_two_rounds_and_thirty_activities_is_made_in_reasonable_time(version: Version,
                                                                                 wd: Partnership) -> None:
    first = opened(wd, now=timezone.now() - datetime.timedelta(days=50))
    answer(first, Role.GERMAN, ALL, now=timezone.now() - datetime.timedelta(days=49))
    answer(first, Role.PARTNER, PARTNER, now=timezone.now() - datetime.timedelta(days=48))
    unsealed(wd)
    for n in range(30):
        logged(wd, title=f"Aktivität {n}", days_ago=n + 1, languages=["de", "zh"])
    start, end = period()
    began = time.perf_counter()
    report = report_issue(partnership=wd, start=start, end=end, language="zh-hans", user=None, today=end)
    took = time.perf_counter() - began
    log.warning("council report, 2 rounds, 30 activities, PDF and XLSX issued in %.2f s", took)
    content = report_content(partnership=wd, start=start, end=end, language="zh-hans", today=end, draft=True)
    assert (len(content.rounds), len(content.activities)) == (2, 30)
    assert report.pdf_sha256
    assert took < 30

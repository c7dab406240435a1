"""Exports and row reports without live formulas, and with the publication flag (issue 10, faults 4 and 11)."""

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from partneratlas.cells import is_formula_like, neutralise, restore
from partneratlas.registry.exporting import export
from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.importing.report import write_report
from partneratlas.registry.models import Actor, Partnership
from partneratlas.registry.selectors import PartnershipFilter, partnerships_filtered
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db

FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+49 202 123", "-", "@SUM(A1)", "\tx", "'=1+2", "-12.5"]


def formula_registry() -> list[Partnership]:
    made = []
    for text in FORMULA_LIKE:
        p = partnership(WUPPERTAL, DONGGUAN, since=2016, description=text)
        p.source = text
        p.save()
        # An actor's name is read without surrounding blanks (docs/import.md), a tab included
        Actor.objects.create(partnership=p, position=0, name=text.strip(), kind="association")
        made.append(p)
    return made


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_formula_like_text_is_neutralised_in_the_csv_export_and_imports_back_unchanged(tmp_path: Path) -> None:
    formula_registry()
    path = tmp_path / "registry.csv"
    with open(path, "wb") as out:
        export(Partnership.objects.order_by("id"), "csv", out)
    rows = csv_rows(path.read_bytes())
    assert [r["description"] for r in rows] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+49 202 123", "'-", "'@SUM(A1)", "'\tx", "''=1+2", "-12.5"]
    assert [r["source"] for r in rows] == [r["description"] for r in rows]
    assert [r["actors"] for r in rows] == [
        "'=HYPERLINK\\(\"http://x\",\"y\"\\) (association)", "'+49 202 123 (association)", "'- (association)",
        "'@SUM\\(A1\\) (association)", "x (association)", "''=1+2 (association)", "'-12.5 (association)"]

    result = registry_import(path=path)
    assert [(r.status, r.action) for r in result.rows] == [("placed", "unchanged")] * len(FORMULA_LIKE)


def test_formula_like_text_is_text_in_the_xlsx_export_and_imports_back_unchanged(tmp_path: Path) -> None:
    formula_registry()
    path = tmp_path / "registry.xlsx"
    with open(path, "wb") as out:
        export(Partnership.objects.order_by("id"), "xlsx", out)
    sheet = load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    headers = [cell.value for cell in next(sheet.iter_rows())]
    descriptions = [row[headers.index("description")] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in descriptions] == [
        ("'=HYPERLINK(\"http://x\",\"y\")", "s"), ("'+49 202 123", "s"), ("'-", "s"), ("'@SUM(A1)", "s"),
        ("'\tx", "s"), ("''=1+2", "s"), ("-12.5", "s")]

    result = registry_import(path=path)
    assert [(r.status, r.action) for r in result.rows] == [("placed", "unchanged")] * len(FORMULA_LIKE)


def test_the_public_xlsx_download_holds_no_formula(client: Client) -> None:
    formula_registry()
    response = client.get("/en/data/partnerships.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []


def test_control_characters_no_spreadsheet_can_hold_do_not_break_the_xlsx_export() -> None:
    partnership(WUPPERTAL, DONGGUAN, description="Absatz\x0bumbruch\x01")
    out = io.BytesIO()
    export(Partnership.objects.all(), "xlsx", out)
    sheet = load_workbook(out).worksheets[0]
    headers = [cell.value for cell in next(sheet.iter_rows())]
    assert sheet.cell(2, headers.index("description") + 1).value == "Absatzumbruch"


def test_the_row_report_neutralises_what_the_file_said(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('Kommune;Land;Partnerkommune;Partnerland;Art\n'
                    'Wuppertal;DE;"=HYPERLINK(""http://x"",""y"")";CN;Städtepartnerschaft\n', encoding="utf-8")
    result = registry_import(path=path, dry_run=True)
    report = tmp_path / "report.csv"
    write_report(result, report)
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][:2] == ["2", "not found"]
    assert rows[1][4].startswith("'=HYPERLINK(\"http://x\",\"y\"): ")


def test_the_operators_export_keeps_the_publication_flag_and_the_import_reads_it(tmp_path: Path) -> None:
    shown = partnership(WUPPERTAL, DONGGUAN, since=2016)
    hidden = partnership(HAMBURG, SHANGHAI, since=1986)
    hidden.published = False
    hidden.save()
    for fmt in ("csv", "xlsx", "json"):
        path = tmp_path / f"all.{fmt}"
        call_command("registry", "export", "--format", fmt, "-o", str(path), stderr=io.StringIO())
        Partnership.objects.all().delete()
        result = registry_import(path=path)
        assert [r.action for r in result.rows] == ["create", "create"], fmt
        assert dict(Partnership.objects.values_list("uid", "published")) == {shown.uid: True, hidden.uid: False}, fmt
    rows = csv_rows((tmp_path / "all.csv").read_bytes())
    assert [(r["published"], r["since"]) for r in rows] == [("yes", "2016"), ("no", "1986")]
    assert [p["published"] for p in json.loads((tmp_path / "all.json").read_text())["partnerships"]] == [True, False]


def test_the_public_download_has_no_publication_column() -> None:
    partnership(WUPPERTAL, DONGGUAN, since=2016)
    out = io.BytesIO()
    export(partnerships_filtered(PartnershipFilter()), "csv", out)
    assert "published" not in out.getvalue().decode("utf-8-sig").splitlines()[0].split(";")


@pytest.mark.parametrize(("cell", "published"), [
    ("veröffentlicht", True), ("ja", True), ("Yes", True), ("nein", False), ("no", False), ("0", False)])
def test_the_publication_column_is_read_in_german_and_english(tmp_path: Path, cell: str, published: bool) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"Kommune;Land;Partnerkommune;Partnerland;Art;Veröffentlicht\n"
                    f"Wuppertal;DE;Dongguan;CN;Städtepartnerschaft;{cell}\n", encoding="utf-8")
    result = registry_import(path=path)
    assert [(r.status, r.action) for r in result.rows] == [("placed", "create")]
    assert Partnership.objects.get().published is published


def test_an_unknown_publication_value_makes_the_row_invalid(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Kommune;Land;Partnerkommune;Partnerland;Art;veröffentlicht\n"
                    "Wuppertal;DE;Dongguan;CN;Städtepartnerschaft;vielleicht\n", encoding="utf-8")
    result = registry_import(path=path)
    assert (result.rows[0].status, result.rows[0].reason) == (
        "invalid", "veröffentlicht: “vielleicht” is neither yes nor no")


def test_neutralise_and_restore_are_exact_inverses_and_leave_no_formula() -> None:
    alphabet = ["'", "=", "-", "+", "@", "\t", "\r", "a", "1", " ", "."]
    texts = ["".join(t) for n in range(5) for t in itertools.product(alphabet, repeat=n)]
    for text in texts:
        assert restore(neutralise(text)) == text, repr(text)
        assert not is_formula_like(neutralise(text)), repr(text)
    assert [neutralise(t) for t in ["-12", "-3.5", "-3,5", "'s-Hertogenbosch", "Kiel", ""]] == [
        "-12", "-3.5", "-3,5", "'s-Hertogenbosch", "Kiel", ""]
    assert restore("'s-Hertogenbosch") == "'s-Hertogenbosch"

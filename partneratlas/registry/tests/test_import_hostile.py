"""Import files that would exhaust the machine, and malformed ones: a clear message, within bounds (issue 10)."""

import json
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from partneratlas.registry.importing.reading import ImportFileError, read_table
from partneratlas.registry.tests.hostile import (
    DATA,
    HEADER,
    MB,
    WORKBOOK_RELS,
    XML,
    bounded_memory,
    break_crc,
    lie_about_size,
    repeated,
    row,
    shared_strings,
    sheet,
    workbook,
)

DAMAGED = "The XLSX file is damaged or not an Excel workbook."
DTD = "The XLSX file contains XML declarations (DTD or entities), which Excel never writes; it is not read."


def refused(path: Path, *, memory: int = 200 * MB) -> tuple[str, int]:
    """The message read_table refuses the file with, and the peak of Python allocations meanwhile."""
    with bounded_memory(memory) as peak, pytest.raises(ImportFileError) as error:
        read_table(path)
    return str(error.value), peak[0]


def test_a_shared_string_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = workbook(tmp_path / "bomb.xlsx", {
        "xl/sharedStrings.xml": shared_strings([b"".join(repeated(b"a" * MB, 50))])}, level=9)
    assert bomb.stat().st_size < MB // 2
    with zipfile.ZipFile(bomb) as archive:
        info = archive.getinfo("xl/sharedStrings.xml")
    ratio = info.file_size // info.compress_size
    assert ratio > 1000
    message, peak = refused(bomb)
    assert message == (f"The workbook is packed suspiciously tightly (“xl/sharedStrings.xml” unpacks to {ratio:,} "
                       "times its size); it is not read.")
    assert peak < 2 * MB


def test_a_shared_string_table_that_claims_a_huge_count_is_read_for_what_it_holds(tmp_path: Path) -> None:
    path = workbook(tmp_path / "count.xlsx", {
        "xl/sharedStrings.xml": shared_strings([b"Kommune", b"Partnerkommune", b"Kiel"], count="4294967295"),
        "xl/worksheets/sheet1.xml": sheet([b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                                           b'</row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>2</v></c>'
                                           b'</row>'])})
    with bounded_memory(100 * MB) as peak:
        table = read_table(path)
    assert (table.headers, table.rows) == (["Kommune", "Partnerkommune"], [["Kiel", "Kiel"]])
    assert peak[0] < MB


def test_a_shared_string_longer_than_a_cell_may_be_is_refused_where_a_cell_uses_it(
        tmp_path: Path, settings: Any) -> None:
    settings.IMPORT_MAX_CELL_CHARS = 1000
    path = workbook(tmp_path / "long.xlsx", {
        "xl/sharedStrings.xml": shared_strings([b"x" * 1001]),
        "xl/worksheets/sheet1.xml": sheet([HEADER, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'])})
    assert refused(path)[0] == "Row 2: a cell holds more than 1,000 characters; please shorten it."


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path, settings: Any) -> None:
    settings.IMPORT_MAX_UNPACKED_MB = 1
    rows = (row(n, f"Stadt {n}", f"Partnerstadt {n * 7919 % 100_003}") for n in range(2, 8_000))
    path = workbook(tmp_path / "big.xlsx", {"xl/worksheets/sheet1.xml": sheet([HEADER, *rows])})
    assert refused(path)[0] == "The workbook unpacks to 1.1\xa0MB; at most 1.0\xa0MB are read."


def test_a_row_bomb_stops_at_the_row_limit(tmp_path: Path, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 1000
    rows = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>'.encode()
            for n in range(2, 100_000))
    path = workbook(tmp_path / "rows.xlsx", {"xl/worksheets/sheet1.xml": sheet([HEADER, *rows])})
    started = time.monotonic()
    message, peak = refused(path)
    assert message == "The file has more than 1,000 rows; please split it into files of at most 1,000 rows."
    assert peak < 2 * MB
    assert time.monotonic() - started < 1


def test_a_sheet_that_claims_every_row_and_column_is_read_for_the_cells_it_has(tmp_path: Path) -> None:
    far = b'<row r="1048576"><c r="XFD1048576"/></row>'  # an empty cell in Excel's last row and column
    path = workbook(tmp_path / "dimension.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        [HEADER, DATA, far], head=b'<dimension ref="A1:XFD1048576"/>')})
    with bounded_memory(300 * MB) as peak:
        table = read_table(path)
    assert (table.headers, table.rows) == (["Kommune", "Partnerkommune"], [["Wuppertal", "Dongguan"]])
    assert peak[0] < MB


def test_a_cell_beyond_the_column_limit_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        [HEADER, b'<row r="2"><c r="XFD2"><v>1</v></c></row>'])})
    assert refused(path)[0] == "Row 2 has more than 1,000 columns."


def test_a_row_number_beyond_excels_last_row_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "far.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        [HEADER, b'<row r="999999999"><c r="A999999999"><v>1</v></c></row>'])})
    started = time.monotonic()
    assert refused(path)[0] == DAMAGED
    assert time.monotonic() - started < 1


def test_a_part_whose_declared_size_is_too_small_is_damaged(tmp_path: Path) -> None:
    rows = (row(n, "Wuppertal", "Dongguan") for n in range(2, 20_000))
    path = lie_about_size(workbook(tmp_path / "lie.xlsx", {"xl/worksheets/sheet1.xml": sheet([HEADER, *rows])}),
                          "xl/worksheets/sheet1.xml", 200)
    message, peak = refused(path)
    assert message == DAMAGED
    assert peak < 2 * MB


def test_a_part_whose_declared_size_is_huge_is_refused_unread(tmp_path: Path) -> None:
    path = lie_about_size(workbook(tmp_path / "lie.xlsx"), "xl/worksheets/sheet1.xml", 0xFFFF_FFF0)
    assert refused(path)[0] == "The workbook unpacks to 4.0\xa0GB; at most 256.0\xa0MB are read."


def test_a_bad_checksum_is_damaged(tmp_path: Path) -> None:
    path = break_crc(workbook(tmp_path / "crc.xlsx"), "xl/worksheets/sheet1.xml")
    assert refused(path)[0] == DAMAGED


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "parts.xlsx", {f"xl/media/image{n}.png": b"" for n in range(1001)})
    assert refused(path)[0] == "The workbook has 1,007 parts; at most 1,000 are read."


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          + b"".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">'.encode() for n in range(2, 10)) + b"]>")


@pytest.mark.parametrize(("part", "content"), [
    ("xl/sharedStrings.xml", XML + LAUGHS + b'<sst xmlns="x"><si><t>&lol9;</t></si></sst>'),
    ("xl/worksheets/sheet1.xml", XML + b'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                                       b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t>'
                                       b'</is></c></row></sheetData></worksheet>'),
    ("xl/workbook.xml", XML + b'<!DOCTYPE workbook SYSTEM "http://example.org/workbook.dtd"><workbook/>'),
    ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace(b"<Relationships", b"<!DOCTYPE r [<!ENTITY a 'b'>]>"
                                                                               b"<Relationships", 1)),
])
def test_xml_declarations_and_entities_are_refused(tmp_path: Path, part: str, content: bytes) -> None:
    message, peak = refused(workbook(tmp_path / "entities.xlsx", {part: content}))
    assert message == DTD
    assert peak < MB


def test_truncated_garbage_and_misshapen_workbooks_are_damaged(tmp_path: Path) -> None:
    whole = workbook(tmp_path / "whole.xlsx").read_bytes()
    cases = {
        "truncated": whole[: len(whole) // 2],
        "garbage": b"PK\x03\x04" + bytes(range(256)) * 40,
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        assert refused(path)[0] == DAMAGED, name
    malformed = workbook(tmp_path / "malformed.xlsx", {"xl/worksheets/sheet1.xml": XML + b"<worksheet><row><c>"})
    assert refused(malformed)[0] == DAMAGED
    no_index = workbook(tmp_path / "index.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        [HEADER, b'<row r="2"><c r="A2" t="s"><v>7</v></c></row>'])})
    assert refused(no_index)[0] == DAMAGED
    charts_only = workbook(tmp_path / "chart.xlsx", {"xl/_rels/workbook.xml.rels": WORKBOOK_RELS.replace(
        b"/worksheet", b"/chartsheet")})
    assert refused(charts_only)[0] == "The workbook has no worksheet."


def test_a_long_inline_cell_is_refused_while_it_is_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "cell.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        [HEADER, b'<row r="2"><c r="A2" t="inlineStr"><is><t>', b"".join(repeated(b"y" * MB, 20)),
         b"</t></is></c></row>"])}, level=0)
    message, peak = refused(path)
    assert message == "Row 2: a cell holds more than 32,767 characters; please shorten it."
    assert peak < 2 * MB


def test_workbook_values_read_as_excel_stores_them(tmp_path: Path) -> None:
    import datetime

    book = Workbook()
    sheet_ = book.active
    assert sheet_ is not None
    sheet_.append(["Kommune", "Partnerkommune", "seit", "unterzeichnet am", "Anteil", "aktiv", "leer"])
    sheet_.append(["  Wuppertal ", "Dongguan", 2016.0, datetime.datetime(1986, 5, 29), 0.25, True, None])
    sheet_.append(["Kiel", "=HYPERLINK(\"x\")", 1986, datetime.date(2001, 3, 1), -5, False, ""])
    sheet_["B3"].data_type = "s"
    path = tmp_path / "values.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.headers == ["Kommune", "Partnerkommune", "seit", "unterzeichnet am", "Anteil", "aktiv", "leer"]
    assert table.rows == [["Wuppertal", "Dongguan", "2016", "1986-05-29", "0.25", "True", ""],
                          ["Kiel", '=HYPERLINK("x")', "1986", "2001-03-01", "-5", "False", ""]]


def csv_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_are_capped(tmp_path: Path, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(f"Stadt {n};Partnerstadt {n}\n" for n in range(3))
    assert read_table(csv_file(tmp_path, "Kommune;Partnerkommune\n\n" + rows)).rows[2] == [
        "Stadt 2", "Partnerstadt 2"]
    with pytest.raises(ImportFileError) as error:
        read_table(csv_file(tmp_path, "Kommune;Partnerkommune\n" + rows + "Kiel;Brest\n"))
    assert str(error.value) == "The file has more than 3 rows; please split it into files of at most 3 rows."


@pytest.mark.parametrize("length", [21, 200_000])
def test_csv_cells_are_capped(tmp_path: Path, settings: Any, length: int) -> None:
    settings.IMPORT_MAX_CELL_CHARS = 20
    with pytest.raises(ImportFileError) as error:
        read_table(csv_file(tmp_path, f'Kommune;Beschreibung\nKiel;"{"x" * length}"\n'))
    assert str(error.value) == "Row 2: a cell holds more than 20 characters; please shorten it."


def test_csv_with_a_nul_byte_late_in_the_file_is_not_csv(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "Kommune;Partnerkommune\n" + "Kiel;Brest\n" * 10_000 + "Kiel;Br\x00est\n")
    with pytest.raises(ImportFileError) as error:
        read_table(path)
    assert str(error.value) == "This is not a CSV, XLSX or JSON file."


def json_file(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "in.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_json_nested_100000_levels_deep_is_refused(tmp_path: Path) -> None:
    path = json_file(tmp_path, "[" * 100_000 + "]" * 100_000)
    message, _peak = refused(path)
    assert message == "The JSON file is nested too deeply to be a PartnerAtlas export."


@pytest.mark.parametrize(("document", "message"), [
    (42, "The JSON file holds no list of partnerships."),
    ([[1, 2]], "The JSON file holds no list of partnerships."),
    ({"partnerships": {"id": "x"}}, "The JSON file holds no list of partnerships."),
    ({"partnerships": [{"description": {"de": "Text"}}]},
     "Partnership 1 in the JSON file: “description” should be text or a number."),
    ({"partnerships": [{"id": "a"}, {"source": ["a", "b"]}]},
     "Partnership 2 in the JSON file: “source” should be text or a number."),
    ({"partnerships": [{"members": ["Kiel", "Brest"]}]},
     "Partnership 1 in the JSON file: “members” should be a list of objects."),
    ({"partnerships": [{"members": [{"name": {"de": "Kiel"}}]}]},
     "Partnership 1 in the JSON file: “members” should be a list of objects with text or numbers."),
    ({"partnerships": [{"topics": "youth"}]}, "Partnership 1 in the JSON file: “topics” should be a list."),
    ({"partnerships": [{"sdgs": [[11]]}]},
     "Partnership 1 in the JSON file: “sdgs” should be a list of texts or numbers."),
    ({"partnerships": [{"status_history": [{"year": 1990}]}]},
     "Partnership 1 in the JSON file: “status_history” should be a list of objects with a status."),
    ({"partnerships": [{"actors": [{"role": "hosts"}]}]},
     "Partnership 1 in the JSON file: “actors” should be a list of objects with a name."),
    ({"partnerships": [{"council_resolutions": [{"reference": "Drs. 1"}]}]},
     "Partnership 1 in the JSON file: “council_resolutions” should be a list of objects with a date."),
])
def test_json_of_the_wrong_shape_is_refused(tmp_path: Path, document: object, message: str) -> None:
    with pytest.raises(ImportFileError) as error:
        read_table(json_file(tmp_path, json.dumps(document)))
    assert str(error.value) == message


def test_json_with_a_huge_number_is_malformed(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as error:
        read_table(json_file(tmp_path, '{"partnerships": [{"since": ' + "9" * 5000 + "}]}"))
    assert str(error.value).startswith("The JSON file is malformed: ")


def test_json_records_are_capped(tmp_path: Path, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 2
    path = json_file(tmp_path, json.dumps({"partnerships": [{"id": str(n)} for n in range(3)]}))
    with pytest.raises(ImportFileError) as error:
        read_table(path)
    assert str(error.value) == "The file has more than 2 rows; please split it into files of at most 2 rows."


def test_json_with_millions_of_empty_objects_is_refused_unparsed(tmp_path: Path) -> None:
    path = json_file(tmp_path, b'{"partnerships": [' + b",".join(repeated(b"{}", 3_000_000)) + b"]}")
    message, peak = refused(path)
    assert message == "The JSON file holds more lists and objects than an export of 100,000 partnerships would."
    assert peak < 20 * MB

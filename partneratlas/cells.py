"""Spreadsheet cells that are never run as formulas, and how an import takes them back exactly.

Excel, LibreOffice and Google Sheets run a cell that begins with = + - @ as a formula, and
some import dialogues do so after a leading tab or carriage return too (CSV injection): a
description like =HYPERLINK("http://…";"click") would become a live link in a download.

- CSV, XLSX and the row reports: such a text gets an apostrophe in front, which spreadsheets
  read as "this is text"; in XLSX it is also written as a text cell, never as a formula
  (openpyxl would store any text that begins with "=" as one). Numbers like -12 or -3.5
  stay as they are: they are no formula.
- Import of CSV and XLSX: restore() removes exactly the apostrophe neutralise() adds, so
  that export → import keeps every text, a leading tab included. To keep that exact, a text
  that itself begins with an apostrophe followed by one of those characters or another
  apostrophe gets one more; any other apostrophe ('s-Hertogenbosch) is left alone in both
  directions.

defusedcsv does the first part for CSV only: it leaves tab and carriage return alone,
turns "|" into "\\|" and cannot tell an apostrophe it added from one that was there, so
an export would not import back unchanged (README, dependencies).
"""

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

TRIGGERS = frozenset("=+-@\t\r")
_AFTER_APOSTROPHE = TRIGGERS | {"'"}
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run the text as a formula."""
    return text[:1] in TRIGGERS and not _NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """The text as a cell that no spreadsheet runs: an apostrophe in front where needed."""
    if is_formula_like(text) or (text[:1] == "'" and text[1:2] in _AFTER_APOSTROPHE):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The text neutralise() was given: exactly the apostrophe it adds is taken away."""
    if text[:1] == "'" and text[1:2] in _AFTER_APOSTROPHE:
        return text[1:]
    return text


def xlsx_cell(sheet: Any, value: object) -> object:
    """A value for a write-only XLSX row: text neutralised and written as a text cell.

    Characters that XML cannot hold (control characters other than tab, line feed and
    carriage return) are left out: no spreadsheet can store them.
    """
    if not isinstance(value, str):
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] not in _AFTER_APOSTROPHE:
        return value
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.data_type = "s"
    return cell

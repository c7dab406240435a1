"""Read an import file into a header row and data rows of text, whatever produced it.

CSV from German Excel (";", cp1252 or UTF-8 with BOM), from LibreOffice or a database
(","), XLSX, and the JSON that `registry export` writes. Each reader streams the file and
stops at the limits in limits.py (rows, characters per cell, columns, unpacked size): a
file that passes one is refused whole, with a message that names the limit.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.utils.translation import gettext as _

from partneratlas.cells import restore
from partneratlas.registry.importing.jsonfile import read_json_records
from partneratlas.registry.importing.limits import MAX_COLUMNS, ImportFileError, Limits, too_many_columns
from partneratlas.registry.importing.xlsx import read_xlsx

__all__ = ["MAX_BYTES", "ImportFileError", "Table", "read_table"]

MAX_BYTES = 200 * 1024 * 1024
_SNIFF = 64 * 1024


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # each padded to the header length
    encoding: str = ""
    delimiter: str = ""


def read_table(path: Path) -> Table:
    limits = Limits.current()
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF)
    except OSError as exc:
        raise ImportFileError(_("The file %(name)s cannot be read: %(error)s")
                              % {"name": path.name, "error": exc.strerror}) from exc
    if size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    if size <= _SNIFF and not head.strip():
        raise ImportFileError(_("The file is empty."))
    if head[:4] == b"PK\x03\x04":
        return _Collector(limits).table(read_xlsx(path, limits), "xlsx", "")
    if path.suffix.lower() == ".json" or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return _read_json(path, limits)
    if b"\x00" in head:
        raise ImportFileError(_("This is not a CSV, XLSX or JSON file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _read_csv(path, encoding, limits)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _read_csv(path: Path, encoding: str, limits: Limits) -> Table:
    with open(path, encoding=encoding, newline="") as handle:
        first_line = ""
        while not first_line and (line := handle.readline(_SNIFF)):
            first_line = line.strip("\r\n")
        counts = {d: first_line.count(d) for d in (";", ",", "\t")}
        delimiter = max(counts, key=lambda d: counts[d])
        if counts[delimiter] == 0:
            raise ImportFileError(_("The first line has no “;”, “,” or tab between column names."))
        handle.seek(0)
        if csv.field_size_limit() <= limits.cell_chars:
            csv.field_size_limit(limits.cell_chars + 1)
        reader = csv.reader(_text_lines(handle), delimiter=delimiter)
        try:
            return _Collector(limits).table(
                ((reader.line_num, cells) for cells in reader), encoding, delimiter)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise limits.cell_too_long(reader.line_num) from exc
            raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def _text_lines(handle: TextIO) -> Iterator[str]:
    for line in handle:
        if "\x00" in line:
            raise ImportFileError(_("This is not a CSV, XLSX or JSON file."))
        yield line


def _read_json(path: Path, limits: Limits) -> Table:
    from partneratlas.registry.exporting import flatten

    flat = [flatten(record) for record in read_json_records(path, limits)]
    headers = list(dict.fromkeys(h for record in flat for h in record))
    return Table(headers, [[record.get(h, "") for h in headers] for record in flat], "utf-8", "json")


class _Collector:
    """Rows as the importer wants them, checked against the limits while they arrive.

    Cells are stripped, and the apostrophe an export puts before a formula-like text is
    taken away again (cells.restore); empty rows are skipped; the first row with a value is
    the header (without empty cells at its end) and the others are cut or padded to its length.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def table(self, rows: Iterable[tuple[int, list[str]]], encoding: str, delimiter: str) -> Table:
        headers: list[str] | None = None
        body: list[list[str]] = []
        cap, width = self.limits.cell_chars, 0
        for number, cells in rows:
            if len(cells) > MAX_COLUMNS:
                raise too_many_columns(number)
            values = []
            for cell in cells:
                if len(cell) > cap:
                    raise self.limits.cell_too_long(number)
                text = cell.strip()
                if text[:1] == "'":
                    text = restore(text)
                values.append(text)
            if not any(values):
                continue
            if headers is None:
                while values and not values[-1]:
                    values.pop()
                headers, width = values, len(values)
                continue
            if len(body) == self.limits.rows:
                raise self.limits.too_many_rows()
            body.append((values + [""] * width)[:width])
        if headers is None:
            raise ImportFileError(_("The file has no header row."))
        return Table(headers, body, encoding, delimiter)

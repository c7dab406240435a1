"""Read an import file into a header row and data rows of text, whatever produced it.

CSV from German Excel (";", cp1252 or UTF-8 with BOM), from LibreOffice or a database
(","), XLSX, and the JSON that `registry export` writes.
"""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

MAX_BYTES = 200 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # each padded to the header length
    encoding: str = ""
    delimiter: str = ""


def read_table(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("The file %(name)s cannot be read: %(error)s")
                              % {"name": path.name, "error": exc.strerror}) from exc
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if path.suffix.lower() == ".json" or data.lstrip()[:1] in (b"{", b"["):
        return _read_json(data)
    return _read_csv(data)


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV, XLSX or JSON file."))
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise ImportFileError(_("The first line has no “;”, “,” or tab between column names."))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return _table(rows, encoding, delimiter)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("The XLSX file is damaged or not an Excel workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(rows, "xlsx", "")


def _read_json(data: bytes) -> Table:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(_("The JSON file is malformed: %(error)s") % {"error": exc}) from exc
    records = document.get("partnerships") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError(_("The JSON file holds no list of partnerships."))
    from partneratlas.registry.exporting import flatten

    flat = [flatten(record) for record in records]
    headers = list(dict.fromkeys(h for record in flat for h in record))
    return Table(headers, [[record.get(h, "") for h in headers] for record in flat], "utf-8", "json")


def _table(rows: list[list[str]], encoding: str, delimiter: str) -> Table:
    rows = [[cell.strip() for cell in row] for row in rows]
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportFileError(_("The file has no header row."))
    headers = rows[0]
    while headers and not headers[-1]:
        headers.pop()
    body = []
    for row in rows[1:]:
        if any(row):
            body.append((row + [""] * len(headers))[: len(headers)])
    return Table(headers, body, encoding, delimiter)

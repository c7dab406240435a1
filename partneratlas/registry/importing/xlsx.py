"""Read the first worksheet of an XLSX file, row by row, within fixed bounds.

openpyxl reads workbooks faithfully but trusts them: even in read-only mode it loads the
shared strings whole, pads every row to the sheet's declared dimension and yields every
missing row up to the highest row number, so that a 1 MB file claimed gigabytes (issue 10).
This reader looks at the archive's directory before unpacking anything, unpacks only the
parts it needs, streams them through expat and refuses any DTD (hence any entity), cuts
every text at the cell limit while reading it, keeps shared strings as UTF-8 bytes, and
yields only the cells that are there. Numbers and dates come out as openpyxl gives them:
its rules for date formats and its date conversion are reused.
"""

import datetime
import posixpath
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from partneratlas.registry.importing.limits import (
    EXCEL_ROWS,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_RATIO,
    RATIO_FROM,
    ImportFileError,
    Limits,
    number,
    too_many_columns,
)
from partneratlas.uploads import zip_directory

_CHUNK = 64 * 1024
# What a damaged or made-up part raises in the standard library and in the conversions below.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, expat.ExpatError, KeyError, ValueError,
            IndexError, OverflowError, EOFError, OSError, RuntimeError, NotImplementedError)
Handler = Callable[..., None]


def damaged() -> ImportFileError:
    return ImportFileError(_("The XLSX file is damaged or not an Excel workbook."))


def read_xlsx(path: Path, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for every row of the first worksheet that has a value."""
    try:
        with open(path, "rb") as handle:
            directory = zip_directory(handle)
        if directory is None:
            raise damaged()
        if directory.entries > MAX_PARTS:
            raise ImportFileError(_("The workbook has %(count)s parts; at most %(limit)s are read.")
                                  % {"count": number(directory.entries), "limit": number(MAX_PARTS)})
        if directory.size > MAX_PARTS * 1024:  # a directory far longer than its entries need
            raise damaged()
        with zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) > MAX_PARTS:  # the directory held more than its end record said
                raise damaged()
            parts = _Parts(archive, limits)
            workbook = parts.workbook()
            sheet = _Sheet(parts.shared_strings(workbook.get("sharedStrings")),
                           parts.date_styles(workbook.get("styles")), workbook["epoch"], limits)
            for _done in parts.parse(workbook["sheet"], start=sheet.start, end=sheet.end, text=sheet.text):
                yield from sheet.rows
                sheet.rows.clear()
    except _DAMAGED as exc:
        raise damaged() from exc


class _Parts:
    """The archive's parts, each checked before it is unpacked and read through expat."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive, self.limits, self.unpacked = archive, limits, 0

    def parse(self, name: str, *, start: Handler, end: Handler | None = None,
              text: Handler | None = None) -> Iterator[None]:
        """Feed the part to expat chunk by chunk, yielding after each chunk."""
        info = self.archive.getinfo(name)
        self.unpacked += info.file_size
        if self.unpacked > self.limits.unpacked_bytes:
            raise self.limits.too_much_unpacked(self.unpacked)
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportFileError(
                _("The workbook is packed suspiciously tightly (“%(part)s” unpacks to %(ratio)s times its size); "
                  "it is not read.") % {"part": name, "ratio": number(info.file_size // max(info.compress_size, 1))})
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        parser.StartElementHandler = start
        if end:
            parser.EndElementHandler = end
        if text:
            parser.CharacterDataHandler = text
        with self.archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)
        yield

    def read(self, name: str, start: Handler, end: Handler | None = None, text: Handler | None = None) -> None:
        for _done in self.parse(name, start=start, end=end, text=text):
            pass

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (kind, part name) of what `part` refers to: "worksheet", "sharedStrings", "styles" …"""
        folder = posixpath.dirname(part)
        found: dict[str, tuple[str, str]] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                name = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], name)

        self.read(posixpath.join(folder, "_rels", posixpath.basename(part) + ".rels"), start)
        return found

    def workbook(self) -> dict[str, Any]:
        """The parts of the workbook this reader needs, and its date system."""
        package = self.relationships("")
        path = next((name for kind, name in package.values() if kind == "officeDocument"), "xl/workbook.xml")
        sheets: list[str] = []
        found: dict[str, Any] = {"epoch": CALENDAR_WINDOWS_1900}

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "sheet":
                sheets.extend(value for key, value in attrs.items() if _local(key) == "id")
            elif local == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
                found["epoch"] = CALENDAR_MAC_1904

        self.read(path, start)
        related = self.relationships(path)
        worksheets = [related[rid][1] for rid in sheets if related.get(rid, ("",))[0] == "worksheet"]
        if not worksheets:
            raise ImportFileError(_("The workbook has no worksheet."))
        found["sheet"] = worksheets[0]
        for kind, name in related.values():
            if kind in ("sharedStrings", "styles"):
                found[kind] = name
        return found

    def shared_strings(self, name: str | None) -> "_SharedStrings":
        strings = _SharedStrings(self.limits.cell_chars)
        if name is None:
            return strings
        self.read(name, strings.start, strings.end, strings.text)
        return strings

    def date_styles(self, name: str | None) -> frozenset[int]:
        """The cell styles (indices into cellXfs) that show a number as a date."""
        if name is None:
            return frozenset()
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        styles: list[int] = []
        inside = [False]

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "numFmt":
                formats[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                inside[0] = True
            elif local == "xf" and inside[0]:
                styles.append(int(attrs.get("numFmtId", "0")))

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                inside[0] = False

        self.read(name, start, end)
        return frozenset(index for index, number in enumerate(styles) if is_date_format(formats.get(number, "")))


class _SharedStrings:
    """The workbook's shared strings as UTF-8 bytes and end offsets: little memory whatever their count."""

    def __init__(self, cell_chars: int) -> None:
        self._bytes = bytearray()
        self._ends = array("q")
        self._keep = cell_chars + 1  # a longer text is refused where a cell uses it
        self._parts: list[str] = []
        self._length = 0
        self._reading = False  # inside a <t>, but not of a phonetic reading (<rPh>)
        self._phonetic = False
        self._cache: dict[int, str] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "si":
            self._parts, self._length = [], 0
        elif local == "t":
            self._reading = not self._phonetic
        elif local == "rPh":
            self._phonetic = True

    def end(self, tag: str) -> None:
        local = _local(tag)
        if local == "si":
            self._bytes += "".join(self._parts).encode()
            self._ends.append(len(self._bytes))
        elif local == "t":
            self._reading = False
        elif local == "rPh":
            self._phonetic = False

    def text(self, data: str) -> None:
        if self._reading and self._length < self._keep:
            self._parts.append(data[:self._keep - self._length])
            self._length += len(data)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        if index in self._cache:
            return self._cache[index]
        value = self._bytes[self._ends[index - 1] if index else 0:self._ends[index]].decode()
        if len(self._cache) < 65536:  # the same few kinds, countries and statuses, decoded once
            self._cache[index] = value
        return value


class _Sheet:
    """expat handlers that collect the rows of a worksheet, checking every limit as they go."""

    def __init__(self, shared: _SharedStrings, date_styles: frozenset[int], epoch: datetime.datetime,
                 limits: Limits) -> None:
        self.shared, self.date_styles, self.epoch, self.limits = shared, date_styles, epoch, limits
        self.rows: list[tuple[int, list[str]]] = []
        self.row = 0
        self.cells: list[tuple[int, str]] = []
        self.column = 0
        self.kind = "n"
        self.style = -1
        self.parts: list[str] | None = None  # the text of <v> or <t> once the cell has one
        self.length = 0
        self.reading = False
        self.phonetic = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "c":
            ref = attrs.get("r")
            self.column = column_index_from_string(ref.rstrip("0123456789")) if ref else self.column + 1
            self.kind, self.style = attrs.get("t", "n"), int(attrs.get("s", "-1"))
            self.parts, self.length = None, 0
        elif local in ("v", "t") and not self.phonetic:
            self.parts = self.parts or []
            self.reading = True
        elif local == "row":
            number = attrs.get("r")
            self.row = int(number) if number else self.row + 1
            if not 0 < self.row <= EXCEL_ROWS:
                raise ValueError(f"row {self.row}")
            self.cells, self.column = [], 0
        elif local == "rPh":
            self.phonetic = True

    def text(self, data: str) -> None:
        if self.reading and self.parts is not None:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise self.limits.cell_too_long(self.row)
            self.parts.append(data)

    def end(self, tag: str) -> None:
        local = _local(tag)
        if local == "c":
            value = self._value()
            if value:
                if self.column > MAX_COLUMNS:
                    raise too_many_columns(self.row)
                self.cells.append((self.column, value))
            self.parts = None
        elif local in ("v", "t"):
            self.reading = False
        elif local == "row":
            if self.cells:
                values = [""] * max(column for column, _value in self.cells)
                for column, value in self.cells:
                    values[column - 1] = value
                self.rows.append((self.row, values))
        elif local == "rPh":
            self.phonetic = False

    def _value(self) -> str:
        """The cell's value as text, as openpyxl would give it and the import reads it."""
        if self.parts is None:
            return ""
        text = "".join(self.parts)
        kind = self.kind
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "s":
            value = self.shared[int(text)]
            if len(value) > self.limits.cell_chars:
                raise self.limits.cell_too_long(self.row)
            return value
        if not text:
            return ""
        if kind == "b":
            return "True" if text.strip() in ("1", "true") else "False"
        if kind == "d":
            try:
                return as_text(datetime.datetime.fromisoformat(text))
            except ValueError:
                return text
        if self.style in self.date_styles:
            return as_text(from_excel(float(text), self.epoch))
        if "." in text or "e" in text or "E" in text:
            return as_text(float(text))
        return str(int(text))


def as_text(value: object) -> str:
    """A date, time or number as the import reads it: ISO dates, no ".0" on whole numbers."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _local(name: str) -> str:
    """The element or attribute name without its namespace prefix ("x:row" → "row")."""
    return name.rpartition(":")[2]


def _refuse_doctype(*args: object) -> None:
    raise ImportFileError(_("The XLSX file contains XML declarations (DTD or entities), which Excel never writes; "
                            "it is not read."))

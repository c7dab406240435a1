"""Hostile and malformed import files, made on the spot: bombs, lies, entities, wrong shapes.

Large parts are written in chunks, so that a 100 MB bomb costs the test little memory.
"""

import io
import resource
import struct
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = XML + (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
PACKAGE_RELS = XML + (
    f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/officeDocument" '
    f'Target="xl/workbook.xml"/></Relationships>').encode()
WORKBOOK = XML + (
    f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet name="partnerships" sheetId="1" r:id="rId1"/>'
    f'</sheets></workbook>').encode()
WORKBOOK_RELS = XML + (
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    f'</Relationships>').encode()


def sheet(rows: Iterable[bytes], *, head: bytes = b"") -> Iterator[bytes]:
    """A worksheet part around rows of `<row>` elements; `head` goes before the sheet data."""
    yield XML + f'<worksheet xmlns="{MAIN}">'.encode() + head + b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def row(number: int, *cells: str) -> bytes:
    """A row of inline strings in columns A, B, C …"""
    return f'<row r="{number}">'.encode() + b"".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        for i, text in enumerate(cells)) + b"</row>"


def shared_strings(strings: Iterable[bytes], *, count: str = "") -> Iterator[bytes]:
    counted = f' count="{count}" uniqueCount="{count}"' if count else ""
    yield XML + f'<sst xmlns="{MAIN}"{counted}>'.encode()
    for text in strings:
        yield b"<si><t>" + text + b"</t></si>"
    yield b"</sst>"


HEADER = row(1, "Kommune", "Partnerkommune")
DATA = row(2, "Wuppertal", "Dongguan")


def workbook(path: Path, parts: dict[str, bytes | Iterable[bytes]] | None = None, *,
             level: int = 6) -> Path:
    """An XLSX with a header and one row, whose parts `parts` replaces or adds to."""
    members: dict[str, bytes | Iterable[bytes]] = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS, "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet([HEADER, DATA]),
        "xl/sharedStrings.xml": shared_strings([]), **(parts or {})}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in members.items():
            with archive.open(name, "w") as out:
                for chunk in [content] if isinstance(content, bytes) else content:
                    out.write(chunk)
    return path


def repeated(chunk: bytes, times: int) -> Iterator[bytes]:
    for _ in range(times):
        yield chunk


def _offsets(data: bytes, name: str) -> tuple[int, int]:
    """Where the local header and the central directory entry of `name` start."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    central = -1
    while True:
        central = data.index(b"PK\x01\x02", central + 1)
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name.encode():
            return local, central


def lie_about_size(path: Path, name: str, size: int) -> Path:
    """Make the directory say that `name` unpacks to `size` bytes (without zip64 extras)."""
    data = bytearray(path.read_bytes())
    local, central = _offsets(bytes(data), name)
    struct.pack_into("<I", data, central + 24, size)
    struct.pack_into("<I", data, local + 22, size)
    path.write_bytes(bytes(data))
    return path


def break_crc(path: Path, name: str) -> Path:
    data = bytearray(path.read_bytes())
    local, central = _offsets(bytes(data), name)
    crc = struct.unpack_from("<I", data, central + 16)[0] ^ 0xFFFF
    struct.pack_into("<I", data, central + 16, crc)
    struct.pack_into("<I", data, local + 14, crc)
    path.write_bytes(bytes(data))
    return path


@contextmanager
def bounded_memory(extra: int) -> Iterator[list[int]]:
    """Cap the address space at what the process has now plus `extra` bytes, so that a bomb fails
    with MemoryError instead of taking the machine; yields [peak of Python allocations] when done."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    cap = pages * resource.getpagesize() + extra
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

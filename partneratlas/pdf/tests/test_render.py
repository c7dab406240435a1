"""The shared PDF piece: offline, Chinese embedded, in the reader's language."""

import re
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command

from partneratlas.pdf.render import FetchRefused, offline_fetcher, render_pdf


def fonts_of(pdf: bytes) -> set[str]:
    """The embedded fonts' names (WeasyPrint compresses its objects into streams)."""
    streams = []
    for match in re.finditer(rb"stream\n(.*?)\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return {name.decode().split("+", 1)[-1] for name in re.findall(rb"/FontName\s*/([^\s/>]+)", pdf + b"".join(streams))}


def test_a_chinese_document_embeds_a_font_with_chinese_glyphs() -> None:
    pdf = render_pdf(template="pdf/specimen.html", context={}, language="zh-hans")
    assert pdf.startswith(b"%PDF-")
    assert any("CJK" in font for font in fonts_of(pdf)), fonts_of(pdf)


def test_the_document_is_written_in_the_language_asked_for() -> None:
    german = render_pdf(template="pdf/specimen.html", context={}, language="de")
    english = render_pdf(template="pdf/specimen.html", context={}, language="en")
    assert german != english  # the title and the explanation are translated


def test_nothing_is_fetched_from_the_network() -> None:
    fetch = offline_fetcher()
    with pytest.raises(FetchRefused):
        fetch("https://example.org/logo.png")
    with pytest.raises(FetchRefused):
        fetch("file:///etc/passwd")
    assert fetch("data:text/plain,ok").read() == b"ok"
    assert fetch("file:///x/static/atlas/favicon.svg").read().startswith(b"<svg")


def test_the_specimen_command_writes_a_pdf(tmp_path: Path) -> None:
    call_command("pdf", "specimen", str(tmp_path / "s.pdf"))
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")


def test_the_system_check_finds_pango_and_chinese_fonts() -> None:
    from partneratlas.pdf.checks import pdf_fonts

    assert pdf_fonts() == []

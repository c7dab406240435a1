"""Activities for tests, written through the real service; small but real files."""

import datetime
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from partneratlas.activities.models import Activity, ActivityKind, Media, Visibility
from partneratlas.activities.services import ActivityData, NewFile, activity_save
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.registry.models import Partnership

TODAY = datetime.date(2025, 6, 15)


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00"))
            + chunk(b"IEND", b""))


def png(name: str = "visit.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf(name: str = "minutes.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


def photo(*, consent: bool = True, name: str = "visit.png") -> NewFile:
    return NewFile(upload=png(name), media=Media.IMAGE, content_type="image/png", caption="Gruppenbild",
                   credit="Stadt Wuppertal", licence="CC BY 4.0", consent=consent)


def activity(partnership: Partnership, *, side: str | None = None, kind: str = "delegation-visit",
             date: datetime.date = datetime.date(2025, 5, 1), title: str = "Besuch", public: bool = True,
             files: list[NewFile] | None = None, today: datetime.date = TODAY, **values: Any) -> Activity:
    side_id = (Municipality.objects.get(ref=side).id if side
               else partnership.memberships.values_list("municipality_id", flat=True).first())
    data = ActivityData(kind_id=ActivityKind.objects.get(code=kind).pk, date=date, title=title,
                        side_id=side_id,  # type: ignore[arg-type]
                        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL, **values)
    return activity_save(partnership=partnership, activity=None, data=data, author=Author("demo", name="test"),
                         today=today, files=files)

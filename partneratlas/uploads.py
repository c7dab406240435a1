"""Uploaded files are checked before anything keeps them: size, name, declared type and content.

A request body larger than REQUEST_MAX_MB is refused before anything reads it
(RequestSizeLimitMiddleware). A file passes only when all four checks agree: an
"import.xlsx" must be a zip with a workbook inside, a CSV must be text, a JSON file must
start like JSON. The error says what was wrong, in the user's language.
"""

import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    suffixes: tuple[str, ...]
    content_types: frozenset[str]


# What browsers and operating systems declare for these files; octet-stream when they don't know.
_UNKNOWN = "application/octet-stream"
IMPORT_KINDS = {
    "csv": Kind((".csv", ".txt"), frozenset({"text/csv", "text/plain", "application/csv", "text/comma-separated-values",
                                             "application/vnd.ms-excel", "text/x-csv", _UNKNOWN})),
    "xlsx": Kind((".xlsx",), frozenset({
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip", _UNKNOWN})),
    "json": Kind((".json",), frozenset({"application/json", "text/json", "text/plain", _UNKNOWN})),
}
# Photos and documents (the activity log): recognised by their first bytes, never by their name alone.
MEDIA_KINDS = {
    "jpeg": Kind((".jpg", ".jpeg"), frozenset({"image/jpeg", "image/pjpeg", _UNKNOWN})),
    "png": Kind((".png",), frozenset({"image/png", _UNKNOWN})),
    "webp": Kind((".webp",), frozenset({"image/webp", _UNKNOWN})),
    "pdf": Kind((".pdf",), frozenset({"application/pdf", "application/x-pdf", _UNKNOWN})),
}
_SIGNATURES = {"jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF-",)}
_SNIFF = 64 * 1024
MAX_ZIP_ENTRIES = 1000  # no workbook has more parts; zipfile reads the whole directory into memory


class RequestSizeLimitMiddleware:
    """A request body above REQUEST_MAX_MB is answered with 413 before anything reads it.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files: a 200 MB upload
    was parsed in full before the form could say it is too large. The declared length is
    enough: Django reads a body only up to it (WSGI), and a body sent without a length
    (chunked) not at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH")
        if length and length.isdigit() and int(length) > settings.REQUEST_MAX_MB * 1024 * 1024:
            return too_large_answer(request, int(length))
        return self.get_response(request)


def too_large_answer(request: HttpRequest, size: int) -> HttpResponse:
    """413 with the message the upload form gives for a file above its limit: JSON under /api/, a page elsewhere."""
    limit = min(settings.IMPORT_MAX_MB, settings.REQUEST_MAX_MB) * 1024 * 1024
    message = _("The file is %(size)s; at most %(limit)s can be uploaded.") % {
        "size": filesizeformat(size), "limit": filesizeformat(limit)}
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": []}, status=413)
    return render(request, "413.html", {"message": message, "back": request.path}, status=413)


def check_upload(upload: UploadedFile, *, max_bytes: int, kinds: dict[str, Kind] = IMPORT_KINDS) -> str:
    """The kind of an acceptable upload; ValidationError with the reason otherwise."""
    name = (upload.name or "").lower()
    kind = next((k for k, spec in kinds.items() if name.endswith(spec.suffixes)), None)
    if kind is None:
        suffixes = ", ".join(s for spec in kinds.values() for s in spec.suffixes)
        raise ValidationError(_("Files of this type cannot be uploaded here. Allowed: %(suffixes)s.")
                              % {"suffixes": suffixes}, code="suffix")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(_("The file is %(size)s; at most %(limit)s can be uploaded.")
                              % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}, code="size")
    declared = (upload.content_type or _UNKNOWN).split(";")[0].strip().lower()
    if declared not in kinds[kind].content_types:
        raise ValidationError(_("The file is named like a %(kind)s file but was sent as “%(type)s”.")
                              % {"kind": kind.upper(), "type": declared}, code="content_type")
    upload.seek(0)
    head = upload.read(_SNIFF)
    upload.seek(0)
    if not _looks_like(kind, head, upload):
        raise ValidationError(_("The content of the file is not %(kind)s.") % {"kind": kind.upper()}, code="content")
    return kind


def _looks_like(kind: str, head: bytes, upload: UploadedFile) -> bool:
    if kind in _SIGNATURES:
        return head.startswith(_SIGNATURES[kind])
    if kind == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            directory = zip_directory(upload)
            if directory is None or directory.entries > MAX_ZIP_ENTRIES or directory.size > MAX_ZIP_ENTRIES * 1024:
                return False
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
    if b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"MZ", b"\x7fELF", b"\xd0\xcf\x11\xe0")):
        return False  # binary: a zip, PDF, executable or old Office file renamed
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind == "json":
        return text[:1] in (b"{", b"[")
    return True


@dataclass(frozen=True)
class ZipDirectory:
    entries: int
    size: int  # bytes of the central directory, which zipfile reads whole


_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


def zip_directory(handle: IO[bytes]) -> ZipDirectory | None:
    """What a zip file's end record says about its directory, read before zipfile reads the directory.

    zipfile.ZipFile reads the whole central directory into memory, however long the
    end record says it is; a check of these two figures first keeps that bounded.
    None when there is no end record (not a zip file).
    """
    handle.seek(0, io.SEEK_END)
    length = handle.tell()
    start = max(0, length - 22 - 65535)  # the end record, then a comment of at most 64 KiB
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, size = struct.unpack_from("<HL", tail, at + 10)
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and at >= 20 and tail[at - 20:at - 16] == _END64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, at - 12)
        handle.seek(offset)
        record = handle.read(56)
        if len(record) < 56 or not record.startswith(_END64):
            return None
        entries, size = struct.unpack_from("<QQ", record, 32)
    return ZipDirectory(entries, size)

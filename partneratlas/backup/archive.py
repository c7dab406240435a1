"""The backup archive: a manifest, the database and the uploaded files in one tar.gz.

Layout (format 1)::

    manifest.json        format, version, engine, migrations per app, row counts, size and SHA-256 of every file
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    database.pgdump      PostgreSQL: pg_dump --format=custom
    media/<path>         every file under MEDIA_ROOT

The manifest comes first, so that a foreign file is refused after a few bytes; every other
entry is checked against it while it is read. Only plain files with the names the manifest
lists are accepted: no links, no directories, no absolute paths, no "..".
"""

import contextlib
import dataclasses
import datetime
import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

FORMAT = "partneratlas-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA = "media/"
MANIFEST_MAX_BYTES = 32 * 1024 * 1024
CHUNK = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class BackupError(Exception):
    """A backup cannot be made, read or restored. The message says why, in the user's language."""


@dataclasses.dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclasses.dataclass(frozen=True)
class Manifest:
    """What an archive holds. `counts` are rows per model label, `migrations` the applied ones per app."""

    engine: str
    created_at: str  # ISO 8601, UTC
    made_by: str  # the PartnerAtlas version that wrote it
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    files: dict[str, FileEntry]
    version: int = VERSION

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.engine]

    @property
    def media_files(self) -> list[str]:
        return [name for name in self.files if name.startswith(MEDIA)]

    def to_json(self) -> bytes:
        data = {"format": FORMAT, **dataclasses.asdict(self)}
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes, *, archive: Path) -> "Manifest":
        """The manifest in `raw`; BackupError when it is not ours, newer than this code or malformed."""
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackupError(_("The manifest of “%(path)s” is damaged (%(detail)s).")
                              % {"path": archive, "detail": exc}) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(_("“%(path)s” is not a PartnerAtlas backup (its manifest is of another kind).")
                              % {"path": archive})
        version = data.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise BackupError(_("“%(path)s” is in backup format %(version)s, which this version of PartnerAtlas "
                                "does not know. Restore it with the version that made it (%(made_by)s).")
                              % {"path": archive, "version": version, "made_by": data.get("made_by", "?")})
        try:
            return _parse(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupError(_("The manifest of “%(path)s” is damaged (%(detail)s).")
                              % {"path": archive, "detail": exc}) from exc


def _parse(data: dict[str, Any]) -> Manifest:
    engine = data["engine"]
    if engine not in DATABASE_FILES:
        raise ValueError(f"unknown engine {engine!r}")
    files = {str(name): FileEntry(size=_number(entry["size"]), sha256=str(entry["sha256"]))
             for name, entry in data["files"].items()}
    for name in files:
        if not safe_name(name):
            raise ValueError(f"unsafe file name {name!r}")
    if DATABASE_FILES[engine] not in files:
        raise ValueError("no database file")
    migrations = {str(app): [str(name) for name in names] for app, names in data["migrations"].items()}
    counts = {str(label): _number(count) for label, count in data["counts"].items()}
    return Manifest(engine=engine, created_at=str(data["created_at"]), made_by=str(data["made_by"]),
                    migrations=migrations, counts=counts, files=files, version=data["version"])


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not a count")
    return value


def safe_name(name: str) -> bool:
    """Whether `name` may be in an archive: the database file, or a relative path under media/."""
    if name in DATABASE_FILES.values():
        return True
    parts = name.split("/")
    return (name.startswith(MEDIA) and len(parts) > 1 and not PurePosixPath(name).is_absolute()
            and all(part not in ("", ".", "..") for part in parts) and "\x00" not in name)


def hash_copy(source: IO[bytes], write: Callable[[bytes], object] | None = None) -> FileEntry:
    """Size and SHA-256 of what `source` holds, passing it to `write` on the way when given."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if write is not None:
            write(chunk)
    return FileEntry(size=size, sha256=digest.hexdigest())


def archive_write(*, target: Path, manifest: Manifest, sources: Mapping[str, Path]) -> None:
    """Write the archive to `target`, readable only by its owner (it holds password hashes and e-mail addresses).

    Side effects: writes `target` under a temporary name first and renames it when complete, so that an
    interrupted backup never leaves a file that looks like a backup.
    """
    partial = target.with_name(f".{target.name}.part")
    mtime = int(datetime.datetime.fromisoformat(manifest.created_at).timestamp())
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
                body = manifest.to_json()
                tar.addfile(_member(MANIFEST, len(body), mtime), io.BytesIO(body))
                for name in manifest.files:
                    with sources[name].open("rb") as f:
                        tar.addfile(_member(name, manifest.files[name].size, mtime), f)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _member(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.type = size, mtime, 0o600, tarfile.REGTYPE
    return info


def manifest_read(path: Path) -> Manifest:
    """Only the manifest of the archive at `path`, without reading the rest. Raises BackupError."""
    with _reading(path) as (tar, _unpacked):
        return _first(tar, path)


def archive_read(path: Path, *, extract: Callable[[str], Path | None] = lambda name: None) -> Manifest:
    """Read the whole archive at `path` and check every file against the manifest's size and checksum.

    `extract(name)` says where to write a file (None: only check it). Side effects: writes those files.
    Raises BackupError on the first problem; what was written by then is the caller's to remove.
    """
    with _reading(path) as (tar, unpacked):
        manifest = _first(tar, path)
        seen: set[str] = set()
        try:
            while (member := tar.next()) is not None:
                name = member.name
                entry = manifest.files.get(name)
                if name in seen or entry is None or not member.isreg():
                    raise BackupError(_("“%(path)s” holds “%(name)s”, which its manifest does not list.")
                                      % {"path": path, "name": name})
                if member.size != entry.size:
                    raise BackupError(_("“%(path)s” is damaged: “%(name)s” does not match its checksum.")
                                      % {"path": path, "name": name})
                seen.add(name)
                _check_member(tar, member, entry, extract(name), path)
            while unpacked.read(CHUNK):
                pass  # to the end of the gzip stream, which checks its length and CRC: a cut-off file is damaged
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise _damaged(path, exc) from exc
    missing = sorted(set(manifest.files) - seen)
    if missing:
        raise BackupError(_("“%(path)s” is incomplete: “%(name)s” is missing.") % {"path": path, "name": missing[0]})
    return manifest


def _check_member(tar: tarfile.TarFile, member: tarfile.TarInfo, entry: FileEntry, target: Path | None,
                  archive: Path) -> None:
    source = tar.extractfile(member)
    assert source is not None  # a regular file
    found = hash_copy(source) if target is None else _extract(source, target)
    if found != entry:
        raise BackupError(_("“%(path)s” is damaged: “%(name)s” does not match its checksum.")
                          % {"path": archive, "name": member.name})


def _extract(source: IO[bytes], target: Path) -> FileEntry:
    """Copy `source` to the new file `target`. A write that fails is not the archive's fault (a full disk …): say so."""
    def unwritable(exc: OSError) -> BackupError:
        return BackupError(_("Cannot write %(path)s: %(detail)s.") % {"path": target, "detail": exc.strerror or exc})

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = target.open("xb")
    except OSError as exc:
        raise unwritable(exc) from exc

    def write(chunk: bytes) -> None:
        try:
            out.write(chunk)
        except OSError as exc:
            raise unwritable(exc) from exc

    with out:
        return hash_copy(source, write)


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[tuple[tarfile.TarFile, gzip.GzipFile]]:
    """The archive as a stream of tar entries, and the gzip stream beneath (read to its end, it checks its CRC)."""
    try:
        with path.open("rb") as f:
            start = f.read(2)
    except FileNotFoundError as exc:
        raise BackupError(_("“%(path)s” does not exist.") % {"path": path}) from exc
    if start != GZIP_MAGIC:
        raise BackupError(_("“%(path)s” is not a PartnerAtlas backup (not a tar.gz archive).") % {"path": path})
    with gzip.GzipFile(path, "rb") as unpacked, contextlib.ExitStack() as stack:
        try:
            tar = stack.enter_context(tarfile.open(fileobj=unpacked, mode="r|"))
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise _damaged(path, exc) from exc
        yield tar, unpacked


def _first(tar: tarfile.TarFile, path: Path) -> Manifest:
    try:
        member = tar.next()
        if member is None or member.name != MANIFEST or not member.isreg() or member.size > MANIFEST_MAX_BYTES:
            raise BackupError(_("“%(path)s” is not a PartnerAtlas backup (it does not start with a manifest).")
                              % {"path": path})
        source = tar.extractfile(member)
        assert source is not None
        raw = source.read()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _damaged(path, exc) from exc
    return Manifest.from_json(raw, archive=path)


def _damaged(path: Path, exc: BaseException) -> BackupError:
    return BackupError(_("“%(path)s” is damaged: its compressed data cannot be read (%(detail)s).")
                       % {"path": path, "detail": str(exc) or type(exc).__name__})

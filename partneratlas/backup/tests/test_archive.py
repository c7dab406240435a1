"""The archive: what a backup holds is read back exactly, and a damaged, foreign or unsafe archive is refused.

These tests need no database: they build archives by hand, and restore only into files of their own.
"""

import hashlib
import io
import json
import sqlite3
import stat
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from partneratlas.backup.archive import (
    DATABASE_FILES,
    BackupError,
    FileEntry,
    Manifest,
    archive_write,
    hash_copy,
)
from partneratlas.backup.services import backup_check, backup_restore

UPLOAD = b"Kommune;Land\nWuppertal;DE\n"
SQLITE = {"ENGINE": "django.db.backends.sqlite3"}


def entry(content: bytes) -> FileEntry:
    return hash_copy(io.BytesIO(content))


def manifest(files: dict[str, bytes], **changes: Any) -> Manifest:
    fields: dict[str, Any] = {"engine": "sqlite", "created_at": "2026-03-01T02:30:00+00:00", "made_by": "0.1.0",
                              "migrations": {}, "counts": {}, "files": {n: entry(c) for n, c in files.items()}}
    return Manifest(**{**fields, **changes})


def written(folder: Path, files: dict[str, bytes], **changes: Any) -> Path:
    """An archive as `backup create` writes it, of the given files."""
    sources = {}
    for n, (name, content) in enumerate(files.items()):
        sources[name] = folder / f"source-{n}"
        sources[name].write_bytes(content)
    target = folder / "backup.tar.gz"
    archive_write(target=target, manifest=manifest(files, **changes), sources=sources)
    return target


def handmade(folder: Path, members: list[tuple[str, bytes]], *, link: str = "") -> Path:
    """A tar.gz with exactly these members (and a symbolic link named `link`), as someone else might make it."""
    target = folder / "handmade.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        for name, content in members:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        if link:
            info = tarfile.TarInfo(link)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
    return target


NOISE = hashlib.shake_256(b"noise").digest(100_000)  # does not compress: a cut or a flipped byte hits data
GOOD = {"database.sqlite3": b"a database", "media/imports/liste.csv": UPLOAD}


def refused(archive: Path) -> str:
    with pytest.raises(BackupError) as error:
        backup_check(archive=archive)
    return str(error.value)


def test_check_reads_back_what_was_written(tmp_path: Path) -> None:
    archive = written(tmp_path, GOOD)
    assert backup_check(archive=archive) == manifest(GOOD)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # password hashes and addresses: the owner's only
    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["manifest.json", "database.sqlite3", "media/imports/liste.csv"]


def test_a_changed_file_fails_its_checksum(tmp_path: Path) -> None:
    members = [("manifest.json", manifest(GOOD).to_json()), ("database.sqlite3", b"a database"),
               ("media/imports/liste.csv", UPLOAD.replace(b"DE", b"CN"))]  # same size, other content
    archive = handmade(tmp_path, members)
    assert refused(archive) == f"“{archive}” is damaged: “media/imports/liste.csv” does not match its checksum."


def test_a_damaged_archive_is_refused(tmp_path: Path) -> None:
    archive = written(tmp_path, {"database.sqlite3": NOISE})
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    assert refused(archive).startswith(f"“{archive}” is damaged")


@pytest.mark.parametrize("keep", [3000, -8])  # in the middle; only gzip's checksum and length missing
def test_a_cut_off_archive_is_refused(tmp_path: Path, keep: int) -> None:
    archive = written(tmp_path, {"database.sqlite3": NOISE})
    archive.write_bytes(archive.read_bytes()[:keep])
    assert refused(archive).startswith(f"“{archive}” is damaged")


def test_foreign_files_are_not_taken_for_a_backup(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not an archive")
    assert refused(text) == f"“{text}” is not a PartnerAtlas backup (not a tar.gz archive)."
    other = handmade(tmp_path, [("photo.jpg", b"\xff\xd8\xff"), ("manifest.json", b"{}")])
    assert refused(other) == f"“{other}” is not a PartnerAtlas backup (it does not start with a manifest)."
    other = handmade(tmp_path, [("manifest.json", json.dumps({"format": "docker-image"}).encode())])
    assert refused(other) == f"“{other}” is not a PartnerAtlas backup (its manifest is of another kind)."
    missing = tmp_path / "missing.tar.gz"
    assert refused(missing) == f"“{missing}” does not exist."


def test_a_newer_format_is_refused(tmp_path: Path) -> None:
    data = {**json.loads(manifest(GOOD).to_json()), "version": 2, "made_by": "3.0.0"}
    archive = handmade(tmp_path, [("manifest.json", json.dumps(data).encode())])
    assert refused(archive) == (f"“{archive}” is in backup format 2, which this version of PartnerAtlas does not "
                                "know. Restore it with the version that made it (3.0.0).")


@pytest.mark.parametrize("name", ["media/../../etc/cron.d/x", "/etc/passwd", "media/", "manage.py", "media/./a"])
def test_a_manifest_naming_a_file_outside_media_is_refused(tmp_path: Path, name: str) -> None:
    data = json.loads(manifest(GOOD).to_json())
    data["files"][name] = {"size": 1, "sha256": "0" * 64}
    archive = handmade(tmp_path, [("manifest.json", json.dumps(data).encode())])
    assert refused(archive) == f"The manifest of “{archive}” is damaged (unsafe file name {name!r})."


def test_links_and_unlisted_files_are_refused(tmp_path: Path) -> None:
    listed = [("manifest.json", manifest(GOOD).to_json()), ("database.sqlite3", b"a database")]
    archive = handmade(tmp_path, listed, link="media/imports/liste.csv")
    assert refused(archive) == f"“{archive}” holds “media/imports/liste.csv”, which its manifest does not list."
    archive = handmade(tmp_path, [*listed, ("media/imports/liste.csv", UPLOAD), ("media/extra.txt", b"x")])
    assert refused(archive) == f"“{archive}” holds “media/extra.txt”, which its manifest does not list."
    archive = handmade(tmp_path, listed)
    assert refused(archive) == f"“{archive}” is incomplete: “media/imports/liste.csv” is missing."


def test_restore_refuses_another_database_system_and_touches_nothing(tmp_path: Path) -> None:
    archive = written(tmp_path, {DATABASE_FILES["postgresql"]: b"PGDMP"}, engine="postgresql")
    target = tmp_path / "site.sqlite3"
    with pytest.raises(BackupError) as error:
        backup_restore(archive=archive, database={**SQLITE, "NAME": str(target)}, media_root=tmp_path / "media",
                       force=True)
    assert str(error.value) == (f"“{archive}” holds a PostgreSQL database, but this site uses SQLite. A backup can "
                                "only be restored into the same database system.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.tar.gz", "source-0"]


def test_restore_refuses_a_backup_of_a_newer_version(tmp_path: Path) -> None:
    archive = written(tmp_path, GOOD, made_by="9.0", migrations={"registry": ["0001_initial", "0099_from_later"]})
    with pytest.raises(BackupError) as error:
        backup_restore(archive=archive, database={**SQLITE, "NAME": str(tmp_path / "site.sqlite3")},
                       media_root=tmp_path / "media", force=True)
    assert str(error.value) == (f"“{archive}” comes from a newer version of PartnerAtlas (9.0): the migrations "
                                "registry.0099_from_later are unknown here. Install that version, then restore.")


def test_a_backup_older_than_the_code_is_restored_and_asks_for_migrate(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(old)) as db:
        db.execute("CREATE TABLE django_migrations (id integer PRIMARY KEY, app text, name text, applied text)")
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('registry', '0001_initial', '')")
        db.commit()
    files = {"database.sqlite3": old.read_bytes(), "media/imports/liste.csv": UPLOAD}
    archive = written(tmp_path, files, migrations={"registry": ["0001_initial"]})
    target = tmp_path / "new" / "site.sqlite3"
    restored = backup_restore(archive=archive, database={**SQLITE, "NAME": str(target)},
                              media_root=tmp_path / "new" / "media", force=False)
    assert (restored.needs_migrate, restored.counts) == (True, {})
    assert target.read_bytes() == old.read_bytes()
    assert (tmp_path / "new" / "media" / "imports" / "liste.csv").read_bytes() == UPLOAD
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["media", "site.sqlite3"]  # nothing left over

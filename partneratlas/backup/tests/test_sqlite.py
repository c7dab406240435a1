"""Backup and restore on SQLite: the online backup of the live database, a restore into a new file and over data.

The site is backed up once for the module from the test database (see sites.py); each test
restores that archive into a database file and a MEDIA_ROOT of its own.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from importlib.metadata import version
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from partneratlas.backup.archive import BackupError
from partneratlas.backup.services import Restored, backup_restore
from partneratlas.backup.tests.sites import UPLOAD, SiteBackup, back_up_a_site

# pytest-django makes the test database only for a session with a test that asks for one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site_backup(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> SiteBackup:
    if connection.vendor != "sqlite":
        pytest.skip("the test database is PostgreSQL; SQLite's backup is tested in the run on SQLite")
    return back_up_a_site(tmp_path_factory.mktemp("site"), django_db_blocker)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "site.sqlite3"


def restore(archive: Path, database: Path, *, force: bool = False) -> Restored:
    return backup_restore(archive=archive, database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)},
                          media_root=database.parent / "media", force=force)


def rows(database: Path, query: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(database)) as db:
        return db.execute(query).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_restores_into_a_new_database_with_every_row_and_file(site_backup: SiteBackup,
                                                                       database: Path) -> None:
    restored = restore(site_backup.archive, database)
    assert restored.counts == site_backup.counts
    assert (restored.counts["registry.Partnership"], restored.counts["auth.User"]) == (2, 1)
    assert {str(uuid.UUID(uid)) for (uid,) in rows(database, "SELECT uid FROM registry_partnership")} == (
        site_backup.partnerships)
    assert rows(database, "SELECT email FROM auth_user") == [("ed@wuppertal.de",)]
    assert rows(database, "SELECT file FROM editing_importjob") == [("imports/liste.csv",)]
    assert (database.parent / "media" / "imports" / "liste.csv").read_bytes() == UPLOAD
    assert restored.manifest.media_files == ["media/imports/liste.csv"]
    assert not restored.needs_migrate
    assert sorted(p.name for p in database.parent.iterdir()) == ["media", "site.sqlite3"]  # nothing left over


def test_a_restore_over_data_needs_force_then_brings_everything_back(site_backup: SiteBackup, database: Path) -> None:
    restore(site_backup.archive, database)
    with closing(sqlite3.connect(database)) as db:
        db.execute("DELETE FROM registry_partnership")
        db.commit()
    media = database.parent / "media"
    (media / "imports" / "liste.csv").unlink()
    (media / "stray.txt").write_text("written after the backup")
    changed = digest(database)

    with pytest.raises(BackupError) as refused:
        restore(site_backup.archive, database)
    message = str(refused.value)
    assert message.startswith("The site already holds data (organisations 1, users 1, ")
    assert message.endswith(", uploaded files 1). A restore replaces all of it and the uploaded files; "
                            "add --force to do that.")
    assert digest(database) == changed
    assert sorted(str(p.relative_to(media)) for p in media.rglob("*")) == ["imports", "stray.txt"]

    restored = restore(site_backup.archive, database, force=True)
    assert restored.counts == site_backup.counts
    assert rows(database, "SELECT COUNT(*) FROM registry_partnership") == [(2,)]
    assert sorted(str(p.relative_to(media)) for p in media.rglob("*")) == ["imports", "imports/liste.csv"]
    assert (media / "imports" / "liste.csv").read_bytes() == UPLOAD
    assert sorted(p.name for p in database.parent.iterdir()) == ["media", "site.sqlite3"]


def test_a_damaged_archive_is_refused_and_nothing_is_touched(site_backup: SiteBackup, database: Path) -> None:
    restore(site_backup.archive, database)
    damaged = database.parent / "damaged.tar.gz"
    data = bytearray(site_backup.archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    before = digest(database)
    with pytest.raises(BackupError) as refused:
        restore(damaged, database, force=True)
    assert str(refused.value).startswith(f"“{damaged}” is damaged")
    assert digest(database) == before
    assert (database.parent / "media" / "imports" / "liste.csv").read_bytes() == UPLOAD
    assert sorted(p.name for p in database.parent.iterdir()) == ["damaged.tar.gz", "media", "site.sqlite3"]


def test_a_database_in_use_is_not_replaced(site_backup: SiteBackup, database: Path) -> None:
    restore(site_backup.archive, database)
    with closing(sqlite3.connect(database)) as web_server:
        web_server.execute("PRAGMA journal_mode=WAL")
        web_server.execute("SELECT COUNT(*) FROM registry_partnership").fetchall()
        before = digest(database)
        with pytest.raises(BackupError) as refused:
            restore(site_backup.archive, database, force=True)
    assert str(refused.value) == (f"The database {database} is in use by another process (site.sqlite3-wal exists). "
                                  "Stop the web server and the task worker, then restore again.")
    assert digest(database) == before


def test_check_says_what_an_archive_holds(site_backup: SiteBackup) -> None:
    out = StringIO()
    call_command("backup", "check", str(site_backup.archive), stdout=out)
    assert out.getvalue().splitlines() == [
        f"“{site_backup.archive}” is complete: every file matches its checksum.",
        f"Backup of 2026-03-01T02:30:00+00:00 by PartnerAtlas {version('partneratlas')}, SQLite database: partnerships "
        f"2, organisations 1, users 1, municipalities {site_backup.counts['gazetteer.Municipality']}, uploaded files 1."]
    with pytest.raises(CommandError, match="is not a PartnerAtlas backup"):
        call_command("backup", "check", __file__)


def test_the_command_backs_up_a_running_site_and_restores_it(site_backup: SiteBackup, database: Path) -> None:
    restore(site_backup.archive, database)
    media, backups = database.parent / "media", database.parent / "backups"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media),
           "BACKUP_DIR": str(backups)}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "partneratlas.cli", "backup", *arguments],  # noqa: S603
                              env=env, capture_output=True, text=True, timeout=120, check=False)

    with closing(sqlite3.connect(database)) as web_server:  # the site runs: a reader in WAL mode
        web_server.execute("PRAGMA journal_mode=WAL")
        web_server.execute("SELECT COUNT(*) FROM registry_partnership").fetchall()
        created = run("create")
    assert created.returncode == 0, created.stderr
    [archive] = backups.iterdir()
    with translation.override("de"):  # the command speaks the site's language
        assert created.stdout.splitlines()[0] == _("Backup written: %(path)s") % {"path": archive}
    assert archive.name.startswith("partneratlas-backup-")

    with closing(sqlite3.connect(database)) as db:
        db.execute("DELETE FROM registry_partnership")
        db.commit()
    restored = run("restore", str(archive), "--force")
    assert restored.returncode == 0, restored.stderr
    assert rows(database, "SELECT COUNT(*) FROM registry_partnership") == [(2,)]
    assert (media / "imports" / "liste.csv").read_bytes() == UPLOAD

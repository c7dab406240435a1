"""Backup and restore on PostgreSQL: pg_dump of the live database, restored into a database of the test's own.

Runs when the test database is PostgreSQL (DATABASE_URL=postgres://…). The site is backed up
once for the module from the test database (see sites.py); the restore goes into a new
database named after the test database, which the test creates and drops itself.
"""

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

from partneratlas.backup.archive import BackupError
from partneratlas.backup.postgresql import PostgreSQL
from partneratlas.backup.services import backup_create, backup_restore
from partneratlas.backup.tests.sites import UPLOAD, SiteBackup, back_up_a_site

# pytest-django makes the test database only for a session with a test that asks for one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site_backup(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> SiteBackup:
    if connection.vendor != "postgresql":
        pytest.skip("the test database is SQLite; run with DATABASE_URL=postgres://… to test pg_dump and pg_restore")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: apt install postgresql-client)")
    return back_up_a_site(tmp_path_factory.mktemp("site"), django_db_blocker)


def connect(database: dict[str, Any], **options: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(make_conninfo("", **PostgreSQL(database).params), **options)


@pytest.fixture
def spare(site_backup: SiteBackup) -> Iterator[dict[str, Any]]:
    """An empty database of the test's own, beside the test database; dropped at the end."""
    test_database = dict(connection.settings_dict)
    name = f"{test_database['NAME']}_restore_{secrets.token_hex(4)}"
    with connect(test_database, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**test_database, "NAME": name}
    finally:
        with connect(test_database, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def rows(database: dict[str, Any], query: str) -> list[tuple[Any, ...]]:
    with connect(database) as db:
        return db.execute(query).fetchall()  # type: ignore[arg-type]  # a literal query of the test


def test_a_backup_restores_into_a_new_database_then_over_changed_data(site_backup: SiteBackup,
                                                                       spare: dict[str, Any], tmp_path: Path) -> None:
    media = tmp_path / "media"
    restored = backup_restore(archive=site_backup.archive, database=spare, media_root=media, force=False)
    assert restored.counts == site_backup.counts
    assert (restored.counts["registry.Partnership"], restored.counts["auth.User"]) == (2, 1)
    assert {str(uid) for (uid,) in rows(spare, "SELECT uid FROM registry_partnership")} == site_backup.partnerships
    assert rows(spare, "SELECT email FROM auth_user") == [("ed@wuppertal.de",)]
    assert (media / "imports" / "liste.csv").read_bytes() == UPLOAD
    assert not restored.needs_migrate

    with connect(spare) as db:
        db.execute("TRUNCATE registry_partnership CASCADE")
    (media / "imports" / "liste.csv").unlink()
    with pytest.raises(BackupError) as refused:
        backup_restore(archive=site_backup.archive, database=spare, media_root=media, force=False)
    assert str(refused.value).startswith("The site already holds data (organisations 1, users 1, ")
    assert rows(spare, "SELECT COUNT(*) FROM registry_partnership") == [(0,)]

    restored = backup_restore(archive=site_backup.archive, database=spare, media_root=media, force=True)
    assert restored.counts == site_backup.counts
    assert rows(spare, "SELECT COUNT(*) FROM registry_partnership") == [(2,)]
    assert (media / "imports" / "liste.csv").read_bytes() == UPLOAD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]  # nothing left over


def test_a_missing_database_is_named_in_the_message(site_backup: SiteBackup, tmp_path: Path) -> None:
    absent = {**connection.settings_dict, "NAME": f"{connection.settings_dict['NAME']}_absent"}
    with pytest.raises(BackupError) as refused:
        backup_restore(archive=site_backup.archive, database=absent, media_root=tmp_path / "media", force=False)
    assert str(refused.value).startswith(f"Cannot connect to the database {absent['NAME']} (")
    assert not (tmp_path / "media").exists()


def test_a_restore_that_undoes_an_upgrade_leaves_no_newer_table(site_backup: SiteBackup, spare: dict[str, Any],
                                                                 tmp_path: Path) -> None:
    """A backup from before an upgrade, restored over the upgraded database, leaves no table of the newer version."""
    media = tmp_path / "media"
    backup_restore(archive=site_backup.archive, database=spare, media_root=media, force=False)
    with connect(spare) as db:  # "before the upgrade": the reminders' table did not exist yet
        db.execute("DROP TABLE upkeep_reminder")
        db.execute("DELETE FROM django_migrations WHERE app = 'upkeep'")
    before_upgrade, manifest = backup_create(directory=tmp_path / "backups", database=spare, media_root=media,
                                             now=timezone.now())
    assert "upkeep.Reminder" not in manifest.counts
    backup_restore(archive=site_backup.archive, database=spare, media_root=media, force=True)  # "the upgrade"
    assert rows(spare, "SELECT to_regclass('upkeep_reminder') IS NOT NULL") == [(True,)]

    restored = backup_restore(archive=before_upgrade, database=spare, media_root=media, force=True)
    assert rows(spare, "SELECT to_regclass('upkeep_reminder') IS NOT NULL") == [(False,)]
    assert restored.counts == manifest.counts
    assert restored.needs_migrate

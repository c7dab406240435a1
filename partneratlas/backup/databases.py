"""The database side of a backup: a consistent copy, its row counts and migration state, and the restore.

One engine per database system, chosen by the `ENGINE` of a Django database settings dict:

- SQLite: a copy through SQLite's online backup API (safe while the site runs in WAL mode);
  a restore writes a temporary file next to the database and renames it over the database.
- PostgreSQL (postgresql.py): pg_dump; a restore turns the dump into SQL with pg_restore and
  runs it with psql in one transaction.

Counts and migrations are read from the copy itself (SQLite) or inside the snapshot pg_dump
uses (PostgreSQL), so the manifest describes exactly what the archive holds.
"""

import dataclasses
import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Protocol

from django.apps import apps
from django.utils.translation import gettext as _

from partneratlas.backup.archive import BackupError


@dataclasses.dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]  # rows per model label, e.g. {"registry.Partnership": 3}
    migrations: dict[str, list[str]]  # applied migrations per app


class Cursor(Protocol):
    def execute(self, query: str, /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Engine(Protocol):
    name: ClassVar[str]  # the key in archive.DATABASE_FILES
    label: ClassVar[str]  # for people: "SQLite", "PostgreSQL"

    def describe(self) -> str:
        """The database for messages: a file or a database name, never a password."""

    def dump(self, *, target: Path) -> Snapshot:
        """Write a consistent copy of the live database to `target`."""

    def counts(self) -> dict[str, int]:
        """Rows per model label in the live database; empty when it does not exist yet."""

    def staging_dir(self) -> Path | None:
        """Where a restore unpacks the copy (None: the system's temporary directory)."""

    def ensure_idle(self) -> None:
        """Raise BackupError when replacing the database now would lose other processes' writes."""

    def check_copy(self, *, source: Path, counts: dict[str, int]) -> None:
        """Raise BackupError when the unpacked copy at `source` is unusable. Touches nothing live."""

    def restore(self, *, source: Path) -> None:
        """Replace the live database by the copy at `source`, as one step."""


def engine_for(database: Mapping[str, Any]) -> Engine:
    """The engine for a Django database settings dict; BackupError for a database system we cannot back up."""
    vendor = str(database["ENGINE"]).rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return SQLite(database)
    if vendor in ("postgresql", "postgis"):
        from partneratlas.backup.postgresql import PostgreSQL

        return PostgreSQL(database)
    raise BackupError(_("Backups support SQLite and PostgreSQL; this site's database engine is %(engine)s.")
                      % {"engine": database["ENGINE"]})


def model_tables() -> dict[str, str]:
    """Every table Django manages, by model label (many-to-many tables included)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables[model._meta.label] = model._meta.db_table
    return tables


def read_state(cursor: Cursor, existing: set[str]) -> Snapshot:
    """Row counts of the model tables in `existing` (table names) and the applied migrations."""
    counts = {}
    for label, table in sorted(model_tables().items()):
        if table in existing:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[label] = int(cursor.fetchall()[0][0])
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in existing:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(str(app), []).append(str(name))
    return Snapshot(counts=counts, migrations=migrations)


class SQLite:
    """A database file (or, for backups only, an in-memory database named by a `file:` URI)."""

    name: ClassVar[str] = "sqlite"
    label: ClassVar[str] = "SQLite"

    def __init__(self, database: Mapping[str, Any]) -> None:
        self.location = str(database["NAME"])
        is_file = self.location not in ("", ":memory:") and not self.location.startswith("file:")
        self.path = Path(self.location) if is_file else None

    def describe(self) -> str:
        return self.location

    def _connect(self, location: str | Path) -> sqlite3.Connection:
        return sqlite3.connect(location, uri=True)  # as Django opens it: `file:` names are URIs

    def _file(self) -> Path:
        if self.path is None:
            raise BackupError(_("A restore needs a database file; this site's SQLite database is %(name)s.")
                              % {"name": self.location})
        return self.path

    def dump(self, *, target: Path) -> Snapshot:
        if self.path is not None and not self.path.is_file():
            raise BackupError(_("The database file %(path)s does not exist.") % {"path": self.path})
        source, copy = self._connect(self.location), sqlite3.connect(target)
        try:
            source.backup(copy)  # one step: one read transaction, a consistent state
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, whatever the site uses
            return _state(copy)
        finally:
            copy.close()
            source.close()

    def counts(self) -> dict[str, int]:
        if self.path is not None and not self.path.exists():
            return {}
        connection = self._connect(self.location)
        try:
            return _state(connection).counts
        finally:
            connection.close()

    def staging_dir(self) -> Path:
        return self._file().parent

    def ensure_idle(self) -> None:
        path = self._file()
        if not path.exists():
            return
        # The last connection to close checkpoints the WAL and removes the -wal and -shm files;
        # when they are still there after ours closed, another process has the database open.
        connection = self._connect(path)
        try:
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
        finally:
            connection.close()
        for suffix in ("-wal", "-shm", "-journal"):
            busy = path.with_name(path.name + suffix)
            if busy.exists():
                raise BackupError(_("The database %(path)s is in use by another process (%(file)s exists). Stop "
                                    "the web server and the task worker, then restore again.")
                                  % {"path": path, "file": busy.name})

    def check_copy(self, *, source: Path, counts: dict[str, int]) -> None:
        connection = sqlite3.connect(source)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchall()
            found = _state(connection).counts
        except sqlite3.DatabaseError as exc:
            raise BackupError(_("The database in the backup is unusable: %(detail)s.") % {"detail": exc}) from exc
        finally:
            connection.close()
        if verdict != [("ok",)]:
            raise BackupError(_("The database in the backup is unusable: %(detail)s.")
                              % {"detail": "; ".join(str(row[0]) for row in verdict[:3])})
        differing = mismatches(expected=counts, found=found)
        if differing:
            raise BackupError(_("The database in the backup does not hold what its manifest lists: %(detail)s.")
                              % {"detail": differing})

    def restore(self, *, source: Path) -> None:
        path = self._file()
        self.ensure_idle()  # again: the unpacking took a while
        if path.exists():
            os.chmod(source, path.stat().st_mode & 0o777)
        else:
            os.chmod(source, 0o600)
        with source.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(source, path)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)


def _state(connection: sqlite3.Connection) -> Snapshot:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return read_state(connection.cursor(), {str(row[0]) for row in rows})


def mismatches(*, expected: dict[str, int], found: dict[str, int]) -> str:
    """The model labels whose counts differ, for a message ("registry.Partnership 3 ≠ 2"); empty when none."""
    return ", ".join(f"{label} {count} ≠ {found.get(label, 0)}"
                     for label, count in sorted(expected.items()) if found.get(label, 0) != count)

"""PostgreSQL backups with the client programs pg_dump, pg_restore and psql (Debian: `postgresql-client`).

The connection comes from Django's database settings. The programs get it through libpq's
environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE …), so the
password never appears on a command line that `ps` would show.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import psycopg
from django.utils.translation import gettext as _
from psycopg.conninfo import make_conninfo

from partneratlas.backup.archive import BackupError
from partneratlas.backup.databases import Snapshot, model_tables, read_state

# Django's settings → libpq's connection parameter (and its environment variable, PG + the upper-case name).
SETTINGS = {"NAME": "dbname", "USER": "user", "PASSWORD": "password", "HOST": "host", "PORT": "port"}
LIBPQ_OPTIONS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name",
                 "options", "service", "passfile", "target_session_attrs"}
ENVIRONMENT = {"dbname": "PGDATABASE", "application_name": "PGAPPNAME", "target_session_attrs": "PGTARGETSESSIONATTRS"}
TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (?P<name>.+) \S+$", re.MULTILINE)  # pg_restore --list
TOOL_TIMEOUT = 6 * 60 * 60  # a very large registry; a hanging tool should not hang a cron job for ever


class PostgreSQL:
    name: ClassVar[str] = "postgresql"
    label: ClassVar[str] = "PostgreSQL"

    def __init__(self, database: Mapping[str, Any]) -> None:
        options = database.get("OPTIONS") or {}
        self.params = {key: str(database[setting]) for setting, key in SETTINGS.items() if database.get(setting)}
        self.params.update({key: str(value) for key, value in options.items() if key in LIBPQ_OPTIONS})

    def describe(self) -> str:
        where = self.params.get("host", "")
        return self.params.get("dbname", "") + (f" ({where})" if where else "")

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(make_conninfo("", **self.params))
        except psycopg.OperationalError as exc:
            raise BackupError(_("Cannot connect to the database %(database)s: %(detail)s")
                              % {"database": self.describe(), "detail": str(exc).strip()}) from exc

    def _environment(self) -> dict[str, str]:
        variables = {ENVIRONMENT.get(key, "PG" + key.upper()): value for key, value in self.params.items()}
        return {**os.environ, **variables}

    def _run(self, tool: str, *arguments: str) -> str:
        program = shutil.which(tool)
        if program is None:
            raise BackupError(_("%(tool)s was not found. Install the PostgreSQL client programs in the version of "
                                "the server or newer (Debian and Ubuntu: apt install postgresql-client), or put "
                                "them on the PATH.") % {"tool": tool})
        result = subprocess.run(  # noqa: S603 (a fixed program; arguments are ours, the password is in the environment)
            [program, "--no-password", *arguments], env=self._environment(), capture_output=True, text=True,
            timeout=TOOL_TIMEOUT, check=False)
        if result.returncode != 0:
            detail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise BackupError(_("%(tool)s failed: %(detail)s") % {"tool": tool, "detail": detail})
        return result.stdout

    def dump(self, *, target: Path) -> Snapshot:
        with self._connect() as connection:
            # A snapshot shared with pg_dump: the counts in the manifest describe exactly the dump.
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = str(cursor.fetchall()[0][0])
                state = read_state(cursor, _tables(cursor))
                self._run("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}")
        return state

    def counts(self) -> dict[str, int]:
        with self._connect() as connection, connection.cursor() as cursor:
            return read_state(cursor, _tables(cursor)).counts

    def staging_dir(self) -> None:
        return None

    def ensure_idle(self) -> None:
        """Nothing to check: pg_restore waits for other sessions' locks and changes everything in one transaction."""

    def check_copy(self, *, source: Path, counts: dict[str, int]) -> None:
        self._run("pg_restore", "--list", str(source))  # the dump's table of contents can be read

    def restore(self, *, source: Path) -> None:
        with self._connect() as connection, connection.cursor() as cursor:
            existing = _tables(cursor)
        # Tables of our models that the dump does not have were left by a newer version (a restore that
        # undoes an upgrade); pg_restore --clean replaces only what is in the dump, and their foreign keys
        # would stop it. So: the dump as SQL, after dropping them, all in one transaction through psql.
        dumped = {match["name"] for match in TOC_TABLE.finditer(self._run("pg_restore", "--list", str(source)))}
        leftovers = sorted(table for table in model_tables().values() if table in existing and table not in dumped)
        before = source.with_name(source.name + ".before.sql")
        before.write_text("".join(f'DROP TABLE IF EXISTS "{table}" CASCADE;\n' for table in leftovers))
        script = source.with_name(source.name + ".sql")
        # Objects belong to whoever restores and no grants are restored, so that a backup restores on a
        # machine with other role names.
        self._run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", f"--file={script}",
                  str(source))
        # One transaction: an error half-way leaves the database as it was.
        self._run("psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
                  f"--dbname={self.params.get('dbname', '')}", f"--file={before}", f"--file={script}")


def _tables(cursor: psycopg.Cursor[Any]) -> set[str]:
    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    return {str(row[0]) for row in cursor.fetchall()}

"""The benches' databases: SQLite files under bench/out/, or PostgreSQL databases named bench_*.

Which one a bench runs on comes from BENCH_DATABASE (`sqlite`, the default, or `postgresql`);
bench/run_all.py runs every bench once on each. On PostgreSQL the benches use the server of
BENCH_POSTGRES_URL (default: the local one, `postgres://postgres@127.0.0.1:5432/postgres`,
which they only connect to in order to create, copy and drop their own `bench_*` databases).
Nothing here touches var/partneratlas.sqlite3 or any database not named bench_*.
"""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

OUT = Path(__file__).resolve().parent / "out"
VENDOR = os.environ.get("BENCH_DATABASE", "sqlite")
if VENDOR not in ("sqlite", "postgresql"):
    raise SystemExit(f"BENCH_DATABASE must be sqlite or postgresql, not {VENDOR!r}")
POSTGRES = VENDOR == "postgresql"
SUFFIX = "_pg" if POSTGRES else ""  # of RATIO names and output files: the SQLite names stay as they were
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PREFIX = "bench_"


def _postgres_url(database: str) -> str:
    parts = urlsplit(POSTGRES_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def _admin() -> Any:
    """An autocommit connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    return psycopg.connect(POSTGRES_URL, autocommit=True)


def postgres_ready() -> bool:
    try:
        _admin().close()
    except Exception:  # any failure to connect means: not ready
        return False
    return True


def require_postgres() -> None:
    """On PostgreSQL, make sure the server answers (see start_postgres)."""
    if POSTGRES:
        start_postgres()


def start_postgres() -> None:
    """Make sure the PostgreSQL server answers; start the local cluster as .ci/run does, if it is down."""
    if postgres_ready():
        return
    host = urlsplit(POSTGRES_URL).hostname or ""
    clusters = Path("/etc/postgresql")
    if host in ("127.0.0.1", "localhost", "") and clusters.is_dir() and shutil.which("pg_ctlcluster"):
        for version in sorted(p.name for p in clusters.iterdir()):
            print(f"PostgreSQL does not answer: starting the local cluster {version}/main", flush=True)
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                               check=False, timeout=120, capture_output=True)
        for _ in range(30):
            if postgres_ready():
                return
            time.sleep(1)
    raise RuntimeError(f"no PostgreSQL server answers at {POSTGRES_URL} (set BENCH_POSTGRES_URL, or run the "
                       "benches on SQLite only with BENCH_DATABASES=sqlite)")


@dataclass(frozen=True)
class Database:
    """One bench database, by a short name ("gazetteer", "import"): a file or a PostgreSQL database."""

    name: str

    @property
    def path(self) -> Path:
        """The SQLite file (also what Datasette serves)."""
        return OUT / f"{self.name}.sqlite3"

    @property
    def pg_name(self) -> str:
        return PREFIX + self.name.replace("-", "_").replace(".", "_")

    @property
    def url(self) -> str:
        """The DATABASE_URL of a PartnerAtlas process working on this database."""
        return _postgres_url(self.pg_name) if POSTGRES else f"sqlite:///{self.path.resolve()}"

    def __str__(self) -> str:
        if POSTGRES:
            parts = urlsplit(POSTGRES_URL)
            return f"PostgreSQL database {self.pg_name} on {parts.hostname}:{parts.port or 5432}"
        return str(self.path)

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        """A DB-API connection for the bench's own reads (read-only on SQLite)."""
        con: Any
        if POSTGRES:
            import psycopg

            con = psycopg.connect(self.url, autocommit=True)
        else:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield con
        finally:
            con.close()

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one statement; parameters as `%s` (turned into `?` for SQLite)."""
        with self.connect() as con:
            cursor = con.cursor()
            cursor.execute(sql if POSTGRES else sql.replace("%s", "?"), tuple(params))
            return list(cursor.fetchall())

    def exists(self) -> bool:
        if not POSTGRES:
            return self.path.exists()
        with contextlib.closing(_admin()) as admin:
            return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.pg_name]).fetchone() is not None

    def count(self, table: str) -> int:
        return int(self.query(f'SELECT count(*) FROM "{table}"')[0][0])

    def tables(self, like: str = "%") -> list[str]:
        if POSTGRES:
            sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                   "AND table_type = 'BASE TABLE' AND table_name LIKE %s ORDER BY table_name")
        else:
            sql = ("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%%' "
                   "AND name LIKE %s ORDER BY name")
        return [name for (name,) in self.query(sql, [like])]

    def size_mb(self) -> float:
        if POSTGRES:
            return self.query("SELECT pg_database_size(current_database())")[0][0] / 2**20
        return self.path.stat().st_size / 2**20

    def remove(self) -> None:
        if not POSTGRES:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        with contextlib.closing(_admin()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def create_empty(self) -> None:
        self.remove()
        if POSTGRES:
            with contextlib.closing(_admin()) as admin:
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')

    def copy_to(self, target: "Database") -> None:
        """A consistent copy: SQLite's backup API (it also takes what is still in the WAL), or
        PostgreSQL's CREATE DATABASE … TEMPLATE (a copy of the files, statistics included)."""
        target.remove()
        if not POSTGRES:
            src = sqlite3.connect(self.path)
            dst = sqlite3.connect(target.path)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            return
        with contextlib.closing(_admin()) as admin:
            _disconnect(admin, self.pg_name)
            admin.execute(f'CREATE DATABASE "{target.pg_name}" TEMPLATE "{self.pg_name}"')

    def rename_to(self, target: "Database") -> None:
        target.remove()
        if not POSTGRES:
            self.path.rename(target.path)
            return
        with contextlib.closing(_admin()) as admin:
            _disconnect(admin, self.pg_name)
            admin.execute(f'ALTER DATABASE "{self.pg_name}" RENAME TO "{target.pg_name}"')

    def settle(self) -> None:
        """Bring the database to the state a server finds after a quiet while.

        SQLite: fold the WAL into the file (needed before serving it as immutable). PostgreSQL:
        VACUUM ANALYZE, what autovacuum does after a bulk write (the local server runs with
        autovacuum off, and without statistics the planner's choices would be the bench's luck).
        """
        if not POSTGRES:
            con = sqlite3.connect(self.path)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
            return
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as pg:
            pg.execute("VACUUM ANALYZE")


def _disconnect(admin: Any, database: str) -> None:
    """End leftover sessions on one of the benches' own databases (a copy needs none open)."""
    if not database.startswith(PREFIX):
        raise ValueError(database)
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                  "AND pid <> pg_backend_pid()", [database])


def postgres_processes() -> dict[int, float]:
    """CPU seconds of the PostgreSQL server processes that work for the benches, by pid.

    Those are the sessions on bench_* databases (the process title names the database) and the
    server's own writers, which write what the benches' sessions wrote. They count as the
    bench's own work, not as another job disturbing it. Empty on SQLite.
    """
    if not POSTGRES:
        return {}
    ticks = os.sysconf("SC_CLK_TCK")
    result = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            if not title.startswith("postgres: "):
                continue
            if f" {PREFIX}" not in title and not any(
                    part in title for part in ("checkpointer", "background writer", "walwriter")):
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            result[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return result


def postgres_facts() -> str:
    """The server's version and the settings that matter most to the figures."""
    with contextlib.closing(_admin()) as admin:
        values = [admin.execute(f"SHOW {name}").fetchone()[0]
                  for name in ("server_version", "shared_buffers", "synchronous_commit", "autovacuum")]
    version = values[0].split()[0]
    return f"{version} (shared_buffers {values[1]}, synchronous_commit {values[2]}, autovacuum {values[3]})"

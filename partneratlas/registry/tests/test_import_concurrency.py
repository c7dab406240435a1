# ruff: noqa: S603  (the test starts the project's own command with arguments it made itself)
"""Simultaneous imports of the same file create each partnership once, on SQLite and on PostgreSQL.

Real processes against a real database file or server: the test database is copied to a file
(SQLite; the in-memory test database cannot be shared between processes) or used as it is
(PostgreSQL, whose committed rows this test removes again).
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from partneratlas.conftest import on_test_database
from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db  # so that pytest-django makes the test database

IMPORTERS = 8
ROWS = 100


def _database_url(tmp_path: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        connection.ensure_connection()
        target = __import__("sqlite3").connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    user, host, port = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def _count(url: str) -> tuple[int, int]:
    """(partnerships, revisions) as the database at `url` holds them, read by a separate process."""
    code = ("from partneratlas.registry.models import Partnership; from partneratlas.history.models import Revision;"
            "print(Partnership.objects.count(), Revision.objects.filter(kind='partnership').count())")
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], env=_env(url),
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "partneratlas.settings",
            "TASKS_BACKEND": "immediate"}


@pytest.fixture(scope="module")
def database(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[tuple[str, Path]]:
    assert on_test_database()
    tmp_path = tmp_path_factory.mktemp("concurrency")
    with django_db_blocker.unblock():
        partners = list(Municipality.objects.exclude(ref=WUPPERTAL).filter(kind="municipality")
                        .order_by("ref").values_list("ref", flat=True)[:ROWS])
        assert len(partners) == ROWS
        lines = ["municipality ref;partner ref;kind;since"] + [f"{WUPPERTAL};{ref};twinning;2001" for ref in partners]
        path = tmp_path / "same.csv"
        path.write_text("\n".join(lines), encoding="utf-8")
        url = _database_url(tmp_path)
        yield url, path
        if connection.vendor != "sqlite":  # rows the processes committed into the test database
            from partneratlas.history.models import Revision
            from partneratlas.registry.models import Partnership

            Partnership.objects.all().delete()
            Revision.objects.all().delete()


# Each process sets Django up, waits for the start signal, then imports: the imports really overlap.
RUNNER = """
import os, sys, time, django
django.setup()
from django.core.management import call_command
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
call_command("registry", "import", sys.argv[2], report=sys.argv[3], verbosity=0)
"""


def test_simultaneous_imports_of_one_file_create_each_partnership_once(database: tuple[str, Path]) -> None:
    url, path = database
    go = path.with_suffix(".go")
    processes = [subprocess.Popen([sys.executable, "-c", RUNNER, str(go), str(path),
                                   str(path.with_suffix(f".{n}.report.csv"))],
                                  env=_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n in range(IMPORTERS)]
    time.sleep(3)  # let every process get ready
    go.touch()
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * IMPORTERS, [err[-2000:] for _out, err in outputs]
    assert _count(url) == (ROWS, ROWS)
    # The same file again, after the others: nothing changes.
    subprocess.run([sys.executable, "-c", RUNNER, str(go), str(path), str(path.with_suffix(".again.report.csv"))],
                   env=_env(url), capture_output=True, text=True, check=True)
    assert _count(url) == (ROWS, ROWS)

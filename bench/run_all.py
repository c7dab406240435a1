"""Run the benches in order, on SQLite and then on PostgreSQL (`make bench` runs this).

    1. gazetteer_load.py -> bench/out/gazetteer.sqlite3 / bench_gazetteer
    2. import.py         -> bench/out/import.sqlite3 / bench_import (from 1)
    3. api.py            (serves a copy of 2)
    4. map_payload.py    (serves a copy of 2)
    5. messy_list.py     (reads 1: how much of a messy list is placed, and never wrongly)
    6. checkup.py        -> bench/out/checkup.sqlite3 / bench_checkup (a copy of 1, or its own sample of the
                            gazetteer): the check-up's round page and early-warning dashboard at 5,000
                            partnerships, 20,000 rounds, 200,000 activities

BENCH_DATABASES chooses the databases (default `sqlite,postgresql`); each pass sets
BENCH_DATABASE for its benches (see _databases.py), and RATIO names of the PostgreSQL pass end
in `_pg`. Everything printed also goes to bench/out/results.txt; the RATIO lines are repeated
at the end. Exits non-zero only when a bench crashed (or PostgreSQL could not be reached),
not when a goal was missed; after a crash the benches of that pass that depend on it are
skipped.
"""

import os
import subprocess
import sys
import time
from importlib import metadata

from _common import BENCH, OUT, PYTHON, ROOT, section
from _databases import POSTGRES_URL, postgres_facts, start_postgres
from _machine import machine

BENCHES = ["gazetteer_load.py", "import.py", "api.py", "map_payload.py", "messy_list.py", "checkup.py", "events.py",
           "events_calendar.py"]
DATABASES = [name.strip() for name in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
             if name.strip()]


def versions() -> dict[str, str]:
    result = {}
    for package in ("Django", "django-ninja", "gunicorn", "whitenoise", "orjson", "psycopg", "datasette",
                    "datasette-gunicorn", "uvicorn"):
        try:
            result[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            result[package] = "not installed"
    return result


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "results.txt"
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        def say(text: str = "") -> None:
            print(text, flush=True)
            log.write(text + "\n")
            log.flush()

        say(f"PartnerAtlas benches, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
        facts = machine(PYTHON) | {"load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg())} | versions()
        for name, value in facts.items():
            say(f"  {name}: {value}")
        ratios: list[str] = []
        crashed: list[str] = []
        for database in DATABASES:
            if database == "postgresql":
                try:
                    start_postgres()
                    say(f"  PostgreSQL server: {postgres_facts()} at {POSTGRES_URL.rsplit('@', 1)[-1]}")
                except Exception as exc:  # not reachable: a crash of the whole pass
                    say(f"\nPostgreSQL pass skipped: {exc}")
                    crashed.append("postgresql (server not reachable)")
                    continue
            failed = None
            for script in BENCHES:
                if failed:
                    say(f"\nskipped bench/{script} on {database}: bench/{failed} crashed")
                    continue
                bench_started = time.monotonic()
                env = os.environ | {"PYTHONUNBUFFERED": "1", "BENCH_DATABASE": database}
                proc = subprocess.Popen([str(PYTHON), str(BENCH / script)], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=env)
                assert proc.stdout is not None
                try:
                    for line in proc.stdout:
                        say(line.rstrip("\n"))
                        if line.startswith("RATIO "):
                            ratios.append(line.strip())
                    proc.wait()
                except BaseException:
                    proc.terminate()  # it stops its own servers on SIGTERM
                    proc.wait(timeout=60)
                    raise
                say(f"(bench/{script} on {database}: {time.monotonic() - bench_started:.0f} s, "
                    f"exit code {proc.returncode})")
                if proc.returncode != 0:
                    failed = script
                    crashed.append(f"bench/{script} on {database}")
        section(f"summary ({time.monotonic() - started:.0f} s in all)")
        log.write("\n=== summary ===\n")
        for line in ratios:
            say(line)
        for what in crashed:
            say(f"CRASHED: {what}")
        say(f"full output: {log_path.relative_to(ROOT)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())

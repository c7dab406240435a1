"""Bench 2: `partneratlas registry import` of 50,000 partnerships, against a plain executemany floor.

1. Starts from bench 1's database (bench/out/gazetteer.sqlite3, or bench_gazetteer on
   PostgreSQL; built first if missing).
2. Generates a 50,000-row CSV with the German headers of the demo file
   (Kommune;Land;Partnerkommune;Partnerland;Art;seit;Status;SDG;Themen). Each row pairs a
   German municipality with a foreign one, both given by *name and country name*, and each
   name is one that `Resolver().resolve(name, country)` places on exactly that municipality
   (checked here with Django set up), so the import exercises name resolution. Every pair
   is distinct, so every row creates a partnership.
3. Times `partneratlas registry import FILE` in a subprocess on a copy of the gazetteer
   database (wall time and the process's peak RSS), then the same import again (a no-op).
4. The floor: the database driver's plain `executemany` of exactly the rows the import added
   (every table whose row count grew; table and column names read from the schema) into
   another copy of the same pre-import database, in one transaction, timed in the same run.
   SQLite: Python's `sqlite3`, with the product's pragmas (WAL, synchronous=NORMAL).
   PostgreSQL: psycopg's `executemany` (the driver and call the product's own inserts use,
   JSON sent as text and cast to jsonb as the product does); psycopg's `COPY` of the same
   rows into a third copy is printed beside it, without a goal.

The imported database (bench/out/import.sqlite3 or bench_import) is the starting point of
bench/api.py and bench/map_payload.py.

    .venv/bin/python bench/import.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/import.py
"""

import csv
import os
import random
import sqlite3
import sys
import time
from typing import Any

from _common import (
    BIN,
    DATABASE_NAME,
    GAZETTEER_DB,
    IMPORTED_DB,
    OUT,
    POSTGRES,
    ROOT,
    SUFFIX,
    CpuWatch,
    Database,
    base_env,
    disturbance,
    ensure_output,
    has_gazetteer,
    ratio,
    require_postgres,
    run_checked,
    section,
    sigterm_as_exit,
    table,
)

ROWS = 50_000
SEED = 20240531
GERMAN_POOL = 4_000  # largest German municipalities considered
FOREIGN_POOL = 15_000  # largest foreign municipalities considered
GOAL_RATIO = 4.0
GOAL_PEAK_MB = 1024
HEADERS = ["Kommune", "Land", "Partnerkommune", "Partnerland", "Art", "seit", "Status", "SDG", "Themen"]
KINDS = ["Städtepartnerschaft", "Städtepartnerschaft", "Städtefreundschaft", "Projektpartnerschaft",
         "Kooperationsvereinbarung", "Klimapartnerschaft"]
STATUSES = ["aktiv", "aktiv", "aktiv", "ruhend", "beendet", "Anbahnung"]
CSV_PATH = OUT / f"partnerships-50k{SUFFIX}.csv"
BASE_DB = Database("import-base")
FLOOR_DB = Database("import-floor")
COPY_DB = Database("import-copy")  # PostgreSQL only: the COPY figure
Rows = dict[str, tuple[list[str], list[tuple[object, ...]]]]  # table -> (columns, rows)
RESOLVE_CHUNK = 500


def resolvable_members(database: Database) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, country name) of German and of foreign municipalities that resolve to exactly themselves."""
    os.environ.update(base_env(database))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import F

    from partneratlas.gazetteer.models import Country, Municipality
    from partneratlas.gazetteer.resolution import Resolver

    # The largest first, places without a population last: PostgreSQL sorts NULL first in a
    # descending order, SQLite last; both then draw the same pools and write the same CSV.
    largest = (F("population").desc(nulls_last=True), "id")
    country_names = {c.code: c.names.get("de") or c.names.get("en") or c.code for c in Country.objects.all()}
    german = [(pk, name, "Deutschland") for pk, name in Municipality.objects.filter(
        country_id="DE", kind=Municipality.Kind.MUNICIPALITY).order_by(*largest).values_list(
        "id", "name")[:GERMAN_POOL]]
    foreign = [(pk, name, country_names[cc]) for pk, name, cc in Municipality.objects.filter(
        kind=Municipality.Kind.MUNICIPALITY).exclude(country_id="DE").order_by(*largest).values_list(
        "id", "name", "country_id")[:FOREIGN_POOL]]

    def placed(pool: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
        result, seen = [], set()
        for start in range(0, len(pool), RESOLVE_CHUNK):
            chunk = pool[start:start + RESOLVE_CHUNK]
            resolver = Resolver()  # a small one per chunk: see docs/performance.md on Resolver.prefetch_keys
            resolver.prefetch(name for _pk, name, _country in chunk)
            for pk, name, country in chunk:
                outcome = resolver.resolve(name, country)
                if outcome.placed and outcome.municipality_id == pk and (name, country) not in seen:
                    seen.add((name, country))
                    result.append((name, country))
        return result

    try:
        return placed(german), placed(foreign)
    finally:
        connection.close()


def write_csv(german: list[tuple[str, str]], foreign: list[tuple[str, str]]) -> None:
    rng = random.Random(SEED)
    topics = ["Kultur", "Jugend", "Klimaanpassung", "Wirtschaftsförderung", "Tourismus", "Stadtentwicklung",
              "Digitalisierung", "Gesundheit"]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ROWS:
        pairs.add((rng.randrange(len(german)), rng.randrange(len(foreign))))
    with open(CSV_PATH, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        ordered = sorted(pairs)
        rng.shuffle(ordered)
        for g, f in ordered:
            sdgs = ", ".join(str(n) for n in sorted(rng.sample(range(1, 18), rng.randrange(0, 4))))
            themes = ", ".join(rng.sample(topics, rng.randrange(0, 3)))
            writer.writerow([*german[g], *foreign[f], rng.choice(KINDS), rng.randrange(1950, 2025),
                             rng.choice(STATUSES), sdgs, themes])


def added_rows(before: Database, after: Database) -> tuple[Rows, set[str]]:
    """The rows of every table that has more rows in `after` than in `before`, and which columns are JSON.

    On PostgreSQL, JSON columns are read as text: the floor sends them as the product does.
    """
    result: Rows = {}
    json_columns: set[str] = set()
    for name in after.tables():
        count_old, count_new = before.count(name), after.count(name)
        if count_new == count_old:
            continue
        if POSTGRES:
            types = after.query("SELECT column_name, data_type FROM information_schema.columns WHERE "
                                "table_schema = 'public' AND table_name = %s ORDER BY ordinal_position", [name])
            columns = [column for column, _type in types]
            json_columns |= {f"{name}.{column}" for column, kind in types if kind in ("json", "jsonb")}
            selected = ", ".join(f'"{c}"::text' if f"{name}.{c}" in json_columns else f'"{c}"' for c in columns)
            last = before.query(f'SELECT coalesce(max(id), 0) FROM "{name}"')[0][0]
            rows = after.query(f'SELECT {selected} FROM "{name}" WHERE id > %s ORDER BY id', [last])
        else:
            columns = [row[1] for row in after.query(f'PRAGMA table_info("{name}")')]
            last = before.query(f'SELECT coalesce(max(rowid), 0) FROM "{name}"')[0][0]
            rows = after.query(f'SELECT {", ".join(f"[{c}]" for c in columns)} FROM "{name}" WHERE rowid > %s '
                               "ORDER BY rowid", [last])
        if len(rows) != count_new - count_old:
            raise RuntimeError(f"{name}: rows were changed, not only added; the floor would not match")
        result[name] = (columns, rows)
    return result, json_columns


def _order(rows: Rows) -> list[str]:
    return ["registry_partnership", *sorted(set(rows) - {"registry_partnership"})]  # parents first


def floor_insert(database: Database, rows: Rows, json_columns: set[str]) -> float:
    """Seconds to insert the rows with the driver's plain executemany, parents first, in one transaction."""
    if POSTGRES:
        import psycopg

        started = time.perf_counter()
        with psycopg.connect(database.url) as con, con.cursor() as cursor:  # one transaction, committed on exit
            for name in _order(rows):
                columns, values = rows[name]
                holders = ", ".join("%s::jsonb" if f"{name}.{c}" in json_columns else "%s" for c in columns)
                cursor.executemany(f'INSERT INTO "{name}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) '
                                   f"VALUES ({holders})", values)
        return time.perf_counter() - started
    started = time.perf_counter()
    lite = sqlite3.connect(database.path, isolation_level=None)
    lite.execute("PRAGMA journal_mode=WAL")
    lite.execute("PRAGMA synchronous=NORMAL")
    lite.execute("PRAGMA foreign_keys=ON")
    lite.execute("BEGIN IMMEDIATE")
    for name in _order(rows):
        columns, values = rows[name]
        placeholders = ", ".join("?" for _ in columns)
        lite.executemany(f'INSERT INTO "{name}" ({", ".join(f"[{c}]" for c in columns)}) VALUES ({placeholders})',
                         values)
    lite.execute("COMMIT")
    lite.close()
    return time.perf_counter() - started


def copy_insert(database: Database, rows: Rows) -> float:
    """PostgreSQL: seconds to write the same rows with COPY … FROM STDIN, in one transaction."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(database.url) as con, con.cursor() as cursor:
        for name in _order(rows):
            columns, values = rows[name]
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
    return time.perf_counter() - started


def fingerprint(database: Database) -> tuple[object, ...]:
    """Row counts of the registry tables and the latest change, to tell that an import wrote nothing.

    Read from the database rather than from the command's summary, which is translated.
    """
    counts = tuple(database.count(name) for name in database.tables("registry_%"))
    latest = database.query("SELECT max(updated_at), max(id) FROM registry_partnership")[0]
    return (*counts, *latest)


def main() -> int:
    sigterm_as_exit()
    OUT.mkdir(parents=True, exist_ok=True)
    driver = "psycopg" if POSTGRES else "sqlite3"
    section(f"bench 2: registry import of 50,000 rows vs. plain {driver} executemany ({DATABASE_NAME})")
    require_postgres()
    ensure_output(GAZETTEER_DB, "gazetteer_load.py", has_gazetteer(GAZETTEER_DB))
    GAZETTEER_DB.copy_to(BASE_DB)
    run_checked([str(BIN / "partneratlas"), "migrate", "--verbosity", "0"], base_env(BASE_DB))  # the code's schema

    started = time.monotonic()
    german, foreign = resolvable_members(BASE_DB)
    BASE_DB.settle()
    write_csv(german, foreign)
    print(f"CSV: {CSV_PATH.relative_to(ROOT)}, {ROWS:,} rows, {CSV_PATH.stat().st_size / 2**20:.1f} MB; "
          f"members drawn from {len(german):,} German and {len(foreign):,} foreign municipalities that resolve "
          f"by name and country ({time.monotonic() - started:.1f} s to prepare)")
    sqlite_csv = OUT / "partnerships-50k.csv"
    if POSTGRES and sqlite_csv.exists():
        same = sqlite_csv.read_bytes() == CSV_PATH.read_bytes()
        print(f"the same file as the SQLite pass's {sqlite_csv.name}: "
              + ("yes" if same else "NO (the gazetteers differ)"))

    BASE_DB.copy_to(IMPORTED_DB)
    env = base_env(IMPORTED_DB)
    command = [str(BIN / "partneratlas"), "registry", "import", str(CSV_PATH),
               "--report", str(OUT / f"import{SUFFIX}.report.csv"), "--language", "en"]
    first = run_checked(command, env, timeout=1800)
    print(f"import says: {first.stdout.strip().splitlines()[0]}")
    created = IMPORTED_DB.count("registry_partnership")
    if created != ROWS or IMPORTED_DB.count("registry_membership") != 2 * ROWS:
        raise RuntimeError(f"the import created {created} partnerships, not {ROWS}: {first.stdout}")
    before = fingerprint(IMPORTED_DB)
    second = run_checked(command, env, timeout=1800)
    print(f"re-import says: {second.stdout.strip().splitlines()[0]}")
    if fingerprint(IMPORTED_DB) != before:
        raise RuntimeError(f"the re-import was not a no-op: {second.stdout}")
    IMPORTED_DB.settle()

    rows, json_columns = added_rows(BASE_DB, IMPORTED_DB)
    BASE_DB.copy_to(FLOOR_DB)
    watch = CpuWatch()
    floor_seconds = floor_insert(FLOOR_DB, rows, json_columns)
    floor_others = watch.others_percent()
    check_same(FLOOR_DB, rows)
    copy: tuple[float, float] | None = None
    if POSTGRES:
        BASE_DB.copy_to(COPY_DB)
        watch = CpuWatch()
        copy_seconds = copy_insert(COPY_DB, rows)
        copy = copy_seconds, watch.others_percent()
        check_same(COPY_DB, rows)
        COPY_DB.remove()
    FLOOR_DB.remove()

    print("rows the import added (and the floor inserts):")
    table(["table", "rows"], [[name, f"{len(values):,}"] for name, (_c, values) in rows.items()])
    total = sum(len(values) for _c, values in rows.values())
    lines: list[list[Any]] = [
        ["registry import (ours, subprocess, incl. startup)", f"{first.seconds:.2f}",
         f"{ROWS / first.seconds:,.0f}", f"{first.peak_rss_mb:.0f}", f"{first.others_percent:.0f}"],
        [f"{driver} executemany (floor, same rows, in-process)", f"{floor_seconds:.2f}",
         f"{ROWS / floor_seconds:,.0f}", "-", f"{floor_others:.0f}"],
    ]
    if copy:
        lines.append(["psycopg COPY (same rows, in-process; no goal)", f"{copy[0]:.2f}", f"{ROWS / copy[0]:,.0f}",
                      "-", f"{copy[1]:.0f}"])
    lines.append(["registry import again (no-op re-import)", f"{second.seconds:.2f}",
                  f"{ROWS / second.seconds:,.0f}", f"{second.peak_rss_mb:.0f}", f"{second.others_percent:.0f}"])
    table(["what", "wall s", "rows/s", "peak RSS MB", "others %"], lines)
    print(f"during the import, {disturbance(first.others_percent)}; during the floor, {disturbance(floor_others)}")
    print(f"(rows/s counts CSV rows = partnerships; the floor writes {total:,} table rows in all"
          + ("; peak RSS is the import process's alone, not the PostgreSQL server's)" if POSTGRES else ")"))
    if copy:
        print(f"ours / COPY: {first.seconds / copy[0]:.2f} (for information: COPY is PostgreSQL's bulk path, which "
              "the product does not use; the goal is set against executemany, as on SQLite)")
    ratio("import_vs_executemany", first.seconds / floor_seconds, "<=", GOAL_RATIO)
    ratio("import_peak_mb", first.peak_rss_mb, "<", GOAL_PEAK_MB)
    print(f"no-op re-import: {second.seconds:.2f} s, peak RSS {second.peak_rss_mb:.0f} MB (no goal set)")
    return 0


def check_same(floor: Database, rows: Rows) -> None:
    for name in rows:
        if floor.count(name) != IMPORTED_DB.count(name):
            raise RuntimeError(f"{floor} and the import differ in {name}")


if __name__ == "__main__":
    sys.exit(main())

"""Bench 2: `partneratlas registry import` of 50,000 partnerships, against a plain executemany floor.

1. Starts from bench/out/gazetteer.sqlite3 (bench 1; built first if missing).
2. Generates a 50,000-row CSV with the German headers of the demo file
   (Kommune;Land;Partnerkommune;Partnerland;Art;seit;Status;SDG;Themen). Each row pairs a
   German municipality with a foreign one, both given by *name and country name*, and each
   name is one that `Resolver().resolve(name, country)` places on exactly that municipality
   (checked here with Django set up), so the import exercises name resolution. Every pair
   is distinct, so every row creates a partnership.
3. Times `partneratlas registry import FILE` in a subprocess on a copy of the gazetteer
   database (wall time and the process's peak RSS), then the same import again (a no-op).
4. The floor: plain `sqlite3` `executemany` of exactly the rows the import added (every table
   whose row count grew; table and column names read from the schema) into another copy of
   the same pre-import database, in one transaction, with the same pragmas as the product
   (WAL, synchronous=NORMAL), timed in the same run.

The imported database, bench/out/import.sqlite3, is the starting point of bench/api.py.

    .venv/bin/python bench/import.py
"""

import csv
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

from _common import (
    BIN,
    GAZETTEER_DB,
    IMPORTED_DB,
    OUT,
    ROOT,
    CpuWatch,
    base_env,
    checkpoint,
    copy_db,
    count_rows,
    disturbance,
    ensure_output,
    has_gazetteer,
    ratio,
    remove_db,
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
CSV_PATH = OUT / "partnerships-50k.csv"
BASE_DB = OUT / "import-base.sqlite3"
FLOOR_DB = OUT / "import-floor.sqlite3"
RESOLVE_CHUNK = 500


def resolvable_members(database: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, country name) of German and of foreign municipalities that resolve to exactly themselves."""
    os.environ.update(base_env(database))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from partneratlas.gazetteer.models import Country, Municipality
    from partneratlas.gazetteer.resolution import Resolver

    country_names = {c.code: c.names.get("de") or c.names.get("en") or c.code for c in Country.objects.all()}
    german = [(pk, name, "Deutschland") for pk, name in Municipality.objects.filter(
        country_id="DE", kind=Municipality.Kind.MUNICIPALITY).order_by("-population", "id").values_list(
        "id", "name")[:GERMAN_POOL]]
    foreign = [(pk, name, country_names[cc]) for pk, name, cc in Municipality.objects.filter(
        kind=Municipality.Kind.MUNICIPALITY).exclude(country_id="DE").order_by("-population", "id").values_list(
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


def added_rows(before: Path, after: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """table → (columns, rows) of every table that has more rows in `after` than in `before`."""
    old = sqlite3.connect(f"file:{before}?mode=ro", uri=True)
    new = sqlite3.connect(f"file:{after}?mode=ro", uri=True)
    try:
        result = {}
        tables = [name for (name,) in new.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for name in tables:
            count_old = old.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            count_new = new.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            if count_new == count_old:
                continue
            last = old.execute(f'SELECT coalesce(max(rowid), 0) FROM "{name}"').fetchone()[0]
            columns = [row[1] for row in new.execute(f'PRAGMA table_info("{name}")')]
            rows = new.execute(f'SELECT {", ".join(f"[{c}]" for c in columns)} FROM "{name}" WHERE rowid > ? '
                               "ORDER BY rowid", (last,)).fetchall()
            if len(rows) != count_new - count_old:
                raise RuntimeError(f"{name}: rows were changed, not only added; the floor would not match")
            result[name] = (columns, rows)
        return result
    finally:
        old.close()
        new.close()


def floor_insert(database: Path, rows: dict[str, tuple[list[str], list[tuple[object, ...]]]]) -> float:
    """Seconds to insert the rows with plain executemany, parents first, in one transaction."""
    order = ["registry_partnership", *sorted(set(rows) - {"registry_partnership"})]
    started = time.perf_counter()
    con = sqlite3.connect(database, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("BEGIN IMMEDIATE")
    for name in order:
        if name not in rows:
            continue
        columns, values = rows[name]
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(f'INSERT INTO "{name}" ({", ".join(f"[{c}]" for c in columns)}) VALUES ({placeholders})',
                        values)
    con.execute("COMMIT")
    con.close()
    return time.perf_counter() - started


def fingerprint(database: Path) -> tuple[object, ...]:
    """Row counts of the registry tables and the latest change, to tell that an import wrote nothing.

    Read from the database rather than from the command's summary, which is translated.
    """
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'registry_%' ORDER BY name")]
        counts = tuple(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables)
        latest = con.execute("SELECT max(updated_at), max(id) FROM registry_partnership").fetchone()
        return (*counts, *latest)
    finally:
        con.close()


def main() -> int:
    sigterm_as_exit()
    OUT.mkdir(parents=True, exist_ok=True)
    section("bench 2: registry import of 50,000 rows vs. plain sqlite3 executemany")
    ensure_output(GAZETTEER_DB, "gazetteer_load.py", has_gazetteer(GAZETTEER_DB))
    copy_db(GAZETTEER_DB, BASE_DB)
    run_checked([str(BIN / "partneratlas"), "migrate", "--verbosity", "0"], base_env(BASE_DB))  # the code's schema

    started = time.monotonic()
    german, foreign = resolvable_members(BASE_DB)
    checkpoint(BASE_DB)
    write_csv(german, foreign)
    print(f"CSV: {CSV_PATH.relative_to(ROOT)}, {ROWS:,} rows, {CSV_PATH.stat().st_size / 2**20:.1f} MB; "
          f"members drawn from {len(german):,} German and {len(foreign):,} foreign municipalities that resolve "
          f"by name and country ({time.monotonic() - started:.1f} s to prepare)")

    copy_db(BASE_DB, IMPORTED_DB)
    env = base_env(IMPORTED_DB)
    command = [str(BIN / "partneratlas"), "registry", "import", str(CSV_PATH),
               "--report", str(OUT / "import.report.csv"), "--language", "en"]
    first = run_checked(command, env, timeout=1800)
    print(f"import says: {first.stdout.strip().splitlines()[0]}")
    created = count_rows(IMPORTED_DB, "registry_partnership")
    if created != ROWS or count_rows(IMPORTED_DB, "registry_membership") != 2 * ROWS:
        raise RuntimeError(f"the import created {created} partnerships, not {ROWS}: {first.stdout}")
    before = fingerprint(IMPORTED_DB)
    second = run_checked(command, env, timeout=1800)
    print(f"re-import says: {second.stdout.strip().splitlines()[0]}")
    if fingerprint(IMPORTED_DB) != before:
        raise RuntimeError(f"the re-import was not a no-op: {second.stdout}")
    checkpoint(IMPORTED_DB)

    rows = added_rows(BASE_DB, IMPORTED_DB)
    copy_db(BASE_DB, FLOOR_DB)
    watch = CpuWatch()
    floor_seconds = floor_insert(FLOOR_DB, rows)
    floor_others = watch.others_percent()
    for name in rows:
        if count_rows(FLOOR_DB, name) != count_rows(IMPORTED_DB, name):
            raise RuntimeError(f"floor and import differ in {name}")
    remove_db(FLOOR_DB)

    print("rows the import added (and the floor inserts):")
    table(["table", "rows"], [[name, f"{len(values):,}"] for name, (_c, values) in rows.items()])
    total = sum(len(values) for _c, values in rows.values())
    table(["what", "wall s", "rows/s", "peak RSS MB", "others %"], [
        ["registry import (ours, subprocess, incl. startup)", f"{first.seconds:.2f}",
         f"{ROWS / first.seconds:,.0f}", f"{first.peak_rss_mb:.0f}", f"{first.others_percent:.0f}"],
        ["sqlite3 executemany (floor, same rows, in-process)", f"{floor_seconds:.2f}",
         f"{ROWS / floor_seconds:,.0f}", "-", f"{floor_others:.0f}"],
        ["registry import again (no-op re-import)", f"{second.seconds:.2f}",
         f"{ROWS / second.seconds:,.0f}", f"{second.peak_rss_mb:.0f}", f"{second.others_percent:.0f}"],
    ])
    print(f"during the import, {disturbance(first.others_percent)}; during the floor, {disturbance(floor_others)}")
    print(f"(rows/s counts CSV rows = partnerships; the floor writes {total:,} table rows in all)")
    ratio("import_vs_executemany", first.seconds / floor_seconds, "<=", GOAL_RATIO)
    ratio("import_peak_mb", first.peak_rss_mb, "<", GOAL_PEAK_MB)
    print(f"no-op re-import: {second.seconds:.2f} s, peak RSS {second.peak_rss_mb:.0f} MB (no goal set)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bench 1: `partneratlas gazetteer load` into a fresh database.

Migrates a new database (a file under bench/out/, or the PostgreSQL database bench_gazetteer
with BENCH_DATABASE=postgresql), then times the load in a subprocess and reads that process's
peak resident memory (wait4; on PostgreSQL the server's own memory is not in it). The result,
bench/out/gazetteer.sqlite3 or bench_gazetteer, is the starting point of bench/import.py.

    .venv/bin/python bench/gazetteer_load.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/gazetteer_load.py
"""

import sys

from _common import (
    BIN,
    DATABASE_NAME,
    GAZETTEER_DB,
    OUT,
    Database,
    base_env,
    disturbance,
    ratio,
    require_postgres,
    run_checked,
    section,
    sigterm_as_exit,
    table,
)

GOAL_SECONDS = 60
GOAL_PEAK_MB = 1536


def load_record(db: Database) -> tuple[int, int, float] | None:
    rows = db.query("SELECT places, names, seconds FROM gazetteer_gazetteerload ORDER BY id DESC LIMIT 1")
    return rows[0] if rows else None


def main() -> int:
    sigterm_as_exit()
    OUT.mkdir(parents=True, exist_ok=True)
    section(f"bench 1: gazetteer load ({DATABASE_NAME})")
    require_postgres()
    db = Database("gazetteer-partial")
    db.create_empty()
    env = base_env(db)
    migrate = run_checked([str(BIN / "partneratlas"), "migrate", "--verbosity", "0"], env)
    load = run_checked([str(BIN / "partneratlas"), "gazetteer", "load"], env, timeout=900)
    record = load_record(db)  # read from the database: the command's message may be translated
    if record is None:
        raise RuntimeError(f"gazetteer load recorded no load: {load.stdout!r} {load.stderr[-2000:]!r}")
    places = db.count("gazetteer_municipality")
    names = db.count("gazetteer_municipalityname")
    again = run_checked([str(BIN / "partneratlas"), "gazetteer", "load"], env)
    db.settle()
    db.rename_to(GAZETTEER_DB)
    size_mb = GAZETTEER_DB.size_mb()

    print(f"database: {GAZETTEER_DB} ({size_mb:.0f} MB after the load)")
    print(f"places (municipalities incl. Länder, provinces, countries): {places:,}; search names: {names:,}")
    print(f"the load's own record: {record[0]:,} places, {record[1]:,} search names, {record[2]:.1f} s "
          "(inside the transaction, without start-up)")
    table(["step", "wall s", "peak RSS MB", "goal", "others %"], [
        ["migrate (fresh database)", f"{migrate.seconds:.1f}", f"{migrate.peak_rss_mb:.0f}", "",
         f"{migrate.others_percent:.0f}"],
        ["gazetteer load", f"{load.seconds:.1f}", f"{load.peak_rss_mb:.0f}",
         f"<= {GOAL_SECONDS} s, < {GOAL_PEAK_MB} MB", f"{load.others_percent:.0f}"],
        ["gazetteer load again (no-op)", f"{again.seconds:.1f}", f"{again.peak_rss_mb:.0f}", "",
         f"{again.others_percent:.0f}"],
    ])
    print(f"during the load, {disturbance(load.others_percent)}")
    print(f"throughput: {places / load.seconds:,.0f} places/s, {names / load.seconds:,.0f} search names/s")
    ratio("gazetteer_load_seconds", load.seconds, "<=", GOAL_SECONDS)
    ratio("gazetteer_load_peak_mb", load.peak_rss_mb, "<", GOAL_PEAK_MB)
    return 0


if __name__ == "__main__":
    sys.exit(main())

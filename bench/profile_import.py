"""Where the time of bench 2's import goes: `partneratlas registry import` of the 50,000-row CSV, by phase.

Not a bench (no peer, no RATIO line): a tool for the one who speeds the import up. It copies
bench 2's pre-import database (bench/out/import-base.sqlite3, or bench_import_base on
PostgreSQL; bench 2 is run first if it is missing), then runs the import command in a child
process in which the phases' functions are wrapped with a clock: reading the file, parsing the
rows, resolving the members' names, planning, `partnerships_save` and its parts (one line per
table written, the revisions among them), the commit and the row report. A wrapper costs
about a microsecond per call, so the phases keep their real proportions (unlike cProfile,
which slows Python calls far more than the database's C code). Functions that the code no
longer has are left out, so the tool survives a rewrite of the write path.

    .venv/bin/python bench/profile_import.py              # on SQLite
    BENCH_DATABASE=postgresql .venv/bin/python bench/profile_import.py
    .venv/bin/python bench/profile_import.py --cprofile   # also a cProfile of the same run,
                                                          # to bench/out/import.prof, top 30 printed
"""

import contextlib
import cProfile
import functools
import importlib
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import (
    OUT,
    PYTHON,
    ROOT,
    SUFFIX,
    Database,
    base_env,
    disturbance,
    ensure_output,
    has_partnerships,
    require_postgres,
    run_checked,
    section,
    sigterm_as_exit,
    table,
)

BASE_DB = Database("import-base")
PROFILE_DB = Database("import-profile")
CSV_PATH = OUT / f"partnerships-50k{SUFFIX}.csv"
FACTS = OUT / f"import-profile{SUFFIX}.json"
PROF = OUT / f"import{SUFFIX}.prof"

# (phase, module, attribute): the functions to clock, where the importer looks them up.
IMPORTER = "partneratlas.registry.importing.importer"
SERVICES = "partneratlas.registry.services"
PHASES = [
    ("read the file (read_table)", IMPORTER, "read_table"),
    ("parse the rows (_parse, per row)", IMPORTER, "_parse"),
    ("resolution: prefetch names (Resolver.prefetch)", "partneratlas.gazetteer.resolution", "Resolver.prefetch"),
    ("resolution: prefetch refs (Resolver.prefetch_refs)", "partneratlas.gazetteer.resolution",
     "Resolver.prefetch_refs"),
    ("resolution: per row (_resolve_members)", IMPORTER, "_resolve_members"),
    ("actors' sides (_resolve_actor_sides)", IMPORTER, "_resolve_actor_sides"),
    ("planning (_plan: find stored, snapshots, compare)", IMPORTER, "_plan"),
    ("partnerships_save (all of it)", IMPORTER, "partnerships_save"),
    ("  states for the revisions (_after, per partnership)", SERVICES, "_after"),
    ("  partnership ids read back (_ids_by_uid)", SERVICES, "_ids_by_uid"),
    ("  related rows (_write_related, its inserts included)", SERVICES, "_write_related"),
    ("  revisions (revisions_add)", SERVICES, "revisions_add"),
    ("commit (of the import's one transaction)", "django.db.backends.base.base", "BaseDatabaseWrapper.commit"),
    ("row report (write_report)", "partneratlas.registry.management.commands.registry", "write_report"),
]
SAVE = "partnerships_save (all of it)"
WRITERS = [SERVICES, "partneratlas.history.services"]  # modules that call bulk.insert_rows


# --- in the child -----------------------------------------------------------------------------------


def _clock(totals: dict[str, float], counts: dict[str, int], label: str,
           func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - started
            counts[label] += 1

    return timed


def _by_table(totals: dict[str, float], counts: dict[str, int], insert_rows: Callable[..., Any]) -> Callable[..., Any]:
    def insert_by_table(model: Any, fields: Any, rows: Any, **kwargs: Any) -> Any:
        label = f"  insert_rows {model._meta.db_table}"
        counts[f"{label} rows"] += len(rows)
        return _clock(totals, counts, label, insert_rows)(model, fields, rows, **kwargs)

    return insert_by_table


def child(csv_path: Path, facts_path: Path, profile_path: str) -> None:
    """Run the import command with the phases clocked; write the totals as JSON."""
    started = time.perf_counter()
    import django

    django.setup()
    setup_s = time.perf_counter() - started
    from django.core.management import call_command
    from django.db.backends import utils

    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    missing = []
    for label, module_name, attribute in PHASES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        if not hasattr(owner, name):
            missing.append(f"{module_name}.{attribute}")
            continue
        setattr(owner, name, _clock(totals, counts, label, getattr(owner, name)))

    for module_name in WRITERS:  # one line per table the save writes, wherever it calls insert_rows
        with contextlib.suppress(ImportError):
            module: Any = importlib.import_module(module_name)
            if hasattr(module, "insert_rows"):
                module.insert_rows = _by_table(totals, counts, module.insert_rows)
    for method in ("execute", "executemany"):  # every statement of the process, reads and writes
        setattr(utils.CursorWrapper, method,
                _clock(totals, counts, f"(all cursor.{method} calls: database and driver)",
                       getattr(utils.CursorWrapper, method)))

    profiler = cProfile.Profile() if profile_path else None
    command_started = time.perf_counter()
    if profiler:
        profiler.enable()
    call_command("registry", "import", str(csv_path), "--report", str(OUT / f"import-profile{SUFFIX}.report.csv"),
                 "--language", "en", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed at exit)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_path)
    command_s = time.perf_counter() - command_started
    facts_path.write_text(json.dumps({"setup_s": setup_s, "command_s": command_s, "totals": totals,
                                      "counts": counts, "missing": missing}), encoding="utf-8")


# --- in the bench process ---------------------------------------------------------------------------


def main() -> int:
    sigterm_as_exit()
    profile = "--cprofile" in sys.argv[1:]
    section(f"import profile: where `registry import` of 50,000 rows spends its time ({PROFILE_DB})")
    require_postgres()
    ensure_output(BASE_DB, "import.py", CSV_PATH.exists() and has_partnerships(BASE_DB, 0)
                  and not has_partnerships(BASE_DB, 1))
    BASE_DB.copy_to(PROFILE_DB)
    env = base_env(PROFILE_DB)
    run = run_checked([str(PYTHON), __file__, "--child", str(CSV_PATH), str(FACTS), str(PROF) if profile else ""],
                      env, timeout=1800)
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    PROFILE_DB.remove()
    command_s = facts["command_s"]
    totals, counts = facts["totals"], facts["counts"]

    def line(label: str, seconds: float, calls: str) -> list[str]:
        return [label, f"{seconds:.2f}", f"{seconds / command_s * 100:.0f}", calls]

    rows = [["process start-up to django.setup() done (before the command)", f"{facts['setup_s']:.2f}", "", ""]]
    for label, _module, _attribute in PHASES:
        if label in totals:
            rows.append(line(label, totals[label], f"{counts[label]:,}"))
        if label == SAVE:  # the writes of each table, in the save or under _write_related
            rows += [line(name, seconds, f"{counts[name]:,} ({counts[name + ' rows']:,} rows)")
                     for name, seconds in totals.items() if name.startswith("  insert_rows")]
    clocked = sum(seconds for label, seconds in totals.items() if not label.startswith((" ", "(")))
    rows.append(line("rest of the command (columns, topics, summary ...)", command_s - clocked, ""))
    rows.append(line("the command, in all", command_s, ""))
    rows += [line(label, seconds, f"{counts[label]:,}") for label, seconds in totals.items() if label.startswith("(")]
    table(["phase (indented: part of partnerships_save)", "s", "% of the command", "calls"], rows)
    print(f"whole child process: {run.seconds:.2f} s wall, peak RSS {run.peak_rss_mb:.0f} MB"
          + (" (under cProfile: slower, proportions skewed toward Python)" if profile else ""))
    print(disturbance(run.others_percent))
    if facts["missing"]:
        print(f"not in the code any more, not clocked: {', '.join(facts['missing'])}")
    if profile:
        print(f"\ncProfile of the command written to {PROF.relative_to(ROOT)}; the top 30 by cumulative time:")
        pstats.Stats(str(PROF)).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
        sys.exit(0)
    sys.exit(main())

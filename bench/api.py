"""Bench 3: the partnership list of the JSON API under gunicorn, against a peer on the same database.

Serves a copy of bench 2's result (the gazetteer and 50,000 partnerships) on 127.0.0.1,
first with PartnerAtlas under gunicorn, then with the peer, one server at a time, and drives
each with the same load generator (wrk, from Debian: `make bench` installs it; a small Python
generator otherwise), at the same concurrency, for the same time, after a warm-up. Before
measuring, the bench checks once that the peer returns the same 50 partnerships as ours (same
ids, same order, same members) and the same total count.

The request: `/api/v1/partnerships?country=CN&limit=50`, the first page of the partnerships
with a member in China (several thousand of the 50,000).

SQLite (bench/out/api.sqlite3): the peer is Datasette on the same file, answering the
equivalent canned query (written to bench/out/datasette-metadata.json): the same filter,
count and page, with members, SDGs, topics and status history as JSON, `_shape=array`.

PostgreSQL (bench_api, BENCH_DATABASE=postgresql): Datasette reads SQLite only, so the peer
is bench/sql_peer.py, one SQL statement per request in a bare WSGI function under the same
gunicorn: the floor of the request, not another product (see its docstring).

    .venv/bin/python bench/api.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/api.py
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPConnection
from urllib.parse import urlsplit

from _common import (
    BENCH,
    BIN,
    DATABASE_NAME,
    IMPORTED_DB,
    OUT,
    POSTGRES,
    SUFFIX,
    CpuWatch,
    Database,
    base_env,
    children,
    disturbance,
    ensure_output,
    fetch,
    find_program,
    free_port,
    has_partnerships,
    ratio,
    require_postgres,
    section,
    server,
    sigterm_as_exit,
    table,
    vm_hwm_mb,
)

DB = Database("api")  # Datasette names the database after the file: /api/...
METADATA = OUT / "datasette-metadata.json"
# Workers = cores: the work is CPU-bound (Python and in-process SQLite, no network database to
# wait for), so more sync workers only add switching and memory; see docs/performance.md.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))  # twice the cores: servers saturated, a short queue
WARMUP_S = 5
UNLOADED_S = 8  # one connection: the latency of a single request without queueing
MEASURE_S = 20
COUNTRY = "CN"
LIMIT = 50
OUR_PATH = f"/api/v1/partnerships?country={COUNTRY}&limit={LIMIT}"
DATASETTE_PATH = (f"/api/partnerships.json?country={COUNTRY}&limit={LIMIT}&_shape=array&_json=members&_json=sdgs"
                  "&_json=topics&_json=status_history&_json=council_resolutions&_json=working_languages")
GOAL_RPS_RATIO = 1.0  # SQLite: at least Datasette's throughput
# PostgreSQL: at least half the throughput of one bare SQL statement per request (the floor),
# set before the first PostgreSQL run, as the map bench's goal against a static file.
GOAL_RPS_RATIO_PG = 0.5
GOAL_P95_MS = 50
GOAL_WORKER_MB = 250

# The list endpoint's query in one statement: same filter, order, page and count; the related
# rows as JSON, as the API shows them (names in German, the default language, like the API
# without Accept-Language).
CANNED_SQL = """
WITH matching AS (
  SELECT p.id FROM registry_partnership p
  WHERE p.id IN (SELECT m.partnership_id FROM registry_membership m
                 WHERE m.country_id = upper(:country))  -- the same index PartnerAtlas reads
),
page AS (SELECT id FROM matching ORDER BY id LIMIT CAST(:limit AS INTEGER))
SELECT
  p.uid AS id, k.code AS kind, coalesce(k.names ->> '$.de', k.code) AS kind_name, p.status,
  p.start_year AS since, p.signed_on,
  (SELECT json_group_array(json_object(
       'id', g.id, 'ref', g.ref, 'name', g.name, 'display_name', coalesce(g.localized_names ->> '$.de', g.name),
       'country', g.country_id, 'region', coalesce(r.names ->> '$.de', r.names ->> '$.en', r.code, ''),
       'kind', g.kind, 'latitude', g.latitude, 'longitude', g.longitude))
     FROM (SELECT * FROM registry_membership WHERE partnership_id = p.id ORDER BY position, id) m
     JOIN gazetteer_municipality g ON g.id = m.municipality_id
     LEFT JOIN gazetteer_region r ON r.id = g.region_id) AS members,
  (SELECT json_group_array(sustainabledevelopmentgoal_id) FROM (
     SELECT sustainabledevelopmentgoal_id FROM registry_partnership_sdgs WHERE partnership_id = p.id
     ORDER BY 1)) AS sdgs,
  (SELECT json_group_array(code) FROM (
     SELECT t.code FROM registry_partnership_topics pt JOIN registry_topic t ON t.id = pt.topic_id
     WHERE pt.partnership_id = p.id ORDER BY t.position, t.code)) AS topics,
  p.working_languages,
  (SELECT json_group_array(json_object('status', status, 'year', year, 'date', date)) FROM (
     SELECT * FROM registry_statuschange WHERE partnership_id = p.id ORDER BY id)) AS status_history,
  (SELECT json_group_array(json_object('date', date, 'reference', reference)) FROM (
     SELECT * FROM registry_councilresolution WHERE partnership_id = p.id ORDER BY date, id))
     AS council_resolutions,
  p.description, p.source, p.source_url, p.verified_on,
  (SELECT count(DISTINCT partnership_id) FROM registry_membership
    WHERE country_id = upper(:country)) AS count  -- the same covering-index count PartnerAtlas makes
FROM page JOIN registry_partnership p ON p.id = page.id
JOIN registry_partnershipkind k ON k.id = p.kind_id
ORDER BY p.id
"""


PageFacts = tuple[int, list[tuple[str, list[int]]]]  # the count, and each partnership's id and members


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    non_2xx: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


@dataclass
class Result:
    name: str
    config: str
    unloaded: Load
    loaded: Load
    peak_mb: list[float]  # VmHWM of each serving process
    others_percent: float  # share of the machine other processes used during the loaded run


# --- load generators ------------------------------------------------------------------------------

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d errors=%d non2xx=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def wrk_load(wrk: str) -> Callable[[str, int, float], Load]:
    script = OUT / "p95.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")

    def run(url: str, connections: int, seconds: float) -> Load:
        output = subprocess.run(
            [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-H", "Connection: close",
             "-s", str(script), url],
            capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
        match = re.search(r"BENCH requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) errors=(\d+) "
                          r"non2xx=(\d+)", output)
        if not match:
            raise RuntimeError(f"unexpected wrk output:\n{output}")
        n, duration, p50, p95, errors, non_2xx = map(int, match.groups())
        return Load(n, duration / 1e6, p50 / 1000, p95 / 1000, errors, non_2xx)

    return run


def python_load(url: str, connections: int, seconds: float) -> Load:
    """Fallback: one thread per connection, a new TCP connection per request (as with wrk here); bounded by time."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    failures = [0] * connections
    non_2xx = [0] * connections
    deadline = time.perf_counter() + seconds

    def worker(index: int) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            conn = HTTPConnection(parts.hostname, parts.port, timeout=10)
            try:
                conn.request("GET", target, headers={"Connection": "close"})
                response = conn.getresponse()
                response.read()
                if not 200 <= response.status < 300:
                    non_2xx[index] += 1
            except OSError:
                failures[index] += 1
                continue
            finally:
                conn.close()
            latencies[index].append(time.perf_counter() - started)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.perf_counter() - started
    everything = sorted(x for values in latencies for x in values)
    if not everything:
        raise RuntimeError("no request succeeded")

    def percentile(q: float) -> float:
        return everything[min(len(everything) - 1, int(q * len(everything)))] * 1000

    return Load(len(everything), elapsed, percentile(0.50), percentile(0.95), sum(failures), sum(non_2xx))


# --- the two servers ------------------------------------------------------------------------------


def fetch_json(url: str) -> object:
    return json.loads(fetch(url, timeout=30)[0])


def our_page(base: str) -> tuple[int, list[tuple[str, list[int]]]]:
    body = fetch_json(base + OUR_PATH)
    assert isinstance(body, dict)
    rows = [(r["id"].replace("-", ""), [m["id"] for m in r["members"]]) for r in body["results"]]
    return body["count"], rows


def datasette_page(base: str) -> tuple[int, list[tuple[str, list[int]]]]:
    body = fetch_json(base + DATASETTE_PATH)
    assert isinstance(body, list)
    rows = [(r["id"].replace("-", ""), [m["id"] for m in r["members"]]) for r in body]
    return (body[0]["count"] if body else 0), rows


def measure(name: str, config: str, cmd: list[str], env: dict[str, str], base: str, path: str,
            load: Callable[[str, int, float], Load], processes: Callable[[int], list[int]],
            expected: tuple[int, list[tuple[str, list[int]]]] | None,
            page: Callable[[str], tuple[int, list[tuple[str, list[int]]]]]) -> tuple[Result, tuple]:
    log = OUT / f"server-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}{SUFFIX}.log"
    print(f"\n{name}: {config}", flush=True)
    ready = base + path
    with server(cmd, env, ready, log) as proc:
        got = page(base)
        count, rows = got
        if len(rows) != LIMIT or count <= LIMIT:
            raise RuntimeError(f"{name} returned {len(rows)} rows of {count}; expected {LIMIT} of more than {LIMIT}")
        if expected is not None and got != expected:
            raise RuntimeError(f"{name} does not return the same partnerships as PartnerAtlas")
        print(f"  checked: {len(rows)} partnerships of {count:,}, each with its members"
              + (", the same as PartnerAtlas" if expected is not None else ""), flush=True)
        url = base + path
        load(url, CONCURRENCY, WARMUP_S)
        unloaded = load(url, 1, UNLOADED_S)
        watch = CpuWatch(proc.pid)
        loaded = load(url, CONCURRENCY, MEASURE_S)
        others = watch.others_percent()
        peaks = [vm_hwm_mb(pid) for pid in processes(proc.pid)]
        for what, figures in (("1 connection", unloaded), (f"{CONCURRENCY} connections", loaded)):
            print(f"  {what}: {figures.rps:.1f} req/s, p50 {figures.p50_ms:.1f} ms, p95 {figures.p95_ms:.1f} ms, "
                  f"{figures.requests} requests, {figures.errors} socket errors, {figures.non_2xx} non-2xx",
                  flush=True)
            if figures.errors or figures.non_2xx:
                print(f"  WARNING: {name} had errors under load; see {log}", flush=True)
        print(f"  peak RSS (VmHWM) of the serving processes: {', '.join(f'{mb:.0f} MB' for mb in peaks)}",
              flush=True)
        print(f"  during the {CONCURRENCY}-connection run, {disturbance(others)}", flush=True)
    return Result(name, config, unloaded, loaded, peaks, others), got


def main() -> int:
    sigterm_as_exit()
    OUT.mkdir(parents=True, exist_ok=True)
    peer_name = "one SQL statement per request (floor)" if POSTGRES else "Datasette"
    section(f"bench 3: JSON API under gunicorn vs. {peer_name}, same database ({DATABASE_NAME})")
    require_postgres()
    ensure_output(IMPORTED_DB, "import.py", has_partnerships(IMPORTED_DB, 50_000))
    IMPORTED_DB.copy_to(DB)
    DB.settle()
    wrk = None if os.environ.get("BENCH_LOADGEN") == "python" else find_program("wrk")
    load = wrk_load(wrk) if wrk else python_load
    generator = (f"wrk ({subprocess.run([wrk, '-v'], capture_output=True, text=True).stdout.split()[1]}), "
                 "1 thread" if wrk else "Python threads (wrk not available, or BENCH_LOADGEN=python)")
    print(f"database: {DB} ({DB.size_mb():.0f} MB, {DB.count('registry_partnership'):,} partnerships)")
    print(f"load generator: {generator}; a new connection per request (Connection: close) for every server; "
          f"warm-up {WARMUP_S} s at {CONCURRENCY} connections, then {UNLOADED_S} s at 1 connection and {MEASURE_S} s "
          f"at {CONCURRENCY} connections; all on 127.0.0.1", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
                "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5"]
    ours, expected = measure(
        "PartnerAtlas", f"gunicorn, {WORKERS} sync workers, DEBUG=false, persistent DB connections",
        [*gunicorn, "partneratlas.wsgi:application"], base_env(DB), base, OUR_PATH, load, children, None, our_page)

    DB.settle()
    peers = postgres_peers(gunicorn, load, expected) if POSTGRES else datasette_peers(load, expected)
    best = max(peers, key=lambda r: r.loaded.rps)

    print()
    rows = []
    for result in [ours, *peers]:
        rows.append([result.name + (" (peer)" if result is best else ""), result.config,
                     f"{result.loaded.rps:.1f}", f"{result.loaded.p50_ms:.1f}", f"{result.loaded.p95_ms:.1f}",
                     f"{result.unloaded.p50_ms:.1f}", f"{result.unloaded.p95_ms:.1f}",
                     f"{max(result.peak_mb):.0f}", f"{result.others_percent:.0f}"])
    table(["server", "configuration", f"req/s @{CONCURRENCY}", f"p50 ms @{CONCURRENCY}", f"p95 ms @{CONCURRENCY}",
           "p50 ms @1", "p95 ms @1", "peak RSS MB / process", "others %"], rows)
    if POSTGRES:
        print("peer = bench/sql_peer.py: the database's own speed for this request, not another product; "
              "peak RSS is the serving processes' alone, not the PostgreSQL server's")
        ratio("api_rps_vs_sql_floor", ours.loaded.rps / best.loaded.rps, ">=", GOAL_RPS_RATIO_PG)
    else:
        print(f"peer = the faster Datasette configuration in this run: {best.name}")
        ratio("api_rps_vs_datasette", ours.loaded.rps / best.loaded.rps, ">=", GOAL_RPS_RATIO)
    ratio("api_p95_ms", ours.loaded.p95_ms, "<=", GOAL_P95_MS)
    ratio("api_worker_peak_mb", max(ours.peak_mb), "<", GOAL_WORKER_MB)
    return 0


def datasette_peers(load: Callable[[str, int, float], Load], expected: PageFacts) -> list[Result]:
    """SQLite: Datasette on the same file, in both configurations for 2 cores; the faster is the peer."""
    METADATA.write_text(json.dumps({"databases": {DB.path.stem: {"queries": {"partnerships": {
        "sql": CANNED_SQL.strip(), "title": "Partnerships with a member in a country"}}}}}, indent=2),
        encoding="utf-8")
    datasette_variants = [
        ("Datasette serve", "1 process (uvicorn), -i immutable, num_sql_threads 3 (default)",
         ["serve"], lambda pid: [pid]),
        ("Datasette gunicorn", f"datasette-gunicorn plugin, {WORKERS} uvicorn workers, -i immutable, "
         "num_sql_threads 1", ["gunicorn", "--workers", str(WORKERS), "--setting", "num_sql_threads", "1"],
         children),
    ]
    peers = []
    for name, config, args, processes in datasette_variants:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [str(BIN / "datasette"), *args, "-i", str(DB.path), "-m", str(METADATA), "-h", "127.0.0.1",
               "-p", str(port), "--setting", "sql_time_limit_ms", "10000"]
        peer, _page = measure(name, config, cmd, dict(os.environ), base, DATASETTE_PATH, load, processes,
                              expected, datasette_page)
        peers.append(peer)
    return peers


def postgres_peers(gunicorn: list[str], load: Callable[[str, int, float], Load],
                   expected: PageFacts) -> list[Result]:
    """PostgreSQL: bench/sql_peer.py under the same gunicorn command, on the same database."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [*gunicorn, "--chdir", str(BENCH), "sql_peer:app"]
    cmd[cmd.index("--bind") + 1] = f"127.0.0.1:{port}"
    env = dict(os.environ) | {"PEER_DATABASE_URL": DB.url}
    peer, _page = measure("One SQL statement (bench/sql_peer.py)",
                          f"the same gunicorn, {WORKERS} sync workers, a persistent psycopg connection each",
                          cmd, env, base, OUR_PATH, load, children, expected, our_page)
    return [peer]


if __name__ == "__main__":
    sys.exit(main())

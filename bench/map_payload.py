"""Bench 4: the map's data payload of 50,000 partnerships, against a static file of the same bytes.

Serves a copy of bench 2's result (bench/out/map.sqlite3, or bench_map on PostgreSQL with
BENCH_DATABASE=postgresql: the gazetteer and 50,000 partnerships, migrated to the current
schema) and measures `GET /map/data.json` without
filters, i.e. every partnership, in German (no Accept-Language):

1. In a child process with Django set up (the test client, through every middleware):
   the payload's size raw and gzipped; the cold request (the cache cleared before each,
   after one discarded request that loads the code), the warm request and the ETag
   revalidation (If-None-Match -> 304), each the median of several; and where the time of
   a cold and of a warm request goes (registry version, filter form, queries, JSON, gzip).
   The child also writes the gzipped bytes it was served (and the raw body beside them) to
   bench/out/static/bench-map/map-data.json(.gz): the peers' file.
2. Under load, one server at a time, each driven by wrk with `Accept-Encoding: gzip` and
   `Connection: close`, a 5 s warm-up at 4 connections, 8 s at 1 connection, then the measured
   20 s at 4 connections (as bench/api.py does):
   - PartnerAtlas under gunicorn (the settings of bench/api.py: 2 sync workers, DEBUG=false),
     the warm payload (200, gzipped), then the same URL with If-None-Match (304);
   - peer 1, WhiteNoise in that same gunicorn: the same bytes as a static file under
     STATIC_ROOT, served by the product's own WhiteNoiseMiddleware at /static/bench-map/...;
   - peer 2, nginx from Debian (bench/install-tools installs it; skipped when missing, and
     on PostgreSQL, where it would serve the same file as on SQLite), 2 worker processes,
     `gzip_static on`, serving the same .gz file.
   Before measuring, the bench checks that every server answers 200 with Content-Encoding
   gzip and exactly the bytes of the file.

The figures are printed and written to bench/out/map-payload.json (map-payload_pg.json). BENCH_WORKERS and
BENCH_CONCURRENCY vary the load as in bench/api.py; BENCH_NO_NGINX=1 skips the second peer.

    .venv/bin/python bench/map_payload.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/map_payload.py
"""

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _common import (
    BIN,
    DATABASE_NAME,
    IMPORTED_DB,
    OUT,
    POSTGRES,
    PYTHON,
    ROOT,
    STATIC_ROOT,
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
    run_checked,
    section,
    server,
    sigterm_as_exit,
    table,
    vm_hwm_mb,
)

DB = Database("map")
PEER_DIR = STATIC_ROOT / "bench-map"  # WhiteNoise serves it at /static/bench-map/, nginx at /
PEER_FILE = "map-data.json"
OUR_PATH = "/map/data.json"
WHITENOISE_PATH = f"/static/bench-map/{PEER_FILE}"
NGINX_PATH = f"/{PEER_FILE}"
FACTS = OUT / f"map-payload-in-process{SUFFIX}.json"  # what the child measured
RESULTS = OUT / f"map-payload{SUFFIX}.json"  # every figure of the run, for a later look
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # as bench/api.py: one sync worker per core
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WARMUP_S = 5
UNLOADED_S = 8
MEASURE_S = 20
COLD_REPEATS = 5
WARM_REPEATS = 50
# Goals, set before the first run (see docs/performance.md, "Map payload").
GOAL_RPS_VS_STATIC = 0.5  # within 2x the static file's throughput (WhiteNoise, same gunicorn)
GOAL_P95_MS = 20  # warm, at 4 connections
GOAL_COLD_S = 2.0  # the first request after a change of the registry
GOAL_GZIP_BYTES_PER_PARTNERSHIP = 20  # 1 MB on the wire for 50,000
GOAL_304_P95_MS = 5  # a revalidation at 1 connection: should cost less than an API page
GOAL_WORKER_MB = 250


# --- in the child: Django set up, through the test client ------------------------------------------


def in_process(facts_path: Path) -> None:
    """Measure the payload in this process (started by main() with base_env) and write the facts as JSON."""
    import django

    django.setup()
    import orjson
    from django.core.cache import cache
    from django.test import Client
    from django.utils import translation

    from partneratlas.atlas import mapdata
    from partneratlas.atlas.filters import AtlasFilterForm

    client = Client(HTTP_HOST="127.0.0.1")

    def get(**headers: str) -> tuple[float, Any]:
        started = time.perf_counter()
        response = client.get(OUR_PATH, **headers)
        return time.perf_counter() - started, response

    def timed(func: Callable[[], object], repeats: int) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    first_s, response = get(HTTP_ACCEPT_ENCODING="gzip")  # a fresh process: code, connection, cache
    if response.status_code != 200 or response.get("Content-Encoding") != "gzip":
        raise RuntimeError(f"{OUR_PATH} answered {response.status_code}, {response.headers}")
    cold = []
    for _ in range(COLD_REPEATS):
        cache.clear()
        seconds, response = get(HTTP_ACCEPT_ENCODING="gzip")
        cold.append(seconds)
    gzipped = response.content
    etag = response["ETag"]
    body = gzip.decompress(gzipped)
    identity = client.get(OUR_PATH).content
    if identity != body:
        raise RuntimeError("the gzipped and the plain answers differ")
    payload = orjson.loads(body)
    warm = [get(HTTP_ACCEPT_ENCODING="gzip")[0] for _ in range(WARM_REPEATS)]
    revalidations = []
    for _ in range(WARM_REPEATS):
        seconds, response = get(HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
        if response.status_code != 304:
            raise RuntimeError(f"If-None-Match {etag} answered {response.status_code}, not 304")
        revalidations.append(seconds)

    # Where the time goes: the parts of map_data and map_payload, called one by one.
    translation.activate("de")
    selection = AtlasFilterForm({}).selection()
    built = mapdata.build_payload(selection)
    key = "atlas:map:" + etag.strip('"')  # today the ETag is the digest in the cache key (mapdata.map_payload)
    dumped = orjson.dumps(built)
    parts = {
        "filter form (5 queries; on a miss only)": timed(lambda: AtlasFilterForm({}).is_valid(), WARM_REPEATS),
        "registry_version() (count + max(updated_at))": timed(mapdata.registry_version, WARM_REPEATS),
        "build_payload() (3 queries, Python)": timed(lambda: mapdata.build_payload(selection), COLD_REPEATS),
        "orjson.dumps": timed(lambda: orjson.dumps(built), COLD_REPEATS),
        "gzip.compress (level 6)": timed(lambda: gzip.compress(dumped, compresslevel=6, mtime=0), COLD_REPEATS),
    }
    if cache.get(key) is not None:  # else the key is made otherwise now: leave this part out
        parts["cache.get (LocMemCache: unpickles the payload)"] = timed(lambda: cache.get(key), WARM_REPEATS)

    PEER_DIR.mkdir(parents=True, exist_ok=True)
    (PEER_DIR / PEER_FILE).write_bytes(body)
    (PEER_DIR / f"{PEER_FILE}.gz").write_bytes(gzipped)
    facts_path.write_text(json.dumps({
        "count": payload["count"], "places": len(payload["places"]), "raw_bytes": len(body),
        "gzip_bytes": len(gzipped), "etag": etag, "first_s": first_s, "cold_s": cold,
        "warm_s": statistics.median(warm), "warm_p95_s": sorted(warm)[int(0.95 * len(warm))],
        "revalidate_s": statistics.median(revalidations),
        "revalidate_p95_s": sorted(revalidations)[int(0.95 * len(revalidations))],
        "parts_s": parts}), encoding="utf-8")


# --- load ------------------------------------------------------------------------------------------

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d errors=%d non2xx=%d bytes=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.bytes))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    non_2xx: int  # wrk counts statuses >= 400 (a 304 is not an error)
    bytes: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.bytes / self.seconds / 1e6


def wrk_run(wrk: str, url: str, connections: int, seconds: float, headers: dict[str, str]) -> Load:
    script = OUT / "map-payload.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    args = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script)]
    for name, value in ({"Connection": "close", "Accept-Encoding": "gzip"} | headers).items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True,
                            timeout=seconds + 60).stdout
    match = re.search(r"BENCH requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) errors=(\d+) "
                      r"non2xx=(\d+) bytes=(\d+)", output)
    if not match:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    n, duration, p50, p95, errors, non_2xx, size = map(int, match.groups())
    return Load(n, duration / 1e6, p50 / 1000, p95 / 1000, errors, non_2xx, size)


@dataclass
class Result:
    name: str
    config: str
    unloaded: Load
    loaded: Load
    others_percent: float
    peak_mb: list[float]


def check_answer(url: str, expected: bytes, name: str) -> dict[str, str]:
    """One request with Accept-Encoding: gzip; it must be a 200 with exactly `expected` as gzip."""
    body, headers = fetch(url, {"Accept-Encoding": "gzip"})
    if headers.get("content-encoding") != "gzip" or body != expected:
        raise RuntimeError(f"{name} did not answer the same gzipped bytes ({len(body):,} bytes, "
                           f"Content-Encoding {headers.get('content-encoding')!r})")
    return headers


def measure(wrk: str, name: str, config: str, url: str, pgid: int, processes: list[int],
            headers: dict[str, str] | None = None) -> Result:
    print(f"\n{name}: {config}", flush=True)
    headers = headers or {}
    wrk_run(wrk, url, CONCURRENCY, WARMUP_S, headers)
    unloaded = wrk_run(wrk, url, 1, UNLOADED_S, headers)
    watch = CpuWatch(pgid)
    loaded = wrk_run(wrk, url, CONCURRENCY, MEASURE_S, headers)
    others = watch.others_percent()
    peaks = [vm_hwm_mb(pid) for pid in processes]
    for what, figures in (("1 connection", unloaded), (f"{CONCURRENCY} connections", loaded)):
        print(f"  {what}: {figures.rps:.1f} req/s, p50 {figures.p50_ms:.2f} ms, p95 {figures.p95_ms:.2f} ms, "
              f"{figures.mb_per_s:.0f} MB/s, {figures.bytes / max(1, figures.requests):,.0f} bytes/response, "
              f"{figures.requests} requests, {figures.errors} socket errors, {figures.non_2xx} errors >= 400",
              flush=True)
        if figures.errors or figures.non_2xx:
            print(f"  WARNING: {name} had errors under load", flush=True)
    print(f"  peak RSS (VmHWM) of the serving processes: {', '.join(f'{mb:.0f} MB' for mb in peaks)}", flush=True)
    print(f"  during the {CONCURRENCY}-connection run, {disturbance(others)}", flush=True)
    return Result(name, config, unloaded, loaded, others, peaks)


NGINX_CONF = """\
{user}worker_processes {workers};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ application/json json; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{
            gzip_static on;
            add_header Cache-Control "public, max-age=0, must-revalidate";
        }}
    }}
}}
"""


# --- main ------------------------------------------------------------------------------------------


def main() -> int:
    sigterm_as_exit()
    OUT.mkdir(parents=True, exist_ok=True)
    section(f"bench 4: the map payload of 50,000 partnerships vs. a static file of the same bytes ({DATABASE_NAME})")
    require_postgres()
    ensure_output(IMPORTED_DB, "import.py", has_partnerships(IMPORTED_DB, 50_000))
    IMPORTED_DB.copy_to(DB)
    env = base_env(DB)
    run_checked([str(BIN / "partneratlas"), "migrate", "--verbosity", "0"], env)  # the code's schema
    DB.settle()
    partnerships = DB.count("registry_partnership")
    print(f"database: {DB} ({DB.size_mb():.0f} MB, {partnerships:,} partnerships)", flush=True)

    child = run_checked([str(PYTHON), __file__, "--in-process", str(FACTS)], env, timeout=900)
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    gzipped = (PEER_DIR / f"{PEER_FILE}.gz").read_bytes()
    count = facts["count"]
    if count != partnerships:
        raise RuntimeError(f"the payload holds {count} partnerships, the database {partnerships}")
    cold_s = statistics.median(facts["cold_s"])
    print("\nin-process (Django test client, every middleware; one process, warm code):", flush=True)
    table(["what", "value"], [
        ["partnerships / places in the payload", f"{count:,} / {facts['places']:,}"],
        ["payload raw (JSON)", f"{facts['raw_bytes']:,} bytes = {facts['raw_bytes'] / count:.1f} B/partnership"],
        ["payload gzipped (as served)", f"{facts['gzip_bytes']:,} bytes = {facts['gzip_bytes'] / count:.1f} "
         f"B/partnership ({facts['raw_bytes'] / facts['gzip_bytes']:.1f}x smaller)"],
        ["first request of a fresh process", f"{facts['first_s'] * 1000:.0f} ms"],
        [f"cold request (cache cleared), median of {COLD_REPEATS}",
         f"{cold_s * 1000:.0f} ms (min {min(facts['cold_s']) * 1000:.0f}, max {max(facts['cold_s']) * 1000:.0f})"],
        [f"warm request (200, gzip), median / p95 of {WARM_REPEATS}",
         f"{facts['warm_s'] * 1000:.2f} / {facts['warm_p95_s'] * 1000:.2f} ms"],
        [f"revalidation (If-None-Match -> 304), median / p95 of {WARM_REPEATS}",
         f"{facts['revalidate_s'] * 1000:.2f} / {facts['revalidate_p95_s'] * 1000:.2f} ms"],
        ["peak RSS of this process", f"{child.peak_rss_mb:.0f} MB"],
    ])
    print("\nwhere the time goes (each part called alone, median):", flush=True)
    table(["part", "ms", "in a cold request", "in a warm request / 304"], [
        [part, f"{seconds * 1000:.2f}", "yes",
         "yes" if part.startswith(("registry", "cache")) else "no"]
        for part, seconds in facts["parts_s"].items()])
    print(f"(while measuring in-process, {disturbance(child.others_percent)})", flush=True)

    wrk = find_program("wrk")
    if not wrk:
        raise RuntimeError("wrk is needed for the load (bench/install-tools, or apt-get install wrk)")
    nginx = None if os.environ.get("BENCH_NO_NGINX") or POSTGRES else find_program("nginx")
    version = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout.split()[1]
    print(f"\nload generator: wrk ({version}), 1 thread, headers `Accept-Encoding: gzip` and `Connection: close` "
          f"for every server; warm-up {WARMUP_S} s at {CONCURRENCY} connections, then {UNLOADED_S} s at 1 "
          f"connection and {MEASURE_S} s at {CONCURRENCY} connections; all on 127.0.0.1", flush=True)

    results: list[Result] = []
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "gunicorn"), "partneratlas.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(WORKERS), "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5"]
    gunicorn_config = f"gunicorn, {WORKERS} sync workers, DEBUG=false"
    with server(cmd, env, base + WHITENOISE_PATH, OUT / f"server-map-gunicorn{SUFFIX}.log") as proc:
        headers = check_answer(base + OUR_PATH, gzipped, "PartnerAtlas")
        etag = headers["etag"]
        check_answer(base + WHITENOISE_PATH, gzipped, "WhiteNoise")
        print(f"\nchecked: /map/data.json and {WHITENOISE_PATH} answer the same {len(gzipped):,} gzipped bytes "
              f"(ETag {etag})", flush=True)
        workers = children(proc.pid)
        results.append(measure(wrk, "PartnerAtlas /map/data.json", f"{gunicorn_config}, warm cache, 200 gzip",
                               base + OUR_PATH, proc.pid, workers))
        ours_peak = results[-1].peak_mb
        results.append(measure(wrk, "PartnerAtlas, If-None-Match", f"{gunicorn_config}, the same URL, 304",
                               base + OUR_PATH, proc.pid, workers, {"If-None-Match": etag}))
        results.append(measure(wrk, "WhiteNoise, same gunicorn (peer)",
                               f"{gunicorn_config}, WhiteNoiseMiddleware, the .gz file", base + WHITENOISE_PATH,
                               proc.pid, workers))

    if nginx:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        folder = OUT / "nginx"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        conf = folder / "nginx.conf"
        conf.write_text(NGINX_CONF.format(user="user root;\n" if os.geteuid() == 0 else "", workers=WORKERS,
                                          dir=folder, port=port, root=PEER_DIR), encoding="utf-8")
        nginx_version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        with server([nginx, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log")], dict(os.environ),
                    base + NGINX_PATH, folder / "server.log") as proc:
            check_answer(base + NGINX_PATH, gzipped, "nginx")
            results.append(measure(wrk, "nginx (second peer)",
                                   f"nginx {nginx_version}, {WORKERS} worker processes, gzip_static, sendfile",
                                   base + NGINX_PATH, proc.pid, [proc.pid, *children(proc.pid)]))
    else:
        print("\nnginx: skipped (on PostgreSQL it serves the same file as on SQLite; else not installed, or "
              "BENCH_NO_NGINX): the second peer is left out")

    ours = results[0]
    peer = next(r for r in results if r.name.startswith("WhiteNoise"))
    print()
    rows = []
    for result in results:
        versus = "" if result in (ours, results[1]) else (f"{ours.loaded.rps / result.loaded.rps:.2f} / "
                                            f"{ours.loaded.p95_ms / result.loaded.p95_ms:.1f}")
        rows.append([result.name, f"{result.loaded.rps:.1f}", f"{result.loaded.p50_ms:.2f}",
                     f"{result.loaded.p95_ms:.2f}", f"{result.unloaded.rps:.1f}", f"{result.unloaded.p50_ms:.2f}",
                     f"{result.unloaded.p95_ms:.2f}", f"{result.loaded.mb_per_s:.0f}", versus,
                     f"{max(result.peak_mb):.0f}", f"{result.others_percent:.0f}"])
    table(["server", f"req/s @{CONCURRENCY}", f"p50 ms @{CONCURRENCY}", f"p95 ms @{CONCURRENCY}", "req/s @1",
           "p50 ms @1", "p95 ms @1", f"MB/s @{CONCURRENCY}", "ours÷this: req/s / p95", "peak RSS MB / process",
           "others %"], rows)
    print(f"payload: {count:,} partnerships, {facts['raw_bytes']:,} bytes raw, {len(gzipped):,} gzipped; "
          f"cold build {cold_s:.2f} s in-process", flush=True)
    revalidation = results[1]
    RESULTS.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "workers": WORKERS, "concurrency": CONCURRENCY,
        "in_process": facts | {"peak_rss_mb": child.peak_rss_mb, "others_percent": child.others_percent},
        "servers": [asdict(r) | {"config": r.config} for r in results]}, indent=2), encoding="utf-8")
    print(f"figures written to {RESULTS.relative_to(ROOT)}", flush=True)
    ratio("map_rps_vs_static", ours.loaded.rps / peer.loaded.rps, ">=", GOAL_RPS_VS_STATIC)
    ratio("map_p95_ms", ours.loaded.p95_ms, "<=", GOAL_P95_MS)
    ratio("map_304_p95_ms", revalidation.unloaded.p95_ms, "<=", GOAL_304_P95_MS)
    ratio("map_cold_build_s", cold_s, "<=", GOAL_COLD_S)
    ratio("map_gzip_bytes_per_partnership", len(gzipped) / count, "<=", GOAL_GZIP_BYTES_PER_PARTNERSHIP)
    ratio("map_worker_peak_mb", max(ours_peak), "<", GOAL_WORKER_MB)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        in_process(Path(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())

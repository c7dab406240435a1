"""Bench 7: 500 registrations racing for 100 seats through the API under gunicorn with 2 workers: 0 oversold,
rate and p95.

Sets up a fresh database (bench/out/events.sqlite3, or bench_events on PostgreSQL) with one
published edition whose only track has 100 seats and 500 people, each with an account and a
personal API token (made by people.tokens.token_create, as the account page makes them; not
timed), serves it with gunicorn (2 sync workers, DEBUG=false, the product's settings), and sends
500 registrations from 50 concurrent clients.

What is driven: the API's registration, POST /api/v1/events/editions/<id>/registrations, as a
program sends it: `Authorization: Bearer pa_…` and a JSON body (track, language); each person
registers themself. It calls the same service as the registration form
(events.registering.registration_create), so besides the token's check it measures what a
participant's registration costs. Each registration is a transaction that takes the pool's lock
(capacity.locking), so this measures the lock under contention across two processes. Every
answer must be 201 (a full event is no error: the person waits). Afterwards the bench counts in
the database: exactly 100 confirmed, 400 waiting, never more seats held than the pool has
(oversold = held − capacity, must be 0), every registration's state equal to its claim's, and
every registration made with its person's account. E-mails go to Django's dummy backend.

The peer (PostgreSQL only): the floor of such a request, a bare WSGI function under the same
gunicorn (`peer` below) that does one transaction per registration: lock the pool's row
(SELECT … FOR UPDATE), count the seats held, insert the seat or a waiting row. No token, no
JSON, no message, no history: our rate divided by its rate is the share of the database's
speed the product keeps (pretix, the product the capacity piece learns from, is not
installable here). On SQLite the peer is skipped (a WSGI function on a SQLite file would
measure SQLite's single writer, the same for both).

    .venv/bin/python bench/events.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/events.py
    BENCH_PEOPLE=40 BENCH_SEATS=10 .venv/bin/python bench/events.py   # a quick check that it works
"""

import http.client
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from _common import (
    BIN,
    DATABASE_NAME,
    OUT,
    POSTGRES,
    SUFFIX,
    Database,
    base_env,
    free_port,
    ratio,
    require_postgres,
    run_checked,
    section,
    server,
    sigterm_as_exit,
    table,
)

DB = Database("events")
SEATS = int(os.environ.get("BENCH_SEATS", "100"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "500"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
P95_GOAL_MS = 2000.0  # with 50 people sending at once, each should have their answer within 2 seconds

SETUP = f"""
import datetime
from django.utils import timezone
from partneratlas.capacity.models import Pool
from partneratlas.events.models import Edition, Series, Track
from partneratlas.people.models import Organisation
now = timezone.now()
org = Organisation.objects.create(kind="agency", name="Servicestelle (bench)")
series = Series.objects.create(slug="bench-round-table", format="round_table", organiser=org,
                               names={{"de": "Runder Tisch (Bench)", "en": "Round table (bench)"}})
day = datetime.timedelta(days=1)
edition = Edition.objects.create(series=series, state="published", starts_at=now + 30 * day, ends_at=now + 31 * day,
                                 registration_opens=now - day, titles={{"de": "Bench"}}, languages=["de"])
pool = Pool.objects.create(key="events.track:bench", capacity={SEATS})
track = Track.objects.create(edition=edition, pool=pool)
from django.contrib.auth import get_user_model
from partneratlas.people.tokens import token_create
User = get_user_model()
User.objects.bulk_create([User(username=f"person{{n}}", email=f"person{{n}}@bench.example", first_name="Person",
                               last_name=str(n)) for n in range({PEOPLE})])
for user in User.objects.filter(username__startswith="person").order_by("pk"):
    print("token", user.username, token_create(user=user, name="bench", expires_on=None)[1])
print(edition.pk, track.pk, pool.pk)
"""


@dataclass
class Outcome:
    name: str
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)] if ordered else 0.0


def _request(port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
             ) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def race(name: str, count: int, send: Callable[[int], int]) -> Outcome:
    """send(0 … count-1) from CLIENTS threads that start together; each call timed."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)
    work = iter(range(count))

    def client() -> None:
        start.wait()
        while True:
            with lock:
                n = next(work, None)
            if n is None:
                return
            t0 = time.perf_counter()
            status = send(n)
            took = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(took)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    return Outcome(name, time.perf_counter() - t0, latencies, statuses)


def prepare() -> tuple[int, int, int, list[str]]:
    """The edition, its track and pool, and each person's API token (person0 … in order)."""
    DB.create_empty()
    env = base_env(DB)
    run_checked([str(BIN / "partneratlas"), "migrate", "--run-syncdb", "--verbosity", "0"], env)
    result = run_checked([str(BIN / "partneratlas"), "shell", "-c", SETUP], env)
    lines = result.stdout.split("\n")
    tokens = dict(line.split()[1:3] for line in lines if line.startswith("token "))
    if len(tokens) != PEOPLE:
        raise RuntimeError(f"set-up made {len(tokens)} tokens for {PEOPLE} people")
    edition, track, pool = (int(x) for x in result.stdout.split()[-3:])
    return edition, track, pool, [tokens[f"person{n}"] for n in range(PEOPLE)]


def check(pool_id: int) -> dict[str, int]:
    """What the database holds after the race; oversold = seats held beyond the capacity."""
    capacity = DB.query("SELECT capacity FROM capacity_pool WHERE id = %s", [pool_id])[0][0]
    by_state = dict(DB.query("SELECT state, count(*) FROM capacity_claim WHERE pool_id = %s GROUP BY state",
                             [pool_id]))
    mismatched = DB.query("SELECT count(*) FROM events_registration r JOIN capacity_claim c ON c.id = r.claim_id "
                          "WHERE r.state <> c.state")[0][0]
    registrations = DB.query("SELECT count(*) FROM events_registration")[0][0]
    with_account = DB.query("SELECT count(*) FROM events_registration r JOIN auth_user u ON u.id = r.user_id "
                            "WHERE r.email = u.email")[0][0]
    held = by_state.get("confirmed", 0) + by_state.get("offered", 0)
    return {"registrations": registrations, "confirmed": by_state.get("confirmed", 0),
            "waiting": by_state.get("waiting", 0), "held": held, "oversold": max(0, held - capacity),
            "state mismatches": mismatched, "made with their account": with_account}


def ours(edition: int, track: int, tokens: list[str]) -> tuple[Outcome, dict[str, int]]:
    """The race through the API; also how many answers said confirmed, waiting … (they must match the database)."""
    port = free_port()
    env = base_env(DB, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", TASKS_BACKEND="immediate")
    cmd = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", "120",
           "partneratlas.wsgi:application"]
    path = f"/api/v1/events/editions/{edition}/registrations"
    said: dict[str, int] = {}
    lock = threading.Lock()
    with server(cmd, env, f"http://127.0.0.1:{port}/api/v1/events/editions/{edition}",
                OUT / f"events-gunicorn{SUFFIX}.log"):

        def send(n: int) -> int:
            body = json.dumps({"track": track, "language": ("de", "en", "zh-hans")[n % 3]}).encode()
            status, _h, answer = _request(port, "POST", path, body, {
                "Content-Type": "application/json", "Authorization": f"Bearer {tokens[n]}"})
            if status == 201:
                state = json.loads(answer)["state"]
                with lock:
                    said[state] = said.get(state, 0) + 1
            return status

        return race("PartnerAtlas (API)", PEOPLE, send), said


# --- the peer: one locked transaction per registration, no framework (PostgreSQL) -------------------------------

PEER_TABLE = "bench_peer_seat"
_peer_connection: Any = None


def peer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """POST /?email=…: lock the pool, count the held seats, insert a confirmed or waiting row."""
    global _peer_connection
    from urllib.parse import parse_qs

    import psycopg

    if _peer_connection is None:
        _peer_connection = psycopg.connect(os.environ["PEER_DATABASE_URL"])
    if environ.get("REQUEST_METHOD") != "POST":  # the readiness probe
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ready"]
    email = parse_qs(environ.get("QUERY_STRING", "")).get("email", ["?"])[0]
    pool = int(os.environ["PEER_POOL"])
    with _peer_connection.transaction():
        capacity = _peer_connection.execute("SELECT capacity FROM capacity_pool WHERE id = %s FOR UPDATE",
                                            [pool]).fetchone()[0]
        held = _peer_connection.execute(f"SELECT count(*) FROM {PEER_TABLE} WHERE state = 'confirmed'").fetchone()[0]
        state = "confirmed" if held < capacity else "waiting"
        _peer_connection.execute(f"INSERT INTO {PEER_TABLE} (email, state) VALUES (%s, %s)", [email, state])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [state.encode()]


def the_peer(pool_id: int) -> tuple[Outcome, int]:
    import psycopg

    with psycopg.connect(DB.url, autocommit=True) as con:
        con.execute(f"DROP TABLE IF EXISTS {PEER_TABLE}")
        con.execute(f"CREATE TABLE {PEER_TABLE} (id bigserial PRIMARY KEY, email text UNIQUE, state text)")
    port = free_port()
    env = {**base_env(DB), "PEER_DATABASE_URL": DB.url, "PEER_POOL": str(pool_id)}
    cmd = [str(BIN / "gunicorn"), "--chdir", str(OUT.parent), "--bind", f"127.0.0.1:{port}", "--workers",
           str(WORKERS), "events:peer"]
    ready = f"http://127.0.0.1:{port}/?email=ready@bench.example"
    with server(cmd, env, ready, OUT / "events-peer.log"):
        outcome = race("floor (bare WSGI, one locked transaction)", PEOPLE,
                       lambda n: _request(port, "POST", f"/?email=peer{n}@bench.example")[0])
    held = DB.query(f"SELECT count(*) FROM {PEER_TABLE} WHERE state = 'confirmed'")[0][0]
    return outcome, held


def main() -> int:
    sigterm_as_exit()
    if POSTGRES:
        require_postgres()
    section(f"bench 7: {PEOPLE} registrations racing for {SEATS} seats, gunicorn {WORKERS} workers "
            f"({DATABASE_NAME})")
    edition, track, pool, tokens = prepare()
    outcome, said = ours(edition, track, tokens)
    facts = check(pool)
    results = [outcome]
    if POSTGRES:
        peer_outcome, peer_held = the_peer(pool)
        results.append(peer_outcome)
        print(f"peer: {peer_held} seats given for {SEATS}")
    table(["server", "registrations", "seconds", "registrations/s", "p50 ms", "p95 ms", "statuses"],
          [[r.name, len(r.latencies_ms), f"{r.seconds:.2f}", f"{r.rate:.1f}",
            f"{statistics.median(r.latencies_ms):.0f}", f"{r.p95:.0f}",
            " ".join(f"{k}×{v}" for k, v in sorted(r.statuses.items()))] for r in results])
    table(["in the database", "count"], [[k, v] for k, v in facts.items()])
    table(["the answers said", "count"], [[k, v] for k, v in sorted(said.items())])
    ok = (facts["oversold"] == 0 and facts["confirmed"] == min(SEATS, PEOPLE)
          and facts["registrations"] == PEOPLE and facts["state mismatches"] == 0
          and facts["made with their account"] == PEOPLE and outcome.statuses.get(201, 0) == PEOPLE
          and said.get("confirmed", 0) == facts["confirmed"] and said.get("waiting", 0) == facts["waiting"])
    ratio("events_oversold", facts["oversold"], "<=", 0)
    # With CLIENTS people sending at once to WORKERS processes, a registration mostly waits its turn
    # (Little's law: latency ≈ clients / rate); the goal is the rate that keeps that wait under P95_GOAL_MS.
    ratio("events_registrations_per_s", outcome.rate, ">=", CLIENTS / (P95_GOAL_MS / 1000))
    print("RESULT:", "ok" if ok else "FAILED (oversold, lost or mismatched registrations: see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the benches: paths, throwaway databases, measured subprocesses, servers.

Every bench writes only under bench/out/ (git-ignored) and to PostgreSQL databases named
bench_* (see _databases.py), never to var/partneratlas.sqlite3 or another database.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# Re-exported for the benches, which import everything from here.
from _databases import POSTGRES as POSTGRES
from _databases import SUFFIX as SUFFIX
from _databases import VENDOR as VENDOR
from _databases import Database as Database
from _databases import require_postgres as require_postgres
from _machine import CpuWatch as CpuWatch
from _machine import disturbance as disturbance

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python" if (BIN / "python").exists() else Path(sys.executable)

GAZETTEER_DB = Database("gazetteer")  # bench 1: migrated database with the gazetteer loaded
IMPORTED_DB = Database("import")  # bench 2: the same plus 50,000 imported partnerships
DATABASE_NAME = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[VENDOR]


def section(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)


def ratio(name: str, value: float, op: str, goal: float) -> str:
    """The one line that ends a comparison: `RATIO name value (goal op value)`, with a verdict after it.

    On PostgreSQL the name gets the suffix `_pg` (`RATIO import_vs_executemany_pg ...`).
    """
    met = {"<=": value <= goal, "<": value < goal, ">=": value >= goal, ">": value > goal}[op]
    line = f"RATIO {name}{SUFFIX} {_fmt(value)} (goal {op} {_fmt(goal)})"
    print(line, flush=True)
    print(f"  -> goal {'met' if met else 'MISSED'}", flush=True)
    return line


def _fmt(value: float) -> str:
    if value == int(value) and abs(value) >= 10:
        return str(int(value))
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain-text table, also valid Markdown, so that the figures can be copied into the docs."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"

    print(line(cells[0]))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        print(line(row))
    sys.stdout.flush()


def base_env(database: Database, **extra: str) -> dict[str, str]:
    """The environment of a PartnerAtlas process working on `database` (its DATABASE_URL).

    The settings are the product's with DEBUG=false, except for the two departures in
    bench_settings (see _SETTINGS_SOURCE); the first call collects the static files.
    """
    collect_static()
    env = _settings_env()
    env["DATABASE_URL"] = database.url
    env.update(extra)
    return env


# The benches run the product's production settings (DEBUG=false) with two departures, written
# to bench/out/settings/bench_settings.py:
# - STATIC_ROOT under bench/out/: with DEBUG=false the site needs its collected static files, as
#   in production (the manifest `{% static %}` reads, the files WhiteNoise serves); production
#   collects them to var/static/, the benches write nowhere but bench/out/.
# - SECURE_SSL_REDIRECT off: in production TLS ends at a proxy or at gunicorn; the benches speak
#   plain HTTP on 127.0.0.1, and with the redirect on every request would be answered with a
#   301 to https:// (which crashed benches 3 and 4). The rest of SecurityMiddleware still runs.
SETTINGS_DIR = OUT / "settings"
SETTINGS_MODULE = "bench_settings"
STATIC_ROOT = OUT / "static"
_SETTINGS_SOURCE = f"""# Written by bench/_common.py: the product's settings with the benches' two departures.
from partneratlas.settings import *  # noqa: F403

STATIC_ROOT = {str(STATIC_ROOT)!r}
SECURE_SSL_REDIRECT = False  # plain HTTP on 127.0.0.1: see bench/_common.py
"""
_static_collected = False


def _settings_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SETTINGS_DIR), os.environ.get("PYTHONPATH")])),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def _newest_static_source() -> float:
    """The newest mtime among the product's static sources (app static folders, the npm install)."""
    newest = 0.0
    with contextlib.suppress(OSError):
        newest = (ROOT / "node_modules" / ".installed").stat().st_mtime
    for folder in (ROOT / "partneratlas").glob("*/static"):
        for path in folder.rglob("*"):
            newest = max(newest, path.stat().st_mtime)
    return newest


def collect_static() -> None:
    """Write the bench settings module and run `collectstatic` into bench/out/static when out of date."""
    global _static_collected
    if _static_collected:
        return
    SETTINGS_DIR.mkdir(parents=True, exist_ok=True)
    module = SETTINGS_DIR / f"{SETTINGS_MODULE}.py"
    if not module.exists() or module.read_text(encoding="utf-8") != _SETTINGS_SOURCE:
        module.write_text(_SETTINGS_SOURCE, encoding="utf-8")
    manifest = STATIC_ROOT / "staticfiles.json"
    if not manifest.exists() or manifest.stat().st_mtime < _newest_static_source():
        run_checked([str(BIN / "partneratlas"), "collectstatic", "--noinput", "--verbosity", "0"],
                    _settings_env(), timeout=600)
    if str(SETTINGS_DIR) not in sys.path:
        sys.path.append(str(SETTINGS_DIR))  # for a bench that sets Django up in its own process
    _static_collected = True


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float  # ru_maxrss of this one child, from wait4
    returncode: int
    stdout: str
    stderr: str
    others_percent: float = 0.0  # share of the machine other processes used meanwhile


def run_measured(cmd: Sequence[str], env: dict[str, str], timeout: float = 1800) -> Measured:
    """Run one command; wall time and the peak resident memory of that very process (wait4's rusage).

    Output goes to files, so that a chatty command cannot block on a full pipe.
    """
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / ".stdout", "w+", encoding="utf-8") as out, open(OUT / ".stderr", "w+", encoding="utf-8") as err:
        watch = CpuWatch()
        started = time.monotonic()
        proc = subprocess.Popen(list(cmd), env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(seconds, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read(),
                        watch.others_percent())


def run_checked(cmd: Sequence[str], env: dict[str, str], timeout: float = 1800) -> Measured:
    result = run_measured(cmd, env, timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stdout}\n"
                           f"{result.stderr[-4000:]}")
    return result


def has_gazetteer(database: Database) -> bool:
    try:
        return database.exists() and database.count("gazetteer_gazetteerload") > 0
    except Exception:  # sqlite3.Error, psycopg.Error: a missing or half-built database
        return False


def has_partnerships(database: Database, count: int) -> bool:
    try:
        return database.exists() and database.count("registry_partnership") >= count
    except Exception:  # as above
        return False


def ensure_output(database: Database, script: str, valid: bool) -> None:
    """Run an earlier bench when its output is missing, so that each bench also runs alone."""
    if valid:
        return
    print(f"{database} is missing: running bench/{script} first", flush=True)
    subprocess.run([str(PYTHON), str(BENCH / script)], check=True, cwd=ROOT)


# --- servers ---------------------------------------------------------------------------------------


def find_program(name: str) -> str | None:
    """A program the benches run (wrk, nginx), on PATH or in /usr/sbin; bench/install-tools installs it
    from Debian when it is missing (`make bench` runs that script first; BENCH_NO_INSTALL=1 never does)."""
    def look() -> str | None:
        return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")

    found = look()
    if found or os.environ.get("BENCH_NO_INSTALL"):
        return found
    with contextlib.suppress(subprocess.SubprocessError, OSError):
        subprocess.run([str(BENCH / "install-tools")], check=False, timeout=900)
    return look()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer to check, never to follow (to https:// it only times out)


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[bytes, dict[str, str]]:
    """GET url; the body and the headers (lower-case names) of a 2xx answer; anything else raises."""
    request = urllib.request.Request(url, headers=headers or {})
    with _NO_REDIRECTS.open(request, timeout=timeout) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


@contextlib.contextmanager
def server(cmd: Sequence[str], env: dict[str, str], ready_url: str, log: Path,
           timeout: float = 60) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server in its own process group; stop it (and all its workers) however the block ends."""
    with open(log, "wb") as handle:
        proc = subprocess.Popen(list(cmd), env=env, stdout=handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}; see {log}:\n{log.read_text()[-3000:]}")
            try:
                with _NO_REDIRECTS.open(ready_url, timeout=5) as response:
                    response.read()
                break
            except urllib.error.HTTPError as exc:  # an answer, but not the 200 the bench needs: fail now
                raise RuntimeError(f"{ready_url} answered {exc.code} {exc.reason}"
                                   + (f" -> {exc.headers['Location']}" if exc.headers.get("Location") else "")
                                   + f"; see {log}") from None
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not ready after {timeout} s; see {log}") from None
                time.sleep(0.2)
        yield proc
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (it was started with a session of its own), SIGKILL if it lingers."""
    if proc.poll() is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # orphaned workers, if any
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def children(pid: int) -> list[int]:
    """The direct child processes of pid (gunicorn's workers), from /proc."""
    result = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                result.append(int(entry.name))
    return sorted(result)


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set size of a live process (VmHWM in /proc/PID/status), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sigterm_as_exit() -> None:
    """Turn SIGTERM into SystemExit so that `finally` blocks stop the servers."""
    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)

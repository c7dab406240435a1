"""Helpers shared by the benches: paths, throwaway databases, measured subprocesses, servers.

Every bench writes only under bench/out/ (git-ignored), never to var/partneratlas.sqlite3.
"""

import contextlib
import os
import platform
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python" if (BIN / "python").exists() else Path(sys.executable)

GAZETTEER_DB = OUT / "gazetteer.sqlite3"  # bench 1: migrated database with the gazetteer loaded
IMPORTED_DB = OUT / "import.sqlite3"  # bench 2: the same plus 50,000 imported partnerships


def section(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)


def ratio(name: str, value: float, op: str, goal: float) -> str:
    """The one line that ends a comparison: `RATIO name value (goal op value)`, with a verdict after it."""
    met = {"<=": value <= goal, "<": value < goal, ">=": value >= goal, ">": value > goal}[op]
    line = f"RATIO {name} {_fmt(value)} (goal {op} {_fmt(goal)})"
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


def machine() -> dict[str, str]:
    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
        cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    version = subprocess.run([str(PYTHON), "-c", "import sys, sqlite3; print(sys.version.split()[0], "
                              "sqlite3.sqlite_version)"], capture_output=True, text=True, check=True).stdout.split()
    return {"cpus (nproc)": str(os.cpu_count()), "cpu": cpu, "memory": f"{mem_kb / 2**20:.1f} GiB",
            "os": platform.platform(), "python (venv)": version[0], "sqlite (python's sqlite3)": version[1]}


def base_env(database: Path, **extra: str) -> dict[str, str]:
    """The environment of a PartnerAtlas process working on `database` (an absolute path).

    The settings are the product's with DEBUG=false, except that static files are collected
    under bench/out/static (see collect_static), which the first call does.
    """
    collect_static()
    env = _settings_env()
    env["DATABASE_URL"] = f"sqlite:///{database.resolve()}"
    env.update(extra)
    return env


# With DEBUG=false the site needs its collected static files, as in production: the manifest
# that `{% static %}` (and the favicon redirect in partneratlas/urls.py, at import time) reads,
# and the files WhiteNoise serves. Production collects them to var/static/; the benches use the
# product's settings with only STATIC_ROOT moved under bench/out/, so that they write nowhere else.
SETTINGS_DIR = OUT / "settings"
SETTINGS_MODULE = "bench_settings"
STATIC_ROOT = OUT / "static"
_SETTINGS_SOURCE = f"""# Written by bench/_common.py: the product's settings, static files collected under bench/out/.
from partneratlas.settings import *  # noqa: F403

STATIC_ROOT = {str(STATIC_ROOT)!r}
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


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (the backup API also takes what is still in the WAL)."""
    remove_db(target)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file and truncate it (needed before serving a file as immutable)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def has_gazetteer(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT count(*) FROM gazetteer_gazetteerload").fetchone()[0] > 0
        finally:
            con.close()
    except sqlite3.Error:
        return False


def count_rows(path: Path, table_name: str) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f'SELECT count(*) FROM "{table_name}"').fetchone()[0]
    finally:
        con.close()


def ensure_output(path: Path, script: str, valid: bool) -> None:
    """Run an earlier bench when its output is missing, so that each bench also runs alone."""
    if valid:
        return
    print(f"{path.name} is missing: running bench/{script} first", flush=True)
    subprocess.run([str(PYTHON), str(BENCH / script)], check=True, cwd=ROOT)


# --- servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
                with urllib.request.urlopen(ready_url, timeout=5) as response:
                    response.read()
                break
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


# --- how busy the machine was with other work ------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK")


def _machine_busy_seconds() -> float:
    """CPU seconds spent on all cores, by anyone (user, nice, system, irq, softirq, steal), from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / _TICKS


def _own_seconds() -> float:
    """CPU seconds of this process and of the children it has waited for (wrk, measured commands)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _group_seconds(pgid: int) -> float:
    """CPU seconds of the live processes of a process group (a server and its workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                total += int(fields[11]) + int(fields[12])
    return total / _TICKS


class CpuWatch:
    """What share of the machine other processes used while a measurement ran.

    The rest of the machine is everything /proc/stat counts as busy, less this process, the
    children it waited for, and the server's process group. A few per cent is normal noise; more
    means the figures are disturbed (another job was running on the machine).
    """

    def __init__(self, pgid: int | None = None) -> None:
        self.pgid = pgid
        self.started = time.monotonic()
        self.busy = _machine_busy_seconds()
        self.own = _own_seconds()
        self.group = _group_seconds(pgid) if pgid else 0.0

    def others_percent(self) -> float:
        """Per cent of all cores' capacity used by other processes since the watch started."""
        wall = time.monotonic() - self.started
        busy = _machine_busy_seconds() - self.busy
        mine = _own_seconds() - self.own + ((_group_seconds(self.pgid) - self.group) if self.pgid else 0.0)
        return max(0.0, busy - mine) / (wall * (os.cpu_count() or 1)) * 100


def disturbance(percent: float) -> str:
    note = f"other processes used {percent:.0f}% of the machine meanwhile"
    return note + (" -- DISTURBED, rerun on a quiet machine" if percent > 10 else "")

"""What the benches know about the machine: what it is, and how busy other work kept it meanwhile."""

import contextlib
import os
import platform
import resource
import subprocess
import threading
import time
from pathlib import Path

from _databases import POSTGRES, postgres_processes


def machine(python: Path) -> dict[str, str]:
    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
        cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    version = subprocess.run([str(python), "-c", "import sys, sqlite3; print(sys.version.split()[0], "
                              "sqlite3.sqlite_version)"], capture_output=True, text=True, check=True).stdout.split()
    return {"cpus (nproc)": str(os.cpu_count()), "cpu": cpu, "memory": f"{mem_kb / 2**20:.1f} GiB",
            "os": platform.platform(), "python (venv)": version[0], "sqlite (python's sqlite3)": version[1]}


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

    On PostgreSQL the server's processes that work for the bench's databases count as the
    bench's own (see _databases.postgres_processes): a thread samples them every 0.2 s, since a
    session's CPU time is gone from /proc when it ends. What a session used in its last 0.2 s
    is missed, and so counted as other work: a slight overstatement of the disturbance.
    """

    def __init__(self, pgid: int | None = None) -> None:
        self.pgid = pgid
        self.started = time.monotonic()
        self.busy = _machine_busy_seconds()
        self.own = _own_seconds()
        self.group = _group_seconds(pgid) if pgid else 0.0
        self._postgres_start = postgres_processes()
        self._postgres_last = dict(self._postgres_start)
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True) if POSTGRES else None
        if self._sampler:
            self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self._postgres_last.update(postgres_processes())

    def _postgres_seconds(self) -> float:
        if self._sampler:
            self._stop.set()
            self._sampler.join()
            self._sampler = None
            self._postgres_last.update(postgres_processes())
        return sum(seconds - self._postgres_start.get(pid, 0.0) for pid, seconds in self._postgres_last.items())

    def others_percent(self) -> float:
        """Per cent of all cores' capacity used by other processes since the watch started."""
        wall = time.monotonic() - self.started
        busy = _machine_busy_seconds() - self.busy
        mine = _own_seconds() - self.own + ((_group_seconds(self.pgid) - self.group) if self.pgid else 0.0)
        mine += self._postgres_seconds()
        return max(0.0, busy - mine) / (wall * (os.cpu_count() or 1)) * 100


def disturbance(percent: float) -> str:
    note = f"other processes used {percent:.0f}% of the machine meanwhile"
    return note + (" -- DISTURBED, rerun on a quiet machine" if percent > 10 else "")

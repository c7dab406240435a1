"""Run the benches in order, each reusing the previous one's output (`make bench` runs this).

    1. gazetteer_load.py -> bench/out/gazetteer.sqlite3
    2. import.py         -> bench/out/import.sqlite3 (from 1)
    3. api.py            (serves a copy of 2)
    4. map_payload.py    (serves a copy of 2)

Everything printed also goes to bench/out/results.txt; the RATIO lines are repeated at the
end. Exits non-zero only when a bench crashed, not when a goal was missed; after a crash the
benches that depend on it are skipped.
"""

import os
import subprocess
import sys
import time
from importlib import metadata

from _common import BENCH, OUT, PYTHON, ROOT, machine, section

BENCHES = ["gazetteer_load.py", "import.py", "api.py", "map_payload.py"]


def versions() -> dict[str, str]:
    result = {}
    for package in ("Django", "django-ninja", "gunicorn", "whitenoise", "orjson", "datasette", "datasette-gunicorn",
                    "uvicorn"):
        try:
            result[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            result[package] = "not installed"
    return result


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "results.txt"
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        def say(text: str = "") -> None:
            print(text, flush=True)
            log.write(text + "\n")
            log.flush()

        say(f"PartnerAtlas benches, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
        facts = machine() | {"load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg())} | versions()
        for name, value in facts.items():
            say(f"  {name}: {value}")
        ratios: list[str] = []
        crashed = None
        for script in BENCHES:
            if crashed:
                say(f"\nskipped bench/{script}: bench/{crashed} crashed")
                continue
            bench_started = time.monotonic()
            proc = subprocess.Popen([str(PYTHON), str(BENCH / script)], cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, env=os.environ | {"PYTHONUNBUFFERED": "1"})
            assert proc.stdout is not None
            try:
                for line in proc.stdout:
                    say(line.rstrip("\n"))
                    if line.startswith("RATIO "):
                        ratios.append(line.strip())
                proc.wait()
            except BaseException:
                proc.terminate()  # it stops its own servers on SIGTERM
                proc.wait(timeout=60)
                raise
            say(f"(bench/{script}: {time.monotonic() - bench_started:.0f} s, exit code {proc.returncode})")
            if proc.returncode != 0:
                crashed = script
        section(f"summary ({time.monotonic() - started:.0f} s in all)")
        log.write("\n=== summary ===\n")
        for line in ratios:
            say(line)
        if crashed:
            say(f"CRASHED: bench/{crashed}")
        say(f"full output: {log_path.relative_to(ROOT)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())

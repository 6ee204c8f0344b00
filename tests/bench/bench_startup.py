"""Start-up time: `netcapture --help`, `netcapture read --help` and the desktop app's first window.

Each is started as a fresh process, several times (like hyperfine): the median and the slowest run
are printed. The first window is timed from the process start to the main window shown and
painted once (offscreen Qt, a data folder with one event), the way `netcapture` with no command
opens it (ui.app.start_window); then to the database opened after that paint and the window's
first lookups (event, counts) answered.
Targets (issue 12): --help and read --help under 0.3 s, the first window under 1.5 s.
The runs write and use bytecode (.pyc) as an installed app does, even when the calling shell sets
PYTHONDONTWRITEBYTECODE: compiling the app's ~90 modules from source on every start costs ~0.35 s
that no user pays after the first start.

    python -m tests.bench.bench_startup [--runs N]
    python -X importtime -m ui.launch read --help 2> imports.txt   # where the time goes
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FIRST_WINDOW = """
import sys
from PySide6.QtCore import QSettings
from ui.app import create_application, start_window
app = create_application([])
from netcapture.config import Config
config = Config.load(data_dir=sys.argv[1])
config.ensure_data_dir()
window = start_window(config, QSettings())
app.processEvents()
window.grab()  # one real paint of the whole window
print("shown", flush=True)
while window.lookups.pending():  # the database opened and the first lookups answered
    app.processEvents()
    window.lookups.wait(10)
print("ready", flush=True)
"""


def _as_installed() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time of one run (CPU time shows the cost on a busy machine too)."""
    cpu, t0 = children_cpu(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=REPO,
                   env=_as_installed())
    return time.perf_counter() - t0, children_cpu() - cpu


def prepare(data_dir: str) -> None:
    """A database at its newest revision with a current event, as a user has it (else the app asks
    which event this is, and waits for the answer)."""
    script = ("import sys\nfrom netcapture.config import Config\nfrom netcapture.desk import Desk\n"
              "desk = Desk.open(Config.load(data_dir=sys.argv[1]))\n"
              "desk.set_current_event(desk.create_event('Bench evening'))\ndesk.close()\n")
    subprocess.run([sys.executable, "-c", script, data_dir], check=True, cwd=REPO, env=_as_installed())


def first_window(data_dir: str) -> tuple[tuple[float, float], float]:
    """((wall, CPU) to the first window shown and painted, wall to the database open and the first
    lookups answered)."""
    env = {**_as_installed(), "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": data_dir}
    cpu, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", FIRST_WINDOW, data_dir], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=REPO, env=env)
    shown = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    ready = proc.stdout.readline()
    ready_after = time.perf_counter() - t0
    if shown.strip() != "shown" or ready.strip() != "ready":
        raise SystemExit("bench_startup: the main window did not open")
    proc.wait()  # the script ends once the lookups are answered: its CPU time is counted then
    return (elapsed, children_cpu() - cpu), ready_after


def report(label: str, runs: list[tuple[float, float]], goal: float) -> None:
    wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
    print(f"  {label}: median {statistics.median(wall):.2f} s, slowest {max(wall):.2f} s, "
          f"CPU median {statistics.median(cpu):.2f} s (n={len(runs)}; goal < {goal} s; load average "
          f"{os.getloadavg()[0]:.1f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    exe = str(Path(sys.executable).with_name("netcapture"))
    print(f"start-up benchmark, {os.cpu_count()} cores")
    timed([exe, "--help"])  # warm the file cache once
    report("netcapture --help", [timed([exe, "--help"]) for _ in range(args.runs)], 0.3)
    report("netcapture read --help", [timed([exe, "read", "--help"]) for _ in range(args.runs)], 0.3)
    with tempfile.TemporaryDirectory() as tmp:
        prepare(tmp)  # creates and migrates the database: not what is timed
        runs = [first_window(tmp) for _ in range(max(3, args.runs // 2))]
        report("first window", [shown for shown, _ready in runs], 1.5)
        ready = [r for _shown, r in runs]
        print(f"  database open, first lookups answered: median {statistics.median(ready):.2f} s, "
              f"slowest {max(ready):.2f} s (CPU above: the whole run, to this point)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

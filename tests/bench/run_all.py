"""`make bench`: every benchmark in a process of its own (so one's leftovers, e.g. 50,000
contacts in memory, can't slow the next), one after another, each printing its own numbers."""
from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = ("bench_startup", "bench_reader", "bench_export", "bench_vcard_import", "bench_store", "bench_ui", "bench_import",
              "bench_pdf")


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name}", flush=True)
        t0 = time.perf_counter()
        status = subprocess.call([sys.executable, "-m", f"tests.bench.{name}"])
        if status:
            failed.append(name)
        print(f"=== {name} took {time.perf_counter() - t0:.0f} s", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: every benchmark, one after another, each printing its own numbers."""
from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = ("bench_reader", "bench_export", "bench_store", "bench_ui")


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name}", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"tests.bench.{name}")
            status = module.main()
        except SystemExit as exc:
            status = exc.code
        except Exception as exc:  # a broken benchmark must not hide the others' numbers
            print(f"{name} crashed: {exc!r}", file=sys.stderr)
            status = 1
        if status:
            failed.append(name)
        print(f"=== {name} took {time.perf_counter() - t0:.0f} s", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: export 10,000 contacts to vCard 3.0 — time (goal ≤ 5 s) and flat memory.

Memory is measured with tracemalloc as the peak while exporting a generator of records into a
sink that discards the text (as a file would): flat means the peak for 10,000 contacts is about
the peak for 2,000.
"""
from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime

from netcapture.exports.records import ContactRecord, PhoneRecord
from netcapture.exports.vcard import write_vcards

GOAL_SECONDS = 5.0


class _Sink:
    """A text stream that counts characters and keeps none."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def synthetic(count: int) -> Iterator[ContactRecord]:
    for i in range(count):
        yield ContactRecord(
            uid=f"urn:uuid:00000000-0000-4000-8000-{i:012d}", rev=datetime(2024, 5, 1, tzinfo=UTC),
            full_name=f"Zoë Müller-{i}", given="Zoë", family=f"Müller-{i}", title="Head of Sales, EMEA",
            company="ACME; Tools & Dies, Inc.", department="Sales",
            emails=[f"zoe{i}@acme.example"],
            phones=[PhoneRecord("030 1234567", "+49301234567", "work"),
                    PhoneRecord("0151 23456789", "+4915123456789", "mobile")],
            websites=["https://acme.example"], address="Hauptstraße 1\n10115 Berlin",
            social=["https://www.linkedin.com/in/zoe"],
            note="Needs: distributors in Poland.\nCan help: intro to Bob, 会议后联系。" * 2,
            categories=["Expo 2024"])


def measure(count: int) -> tuple[float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    write_vcards(synthetic(count), _Sink(), version="3.0")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    started = time.perf_counter()
    write_vcards(synthetic(10_000), _Sink(), version="3.0")
    seconds = time.perf_counter() - started
    _, peak_small = measure(2_000)
    _, peak_large = measure(10_000)
    print(f"vCard 3.0 export of 10,000 contacts: {seconds:.2f} s (goal ≤ {GOAL_SECONDS:g} s) "
          f"{'OK' if seconds <= GOAL_SECONDS else 'TOO SLOW'}")
    print(f"peak memory while exporting (tracemalloc): 2,000 contacts {peak_small / 1024:.0f} KiB, "
          f"10,000 contacts {peak_large / 1024:.0f} KiB "
          f"{'flat' if peak_large <= peak_small * 1.5 + 64 * 1024 else 'GROWS'}")


if __name__ == "__main__":
    main()

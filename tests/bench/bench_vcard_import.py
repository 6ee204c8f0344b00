"""Benchmark: importing a .vcf with a 10 MB photo (issue: 1.5 GB peak) — peak memory.

A file of 200 ordinary cards plus one whose PHOTO is 10 MB (13 MB of base64) is imported into a
fresh library, in this process; the peak RSS (getrusage) is reported before and after. Goal: the
import adds less than 200 MB, whatever the photo's size (the photo is left out with a message).
"""
from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from netcapture.config import Config
from netcapture.exports.records import ContactRecord
from netcapture.exports.vcard import vcard_text
from netcapture.services import Library

GOAL_MB = 200


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.vcf"
        with path.open("w", encoding="utf-8", newline="") as handle:
            for i in range(200):
                handle.write(vcard_text(ContactRecord(uid=f"u{i}", full_name=f"Person {i}",
                                                      emails=[f"p{i}@example.org"])))
            handle.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nN:Photo;Big;;;\r\n"
                         "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUFB" * (10 * 2**20 // 3) + "\r\nEND:VCARD\r\n")
        with Library.open(Config.load(data_dir=Path(tmp) / "data")) as library:
            before = peak_mb()
            started = time.perf_counter()
            result = library.import_vcards(path)
            elapsed = time.perf_counter() - started
        grown = peak_mb() - before
        size_mb = path.stat().st_size / 2**20
    print(f"imported {len(result.created)} cards ({size_mb:.1f} MB file) in {elapsed:.1f} s; "
          f"peak RSS grew by {grown:.0f} MB (goal < {GOAL_MB} MB); messages: {result.warnings}")
    if grown >= GOAL_MB:
        raise SystemExit(f"memory goal missed: {grown:.0f} MB")


if __name__ == "__main__":
    main()

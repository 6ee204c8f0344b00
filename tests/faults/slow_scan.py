"""`python -m tests.faults.slow_scan DATA_DIR FOLDER`: the real capture service on fake card files
(tests.store_fakes), each read taking a moment, so a test can kill it mid-batch."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from netcapture.config import Config
from netcapture.services import Library
from tests.store_fakes import fake_read


def slow_read(path: Path):
    time.sleep(0.04)  # long enough to be killed while reading, as with OCR
    return fake_read(path)


def main(data_dir: str, folder: str) -> int:
    with Library.open(Config.load(data_dir=data_dir, env={}), reader=slow_read) as library:
        batch = library.scan([folder], event="Fault night")
    return 1 if batch.failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

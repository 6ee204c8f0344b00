"""kill -9 of a scan at random moments, then a re-run: one contact per photo, every original kept
byte for byte, the database intact."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from tests.faults.conftest import REPO, integrity_ok, sha256
from tests.store_fakes import card, write_card_file

PHOTOS = 30
KILLS = 6


def _scan(data, folder) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.faults.slow_scan", str(data), str(folder)], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_scan_killed_at_random_moments_loses_nothing(tmp_path):
    folder, data = tmp_path / "photos", tmp_path / "data"
    photos = [write_card_file(folder / f"{n:02}.jpg", card(f"Person {n:02} Fault", f"Company {n}",
                                                            emails=[f"p{n}@fault.example"]), salt=str(n))
              for n in range(PHOTOS)]
    rng = random.Random(9)
    for _kill in range(KILLS):
        scan = _scan(data, folder)
        time.sleep(rng.uniform(0.5, 3.0))  # start-up, storing, reading, filing: anywhere
        scan.send_signal(signal.SIGKILL)
        scan.wait(timeout=30)
        if (data / "netcapture.sqlite3").exists():
            assert integrity_ok(data / "netcapture.sqlite3")
    final = _scan(data, folder)
    _out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()

    db = data / "netcapture.sqlite3"
    assert integrity_ok(db)
    with sqlite3.connect(db) as conn:
        names = sorted(n for (n,) in conn.execute("SELECT full_name FROM contacts"))
        captures = conn.execute("SELECT sha256, status FROM captures").fetchall()
    assert names == [f"Person {n:02} Fault" for n in range(PHOTOS)]  # one contact per photo, none twice
    assert sorted(captures) == sorted((sha256(p), "read") for p in photos)
    for photo in photos:  # originals intact
        digest = sha256(photo)
        stored = data / "originals" / digest[:2] / f"{digest}.jpg"
        assert sha256(stored) == digest

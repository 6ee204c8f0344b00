"""A full disk: a scan stops with a clear message and resumes once there is room; an export (one
file, or one per contact) says so and leaves no empty, half or .part file behind. The disk is a
tiny tmpfs mounted here, so this needs root (skipped otherwise, with the reason)."""
from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest

from netcapture.config import Config
from netcapture.errors import DiskFullError
from netcapture.services import Library
from tests.faults.conftest import integrity_ok, is_root, netcapture, text
from tests.store_fakes import card, fake_read, write_card_file

pytestmark = pytest.mark.skipif(not is_root() or not shutil.which("mount"),
                                reason="mounting a tiny tmpfs (a disk that fills up) needs root")


@contextlib.contextmanager
def tiny_disk(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _cards(folder: Path, count: int) -> list[Path]:
    # ~40 KB each: originals fill a small disk quickly
    return [write_card_file(folder / f"{n:02}.jpg", card(f"Disk Person{n:02}", "Full Disk Ltd"),
                            salt=f"{n}-" + "x" * 40_000) for n in range(count)]


def test_scan_stops_clearly_on_a_full_disk_and_resumes(tmp_path):
    photos = _cards(tmp_path / "photos", 30)
    with tiny_disk(tmp_path / "disk", "1m") as disk:
        config = Config.load(data_dir=disk / "data", env={})
        with Library.open(config, reader=fake_read) as library:
            with pytest.raises(DiskFullError, match="disk is full"):
                library.scan(photos)
            done = library.count_contacts()
        assert 0 < done < len(photos)
        assert integrity_ok(disk / "data" / "netcapture.sqlite3")
        subprocess.run(["mount", "-o", "remount,size=16m", str(disk)], check=True)
        with Library.open(config, reader=fake_read) as library:
            batch = library.scan(photos)
            assert not batch.failed
            assert sorted(c.full_name for c in library.list_contacts()) == [f"Disk Person{n:02}" for n in range(30)]
        assert integrity_ok(disk / "data" / "netcapture.sqlite3")


def test_export_onto_a_full_disk_says_so_and_leaves_nothing_half_written(tmp_path):
    data = tmp_path / "data"
    with Library.open(Config.load(data_dir=data, env={}), reader=fake_read) as library:
        library.scan(_cards(tmp_path / "photos", 40))
    with tiny_disk(tmp_path / "disk", "8k") as disk:
        (disk / "contacts.vcf").write_text("the previous export\n")
        for target in (("-o", disk / "contacts.vcf"), ("--per-contact", disk / "each")):
            result = netcapture("export", "--format", "vcard4", *target, "--data-dir", data)
            err = text(result.stderr)
            assert result.returncode == 2 and "Traceback" not in err, err
            assert "disk is full" in err and "Nothing was half-written" in err, err
            files = [p for p in disk.rglob("*") if p.is_file()]
            assert not [p for p in files if p.name.endswith(".part")], files
            assert not [p for p in files if p.stat().st_size == 0], files  # no empty card files
            assert all(p.read_text().rstrip().endswith("END:VCARD") for p in files if p.suffix == ".vcf"
                       and p.name != "contacts.vcf")
        assert (disk / "contacts.vcf").read_text() == "the previous export\n"  # the old file untouched

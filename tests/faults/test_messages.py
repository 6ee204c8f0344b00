"""Faults that used to end in a traceback (or in silence): each now gives one clear line, the
right exit status, and changes nothing it should not."""
from __future__ import annotations

import os
import random
import shutil
import sqlite3
import string
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.faults.conftest import NOBODY, REPO, SAMPLES, is_root, netcapture, sha256, text
from tests.store_fakes import card, write_card_file


@pytest.fixture
def library_dir(tmp_path) -> Path:
    """A data folder holding a library of two contacts (filled with the fake reader)."""
    from netcapture.config import Config
    from netcapture.services import Library
    from tests.store_fakes import fake_read

    data = tmp_path / "data"
    with Library.open(Config.load(data_dir=data, env={}), reader=fake_read) as library:
        library.scan([write_card_file(tmp_path / "in" / f"{n}.jpg", card(f"Ada Fault{n}", "Read Only Ltd"), salt=str(n))
                      for n in range(2)])
    return data


def test_bad_database_url_is_one_line():
    result = netcapture("contacts", env={"NETCAPTURE_DATABASE_URL": "not-a-url"})
    err = text(result.stderr)
    assert result.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "'not-a-url' is not a database URL" in err


def test_a_foreign_sqlite_database_stays_byte_for_byte_untouched(tmp_path):
    foreign = tmp_path / "theirs.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = sha256(foreign)
    result = netcapture("contacts", "--database", f"sqlite:///{foreign}")
    assert result.returncode == 2 and "did not create" in text(result.stderr)
    assert sha256(foreign) == before and sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]
    with sqlite3.connect(foreign) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_read_only_library_lists_and_exports_and_refuses_writes_clearly(library_dir, tmp_path):
    if is_root() and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions can't be tested")
    user = NOBODY if is_root() else None
    place = Path(tempfile.mkdtemp(prefix="netcapture-ro-")) if user is not None else tmp_path / "ro"
    try:
        data = place / "data"
        shutil.copytree(library_dir, data)
        place.chmod(0o755)
        if user is not None:
            for path in (place, *place.rglob("*")):
                os.chown(path, user, user)
        db = data / "netcapture.sqlite3"
        for case in ("read-only file", "read-only folder"):
            db.chmod(0o400 if case == "read-only file" else 0o600)
            data.chmod(0o700 if case == "read-only file" else 0o500)
            listed = netcapture("contacts", "--data-dir", data, user=user)
            assert listed.returncode == 0 and "Ada Fault0" in text(listed.stdout), (case, text(listed.stderr))
            exported = netcapture("export", "--format", "vcard4", "-o", "-", "--data-dir", data, user=user)
            assert exported.returncode == 0 and text(exported.stdout).count("BEGIN:VCARD") == 2, case
            photo = place / "new.jpg"
            if not photo.exists():
                shutil.copyfile(SAMPLES / "03-qr-code.jpg", photo)
                if user is not None:
                    os.chown(photo, user, user)
            scanned = netcapture("scan", "--data-dir", data, photo, user=user, timeout=180)
            err = text(scanned.stderr)
            assert scanned.returncode == 2 and "Traceback" not in err, (case, err)
            assert "cannot be written" in err or "not writable" in err, (case, err)
        data.chmod(0o700)
        db.chmod(0o600)
        assert netcapture("contacts", "--json", "--data-dir", data).stdout.count(b'"uid"') == 2  # nothing lost
    finally:
        if user is not None:
            shutil.rmtree(place, ignore_errors=True)


def test_read_json_into_head_stops_quietly(tmp_path):
    folder = tmp_path / "cards"
    folder.mkdir()
    for n in range(3):  # three cards, so output goes on after head has closed the pipe
        (folder / f"{n}.jpg").write_bytes((SAMPLES / "03-qr-code.jpg").read_bytes() + b"\0" * n)
    shell = (f"{sys.executable} -m netcapture.cli read --json --jobs 1 {folder} | head -c 10 > /dev/null; "
             f"echo \"status ${{PIPESTATUS[0]}}\" >&2")
    done = subprocess.run(["bash", "-c", shell], cwd=REPO, capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    err = text(done.stderr)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "status 141" in err  # stopped by the closed pipe, like any Unix tool


def test_without_a_display_the_app_says_to_use_a_command():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "ui.launch"], cwd=REPO, capture_output=True, timeout=60,
                          env={**env, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2 and "netcapture scan" in text(done.stderr), text(done.stderr)


def test_parts_of_killed_exports_are_cleaned_by_the_next_export(library_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".contacts.vcf.{int(dead.stdout)}.x1y2z3.part"  # its writer was killed (the pid is gone)
    stale.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Half")
    (out / "keep.part").write_text("not ours")
    result = netcapture("export", "--format", "vcard4", "-o", out / "contacts.vcf", "--data-dir", library_dir)
    assert result.returncode == 0, text(result.stderr)
    assert sorted(p.name for p in out.iterdir()) == ["contacts.vcf", "keep.part"]
    assert (out / "contacts.vcf").read_text().count("BEGIN:VCARD") == 2


@pytest.mark.postgres
def test_postgres_takes_values_longer_than_the_old_column_limits(pg_server, tmp_path):
    url = pg_server.create_database(f"f_{uuid.uuid4().hex[:12]}")
    long_uid, long_company = "urn:uuid:" + "x" * 400, "Long Company " * 40
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:Card {n}\r\nORG:{org}\r\nEND:VCARD\r\n"
                    for n, (uid, org) in enumerate([(long_uid, long_company)] + [(f"u{n}", "Short") for n in range(50)]))
    source = tmp_path / "cards.vcf"
    source.write_text(cards)
    result = netcapture("import", source, "--database", url, "--data-dir", tmp_path / "data")
    assert result.returncode == 0, text(result.stderr)
    listed = netcapture("contacts", "--json", "--database", url, "--data-dir", tmp_path / "data")
    assert text(listed.stdout).count('"uid"') == 51 and long_uid in text(listed.stdout)


@pytest.mark.postgres
def test_postgres_takes_values_too_large_for_an_index(pg_server, tmp_path):
    """PostgreSQL refuses an index entry over ~2.7 KB: an absurd e-mail, UID or category must not
    roll back the import of the other cards, and the values themselves are kept."""
    url = pg_server.create_database(f"f_{uuid.uuid4().hex[:12]}")
    noise = random.Random(7)  # PostgreSQL compresses index entries: repeated letters would fit
    huge = "".join(noise.choice(string.ascii_lowercase + string.digits) for _ in range(6000))
    huge_email, huge_uid, huge_category = huge + "@example.org", "urn:x-test:" + huge, "Expo " + huge
    cards = (f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{huge_uid}\r\nFN:Ada Huge\r\nEMAIL:{huge_email}\r\n"
             f"CATEGORIES:{huge_category}\r\nEND:VCARD\r\n"
             + "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:s{n}\r\nFN:Small {n}\r\nEND:VCARD\r\n" for n in range(5)))
    source = tmp_path / "cards.vcf"
    source.write_text(cards)
    for _ in range(2):  # the second import finds the same contacts again instead of adding them
        result = netcapture("import", source, "--database", url, "--data-dir", tmp_path / "data")
        assert result.returncode == 0, text(result.stderr)
        said = text(result.stdout) + text(result.stderr)
        assert "UID is 6,011 characters long" in said and "category longer than 200" in said
    listed = netcapture("contacts", "--json", "--database", url, "--data-dir", tmp_path / "data")
    out = text(listed.stdout)
    assert out.count('"uid"') == 6 and huge_email in out


def test_read_and_scan_agree_on_exit_status_for_no_card_and_an_empty_folder(tmp_path):
    import numpy as np
    from PIL import Image

    empty, blank = tmp_path / "empty", tmp_path / "blank"
    empty.mkdir()
    blank.mkdir()
    Image.fromarray(np.full((400, 600, 3), 200, np.uint8)).save(blank / "blank.png")
    for folder, words in ((empty, "holds no images"), (blank, "no")):
        read = netcapture("read", folder, timeout=120)
        scan = netcapture("scan", "--data-dir", tmp_path / "data", folder, timeout=120)
        assert (read.returncode, scan.returncode) == (1, 1), (text(read.stderr), text(scan.stderr))
        for done in (read, scan):
            assert words in text(done.stderr).lower() and "Traceback" not in text(done.stderr)

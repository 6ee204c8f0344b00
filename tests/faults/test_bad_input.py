"""A corpus of bad files, made here: `read` and `scan` name each file and its reason on one line,
never hang (FIFOs), never crash, and still read the good card beside them."""
from __future__ import annotations

import io
import os
import random
import shutil
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.faults.conftest import NOBODY, SAMPLES, integrity_ok, is_root, netcapture, sha256, text

GOOD = SAMPLES / "03-qr-code.jpg"  # a fictional card with a QR code: read fast and surely


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty."""
    rng = random.Random(3)
    o, u = (bytes(rng.randrange(256) for _ in range(32)).hex().upper() for _ in range(2))
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 252 144]>>endobj\n"
            b"4 0 obj<</Filter/Standard/V 1/R 2/O<" + o.encode() + b">/U<" + u.encode() + b">/P -4>>endobj\n"
            b"trailer<</Root 1 0 R/Encrypt 4 0 R/ID[<0123456789ABCDEF0123456789ABCDEF><0123456789ABCDEF0123456789ABCDEF>]>>\n%%EOF\n")


HUGE_PAGE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                 b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _one_page_pdf() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((300, 500, 3), 230, np.uint8)).save(buf, "PDF", resolution=100)
    return buf.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A folder of bad files (name -> the words its message must hold) and one good card."""
    folder = tmp_path_factory.mktemp("corpus")
    jpeg, png = GOOD.read_bytes(), io.BytesIO()
    Image.open(GOOD).save(png, "PNG")
    rng = random.Random(11)
    bad = {
        "zero-bytes.jpg": (b"", "empty"),
        "random-bytes.png": (bytes(rng.randrange(256) for _ in range(4096)), "not an image"),
        "truncated.jpg": (jpeg[: len(jpeg) // 3], "damaged"),
        "truncated.png": (png.getvalue()[: len(png.getvalue()) // 3], "damaged"),
        "truncated.pdf": (_one_page_pdf()[:200], "damaged"),
        "bomb.png": (_png_declaring(40_000, 40_000), "too large"),
        "encrypted.pdf": (_encrypted_pdf(), "password"),
    }
    for name, (data, _why) in bad.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "pipe.jpg")  # nobody writes to it: opening it for reading would block
    shutil.copyfile(GOOD, folder / "b\xe9\xff-good.jpg".encode("latin-1").decode("utf-8", "surrogateescape"))
    expected = {name: why for name, (_data, why) in bad.items()}
    expected["pipe.jpg"] = "named pipe"
    return folder, expected


def _message_lines(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


def test_read_names_every_bad_file_and_reads_the_good_one(corpus):
    folder, expected = corpus
    result = netcapture("read", "--json", "--jobs", "1", folder, timeout=240)
    err = text(result.stderr)
    assert result.returncode == 1, err
    assert "Traceback" not in err
    for name, why in expected.items():
        [line] = _message_lines(err, name)
        assert why in line.lower(), line
    [card] = text(result.stdout).splitlines()
    assert "good.jpg" in card and "Kobayashi" in card  # the name not in UTF-8 is printed, not a crash


def test_scan_files_the_good_card_once_and_keeps_going(corpus, tmp_path):
    folder, expected = corpus
    data = tmp_path / "data"
    for _run in range(2):  # the second run must not stop at the same file either
        result = netcapture("scan", "--data-dir", data, folder, timeout=240)
        err = text(result.stderr)
        assert result.returncode == 1, err
        assert "Traceback" not in err and "surrogates" not in err
        for name, why in expected.items():
            [line] = _message_lines(err, name)
            assert why in line.lower(), line
    contacts = netcapture("contacts", "--json", "--data-dir", data)
    assert text(contacts.stdout).count('"uid"') == 1
    assert integrity_ok(data / "netcapture.sqlite3")
    stored = {p.name.split(".")[0] for p in (data / "originals").rglob("*") if p.is_file()}
    assert sha256(GOOD) in stored  # the original kept byte for byte


def test_huge_declared_pdf_page_is_drawn_small(tmp_path):
    """339 bytes declaring a 200x200-inch page once took 3 GB: now a capped pixel count."""
    from ocr.load import PDF_MAX_PIXELS, load_pages

    path = tmp_path / "huge-page.pdf"
    path.write_bytes(HUGE_PAGE_PDF)
    [page] = load_pages(path)
    assert page.image.shape[0] * page.image.shape[1] <= PDF_MAX_PIXELS


def test_pdf_error_texts_are_ours_not_pdfium_leftovers(corpus):
    """PDFium's last-error text leaked between files ("Success", the previous "Incorrect password")."""
    from ocr.errors import ReaderError
    from ocr.load import load_pages

    folder, _expected = corpus
    messages = []
    for name in ("encrypted.pdf", "truncated.pdf", "encrypted.pdf"):
        with pytest.raises(ReaderError) as caught:
            load_pages(folder / name)
        messages.append(str(caught.value))
    assert "password" in messages[0] and "password" not in messages[1] and messages[0] == messages[2]
    assert not any("success" in m.lower() for m in messages)


def test_a_file_given_by_name_that_is_a_fifo_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "card.jpg")
    for command in (("read",), ("scan", "--data-dir", tmp_path / "data")):
        result = netcapture(*command, tmp_path / "card.jpg", timeout=60)
        assert result.returncode == 1 and "named pipe" in text(result.stderr), text(result.stderr)
    os.mkfifo(tmp_path / "cards.vcf")
    result = netcapture("import", tmp_path / "cards.vcf", "--data-dir", tmp_path / "data", timeout=60)
    assert result.returncode == 2 and "named pipe" in text(result.stderr), text(result.stderr)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_file_is_named_and_the_batch_goes_on(tmp_path):
    if is_root() and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions can't be tested")
    if is_root():  # pytest's own temporary folders are private to root: use one "nobody" can reach
        tmp_path = Path(tempfile.mkdtemp(prefix="netcapture-faults-"))
        tmp_path.chmod(0o755)
    folder = tmp_path / "cards"
    folder.mkdir()
    shutil.copyfile(GOOD, folder / "a-good.jpg")
    shutil.copyfile(GOOD, folder / "b-locked.jpg")
    (folder / "b-locked.jpg").chmod(0o000)
    user = NOBODY if is_root() else None
    if user is not None:
        os.chown(tmp_path, user, user)
        for path in (folder, folder / "a-good.jpg", folder / "b-locked.jpg"):
            os.chown(path, user, user)
    try:
        result = netcapture("read", "--jobs", "1", folder, user=user, timeout=120)
        err = text(result.stderr)
        assert result.returncode == 1 and "b-locked.jpg: permission denied" in err, err
        assert "Kobayashi" in text(result.stdout)
        unreachable = netcapture("read", tmp_path / "cards" / "nowhere" / "x.jpg", user=user)
        assert unreachable.returncode == 1 and "Traceback" not in text(unreachable.stderr)
    finally:
        if user is not None:
            shutil.rmtree(tmp_path, ignore_errors=True)

"""One rule for which files hold cards (ocr.load): `read FOLDER` and `scan FOLDER` take the same set."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image

from netcapture.capture import find_card_files
from netcapture.commands.read import expand_paths
from ocr.errors import UnsupportedFileError
from ocr.load import CARD_FILE_SUFFIXES, collect_card_files, load_pages, read_file


def test_read_and_scan_walk_a_folder_alike(tmp_path):
    names = ("a.jpg", "b.gif", "c.jp2", "sub/d.PNG", "sub/deeper/e.pdf", "notes.txt", ".hidden/f.jpg", "sub/.g.jpg")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    wanted = ["a.jpg", "b.gif", "c.jp2", "sub/d.PNG", "sub/deeper/e.pdf"]
    scanned = [p.relative_to(tmp_path).as_posix() for p in find_card_files([tmp_path])]
    read, problems = expand_paths([str(tmp_path)])
    assert scanned == wanted and problems == []
    assert [os.path.relpath(p, tmp_path) for p in read] == wanted
    assert {".gif", ".jp2"} <= CARD_FILE_SUFFIXES


@pytest.mark.parametrize("fmt", ["GIF", "JPEG2000"])
def test_gif_and_jpeg2000_decode(tmp_path, fmt):
    buf = io.BytesIO()
    Image.fromarray(np.full((40, 60, 3), 200, np.uint8)).save(buf, fmt)
    (page,) = load_pages(buf.getvalue())
    assert page.image.shape == (40, 60, 3)


def test_empty_folder_and_fifo_are_reported_not_opened(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pipes").mkdir()
    os.mkfifo(tmp_path / "pipes" / "card.jpg")
    files, problems = collect_card_files([tmp_path / "empty", tmp_path / "pipes"])
    assert files == []
    assert problems == [(str(tmp_path / "empty"), "the folder holds no images or PDFs"),
                        (str(tmp_path / "pipes" / "card.jpg"), "is a named pipe (FIFO), not a regular file; skipped")]
    with pytest.raises(UnsupportedFileError, match="named pipe"):
        read_file(tmp_path / "pipes" / "card.jpg")  # returns at once: opened without blocking

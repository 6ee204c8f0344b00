"""`netcapture read`: JSON Lines for the scorer, one clear line per bad file, honest exit status."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from tests.synthetic import synthetic_scene

REPO = Path(__file__).resolve().parents[1]


def netcapture(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ui.launch", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=300)


@pytest.fixture(scope="module")
def card_photo(tmp_path_factory) -> tuple[Path, dict]:
    scene = synthetic_scene(3, "easy", "plain")
    path = tmp_path_factory.mktemp("cards") / "card.jpg"
    cv2.imwrite(str(path), scene.image)
    return path, scene.cards[0].truth.to_dict()


def test_json_lines_carry_the_scorer_keys(card_photo):
    path, truth = card_photo
    result = netcapture("read", "--json", str(path))
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    for key in ("source", "name", "title", "department", "company", "emails", "phones", "websites",
                "address", "confidence"):
        assert key in line
    assert line["source"] == str(path)
    assert line["emails"] == truth["emails"]
    assert {p["kind"] for p in line["phones"]} <= {"work", "mobile", "fax", "other"}
    assert all(p["e164"] and p["e164"].startswith("+") for p in line["phones"])
    assert all(0.0 <= v <= 1.0 for v in line["confidence"].values())


def test_bad_files_get_one_line_each_and_the_good_one_is_still_read(card_photo, tmp_path):
    good, _ = card_photo
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    cut = tmp_path / "cut.jpg"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 4])
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12_000, 12_000)).save(bomb)
    missing = tmp_path / "missing.jpg"

    result = netcapture("read", "--json", str(empty), str(text), str(good), str(cut), str(bomb), str(missing))
    assert result.returncode == 1  # some failed
    assert "Traceback" not in result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 5
    by_file = {line.split(": ")[1]: line for line in errors}
    assert "empty" in by_file[str(empty)]
    assert "not an image" in by_file[str(text)]
    assert "damaged" in by_file[str(cut)]
    assert "too large" in by_file[str(bomb)]
    assert "not found" in by_file[str(missing)]
    cards = [json.loads(x) for x in result.stdout.splitlines()]
    assert [c["source"] for c in cards] == [str(good)]


def test_a_folder_is_searched_for_images(card_photo, tmp_path):
    good, _ = card_photo
    folder = tmp_path / "event"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "a.jpg").write_bytes(good.read_bytes())
    (folder / "readme.txt").write_text("skip me")
    result = netcapture("read", "--json", str(folder))
    assert result.returncode == 0, result.stderr
    assert [json.loads(x)["source"] for x in result.stdout.splitlines()] == [str(folder / "nested" / "a.jpg")]


def test_missing_tesseract_says_how_to_install_it(card_photo, tmp_path):
    path, _ = card_photo
    env = {k: v for k, v in os.environ.items()}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(sys.executable, bin_dir / "python3")
    env["PATH"] = str(bin_dir)  # a PATH without tesseract
    env["TESSDATA_PREFIX"] = str(tmp_path)  # ...and no language data for the in-process binding
    result = netcapture("read", str(path), env=env)
    assert result.returncode == 2
    assert "Tesseract OCR is not installed" in result.stderr
    assert "apt-get install tesseract-ocr" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_engine_option_chooses_the_engine_that_reads(card_photo, tmp_path):
    # the in-process binding would read without the program: only `--engine tesseract-cli` needs it
    path, _ = card_photo
    env = dict(os.environ, PATH=str(tmp_path))  # no tesseract program on the PATH
    env.pop("NETCAPTURE_ENGINE", None)
    result = netcapture("read", "--json", "--engine", "tesseract-cli", str(path), env=env)
    assert result.returncode == 2 and "Tesseract OCR is not installed" in result.stderr, result.stderr
    pytest.importorskip("tesserocr", reason="the in-process binding is built by `make`")
    assert netcapture("read", "--json", str(path), env=env).returncode == 0


def test_human_output_lists_the_fields(card_photo):
    path, truth = card_photo
    result = netcapture("read", str(path))
    assert result.returncode == 0, result.stderr
    assert truth["emails"][0] in result.stdout
    assert "Email" in result.stdout


def test_an_image_without_a_card_says_so(tmp_path):
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((400, 600, 3), 200, np.uint8))
    result = netcapture("read", "--json", str(blank))
    assert result.returncode == 1  # as for `scan`: a file that gave no contact counts as failed
    assert result.stdout.strip() == ""
    assert "no card found" in result.stderr

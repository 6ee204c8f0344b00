"""The OCR engine interface, and the in-process Tesseract reading exactly as the `tesseract` program.

Real Tesseract throughout, on the shipped fictional sample cards.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path

import cv2
import pytest

from ocr.engine import TesseractEngine, _bmp_file, _pick_engine, parse_tsv
from ocr.errors import LanguageMissingError
from ocr.preprocess import ink_map

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "resources" / "samples").glob("*.jpg"))

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="the tesseract program is not installed")


def warm_engine():
    tesserocr = pytest.importorskip("tesserocr", reason="the tesserocr binding is not installed (make installs it)")
    from ocr.engine import WarmTesseractEngine

    assert tesserocr.tesseract_version().split()[1] == TesseractEngine().version(), (
        "tesserocr was built against another Tesseract than the system's: reinstall it with "
        "pip install --no-binary tesserocr")
    return WarmTesseractEngine()


def program_tsv(image, psm: int, lang: str = "eng") -> str:
    with _bmp_file(image) as path:
        out = subprocess.run(["tesseract", path, "stdout", "-l", lang, "--psm", str(psm),
                              "-c", "tessedit_do_invert=0", "tsv"], capture_output=True, text=True, check=True)
    return "\n".join(out.stdout.splitlines()[1:])  # without the header row


@needs_tesseract
@pytest.mark.parametrize("sample", SAMPLES[:4], ids=lambda p: p.stem)
def test_in_process_tesseract_prints_what_the_program_prints(sample):
    engine = warm_engine()
    card = ink_map(cv2.imread(str(sample)))
    from ocr.engine import _set_image

    with engine._lease("eng") as api:
        api.SetPageSegMode(3)
        _set_image(api, card)
        assert api.GetTSVText(0).rstrip("\n") == program_tsv(card, 3)
    # ...and the words both engines return are the same, boxes and confidences included
    words = engine.recognize(card)
    assert words == TesseractEngine().recognize(card)
    if words:  # a one-line re-read (psm 7) of the first line, as the second look does it
        line = [w for w in words if w.line == words[0].line]
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        crop = card[max(0, top - 8):bottom + 8, :]
        assert engine.recognize(crop, psm=7) == TesseractEngine().recognize(crop, psm=7)


@needs_tesseract
def test_tsv_parsing_keeps_every_word_and_its_line():
    card = ink_map(cv2.imread(str(SAMPLES[1])))
    data = parse_tsv(program_tsv(card, 3))
    words = TesseractEngine().recognize(card)
    assert len(words) == sum(1 for t, c in zip(data["text"], data["conf"], strict=True) if t.strip() and c >= 0)
    assert words and all(0.0 <= w.conf <= 1.0 for w in words)
    assert len({w.line for w in words}) > 2


@needs_tesseract
def test_threads_reading_at_once_each_get_a_loaded_model_and_keep_it():
    engine = warm_engine()
    card = ink_map(cv2.imread(str(SAMPLES[2])))
    expected = engine.recognize(card)
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(engine.recognize(card))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected, expected]
    assert 1 <= engine.loaded()["eng"] <= 2  # loaded once per thread reading at the same time, and kept


@needs_tesseract
@pytest.mark.parametrize("make", [TesseractEngine, warm_engine], ids=["program", "in-process"])
def test_the_interface_reports_version_languages_and_checks(make):
    engine = make()
    assert engine.version() and engine.version()[0].isdigit()
    assert "eng" in engine.languages()
    engine.check("eng")
    with pytest.raises(LanguageMissingError, match="tesseract-ocr-xyz"):
        engine.check("eng+xyz")


@needs_tesseract
def test_script_detection_names_latin_print():
    engine = warm_engine()
    card = ink_map(cv2.imread(str(SAMPLES[1])))
    assert engine.detect_script(card) == "Latin"
    assert TesseractEngine().detect_script(card) == "Latin"


@needs_tesseract
def test_the_program_is_the_fallback(monkeypatch):
    monkeypatch.setenv("NETCAPTURE_ENGINE", "tesseract-cli")
    assert isinstance(_pick_engine(), TesseractEngine)


@needs_tesseract
def test_with_pp_ocr_installed_the_default_is_the_cascade(monkeypatch):
    pytest.importorskip("rapidocr_onnxruntime", reason="the PP-OCR wheel is installed by `make`")
    from ocr.rapid_engine import RapidEngine

    monkeypatch.delenv("NETCAPTURE_ENGINE", raising=False)
    engine = _pick_engine()
    assert isinstance(engine, RapidEngine) and engine.mode == "cascade"
    monkeypatch.setenv("NETCAPTURE_ENGINE", "tesseract")  # the opt-out: PP-OCR never reads
    assert not isinstance(_pick_engine(), RapidEngine)


@needs_tesseract
def test_without_pp_ocr_the_default_is_tesseract_with_no_warning(monkeypatch, caplog):
    import ocr.rapid_engine

    monkeypatch.delenv("NETCAPTURE_ENGINE", raising=False)
    monkeypatch.setattr(ocr.rapid_engine, "PP_OCR_MODULES", ("netcapture_no_such_module",))
    with caplog.at_level(logging.WARNING):
        engine = _pick_engine()
    assert not isinstance(engine, ocr.rapid_engine.RapidEngine)
    assert engine.languages()
    assert not caplog.records  # nothing was asked for, so nothing is missing
    monkeypatch.setenv("NETCAPTURE_ENGINE", "rapidocr-cascade")  # asked for: says what to install
    with caplog.at_level(logging.WARNING):
        assert not isinstance(_pick_engine(), ocr.rapid_engine.RapidEngine)
    assert "PP-OCR is not installed (no module netcapture_no_such_module)" in caplog.text


@needs_tesseract
def test_a_card_keeps_every_language_it_needs_and_between_cards_only_a_few_stay(monkeypatch):
    import ocr.engine

    engine = warm_engine()
    installed = sorted(engine.languages() - {"osd", "equ", "eng"})
    if len(installed) < 3:
        pytest.skip("needs three installed languages besides English")
    monkeypatch.setattr(ocr.engine, "WARM_LANG_SETS", 2)
    line = ink_map(cv2.imread(str(SAMPLES[1])))[:80]
    engine.recognize(line, lang="eng", psm=7)
    loads = []
    monkeypatch.setattr(engine, "_load", lambda lang, load=engine._load: loads.append(lang) or load(lang))
    for _ in range(2):  # line after line in several languages, as a card in another script is re-read
        for lang in installed[:3]:
            engine.recognize(line, lang=lang, psm=7)
    assert sorted(loads) == sorted(installed[:3])  # no set was loaded twice while the card was read
    engine.settle(keep="eng")
    assert set(engine.loaded()) == {"eng", installed[2]}  # the card's own language and the latest


def test_freed_memory_goes_back_to_the_system():
    from ocr.memory import _malloc_trim, return_freed_memory

    return_freed_memory()  # never fails, whatever the C library
    if Path("/lib/x86_64-linux-gnu/libc.so.6").exists() or Path("/lib/aarch64-linux-gnu/libc.so.6").exists():
        assert _malloc_trim() is not None  # glibc: malloc_trim found


@needs_tesseract
def test_between_cards_the_languages_most_cards_used_stay(monkeypatch):
    import ocr.engine

    engine = warm_engine()
    installed = sorted(engine.languages() - {"osd", "equ", "eng"})
    if len(installed) < 3:
        pytest.skip("needs three installed languages besides English")
    first, second, rare = installed[:3]
    monkeypatch.setattr(ocr.engine, "WARM_LANG_SETS", 3)
    line = ink_map(cv2.imread(str(SAMPLES[1])))[:80]
    for card_langs in (["eng", first, second], ["eng", first, second, rare]):
        for lang in card_langs:
            engine.recognize(line, lang=lang, psm=7)
        engine.settle(keep="eng")
    # the rare language was used last, but by one card only: it goes, not the first tried
    assert set(engine.loaded()) == {"eng", first, second}


@needs_tesseract
def test_threads_re_reading_lines_share_one_loaded_set_per_language():
    engine = warm_engine()
    installed = sorted(engine.languages() - {"osd", "equ", "eng"})
    if not installed:
        pytest.skip("needs a language besides English")
    line = ink_map(cv2.imread(str(SAMPLES[1])))[:80]
    expected = engine.recognize(line, lang=installed[0], psm=7)
    results: list = []

    def reread():
        results.extend(engine.recognize(line, lang=installed[0], psm=7) == expected for _ in range(5))

    threads = [threading.Thread(target=reread) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 15
    assert engine.loaded()[installed[0]] == 1  # the threads took turns with one set instead of loading three


LARGE_BLOCK_CHECK = """
import ctypes
from pathlib import Path
from ocr.memory import LARGE_BLOCK, _libc, keep_heap_small

def rss_mb():  # from the page tables: /proc/self/status's VmRSS may lag a few faults behind
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            return int(line.split()[1]) / 1024

libc = _libc()
keep_heap_small()
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
size = LARGE_BLOCK + 8 * 2**20  # a photo's size (glibc's own threshold rises to 32 MB after such frees)
for _ in range(3):  # freed and taken again, as card after card
    before = rss_mb()
    block = libc.malloc(size)
    kept = libc.malloc(100 * 1024)  # a small allocation after it, as other threads make
    libc.memset(block, 1, size)
    assert rss_mb() - before > 20, "not touched"
    libc.free(block)
    assert rss_mb() - before < 8, "kept after free"
    libc.free(kept)
"""


def test_a_large_freed_block_goes_back_to_the_system_at_once():
    import sys

    from ocr.memory import _libc

    libc = _libc()
    if libc is None or not hasattr(libc, "mallopt") or not Path("/proc/self/smaps_rollup").exists():
        pytest.skip("not glibc on Linux: the allocator decides for itself")
    # in a fresh process: a large block freed earlier in this one would be handed out again from the heap
    done = subprocess.run([sys.executable, "-c", LARGE_BLOCK_CHECK], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-500:]

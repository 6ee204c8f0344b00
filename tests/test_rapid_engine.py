"""PP-OCR behind the OcrEngine interface (ocr/rapid_engine.py), with its real models, on fictional
cards: the shipped sample photos and lines rendered here in the synthetic cards' fonts.

Skipped only when the PP-OCR extra is not installed; `make test` installs it.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.engine import _pick_engine
from ocr.rapid_engine import (
    MODES,
    RapidEngine,
    _Glyph,
    _split_words,
    card_confidence,
    reads,
    reads_letters_of,
    with_rapid,
)
from tests.synthetic.fonts import available_families, load_font

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
TRUTH = {card["file"]: card for card in json.loads((SAMPLES / "samples.json").read_text())}

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="the tesseract program is not installed")


def rapid_installed():
    return pytest.importorskip(
        "rapidocr_onnxruntime",
        reason="the PP-OCR extra is not installed (make installs it: pip install --no-deps "
               "rapidocr-onnxruntime==1.4.4 and pip install -e '.[rapid]')")


@pytest.fixture(scope="module")
def engine():
    rapid_installed()
    if shutil.which("tesseract") is None:
        pytest.skip("the tesseract program is not installed")
    from ocr.engine import _pick_tesseract

    return RapidEngine(_pick_tesseract(""), "primary")


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def render_line(text: str, family: str = "DejaVu Sans", size: int = 30) -> np.ndarray:
    """One line of dark print on white, as the reader hands a line to the engine."""
    font = load_font(family if family in available_families() else available_families()[0], "regular", size)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right - left + 2 * size, bottom - top + size), 255)
    ImageDraw.Draw(image).text((size - left, size // 2 - top), text, font=font, fill=0)
    return np.asarray(image)


# ------------------------------------------------------------------ words from glyphs (no models)

def split(glyphs: list[_Glyph], image: np.ndarray, line: int = 0):
    """The words of one line (every part: a wide gap starts another line)."""
    return [w for part in _split_words(glyphs, image, 0, 0, image.shape[1], image.shape[0], line) for w in part]


def glyph_line(text: str, pitch: int = 20, space: int = 10, height: int = 30) -> tuple[list[_Glyph], np.ndarray]:
    """Glyphs as solid blocks `pitch - 6` wide with 6 px between them, a space adding `space` px;
    the model's characters carry no spaces (as PP-OCR prints most lines)."""
    image = np.full((height, len(text) * pitch + 40), 255, np.uint8)
    glyphs, x = [], 10
    for ch in text:
        if ch == " ":
            x += space
            continue
        image[5:height - 5, x:x + pitch - 6] = 0
        glyphs.append(_Glyph(ch, x + (pitch - 6) / 2, 0.9))
        x += pitch
    return glyphs, image


def test_words_are_cut_where_the_print_leaves_a_space():
    glyphs, image = glyph_line("Dana Whitfield Ltd")
    words = split(glyphs, image, 3)
    assert [w.text for w in words] == ["Dana", "Whitfield", "Ltd"]
    assert all(w.line == 3 for w in words)
    assert words[0].right < words[1].left < words[1].right < words[2].left  # boxes in reading order


def test_letter_spaced_print_is_not_cut_into_letters():
    glyphs, image = glyph_line("Dana Whitfield", pitch=26, space=14)  # 12 px between letters, 26 at the space
    image[:, :] = 255
    for g in glyphs:  # narrower glyphs: the gaps between letters grow to 12 px
        image[5:25, int(g.center) - 7:int(g.center) + 7] = 0
    assert [w.text for w in split(glyphs, image)] == ["Dana", "Whitfield"]


def test_a_space_the_model_printed_without_a_gap_is_dropped():
    glyphs, image = glyph_line("name@example.com")
    at = next(i for i, g in enumerate(glyphs) if g.char == "@")
    glyphs.insert(at + 1, _Glyph(" ", glyphs[at].center + 10, 0.6))  # "name@ example.com"
    assert [w.text for w in split(glyphs, image)] == ["name@example.com"]


def test_a_column_break_inside_a_detected_line_starts_another_line():
    # a logo word, 6x the print height away; one space (~2.3x) between the words of the name
    glyphs, image = glyph_line("Brand   Dana Whitfield", space=40)
    parts = _split_words(glyphs, image, 0, 0, image.shape[1], image.shape[0], 0)
    assert [[w.text for w in part] for part in parts] == [["Brand"], ["Dana", "Whitfield"]]
    glyphs, image = glyph_line("Dana Whitfield")
    image[5:12, :95] = 255  # "Dana" printed smaller than "Whitfield": its box is its own print's
    dana, whitfield = split(glyphs, image)
    assert (dana.top, dana.height) == (12, 13) and (whitfield.top, whitfield.height) == (5, 20)


def test_a_zero_between_letters_is_the_letter_o():
    glyphs, image = glyph_line("Ph0ne C0RP 1020")
    assert [w.text for w in split(glyphs, image)] == [
        "Phone", "CORP", "1020"]


def test_two_words_printed_without_a_space_are_two_words():
    # a logo's words run together ("NorthWind"): as Tesseract reads them, so a one-word logo line
    # above the name is not taken for a given name
    glyphs, image = glyph_line("NorthWind Trading")
    assert [w.text for w in split(glyphs, image)] == ["North", "Wind", "Trading"]


@pytest.mark.parametrize("text", ["McKenzie", "MacArthur", "LinkedIn", "JaneRoe@northwind-example.com",
                                  "NorthWind.com", "www.NorthWind-example.com", "DanaWHITFIELD"])
def test_capitals_of_one_word_and_addresses_stay_whole(text):
    glyphs, image = glyph_line(text)
    assert [w.text for w in split(glyphs, image)] == [text]


def test_languages_pp_ocr_reads():
    assert reads("eng") and reads("chi_sim") and reads("eng+chi_tra")
    assert not reads("por") and not reads("eng+vie") and not reads("jpn")
    # ...and the letters of every Latin-script language, if not all their accents
    assert reads_letters_of("eng+por") and reads_letters_of("eng+vie") and reads_letters_of("eng")
    assert not reads_letters_of("eng+jpn") and not reads_letters_of("ara")
    assert card_confidence([]) == 0.0


# ------------------------------------------------------------------ the real models

@pytest.mark.parametrize("text", [
    "Dana Whitfield",
    "dana.whitfield@northwind-example.com",
    "Tel. +1 312 555 0111 ext. 204",
    "E-mail: dana@northwind-example.com",
    "12 Harbour Road, Suite 4, Springfield",
    "Web: http://northwind-example.com",
    "Senior Account Manager, Pacific Region",
])
def test_a_rendered_line_reads_as_its_words(engine, text):
    words = engine.rapid.read_line(render_line(text))
    assert [w.text for w in words] == text.split()
    assert all(0.0 < w.conf <= 1.0 for w in words)


@pytest.mark.parametrize("family", ["Liberation Serif", "DejaVu Sans Mono", "DejaVu Sans Condensed"])
def test_words_are_cut_right_in_other_typefaces(engine, family):
    text = "Marta Oliveira  marta@solstice-example.org"
    assert [w.text for w in engine.rapid.read_line(render_line(text, family))] == text.split()


@pytest.mark.slow
@pytest.mark.parametrize("sample", ["01-angled-on-wood.jpg", "02-dark-card.jpg", "04-portrait.jpg"])
def test_sample_cards_read_through_the_whole_reader(engine, sample):
    import ocr

    truth = TRUTH[sample]
    card = ocr.read_cards(SAMPLES / sample, engine=engine)[0]
    assert fold(card.text_value("name")) == fold(truth["name"])
    assert fold(card.text_value("company")) == fold(truth["company"])
    assert [e.value for e in card.emails] == truth["emails"]
    digits = {re.sub(r"\D", "", p["number"]) for p in truth["phones"]}
    assert {re.sub(r"\D", "", p.number) for p in card.phones} == digits
    # the word boxes lie on the card, each word on its own
    h, w = card.image.shape[:2]
    assert all(0 <= wb.left < wb.right <= w + 2 and 0 <= wb.top < wb.bottom <= h + 2 for wb in card.words)
    assert truth["emails"][0] in [wb.text for wb in card.words]


@needs_tesseract
def test_languages_pp_ocr_lacks_are_read_by_tesseract(engine):
    image = render_line("Gerente de Negócios")
    langs = engine.languages()
    lang = "por" if "por" in langs else "deu" if "deu" in langs else None
    if lang is None:
        pytest.skip("no Tesseract language PP-OCR lacks is installed (por, deu)")
    assert engine.recognize(image, lang=lang, psm=7) == engine.tesseract.recognize(image, lang=lang, psm=7)
    assert engine.languages() == engine.tesseract.languages()  # Settings and --lang list Tesseract's


def two_lines(first: str, second: str) -> np.ndarray:
    a, b = render_line(first), render_line(second)
    width = max(a.shape[1], b.shape[1])
    return np.vstack([np.pad(x, ((0, 0), (0, width - x.shape[1])), constant_values=255) for x in (a, b)])


def card_lines(*lines: str) -> np.ndarray:
    rendered = [render_line(text) for text in lines]
    width = max(x.shape[1] for x in rendered)
    return np.vstack([np.pad(x, ((0, 0), (0, width - x.shape[1])), constant_values=255) for x in rendered])


def test_print_upside_down_reads_as_nothing_so_the_reader_turns_the_card(engine):
    # PP-OCR reads upside-down digits as confident digits: its direction model tells
    card = card_lines("Dana Whitfield", "Account Manager", "Tel. +1 312 555 0111", "Fax +1 312 555 0199",
                      "dana@northwind-example.com")
    upright = engine.rapid.read_page(card)
    assert "dana@northwind-example.com" in [w.text for w in upright]
    assert engine.rapid.read_page(np.rot90(card, 2).copy()) == []
    line = render_line("Tel. +1 312 555 0111")
    assert card_confidence(engine.rapid.read_line(line)) > 0.8
    assert card_confidence(engine.rapid.read_line(np.rot90(line, 2).copy())) < 0.2


@pytest.mark.parametrize("turn", [1, -1])
def test_a_line_up_or_down_the_cards_side_is_read_either_way(engine, turn):
    card = card_lines("Dana Whitfield", "Account Manager", "Tel. +1 312 555 0111")
    side = np.rot90(render_line("www.northwind-example.com"), turn)
    height = max(card.shape[0], side.shape[0])
    pad = [np.pad(x, ((0, height - x.shape[0]), (0, 0)), constant_values=255) for x in (side, card)]
    words = engine.rapid.read_page(np.hstack(pad))
    assert "www.northwind-example.com" in [w.text for w in words]
    assert "Whitfield" in [w.text for w in words]


def test_threads_share_the_models_and_read_as_one_thread_does(engine):
    from concurrent.futures import ThreadPoolExecutor

    cards = [card_lines("Dana Whitfield", "dana@northwind-example.com"),
             card_lines("Marta Oliveira", "Tel. +1 312 555 0111"),
             card_lines("Senior Account Manager", "12 Harbour Road, Springfield")]
    alone = [engine.rapid.read_page(card) for card in cards]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(engine.rapid.read_page, cards * 3))
    assert together == alone * 3


@needs_tesseract
def test_second_opinion_keeps_tesseracts_sure_lines(engine):
    second = RapidEngine(engine.tesseract, "second")
    image = two_lines("Dana Whitfield", "dana@northwind-example.com")
    words = second.recognize(image)
    assert words == engine.tesseract.recognize(image)  # clean print: Tesseract is sure of every line
    assert " ".join(w.text for w in words) == "Dana Whitfield dana@northwind-example.com"


def test_second_opinion_replaces_an_unsure_line_with_pp_ocrs_reading(engine):
    from ocr.reading import WordBox

    second = RapidEngine(engine.tesseract, "second")
    image = two_lines("Dana Whitfield", "dana@northwind-example.com")
    half = image.shape[0] // 2
    # as Tesseract reads a line it is unsure of: garbled, low confidence, its box around the print
    rows = np.flatnonzero((image[half:] < 128).any(axis=1)) + half
    cols = np.flatnonzero((image[half:] < 128).any(axis=0))
    unsure = [WordBox("dana@n0rthw1nd-examp1e.c0m", int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1),
                      int(rows[-1] - rows[0] + 1), 0.41, line=1)]
    sure = [WordBox("Dana", 30, 10, 80, 30, 0.95, line=0), WordBox("Whitfield", 120, 10, 140, 30, 0.96, line=0)]
    words = second._second_opinion(image, sure + unsure)
    assert words[:2] == sure
    assert [w.text for w in words[2:]] == ["dana@northwind-example.com"]
    assert words[2].line == 1 and words[2].conf > 0.41
    assert abs(words[2].left - unsure[0].left) < 15 and words[2].top == unsure[0].top


# ------------------------------------------------------------------ choosing the engine

@needs_tesseract
@pytest.mark.parametrize("mode", MODES)
def test_netcapture_engine_picks_pp_ocr(monkeypatch, mode):
    rapid_installed()
    monkeypatch.setenv("NETCAPTURE_ENGINE", "rapidocr" if mode == "primary" else f"rapidocr-{mode}")
    picked = _pick_engine()
    assert isinstance(picked, RapidEngine) and picked.mode == mode
    assert picked.version() == picked.tesseract.version()


@needs_tesseract
def test_without_the_extra_tesseract_reads_and_says_why(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as when not installed
    from ocr.engine import _pick_tesseract

    tesseract = _pick_tesseract("")
    with caplog.at_level(logging.WARNING, logger="ocr.rapid_engine"):
        assert with_rapid(tesseract, "rapidocr") is tesseract
    assert "PP-OCR is not installed" in caplog.text and "rapidocr-onnxruntime" in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_between_cards_tesseracts_language_sets_are_trimmed_as_when_it_reads_alone(mode):
    class Tesseract:
        kept = []

        def settle(self, keep="eng"):
            self.kept.append(keep)

    tesseract = Tesseract()
    RapidEngine(tesseract, mode).settle(keep="eng+por")
    assert tesseract.kept == ["eng+por"]
    RapidEngine(object(), mode).settle()  # a Tesseract that keeps nothing loaded: nothing to do


def test_an_unknown_mode_is_refused():
    rapid_installed()
    with pytest.raises(ValueError, match="unknown PP-OCR mode"):
        RapidEngine(None, "fastest")


def test_the_installed_wheel_is_the_pinned_one():
    rapid_installed()
    from importlib.metadata import PackageNotFoundError, version

    from ocr.rapid_engine import RAPIDOCR_VERSION

    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert f"rapidocr-onnxruntime=={RAPIDOCR_VERSION}" in makefile
    assert version("rapidocr-onnxruntime") == RAPIDOCR_VERSION
    # the full OpenCV (its Qt plugins clash with PySide6's) stays out: only the headless build
    with pytest.raises(PackageNotFoundError):
        version("opencv-python")


def test_second_opinion_reads_the_whole_printed_line_when_tesseracts_box_is_short(engine):
    from ocr.reading import WordBox

    second = RapidEngine(engine.tesseract, "second")
    image = two_lines("Dana Whitfield", "dana@northwind-example.com")
    half = image.shape[0] // 2
    rows = np.flatnonzero((image[half:] < 128).any(axis=1)) + half
    cols = np.flatnonzero((image[half:] < 128).any(axis=0))
    # Tesseract's box left out the first and last few glyphs
    cut = (cols[-1] - cols[0]) // 5
    unsure = [WordBox("northw1nd-examp1e", int(cols[0] + cut), int(rows[0]), int(cols[-1] - cols[0] - 2 * cut),
                      int(rows[-1] - rows[0] + 1), 0.38, line=1)]
    words = second._second_opinion(image, unsure)
    assert [w.text for w in words] == ["dana@northwind-example.com"]


# ------------------------------------------------------------------ memory: one heavy pass at a time

def test_a_detection_waits_for_running_whole_card_passes_and_holds_new_ones_back():
    import threading
    import time

    from ocr.memory import _HeavyPasses

    gate, order = _HeavyPasses(), []
    first_in, second_in, release = threading.Event(), threading.Event(), threading.Event()

    def card_pass(name, entered):
        with gate.shared():
            order.append(f"{name} starts")
            entered.set()
            release.wait(5)
            order.append(f"{name} ends")

    def detection():
        with gate.alone():
            order.append("detection")

    passes = [threading.Thread(target=card_pass, args=("pass 1", first_in)),
              threading.Thread(target=card_pass, args=("pass 2", second_in))]
    passes[0].start()
    passes[1].start()
    assert first_in.wait(5) and second_in.wait(5)  # whole-card passes run side by side
    detecting = threading.Thread(target=detection)
    detecting.start()
    time.sleep(0.2)
    assert "detection" not in order  # not while a whole-card pass runs
    late_in = threading.Event()
    late = threading.Thread(target=card_pass, args=("pass 3", late_in))
    late.start()
    time.sleep(0.2)
    assert not late_in.is_set()  # a new pass lets the waiting detection go first
    release.set()
    for thread in (*passes, detecting, late):
        thread.join(5)
    assert order.index("detection") > max(order.index("pass 1 ends"), order.index("pass 2 ends"))
    assert order.index("detection") < order.index("pass 3 starts")


def test_a_photo_is_located_and_a_card_ink_mapped_as_heavy_passes(monkeypatch):
    """A detection (mode cascade: another thread's card) waits for them: beside one they made a
    batch's peak."""
    from types import SimpleNamespace

    import numpy as np

    import ocr.pipeline as pipeline
    from ocr.memory import HEAVY

    running = []

    def locate(image):
        running.append(("locate", HEAVY._shared))
        card = SimpleNamespace(image=image, whole_frame=False, corners=[(0, 0)] * 4)
        return SimpleNamespace(cards=[card], unread_regions=0)

    def ink(card):
        running.append(("ink map", HEAVY._shared))
        raise RuntimeError("stop here")

    monkeypatch.setattr(pipeline, "locate_page", locate)
    monkeypatch.setattr(pipeline, "ink_map", ink)
    engine = SimpleNamespace(check=lambda lang: None)
    with pytest.raises(RuntimeError, match="stop here"):
        list(pipeline.iter_cards(np.full((40, 60, 3), 255, np.uint8), engine=engine))
    assert running == [("locate", 1), ("ink map", 1)]
    assert HEAVY._shared == 0


def test_the_detectors_working_memory_goes_back_to_the_system_when_freed():
    import ctypes

    from ocr.memory import LARGE_BLOCK
    from ocr.rapid_engine import M_MMAP_THRESHOLD, _libc, _pages_of_its_own

    if _libc() is None:
        pytest.skip("not glibc: the allocator decides for itself")

    def rss_mb() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    libc = _libc()
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)  # as the reader sets it
    block = 4 * 2**20  # under that threshold: on the shared heap outside the block
    with _pages_of_its_own():
        before = rss_mb()
        blocks, kept = [], []
        for _ in range(20):
            blocks.append(libc.malloc(block))
            libc.memset(blocks[-1], 1, block)
            kept.append(libc.malloc(200 * 1024))  # smaller allocations between them, as other threads make
        assert rss_mb() - before > 60
        for b in blocks:
            libc.free(b)
        assert rss_mb() - before < 20  # handed back at once, no trim needed
    for k in kept:
        libc.free(k)


@needs_tesseract
def test_the_cascade_reads_a_card_tesseract_lost_lines_of_in_any_latin_language():
    """A fictional card Tesseract reads with English and Portuguese losing its contact lines: PP-OCR's
    reading stands in, as it does for English alone (it reads the letters; the accents are re-read)."""
    from ocr.engine import _pick_tesseract
    from ocr.pipeline import read_card_image
    from tests.synthetic.breadth import _degrade, world_card
    from tests.synthetic.render import render_card

    rapid_installed()
    if "por" not in _pick_tesseract("").languages():
        pytest.skip("Portuguese is not installed for Tesseract")
    truth, style, _, rng = world_card(9711, "pt")
    card = _degrade(render_card(truth, style, rng), rng)
    tesseract = _pick_tesseract("")
    assert not read_card_image(card, lang="eng+por", engine=tesseract).emails  # Tesseract loses them
    reading = read_card_image(card, lang="eng+por", engine=RapidEngine(tesseract, "cascade"))
    assert [p.number for p in reading.phones] and reading.websites and reading.emails

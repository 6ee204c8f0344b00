"""The escalation cascade (NETCAPTURE_ENGINE=rapidocr-cascade): Tesseract reads every card, PP-OCR
the whole card only when Tesseract's reading lost lines (ocr/second_opinion.py). Fictional cards
rendered here; the real engines and models (skipped only when the PP-OCR extra is missing).
"""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.reading import WordBox
from ocr.second_opinion import lost_lines
from tests.synthetic.fonts import available_families, load_font


def word(text: str, line: int = 0) -> WordBox:
    return WordBox(text, 10, 10 + 40 * line, 20 * len(text), 30, 0.9, line)


# ------------------------------------------------------------------ the trigger (no engine)

def test_a_reading_with_an_address_lost_no_lines():
    assert not lost_lines([word("Dana"), word("Whitfield"), word("dana@northwind-example.com", 1)])
    # as Tesseract splits a labelled address, and as it misreads one: an address was found all the same
    assert not lost_lines([word("E-mail:dana@northwind-example.com")])
    assert not lost_lines([word("dana@northwind-example.corn")])


def test_a_reading_without_an_address_lost_lines():
    assert lost_lines([word("Dana"), word("Whitfield"), word("Tel.", 1), word("+1 312 555 0111", 1)])
    assert lost_lines([])
    # an at sign alone, or a handle, is no address
    assert lost_lines([word("@northwind"), word("Sales @ Lakeside")])


# ------------------------------------------------------------------ the cascade (real engines)

@pytest.fixture(scope="module")
def cascade():
    pytest.importorskip("rapidocr_onnxruntime", reason="the PP-OCR extra is not installed (make installs it)")
    if shutil.which("tesseract") is None:
        pytest.skip("the tesseract program is not installed")
    from ocr.engine import _pick_tesseract
    from ocr.rapid_engine import RapidEngine

    return RapidEngine(_pick_tesseract(""), "cascade")


def card(*lines: tuple[str, int, int]) -> np.ndarray:
    """A white card of ``(text, size, grey level)`` lines, one under the other."""
    family = "DejaVu Sans" if "DejaVu Sans" in available_families() else available_families()[0]
    image = Image.new("L", (1000, 580), 255)
    draw = ImageDraw.Draw(image)
    y = 60
    for text, size, level in lines:
        draw.text((60, y), text, font=load_font(family, "regular", size), fill=level)
        y += int(size * 2.2)
    return np.asarray(image)


PERSON = (("Dana Whitfield", 48, 0), ("Account Manager", 28, 0), ("Tel. +1 312 555 0111", 24, 0))


def texts(words: list[WordBox]) -> list[str]:
    return [w.text for w in words]


def test_an_address_in_pale_print_that_tesseract_drops_is_read_by_pp_ocr(cascade):
    # light grey print on white: Tesseract's layout finds no line there at all
    image = card(*PERSON, ("dana@northwind-example.com", 22, 200))
    assert "dana@northwind-example.com" not in texts(cascade.tesseract.recognize(image))
    words = cascade.recognize(image)
    assert "dana@northwind-example.com" in texts(words)
    assert {"Dana", "Whitfield", "Account", "Manager"} <= set(texts(words))


def test_a_card_read_with_its_address_keeps_tesseracts_words_and_never_loads_pp_ocr():
    pytest.importorskip("rapidocr_onnxruntime", reason="the PP-OCR extra is not installed (make installs it)")
    if shutil.which("tesseract") is None:
        pytest.skip("the tesseract program is not installed")
    from ocr.engine import _pick_tesseract
    from ocr.rapid_engine import RapidEngine

    fresh = RapidEngine(_pick_tesseract(""), "cascade")
    image = card(*PERSON, ("dana@northwind-example.com", 22, 0))
    assert fresh.recognize(image) == fresh.tesseract.recognize(image)
    assert fresh._rapid is None  # the models load on the first card that needs them


def test_an_upside_down_card_without_an_address_keeps_tesseracts_words(cascade):
    # PP-OCR reads nothing on a card it sees upside down: the reader's flip check turns it, with
    # Tesseract's (low-confidence) words to compare against
    image = np.rot90(card(*PERSON), 2).copy()
    assert cascade.rapid.read_page(image) == []
    assert cascade.recognize(image) == cascade.tesseract.recognize(image)


def test_one_line_rereads_stay_with_tesseract(cascade):
    image = card(("Tel. +1 312 555 0111", 24, 0))[40:120]
    assert cascade.recognize(image, psm=7) == cascade.tesseract.recognize(image, psm=7)


def test_the_reader_still_turns_an_upside_down_card_without_an_address(cascade):
    # both passes escalate (no address either way up): PP-OCR reads nothing upside down, and the
    # card turned the right way up
    from ocr.pipeline import read_card_image

    reading = read_card_image(np.dstack([np.rot90(card(*PERSON), 2)] * 3), engine=cascade)
    assert reading.name.value == "Dana Whitfield"
    assert reading.title.value == "Account Manager"
    assert [p.e164 for p in reading.phones] == ["+13125550111"]

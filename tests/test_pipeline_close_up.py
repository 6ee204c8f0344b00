"""A frame read whole (no card outline: a close-up filling the picture) is brought down to the size
its type needs before the ink map is made; small type and located cards keep their pixels."""
from __future__ import annotations

import shutil

import cv2
import numpy as np
import pytest

from ocr.pipeline import INK_GLYPH_HEIGHT, _print_mask, _within_ocr_size
from ocr.preprocess import ink_map, text_height
from tests.synthetic.samples import synthetic_card


def _card(seed: int = 7):
    image, truth, _ = synthetic_card(np.random.default_rng(seed))
    return image, truth


def _close_up(image: np.ndarray, megapixels: float = 12.0) -> np.ndarray:
    scale = (megapixels * 1e6 / (image.shape[0] * image.shape[1])) ** 0.5
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def _glyph_height(image: np.ndarray) -> float:
    return text_height(_print_mask(ink_map(image)))


def test_a_close_up_with_big_type_is_read_from_a_smaller_copy():
    image, _ = _card()
    close_up = _close_up(image)
    reduced = _within_ocr_size(close_up)
    assert reduced.shape[0] * reduced.shape[1] < 0.5 * close_up.shape[0] * close_up.shape[1]
    # the type is still half again the height the engine reads at
    assert _glyph_height(reduced) >= 0.85 * INK_GLYPH_HEIGHT


def test_small_type_and_small_frames_keep_every_pixel():
    image, _ = _card()
    assert _within_ocr_size(image) is image  # a card-sized picture
    frame = np.full((3000, 4000, 3), 255, np.uint8)  # a small card, no outline, in a 12 MP frame
    frame[1000:1000 + image.shape[0], 1500:1500 + image.shape[1]] = image
    assert _within_ocr_size(frame) is frame
    blank = np.full((3000, 4000, 3), 200, np.uint8)  # no type to measure
    assert _within_ocr_size(blank) is blank


def test_a_located_card_is_not_reduced(monkeypatch):
    import ocr.pipeline as pipeline
    from ocr.locate import LocatedCard, PageLocation

    image, _ = _card()
    big_card = _close_up(image)
    corners = np.float32([[10, 10], [500, 10], [500, 300], [10, 300]])
    monkeypatch.setattr(pipeline, "locate_page", lambda _: PageLocation([LocatedCard(corners, big_card)], 0))
    seen = []

    def read(card, **kwargs):
        seen.append(card)
        raise _Seen

    monkeypatch.setattr(pipeline, "read_card_image", read)
    with pytest.raises(_Seen):
        list(pipeline.iter_cards(np.zeros((400, 600, 3), np.uint8), engine=_NoEngine()))
    assert seen[0] is big_card


class _Seen(Exception):
    """The card handed to the reader was seen: no need to read it."""


class _NoEngine:
    name = "none"

    def check(self, lang="eng"):
        pass


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="the tesseract program is not installed")
def test_a_close_up_reads_as_the_card_does():
    from ocr import read_cards

    image, truth = _card()
    (reading,) = read_cards(_close_up(image))
    assert reading.name.value == truth.name
    assert [e.value for e in reading.emails] == truth.emails

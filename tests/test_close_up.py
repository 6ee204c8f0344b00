"""A frame read whole (no card outline: a close-up filling the picture) is made smaller before it is
turned and read when its type is big; small type, small frames and located cards keep their pixels."""
from __future__ import annotations

import shutil

import cv2
import numpy as np
import pytest

from ocr.locate import WHOLE_FRAME_GLYPH_HEIGHT, locate_page
from ocr.preprocess import ink_map, text_height
from tests.synthetic.samples import synthetic_card


def _card(seed: int = 7):
    image, truth, _ = synthetic_card(np.random.default_rng(seed))
    return image, truth


def _close_up(image: np.ndarray, megapixels: float = 12.0, degrees: float = 0.0) -> np.ndarray:
    """The card filling a frame of ``megapixels``; turned, its edges outside the picture."""
    scale = (megapixels * 1e6 / (image.shape[0] * image.shape[1])) ** 0.5
    frame = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    if degrees:
        fh, fw = frame.shape[:2]
        turn = cv2.getRotationMatrix2D((fw / 2, fh / 2), degrees, 1.1)
        frame = cv2.warpAffine(frame, turn, (fw, fh), borderMode=cv2.BORDER_REFLECT)
    return frame


def _whole_frame(image: np.ndarray) -> np.ndarray:
    (card,) = locate_page(image).cards
    assert card.whole_frame
    return card.image


def _glyph_height(image: np.ndarray) -> float:
    return text_height(np.where(ink_map(image) < 200, 0, 255).astype(np.uint8))


@pytest.mark.parametrize("degrees", [0, 6])
def test_a_close_up_with_big_type_is_read_from_a_smaller_copy(degrees):
    close_up = _close_up(_card()[0], degrees=degrees)
    reduced = _whole_frame(close_up)
    assert reduced.shape[0] * reduced.shape[1] < 0.5 * close_up.shape[0] * close_up.shape[1]
    assert _glyph_height(reduced) >= 0.85 * WHOLE_FRAME_GLYPH_HEIGHT  # half again the engine's 30 px


def test_small_type_small_frames_and_blank_frames_keep_every_pixel():
    from ocr.locate import _reduced_for_type

    def mask(image, step):
        small = cv2.resize(image, (image.shape[1] // step, image.shape[0] // step), interpolation=cv2.INTER_AREA)
        return np.where(ink_map(small) < 200, 0, 255).astype(np.uint8)

    image, _ = _card()
    small_frame = _close_up(image, megapixels=0.9)  # big type, but a frame of under 1 MP
    assert _reduced_for_type(small_frame, mask(small_frame, 1), 1) is small_frame
    sheet = np.full((3000, 4000, 3), 255, np.uint8)  # card-sized type in a 12 MP frame
    for y in range(0, 3000 - image.shape[0], image.shape[0]):
        for x in range(0, 4000 - image.shape[1], image.shape[1]):
            sheet[y:y + image.shape[0], x:x + image.shape[1]] = image
    assert _reduced_for_type(sheet, mask(sheet, 3), 3) is sheet
    blank = np.full((3000, 4000, 3), 200, np.uint8)  # no type to measure
    assert _reduced_for_type(blank, mask(blank, 3), 3) is blank


def test_a_located_card_keeps_its_resolution():
    image, _ = _card()
    big = cv2.resize(image, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC)  # a 6 MP card, big type
    table = np.full((big.shape[0] + 600, big.shape[1] + 600, 3), (60, 90, 120), np.uint8)
    table[300:300 + big.shape[0], 300:300 + big.shape[1]] = big
    (card,) = locate_page(table).cards
    assert not card.whole_frame
    assert card.image.shape[0] * card.image.shape[1] >= 0.9 * big.shape[0] * big.shape[1]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="the tesseract program is not installed")
@pytest.mark.parametrize("degrees", [0, 6])
def test_a_close_up_reads_as_the_card_does(degrees):
    from ocr import read_cards

    image, truth = _card()
    (reading,) = read_cards(_close_up(image, degrees=degrees))
    assert reading.name.value == truth.name
    assert [e.value for e in reading.emails] == truth.emails

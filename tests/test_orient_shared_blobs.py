"""The orientation checks and the text size share one labelling of the card's ink: the glyph sizes
it gives for a turned card are exactly those of labelling the turned image, so sharing it changes
no result (a sideways or upside-down card keeps its rotation and its OCR scale)."""
from __future__ import annotations

import numpy as np
import pytest

from ocr.orient import estimate_rotation, line_axis_score, rotate, upright_score
from ocr.pipeline import LAYOUT_SCALE, _print_mask
from ocr.preprocess import glyph_boxes, ink_blobs, ink_map, ocr_scale, resize
from tests.synthetic import synthetic_scene


@pytest.fixture(scope="module")
def layout() -> np.ndarray:
    from ocr.locate import locate_cards

    card = locate_cards(synthetic_scene(3, "easy", "plain").image)[0].image
    return _print_mask(resize(ink_map(card), LAYOUT_SCALE))


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_glyph_sizes_of_a_turned_card_come_from_one_labelling(layout, turn):
    turned = rotate(layout, turn)
    shared = glyph_boxes(turned, ink_blobs(turned))
    for reread in (90, 180, 270):  # the card turned once more, without labelling it again
        expected = glyph_boxes(rotate(turned, reread))
        sizes = glyph_boxes(turned, ink_blobs(turned), turned=reread)
        assert sorted(map(tuple, sizes[:, 2:])) == sorted(map(tuple, expected[:, 2:]))
    assert len(shared) > 20


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_rotation_and_scale_are_those_of_labelling_each_view(layout, turn):
    turned = rotate(layout, turn)
    blobs = ink_blobs(turned)
    rotation, certainty = estimate_rotation(turned, blobs)
    # as each check labelled its own view of the card before
    axis = line_axis_score(turned)
    base = 0 if axis >= 0 else 90
    up = upright_score(rotate(turned, base))
    assert rotation == (base if up >= 0 else (base + 180) % 360)
    assert certainty == pytest.approx(min(1.0, abs(up) * 3) * min(1.0, abs(axis) * 2))
    assert rotation == (360 - turn) % 360
    assert ocr_scale(turned, LAYOUT_SCALE, boxes=glyph_boxes(turned, blobs, turned=rotation)) == \
        ocr_scale(rotate(turned, rotation), LAYOUT_SCALE)

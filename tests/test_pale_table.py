"""Several pale cards photographed on a pale table (tests/synthetic/pale_table.py): each card
found on its own, where the photo's outlines alone found none of them, or two touching cards
as one."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.locate import find_card_quads
from tests.synthetic.pale_table import pale_table_photo
from tests.test_locate import overlap


def _found(quads, scene) -> int:
    return sum(1 for t in scene.cards if any(overlap(q, np.float32(t.corners)) >= 0.85 for q in quads))


@pytest.mark.parametrize("seed", [
    6,  # four cards, touching in pairs end to end (no outline closed: the whole frame was read)
    14,  # two cards touching end to end on a light-grey table (one quad across both)
    16,  # four cards a quarter turn round, touching in pairs (each pair was taken for one card)
    27,  # two cards a quarter turn round, touching, two pale stocks (one quad for both)
    30,  # two cards a quarter turn round, touching, on a white table (neither was found)
])
def test_every_pale_card_on_a_pale_table_is_found(seed):
    scene = pale_table_photo(seed)
    quads = find_card_quads(scene.image)
    assert _found(quads, scene) == len(scene.cards)
    assert len(quads) == len(scene.cards)


def test_the_pale_table_generator_is_deterministic_and_lays_cards_apart():
    a, b = pale_table_photo(11), pale_table_photo(11)
    assert np.array_equal(a.image, b.image)
    h, w = a.image.shape[:2]
    masks = []
    for card in a.cards:
        m = np.zeros((h, w), np.uint8)
        cv2.fillConvexPoly(m, np.int32(np.round(card.corners)), 1)
        assert m.sum() > 0.02 * h * w  # on the frame, card-sized
        masks.append(m)
    for i, m in enumerate(masks):
        for other in masks[i + 1:]:
            assert (m & other).sum() < 0.01 * m.sum()  # touching at most, never lying on another

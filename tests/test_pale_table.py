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


@pytest.mark.parametrize(("seed", "harsh"), [
    (9, False),  # four cards touching in pairs on a light-grey table (one pair was one quad)
    (18, False),  # six cards apart on a white table (one was not found)
    (24, False),  # three cards touching on a white table
    (29, False),  # six cards apart on a white table (two were not found)
    (22, True),  # five cards touching on a white table a few grey levels below the stock, cards cut by the frame
    (25, True),  # four cards touching, light falling off strongly across the frame
    (34, True),  # two cards apart, white and light-blue stock (only one was found)
    (36, True),  # three cards touching on a white table
])
def test_pale_stock_told_from_the_table_under_uneven_light_is_each_card(seed, harsh):
    scene = pale_table_photo(seed, harsh=harsh)
    quads = find_card_quads(scene.image)
    assert _found(quads, scene) == len(scene.cards)
    assert len(quads) == len(scene.cards)


def test_the_harsh_pale_table_is_deterministic_and_cuts_cards_by_the_frame():
    a, b = pale_table_photo(3, harsh=True), pale_table_photo(3, harsh=True)
    assert np.array_equal(a.image, b.image)
    h, w = a.image.shape[:2]
    assert a.cut  # cards partly outside the frame, not among the scene's cards
    for corners in a.cut:
        outside = (corners[:, 1] < 0) | (corners[:, 1] > h)
        assert outside.any() and not outside.all()
    for card in a.cards:
        assert (card.corners >= 0).all() and (card.corners[:, 0] <= w).all() and (card.corners[:, 1] <= h).all()

"""Several pale cards photographed on a pale table (tests/synthetic/pale_table.py): each card
found on its own, where the photo's outlines alone found none of them, or two touching cards
as one. Cards of mixed stock, each at its own angle, touching: each found where their outlines
meet (`mixed_table_photo`)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.locate import _whole_card_by_the_frame, find_card_quads
from tests.synthetic.pale_table import MIXED_TILT, mixed_table_photo, pale_table_photo
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


@pytest.mark.parametrize("seed", [
    3014,  # three cards a quarter turn round, touching, cards cut by the frame (the whole frame was read)
    3015,  # four cards a quarter turn round in a phone's portrait frame, two by two (two quads, neither a card)
    3016,  # five cards a quarter turn round, touching in rows (two of five found)
    3024,  # two cards a quarter turn round, one above the other, touching (the whole frame was read)
    3039,  # four upright cards two by two, cards cut by the frame above and below (three found)
])
def test_cards_touching_at_their_own_angles_are_each_found(seed):
    scene = mixed_table_photo(seed)
    quads = find_card_quads(scene.image)
    assert _found(quads, scene) == len(scene.cards)
    assert len(quads) == len(scene.cards)


@pytest.mark.parametrize("seed", [
    7017,  # two blue-gradient cards touching along a seam tilted by their angles (one quad ran over both)
    7040,  # two cards touching along a tilted seam, a blob barely notched (the whole frame was read)
])
def test_two_cards_touching_along_a_tilted_seam_are_each_found(seed):
    scene = mixed_table_photo(seed, 2, table="white", quarter_turned=True, frame=(1080, 1856), cut=False)
    quads = find_card_quads(scene.image)
    assert _found(quads, scene) == len(scene.cards)
    assert len(quads) == len(scene.cards)


def _box(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


def test_a_card_against_the_frame_is_kept_and_a_card_the_frame_cuts_is_not():
    shape = (928, 540)  # (rows, columns) of the work copy
    others = [_box(40, 100, 270, 460), _box(290, 100, 510, 450), _box(40, 480, 265, 840)]
    # a whole card lying against the right edge, a little bigger (nearer the camera)
    assert _whole_card_by_the_frame(_box(285, 470, 539, 860), others, shape)
    # a card the frame's top edge cuts: as wide as a card and card-shaped, but shorter across the cut
    assert not _whole_card_by_the_frame(_box(290, 0, 510, 140), others, shape)
    # against two sides at once: a corner of a card the frame cuts
    assert not _whole_card_by_the_frame(_box(285, 570, 539, 927), others, shape)


def _angle(corners: np.ndarray) -> float:
    """Degrees the card's top side runs off the frame's axes, folded into -45..45."""
    dx, dy = corners[1] - corners[0]
    return (np.degrees(np.arctan2(dy, dx)) + 45) % 90 - 45


def test_the_mixed_table_generator_is_deterministic_and_lays_cards_at_their_own_angles():
    a, b = mixed_table_photo(3003), mixed_table_photo(3003)
    assert np.array_equal(a.image, b.image)
    assert not np.array_equal(a.image, mixed_table_photo(3004).image)
    h, w = a.image.shape[:2]
    angles = [_angle(c.corners) for c in a.cards]
    assert all(abs(t) <= MIXED_TILT + 1e-6 for t in angles)
    assert max(angles) - min(angles) > 1.0  # each card at its own angle, not one for all
    masks = []
    for card in a.cards:
        m = np.zeros((h, w), np.uint8)
        cv2.fillConvexPoly(m, np.int32(np.round(card.corners)), 1)
        assert m.sum() > 0.02 * h * w
        masks.append(m)
    for i, m in enumerate(masks):
        for other in masks[i + 1:]:
            assert (m & other).sum() < 0.05 * m.sum()  # touching or overlapping by a few px at most


def test_the_mixed_table_cuts_cards_by_the_frame_only_when_asked():
    cut, whole = mixed_table_photo(7, cut=True), mixed_table_photo(7, cut=False)
    h = cut.image.shape[0]
    assert cut.cut and not whole.cut
    for corners in cut.cut:
        outside = (corners[:, 1] < 0) | (corners[:, 1] > h)
        assert outside.any() and not outside.all()
    assert all(c.quarter_turns in (1, 3) for c in mixed_table_photo(7, quarter_turned=True).cards)

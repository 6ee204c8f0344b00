"""The ink map's stretch, looked up in a table, is the float arithmetic it replaces, byte for byte."""
from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import _stretch, _stretch_table


def _stretched(diff: np.ndarray, peak: np.ndarray, floor: float) -> np.ndarray:
    strength = np.maximum(peak, floor).astype(np.float32)
    return 255 - np.clip(cv2.divide(diff.astype(np.float32), strength, scale=255.0), 0, 255).astype(np.uint8)


def test_every_diff_and_peak_pair_as_the_float_stretch_gives_it():
    diff = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 256, axis=1)
    peak = diff.T.copy()
    for floor in (28, 28.5, 61.0, 127.5):  # the floor is half a percentile: whole or half grey levels
        table = _stretch_table(floor)
        assert table.dtype == np.uint8
        assert np.array_equal(table[diff, peak], _stretched(diff, peak, floor))


def test_a_card_sized_map_looked_up_as_computed():
    rng = np.random.default_rng(9300)
    diff = rng.integers(0, 256, (1200, 2000), dtype=np.uint8)
    peak = cv2.GaussianBlur(diff, (31, 31), 0)
    assert np.array_equal(_stretch(diff, peak, 40.0), _stretched(diff, peak, 40.0))

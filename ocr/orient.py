"""Which way is up? Cheap checks on the ink, before any OCR pass.

Tesseract's own orientation detection costs 0.5-1 s a card; these take milliseconds:
- text lines run along one axis: close the ink horizontally and vertically and see which
  direction makes long, thin line blobs (decides 0/180 versus 90/270);
- Latin text has many more ascenders (b, d, h, k, l, t, capitals) than descenders (g, j, p,
  q, y), so within each line more ink sits above the x-height band than below it (decides
  0 versus 180). The pipeline double-checks with the OCR confidence when unsure.
"""
from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import glyph_boxes, ink_blobs


def rotate(image: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate clockwise by a multiple of 90 degrees."""
    degrees %= 360
    if degrees == 90:
        return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    if degrees == 180:
        return cv2.rotate(image, cv2.ROTATE_180)
    if degrees == 270:
        return cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return image


def line_axis_score(binary: np.ndarray, blobs: np.ndarray | None = None) -> float:
    """> 0 when text lines run horizontally, < 0 when vertically (card turned 90 degrees).
    ``blobs``: ink_blobs(binary), when the caller has them."""
    boxes = glyph_boxes(binary, blobs)
    if len(boxes) < 10:
        return 0.0
    char_h = float(np.median(boxes[:, 3]))
    char_w = float(np.median(boxes[:, 2]))
    size = max(char_h, char_w)
    ink = np.zeros(binary.shape, np.uint8)
    for x, y, w, h in boxes:
        ink[y:y + h, x:x + w] = 255
    k = max(3, int(size * 1.2))
    horizontal = _elongation(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, k), np.uint8)), axis=0)
    vertical = _elongation(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, 1), np.uint8)), axis=1)
    return float(np.log((horizontal + 1e-3) / (vertical + 1e-3)))


def _elongation(mask: np.ndarray, axis: int) -> float:
    """Ink-weighted mean of how much longer blobs are along the given axis (0 = x)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return 0.0
    w = stats[1:, 2].astype(np.float32)
    h = stats[1:, 3].astype(np.float32)
    area = stats[1:, 4].astype(np.float32)
    ratio = (w / h) if axis == 0 else (h / w)
    return float((np.log1p(ratio) * area).sum() / area.sum())


def upright_score(binary: np.ndarray, boxes: np.ndarray | None = None) -> float:
    """> 0 when horizontal Latin text is upright, < 0 when upside down; ~0 when unsure.
    ``boxes``: glyph_boxes(binary), when the caller has them."""
    boxes = glyph_boxes(binary) if boxes is None else boxes
    if len(boxes) < 10:
        return 0.0
    char_h = float(np.median(boxes[:, 3]))
    ink = 255 - binary
    lines = cv2.morphologyEx(
        np.where(ink > 0, 255, 0).astype(np.uint8), cv2.MORPH_CLOSE,
        np.ones((1, max(3, int(char_h * 1.5))), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    above = below = 0.0
    for x, y, w, h, _area in stats[1:]:
        if w < 4 * h or h < 0.6 * char_h or h > 3 * char_h:
            continue  # not a single line of text
        profile = (ink[y:y + h, x:x + w] > 0).sum(axis=1).astype(np.float32)
        if profile.max() <= 0:
            continue
        core = np.flatnonzero(profile >= 0.5 * profile.max())  # the x-height band
        top, bottom = core[0], core[-1]
        above += float(profile[:top].sum())
        below += float(profile[bottom + 1:].sum())
    total = above + below
    if total <= 0:
        return 0.0
    return (above - below) / total


def estimate_rotation(binary: np.ndarray, blobs: np.ndarray | None = None) -> tuple[int, float]:
    """Clockwise rotation (0, 90, 180, 270) that makes the card upright, and a 0..1 certainty.
    ``blobs``: ink_blobs(binary), when the caller has them (one labelling serves every check)."""
    blobs = ink_blobs(binary) if blobs is None else blobs
    axis = line_axis_score(binary, blobs)
    candidate = binary if axis >= 0 else rotate(binary, 90)
    base = 0 if axis >= 0 else 90
    up = upright_score(candidate, glyph_boxes(binary, blobs, turned=base))
    rotation = base if up >= 0 else (base + 180) % 360
    certainty = min(1.0, abs(up) * 3) * min(1.0, abs(axis) * 2)
    return rotation, certainty


def text_skew(binary: np.ndarray) -> float:
    """Angle in degrees (-45..45) that text lines make with the horizontal, 0 when unsure.

    Glyph centres are projected onto the vertical at each candidate angle: at the right one,
    the centres of a line fall into the same few bins (a spiky histogram)."""
    boxes = glyph_boxes(binary)
    if len(boxes) < 20:
        return 0.0
    centres = boxes[:, :2] + boxes[:, 2:] / 2.0
    bin_size = max(2.0, float(np.median(boxes[:, 3])) / 2)
    best_angle, best_score = 0.0, -1.0
    scores = {}
    for angle in np.arange(-45.0, 45.0, 1.0):
        theta = np.deg2rad(angle)
        y = centres[:, 1] * np.cos(theta) - centres[:, 0] * np.sin(theta)
        hist = np.bincount(((y - y.min()) / bin_size).astype(np.int64))
        score = float((hist.astype(np.float64) ** 2).sum())
        scores[angle] = score
        if score > best_score:
            best_angle, best_score = float(angle), score
    baseline = float(np.median(list(scores.values())))
    return best_angle if best_score > 1.5 * baseline else 0.0


def rotate_free(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise by any angle, growing the canvas so nothing is cut off."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return cv2.warpAffine(image, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)

"""Turn a flattened card photo into what Tesseract reads best: dark text on an even white
background, at a text size the engine likes.

Ink is measured as the difference from the local background, so dark text on a light card,
light text on a dark card, coloured print and glossy glare all come out as dark text on white.
"""
from __future__ import annotations

import cv2
import numpy as np

TARGET_TEXT_HEIGHT = 30  # px: median glyph height Tesseract's LSTM reads best
MIN_SCALE, MAX_SCALE = 0.35, 3.0
MAX_PIXELS = 4_500_000  # cap on the OCR image, which sets Tesseract's run time


def ink_map(card_bgr: np.ndarray) -> np.ndarray:
    """0 = strong ink, 255 = background, independent of the print's polarity and colour."""
    # The darkest channel makes coloured print (orange, blue, red) contrast like black.
    lum = card_bgr.min(axis=2) if card_bgr.ndim == 3 else card_bgr
    lum = lum.astype(np.uint8)
    h, w = lum.shape
    factor = 4
    small = cv2.resize(lum, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA)
    k = max(3, (min(small.shape) // 12) | 1)
    k = min(k, 255)
    # The median preserves large edges (a black half of a card) but removes text strokes.
    background = cv2.medianBlur(small, k)
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    diff = cv2.absdiff(lum, background)
    # Stretch so the strongest strokes become black; the 99.5th percentile ignores specks.
    top = _percentile_u8(diff, 99.5)
    gain = 255.0 / max(top, 24.0)
    return 255 - cv2.convertScaleAbs(diff, alpha=gain)


def _percentile_u8(image: np.ndarray, q: float) -> float:
    hist = cv2.calcHist([image], [0], None, [256], [0, 256]).ravel()
    cumulative = np.cumsum(hist)
    return float(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))


def binarize(ink: np.ndarray) -> np.ndarray:
    _, binary = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def glyph_boxes(binary: np.ndarray) -> np.ndarray:
    """Bounding boxes (x, y, w, h) of connected components that look like glyphs."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    if n <= 1:
        return np.zeros((0, 4), np.int32)
    boxes = stats[1:, :4]
    areas = stats[1:, 4]
    h_img, w_img = binary.shape
    w, h = boxes[:, 2], boxes[:, 3]
    keep = (h >= 4) & (w >= 1) & (h < h_img / 4) & (w < w_img / 4) & (areas >= 6)
    fill = areas / np.maximum(w * h, 1)
    keep &= fill > 0.08
    return boxes[keep]


def text_height(binary: np.ndarray) -> float | None:
    boxes = glyph_boxes(binary)
    if len(boxes) < 8:
        return None
    heights = boxes[:, 3].astype(np.float32)
    # Most glyphs on a card are body text; the median ignores logos and the big name.
    return float(np.median(heights))


def ocr_scale(binary: np.ndarray, resolution: float = 1.0) -> float:
    """Scale for the OCR image; ``binary`` may be a copy of the card at ``resolution``."""
    height = text_height(binary)
    scale = 1.0 if height is None else TARGET_TEXT_HEIGHT * resolution / height
    scale = float(np.clip(scale, MIN_SCALE, MAX_SCALE))
    h, w = (side / resolution for side in binary.shape[:2])
    if h * w * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (h * w)) ** 0.5
    return scale


def resize(image: np.ndarray, scale: float) -> np.ndarray:
    if abs(scale - 1.0) < 0.03:
        return image
    h, w = image.shape[:2]
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=interp)

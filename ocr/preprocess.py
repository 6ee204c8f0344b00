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
LOCAL_CONTRAST_FLOOR = 28  # grey levels: weaker local contrast than this is paper, not print
LOCAL_GAIN_LIMIT = 2.0
COLOURED_STOCK = 40  # grey levels between a background's luminance and its darkest channel
MAX_PIXELS = 4_500_000  # cap on the OCR image, which sets Tesseract's run time
STRETCH_STRIP = 256 * 1024  # pixels looked up at once by the ink map's stretch (2 MB of index)


def ink_map(card_bgr: np.ndarray) -> np.ndarray:
    """0 = strong ink, 255 = background, independent of the print's polarity and colour."""
    if card_bgr.ndim == 2:
        card_bgr = cv2.cvtColor(card_bgr, cv2.COLOR_GRAY2BGR)
    h, w = card_bgr.shape[:2]
    factor = 4
    small = cv2.resize(card_bgr, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA)
    k = min(255, max(3, (min(small.shape[:2]) // 12) | 1))
    # The median preserves large edges (a black half of a card) but removes text strokes.
    background = cv2.medianBlur(small, k)
    diff = _ink_difference(card_bgr, background)
    # Stretch each region so its strongest strokes become black: small grey print beside
    # bold white-on-black print must come out as dark as the rest. The floor keeps plain
    # paper texture from being stretched into noise.
    diff_small = cv2.resize(diff, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA)
    reach = max(3, (min(small.shape[:2]) // 8) | 1)
    peak = cv2.dilate(diff_small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    peak = cv2.GaussianBlur(peak, (reach, reach), 0)
    peak = cv2.resize(peak, (w, h), interpolation=cv2.INTER_LINEAR)
    # ...but at most LOCAL_GAIN_LIMIT times the global stretch, which keeps strokes crisp.
    floor = max(LOCAL_CONTRAST_FLOOR, _percentile_u8(diff, 99.5) / LOCAL_GAIN_LIMIT)
    return _stretch(diff, peak, floor)


def _stretch(diff: np.ndarray, peak: np.ndarray, floor: float) -> np.ndarray:
    """255 - (255 * diff / max(peak, floor)), clipped to bytes. diff and peak are bytes: the stretch
    of every (diff, peak) pair is worked out once, in a table, and looked up per pixel (half the
    time of the float arithmetic over the whole card, the same bytes). Looked up a strip of rows at a
    time: the lookup's index is 8 bytes a pixel, ~30 MB more at once for a whole card, and this is the
    reader's largest step while the other batch thread may be in its own."""
    table = _stretch_table(floor).ravel()
    out = np.empty(diff.shape, np.uint8)
    rows = max(1, STRETCH_STRIP // max(diff.shape[1], 1))
    for top in range(0, diff.shape[0], rows):
        index = diff[top:top + rows].astype(np.intp) << 8
        index |= peak[top:top + rows]
        np.take(table, index, out=out[top:top + rows], mode="clip")  # every index is in the table
    return out


def _stretch_table(floor: float) -> np.ndarray:
    """_stretch of every diff (row) and peak (column), computed in float32 as a whole card would be."""
    diff = np.repeat(np.arange(256, dtype=np.float32)[:, None], 256, axis=1)
    strength = np.repeat(np.maximum(np.arange(256), floor).astype(np.float32)[None, :], 256, axis=0)
    return 255 - np.clip(cv2.divide(diff, strength, scale=255.0), 0, 255).astype(np.uint8)


def _ink_difference(card_bgr: np.ndarray, background_small: np.ndarray) -> np.ndarray:
    """How far each pixel is from its background, in the view that shows print best.

    On white or grey stock the darkest channel is best: coloured print (orange, red, blue)
    contrasts there like black, and photo noise stays low. On coloured stock the darkest
    channel is dark everywhere, so there the largest per-channel difference is used.
    """
    h, w = card_bgr.shape[:2]
    bg_min = _darkest_channel(background_small)
    bg_gray = cv2.cvtColor(background_small, cv2.COLOR_BGR2GRAY)
    coloured_small = (cv2.subtract(bg_gray, bg_min) > COLOURED_STOCK).astype(np.uint8)
    background = cv2.resize(background_small, (w, h), interpolation=cv2.INTER_LINEAR)
    darkest = cv2.absdiff(_darkest_channel(card_bgr), _darkest_channel(background))
    if not coloured_small.any():
        return darkest
    channels = cv2.split(cv2.absdiff(card_bgr, background))
    largest = cv2.max(cv2.max(channels[0], channels[1]), channels[2])
    coloured = cv2.resize(coloured_small, (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
    return np.where(coloured, largest, darkest)


def _darkest_channel(image: np.ndarray) -> np.ndarray:
    b, g, r = cv2.split(image)  # cv2.min is ~20x faster than ndarray.min(axis=2) on 12 MP
    return cv2.min(cv2.min(b, g), r)


def _percentile_u8(image: np.ndarray, q: float) -> float:
    hist = cv2.calcHist([image], [0], None, [256], [0, 256]).ravel()
    cumulative = np.cumsum(hist)
    return float(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))


def ink_blobs(binary: np.ndarray) -> np.ndarray:
    """(x, y, w, h, area) of every connected blob of ink (0) in a binary image."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    return stats[1:]


def glyph_boxes(binary: np.ndarray, blobs: np.ndarray | None = None, turned: int = 0) -> np.ndarray:
    """Bounding boxes (x, y, w, h) of connected components that look like glyphs.

    ``blobs``: ink_blobs(binary), when the caller has them (one labelling serves every check of a
    card). ``turned``: the boxes of ``binary`` turned clockwise by that many degrees, as far as their
    sizes go (a quarter turn swaps width and height; the blobs are the same, only x/y are not
    meaningful then): the same glyphs as glyph_boxes(rotate(binary, turned)), without turning it."""
    stats = ink_blobs(binary) if blobs is None else blobs
    if not len(stats):
        return np.zeros((0, 4), np.int32)
    h_img, w_img = binary.shape
    if turned % 180:
        stats = stats[:, [1, 0, 3, 2, 4]]
        h_img, w_img = w_img, h_img
    boxes = stats[:, :4]
    areas = stats[:, 4]
    w, h = boxes[:, 2], boxes[:, 3]
    keep = (h >= 4) & (w >= 1) & (h < h_img / 4) & (w < w_img / 4) & (areas >= 6)
    fill = areas / np.maximum(w * h, 1)
    keep &= fill > 0.08
    return boxes[keep]


def text_height(binary: np.ndarray, boxes: np.ndarray | None = None) -> float | None:
    """Median glyph height; ``boxes``: glyph_boxes(binary), when the caller has them."""
    boxes = glyph_boxes(binary) if boxes is None else boxes
    if len(boxes) < 8:
        return None
    heights = boxes[:, 3].astype(np.float32)
    # Most glyphs on a card are body text; the median ignores logos and the big name.
    return float(np.median(heights))


def ocr_scale(binary: np.ndarray, resolution: float = 1.0, boxes: np.ndarray | None = None) -> float:
    """Scale for the OCR image; ``binary`` may be a copy of the card at ``resolution``, ``boxes``
    its glyph boxes as the card is read (glyph_boxes with ``turned``: the scale depends on the
    glyphs' heights and the image's area, not on which way ``binary`` itself is turned)."""
    height = text_height(binary, boxes)
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

"""Find every business card in a photo or scan and flatten it to an upright-ish rectangle.

Works on a downscaled copy (fast) and warps from the full-resolution image (sharp text).
Two detectors vote: the card stands out from the surface behind it (colour/brightness
difference from the border), or it has edges (Canny). When neither finds a card-shaped
quad, the whole image is taken as the card (a card that fills the frame).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

WORK_SIZE = 900  # long side of the downscaled copy used for detection
MIN_AREA_FRACTION = 0.015  # a card smaller than this share of the image is noise
MAX_AREA_FRACTION = 0.97  # bigger than this: the "card" is the frame itself
CARD_ASPECTS = (1.2, 2.3)  # long/short side; ISO 7810 is 1.586, US 1.75, JP 1.65
CONTENT_BLOB_PENALTY = 0.5  # a blob of print is a weaker sign of a card than its edges


@dataclass
class LocatedCard:
    corners: np.ndarray  # 4x2 float32, full-resolution image coordinates, TL TR BR BL
    image: np.ndarray  # flattened card (BGR)
    whole_frame: bool = False  # no edges found: the image itself is the card


def locate_cards(image: np.ndarray, max_cards: int = 12) -> list[LocatedCard]:
    """Return the cards in an image, largest first in reading order (top-left to bottom-right)."""
    quads = find_card_quads(image, max_cards=max_cards)
    if not quads:
        h, w = image.shape[:2]
        full = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
        return [LocatedCard(full, _straighten(image), whole_frame=True)]
    return [LocatedCard(q, warp_card(image, q)) for q in quads]


def _straighten(image: np.ndarray) -> np.ndarray:
    """No outline found: turn the whole picture so its text lines run straight (an angled
    card filling the frame, or one whose edges blend into the table)."""
    from ocr.orient import rotate_free, text_skew
    from ocr.preprocess import ink_map

    h, w = image.shape[:2]
    factor = max(1, round(max(h, w) / 1600))
    small = cv2.resize(image, (w // factor, h // factor), interpolation=cv2.INTER_AREA) if factor > 1 else image
    mask = np.where(ink_map(small) < 200, 0, 255).astype(np.uint8)
    angle = text_skew(mask)
    return rotate_free(image, angle) if abs(angle) >= 2 else image


def find_card_quads(image: np.ndarray, max_cards: int = 12) -> list[np.ndarray]:
    h, w = image.shape[:2]
    # An integer reduction factor lets INTER_AREA take its fast path (3x faster on 12 MP).
    factor = max(1, round(max(h, w) / WORK_SIZE))
    small = cv2.resize(image, (w // factor, h // factor), interpolation=cv2.INTER_AREA) \
        if factor > 1 else image
    to_full = np.array([w / small.shape[1], h / small.shape[0]], np.float32)
    candidates = _quads_from_mask(_foreground_mask(small))
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    smooth = cv2.bilateralFilter(gray, 7, 40, 7)
    magnitude = cv2.magnitude(cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1))
    strong = _percentile(magnitude, 97)
    for sensitivity in (1.0, 0.4, 0.15):  # later passes find faint edges: white on white, dark on dark
        candidates += _quads_from_mask(_edge_mask(smooth, strong * sensitivity))
    # Last resort for white cards on a white scanner lid, whose edges barely show: a card's
    # print and shadow lines merged into one blob, boxed by its minimum-area rectangle.
    if _looks_scanned(small):
        blobs = _quads_from_mask(_content_mask(gray), min_area_rect=True)
        candidates = _prefer_blobs_over_parts(candidates, blobs, small.shape[:2])
    candidates = _drop_groups(candidates, small.shape[:2])
    quads = [q * to_full for q in _non_overlapping(candidates, small.shape[:2], max_cards)]
    quads.sort(key=lambda q: (round(q[:, 1].mean() / (h / 4)), q[:, 0].mean()))
    return [q.astype(np.float32) for q in quads]


def _percentile(values: np.ndarray, q: float) -> float:
    flat = values.ravel()
    k = min(len(flat) - 1, int(len(flat) * q / 100))
    return float(np.partition(flat, k)[k])


def _foreground_mask(small: np.ndarray) -> np.ndarray:
    """Pixels that differ from the surface colour, estimated from the image border."""
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate([lab[:8].reshape(-1, 3), lab[-8:].reshape(-1, 3),
                             lab[:, :8].reshape(-1, 3), lab[:, -8:].reshape(-1, 3)])
    surface = np.median(border, axis=0)
    spread = np.percentile(np.linalg.norm(border - surface, axis=1), 90)
    diff = lab - surface
    dist = cv2.sqrt(cv2.transform(diff * diff, np.ones((1, 3), np.float32)))
    threshold = max(12.0, spread * 1.8)
    mask = (dist > threshold).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    return _fill_holes(mask)


def _edge_mask(smooth: np.ndarray, strong: float) -> np.ndarray:
    # Thresholds follow the image's own gradient strength, not its brightness: a card edge
    # on a scanner is a faint step on white, on a table a strong one.
    high = float(np.clip(strong, 20, 400))
    edges = cv2.Canny(smooth, high * 0.4, high)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=1)
    return _fill_holes(edges)


def _looks_scanned(small: np.ndarray) -> bool:
    """A bright, even surround: a flatbed scan or a white sheet, not a table."""
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    border = np.concatenate([gray[:6].ravel(), gray[-6:].ravel(), gray[:, :6].ravel(), gray[:, -6:].ravel()])
    return float(np.median(border)) > 200 and float(np.percentile(border, 90) - np.percentile(border, 10)) < 30


def _prefer_blobs_over_parts(candidates, blobs, shape) -> list:
    """A blob of print that holds exactly one smaller candidate (a card's coloured panel or
    logo) is the card; the part is dropped. Blobs holding nothing are kept as weak candidates."""
    masks = [_quad_mask(q, shape) for _, q in candidates]
    areas = [int(m.sum()) for m in masks]
    dropped: set[int] = set()
    kept_blobs = []
    for score, blob in blobs:
        bm = _quad_mask(blob, shape)
        barea = int(bm.sum())
        inside = [i for i, m in enumerate(masks) if int((bm & m).sum()) > 0.8 * areas[i]]
        parts = [i for i in inside if areas[i] < 0.75 * barea]
        distinct = _distinct(parts, masks, areas)
        if len(distinct) == 1 and len(parts) == len(inside):
            dropped.update(parts)  # the same panel may have been found by several detectors
            kept_blobs.append((score, blob))
        elif not inside:
            kept_blobs.append((score - CONTENT_BLOB_PENALTY, blob))
    return [c for i, c in enumerate(candidates) if i not in dropped] + kept_blobs


def _distinct(indices: list[int], masks: list[np.ndarray], areas: list[int]) -> list[int]:
    """One index per group of candidates that cover the same place."""
    out: list[int] = []
    for i in indices:
        if not any(int((masks[i] & masks[j]).sum()) > 0.8 * min(areas[i], areas[j]) for j in out):
            out.append(i)
    return out


def _content_mask(gray: np.ndarray) -> np.ndarray:
    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 8, 24)
    k = max(5, int(max(gray.shape) * 0.012))
    blobs = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    return _fill_holes(blobs)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    return filled


def _quads_from_mask(mask: np.ndarray, min_area_rect: bool = False) -> list[tuple[float, np.ndarray]]:
    """Card-shaped quads in a mask, each with a score (how rectangular the blob is)."""
    h, w = mask.shape[:2]
    area_img = float(h * w)
    out = []
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        area = cv2.contourArea(contour)
        if not (MIN_AREA_FRACTION * area_img <= area <= MAX_AREA_FRACTION * area_img):
            continue
        found = _card_quad(contour, area, area_img, (w, h), min_area_rect)
        if found is None:
            # A card touching clutter (a cup, a cable, glare) makes one odd blob: cut the thin
            # joins with an opening, stronger each time, and look at the pieces again.
            found = _split_attached(contour, mask.shape[:2], area_img, min_area_rect)
        if found is not None:
            out.append(found)
    return out


def _split_attached(contour, shape, area_img, min_area_rect) -> tuple[float, np.ndarray] | None:
    blob = np.zeros(shape, np.uint8)
    cv2.drawContours(blob, [contour], -1, 255, thickness=cv2.FILLED)
    for fraction in (0.02, 0.04, 0.07):
        k = max(3, int(max(shape) * fraction)) | 1
        opened = cv2.morphologyEx(blob, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        pieces, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        best = None
        for piece in pieces:
            area = cv2.contourArea(piece)
            if area < MIN_AREA_FRACTION * area_img:
                continue
            found = _card_quad(piece, area, area_img, shape[::-1], min_area_rect)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        if best is not None:
            return best[0] - 0.1, best[1]  # a little less sure than a clean outline
    return None


def _card_quad(contour, area, area_img, size, min_area_rect) -> tuple[float, np.ndarray] | None:
    w, h = size
    if min_area_rect:
        quad = order_corners(cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float32))
    else:
        quad = _contour_to_quad(contour)
    quad_area = cv2.contourArea(quad)
    if quad_area <= 0:
        return None
    fill = area / quad_area  # a card fills its quad; clutter does not
    if fill < 0.85 or fill > 1.15 or _outline_mismatch(contour, quad) > 0.12:
        return None
    long_side, short_side = _side_lengths(quad)
    aspect = long_side / max(short_side, 1)
    # (squares are excluded: a QR code or logo inside a card is not a card)
    if not (CARD_ASPECTS[0] / 1.05 <= aspect <= CARD_ASPECTS[1] * 1.25):
        return None
    touches = _touches_border(quad, w, h)
    score = fill - 0.3 * touches + min(area / area_img, 0.5)
    return score, quad.astype(np.float32)


def _contour_to_quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.04, 0.06):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return order_corners(approx.reshape(4, 2).astype(np.float32))
    # rounded or clipped corners: the minimum-area rectangle is a good card outline
    box = cv2.boxPoints(cv2.minAreaRect(hull))
    return order_corners(box.astype(np.float32))


def _outline_mismatch(contour: np.ndarray, quad: np.ndarray) -> float:
    """Share of the quad's area where blob and quad disagree: ~0 for a card, ~0.2 for an ellipse."""
    x, y, w, h = cv2.boundingRect(np.concatenate([contour.reshape(-1, 2), quad.astype(np.int32)]))
    shape = (h + 2, w + 2)
    blob = np.zeros(shape, np.uint8)
    cv2.drawContours(blob, [contour - [x - 1, y - 1]], -1, 1, thickness=cv2.FILLED)
    box = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(box, (quad - [x - 1, y - 1]).astype(np.int32), 1)
    return float((blob ^ box).sum()) / max(float(box.sum()), 1.0)


def _touches_border(quad: np.ndarray, w: int, h: int, margin: int = 3) -> int:
    xs, ys = quad[:, 0], quad[:, 1]
    return int((xs <= margin).any() or (ys <= margin).any() or (xs >= w - 1 - margin).any()
               or (ys >= h - 1 - margin).any())


def _drop_groups(candidates, shape) -> list:
    """Drop quads that hold two or more smaller candidates: cards lying close together."""
    masks = [_quad_mask(q, shape) for _, q in candidates]
    areas = [int(m.sum()) for m in masks]
    keep = []
    for i, cand in enumerate(candidates):
        inside = sum(1 for j in range(len(candidates))
                     if j != i and areas[j] < 0.7 * areas[i]
                     and int((masks[i] & masks[j]).sum()) > 0.8 * areas[j])
        if inside < 2:
            keep.append(cand)
    return keep


def _quad_mask(quad: np.ndarray, shape) -> np.ndarray:
    m = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(m, quad.astype(np.int32), 1)
    return m


def _non_overlapping(candidates, shape, max_cards) -> list[np.ndarray]:
    """Best-scoring quads first; drop any that overlaps an already chosen one."""
    chosen: list[np.ndarray] = []
    masks: list[np.ndarray] = []
    for _, quad in sorted(candidates, key=lambda c: -c[0]):
        m = _quad_mask(quad, shape)
        area = int(m.sum())
        if any(int((m & other).sum()) > 0.2 * min(area, int(other.sum())) for other in masks):
            continue
        chosen.append(quad)
        masks.append(m)
        if len(chosen) >= max_cards:
            break
    return chosen


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    pts = pts.reshape(4, 2).astype(np.float32)
    center = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - center[1], pts[:, 0] - center[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates, starting near -pi (left)
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def _side_lengths(quad: np.ndarray) -> tuple[float, float]:
    tl, tr, br, bl = quad
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return max(width, height), min(width, height)


def warp_card(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    tl, tr, br, bl = quad
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)

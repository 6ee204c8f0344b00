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
        return [LocatedCard(full, image, whole_frame=True)]
    return [LocatedCard(q, warp_card(image, q)) for q in quads]


def find_card_quads(image: np.ndarray, max_cards: int = 12) -> list[np.ndarray]:
    h, w = image.shape[:2]
    scale = WORK_SIZE / max(h, w)
    small = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) \
        if scale < 1 else image.copy()
    scale = min(scale, 1.0)
    candidates = []
    for mask in (_foreground_mask(small), _edge_mask(small)):
        candidates += _quads_from_mask(mask)
    quads = _non_overlapping(candidates, small.shape[:2], max_cards)
    quads = [q / scale for q in quads]
    quads.sort(key=lambda q: (round(q[:, 1].mean() / (h / 4)), q[:, 0].mean()))
    return [q.astype(np.float32) for q in quads]


def _foreground_mask(small: np.ndarray) -> np.ndarray:
    """Pixels that differ from the surface colour, estimated from the image border."""
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate([lab[:8].reshape(-1, 3), lab[-8:].reshape(-1, 3),
                             lab[:, :8].reshape(-1, 3), lab[:, -8:].reshape(-1, 3)])
    surface = np.median(border, axis=0)
    spread = np.percentile(np.linalg.norm(border - surface, axis=1), 90)
    dist = np.linalg.norm(lab - surface, axis=2)
    threshold = max(12.0, spread * 1.8)
    mask = (dist > threshold).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    return _fill_holes(mask)


def _edge_mask(small: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    gray = cv2.bilateralFilter(gray, 7, 40, 7)
    v = float(np.median(gray))
    edges = cv2.Canny(gray, max(10, int(0.4 * v)), max(30, int(1.0 * v)))
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=2)
    return _fill_holes(edges)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    return filled


def _quads_from_mask(mask: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Card-shaped quads in a mask, each with a score (how rectangular the blob is)."""
    h, w = mask.shape[:2]
    area_img = float(h * w)
    out = []
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        area = cv2.contourArea(contour)
        if not (MIN_AREA_FRACTION * area_img <= area <= MAX_AREA_FRACTION * area_img):
            continue
        quad = _contour_to_quad(contour)
        if quad is None:
            continue
        quad_area = cv2.contourArea(quad)
        if quad_area <= 0:
            continue
        fill = area / quad_area  # a card fills its quad; clutter does not
        if fill < 0.85 or fill > 1.15:
            continue
        long_side, short_side = _side_lengths(quad)
        aspect = long_side / max(short_side, 1)
        if not (CARD_ASPECTS[0] / 1.25 <= aspect <= CARD_ASPECTS[1] * 1.25):
            continue
        touches = _touches_border(quad, w, h)
        score = fill - 0.3 * touches + min(area / area_img, 0.5)
        out.append((score, quad.astype(np.float32)))
    return out


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


def _touches_border(quad: np.ndarray, w: int, h: int, margin: int = 3) -> int:
    xs, ys = quad[:, 0], quad[:, 1]
    return int((xs <= margin).any() or (ys <= margin).any() or (xs >= w - 1 - margin).any()
               or (ys >= h - 1 - margin).any())


def _non_overlapping(candidates, shape, max_cards) -> list[np.ndarray]:
    """Best-scoring quads first; drop any that overlaps an already chosen one."""
    chosen: list[np.ndarray] = []
    masks: list[np.ndarray] = []
    for _, quad in sorted(candidates, key=lambda c: -c[0]):
        m = np.zeros(shape, np.uint8)
        cv2.fillConvexPoly(m, quad.astype(np.int32), 1)
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

"""Find every business card in a photo or scan and flatten it to an upright-ish rectangle.

Works on a downscaled copy (fast) and warps from the full-resolution image (sharp text).
Two detectors vote: the card stands out from the surface behind it (colour/brightness
difference from the border), or it has edges (Canny). When neither finds a card-shaped
quad, the whole image is taken as the card (a card that fills the frame). In a photo of several
cards, two touching cards outlined as one are cut apart, a blob of cards touching at their own
angles is cut where its outline is notched (`_notch_parts`), and pale cards on a pale table, whose
outlines run into each other's, are the areas closed in by their faint edges, or the areas of
stock lighter than the table (or of another tint) once the light over it is taken away, cut
apart along their long straight edges (`_photo_cards`, `_flat_foreground_mask`); an area of two
cards touching at their own angles is cut along their shared edge at its tilt (`_pair_cut_at_tilt`),
and an area against the frame's edge is a card when as big as the others (`_whole_card_by_the_frame`).

On a scanner page (a bright, even surround) pale cards on a pale lid barely show an outline:
there faint straight edges close in card-shaped areas, clusters of print are boxed by the
nearest clean edges around them, a quad that cuts through print is rejected, two touching
cards found as one are split, and clusters of print that no card holds are counted
(`PageLocation.unread_regions`) so the user hears of them. A flattened card from a
low-resolution picture is enlarged before reading.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess import TARGET_TEXT_HEIGHT

WORK_SIZE = 900  # long side of the downscaled copy used for detection
MIN_AREA_FRACTION = 0.015  # a card smaller than this share of the image is noise
MAX_AREA_FRACTION = 0.97  # bigger than this: the "card" is the frame itself
OPEN_DISC = 15  # widest disc opened at full size in _split_attached (wider ones on a reduced copy)
CARD_ASPECTS = (1.2, 2.3)  # long/short side; ISO 7810 is 1.586, US 1.75, JP 1.65
# A frame read whole is made smaller when its median glyph is taller than this (px: half again the
# height the engine reads at), to this, when that saves a third of its pixels or more; never one of 1 MP or less
WHOLE_FRAME_GLYPH_HEIGHT = 1.5 * TARGET_TEXT_HEIGHT
SMALLEST_WORTH_REDUCING = 0.8
SMALL_FRAME_PIXELS = 1_000_000
UPSCALE_BELOW = 700  # px: a flattened card this short on its long side comes from a low-res picture...
MIN_CARD_SIDE = 1000  # ...and is enlarged to this (enlarging 700-1000 px cards read blurred ones worse)
MAX_UPSCALE = 3.0
PALE_SURROUND = 140  # median grey of the frame's edge from which the table may be as pale as the cards
CONTENT_BLOB_PENALTY = 0.5  # a blob of print is a weaker sign of a card than its edges
PAIR_PENALTY = 0.05  # a half of two touching cards outlined as one: a little less sure than an outline
PAIR_SQUAT = 1.35  # long/short: two cards touching along their long sides (2/1.586 = 1.26); a card is longer
PAIR_AT = (0.4, 0.6)  # where the shared edge of two touching cards alike in size crosses their outline
PAIR_PRINT = 0.02  # share of that edge print may touch (a line through a card's print is no edge between two)
PANEL_SHARE = 0.43  # of a card's area: a quad inside it smaller than this is a panel (two cards' halves are 0.5)
CARDS_ALIKE = 0.4  # of the biggest card's area: the least a card found beside it by its faint edges covers
EDGE_BREAK = 0.03  # of the work copy's long side: the longest break in a card's side that is bridged
EDGE_HALF = 1.5  # px: half the thickness of a Canny edge dilated once (an area inside it is the card less that)
# Pale stock on a pale table under uneven light (`_flat_foreground_mask`): the light over the table
# is a smooth field, read from the frame's border and taken away before stock is told from table.
FLAT_FIT_STEP = 8  # the field is fitted on a copy this many times smaller than the work copy (smooth light)
FLAT_MASK_STEP = 2  # stock is told from table on a copy half the work copy's size (less grain, edges kept)
FLAT_INK = 5  # px of that copy: a closing this wide takes the print out, leaving the stock it is on
FLAT_BORDER = 2  # px of the fit copy: the band round the frame the table is read from
FLAT_TRIMS = 6  # rounds of fitting the border and leaving out what is off the fit
FLAT_TRIM = 2.5  # border pixels this many noise widths off the fit are no table (a card cut by the frame)
FLAT_LIGHTER = 2.5  # stock: lighter than the table by this many of the table's noise widths...
FLAT_TINT = 3.0  # ...or of another tint by this many (light-blue stock on a grey table)
FLAT_PRINT = 25  # grey levels a closing lifts print by (where it lifts them more, there is print: no table)
FLAT_DARKER = 8.0  # noise widths below the field: still table (shade), not a dark object on it
FLAT_GROW = 16  # rounds of growing the field in from the table around (each a reach further)
FLAT_STEP = 1.5  # noise widths above the field: still table (a card's stock is a step above)
FLAT_REACH = 2.0  # px of the fit copy: how far the table's level is carried each round
FLAT_FLOOR = (3.0, 4.0)
FLAT_WALL = 0.05  # of the work copy's long side: a straight edge this long may part two touching cards
FLAT_ALIKE = (0.85, 1.2)  # area of stock / the cards' typical area: a card (less: a card with a part of its stock missed)
FLAT_DENTED = 0.68  # an area of stock filling this much of its hull's quad is a card with dents in its outline...
FLAT_DENT_PENALTY = 0.2  # ...a little less sure than a clean outline  # (lighter, tint): the least that counts, in Lab levels (a very even table)
# Cards touching at their own angles make one blob, notched where their outlines meet (`_notch_parts`).
NOTCH_DEPTH = 0.01  # of the work copy's long side: a dent in a blob's outline this deep may be where two cards meet
NOTCH_ARM = 30.0  # px along a notch's arms from its tip: they set the way the notch points
NOTCH_CONE = 12.0  # degrees either way of the way a notch points that the cut from its tip may run
NOTCH_DENT_CONE = 90.0  # degrees either way of that way: where a shallower dent a cut ends at may lie
NOTCH_ENDS = 8  # far ends tried for a cut from one notch, at most (evenly along the outline)
NOTCH_MOST = 4  # the deepest notches of a blob cuts are tried from
NOTCH_SEAM_LEVEL = 10.0  # gradient (of the smoothed grey copy) of an edge where two cards meet
NOTCH_SEAM_BAND = 4  # px either side of a cut the edge may run
NOTCH_SEAM_SHARE = 0.4  # share of a cut an edge must run along
NOTCH_MIN = 2.0  # px: the shallowest dent a cut from a notch may end at
NOTCH_SAMPLE = 4  # every this many points of a dense outline are read for the box of a part
NOTCH_FILLED = 0.03  # of a blob's area: a blob leaving less of its box empty is one card, uncut
NOTCH_KEEP = 0.75  # a blob is cut when its parts leave empty at most this share of the box area it leaves
NOTCH_WASTE = 0.1  # of a part's area: the most of its box a part cut at notches leaves empty
NOTCH_PENALTY = 0.1  # a part of a blob cut at its notches: a little less sure than a clean outline
# Two touching cards at their own angles whose blob of pale stock is barely notched (`_pair_cut_at_tilt`):
# their shared edge runs across the pair's middle, tilted by the angle between the two cards.
SEAM_TILT = 8.0  # degrees either way of square to the pair's long side that the shared edge may run
SEAM_TILT_STEP = 1.0  # degrees between the tilts tried
SEAM_BAND = 1  # px either side of a line the edge may lie
SEAM_EDGE = 0.6  # share of the line's length on an edge (gradient NOTCH_SEAM_LEVEL or more)
SEAM_TRIED = 12  # the lines with most edge along them whose cuts are compared
FLAT_PAIR_SCORE = 0.8  # a half of a pair cut at a tilt: less sure than a clean outline of stock
FLAT_PAIR_SAME = 0.8  # IoU: a quad of pale stock this close to a pair cut at a tilt is that pair
FLAT_PAIR_FILL = 0.75  # of its box: the least two touching cards fill (a logo's blob of shapes fills less)
FLAT_NEAR_BIGGEST = 0.75  # of the biggest area of stock: one this big may be a whole card (its size counts)
FRAME_CARD_SIDES = (0.9, 1.25)  # of the typical card's sides: a whole card lying against the frame's edge


@dataclass
class LocatedCard:
    corners: np.ndarray  # 4x2 float32, full-resolution image coordinates, TL TR BR BL
    image: np.ndarray  # flattened card (BGR)
    whole_frame: bool = False  # no edges found: the image itself is the card


@dataclass
class PageLocation:
    """The cards found on one page or photo, and how many areas of print none of them holds."""
    cards: list[LocatedCard]
    unread_regions: int = 0


def unread_note(count: int, page: int) -> str | None:
    """The message for areas of print that were not read as cards (page counted from 0)."""
    if count <= 0:
        return None
    areas = "1 area of print" if count == 1 else f"{count} areas of print"
    verb = "was" if count == 1 else "were"
    return f"{areas} on page {page + 1} {verb} not read as cards"


def locate_cards(image: np.ndarray, max_cards: int = 12) -> list[LocatedCard]:
    """Return the cards in an image in reading order (top-left to bottom-right)."""
    return locate_page(image, max_cards).cards


def locate_page(image: np.ndarray, max_cards: int = 12) -> PageLocation:
    """The cards in an image, and the areas of print left outside every card found."""
    quads, unread = _find(image, max_cards)
    if not quads:
        h, w = image.shape[:2]
        full = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
        return PageLocation([LocatedCard(full, upscale_small(_straighten(image)), whole_frame=True)], 0)
    return PageLocation([LocatedCard(q, upscale_small(warp_card(image, q))) for q in quads], unread)


def upscale_small(card: np.ndarray) -> np.ndarray:
    """A card from a low-resolution picture (400-600 px wide in a 480x640 frame) enlarged, so
    that its print is big enough to tell from noise in the ink map and the layout checks."""
    long_side = max(card.shape[:2])
    if long_side >= UPSCALE_BELOW:
        return card
    factor = min(MAX_UPSCALE, MIN_CARD_SIDE / long_side)
    return cv2.resize(card, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def _straighten(image: np.ndarray) -> np.ndarray:
    """No outline found: turn the whole picture so its text lines run straight (an angled
    card filling the frame, or one whose edges blend into the table), brought down first when
    its type is big (_reduced_for_type)."""
    from ocr.orient import rotate_free, text_skew
    from ocr.preprocess import ink_map

    h, w = image.shape[:2]
    factor = max(1, round(max(h, w) / 1600))
    small = cv2.resize(image, (w // factor, h // factor), interpolation=cv2.INTER_AREA) if factor > 1 else image
    mask = np.where(ink_map(small) < 200, 0, 255).astype(np.uint8)
    angle = text_skew(mask)
    image = _reduced_for_type(image, mask, factor)
    return rotate_free(image, angle) if abs(angle) >= 2 else image


def _reduced_for_type(image: np.ndarray, mask: np.ndarray, step: int) -> np.ndarray:
    """A frame read whole (a close-up filling a 12 MP picture) made smaller when its type is big:
    the engine reads type at TARGET_TEXT_HEIGHT, so the ink map of the whole frame, and
    turning it, cost more than the rest of the card's reading, for pixels then thrown away. The
    median glyph (measured on ``mask``, the print of the frame at 1/``step``) stays
    WHOLE_FRAME_GLYPH_HEIGHT tall: the ink map's strokes keep their weight (brought to the engine's
    own height first, a 10 MP frame lost three fields). Made only when that saves a third of the
    pixels or more; small type, or type too small to measure, keeps every pixel."""
    from ocr.preprocess import resize, text_height

    h, w = image.shape[:2]
    height = text_height(mask) if h * w > SMALL_FRAME_PIXELS else None
    if height is None:
        return image
    scale = WHOLE_FRAME_GLYPH_HEIGHT / (height * step)
    return resize(image, scale) if scale < SMALLEST_WORTH_REDUCING else image


def find_card_quads(image: np.ndarray, max_cards: int = 12) -> list[np.ndarray]:
    """Corners (full resolution, TL TR BR BL) of every card found, in reading order."""
    return _find(image, max_cards)[0]


def _find(image: np.ndarray, max_cards: int) -> tuple[list[np.ndarray], int]:
    """(card quads, areas of print outside every card)."""
    h, w = image.shape[:2]
    # An integer reduction factor lets INTER_AREA take its fast path (3x faster on 12 MP).
    factor = max(1, round(max(h, w) / WORK_SIZE))
    small = cv2.resize(image, (w // factor, h // factor), interpolation=cv2.INTER_AREA) \
        if factor > 1 else image
    to_full = np.array([w / small.shape[1], h / small.shape[0]], np.float32)
    scanned = _looks_scanned(small)
    foreground = _foreground_mask(small)
    candidates = _quads_from_mask(foreground)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    smooth = cv2.bilateralFilter(gray, 7, 40, 7)
    magnitude = cv2.magnitude(cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1))
    # (in a photo, cards touching at their own angles make one blob, notched where they meet: cut there)
    cut = _notch_parts(foreground, magnitude) if not scanned else []
    strong = _percentile(magnitude, 97)
    for sensitivity in (1.0, 0.4, 0.15):  # later passes find faint edges: white on white, dark on dark
        faint_lines = _edge_lines(smooth, strong * sensitivity)
        outlined = _fill_holes(faint_lines)
        candidates += _quads_from_mask(outlined)
        cut += _notch_parts(outlined, magnitude) if not scanned else []
    candidates += cut
    # Last resort for white cards on a white scanner lid, whose edges barely show: a card's
    # print and shadow lines merged into one blob, boxed by its minimum-area rectangle.
    if scanned:
        ink = print_mask(small)
        grad = _Gradients(small)
        blobs = _quads_from_mask(_content_mask(gray), min_area_rect=True)
        candidates = _prefer_blobs_over_parts(candidates, blobs, small.shape[:2],
                                              lambda quad, card: HALF_OF_TWO[0] * cv2.contourArea(quad) <= card
                                              <= HALF_OF_TWO[1] * cv2.contourArea(quad)
                                              and _spans_cards(quad, grad, ink))
    candidates = _drop_groups(candidates, small.shape[:2])
    cut = [c for c in cut if any(c is kept for kept in candidates)]
    shape = small.shape[:2]
    if not scanned:
        # A photo: its card outlines, or else the whole frame. (Faint edges and print clusters
        # in photos found more cards but read dev2 worse, F1 0.679 -> 0.665: not used there yet.)
        return _to_full(_photo_cards(small, candidates, faint_lines, max_cards, cut, magnitude), to_full, h), 0
    # A scanner page: cards found from faint straight edges (areas closed in by them) and from
    # their print (clusters of print boxed by the nearest clean edges) fill in where no outline
    # was found.
    clusters = print_clusters(ink, grad)
    edges = _straight_edges(grad, ink)
    faint = _quads_between_edges(edges)
    walls = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    faint += [c for c in (card_around(cl, walls, ink) for cl in clusters) if c is not None]
    # Outlines first, as clear as they are; two touching cards outlined as one are split, an
    # outline around a row of cards is no card. (Print around a quad with no edge between is
    # no sign of a part on a page: pale cards pressed flat on a pale lid show no edge.)
    # (cards on one page are alike in size: one much bigger than most, or not card-shaped, with
    # an edge right across it, holds several; a two-tone card's panel edge crosses one card)
    typical = float(np.median([cv2.contourArea(q) for _, q in candidates + faint
                               if _card_shaped(q, SPLIT_ASPECTS)] or [np.inf]))
    # (a block of cards holding the cards found in it does not count for the size of the parts
    # it may be cut into)
    card_area = float(np.median([cv2.contourArea(q) for _, q in _drop_groups(candidates + faint, shape)
                                 if _card_shaped(q, SPLIT_ASPECTS)] or [np.inf]))
    # Two cards of one stock side by side, touching with no line between, stand out from the lid
    # as one outline twice as long as a card: kept only when cut in two.
    # (after every card's own outline: a pair's halves only fill in where no outline was found)
    pairs = [(score - CONTENT_BLOB_PENALTY, q) for score, q in _quads_from_mask(foreground, split=False, max_aspect=PAIR_ASPECT)
             if not _card_shaped(q, (0.0, CARD_ASPECTS[1] * 1.25))]
    outlines = []
    for score, quad in candidates + pairs:
        halves = _split_block(quad, grad, ink, card_area)
        if halves:
            outlines.append((score, quad, halves))
            continue
        if not _card_shaped(quad, (0.0, CARD_ASPECTS[1] * 1.25)):
            continue
        single = _card_shaped(quad, SPLIT_ASPECTS) and cv2.contourArea(quad) < SPAN_AREA * typical
        if single or not _spans_cards(quad, grad, ink):
            outlines.append((score, quad, [quad]))
    judged = _judge(faint, grad, ink, edges, card_area)
    # (an outline as big as several cards, with two or more cards closed in by their own edges inside
    # it, is a block of cards whose inner edges did not cut it: the cards inside are taken instead)
    outlines = [o for o in outlines if len(o[2]) > 1 or not _holds_cards(o[1], judged, card_area, shape)]
    parts = {id(q): halves for _, q, halves in outlines}
    chosen = [part for quad in _non_overlapping([(sc, q) for sc, q, _ in outlines], shape, max_cards)
              for part in parts[id(quad)]]
    chosen += _non_overlapping(judged, shape, max_cards - len(chosen), taken=chosen)
    found = chosen
    chosen = _complete_cards(_to_card_size(chosen, ink, grad), ink, walls)
    chosen = _fit_laid_cards(chosen, [q for q in chosen if not any(q is f for f in found)], grad, ink)
    unread = _unread(clusters, chosen, small.shape[:2])
    return _to_full(chosen, to_full, h), unread


def _to_full(quads: list[np.ndarray], to_full: np.ndarray, height: int) -> list[np.ndarray]:
    """Work-copy quads in full-resolution coordinates, in reading order."""
    full = [(q * to_full).astype(np.float32) for q in quads]
    full.sort(key=lambda q: (round(q[:, 1].mean() / (height / 4)), q[:, 0].mean()))
    return full


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
    # (squared distances of whole Lab levels are whole numbers, exact in float32: the same mask
    # as float64 distances and their roots, at a third of the cost)
    diff = cv2.subtract(lab, tuple(float(c) for c in surface) + (0.0,))  # (numpy's broadcast over 3 channels is slow)
    dist2 = cv2.transform(diff * diff, np.ones((1, 3), np.float32))
    threshold = max(12.0, spread * 1.8)
    mask = (dist2 > threshold * threshold).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    return _fill_holes(mask)


def _flat_foreground_mask(small: np.ndarray) -> np.ndarray:
    """Pale stock on a pale table under uneven light: the pixels lighter than the table, or of
    another tint, once the light is taken away. The table's colour over the frame is a smooth
    field: a quadratic in x and y per Lab channel fitted to the frame's border band, the pixels far
    off the fit left out (a card cut by the frame's edge covers part of the border), then grown in
    from the table round each place (its blotches, the light's bumps). The table's own noise on
    the border sets the margin. Print is closed over first (it lies on stock); shadows and print
    are darker than the table and are no stock. A mask of the work copy's size, holes filled
    (print inside a card); empty when the border holds too little table to fit."""
    h, w = small.shape[:2]
    empty = np.zeros((h, w), np.uint8)
    if min(h, w) < 8 * FLAT_FIT_STEP:
        return empty
    ink_out = cv2.getStructuringElement(cv2.MORPH_RECT, (FLAT_INK, FLAT_INK))
    fw, fh = w // FLAT_FIT_STEP, h // FLAT_FIT_STEP
    quarter = cv2.resize(small, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(quarter, cv2.MORPH_CLOSE, ink_out)
    tiny = cv2.resize(closed, (fw, fh), interpolation=cv2.INTER_AREA)
    # (where the closing took print out: no table, which bears none)
    printed = (cv2.subtract(closed, quarter).max(axis=2) > FLAT_PRINT).astype(np.uint8)
    printed = cv2.dilate(cv2.resize(printed, (fw, fh), interpolation=cv2.INTER_AREA), np.ones((3, 3), np.uint8)) > 0
    lab = cv2.cvtColor(tiny, cv2.COLOR_BGR2LAB).reshape(-1, 3).astype(np.float32)
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    x, y = (xx / fw - 0.5).ravel(), (yy / fh - 0.5).ravel()
    terms = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)
    band = np.zeros((fh, fw), bool)
    band[:FLAT_BORDER] = band[-FLAT_BORDER:] = True
    band[:, :FLAT_BORDER] = band[:, -FLAT_BORDER:] = True
    table = band.ravel()
    for _ in range(FLAT_TRIMS):
        coef, *_ = np.linalg.lstsq(terms[table], lab[table], rcond=None)
        off = np.linalg.norm(lab - terms @ coef, axis=1)
        noise = 1.4826 * float(np.median(off[table])) + 0.5
        table = band.ravel() & (off <= FLAT_TRIM * noise)
        if table.sum() < terms.shape[1] * 4:
            return empty
    field = (terms @ coef).reshape(fh, fw, 3)
    # The table's blotches and the light's bumps are no quadratic: the field is grown into the
    # frame from the table found so far, through smooth change (a card's edge is a step).
    lab = lab.reshape(fh, fw, 3)
    trend = field.copy()
    for _ in range(FLAT_GROW):
        off = lab - field
        near = ((off[..., 0] >= -FLAT_DARKER * noise) & (off[..., 0] <= FLAT_STEP * noise) & ~printed
                & (np.hypot(off[..., 1], off[..., 2]) <= FLAT_STEP * noise)).astype(np.uint8)
        # (less a pixel round what is not table: a pixel astride a card's edge, part stock, would
        # lift the field a little each round and carry it into the card)
        near = cv2.erode(near, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_REPLICATE).astype(np.float32)
        weight = cv2.GaussianBlur(near, (0, 0), FLAT_REACH)
        # (the table's own level round each pixel, as a step off the quadratic: the light's slope is kept)
        local = cv2.GaussianBlur((lab - trend) * near[..., None], (0, 0), FLAT_REACH) / np.maximum(weight, 1e-3)[..., None]
        sure = np.clip(weight / 0.5, 0, 1)[..., None]
        field = sure * (trend + local) + (1 - sure) * field
    mw, mh = w // FLAT_MASK_STEP, h // FLAT_MASK_STEP
    half = cv2.resize(small, (mw, mh), interpolation=cv2.INTER_AREA)
    field = cv2.resize(field, (mw, mh))
    half = cv2.medianBlur(cv2.morphologyEx(half, cv2.MORPH_CLOSE, ink_out), 5)
    diff = cv2.cvtColor(half, cv2.COLOR_BGR2LAB).astype(np.float32) - field
    lighter = diff[..., 0]
    tint = cv2.magnitude(diff[..., 1].copy(), diff[..., 2].copy())
    # (the table's noise at this size, on the border band the field was fitted to)
    on_table = cv2.resize(table.reshape(fh, fw).astype(np.uint8), (mw, mh), interpolation=cv2.INTER_NEAREST)
    on_table = cv2.erode(on_table, np.ones((5, 5), np.uint8)) > 0
    if on_table.sum() < 100:
        return empty
    level = float(np.median(lighter[on_table]))
    spread = 1.4826 * float(np.median(np.abs(lighter[on_table] - level)))
    tint_spread = 1.4826 * float(np.median(tint[on_table]))
    stock = (lighter > level + max(FLAT_FLOOR[0], FLAT_LIGHTER * spread)) | \
        (tint > max(FLAT_FLOOR[1], FLAT_TINT * tint_spread))
    mask = stock.astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    mask = cv2.morphologyEx(_fill_holes(mask), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    big = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.where(big >= 128, 255, 0).astype(np.uint8)


def _edge_lines(smooth: np.ndarray, strong: float) -> np.ndarray:
    # Thresholds follow the image's own gradient strength, not its brightness: a card edge
    # on a scanner is a faint step on white, on a table a strong one.
    high = float(np.clip(strong, 20, 400))
    edges = cv2.Canny(smooth, high * 0.4, high)
    return cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=1)


def _photo_cards(small: np.ndarray, candidates: list, faint_lines: np.ndarray, max_cards: int,
                 cut: list = (), magnitude: np.ndarray | None = None) -> list[np.ndarray]:
    """The cards in a photo (work-copy quads): its card outlines, two touching cards outlined as one
    cut apart; when that finds fewer than two cards, the areas closed in by faint edges (pale
    cards on a pale table, whose outlines run into each other's or break where the light falls)
    are taken instead if they hold more cards. Areas of pale stock told from the table once its
    light is taken away (`_flat_quads`) fill in where no card was found, when they are alike in
    size to the cards found and that makes two cards or more. Fewer than two: the outline found
    or the whole frame (a close-up), as before."""
    shape = small.shape[:2]
    masks: list = []  # (print, glyphs, gradients), made once and only when needed
    # (a part of a blob of touching cards cut at its notches has the next card's print right
    # beyond the cut: it is judged by its outline alone)
    cut_apart = {id(q) for _, q in cut}

    def made_masks() -> list:
        if not masks:
            masks.extend(print_and_glyph_masks(small))
            masks.append(_Gradients(small))
        return masks

    def judged(quads):
        if not quads:
            return []
        ink, glyphs, grad = made_masks()
        # An outline with text around it is a picture, logo or panel on a card whose own edge
        # did not show: never the card. (the same quad, found by several detectors, judged once)
        parts: dict[bytes, bool] = {}
        out = []
        for score, quad in quads:
            key = quad.tobytes()
            if key not in parts:
                parts[key] = id(quad) not in cut_apart and _part_of_a_card(quad, ink, glyphs, grad)
            if parts[key]:
                continue
            # Two cards side by side, touching, outlined as one: squatter than a card (long sides
            # touching) or longer than one (end to end), each half card-shaped and holding print.
            # (a card's own outline is never cut: a panel's edge across it is no card's)
            long_side, short_side = _side_lengths(quad)
            aspect = long_side / max(short_side, 1.0)
            two = aspect <= PAIR_SQUAT or aspect > CARD_ASPECTS[1] * 1.25
            halves = (_split_pair(quad, grad, ink) or _split_in_two(quad, grad, ink)) if two else []
            if halves:
                out += [(score - PAIR_PENALTY, half) for half in halves]
            elif _card_shaped(quad, (0.0, CARD_ASPECTS[1] * 1.25)):
                out.append((score, quad))
        return out

    outlines = judged(candidates)
    chosen = _non_overlapping(outlines, shape, max_cards)
    # Pale stock told from a pale table once the light is taken away, cut along the long straight
    # edges in it (touching cards): outlines that never close, or never show.
    # (only on a pale table: on a dark or wooden one the outlines show, and the light model costs ~20%)
    pale = _pale_surround(small)
    # (a blob with print around it is a logo or a code on a card: never two cards to cut apart)
    flat = _flat_quads(small, faint_lines, magnitude, lambda q: _part_of_a_card(q, *made_masks())) if pale else []
    # (a card lying against the frame's edge is kept only when as big as the others: see fill_in)
    by_frame = [c for c in flat if _touches_border(c[1], shape[1], shape[0])]
    flat = [c for c in flat if not _touches_border(c[1], shape[1], shape[0])]
    # (the halves of a pair cut at a tilt have the other card's print right beyond the cut)
    cut_apart |= {id(q) for score, q in flat if score == FLAT_PAIR_SCORE}

    def fill_in(found):
        """`found` and, where none of them lies, the areas of stock of a card's size (the size of
        the cards found, or of the biggest area; an area inside a card found is a panel or a half
        of it), and the areas against the frame's edge as long on each side as those cards."""
        if not flat:
            return found
        areas = [(score, q) for score, q in judged(flat) if _holds_print(q, masks[0])]
        typical = float(np.median([cv2.contourArea(q) for q in found])) if found else _typical_area(areas)
        areas = [(score, q) for score, q in areas if FLAT_ALIKE[0] <= cv2.contourArea(q) / typical <= FLAT_ALIKE[1]]
        # (sized by the areas of stock alone: a panel found by its outline would pass a card cut by the frame)
        sized = [q for _, q in areas]
        # (as big as the other cards on each side: no panel of one, whatever print lies round it)
        whole = [(score, q) for score, q in by_frame if sized and _whole_card_by_the_frame(q, sized, shape)]
        cut_apart.update(id(q) for _, q in whole)
        areas += [(score, q) for score, q in judged(whole) if _holds_print(q, masks[0])]
        more = found + _non_overlapping(areas, shape, max_cards - len(found), taken=found)
        return more if len(more) >= 2 else found

    # (cards cut from a blob at its notches may be a few of a row: the areas closed in are tried too)
    if len(chosen) >= 2 and not any(id(q) in cut_apart for q in chosen):
        return fill_in(chosen)

    def more_cards(areas, best):
        """The cards of `areas` (the areas first: an outline over two of them, run together, is no
        card; outlines fill in where no area was found), when that is two or more and more than
        `best`."""
        areas = [(score, q) for score, q in judged(areas) if _holds_print(q, masks[0])]
        more = _non_overlapping(areas, shape, max_cards)
        more += _non_overlapping(outlines, shape, max_cards - len(more), taken=more)
        # (cards photographed together are alike in size: a strip closed in beside a card, by a
        # sleeve's or a band's edge, is none)
        biggest = max((cv2.contourArea(q) for q in more), default=0.0)
        more = [q for q in more if cv2.contourArea(q) >= CARDS_ALIKE * biggest]
        return more if len(more) >= 2 and len(more) > len(best) else best

    # Areas closed in by the faintest edges, touching cards apart along their shared edge.
    # (pale cards on a pale table: on a darker one the cards' own outlines show)
    enclosed = [c for c in _quads_enclosed((faint_lines > 0).astype(np.uint8)) if not _touches_border(c[1], shape[1], shape[0])] \
        if pale else []
    if len(enclosed) >= 2:
        chosen = more_cards(enclosed, chosen)
    return fill_in(chosen)


def _typical_area(areas: list) -> float:
    """The typical card's area among areas of stock ((score, quad) pairs): the median of those
    nearly as big as the biggest (FLAT_NEAR_BIGGEST; smaller ones are panels or halves), so that
    cards nearer the camera, bigger in the photo, do not leave out the others."""
    sizes = [cv2.contourArea(q) for _, q in areas]
    if not sizes:
        return 0.0
    return float(np.median([a for a in sizes if a >= FLAT_NEAR_BIGGEST * max(sizes)]))


def _whole_card_by_the_frame(quad: np.ndarray, cards: list[np.ndarray], shape) -> bool:
    """A quad against one side of the frame is a whole card lying there, not a card the frame
    cuts, when its sides are each as long as the typical card's of ``cards`` (FRAME_CARD_SIDES of
    them): a card cut by the frame is shorter across the cut. It is shaped as most cards are
    (SPLIT_ASPECTS)."""
    h, w = shape
    # (a card cut by the frame is seldom shaped as most cards are)
    if _frame_sides(quad, w, h) != 1 or not _card_shaped(quad, SPLIT_ASPECTS):
        return False
    long_side, short_side = _side_lengths(quad)
    typical_long = float(np.median([_side_lengths(q)[0] for q in cards]))
    typical_short = float(np.median([_side_lengths(q)[1] for q in cards]))
    return all(FRAME_CARD_SIDES[0] <= side / typical <= FRAME_CARD_SIDES[1]
               for side, typical in ((long_side, typical_long), (short_side, typical_short)))


def _flat_quads(small: np.ndarray, faint_lines: np.ndarray, magnitude: np.ndarray | None = None,
                part_of_a_card=None) -> list[tuple[float, np.ndarray]]:
    """Card-shaped areas of pale stock on a pale table (`_flat_foreground_mask`), cut apart along
    the long straight edges in them (two touching cards share one), each area with its print and
    the dents in its outline (stock a shade from the table) filled in. An area of two touching
    cards at their own angles is cut along their shared edge at its tilt (``magnitude``: the work
    copy's gradient), unless its box is ``part_of_a_card`` (a quad's test), its halves scored
    FLAT_PAIR_SCORE, and the pair's own quads dropped."""
    mask = _flat_foreground_mask(small)
    if not mask.any():
        return []
    quads = _flat_areas(mask, faint_lines)
    halves = _flat_pair_halves(mask, magnitude, part_of_a_card) if magnitude is not None else []
    if not halves:
        return quads
    pairs = [cv2.convexHull(np.concatenate(halves[i:i + 2]).reshape(-1, 2)) for i in range(0, len(halves), 2)]
    kept = [(score, q) for score, q in quads
            if not any(_iou(q, pair, mask.shape) > FLAT_PAIR_SAME for pair in pairs)]
    return kept + [(FLAT_PAIR_SCORE, q) for q in halves]


def _flat_pair_halves(mask: np.ndarray, magnitude: np.ndarray, part_of_a_card) -> list[np.ndarray]:
    """The halves (two by two) of the blobs of pale stock that are two touching cards cut at a tilt."""
    h, w = mask.shape
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours:
        if 2 * MIN_AREA_FRACTION * h * w <= cv2.contourArea(contour) <= MAX_AREA_FRACTION * h * w:
            out += _pair_cut_at_tilt(contour, mask, magnitude, part_of_a_card)
    return out


def _iou(a: np.ndarray, b: np.ndarray, shape) -> float:
    ma, mb = _quad_mask(a, shape), _quad_mask(b, shape)
    return float((ma & mb).sum()) / max(float((ma | mb).sum()), 1.0)


def _pair_cut_at_tilt(contour: np.ndarray, mask: np.ndarray, magnitude: np.ndarray, part_of_a_card
                      ) -> list[np.ndarray]:
    """Two touching cards whose blob (``contour`` of ``mask``) is squatter than a card (long sides
    touching) or longer than one (end to end): the boxes of its two parts either side of the line
    across its middle, tilted up to SEAM_TILT, that runs along an edge and leaves two card-shaped
    parts alike in size filling their boxes best; [] when no such line is found, or the blob's box
    is ``part_of_a_card``."""
    box = order_corners(cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float32))
    centre, u, v, a, b = _rect_frame(box)
    (along, half), (across, reach) = ((u, a), (v, b)) if a >= b else ((v, b), (u, a))
    # (two cards fill the box they make but for a thin wedge of table: a logo's blob of shapes does not)
    if PAIR_SQUAT < half / max(reach, 1.0) <= CARD_ASPECTS[1] * 1.25 or \
            cv2.contourArea(contour) < FLAT_PAIR_FILL * cv2.contourArea(box):
        return []
    lines = _seam_lines(centre, along, across, half, reach, magnitude)
    if not lines or (part_of_a_card is not None and part_of_a_card(box)):
        return []
    x, y, bw, bh = cv2.boundingRect(contour)
    blob = np.zeros((bh, bw), np.uint8)
    cv2.drawContours(blob, [contour - [x, y]], -1, 255, thickness=cv2.FILLED)
    blob &= mask[y:y + bh, x:x + bw]
    yy, xx = np.mgrid[y:y + bh, x:x + bw].astype(np.float32)
    best = None
    for point, normal in lines:
        side = (xx - point[0]) * normal[0] + (yy - point[1]) * normal[1] > 0
        parts = [_part_box(np.where(keep, blob, 0), (x, y)) for keep in (side, ~side)]
        if any(p is None for p in parts):
            continue
        (qa, wa, aa), (qb, wb, ab) = parts
        if min(aa, ab) < 0.7 * max(aa, ab) or not all(_card_shaped(q) for q in (qa, qb)):
            continue
        if best is None or wa + wb < best[0]:
            best = (wa + wb, [qa, qb])
    return best[1] if best else []


def _seam_lines(centre, along, across, half, reach, magnitude) -> list[tuple[np.ndarray, np.ndarray]]:
    """(a point on it, its normal) of the SEAM_TRIED lines across a pair's middle (PAIR_AT of its
    long side, tilted up to SEAM_TILT) that run most along an edge, SEAM_EDGE of their length or more."""
    offsets = np.arange((PAIR_AT[0] - 0.5) * 2 * half, (PAIR_AT[1] - 0.5) * 2 * half, 1.0, dtype=np.float32)
    steps = np.linspace(-0.8 * reach, 0.8 * reach, max(8, int(reach * 0.8)), dtype=np.float32)
    band = np.arange(-SEAM_BAND, SEAM_BAND + 1, dtype=np.float32)
    h, w = magnitude.shape
    found = []
    for tilt in np.arange(-SEAM_TILT, SEAM_TILT + 1e-3, SEAM_TILT_STEP):
        c, s = np.cos(np.deg2rad(tilt)), np.sin(np.deg2rad(tilt))
        direction = np.float32([c * across[0] - s * across[1], s * across[0] + c * across[1]])
        normal = np.float32([-direction[1], direction[0]])
        # (offsets, steps along the line, band across it) points
        pts = (centre + offsets[:, None, None, None] * along + steps[None, :, None, None] * direction
               + band[None, None, :, None] * normal)
        cols = np.clip(np.round(pts[..., 0]).astype(np.int32), 0, w - 1)
        rows = np.clip(np.round(pts[..., 1]).astype(np.int32), 0, h - 1)
        share = (magnitude[rows, cols].max(axis=2) >= NOTCH_SEAM_LEVEL).mean(axis=1)
        found += [(float(share[i]), centre + offsets[i] * along, normal) for i in np.flatnonzero(share >= SEAM_EDGE)]
    found.sort(key=lambda f: -f[0])
    return [(point, normal) for _share, point, normal in found[:SEAM_TRIED]]


def _part_box(part: np.ndarray, origin) -> tuple[np.ndarray, float, float] | None:
    """The minimum-area box of the biggest piece of a part (work-copy coordinates), the area of
    the box it leaves empty, and its area."""
    contours, _ = cv2.findContours(part, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    piece = max(contours, key=cv2.contourArea)
    area = float(cv2.contourArea(piece))
    rect = cv2.minAreaRect(piece + np.int32(origin))
    quad = order_corners(cv2.boxPoints(rect).astype(np.float32))
    return quad, rect[1][0] * rect[1][1] - area, area


def _flat_areas(mask: np.ndarray, faint_lines: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """`_flat_quads` without the pairs cut at a tilt."""
    edges = (faint_lines > 0).astype(np.uint8)
    length = max(15, int(FLAT_WALL * max(edges.shape)))
    walls = np.zeros_like(edges)
    for run in ((1, length), (length, 1)):  # (rows, columns): horizontal, then vertical runs
        thick = cv2.dilate(edges, np.ones((3, 1) if run[0] == 1 else (1, 3), np.uint8))
        walls |= cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones(run, np.uint8))
    areas = _fill_holes(mask & (1 - walls) * 255)
    areas = cv2.morphologyEx(areas, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    # (boxed by their minimum-area rectangles: a card photographed from above is one, and a dent at
    # a corner, in a polygon fitted to the outline, would cut the corner off)
    # (a card's stock uncut as well: a panel's or a band's straight edge runs inside one card)
    out = _quads_from_mask(areas, min_area_rect=True, split=False, max_aspect=PAIR_ASPECT) + \
        _quads_from_mask(mask, min_area_rect=True, split=False, max_aspect=PAIR_ASPECT)
    h, w = areas.shape
    contours, _ = cv2.findContours(areas, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < MIN_AREA_FRACTION * h * w:
            continue
        hull = cv2.convexHull(contour)
        quad = order_corners(cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32))
        quad_area = cv2.contourArea(quad)
        long_side, short_side = _side_lengths(quad)
        if (FLAT_DENTED * quad_area <= area and quad_area <= MAX_AREA_FRACTION * h * w
                and CARD_ASPECTS[0] / 1.05 <= long_side / max(short_side, 1.0) <= PAIR_ASPECT
                and _outline_mismatch(hull, quad) <= 0.12):
            out.append((area / quad_area - FLAT_DENT_PENALTY, quad.astype(np.float32)))
    return out


def _border_gray(small: np.ndarray) -> np.ndarray:
    """The grey levels of a 6-pixel band along the frame's edge."""
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    return np.concatenate([gray[:6].ravel(), gray[-6:].ravel(), gray[:, :6].ravel(), gray[:, -6:].ravel()])


def _pale_surround(small: np.ndarray) -> bool:
    """A pale table or sheet around the cards (its median grey at the frame's edge)."""
    return float(np.median(_border_gray(small))) >= PALE_SURROUND


def _looks_scanned(small: np.ndarray) -> bool:
    """A bright, even surround: a flatbed scan or a white sheet, not a table."""
    border = _border_gray(small)
    return float(np.median(border)) > 200 and float(np.percentile(border, 90) - np.percentile(border, 10)) < 30


def _prefer_blobs_over_parts(candidates, blobs, shape, holds_cards=None) -> list:
    """A blob of print that holds exactly one smaller candidate (a card's coloured panel or
    logo) is the card; the part is dropped. Blobs holding nothing are kept as weak candidates.
    A blob of touching cards, one of them outlined (`holds_cards(blob, the candidate's area)`:
    an edge right across it, the candidate a card's share of it, not a panel's), keeps the
    candidate."""
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
            if holds_cards is not None and holds_cards(blob, areas[distinct[0]]):
                kept_blobs.append((score - CONTENT_BLOB_PENALTY, blob))
                continue
            dropped.update(parts)  # the same panel may have been found by several detectors
            kept_blobs.append((score, blob))
        elif not inside:
            kept_blobs.append((score - CONTENT_BLOB_PENALTY, blob))
    return [c for i, c in enumerate(candidates) if i not in dropped] + kept_blobs


def _distinct(indices: list[int], masks: list[np.ndarray], areas: list[int], same=min) -> list[int]:
    """One index per group of candidates that cover the same place (overlap by 0.8 of the smaller
    one, or with same=max, of the bigger one: near the same quad)."""
    out: list[int] = []
    for i in indices:
        if not any(int((masks[i] & masks[j]).sum()) > 0.8 * same(areas[i], areas[j]) for j in out):
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


def _quads_from_mask(mask: np.ndarray, min_area_rect: bool = False,
                     shape_area: float | None = None, split: bool = True,
                     max_aspect: float = CARD_ASPECTS[1] * 1.25) -> list[tuple[float, np.ndarray]]:
    """Card-shaped quads in a mask, each with a score (how rectangular the blob is).
    shape_area: the whole image's area when the mask is a cut-out of it."""
    h, w = mask.shape[:2]
    area_img = float(h * w) if shape_area is None else shape_area
    out = []
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        area = cv2.contourArea(contour)
        if not (MIN_AREA_FRACTION * area_img <= area <= MAX_AREA_FRACTION * area_img):
            continue
        found = _card_quad(contour, area, area_img, (w, h), min_area_rect, max_aspect)
        if found is None and split:
            # A card touching clutter (a cup, a cable, glare) makes one odd blob: cut the thin
            # joins with an opening, stronger each time, and look at the pieces again.
            found = _split_attached(contour, mask.shape[:2], area_img, min_area_rect)
        if found is not None:
            out.append(found)
    return out


def _notch_parts(mask: np.ndarray, magnitude: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """The card-shaped quads of the blobs in a mask, big enough to be two cards, cut at their
    notches along an edge (`_cut_at_notches`; ``magnitude``: the work copy's gradient); a little
    less sure than a clean outline. (Cards touching at their own angles make one blob, notched
    where their outlines meet.)"""
    h, w = mask.shape[:2]
    area_img = float(h * w)
    out = []
    # (every point of the outline: a cut may end anywhere along a straight side)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    for contour in contours:
        if not 2 * MIN_AREA_FRACTION * area_img <= cv2.contourArea(contour) <= MAX_AREA_FRACTION * area_img:
            continue
        parts = _cut_at_notches(contour, NOTCH_DEPTH * max(h, w), MIN_AREA_FRACTION * area_img,
                                functools.partial(_seam_shows, magnitude))
        # (a card seen from above fills its box: a slanted band of a graphic, cut from a blob of them, does not)
        found = [_card_quad(p, cv2.contourArea(p), area_img, (w, h), False) for p in parts
                 if _waste(p) <= NOTCH_WASTE * cv2.contourArea(p)] if len(parts) > 1 else []
        out += [(score - NOTCH_PENALTY, quad) for score, quad in filter(None, found)]
    return out


def _seam_shows(magnitude: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    """An edge runs along most of the straight line from a to b (give or take NOTCH_SEAM_BAND px
    across it): where two touching cards meet there is a shadow or a step in stock; across one
    card's plain stock there is none."""
    length = float(np.hypot(*(b - a)))
    if length < 1:
        return False
    normal = np.float32([-(b - a)[1], (b - a)[0]]) / length
    band = np.arange(-NOTCH_SEAM_BAND, NOTCH_SEAM_BAND + 1, dtype=np.float32)
    cols, rows, _ = _line_samples(a, b, normal, band, magnitude.shape, (0.1, 0.9), step=3.0)
    return float((magnitude[rows, cols].max(axis=0) >= NOTCH_SEAM_LEVEL).mean()) >= NOTCH_SEAM_SHARE


def _defects(contour: np.ndarray) -> list[tuple[int, int, int, float]]:
    """The dents in a blob's outline: (start, end, deepest point) as indices along the contour,
    and the depth in px."""
    hull = cv2.convexHull(contour, returnPoints=False)
    if len(hull) < 4:
        return []
    try:
        defects = cv2.convexityDefects(contour, hull)
    except cv2.error:  # (an outline that crosses itself)
        return []
    if defects is None:
        return []
    return [(int(a), int(b), int(far), d / 256.0) for a, b, far, d in defects.reshape(-1, 4)]


def _waste(contour: np.ndarray) -> float:
    """The area of its minimum-area rectangle a blob leaves empty: next to none for a card."""
    (_c, (rw, rh), _a) = cv2.minAreaRect(contour)
    return max(0.0, rw * rh - abs(float(cv2.contourArea(contour))))


def _cut_at_notches(contour: np.ndarray, depth: float, min_area: float, seam, rounds: int = 3
                    ) -> list[np.ndarray]:
    """A blob of touching cards cut into its cards. Two cards lying at their own angles leave a
    notch (a V) where their outlines meet; the blob is cut on a straight line from the tip of a
    notch ``depth`` px deep or more to a shallower dent, or across the blob the way the notch
    points, along an edge (``seam(a, b)``), whichever leaves two parts (each ``min_area`` or more)
    that fill their boxes best, when they leave empty at most NOTCH_KEEP of the box area the
    blob does. Each part is cut again (``rounds`` deep). A blob with no such cut is returned whole."""
    points = contour.reshape(-1, 2)
    if _waste(contour) < NOTCH_FILLED * cv2.contourArea(contour):
        return [contour]  # (a blob filling its box has no wedge of table between cards)
    defects = _defects(contour)
    deep = sorted((d for d in defects if d[3] >= depth), key=lambda d: -d[3])[:NOTCH_MOST]
    if not deep:
        return [contour]
    dents = [far for _a, _b, far, d in defects if d >= NOTCH_MIN]
    limit = NOTCH_KEEP * _waste(contour)
    cuts = []
    for _start, _end, tip, notch in deep:
        for other in _across_from(contour, tip, notch, dents):
            i, j = min(tip, other), max(tip, other)
            first, second = points[i:j + 1], np.concatenate([points[j:], points[:i + 1]])
            if min(cv2.contourArea(first), cv2.contourArea(second)) < min_area:
                continue
            # (a few points of the outline apart: the same boxes to a pixel or two, at a fraction of the cost)
            waste = _waste(np.ascontiguousarray(first[::NOTCH_SAMPLE])) + _waste(np.ascontiguousarray(second[::NOTCH_SAMPLE]))
            if waste < limit and _inside(contour, points[i], points[j]):
                cuts.append((waste, i, j, first, second))
    # (the best cut along an edge: the seam is read only for the few cuts that would do)
    best = next(((first, second) for _w, i, j, first, second in sorted(cuts, key=lambda c: c[0])
                 if seam(points[i].astype(np.float32), points[j].astype(np.float32))), None)
    if best is None:
        return [contour]
    parts = [p.reshape(-1, 1, 2) for p in best]
    if rounds <= 1:
        return parts
    return [part for p in parts for part in _cut_at_notches(p, depth, min_area, seam, rounds - 1)]


def _inside(contour: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    """The straight line from a to b (two points of the outline) runs inside the blob."""
    for t in (0.2, 0.4, 0.6, 0.8):
        x, y = (a + t * (b - a)).astype(float)
        if cv2.pointPolygonTest(contour, (x, y), True) < -1.0:
            return False
    return True


def _across_from(contour: np.ndarray, tip_at: int, depth: float, dents: list[int]) -> set[int]:
    """Indices of the outline's points a notch (the index of its tip along a dense outline, and its
    depth) may be cut to across the blob: the ``dents`` (indices) the way the V points, within
    NOTCH_DENT_CONE degrees, and NOTCH_ENDS points of the outline within NOTCH_CONE degrees of it.
    (The line two cards share runs straight on from the tip, give or take their own angles.)"""
    points = contour.reshape(-1, 2).astype(np.float32)
    tip = points[tip_at]
    # (the bisector of the V's arms near its tip: a notch's far side may bend round a corner)
    reach = min(depth, NOTCH_ARM)
    arms = []
    for step in (1, -1):
        k = (tip_at + step) % len(points)
        while k != tip_at and float(np.hypot(*(points[k] - tip))) < reach:
            k = (k + step) % len(points)
        arm = points[k] - tip
        arms.append(arm / max(float(np.hypot(*arm)), 1e-6))
    direction = -(arms[0] + arms[1])
    norm = float(np.hypot(*direction))
    if norm < 1e-6:
        return set()
    offsets = points - tip
    distance = np.hypot(offsets[:, 0], offsets[:, 1])
    cosine = (offsets @ (direction / norm)) / np.maximum(distance, 1e-6)
    far = distance >= 2 * depth
    ahead = np.flatnonzero((cosine >= np.cos(np.deg2rad(NOTCH_CONE))) & far)
    ends = {int(i) for i in ahead[::max(1, -(-len(ahead) // NOTCH_ENDS))]}
    # (a dent may lie close: two cards joined by a short neck)
    return ends | {i for i in dents if i != tip_at and cosine[i] >= np.cos(np.deg2rad(NOTCH_DENT_CONE))}


def _split_attached(contour, shape, area_img, min_area_rect) -> tuple[float, np.ndarray] | None:
    # Only the blob's own box (with a margin wider than the largest kernel) is opened: the same
    # result as opening the whole image, at a fraction of the cost.
    x, y, bw, bh = cv2.boundingRect(contour)
    margin = max(3, int(max(shape) * 0.07)) + 2
    offset = np.array([x - margin, y - margin])
    blob = np.zeros((bh + 2 * margin, bw + 2 * margin), np.uint8)
    cv2.drawContours(blob, [contour - offset], -1, 255, thickness=cv2.FILLED)
    for fraction in (0.02, 0.04, 0.07):
        k = max(3, int(max(shape) * fraction)) | 1
        opened = _open_round(blob, k)
        pieces, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE,
                                     offset=(int(offset[0]), int(offset[1])))
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


def _open_round(blob: np.ndarray, k: int) -> np.ndarray:
    """``blob`` opened with a disc ``k`` pixels wide. A wide disc is applied to a reduced copy
    (a disc of OPEN_DISC pixels there): the cost of an opening grows with the disc's area, and the
    joins it cuts are many pixels wide, so the pieces come out the same to within a pixel or two."""
    if k <= OPEN_DISC:
        return cv2.morphologyEx(blob, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    f = OPEN_DISC / k
    small = cv2.resize(blob, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    small = np.where(small >= 128, 255, 0).astype(np.uint8)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (OPEN_DISC, OPEN_DISC))
    opened = cv2.morphologyEx(small, cv2.MORPH_OPEN, disc)
    big = cv2.resize(opened, (blob.shape[1], blob.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.where(big >= 128, 255, 0).astype(np.uint8)


def _card_quad(contour, area, area_img, size, min_area_rect, max_aspect: float = CARD_ASPECTS[1] * 1.25
               ) -> tuple[float, np.ndarray] | None:
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
    if not (CARD_ASPECTS[0] / 1.05 <= aspect <= max_aspect):
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
    return int(_frame_sides(quad, w, h, margin) > 0)


def _frame_sides(quad: np.ndarray, w: int, h: int, margin: int = 3) -> int:
    """How many sides of the frame the quad reaches (within ``margin`` px)."""
    xs, ys = quad[:, 0], quad[:, 1]
    return int((xs <= margin).any()) + int((ys <= margin).any()) + int((xs >= w - 1 - margin).any()) \
        + int((ys >= h - 1 - margin).any())


def _holds_cards(quad: np.ndarray, cards, card_area: float, shape) -> bool:
    """The quad is as big as several of the page's cards and holds two or more card-sized quads
    (of ``cards``, (score, quad) pairs) that do not overlap."""
    if not np.isfinite(card_area) or cv2.contourArea(quad) < SPAN_AREA * card_area:
        return False
    m = _quad_mask(quad, shape)
    inside: list[np.ndarray] = []
    for _, q in cards:
        area = cv2.contourArea(q)
        if not (GRID_PART * card_area <= area <= BIG_PART * card_area and _card_shaped(q, SPLIT_ASPECTS)):
            continue
        qm = _quad_mask(q, shape)
        if float((m & qm).sum()) < 0.9 * float(qm.sum()):
            continue
        if any(float((qm & other).sum()) > 0.1 * float(qm.sum()) for other in inside):
            continue
        inside.append(qm)
    return len(inside) >= 2


def _drop_groups(candidates, shape) -> list:
    """Drop quads that hold two or more smaller candidates: cards lying close together."""
    masks = [_quad_mask(q, shape) for _, q in candidates]
    areas = [int(m.sum()) for m in masks]
    keep = []
    for i, cand in enumerate(candidates):
        inside = [j for j in range(len(candidates))
                  if j != i and areas[j] < 0.7 * areas[i] and int((masks[i] & masks[j]).sum()) > 0.8 * areas[j]]
        # (a panel found by two detectors, near the same quad twice, is one thing inside a card; a
        # card's half found twice is still a card beside the rest: two cards)
        panels = [j for j in inside if areas[j] < PANEL_SHARE * areas[i]]
        if len(_distinct(panels, masks, areas, same=max)) + len(inside) - len(panels) < 2:
            keep.append(cand)
    return keep


def _quad_mask(quad: np.ndarray, shape) -> np.ndarray:
    m = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(m, quad.astype(np.int32), 1)
    return m


def _non_overlapping(candidates, shape, max_cards, taken: list[np.ndarray] = ()) -> list[np.ndarray]:
    """Best-scoring quads first; drop any that overlaps an already chosen (or taken) one."""
    chosen: list[np.ndarray] = []
    masks: list[np.ndarray] = [_quad_mask(q, shape) for q in taken]
    if max_cards <= 0:
        return chosen
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


# --- Cards found from their print -------------------------------------------------------
# A pale card on a pale scanner lid (or table) has hardly any outline, but its print stands
# out. Print is clustered (clusters are separated by empty gaps), each cluster's card
# rectangle is found by looking outward from the print for the card's edges, and every
# candidate, whatever found it, is judged: a quad that cuts through print is a part of a
# card, a quad split by a straight edge with print on both sides is two cards.
PRINT_CONTRAST = 22  # grey levels above the local background: print, not paper texture
CLUSTER_GAP = 0.02  # of the long side: print closer than this belongs together
MIN_CLUSTER = 0.004  # of the image area: a smaller cluster is a speck, not a card's print
EDGE_MIN = 6.0
HALF_OF_TWO = (0.4, 0.75)  # share of a blob an outlined card takes when the blob is it and touching cards
WALL_HALF = 4.0  # px: half the thickness of a straight edge as found (gradient band + dilation)
EDGE_STEP = 4.0  # gradient (grey levels a pixel) of a faint card edge on a pale lid
CUT_PENALTY = 1.5  # score lost by a quad with print right outside it, per share of its border
CUT_REJECT = 0.7  # a quad with print just outside a third of a side cuts through the card
SPLIT_AT = (0.3, 0.7)
BLOCK_OVER = 1.15  # a block of print up to this much longer than the typical card's side is a bigger card's
BLOCK_HELD = 0.8  # share of a block of print inside a card laid over another that makes it the same card's
PART_PRINT = 0.1  # share of a block's print that a part smaller than a card, cut from it, holds at least
BIG_PART = 1.25  # of the page's typical card area: a quad this big that holds one card holds the lid beside it too
SHRINK_HOLDS = 0.95  # share of its print the card inside a too-big quad must hold (the rest: specks, the edges)
SMALL_PART = 0.6  # of the page's typical card area: a quad smaller than this is a block of print
GRID_PART = 0.8  # of the page's typical card area: the least a part of a block of cards cut apart holds
MIN_PIECE = 0.01  # of the typical card's area: the least print a card laid over print holds
PIECE_GAP = 0.04  # of a card's long side: the least gap in print run together from two cards
TOUCH_REACH = 4.0  # px: a card laid this close to another touches it
TOUCH_SHARE = 0.5  # of a side: how much of it touches a card, or runs along an edge, for an edge to show
SPECK = 0.003  # of the work copy's long side: a component of print less than this squared is a speck
MIN_MARKS = 3  # marks (connected pieces of print) a card laid over print holds at least
MAX_PLACED = 10  # cards laid over print no card holds, at most, on one page
PLACE_TILT = 5.0  # degrees: how far from square a card laid over print may lie
SPAN_AREA = 1.5  # times the page's typical card area: a quad this big may hold several cards
BLOCK_AREA = 3.0  # times the page's typical card area: a quad this big may be a block of two by two cards
SPAN_AT = (0.15, 0.85)  # where an edge across a quad means it holds several cards
SPLIT_ASPECTS = (1.4, 2.0)
GLYPH_HEIGHT = (0.004, 0.06)  # of the work copy's long side: type, from small print to a big name
TEXT_RING = 0.5  # of a quad's short side: how far around it type would belong to the same card
EDGE_BETWEEN = 10.0  # gradient across a line (grey levels a pixel) that is an edge, not card stock
TEXT_AROUND = 0.4  # type around a quad, against the type inside it, that makes it part of a card
MIN_TYPE_AROUND = 0.0003  # of the work copy's area: less type around a quad than this is a stray mark
FLAT = 5.0  # gradient under which a pixel is plain stock
PLAIN_SHARE = 0.4  # a card is mostly plain stock (0.65-0.9 of it); a photo or engraving is not (~0.15)
PAIR_ASPECT = 4.2  # two cards side by side, touching, with no line between them  # halves of two touching cards are each card-shaped, and alike  # where an inner edge may split a quad into two cards


@dataclass
class Cluster:
    points: np.ndarray  # (N, 2) float32: x, y of the print pixels, work-copy coordinates
    area: int  # pixels of the closed cluster


def print_mask(small: np.ndarray) -> np.ndarray:
    """1 where a pixel differs from its neighbourhood like print does (either polarity, any
    colour); long thin lines (a card's edge or shadow on the lid) are left out."""
    return print_and_glyph_masks(small, glyphs=False)[0]


def print_and_glyph_masks(small: np.ndarray, glyphs: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """`print_mask` and, from the same connected components, `glyph_mask` of it (None unless asked)."""
    k = max(15, (max(small.shape[:2]) // 30) | 1)
    background = cv2.medianBlur(small, k)
    channels = cv2.split(cv2.absdiff(small, background))
    diff = cv2.max(cv2.max(channels[0], channels[1]), channels[2])
    ink = (diff > PRINT_CONTRAST).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    long_side = max(small.shape[:2])
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    span = np.maximum(w, h)
    thin = area / np.maximum(span, 1)  # mean thickness of a line-like component
    # (a printed bar along a card's edge counts as a line too: it would join two cards' print)
    line = ((span > 0.08 * long_side) & (thin < 3.5)) | ((span > 0.15 * long_side) & (thin < 0.012 * long_side))
    keep = np.ones(n, np.uint8)
    keep[0] = 0
    keep[1:][line] = 0
    if line.any():
        ink = keep[labels]
    # (the lines taken out were whole components: the rest are the print mask's own components)
    return ink, (_glyphs_of(labels, stats, long_side, keep) if glyphs else None)


def glyph_mask(ink: np.ndarray) -> np.ndarray:
    """The print that looks like type: components of a glyph's or a word's size and shape.
    Wood grain, fabric weave and the edges of things on the table are left out."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return _glyphs_of(labels, stats, max(ink.shape), np.ones(n, np.uint8))


def _glyphs_of(labels: np.ndarray, stats: np.ndarray, long_side: int, keep: np.ndarray) -> np.ndarray:
    """1 on the components (of those ``keep`` marks) that are a glyph's or a word's size and shape."""
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    fill = area / np.maximum(w * h, 1)
    ok = ((h >= max(3, GLYPH_HEIGHT[0] * long_side)) & (h <= GLYPH_HEIGHT[1] * long_side) & (w >= 2)
          & (w <= 8 * h) & (fill >= 0.12) & (fill <= 0.9))
    typed = np.zeros(len(keep), np.uint8)
    typed[1:] = ok & (keep[1:] > 0)
    return typed[labels]


def _part_of_a_card(quad: np.ndarray, ink: np.ndarray, glyphs: np.ndarray, grad: _Gradients) -> bool:
    """A picture or a panel cut out of a card whose own edge did not show: type close around the
    quad (within half its short side, with no edge between), and inside it a picture (texture
    everywhere, where a card is mostly plain stock) or less type than around it. (Type beyond
    an edge is another card's: cards side by side.)"""
    centre, u, v, a, b = _rect_frame(quad)
    short = 2 * min(a, b)
    reach = np.arange(max(4.0, 0.04 * short), max(8.0, TEXT_RING * short), 1.0, dtype=np.float32)
    beyond = 0.0
    for start, end, normal, _half in _sides(centre, u, v, a, b):
        xc, yc, inside = _line_samples(start, end, normal, reach, ink.shape, (0.03, 0.97))
        at = yc * ink.shape[1] + xc
        printed = np.ascontiguousarray(ink).ravel()[at].astype(bool) & inside
        typed = np.ascontiguousarray(glyphs).ravel()[at].astype(bool) & inside
        has_type = typed.any(axis=0)
        if not has_type.any():
            continue
        # per point along the side: is there an edge between the quad and the first print?
        # (read only where it counts, points with type beyond them, up to their first print)
        first = np.where(printed.any(axis=0), printed.argmax(axis=0), len(reach))
        cols = np.flatnonzero(has_type)
        rows = max(0, int(first[cols].max()) - 3)
        before = np.arange(rows)[:, None] < (first[cols][None, :] - 3)  # (a glyph's own rim is no edge)
        proj = np.where(inside[:rows, cols], grad.across(at[:rows, cols], normal), 0.0)
        edge = np.zeros(len(has_type), bool)
        edge[cols] = ((proj >= EDGE_BETWEEN) & before).any(axis=0)
        if edge[has_type].mean() > 0.5:
            continue  # print beyond an edge along most of the side: the next card's
        beyond += float(typed[:, ~edge].sum())
    if beyond < MIN_TYPE_AROUND * glyphs.size:
        return False
    inner = _quad_mask(_grow(quad, -0.1 * short), ink.shape).astype(bool)
    if inner.any() and float((grad.magnitude[inner] < FLAT).mean()) < PLAIN_SHARE:
        return True  # a photo or an engraving: whatever looks like type in it is not
    within = float((glyphs & _quad_mask(quad, glyphs.shape)).sum())
    return beyond > TEXT_AROUND * max(within, 1.0)


def print_clusters(ink: np.ndarray, grad: _Gradients | None = None) -> list[Cluster]:
    """Groups of print separated by empty gaps or by a straight edge (touching cards' shared
    edge), largest first."""
    gap = max(5, int(CLUSTER_GAP * max(ink.shape)))
    closed = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, gap)))
    if grad is not None:
        closed &= 1 - _straight_edges(grad, ink)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    min_area = MIN_CLUSTER * ink.size
    ys, xs = np.nonzero(ink)
    owner = labels[ys, xs]
    out = []
    for i in np.argsort(-stats[1:, 4]) + 1:
        if stats[i, 4] < min_area:
            break
        sel = owner == i
        if sel.sum() < 30:
            continue
        out.append(Cluster(np.stack([xs[sel], ys[sel]], axis=1).astype(np.float32), int(stats[i, 4])))
    return out


class _Gradients:
    """Colour gradients of the work copy, read along lines: how strongly a straight line is an
    edge (a step in any channel across it, or a thin shadow line)."""

    def __init__(self, small: np.ndarray):
        # (Sobel reads the 8-bit copy straight into floats, the quarter folded into its scale:
        # the same values without two float copies)
        blurred = cv2.GaussianBlur(small, (3, 3), 0)
        self.gx = cv2.Sobel(blurred, cv2.CV_32F, 1, 0, ksize=3, scale=0.25)
        self.gy = cv2.Sobel(blurred, cv2.CV_32F, 0, 1, ksize=3, scale=0.25)
        self.h, self.w = small.shape[:2]
        # (rows of pixels, channels): one flat index per sample point reads them fastest
        self._gx_flat = self.gx.reshape(-1, self.gx.shape[-1] if self.gx.ndim == 3 else 1)
        self._gy_flat = self.gy.reshape(-1, self._gx_flat.shape[1])

    @functools.cached_property
    def magnitude(self) -> np.ndarray:
        b, g, r = cv2.split(cv2.magnitude(self.gx, self.gy))
        return cv2.max(cv2.max(b, g), r)

    def across(self, at: np.ndarray, normal: np.ndarray) -> np.ndarray:
        """The gradient across a line along ``normal`` (the strongest channel's) at flat pixel indices."""
        # (flat indices and a max over the channels one by one: the same values, 3x faster
        # than 2-D fancy indexing and a reduction over a 3-long last axis)
        across = np.abs(self._gx_flat[at] * normal[0] + self._gy_flat[at] * normal[1])
        proj = across[..., 0]
        for channel in range(1, across.shape[-1]):
            proj = np.maximum(proj, across[..., channel])
        return proj

    def profile(self, start: np.ndarray, end: np.ndarray, normal: np.ndarray,
                offsets: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Edge strength and share of print on the lines from start to end moved by each offset
        along the normal. Points outside the image count as no edge and no print."""
        xc, yc, inside = _line_samples(start, end, normal, offsets, (self.h, self.w), (0.06, 0.94))
        at = yc * self.w + xc
        proj = np.where(inside, self.across(at, normal), 0.0)
        printed = np.ascontiguousarray(ink).ravel()[at].astype(bool) & inside
        return proj.mean(axis=1), printed.mean(axis=1)


def _straight_edges(grad: _Gradients, ink: np.ndarray) -> np.ndarray:
    """1 on long straight, level edges away from print: card edges and the lines between
    touching cards (text lines are excluded by the print around them)."""
    length = max(15, int(0.05 * max(ink.shape)))
    # (a strong edge between a card and the lid differs from its surround like print does: ink
    # that runs straight for a line's length is an edge or a bar, not type; thickened across
    # the line first, so that a one-pixel shadow on a card turned a few degrees still runs
    # straight, while the gaps between letters stay open)
    runs = cv2.morphologyEx(cv2.dilate(ink, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    runs |= cv2.morphologyEx(cv2.dilate(ink, np.ones((1, 3), np.uint8)), cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    runs = cv2.dilate(runs, np.ones((5, 5), np.uint8))  # (with the shadow and a printed rule beside it)
    away = 1 - cv2.dilate(ink & (1 - runs), np.ones((5, 5), np.uint8))
    strong = (grad.magnitude > EDGE_STEP).astype(np.uint8)
    strong = cv2.dilate(strong, np.ones((3, 3), np.uint8))
    strong &= away
    lines = cv2.morphologyEx(strong, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    lines |= cv2.morphologyEx(strong, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    return lines


def _quads_between_edges(edges: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Card-shaped areas closed in by straight edges: pale cards on a pale lid, touching or not."""
    gap = max(5, int(0.025 * max(edges.shape)))  # bridge breaks where print comes close to an edge
    walls = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    walls |= cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8))
    # (a rule under a name or a short underline is no wall: it would cut a card in two)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(walls, connectivity=8)
    short = np.flatnonzero(np.maximum(stats[1:, 2], stats[1:, 3]) < 0.1 * max(edges.shape)) + 1
    if len(short):
        walls[np.isin(labels, short)] = 0
    walls = cv2.dilate(walls, np.ones((5, 5), np.uint8))  # (and closes gaps at the corners)
    return _areas_closed_in(walls, WALL_HALF)


def _quads_enclosed(edges: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Card-shaped areas closed in by edges (1 on an edge): touching cards apart along their
    shared edge. Short breaks in the long straight stretches of edge (a card's side where the
    light falls on it) are bridged; type inside a card only leaves holes in its area."""
    length = max(15, int(0.05 * max(edges.shape)))
    gap = max(5, int(EDGE_BREAK * max(edges.shape)))
    walls = edges.copy()
    for run in ((1, length), (length, 1)):  # (rows, columns) of a horizontal, then vertical kernel
        # (thickened across first: the side of a card turned a few degrees still runs straight)
        thick = cv2.dilate(edges, np.ones((3, 1) if run[0] == 1 else (1, 3), np.uint8))
        straight = cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones(run, np.uint8))
        walls |= cv2.morphologyEx(straight, cv2.MORPH_CLOSE, np.ones((1, gap) if run[0] == 1 else (gap, 1), np.uint8))
    return _areas_closed_in(walls, EDGE_HALF)


def _areas_closed_in(walls: np.ndarray, half: float) -> list[tuple[float, np.ndarray]]:
    """Card-shaped quads of the areas ``walls`` (1 on a wall) close in, grown by the walls' ``half``
    thickness back to the edge itself."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(1 - walls, connectivity=4)
    h, w = walls.shape
    out = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if not (MIN_AREA_FRACTION * h * w <= area <= MAX_AREA_FRACTION * h * w):
            continue
        pad = 5  # (a quad near the cut-out's border would count as touching the image's)
        blob = np.zeros((bh + 2 * pad, bw + 2 * pad), np.uint8)
        blob[pad:-pad, pad:-pad] = labels[y:y + bh, x:x + bw] == i
        for score, quad in _quads_from_mask(_fill_holes(blob * 255), shape_area=float(h * w), split=False,
                                            max_aspect=PAIR_ASPECT):
            out.append((score, _grow(quad + np.float32([x - pad, y - pad]), half)))
    return out


def _grow(quad: np.ndarray, by: float) -> np.ndarray:
    """The quad with every side moved outward by `by` pixels (an area found inside its walls
    is the card less the walls' thickness)."""
    centre, u, v, a, b = _rect_frame(quad)
    return order_corners(_quad_from(centre, u, v, a + by, a + by, b + by, b + by))


def _rect_frame(quad: np.ndarray):
    """Centre, unit axes (along TL->TR, along TL->BL) and half sizes of a quad."""
    tl, tr, br, bl = quad.astype(np.float32)
    centre = quad.mean(axis=0)
    u = (tr - tl) + (br - bl)
    v = (bl - tl) + (br - tr)
    a = float(np.linalg.norm(u)) / 4
    b = float(np.linalg.norm(v)) / 4
    u = u / max(np.linalg.norm(u), 1e-6)
    v = v / max(np.linalg.norm(v), 1e-6)
    return centre, u.astype(np.float32), v.astype(np.float32), a, b


def _sides(centre, u, v, a, b):
    """(start, end, outward normal, half-size along the normal) of the four sides."""
    return [(centre - u * a - v * b, centre + u * a - v * b, -v, b),  # top
            (centre + u * a - v * b, centre + u * a + v * b, u, a),  # right
            (centre - u * a + v * b, centre + u * a + v * b, v, b),  # bottom
            (centre - u * a - v * b, centre - u * a + v * b, -u, a)]  # left


def _quad_from(centre, u, v, left, right, top, bottom) -> np.ndarray:
    return np.array([centre - u * left - v * top, centre + u * right - v * top,
                     centre + u * right + v * bottom, centre - u * left + v * bottom], np.float32)


def _line_samples(start: np.ndarray, end: np.ndarray, normal: np.ndarray, offsets: np.ndarray, shape,
                  span: tuple[float, float] = (0.08, 0.92), step: float = 2.0):
    """Integer pixel positions every ``step`` px on the ``span`` share of the lines start-end moved by
    each offset along the normal (clipped to the image), and which of them fall inside it:
    (d, n) arrays."""
    n = max(8, int(np.linalg.norm(end - start) / step))
    t = np.linspace(span[0], span[1], n, dtype=np.float32)
    base = start[None, :] + (end - start)[None, :] * t[:, None]
    # (x and y apart: the same sums as on (d, n, 2) points, without the interleaved copies)
    x = np.round(base[None, :, 0] + offsets[:, None] * normal[0]).astype(np.int32)
    y = np.round(base[None, :, 1] + offsets[:, None] * normal[1]).astype(np.int32)
    inside = (x >= 0) & (x < shape[1]) & (y >= 0) & (y < shape[0])
    return np.clip(x, 0, shape[1] - 1), np.clip(y, 0, shape[0] - 1), inside


def card_around(cluster: Cluster, walls: np.ndarray, ink: np.ndarray) -> tuple[float, np.ndarray] | None:
    """The card holding a cluster of print: from the print's box, each side moves outward to the
    nearest straight edge with no print on it (passing over the card's other print); a side
    with no edge in reach (a pale card's invisible edge) takes the opposite side's margin."""
    box = order_corners(cv2.boxPoints(cv2.minAreaRect(cluster.points)).astype(np.float32))
    centre, u, v, a, b = _rect_frame(box)
    reach = np.arange(1, int(1.2 * max(a, b)) + 2, dtype=np.float32)
    margins: list[float | None] = []
    for start, end, normal, _half in _sides(centre, u, v, a, b):
        x, y, inside = _line_samples(start, end, normal, reach, ink.shape)
        on_wall = (walls[y, x].astype(bool) & inside).mean(axis=1)
        printed = (ink[y, x].astype(bool) & inside).mean(axis=1)
        hits = np.flatnonzero((on_wall >= 0.6) & (printed < 0.03))
        margins.append(float(reach[hits[0]]) if len(hits) else None)
    found = [m for m in margins if m is not None]
    if len(found) < 2:
        return None  # print with hardly any card edge around it: clutter, or a loose note
    top, right, bottom, left = margins
    top, bottom = (top if top is not None else bottom), (bottom if bottom is not None else top)
    left, right = (left if left is not None else right), (right if right is not None else left)
    default = float(np.median(found))
    top, right, bottom, left = (m if m is not None else default for m in (top, right, bottom, left))
    quad = order_corners(_quad_from(centre, u, v, a + left, a + right, b + top, b + bottom))
    if not _card_shaped(quad) or cv2.contourArea(quad) < MIN_AREA_FRACTION * ink.size:
        return None
    return 0.6 + 0.1 * len(found), quad


def _judge(candidates, grad: _Gradients, ink: np.ndarray, edges: np.ndarray | None = None,
           typical: float = np.inf) -> list:
    """Reject quads with no print or that cut through print (a card's panel, logo or photo),
    lower the score of those that graze it; replace quads that hold two cards (a straight
    clean edge across them between two card-shaped halves with print) by their halves."""
    # (a card's own edge or shadow, thick enough to pass for print, is not print outside it)
    loose = _without_specks(ink if edges is None else ink & (1 - cv2.dilate(edges, np.ones((5, 5), np.uint8))))
    out = []
    for score, quad in candidates:
        if not _holds_print(quad, ink):
            continue
        halves = _split_block(quad, grad, ink, typical)
        if not halves and not _card_shaped(quad):
            continue  # two cards' worth of area that could not be split
        for part in halves or [quad]:
            cut = _cut_share(part, grad, loose)
            if cut < CUT_REJECT:
                out.append((score - (0.05 if halves else 0.0) - CUT_PENALTY * cut, part))
    return out


def _cut_share(quad: np.ndarray, grad: _Gradients, ink: np.ndarray) -> float:
    """Share of the border (worst side) with print just outside it: a card's panel, logo or
    photo is cut out of a card whose text goes on beyond its edge."""
    centre, u, v, a, b = _rect_frame(quad)
    short = min(a, b) * 2
    band = np.arange(max(3.0, 0.03 * short), max(5.0, 0.07 * short), 1.0, dtype=np.float32)
    worst = 0.0
    for start, end, normal, _half in _sides(centre, u, v, a, b):
        xc, yc, inside = _line_samples(start, end, normal, band, (grad.h, grad.w), (0.1, 0.9))
        hit = ink[yc, xc].astype(bool) & inside
        worst = max(worst, float(hit.any(axis=0).mean()))
    return worst if worst > 0.12 else 0.0


def _lines_across(quad: np.ndarray, grad: _Gradients, ink: np.ndarray, at: tuple[float, float]):
    """For a line across the width (axis_u), then across the height: the lines' offsets from the
    quad's side within the ``at`` share of it, their edge strength and share of print, and which
    of them are clean straight edges (strong, with no print on them)."""
    centre, u, v, a, b = _rect_frame(quad)
    for axis_u in (True, False):
        half, other = (a, b) if axis_u else (b, a)
        normal, along = (u, v) if axis_u else (v, u)
        start = centre - normal * half - along * other
        end = centre - normal * half + along * other
        offsets = np.arange(2 * half * at[0], 2 * half * at[1], 1.0, dtype=np.float32)
        if len(offsets) < 3:
            continue
        strength, printed = grad.profile(start, end, normal, offsets, ink)
        level = max(EDGE_MIN * 1.5, 3.0 * float(np.median(strength)))
        yield axis_u, offsets, strength, printed, (printed < 0.02) & (strength >= level)


def _cut_in_two(quad: np.ndarray, axis_u: bool, cut: float) -> tuple[np.ndarray, np.ndarray]:
    """The quad's two parts either side of a line ``cut`` from its left (axis_u) or top side."""
    centre, u, v, a, b = _rect_frame(quad)
    if axis_u:
        return (_quad_from(centre - u * a, u, v, 0, cut, b, b),
                _quad_from(centre - u * a + u * cut, u, v, 0, 2 * a - cut, b, b))
    return (_quad_from(centre - v * b, u, v, a, a, 0, cut),
            _quad_from(centre - v * b + v * cut, u, v, a, a, 0, 2 * b - cut))


def _split_in_two(quad: np.ndarray, grad: _Gradients, ink: np.ndarray, card_shaped: bool = True
                  ) -> list[np.ndarray]:
    """Two card-shaped halves when a clean straight edge crosses the quad between two bodies of
    print (touching cards found as one), else []. card_shaped=False: two halves alike in size
    whatever their shape (two rows of a block of cards)."""
    _centre, _u, _v, a, b = _rect_frame(quad)
    for axis_u, offsets, strength, printed, ok in _lines_across(quad, grad, ink, SPLIT_AT):
        half = a if axis_u else b  # a line across the width (split left/right) or the height
        if ok.any():
            i = int(np.argmax(np.where(ok, strength, -1)))
        else:
            # Two cards of one stock touching on a lid of the same colour show no line at all:
            # the print-free line nearest the middle (cards on one page are alike in size).
            middle = np.abs(offsets - half) <= 0.08 * 2 * half
            free = middle & (printed == 0)
            if not free.any():
                continue
            i = int(np.argmin(np.where(free, np.abs(offsets - half), np.inf)))
        halves = _cut_in_two(quad, axis_u, float(offsets[i]))
        areas = [cv2.contourArea(h) for h in halves]
        alike = min(areas) > 0.7 * max(areas)
        if alike and all(_holds_print(h, ink) and (not card_shaped or _card_shaped(h, SPLIT_ASPECTS))
                         for h in halves):
            return [order_corners(h) for h in halves]
    return []


def _split_pair(quad: np.ndarray, grad: _Gradients, ink: np.ndarray) -> list[np.ndarray]:
    """Two touching cards photographed as one outline, cut along an edge across its middle into
    card-shaped halves alike in size that each hold print; else []. Their shared edge may be
    faint (two pale stocks a few grey levels apart): the lines clear of print with an edge are
    tried, strongest first."""
    for axis_u, offsets, strength, printed, _clean in _lines_across(quad, grad, ink, PAIR_AT):
        edge = np.flatnonzero((printed < PAIR_PRINT) & (strength >= EDGE_MIN * 1.5))
        for i in sorted(edge, key=lambda k: -strength[k]):
            halves = _cut_in_two(quad, axis_u, float(offsets[i]))
            areas = [cv2.contourArea(h) for h in halves]
            if min(areas) > 0.7 * max(areas) and all(_card_shaped(h, SPLIT_ASPECTS) and _holds_print(h, ink)
                                                     for h in halves):
                return [order_corners(h) for h in halves]
    return []


def _split_block(quad: np.ndarray, grad: _Gradients, ink: np.ndarray, typical: float, depth: int = 2
                 ) -> list[np.ndarray]:
    """The cards of a block of touching cards outlined as one (`_split_in_two`, `_split_grid`), else [].
    A part still much bigger than the page's typical card is a smaller block and is cut again: a
    block of two by two cards has a card's shape, and its halves along the gap between its rows
    do too (four rows of two cards outlined as one). A block of two by two cards with one of its
    inner edges not showing (two cards of one stock touching, no shadow between) is cut along the
    edge that shows into two rows (or columns), and each of them in two."""
    parts = _split_in_two(quad, grad, ink) or _split_grid(quad, grad, ink, typical)
    if parts and np.isfinite(typical) and any(cv2.contourArea(p) < GRID_PART * typical for p in parts):
        held = [float((_quad_mask(p, ink.shape) & ink).sum()) for p in parts]
        if min(held) < PART_PRINT * sum(held):
            parts = []  # (a card and the lid beside it, cut into a card's print and a scrap)
    if depth == 0:
        return parts
    if not parts and cv2.contourArea(quad) >= BLOCK_AREA * typical:
        rows = [_split_in_two(half, grad, ink) for half in _split_in_two(quad, grad, ink, card_shaped=False)]
        if rows and all(rows):
            return [card for row in rows for card in row]
    out = []
    for part in parts:
        smaller = _split_block(part, grad, ink, typical, depth - 1) \
            if cv2.contourArea(part) >= SPAN_AREA * typical else []
        out += smaller or [part]
    return out


def _split_grid(quad: np.ndarray, grad: _Gradients, ink: np.ndarray, typical: float) -> list[np.ndarray]:
    """The cards of a block of touching cards outlined as one (two by two, a row of three): clean
    straight edges across it cut it into card-shaped parts alike in size, each with print and
    as big as the page's typical card (a card's panel edge and a clean line across it cut it
    into parts a quarter of that)."""
    centre, u, v, a, b = _rect_frame(quad)
    cuts: dict[bool, list[float]] = {True: [], False: []}
    for axis_u, offsets, strength, _printed, clean in _lines_across(quad, grad, ink, SPAN_AT):
        gap = 0.04 * 2 * (a if axis_u else b)  # (both edges of two cards a hair apart are one cut)
        for i in np.flatnonzero(clean):
            found = cuts[axis_u]
            if found and offsets[i] - found[-1][0] <= gap:
                if strength[i] > found[-1][1]:
                    found[-1] = (float(offsets[i]), float(strength[i]))
            else:
                found.append((float(offsets[i]), float(strength[i])))
        cuts[axis_u] = [c for c, _ in cuts[axis_u]]
    for cu, cv in ((cuts[True], cuts[False]), (cuts[True], []), ([], cuts[False])):
        if not cu and not cv:
            continue
        us, vs = [0.0, *cu, 2 * a], [0.0, *cv, 2 * b]
        origin = centre - u * a - v * b
        parts = [_quad_from(origin + u * u0 + v * v0, u, v, 0, u1 - u0, 0, v1 - v0)
                 for u0, u1 in zip(us, us[1:], strict=False) for v0, v1 in zip(vs, vs[1:], strict=False)]
        areas = [cv2.contourArea(p) for p in parts]
        if min(areas) > max(0.7 * max(areas), GRID_PART * typical) and all(_card_shaped(p, SPLIT_ASPECTS) and _holds_print(p, ink)
                                                 for p in parts):
            return [order_corners(p) for p in parts]
    return []


def _shrink_to_card(quad: np.ndarray, size: tuple[float, float], ink: np.ndarray, grad: _Gradients) -> np.ndarray:
    """A quad much bigger than the page's typical card that could not be cut into cards is one card
    and the lid beside it (a side that went on past the card's faint edge to the next card's):
    the typical card laid inside it, at a side or the middle each way, where it holds all its
    print and its sides run along the strongest edges. Unchanged when no such card holds all
    the print (a card bigger than the others)."""
    centre, u, v, a, b = _rect_frame(quad)
    half_u, half_v = (size[0] / 2, size[1] / 2) if a >= b else (size[1] / 2, size[0] / 2)
    if half_u > a + 1 or half_v > b + 1:
        return quad
    within = _quad_mask(quad, ink.shape) & ink
    total = float(within.sum())
    best, best_edge = quad, -1.0
    for fu in (-1.0, 0.0, 1.0):
        for fv in (-1.0, 0.0, 1.0):
            c = centre + u * fu * (a - half_u) + v * fv * (b - half_v)
            card = order_corners(_quad_from(c, u, v, half_u, half_u, half_v, half_v))
            if float((_quad_mask(_grow(card, 1.0), ink.shape) & within).sum()) < SHRINK_HOLDS * total:
                continue  # print left outside
            cc, cu, cv_, ca, cb = _rect_frame(card)
            edge = float(np.mean([grad.profile(st, en, nrm, np.float32([-1.0, 0.0, 1.0]), ink)[0].max()
                                  for st, en, nrm, _h in _sides(cc, cu, cv_, ca, cb)]))
            if edge > best_edge:
                best, best_edge = card, edge
    return best


def _to_card_size(chosen: list[np.ndarray], ink: np.ndarray, grad: _Gradients) -> list[np.ndarray]:
    """Cards on one page are alike in size: a quad much smaller than the page's typical card is
    a block of a card's print (its address, beside a logo and a name set apart), boxed where the
    card's edge did not show. It becomes the typical card laid over it, placed where it holds
    the most print no other card holds and overlaps no other card. A card's print may have been
    boxed as two blocks (a logo and name, an address): the card laid over one may hold the other
    whole, which then goes; it may not cut through another block. A quad much bigger than the
    typical card is a card with the lid beside it (`_shrink_to_card`)."""
    sizes = [_side_lengths(q) for q in chosen if _card_shaped(q, SPLIT_ASPECTS)]
    if len(sizes) < 3:
        return chosen
    long_side, short_side = (float(np.median(v)) for v in zip(*sizes, strict=True))
    typical = long_side * short_side
    shape = ink.shape
    out = list(chosen)
    blocks = {i: _quad_mask(q, shape) for i, q in enumerate(chosen) if cv2.contourArea(q) < SMALL_PART * typical}
    gone: set[int] = set()
    for i, quad in enumerate(chosen):
        if cv2.contourArea(quad) >= BIG_PART * typical:
            out[i] = _shrink_to_card(quad, (long_side, short_side), ink, grad)
        if i not in blocks or i in gone:
            continue
        loose = {j: m for j, m in blocks.items() if j not in gone and j != i and out[j] is chosen[j]}
        others = np.zeros(shape, np.uint8)
        for j, q in enumerate(out):
            if j != i and j not in gone and j not in loose:
                cv2.fillConvexPoly(others, q.astype(np.int32), 1)
        free_ink = ink & (1 - others)
        centre, u, v, a, b = _rect_frame(quad)
        best, best_score, best_held = None, 0.0, []
        for along_u in (True, False):  # the card lies along the block's long side, or across it
            half_u, half_v = (long_side / 2, short_side / 2) if along_u == (a >= b) else (short_side / 2, long_side / 2)
            if a > BLOCK_OVER * half_u or b > BLOCK_OVER * half_v:
                continue
            # (a block of print a little longer than the typical card's side: a card a little bigger)
            half_u, half_v = max(half_u, a), max(half_v, b)
            for fu in (-1.0, 0.0, 1.0):  # the block at the card's left, middle or right...
                for fv in (-1.0, 0.0, 1.0):  # ...top, middle or bottom
                    c = centre + u * fu * (half_u - a) + v * fv * (half_v - b)
                    card = order_corners(_quad_from(c, u, v, half_u, half_u, half_v, half_v))
                    m = _quad_mask(card, shape)
                    if (m & others).sum() > 0.05 * m.sum() or (m.sum() < 0.95 * 4 * half_u * half_v):
                        continue  # on another card, or off the page
                    shares = {j: float((m & bm).sum()) / max(float(bm.sum()), 1.0) for j, bm in loose.items()}
                    if any(0.05 < share < BLOCK_HELD for share in shares.values()):
                        continue  # cuts through another block of print
                    score = float((free_ink & m).sum())
                    if score > best_score:
                        best, best_score = card, score
                        best_held = [j for j, share in shares.items() if share >= BLOCK_HELD]
        if best is not None:
            out[i] = best
            gone.update(best_held)
    return [q for i, q in enumerate(out) if i not in gone]


def _complete_cards(chosen: list[np.ndarray], ink: np.ndarray, walls: np.ndarray) -> list[np.ndarray]:
    """Cards on one page are alike in size: print that no card holds is a card whose edge did
    not show at all. Each such area of print, largest first, gets the page's typical card laid
    over it (`_place_card`)."""
    sizes = [_side_lengths(q) for q in chosen if _card_shaped(q, SPLIT_ASPECTS)]
    if len(sizes) < 3:
        return chosen
    size = tuple(float(np.median(v)) for v in zip(*sizes, strict=True))
    whole = list(chosen)
    gap = max(5, int(CLUSTER_GAP * max(ink.shape)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, gap))
    for _ in range(MAX_PLACED):
        covered = np.zeros(ink.shape, np.uint8)
        for q in whole:
            cv2.fillConvexPoly(covered, _grow(q, 2.0).astype(np.int32), 1)
        free = _without_specks(ink & (1 - covered))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(free, kernel) & (1 - covered), connectivity=8)
        ys, xs = np.nonzero(free)
        owner = labels[ys, xs]
        free_points = np.stack([xs, ys], axis=1).astype(np.float32)
        marks = cv2.connectedComponents(free, connectivity=8)[1]
        pieces = [piece for i in np.argsort(-stats[1:, 4]) + 1
                  if stats[i, 4] >= MIN_CLUSTER * ink.size and (owner == i).sum() >= 30
                  for piece in _card_sized_pieces(free_points[owner == i], size)]
        placed = None
        for points in sorted(pieces, key=len, reverse=True):
            if len(points) < MIN_PIECE * size[0] * size[1]:
                break  # a scrap of a card's print showing past its found edge, or a speck
            at = points.astype(np.int32)
            if len(np.unique(marks[at[:, 1], at[:, 0]])) < MIN_MARKS:
                continue  # one or two marks, no type: a printed bar or an edge left over by a card found
            placed = _place_card(points, size, whole, ink.shape, pieces, walls)
            if placed is not None:
                break
        if placed is None:
            break
        whole.append(placed)
    return whole


def _without_specks(ink: np.ndarray) -> np.ndarray:
    """Print less its specks: components a few pixels big are no type but bits of a card's edge
    or shadow that differ from the lid like print does (they would push the print's box past
    the card's edge)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = (stats[:, 4] >= (SPECK * max(ink.shape)) ** 2).astype(np.uint8)
    keep[0] = 0
    return keep[labels]


def _place_card(points: np.ndarray, size: tuple[float, float], others: list[np.ndarray], shape,
                pieces: list[np.ndarray], walls: np.ndarray) -> np.ndarray | None:
    """The typical card (long, short side) laid over an area of print: the print inside it, on the
    page, overlapping no other card, with a sign of its edge (`_card_edge_shows`: print on the
    lid, a note, has none); where the print leaves room, a side lines up with a side of
    a card nearby (touching cards share an edge, cards in a row or column line up), else the
    print sits in its middle. The card's long side runs along the lines of print. Of these, the
    one holding most of the other pieces of print near it that no card holds (a card's blocks of
    print set apart), less those its edges cut, wins."""
    u = _print_axis(points)
    v = np.float32([-u[1], u[0]])
    centre = points.mean(axis=0)
    pu, pv = (points - centre) @ u, (points - centre) @ v
    h, w = shape
    side_lines = []  # other cards' sides near the print, as (axis is u, offset) in this frame
    reach = 1.5 * size[0]
    for q in others:
        qc = q.mean(axis=0) - centre
        if abs(float(qc @ u)) > reach + size[0] or abs(float(qc @ v)) > reach + size[0]:
            continue
        qu, qv = (q - centre) @ u, (q - centre) @ v
        side_lines += [(True, float(qu.min())), (True, float(qu.max())), (False, float(qv.min())),
                       (False, float(qv.max()))]
    nearby = [p for p in pieces if np.abs(p.mean(axis=0) - centre).max() < reach]
    total = float(sum(len(p) for p in nearby))
    best, best_key = None, None
    along = _lines_along(pu, pv)
    turns = [size] if along is True else [size[::-1]] if along is False else [size, size[::-1]]
    for cw, ch in turns:
        ranges = []
        for axis_u, lo_p, hi_p, extent in ((True, pu.min(), pu.max(), cw), (False, pv.min(), pv.max(), ch)):
            lo, hi = float(hi_p) - extent, float(lo_p)
            if lo > hi + 0.03 * extent:
                break  # the print does not fit this way round
            middle = (float(lo_p) + float(hi_p) - extent) / 2
            lo, hi = min(lo, middle), max(hi, middle)
            starts = {round(middle, 1): 0}
            for on_u, at in side_lines:
                if on_u == axis_u:
                    for start in (at, at - extent):
                        if lo <= start <= hi:
                            starts[round(start, 1)] = 1
            ranges.append(starts)
        if len(ranges) < 2:
            continue
        for su, aligned_u in ranges[0].items():
            for sv, aligned_v in ranges[1].items():
                card = order_corners(_quad_from(centre + u * su + v * sv, u, v, 0, cw, 0, ch))
                m = _quad_mask(card, shape)
                area = cw * ch
                if m.sum() < 0.97 * area or any(not _apart(card, q, 1.0) and _overlap_area(m, q, shape) > 0.04 * area
                                                for q in others):
                    continue
                if not _card_edge_shows(card, m, others, walls):
                    continue
                held = 0.0
                for piece in nearby:
                    nu, nv = (piece - centre) @ u - su, (piece - centre) @ v - sv
                    share = float(((nu >= 0) & (nu <= cw) & (nv >= 0) & (nv <= ch)).mean())
                    held += len(piece) if share >= 0.97 else -len(piece) if share > 0.03 else 0
                held = round(20 * held / max(total, 1.0))
                key = (held, aligned_u + aligned_v, -abs(su - (float(pu.min()) + float(pu.max()) - cw) / 2)
                       - abs(sv - (float(pv.min()) + float(pv.max()) - ch) / 2))
                if best_key is None or key > best_key:
                    best, best_key = card, key
    return best


def _card_edge_shows(card: np.ndarray, mask: np.ndarray, others: list[np.ndarray], walls: np.ndarray) -> bool:
    """A card laid over print has an edge: one side touches another card along a good part of
    it (touching cards), or runs along a straight edge (a faint outline, a printed bar)."""
    centre, u, v, a, b = _rect_frame(card)
    rim = _quad_mask(_grow(card, TOUCH_REACH), mask.shape) & (1 - mask)
    for q in others:
        if _apart(card, q, TOUCH_REACH + 1):
            continue
        if float((rim & _quad_mask(q, mask.shape)).sum()) >= TOUCH_SHARE * TOUCH_REACH * 2 * min(a, b):
            return True
    offsets = np.arange(-WALL_HALF, WALL_HALF + 1, 1.0, dtype=np.float32)
    for start, end, normal, _half in _sides(centre, u, v, a, b):
        x, y, inside = _line_samples(start, end, normal, offsets, walls.shape)
        if float((walls[y, x].astype(bool) & inside).any(axis=0).mean()) >= TOUCH_SHARE:
            return True
    return False


def _card_sized_pieces(points: np.ndarray, size: tuple[float, float], depth: int = 3) -> list[np.ndarray]:
    """An area of print too big for one card (the print of touching cards, run together) cut at
    its widest print-free gap, across its longer overflowing axis, until each piece fits a card.
    An area with no gap as wide as two cards' margins (a note on the lid) stays whole."""
    u = _print_axis(points)
    axes = (u, np.float32([-u[1], u[0]]))
    proj = [points @ a for a in axes]
    extent = [float(p.max() - p.min()) for p in proj]
    fits = (extent[0] <= size[0] and extent[1] <= size[1]) or (extent[0] <= size[1] and extent[1] <= size[0])
    if fits or depth == 0:
        return [points]
    for k in np.argsort(extent)[::-1]:
        values = np.sort(proj[k])
        gaps = np.diff(values)
        i = int(np.argmax(gaps))
        if gaps[i] < PIECE_GAP * size[0]:
            continue  # (a gap between words; two cards' print is two margins apart)
        cut = (values[i] + values[i + 1]) / 2
        return [piece for side in (proj[k] < cut, proj[k] >= cut)
                for piece in _card_sized_pieces(points[side], size, depth - 1)]
    return [points]


def _lines_along(pu: np.ndarray, pv: np.ndarray) -> bool | None:
    """True when the lines of a block of print run along u, False along v, None if it can't tell.
    Print closed along its lines leaves empty rows between them; closed across them it does not."""
    x, y = np.round(pu - pu.min()).astype(np.int32), np.round(pv - pv.min()).astype(np.int32)
    grid = np.zeros((int(y.max()) + 1, int(x.max()) + 1), np.uint8)
    grid[y, x] = 1
    gaps = []
    for kernel, axis in (((1, 7), 1), ((7, 1), 0)):
        closed = cv2.morphologyEx(grid, cv2.MORPH_CLOSE, np.ones(kernel, np.uint8))
        gaps.append(float((closed.max(axis=axis) == 0).mean()))
    if abs(gaps[0] - gaps[1]) < 0.05:
        return None
    return gaps[0] > gaps[1]


def _print_axis(points: np.ndarray) -> np.ndarray:
    """The direction of a block of print's lines, within a few degrees of the page's axes (cards
    on a scanner lie square or nearly): the angle at which the print's box is smallest. (Its
    minimum-area rectangle follows the diagonal of a name and an address set apart.)"""
    best, best_area, best_deg = None, np.inf, np.inf
    for degrees in np.arange(-PLACE_TILT, PLACE_TILT + 0.25, 0.5):
        theta = np.deg2rad(degrees)
        u = np.float32([np.cos(theta), np.sin(theta)])
        pu, pv = points @ u, points @ np.float32([-u[1], u[0]])
        area = float((pu.max() - pu.min()) * (pv.max() - pv.min()))
        if area < best_area - 1e-3 or (abs(area - best_area) <= 1e-3 and abs(degrees) < abs(best_deg)):
            best, best_area, best_deg = u, area, degrees
    return best


def _apart(a: np.ndarray, b: np.ndarray, by: float) -> bool:
    """The two quads' boxes are more than ``by`` pixels apart (so they can neither overlap nor touch)."""
    return bool((a[:, 0].min() > b[:, 0].max() + by) or (b[:, 0].min() > a[:, 0].max() + by)
                or (a[:, 1].min() > b[:, 1].max() + by) or (b[:, 1].min() > a[:, 1].max() + by))


def _overlap_area(mask: np.ndarray, quad: np.ndarray, shape) -> float:
    return float((mask & _quad_mask(quad, shape)).sum())


def _spans_cards(quad: np.ndarray, grad: _Gradients, ink: np.ndarray) -> bool:
    """A clean straight edge right across the quad with print on both sides: the quad holds
    more than one card (a row or a column of cards outlined as one)."""
    for axis_u, offsets, _strength, _printed, clean in _lines_across(quad, grad, ink, SPAN_AT):
        for i in np.flatnonzero(clean):
            if all(_holds_print(order_corners(q), ink) for q in _cut_in_two(quad, axis_u, float(offsets[i]))):
                return True
    return False


def _card_shaped(quad: np.ndarray, aspects: tuple[float, float] = (CARD_ASPECTS[0] / 1.05, CARD_ASPECTS[1] * 1.1)
                 ) -> bool:
    long_side, short_side = _side_lengths(quad)
    return aspects[0] <= long_side / max(short_side, 1) <= aspects[1]


def _holds_print(quad: np.ndarray, ink: np.ndarray) -> bool:
    x, y, w, h = cv2.boundingRect(quad.astype(np.int32))
    x0, y0 = max(0, x), max(0, y)
    patch = ink[y0:y + h, x0:x + w]
    if patch.size == 0:
        return False
    m = np.zeros(patch.shape, np.uint8)
    cv2.fillConvexPoly(m, (quad - [x0, y0]).astype(np.int32), 1)
    return float((patch & m).sum()) > 0.005 * float(m.sum())


def _unread(clusters: list[Cluster], chosen: list[np.ndarray], shape) -> int:
    """Clusters of print that no chosen card holds (at least half of their print)."""
    if not chosen:
        return 0
    covered = np.zeros(shape, np.uint8)
    for quad in chosen:
        cv2.fillConvexPoly(covered, quad.astype(np.int32), 1)
    count = 0
    for cl in clusters:
        x = np.clip(cl.points[:, 0].astype(np.int32), 0, shape[1] - 1)
        y = np.clip(cl.points[:, 1].astype(np.int32), 0, shape[0] - 1)
        if covered[y, x].mean() < 0.5:
            count += 1
    return count


FIT_TILT = 3.0  # degrees either way: how far a card laid over print may turn to lie on its edges
FIT_REACH = 0.2  # of the card's size across a side: how far a side may move to an edge
FIT_SIZE = 0.08  # a card on its edges may be this much longer or shorter each way than the one laid
FIT_LEVEL = 8.0  # median gradient across a line (grey levels a pixel): a card's edge
FIT_CAP = 40.0  # (a printed bar's edge counts no more than a clear card edge)
FIT_GAIN = 8.0  # how much more edge the card on its edges must show than the card laid


def _fit_laid_cards(chosen: list[np.ndarray], laid: list[np.ndarray], grad: _Gradients,
                    ink: np.ndarray) -> list[np.ndarray]:
    """Cards laid over print where no edge had boxed them (`_to_card_size`, `_complete_cards`)
    sit where the print put them, turned the way its lines run: each is moved onto the straight
    edges around it where they show (`_on_edges`), still holding its print and on no other card."""
    out = list(chosen)
    for i, quad in enumerate(chosen):
        if not any(quad is q for q in laid):
            continue
        fitted = _on_edges(quad, grad)
        if fitted is None:
            continue
        m = _quad_mask(fitted, ink.shape)
        old = _quad_mask(quad, ink.shape) & ink
        if float((m & old).sum()) < 0.95 * float(old.sum()) or any(
                j != i and _overlap_area(m, q, ink.shape) > 0.04 * m.sum() for j, q in enumerate(out)):
            continue
        out[i] = fitted
    return out


def _median_across(grad: _Gradients, start, end, normal, offsets) -> np.ndarray:
    """Median gradient across the lines start-end moved by each offset along the normal: high all
    along a card's edge, low along a line of type (the gaps between letters)."""
    xc, yc, inside = _line_samples(start, end, normal, offsets, (grad.h, grad.w), (0.1, 0.9))
    proj = np.where(inside, grad.across(yc * grad.w + xc, normal), 0.0)
    return np.median(proj, axis=1)


def _on_edges(quad: np.ndarray, grad: _Gradients) -> np.ndarray | None:
    """The card of about the quad's size whose four sides lie on the strongest edges near the
    quad's (opposite sides as far apart as the quad's, give or take FIT_SIZE), or None when no
    such card shows edges on three sides and clearly more edge than the quad."""
    centre, u0, _v0, _a, _b = _rect_frame(quad)
    base = float(np.arctan2(u0[1], u0[0]))
    best, best_score, now = None, -1.0, 0.0
    for degrees in np.arange(-FIT_TILT, FIT_TILT + 0.01, 0.5):
        t = base + np.deg2rad(degrees)
        u = np.float32([np.cos(t), np.sin(t)])
        v = np.float32([-u[1], u[0]])
        pu, pv = (quad - centre) @ u, (quad - centre) @ v
        total, shown, sides = 0.0, 0, []
        for axis, along, lo, hi, a_lo, a_hi in ((u, v, pu.min(), pu.max(), pv.min(), pv.max()),
                                                (v, u, pv.min(), pv.max(), pu.min(), pu.max())):
            size = float(hi - lo)
            reach = int(FIT_REACH * size)
            offsets = np.arange(-reach, reach + 1, 1.0, dtype=np.float32)
            start, end = centre + along * float(a_lo), centre + along * float(a_hi)
            # (strength of the side at lo + offsets[k] and at hi + offsets[k])
            s_lo = np.minimum(_median_across(grad, start + axis * float(lo), end + axis * float(lo), -axis, -offsets),
                              FIT_CAP)
            s_hi = np.minimum(_median_across(grad, start + axis * float(hi), end + axis * float(hi), axis, offsets),
                              FIT_CAP)
            if abs(degrees) < 1e-6:
                now += float(s_lo[reach] + s_hi[reach])
            pair = np.where(np.abs(offsets[None, :] - offsets[:, None]) <= FIT_SIZE * size,
                            s_lo[:, None] + s_hi[None, :], -1.0)
            i_lo, i_hi = divmod(int(np.argmax(pair)), len(offsets))
            total += float(pair[i_lo, i_hi])
            shown += int(s_lo[i_lo] >= FIT_LEVEL) + int(s_hi[i_hi] >= FIT_LEVEL)
            sides.append((float(lo + offsets[i_lo]), float(hi + offsets[i_hi])))
        if shown >= 3 and total > best_score:
            (ul, uh), (vl, vh) = sides
            best, best_score = order_corners(_quad_from(centre, u, v, -ul, uh, -vl, vh)), total
    if best is None or best_score < now + FIT_GAIN:
        return None
    return best

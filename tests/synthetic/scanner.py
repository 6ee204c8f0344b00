"""Flatbed pages of pale cards on a pale lid: the post-event batch scan, with known corners.

`scanner_page` lays up to ten cards (white, cream, light grey or light blue stock) on a
near-white, cream or grey scanner lid, in a grid of cells: cards may touch their
neighbours, lie turned a quarter or half turn, and have no shadow line at all (a lid
pressed flat). `scanner_pdf` puts several such pages into one PDF, scanned at 150-600 dpi,
the way an office scanner hands them over. Deterministic per seed.

    scene = scanner_page(7, n_cards=9, lid="cream", touching=True)
    pdf_bytes, scenes = scanner_pdf(7, pages=2, cards_per_page=4, dpi=150)
"""
from __future__ import annotations

import io
import math

import cv2
import numpy as np

from tests.synthetic.samples import synthetic_card
from tests.synthetic.scene import Scene, SceneCard, _paste, _smooth_noise, degrade

# RGB card stocks and lid colours, all pale: the page is light everywhere but for the print.
PALE_STOCKS: dict[str, tuple[int, int, int]] = {
    "white": (253, 253, 251), "cream": (250, 244, 226), "light grey": (234, 234, 231),
    "light blue": (228, 237, 248)}
PALE_LIDS: dict[str, tuple[int, int, int]] = {
    "near-white": (247, 247, 245), "cream": (246, 241, 228), "grey": (224, 224, 222)}
A4_MM = (210.0, 297.0)
CARD_LAYOUTS = ("left", "centered", "right", "logo_left", "two_column", "name_bottom")
MAX_CARDS = 10


def _grid(n: int) -> tuple[int, int]:
    """(columns, rows) of card cells on an A4 page: two columns, as many rows as needed."""
    return 2, max(1, math.ceil(n / 2))


def scanner_page(seed: int, n_cards: int | None = None, *, lid: str | None = None,
                 stocks: list[str] | None = None, touching: bool | None = None,
                 mixed_orientations: bool = True, rows: int | None = None, dpi: int = 300, max_angle: float = 3.0,
                 jpeg_quality: int | None = 90, row_gap_mm: float | None = None) -> Scene:
    """A scanned A4 page of `n_cards` (default 6..10) pale cards on a pale lid.

    lid: one of PALE_LIDS (default random). stocks: card stocks to draw from (default all of
    PALE_STOCKS). touching: neighbours in a row share an edge (default: half the pages).
    mixed_orientations: some cards turned half a turn, and a quarter turn where the cell
    has room. rows: rows of cells on the page (default: just enough), filled from the top.
    row_gap_mm: with touching cards, each row this far below the one above (a stack laid
    tight from the top of the lid) instead of at the top of its cell.
    Each SceneCard's corners run TL, TR, BR, BL of the upright card.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, MAX_CARDS + 1)) if n_cards is None else n_cards
    if not 1 <= n <= MAX_CARDS:
        raise ValueError(f"a scanner page holds 1 to {MAX_CARDS} cards, not {n}")
    lid = lid or list(PALE_LIDS)[int(rng.integers(len(PALE_LIDS)))]
    if lid not in PALE_LIDS:
        raise ValueError(f"unknown lid {lid!r}; choose one of {', '.join(PALE_LIDS)}")
    stocks = stocks or list(PALE_STOCKS)
    touching = bool(rng.random() < 0.5) if touching is None else touching
    px = dpi / 25.4  # pixels per millimetre
    pw, ph = round(A4_MM[0] * px), round(A4_MM[1] * px)
    lid_bgr = np.array(PALE_LIDS[lid][::-1], np.float32)
    page = np.empty((ph, pw, 3), np.float32)
    page[:] = lid_bgr
    page += 2.5 * _smooth_noise(rng, (ph, pw), 5)[..., None]
    cols, needed = _grid(n)
    rows = max(rows or needed, needed)
    margin = 8 * px
    cell_w, cell_h = (pw - 2 * margin) / cols, (ph - 2 * margin) / rows
    cards = []
    for _ in range(n):
        stock = stocks[int(rng.integers(len(stocks)))]
        layout = CARD_LAYOUTS[int(rng.integers(len(CARD_LAYOUTS)))]
        card, truth, _ = synthetic_card(rng, "easy", qr=False, layout=layout, scheme="light",
                                        background=PALE_STOCKS[stock], panel=False)
        scale = dpi / 300  # cards are drawn at 300 dpi
        card = cv2.resize(card, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale != 1 else card
        cards.append((card, truth))
    scene_cards = []
    row_touch_x = None
    row_top, row_bottom = margin, margin  # (of the row being laid, for row_gap_mm)
    for i, (card, truth) in enumerate(cards):
        col, row = i % cols, i // cols
        ch, cw = card.shape[:2]
        turns = 0
        if mixed_orientations:
            room_for_quarter = cw <= cell_h * 0.97 and ch <= cell_w * 0.97
            turns = int(rng.choice([0, 0, 0, 2, 1, 3] if room_for_quarter else [0, 0, 0, 2]))
        angle = 0.0 if touching else float(rng.uniform(-max_angle, max_angle))
        base = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
        for _ in range(8):  # a turned card's bounding box must still fit its cell
            theta = math.radians(angle + 90 * turns)
            rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
            turned = base @ rot.T
            bw, bh = turned.max(axis=0) - turned.min(axis=0)
            if bw <= cell_w and bh <= cell_h:
                break
            angle /= 2
        if touching and col == 1 and row_touch_x is not None:
            x0 = row_touch_x  # share the left neighbour's right edge
        elif touching:
            x0 = margin + cell_w - bw if col == 0 else margin + col * cell_w
        else:
            x0 = margin + col * cell_w + (cell_w - bw) * rng.uniform(0.05, 0.95)
        y0 = margin + row * cell_h + max(0.0, cell_h - bh) * (0.0 if touching else rng.uniform(0.1, 0.9))
        if touching and row_gap_mm is not None:
            if col == 0 and i:
                row_top = row_bottom + row_gap_mm * px
            y0 = row_top
            row_bottom = max(row_bottom, y0 + bh)
        row_touch_x = x0 + bw if col == 0 else None
        corners = turned + np.array([x0 + bw / 2, y0 + bh / 2])
        shadow = float(rng.choice([0.0, 0.8, 1.5]))  # 0: the lid pressed the card flat, no edge line
        _paste(page, card, corners, shadow=shadow, rng=rng)
        scene_cards.append(SceneCard(truth, corners, turns))
    image = degrade(page, rng, blur=0.6, noise=1.5, jpeg_quality=jpeg_quality)
    return Scene(image, scene_cards)


def scanner_pdf(seed: int, pages: int = 2, cards_per_page: int | None = 4, dpi: int = 150,
                **page_options) -> tuple[bytes, list[Scene]]:
    """A multi-page PDF of scanner pages at `dpi` (150-600), and each page's scene."""
    from PIL import Image

    if not 150 <= dpi <= 600:
        raise ValueError(f"office scanners give 150 to 600 dpi, not {dpi}")
    scenes = [scanner_page(seed * 1000 + p, cards_per_page, dpi=dpi, **page_options) for p in range(pages)]
    images = [Image.fromarray(cv2.cvtColor(s.image, cv2.COLOR_BGR2RGB)) for s in scenes]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out.getvalue(), scenes

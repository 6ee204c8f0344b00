"""Phone photos of several pale cards on a pale table, with known corners.

`pale_table_photo` lays 2-6 cards of pale stock (white, cream, light grey, light blue) on a
white or light-grey table, in rows: neighbours in a row may touch, cards may all lie a
quarter turn round (their lines of print running up the frame) or be portrait cards, and the
light is uneven. The cards hardly stand out from the table: a soft shadow and a few grey
levels of stock are all that mark their edges. Deterministic per seed.

`harsh=True` makes it harder, as in a real phone photo: white or light-blue stock, a table
only 5-15 grey levels darker than the stock, stronger light falloff, and other cards cut by
the frame's top or bottom edge (not among the scene's cards: partly outside the frame).

    scene = pale_table_photo(7)                      # Scene: image + corners per card
    scene = pale_table_photo(7, n_cards=4, touching=True, table="pale grey")
    scene = pale_table_photo(7, harsh=True)          # scene.cut: corners of the cards cut by the frame
"""
from __future__ import annotations

import math

import numpy as np

from tests.synthetic.samples import synthetic_card
from tests.synthetic.scanner import CARD_LAYOUTS, PALE_STOCKS
from tests.synthetic.scene import Scene, SceneCard, _lighting, _paste, degrade, make_background

TABLES = ("white", "pale grey")
HARSH_STOCKS = ("white", "light blue")
HARSH_TABLE_BELOW = (5.0, 15.0)  # grey levels the table lies below the stock's mean
HARSH_LIGHT = (0.5, 0.8)  # light falloff strength (the default photo's is 0.25-0.5)
HARSH_SCALE = (0.75, 0.9)  # cards a little smaller: room above and below for cards cut by the frame


def pale_table_photo(seed: int, n_cards: int | None = None, *, table: str | None = None,
                     touching: bool | None = None, quarter_turned: bool | None = None,
                     frame: tuple[int, int] | None = None, harsh: bool = False) -> Scene:
    """A photo of `n_cards` (default 2..6) pale cards on a pale table, taken from above.

    table: one of TABLES (default random). touching: neighbours in a row share an edge
    (default: half the photos). quarter_turned: every card lies a quarter turn round
    (default: a third of the photos; otherwise a card may still be a portrait card).
    frame: (width, height), default portrait or landscape 1200x1600 at random.
    harsh: see the module note; the corners of the cards cut by the frame are in `scene.cut`.
    Each SceneCard's corners run TL, TR, BR, BL of the upright card.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7)) if n_cards is None else n_cards
    table = table or TABLES[int(rng.integers(len(TABLES)))]
    touching = bool(rng.random() < 0.5) if touching is None else touching
    quarter_turned = bool(rng.random() < 1 / 3) if quarter_turned is None else quarter_turned
    if frame is None:
        frame = (1200, 1600) if rng.random() < 0.5 else (1600, 1200)
    fw, fh = frame
    columns = 2 if n <= 4 else 3
    rows = math.ceil(n / columns)
    cards = []
    for _ in range(n):
        stocks = HARSH_STOCKS if harsh else list(PALE_STOCKS)
        stock = stocks[int(rng.integers(len(stocks)))]
        layout = "portrait" if not quarter_turned and rng.random() < 0.15 else \
            CARD_LAYOUTS[int(rng.integers(len(CARD_LAYOUTS)))]
        card, truth, _ = synthetic_card(rng, "easy", qr=False, layout=layout, scheme="light",
                                        background=PALE_STOCKS[stock], panel=False)
        turns = int(rng.choice([1, 3])) if quarter_turned else 0
        cards.append((card, truth, turns))
    if harsh:  # a table a few grey levels below the stock
        stock_level = float(np.mean([c.mean() for c, _, _ in cards]))
        table_level = stock_level - float(rng.uniform(*HARSH_TABLE_BELOW))
    # one scale for every card (cards are alike in size), so that the rows fit the frame
    gap = 0.0 if touching else float(rng.uniform(0.015, 0.05)) * min(fw, fh)
    row_gap = float(rng.uniform(0.015, 0.05)) * min(fw, fh)
    margin = 0.05 * np.array([fw, fh])
    boxes = [(c.shape[0], c.shape[1]) if t % 2 else (c.shape[1], c.shape[0]) for c, _, t in cards]
    widest_row = max(sum(b[0] for b in boxes[r * columns:(r + 1) * columns]) for r in range(rows))
    tallest = [max(b[1] for b in boxes[r * columns:(r + 1) * columns]) for r in range(rows)]
    scale = min((fw - 2 * margin[0] - gap * (columns - 1)) / widest_row,
                (fh - 2 * margin[1] - row_gap * (rows - 1)) / sum(tallest)) * float(rng.uniform(*(HARSH_SCALE if harsh else (0.85, 1.0))))
    used_h = sum(tallest) * scale + row_gap * (rows - 1)
    y = (fh - used_h) / 2 + float(rng.uniform(-0.5, 0.5)) * max(0.0, fh - used_h - 2 * margin[1])
    canvas = make_background(rng, (fw, fh), table)
    if harsh:
        canvas += table_level - float(canvas.mean())
    scene_cards = []
    for r in range(rows):
        row = list(range(r * columns, min(n, (r + 1) * columns)))
        used_w = sum(boxes[i][0] for i in row) * scale + gap * (len(row) - 1)
        x = (fw - used_w) / 2 + float(rng.uniform(-0.5, 0.5)) * max(0.0, fw - used_w - 2 * margin[0])
        for i in row:
            card, truth, turns = cards[i]
            bw = boxes[i][0] * scale
            angle = 0.0 if touching else float(rng.uniform(-3, 3))
            ch, cw = card.shape[:2]
            base = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]]) * scale
            theta = math.radians(angle + 90 * turns)
            rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
            corners = base @ rot.T + np.array([x + bw / 2, y + tallest[r] * scale / 2])
            _paste(canvas, card, corners, shadow=float(rng.uniform(0.0, 5.0)), rng=rng)
            scene_cards.append(SceneCard(truth, corners, turns))
            x += bw + gap
        y += tallest[r] * scale + row_gap
    cut = _cut_cards(rng, canvas, scene_cards, scale, boxes, row_gap) if harsh else []
    _lighting(rng, canvas, float(rng.uniform(*(HARSH_LIGHT if harsh else (0.25, 0.5)))))
    image = degrade(canvas, rng, blur=float(rng.uniform(0.0, 0.8)), noise=float(rng.uniform(1.5, 3.0)),
                    jpeg_quality=85)
    scene = Scene(image, scene_cards)
    scene.cut = cut
    return scene


def _cut_cards(rng: np.random.Generator, canvas: np.ndarray, laid: list[SceneCard], scale: float,
               boxes: list[tuple[int, int]], gap: float) -> list[np.ndarray]:
    """Cards above the top row and below the bottom row, cut by the frame's edge: one or two
    along each edge where the margin leaves a strip of card showing. Returns their corners."""
    fh, fw = canvas.shape[:2]
    ys = np.concatenate([c.corners[:, 1] for c in laid])
    cut = []
    for top in (True, False):
        room = float(ys.min()) - gap if top else fh - float(ys.max()) - gap
        if room < 0.02 * fh:
            continue
        for _ in range(int(rng.integers(1, 3))):
            cw, ch = boxes[int(rng.integers(len(boxes)))]
            cw, ch = cw * scale, ch * scale
            shown = min(room, float(rng.uniform(0.2, 0.6)) * ch)
            x0 = float(rng.uniform(-0.3 * cw, fw - 0.7 * cw))
            y0 = shown - ch if top else fh - shown
            corners = np.array([[x0, y0], [x0 + cw, y0], [x0 + cw, y0 + ch], [x0, y0 + ch]])
            stock = HARSH_STOCKS[int(rng.integers(len(HARSH_STOCKS)))]
            card, _, _ = synthetic_card(rng, "easy", qr=False, layout="centered", scheme="light",
                                        background=PALE_STOCKS[stock], panel=False)
            _paste(canvas, card, corners, shadow=float(rng.uniform(0.0, 5.0)), rng=rng)
            cut.append(corners)
    return cut


# --- Cards of mixed stock, each at its own angle, touching ------------------------------------
MIXED_STOCKS = ("white", "panel", "gradient", "dark panel")
MIXED_TILT = 6.0  # degrees either way each card lies off square, on its own
MIXED_OVERLAP = (-0.012, 0.004)  # of the card's width: neighbours in a row overlap (<0) by a few px, or just part
MIXED_ROW_GAP = (0.0, 0.025)  # of the frame's short side: a row touches the one above, or lies a thin gap below
GRADIENT_BLUE = np.array([205.0, 150.0, 80.0])  # BGR: the deep end of a blue gradient stock


def mixed_table_photo(seed: int, n_cards: int | None = None, *, table: str | None = None,
                      quarter_turned: bool | None = None, cut: bool | None = None,
                      frame: tuple[int, int] | None = None) -> Scene:
    """A phone photo of `n_cards` (default 2..6) cards of mixed stock (MIXED_STOCKS: white, a
    coloured panel, blue gradient stock, a dark logo panel) on a white or pale-grey table, in a
    grid; each card turned by its own small angle (up to MIXED_TILT either way), neighbours in a
    row touching or overlapping by a few pixels, rows a thin gap apart or touching.

    quarter_turned: every card lies a quarter turn round (default: half the photos). cut: cards
    cut by the frame's top or bottom edge too (default: half the photos; their corners are in
    `scene.cut`, they are not among the scene's cards). frame: (width, height), default a phone's
    portrait 1080x1856, or 1200x1600 either way round. Deterministic per seed.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7)) if n_cards is None else n_cards
    table = table or TABLES[int(rng.integers(len(TABLES)))]
    quarter_turned = bool(rng.random() < 0.5) if quarter_turned is None else quarter_turned
    cut = bool(rng.random() < 0.5) if cut is None else cut
    if frame is None:
        frame = [(1080, 1856), (1200, 1600), (1600, 1200)][int(rng.integers(3))]
    fw, fh = frame
    cards = [(*_mixed_card(rng), int(rng.choice([1, 3])) if quarter_turned else 0) for _ in range(n)]
    boxes = [(c.shape[0], c.shape[1]) if t % 2 else (c.shape[1], c.shape[0]) for c, _, t in cards]
    row_gaps = [float(rng.uniform(*MIXED_ROW_GAP)) * min(fw, fh) for _ in range(n)]
    margin = (0.07 if cut else 0.05) * np.array([fw, fh])
    # (as many columns as fill the frame best: a phone is held to fit the cards)
    columns, scale = max(((c, _grid_scale(boxes, c, row_gaps, (fw, fh), margin)) for c in (1, 2, 3)
                          if c <= n and math.ceil(n / c) <= 3), key=lambda cs: cs[1])
    scale *= float(rng.uniform(0.8, 0.95))
    rows = math.ceil(n / columns)
    tallest = [max(b[1] for b in boxes[r * columns:(r + 1) * columns]) for r in range(rows)]
    used_h = sum(tallest) * scale + sum(row_gaps[1:])
    y = (fh - used_h) / 2 + float(rng.uniform(-0.5, 0.5)) * max(0.0, fh - used_h - 2 * margin[1])
    canvas = make_background(rng, (fw, fh), table)
    scene_cards = []
    for r in range(rows):
        row = list(range(r * columns, min(n, (r + 1) * columns)))
        y += row_gaps[r] if r else 0.0
        steps = [float(rng.uniform(*MIXED_OVERLAP)) * boxes[i][0] * scale for i in row[1:]]
        used_w = sum(boxes[i][0] for i in row) * scale + sum(steps)
        x = (fw - used_w) / 2 + float(rng.uniform(-0.5, 0.5)) * max(0.0, fw - used_w - 2 * margin[0])
        for k, i in enumerate(row):
            card, truth, turns = cards[i]
            bw = boxes[i][0] * scale
            centre = np.array([x + bw / 2, y + tallest[r] * scale / 2])
            corners = _turned_corners(card.shape[:2], scale, float(rng.uniform(-MIXED_TILT, MIXED_TILT)), turns, centre)
            _paste(canvas, card, corners, shadow=float(rng.uniform(0.5, 4.0)), rng=rng)
            scene_cards.append(SceneCard(truth, corners, turns))
            x += bw + (steps[k] if k < len(steps) else 0.0)
        y += tallest[r] * scale
    cut_corners = _mixed_cut_cards(rng, canvas, scene_cards, scale, boxes) if cut else []
    _lighting(rng, canvas, float(rng.uniform(0.2, 0.5)))
    image = degrade(canvas, rng, blur=float(rng.uniform(0.0, 0.8)), noise=float(rng.uniform(1.5, 3.0)),
                    jpeg_quality=85)
    scene = Scene(image, scene_cards)
    scene.cut = cut_corners
    return scene


def _grid_scale(boxes: list[tuple[int, int]], columns: int, row_gaps: list[float], frame: tuple[int, int],
                margin: np.ndarray) -> float:
    """The scale at which the cards' boxes, in rows of `columns`, fit the frame within `margin`."""
    rows = math.ceil(len(boxes) / columns)
    widest_row = max(sum(b[0] for b in boxes[r * columns:(r + 1) * columns]) for r in range(rows))
    tallest = sum(max(b[1] for b in boxes[r * columns:(r + 1) * columns]) for r in range(rows))
    return min((frame[0] - 2 * margin[0]) / widest_row, (frame[1] - 2 * margin[1] - sum(row_gaps[1:rows])) / tallest)


def _turned_corners(card_hw: tuple[int, int], scale: float, angle: float, turns: int,
                    centre: np.ndarray) -> np.ndarray:
    """Corners TL, TR, BR, BL of the upright card, scaled, turned by `angle` degrees and
    `turns` quarter turns clockwise, around `centre`."""
    ch, cw = card_hw
    base = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]]) * scale
    theta = math.radians(angle + 90 * turns)
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    return base @ rot.T + centre


def _mixed_card(rng: np.random.Generator, stock: str | None = None):
    """(card image, truth) of one of MIXED_STOCKS (default random)."""
    stock = stock or MIXED_STOCKS[int(rng.integers(len(MIXED_STOCKS)))]
    white = PALE_STOCKS["white"]
    if stock == "panel":
        card, truth, _ = synthetic_card(rng, "easy", qr=False, layout="logo_left", scheme="light",
                                        background=white, panel=True)
    elif stock == "dark panel":
        card, truth, _ = synthetic_card(rng, "easy", qr=False, layout="logo_left", scheme="light",
                                        background=white, panel=True, accent_colour=(16, 30, 62))
    else:
        layout = CARD_LAYOUTS[int(rng.integers(len(CARD_LAYOUTS)))]
        card, truth, _ = synthetic_card(rng, "easy", qr=False, layout=layout, scheme="light",
                                        background=PALE_STOCKS["light blue" if stock == "gradient" else "white"],
                                        panel=False)
        if stock == "gradient":
            card = _blue_gradient(rng, card)
    return card, truth


def _blue_gradient(rng: np.random.Generator, card: np.ndarray) -> np.ndarray:
    """The card's stock shaded from pale to a deeper blue across it (print stays dark: the
    shade multiplies)."""
    h, w = card.shape[:2]
    theta = float(rng.uniform(0, 2 * math.pi))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx / w - 0.5) * math.cos(theta) + (yy / h - 0.5) * math.sin(theta)
    t = np.clip(t - t.min(), 0, None) / max(float(t.max() - t.min()), 1e-6) * float(rng.uniform(0.4, 0.9))
    shade = 1 - t[..., None] * (1 - GRADIENT_BLUE / 255)
    return np.clip(card.astype(np.float32) * shade, 0, 255).astype(np.uint8)


def _mixed_cut_cards(rng: np.random.Generator, canvas: np.ndarray, laid: list[SceneCard], scale: float,
                     boxes: list[tuple[int, int]]) -> list[np.ndarray]:
    """One or two cards of mixed stock above the top row and below the bottom one, cut by the
    frame's edge, each at its own small angle. Returns their corners."""
    fh, fw = canvas.shape[:2]
    ys = np.concatenate([c.corners[:, 1] for c in laid])
    cut = []
    for top in (True, False):
        room = float(ys.min()) if top else fh - float(ys.max())
        if room < 0.02 * fh:
            continue
        for _ in range(int(rng.integers(1, 3))):
            card, _ = _mixed_card(rng)
            bw, bh = boxes[int(rng.integers(len(boxes)))]
            turns = 1 if bw < bh and card.shape[1] > card.shape[0] else 0
            shown = min(room - 4, float(rng.uniform(0.2, 0.6)) * bh * scale)
            cx = float(rng.uniform(0.1, 0.9)) * fw
            cy = shown - bh * scale / 2 if top else fh - shown + bh * scale / 2
            corners = _turned_corners(card.shape[:2], scale, float(rng.uniform(-MIXED_TILT, MIXED_TILT)), turns,
                                      np.array([cx, cy]))
            # (kept off the cards laid: only the frame cuts it)
            corners[:, 1] += min(0.0, float(ys.min()) - 3 - corners[:, 1].max()) if top else \
                max(0.0, float(ys.max()) + 3 - corners[:, 1].min())
            _paste(canvas, card, corners, shadow=float(rng.uniform(0.5, 4.0)), rng=rng)
            cut.append(corners)
    return cut

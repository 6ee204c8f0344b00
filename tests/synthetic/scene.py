"""Make a flat card look photographed or scanned, keeping track of where the card went.

`photo_scene` puts one card on a table (texture, clutter, shadow), seen through a
perspective camera at any angle and quarter turn, then spoils it the way phones do
(uneven light, glare, blur, noise, JPEG). `scan_page` lays several cards on a flatbed
page. Both return a `Scene`: the image plus, per card, its truth and its four corners
in the image in the card's own reading order (top-left, top-right, bottom-right,
bottom-left of the upright card), whatever way up it lies.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from tests.synthetic.identity import CardTruth

BACKGROUNDS = ("grey", "wood", "dark", "fabric", "white", "pale grey")


@dataclass
class SceneCard:
    truth: CardTruth | None
    corners: np.ndarray  # (4, 2) float: TL, TR, BR, BL of the upright card, in image pixels
    quarter_turns: int = 0  # how often the card was turned 90 degrees clockwise in the picture


@dataclass
class Scene:
    image: np.ndarray  # BGR uint8
    cards: list[SceneCard] = field(default_factory=list)

    @property
    def truths(self) -> list[CardTruth | None]:
        return [c.truth for c in self.cards]

    @property
    def corners(self) -> list[np.ndarray]:
        return [c.corners for c in self.cards]


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Low-frequency noise in -1..1, `cells` blobs across the longer side."""
    h, w = shape
    gh, gw = max(2, cells * h // max(h, w)), max(2, cells * w // max(h, w))
    small = rng.uniform(-1, 1, (gh + 1, gw + 1)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def make_background(rng: np.random.Generator, size: tuple[int, int], kind: str = "grey") -> np.ndarray:
    """A table or wall texture, float32 BGR 0..255, of size (width, height)."""
    w, h = size
    if kind not in BACKGROUNDS:
        raise ValueError(f"unknown background {kind!r}; choose one of {', '.join(BACKGROUNDS)}")
    blotches = _smooth_noise(rng, (h, w), 6)[..., None]
    ramp = np.linspace(-1, 1, w, dtype=np.float32)[None, :, None] * rng.uniform(-1, 1)
    ramp = ramp + np.linspace(-1, 1, h, dtype=np.float32)[:, None, None] * rng.uniform(-1, 1)
    grain = rng.standard_normal((h, w, 1), dtype=np.float32)
    if kind == "grey":
        base = np.array([rng.uniform(110, 190)] * 3, np.float32) + rng.uniform(-8, 8, 3).astype(np.float32)
        img = base + 14 * blotches + 12 * ramp + 3 * grain
    elif kind == "white":
        base = np.array([rng.uniform(215, 240)] * 3, np.float32)
        img = base + 8 * blotches + 6 * ramp + 2 * grain
    elif kind == "pale grey":  # a light-grey desk or tablecloth: a little darker than white card stock
        base = np.array([rng.uniform(190, 220)] * 3, np.float32) + rng.uniform(-4, 4, 3).astype(np.float32)
        img = base + 8 * blotches + 8 * ramp + 2.5 * grain
    elif kind == "dark":
        base = np.array([rng.uniform(25, 60)] * 3, np.float32) + rng.uniform(-5, 5, 3).astype(np.float32)
        img = base + 8 * blotches + 6 * ramp + 3 * grain
    elif kind == "wood":
        base = np.array([rng.uniform(40, 80), rng.uniform(80, 120), rng.uniform(130, 175)], np.float32)  # BGR brown
        warp = _smooth_noise(rng, (h, w), 4) * rng.uniform(20, 60)
        ys = np.arange(h, dtype=np.float32)[:, None] + warp.astype(np.float32)
        rings = np.sin(ys / rng.uniform(3, 7)) * np.sin(ys / rng.uniform(17, 31))
        streaks = cv2.resize(rng.normal(0, 1, (h, max(2, w // 60))).astype(np.float32), (w, h))
        img = base * (1 + (0.07 * rings + 0.1 * streaks)[..., None] + 0.1 * blotches) + 6 * ramp + 2 * grain
    else:  # fabric: a coloured cloth with a fine weave
        base = rng.uniform(60, 170, 3).astype(np.float32)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        weave = (np.sin(xx * 1.3) * np.sin(yy * 1.3))[..., None]
        img = base + 8 * weave + 12 * blotches + 8 * ramp + 4 * grain
    return np.clip(img, 0, 255).astype(np.float32)


def _draw_clutter(rng: np.random.Generator, img: np.ndarray, keep_out: np.ndarray | None, count: int) -> None:
    """Other things on the table: sheets of paper, a pen, a cup; never card-shaped, kept off `keep_out`."""
    h, w = img.shape[:2]
    placed = 0
    for _ in range(count * 10):
        if placed >= count:
            break
        layer = np.zeros((h, w), np.uint8)
        kind = rng.choice(["paper", "pen", "cup"])
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        angle = rng.uniform(0, 180)
        if kind == "paper":  # A4-ish: much larger than a card, a different aspect
            s = rng.uniform(0.35, 0.7) * max(w, h)
            rect = ((cx, cy), (s, s * 1.414), angle)
            colour = np.array([rng.uniform(200, 250)] * 3) + rng.uniform(-10, 10, 3)
        elif kind == "pen":
            s = rng.uniform(0.12, 0.25) * max(w, h)
            rect = ((cx, cy), (s, s * 0.06), angle)
            colour = rng.uniform(10, 200, 3)
        else:
            r = int(rng.uniform(0.05, 0.1) * max(w, h))
            cv2.circle(layer, (int(cx), int(cy)), r, 255, -1)
            colour = rng.uniform(40, 230, 3)
            rect = None
        if rect is not None:
            cv2.fillPoly(layer, [cv2.boxPoints(rect).astype(np.int32)], 255)
        if keep_out is not None and np.any(layer & keep_out):
            continue
        mask = cv2.GaussianBlur(layer, (0, 0), 1.2).astype(np.float32)[..., None] / 255
        shade = (colour * (1 + 0.05 * rng.standard_normal((h, w, 1), dtype=np.float32))).astype(np.float32)
        img[:] = img * (1 - mask) + shade * mask
        placed += 1


def _project(card_w: float, card_h: float, yaw: float, pitch: float, roll: float, focal: float) -> np.ndarray:
    """Corners of a card seen by a pinhole camera (degrees), centred on the origin."""
    pts = np.array([[-card_w / 2, -card_h / 2, 0], [card_w / 2, -card_h / 2, 0],
                    [card_w / 2, card_h / 2, 0], [-card_w / 2, card_h / 2, 0]], np.float64)
    a, b, c = (math.radians(v) for v in (yaw, pitch, roll))
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    ry = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    p = pts @ (rx @ ry @ rz).T
    z = p[:, 2] + focal
    return np.stack([p[:, 0] * focal / z, p[:, 1] * focal / z], axis=1)


def _paste(canvas: np.ndarray, card: np.ndarray, corners: np.ndarray, shadow: float,
           rng: np.random.Generator) -> None:
    """Warp the card onto the canvas at `corners`, with a soft drop shadow underneath."""
    h, w = canvas.shape[:2]
    pad = int(4 * shadow + 4)
    x0, y0 = np.maximum(np.floor(corners.min(axis=0)).astype(int) - pad, 0)
    x1, y1 = np.minimum(np.ceil(corners.max(axis=0)).astype(int) + pad, [w, h])
    if x1 <= x0 or y1 <= y0:
        return
    roi = canvas[y0:y1, x0:x1]  # work on the card's neighbourhood only: pages are large
    rw, rh = x1 - x0, y1 - y0
    ch, cw = card.shape[:2]
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    m = cv2.getPerspectiveTransform(src, (corners - [x0, y0]).astype(np.float32))
    ones = np.full((ch, cw), 255, np.uint8)
    mask = cv2.warpPerspective(ones, m, (rw, rh), flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255
    if shadow > 0:
        offset = np.float32([[1, 0, rng.uniform(-1, 1) * shadow], [0, 1, rng.uniform(0.3, 1) * shadow]])
        shade = cv2.warpAffine(mask[..., 0], offset, (rw, rh))
        shade = cv2.GaussianBlur(shade, (0, 0), max(1.0, shadow * 0.8))[..., None]
        roi *= 1 - 0.45 * shade
    # big cards shrunk into small photos: pre-shrink so the warp does not alias the text
    shrink = np.linalg.norm(corners[1] - corners[0]) / cw
    if shrink < 0.7:
        small = cv2.resize(card, None, fx=shrink * 1.3, fy=shrink * 1.3, interpolation=cv2.INTER_AREA)
        sh, sw = small.shape[:2]
        m = cv2.getPerspectiveTransform(np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32),
                                        (corners - [x0, y0]).astype(np.float32))
        card = small
    warped = cv2.warpPerspective(card, m, (rw, rh), flags=cv2.INTER_LINEAR)
    roi[:] = roi * (1 - mask) + warped.astype(np.float32) * mask


def _lighting(rng: np.random.Generator, img: np.ndarray, strength: float) -> None:
    """Uneven light: a tilted gradient and a vignette, multiplying everything in the frame."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    direction = ((xx / w - 0.5) * math.cos(angle) + (yy / h - 0.5) * math.sin(angle))
    vignette = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2)
    field_ = 1 + strength * (0.8 * direction - 0.9 * vignette)
    img *= field_[..., None]


def _glare(rng: np.random.Generator, img: np.ndarray, corners: np.ndarray, strength: float) -> None:
    """A glossy highlight: a soft, bright, elongated blob somewhere on the card."""
    h, w = img.shape[:2]
    weights = rng.dirichlet(np.ones(4))
    cx, cy = weights @ corners
    size = np.linalg.norm(corners[1] - corners[0]) * rng.uniform(0.12, 0.25)
    k = 8  # the blob is smooth: draw and blur it at 1/8 scale, then enlarge
    blob = np.zeros((h // k + 1, w // k + 1), np.float32)
    axes = (max(1, int(size / k)), max(1, int(size * rng.uniform(0.3, 0.7) / k)))
    cv2.ellipse(blob, (int(cx / k), int(cy / k)), axes, rng.uniform(0, 180), 0, 360, 1.0, -1)
    blob = cv2.GaussianBlur(blob, (0, 0), max(1.0, size * 0.35 / k))
    blob = cv2.resize(blob, (w, h), interpolation=cv2.INTER_LINEAR)
    img += (strength * 255 * blob)[..., None]


def _motion_kernel(length: int, angle: float) -> np.ndarray:
    k = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1
    rot = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), angle, 1)
    k = cv2.warpAffine(k, rot, (length, length))
    return k / k.sum()


def degrade(img: np.ndarray, rng: np.random.Generator, *, blur: float = 0.0, motion: int = 0,
            noise: float = 0.0, jpeg_quality: int | None = None) -> np.ndarray:
    """Camera faults on a float image: defocus, shake, sensor noise, then JPEG; returns uint8 BGR."""
    if blur > 0:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    if motion > 1:
        img = cv2.filter2D(img, -1, _motion_kernel(int(motion), rng.uniform(0, 180)))
    if noise > 0:
        luma = rng.standard_normal(img.shape[:2] + (1,), dtype=np.float32) * noise
        chroma = rng.standard_normal(img.shape, dtype=np.float32) * (noise * 0.4)
        img = img + luma + chroma
    out = np.clip(img, 0, 255).astype(np.uint8)
    if jpeg_quality:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return out


def photo_scene(card: np.ndarray, rng: np.random.Generator, *, truth: CardTruth | None = None,
                frame: tuple[int, int] = (1600, 1200), background: str | None = None,
                card_fraction: float | None = None, fill_frame: bool = False,
                tilt: float = 15.0, roll: float | None = None, quarter_turns: int = 0,
                clutter: int = 0, shadow: float | None = None, lighting: float = 0.2,
                glare: float = 0.0, blur: float = 0.0, motion: int = 0, noise: float = 2.0,
                jpeg_quality: int | None = 90) -> Scene:
    """One card photographed on a table.

    frame: (width, height) of the photo. card_fraction: the card's share of the frame's
    width (default random 0.3..0.6). fill_frame: the card fills the whole photo, its
    edges cut off (frame then takes the card's aspect). tilt: the most the camera leans
    off straight-down, degrees. roll: in-plane rotation in degrees (default random
    +-12). quarter_turns: extra 90-degree clockwise turns (0..3) of the card. clutter:
    how many other objects lie on the table. glare: 0..1 strength of a glossy highlight.
    blur: gaussian sigma; motion: motion blur length in pixels; noise: sensor noise sigma.
    """
    ch, cw = card.shape[:2]
    if fill_frame:
        width = frame[0]
        frame = (width, round(width * (ch / cw if quarter_turns % 2 == 0 else cw / ch)))
        tilt = min(tilt, 2.0)
        roll = float(np.clip(rng.uniform(-1.0, 1.0) if roll is None else roll, -1.0, 1.0))
        card_fraction = None
    fw, fh = frame
    roll = rng.uniform(-12, 12) if roll is None else roll
    yaw, pitch = (rng.uniform(-tilt, tilt) for _ in range(2))
    quad = _project(cw, ch, yaw, pitch, roll + 90 * quarter_turns, focal=1.6 * max(cw, ch))
    quad -= quad.min(axis=0)
    span = quad.max(axis=0)
    if fill_frame:  # overshoot every edge a little: the card's margin is cut, never its text
        scale = max(fw / span[0], fh / span[1]) * rng.uniform(1.01, 1.03)
        for _ in range(20):
            placed = quad * scale + (np.array([fw, fh]) - span * scale) / 2
            if cv2.pointPolygonTest(placed.astype(np.float32), (0, 0), False) > 0 and all(
                    cv2.pointPolygonTest(placed.astype(np.float32), (float(x), float(y)), False) > 0
                    for x, y in ((fw, 0), (fw, fh), (0, fh))):
                break
            scale *= 1.01
    else:
        frac = rng.uniform(0.3, 0.6) if card_fraction is None else card_fraction
        scale = min(frac * fw / span[0], 0.92 * fh / span[1], 0.92 * fw / span[0])
        size = span * scale
        margin = 0.03 * np.array([fw, fh])
        low, high = margin, np.array([fw, fh]) - size - margin
        offset = np.where(high > low, rng.uniform(low, np.maximum(high, low + 1e-6)), (np.array([fw, fh]) - size) / 2)
        placed = quad * scale + offset
    kind = background or rng.choice(BACKGROUNDS[:4])
    canvas = make_background(rng, (fw, fh), kind)
    if clutter:
        keep = np.zeros((fh, fw), np.uint8)
        cv2.fillPoly(keep, [placed.astype(np.int32)], 255)
        keep = cv2.dilate(keep, np.ones((15, 15), np.uint8))
        _draw_clutter(rng, canvas, keep, clutter)
    card_scale = np.linalg.norm(placed[1] - placed[0]) / cw
    shadow = (0 if fill_frame else rng.uniform(3, 12) * max(card_scale, 0.3)) if shadow is None else shadow
    _paste(canvas, card, placed, shadow, rng)
    if lighting:
        _lighting(rng, canvas, lighting)
    if glare:
        _glare(rng, canvas, placed, glare)
    image = degrade(canvas, rng, blur=blur, motion=motion, noise=noise, jpeg_quality=jpeg_quality)
    return Scene(image, [SceneCard(truth, placed.astype(np.float64), quarter_turns % 4)])


def scan_page(cards: list[tuple[np.ndarray, CardTruth | None]], rng: np.random.Generator, *,
              page_mm: tuple[float, float] = (210.0, 297.0), dpi: int = 300, card_dpi: int = 300,
              max_angle: float = 4.0, noise: float = 1.5, jpeg_quality: int | None = None) -> Scene:
    """Cards laid on a flatbed scanner at slight angles, on a white page (A4 by default).

    Cards are placed row by row with random gaps and never overlap; too many cards for
    the page raise ValueError.
    """
    if not cards:
        raise ValueError("scan_page needs at least one card")
    pw, ph = (round(mm / 25.4 * dpi) for mm in page_mm)
    page = np.full((ph, pw, 3), rng.uniform(238, 252), np.float32)
    page += 3 * _smooth_noise(rng, (ph, pw), 5)[..., None]
    ratio = dpi / card_dpi
    margin = round(0.03 * pw)
    x, y, row_h = margin, margin, 0
    placements = []
    for img, truth in cards:
        ch, cw = (round(v * ratio) for v in img.shape[:2])
        angle = rng.uniform(-max_angle, max_angle)
        rect = cv2.boxPoints(((0, 0), (cw, ch), angle))  # corners of the turned card around its centre
        bw, bh = rect.max(axis=0) - rect.min(axis=0)
        gap = rng.uniform(0.012, 0.035) * pw
        if x + bw > pw - margin:
            x, y, row_h = margin, y + row_h + gap, 0
        if y + bh > ph - margin:
            raise ValueError(f"{len(cards)} cards do not fit on a {page_mm[0]:.0f}x{page_mm[1]:.0f} mm page")
        centre = np.array([x + bw / 2, y + bh / 2])
        theta = math.radians(angle)
        rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
        base = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
        placements.append((img, truth, base @ rot.T + centre))
        x += bw + gap
        row_h = max(row_h, bh)
    scene_cards = []
    for img, truth, corners in placements:
        # the scanner lid leaves a thin grey edge around a card: a 1-2 px shadow
        _paste(page, img, corners, shadow=1.5, rng=rng)
        scene_cards.append(SceneCard(truth, corners))
    image = degrade(page, rng, blur=0.5, noise=noise, jpeg_quality=jpeg_quality)
    return Scene(image, scene_cards)


# --- Cards that hold a picture, two-tone cards, several cards in one photo ------------------
def photo_picture(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A photo-like picture (w, h): a portrait or an engraving, with a crisp rectangular edge:
    what a locator mistakes for the card when the card's own edge is faint."""
    w, h = size
    img = np.empty((h, w, 3), np.float32)
    img[:] = rng.uniform(60, 200, 3)
    img += 45 * _smooth_noise(rng, (h, w), 5)[..., None]
    for _ in range(int(rng.integers(3, 7))):  # a head and shoulders, or things in a scene
        centre = (int(rng.uniform(0.2, 0.8) * w), int(rng.uniform(0.2, 0.9) * h))
        axes = (int(rng.uniform(0.1, 0.35) * w), int(rng.uniform(0.1, 0.35) * h))
        cv2.ellipse(img, centre, axes, rng.uniform(0, 180), 0, 360, rng.uniform(10, 240, 3).tolist(), -1)
    img += rng.standard_normal((h, w, 1), dtype=np.float32) * 12
    img = cv2.GaussianBlur(img, (0, 0), 1.2)
    cv2.rectangle(img, (0, 0), (w - 1, h - 1), (40, 40, 40), max(2, w // 120))
    return np.clip(img, 0, 255).astype(np.uint8)


def card_with_picture(rng: np.random.Generator, body: np.ndarray, *, column_stock: tuple[int, int, int] | None = None,
                      side: str = "left", caption: tuple[str, str] = ("Harbourline Freight", "www.harbourline.example")
                      ) -> np.ndarray:
    """A card made of `body` (a rendered card, BGR) and a column beside it holding a picture
    with a line of print above and below it. column_stock (BGR) defaults to the body's own
    stock: one light card with a photo in it; a light column beside a dark body is a two-tone
    card. The column is 0.6 of the body's height wide."""
    h = body.shape[0]
    stock = tuple(int(c) for c in (np.median(body[:6, :6].reshape(-1, 3), axis=0) if column_stock is None
                                   else column_stock))
    cw = round(0.6 * h)
    column = np.empty((h, cw, 3), np.uint8)
    column[:] = stock
    ink = (30, 30, 30) if sum(stock) > 3 * 128 else (235, 235, 235)
    ph = round(rng.uniform(0.45, 0.55) * h)  # a portrait photo: never square (a square is a logo or a code)
    pw = round(ph / rng.uniform(1.2, 1.4))
    top, left = round(0.2 * h), (cw - pw) // 2
    column[top:top + ph, left:left + pw] = photo_picture(rng, (pw, ph))
    scale = cw / 520
    for text, y in ((caption[0], top - round(0.06 * h)), (caption[1], top + ph + round(0.1 * h))):
        (tw, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, max(1, round(2 * scale)))
        cv2.putText(column, text, (max(4, (cw - tw) // 2), y), cv2.FONT_HERSHEY_SIMPLEX, scale, ink,
                    max(1, round(2 * scale)), cv2.LINE_AA)
    return np.hstack([column, body] if side == "left" else [body, column])


def cards_photo(cards: list[tuple[np.ndarray, CardTruth | None]], rng: np.random.Generator, *,
                frame: tuple[int, int] = (1600, 1200), columns: int = 2, gap: float = 0.02,
                background: str | None = None, roll: float = 3.0, shadow: float | None = None,
                lighting: float = 0.2, noise: float = 2.0, jpeg_quality: int | None = 90) -> Scene:
    """Several cards photographed together on a table, in a grid of `columns` (the front and
    back of one card side by side, or a handful of cards laid out): each turned up to `roll`
    degrees, `gap` (share of the frame's width) apart; 0 lets neighbours touch."""
    fw, fh = frame
    rows = math.ceil(len(cards) / columns)
    margin = 0.04 * np.array([fw, fh])
    cell = (np.array([fw, fh]) - 2 * margin - gap * fw * np.array([columns - 1, rows - 1])) / [columns, rows]
    kind = background or rng.choice(BACKGROUNDS[:4])
    canvas = make_background(rng, (fw, fh), kind)
    scene_cards = []
    for i, (card, truth) in enumerate(cards):
        col, row = i % columns, i // columns
        ch, cw = card.shape[:2]
        angle = rng.uniform(-roll, roll)
        theta = math.radians(angle)
        base = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
        turned = base @ np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]]).T
        span = turned.max(axis=0) - turned.min(axis=0)
        scale = float(np.min(cell / span)) * 0.98
        centre = margin + (cell + gap * fw) * [col, row] + cell / 2
        corners = turned * scale + centre
        card_scale = np.linalg.norm(corners[1] - corners[0]) / cw
        _paste(canvas, card, corners, rng.uniform(2, 8) * max(card_scale, 0.3) if shadow is None else shadow, rng)
        scene_cards.append(SceneCard(truth, corners))
    if lighting:
        _lighting(rng, canvas, lighting)
    return Scene(degrade(canvas, rng, noise=noise, jpeg_quality=jpeg_quality), scene_cards)

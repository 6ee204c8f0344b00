"""Draw a synthetic card, flat and upright, as a BGR image at print resolution."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tests.synthetic.fonts import load_font
from tests.synthetic.identity import CardTruth
from tests.synthetic.layout import CardLayout, layout_card
from tests.synthetic.style import CardStyle
from tests.synthetic.vcard import qr_image, vcard_text


def _draw_logo(draw: ImageDraw.ImageDraw, box, shape: str, colour, background) -> None:
    x0, y0, x1, y1 = box
    s = x1 - x0
    if shape == "circles":
        r = s * 0.3
        for cx, cy in ((0.35, 0.35), (0.65, 0.35), (0.5, 0.65)):
            draw.ellipse((x0 + cx * s - r, y0 + cy * s - r, x0 + cx * s + r, y0 + cy * s + r), outline=colour,
                         width=max(2, s // 16))
    elif shape == "bars":
        for i, h in enumerate((0.45, 0.75, 1.0, 0.6)):
            bx = x0 + i * s / 4
            draw.rectangle((bx + s * 0.03, y1 - h * s, bx + s / 4 - s * 0.03, y1), fill=colour)
    elif shape == "triangle":
        draw.polygon([(x0 + s / 2, y0), (x1, y1), (x0, y1)], fill=colour)
        draw.polygon([(x0 + s / 2, y0 + s * 0.45), (x0 + s * 0.72, y1 - s * 0.08),
                      (x0 + s * 0.28, y1 - s * 0.08)], fill=background)
    elif shape == "diamond":
        draw.polygon([(x0 + s / 2, y0), (x1, y0 + s / 2), (x0 + s / 2, y1), (x0, y0 + s / 2)], fill=colour)
    elif shape == "ring":
        draw.ellipse(box, outline=colour, width=max(3, s // 8))
        draw.ellipse((x0 + s * 0.38, y0 + s * 0.38, x1 - s * 0.38, y1 - s * 0.38), fill=colour)
    else:  # squares
        q = s / 2
        for i, j in ((0, 0), (1, 1), (1, 0)):
            draw.rectangle((x0 + i * q + 2, y0 + j * q + 2, x0 + (i + 1) * q - 2, y0 + (j + 1) * q - 2),
                           fill=colour if (i, j) != (1, 0) else None, outline=colour, width=max(2, s // 20))


def _draw_decoration(draw: ImageDraw.ImageDraw, style: CardStyle, w: int, h: int) -> None:
    unit = min(w, h)
    colour = style.accent_colour
    if style.decoration == "bar":
        draw.rectangle((0, 0, w, round(0.028 * unit)), fill=colour)
    elif style.decoration == "stripe":
        draw.rectangle((0, 0, round(0.022 * unit), h), fill=colour)
    elif style.decoration == "band":
        draw.rectangle((0, h - round(0.045 * unit), w, h), fill=colour)
    elif style.decoration == "border":
        inset = round(0.03 * unit)
        draw.rectangle((inset, inset, w - inset, h - inset), outline=colour, width=max(2, unit // 250))


def draw_layout(layout: CardLayout, truth: CardTruth, style: CardStyle) -> Image.Image:
    img = Image.new("RGB", (layout.width, layout.height), style.background)
    draw = ImageDraw.Draw(img)
    if style.layout != "logo_left" or not style.panel:
        _draw_decoration(draw, style, layout.width, layout.height)
    logo_colour, logo_bg = style.accent_colour, style.background
    if layout.panel_box:
        draw.rectangle(layout.panel_box, fill=style.accent_colour)
        logo_colour, logo_bg = style.background, style.accent_colour
    if layout.logo_box:
        _draw_logo(draw, layout.logo_box, style.logo_shape, logo_colour, logo_bg)
    if layout.qr_box:
        x0, y0, x1, _ = layout.qr_box
        code = Image.fromarray(qr_image(vcard_text(truth), x1 - x0)).convert("RGB")
        img.paste(code, (x0, y0))
    for line in layout.lines:
        font = load_font(style.family, line.variant, line.font_px)
        draw.text(line.origin, line.text, font=font, fill=line.colour, anchor="la")
    return img


def render_card(truth: CardTruth, style: CardStyle, rng: np.random.Generator) -> np.ndarray:
    """The card as a flat, upright BGR image (300 dpi by default), with a little paper grain."""
    layout = layout_card(truth, style)
    rgb = np.asarray(draw_layout(layout, truth, style), dtype=np.float32)
    if style.paper_grain > 0:
        h, w = rgb.shape[:2]
        grain = rng.standard_normal((h, w, 1), dtype=np.float32) * style.paper_grain
        fibres = cv2.resize(rng.normal(0, style.paper_grain, (h // 8 + 1, w // 8 + 1)).astype(np.float32), (w, h))
        rgb += grain + fibres[..., None]
    return cv2.cvtColor(np.clip(rgb, 0, 255).astype(np.uint8), cv2.COLOR_RGB2BGR)

"""How a synthetic card looks: layout, colours, fonts, labels, logo and QR code.

`random_style(rng, **overrides)` draws every choice from the seed; any of them can be
pinned by name (`random_style(rng, scheme="dark", layout="portrait")`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from tests.synthetic.fonts import available_families
from tests.synthetic.phones import PHONE_LABEL_STYLES

LAYOUTS = ("left", "centered", "right", "logo_left", "two_column", "name_bottom", "portrait")
SCHEMES = ("light", "dark", "coloured")
LOGO_SHAPES = ("circles", "bars", "triangle", "diamond", "ring", "squares")
DECORATIONS = ("none", "bar", "stripe", "band", "border")
# Card sizes in millimetres: ISO/EU, US, Japan.
CARD_SIZES_MM = ((85.0, 55.0), (88.9, 50.8), (91.0, 55.0))

RGB = tuple[int, int, int]

_LIGHT_BACKGROUNDS: list[RGB] = [(255, 255, 255), (250, 248, 240), (244, 244, 240), (236, 240, 245)]
_DARK_TEXT: list[RGB] = [(20, 20, 20), (35, 38, 60), (50, 50, 50)]
_LIGHT_ACCENTS: list[RGB] = [(20, 50, 120), (160, 25, 40), (0, 100, 110), (25, 100, 55), (90, 40, 120)]
_DARK_BACKGROUNDS: list[RGB] = [(18, 18, 20), (16, 30, 62), (40, 40, 46), (14, 52, 38), (66, 14, 24)]
_LIGHT_TEXT: list[RGB] = [(245, 245, 245), (236, 230, 214), (225, 232, 240)]
_DARK_ACCENTS: list[RGB] = [(222, 184, 92), (150, 205, 255), (250, 160, 70), (170, 225, 170)]
_COLOURED_BACKGROUNDS: list[RGB] = [(0, 120, 130), (225, 115, 35), (120, 170, 220), (245, 220, 120),
                                    (170, 200, 160), (190, 45, 60), (240, 200, 210), (95, 75, 160)]


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance, 0 (black) .. 1 (white)."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1..21; 4.5 is the floor for body text."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class CardStyle:
    layout: str = "left"
    scheme: str = "light"
    background: RGB = (255, 255, 255)
    text_colour: RGB = (20, 20, 20)
    accent_colour: RGB = (20, 50, 120)
    family: str = "DejaVu Sans"
    name_variant: str = "bold"
    body_variant: str = "regular"  # "italic" for italic type throughout
    text_scale: float = 1.0  # < 0.8 is small print
    size_mm: tuple[float, float] = (85.0, 55.0)  # landscape; the portrait layout turns it
    dpi: int = 300
    align: str = "left"  # for the portrait layout: "left" or "center"
    logo: bool = True
    logo_shape: str = "circles"
    wordmark: bool = False  # the company's short name printed beside the logo
    panel: bool = False  # logo_left: the logo column filled with the accent colour
    qr: bool = False
    decoration: str = "none"
    phone_labels: str = "letter"
    phones_on_one_line: bool = False  # "T: ... F: ..." on one line
    email_label: str = ""
    web_label: str = ""
    name_upper: bool = False
    accent_name: bool = False  # name printed in the accent colour
    paper_grain: float = 2.0

    @property
    def size_px(self) -> tuple[int, int]:
        """(width, height) in pixels, portrait when the layout is."""
        w, h = (round(mm / 25.4 * self.dpi) for mm in self.size_mm)
        return (h, w) if self.layout == "portrait" else (w, h)


def _pick(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def palette(rng: np.random.Generator, scheme: str) -> tuple[RGB, RGB, RGB]:
    """(background, text, accent) with readable contrast for the scheme."""
    if scheme == "light":
        bg, text = _pick(rng, _LIGHT_BACKGROUNDS), _pick(rng, _DARK_TEXT)
        accent = _pick(rng, _LIGHT_ACCENTS)
    elif scheme == "dark":
        bg, text = _pick(rng, _DARK_BACKGROUNDS), _pick(rng, _LIGHT_TEXT)
        accent = _pick(rng, _DARK_ACCENTS)
    elif scheme == "coloured":
        bg = _pick(rng, _COLOURED_BACKGROUNDS)
        text = max([(15, 15, 15), (250, 250, 250)], key=lambda t: contrast(t, bg))
        accents = [a for a in _LIGHT_ACCENTS + _DARK_ACCENTS if contrast(a, bg) >= 4.5] or [text]
        accent = _pick(rng, accents)
    else:
        raise ValueError(f"unknown colour scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    if contrast(accent, bg) < 4.5:
        accent = text
    return bg, text, accent


def random_style(rng: np.random.Generator, **overrides) -> CardStyle:
    """A random card style; keyword arguments pin any CardStyle field."""
    unknown = set(overrides) - {f.name for f in dataclasses.fields(CardStyle)}
    if unknown:
        raise TypeError(f"unknown style option(s): {', '.join(sorted(unknown))}")
    scheme = overrides.get("scheme") or _pick(rng, ["light"] * 6 + ["dark"] * 2 + ["coloured"] * 2)
    bg, text, accent = palette(rng, scheme)
    layout = overrides.get("layout") or _pick(rng, LAYOUTS)
    italic = rng.random() < 0.15
    style = CardStyle(
        layout=layout,
        scheme=scheme,
        background=bg,
        text_colour=text,
        accent_colour=accent,
        family=_pick(rng, available_families()),
        name_variant="bolditalic" if italic else _pick(rng, ["bold", "bold", "regular"]),
        body_variant="italic" if italic else "regular",
        text_scale=float(rng.uniform(0.92, 1.08)),
        size_mm=_pick(rng, CARD_SIZES_MM),
        align=_pick(rng, ["left", "center"]),
        logo=rng.random() < 0.7,
        logo_shape=_pick(rng, LOGO_SHAPES),
        wordmark=False,
        panel=layout == "logo_left" and rng.random() < 0.5,
        qr=False,
        decoration=_pick(rng, DECORATIONS),
        phone_labels=_pick(rng, sorted(PHONE_LABEL_STYLES)),
        phones_on_one_line=rng.random() < 0.2,
        email_label=_pick(rng, ["", "", "E:", "E-mail:", "Email:"]),
        web_label=_pick(rng, ["", "", "W:", "Web:", "URL:"]),
        name_upper=rng.random() < 0.12,
        accent_name=rng.random() < 0.35,
        paper_grain=float(rng.uniform(1.0, 3.5)),
    )
    return dataclasses.replace(style, **overrides)

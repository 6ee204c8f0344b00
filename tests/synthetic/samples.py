"""One-call synthetic photos and scans: a seed and a difficulty (or a named variant) in, an image out.

    scene = synthetic_scene(7, "medium")            # Scene: image + truth + corners per card
    image, truths = synthetic_sample(7, "hard")     # just the picture and what is on it
    scene = synthetic_scene(3, variant="dark")      # a pinned variant, see VARIANTS
    scene = synthetic_scan(5, n_cards=6)            # a flatbed page with six cards
"""
from __future__ import annotations

import numpy as np

from tests.synthetic.fonts import available_families
from tests.synthetic.identity import CardTruth, make_card_truth
from tests.synthetic.render import render_card
from tests.synthetic.scene import Scene, photo_scene, scan_page
from tests.synthetic.style import CardStyle, random_style

DIFFICULTIES = ("easy", "medium", "hard")

# Named variants: (style overrides, scene overrides) applied on top of a difficulty.
VARIANTS: dict[str, tuple[dict, dict]] = {
    "plain": ({"layout": "left", "scheme": "light"}, {}),
    "centred_serif": ({"layout": "centered", "family": "DejaVu Serif"}, {}),
    "right_block": ({"layout": "right"}, {}),
    "two_column": ({"layout": "two_column"}, {}),
    "logo_left_panel": ({"layout": "logo_left", "panel": True, "wordmark": True, "logo": True}, {}),
    "name_bottom_italic": ({"layout": "name_bottom", "body_variant": "italic", "name_variant": "bolditalic"}, {}),
    "dark": ({"scheme": "dark"}, {}),
    "coloured": ({"scheme": "coloured"}, {}),
    "portrait": ({"layout": "portrait"}, {}),
    "rotated_90": ({}, {"quarter_turns": 1}),
    "upside_down": ({}, {"quarter_turns": 2}),
    "small_print": ({"text_scale": 0.74}, {}),
    "qr": ({"qr": True}, {}),
    "fills_frame": ({}, {"fill_frame": True}),
    "cluttered": ({}, {"clutter": 3, "tilt": 25.0, "card_fraction": 0.4}),
    "glare_blur": ({}, {"glare": 0.5, "blur": 1.0}),
    "motion_blur": ({}, {"motion": 5}),
}


def _style_options(rng: np.random.Generator, difficulty: str) -> dict:
    if difficulty == "easy":
        return {"scheme": "light", "text_scale": float(rng.uniform(1.0, 1.1)), "body_variant": "regular",
                "name_variant": "bold",
                "layout": ["left", "centered", "right", "two_column", "logo_left"][int(rng.integers(5))]}
    if difficulty == "medium":
        return {"text_scale": float(rng.uniform(0.85, 1.05)), "qr": bool(rng.random() < 0.25)}
    return {"text_scale": float(rng.uniform(0.78, 0.92)), "qr": bool(rng.random() < 0.3),
            "scheme": ["light", "dark", "coloured"][int(rng.integers(3))],
            "wordmark": bool(rng.random() < 0.4)}


def _scene_options(rng: np.random.Generator, difficulty: str) -> dict:
    if difficulty == "easy":
        return {"tilt": 8.0, "roll": float(rng.uniform(-8, 8)), "card_fraction": float(rng.uniform(0.55, 0.75)),
                "background": ["grey", "wood"][int(rng.integers(2))], "lighting": 0.15, "noise": 1.5,
                "jpeg_quality": 92}
    if difficulty == "medium":
        return {"tilt": 20.0, "quarter_turns": int(rng.choice([0, 0, 0, 1, 2, 3])),
                "card_fraction": float(rng.uniform(0.4, 0.6)), "clutter": int(rng.integers(0, 3)),
                "blur": float(rng.uniform(0, 0.8)), "noise": 3.0, "jpeg_quality": 80, "lighting": 0.3,
                "glare": 0.3 if rng.random() < 0.3 else 0.0}
    # Hard, but still legible to a person looking at the photo: the text keeps ~8 px x-height.
    return {"tilt": 30.0, "roll": float(rng.uniform(-180, 180)), "card_fraction": float(rng.uniform(0.45, 0.62)),
            "clutter": int(rng.integers(2, 5)), "blur": float(rng.uniform(0.4, 0.9)),
            "motion": int(rng.choice([0, 0, 3, 5])), "noise": 4.0, "jpeg_quality": 65, "lighting": 0.45,
            "glare": float(rng.uniform(0.3, 0.6))}


def _check(difficulty: str, variant: str | None) -> None:
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty {difficulty!r}; choose one of {', '.join(DIFFICULTIES)}")
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}")


def synthetic_card(rng: np.random.Generator, difficulty: str = "easy", **style_overrides
                   ) -> tuple[np.ndarray, CardTruth, CardStyle]:
    """A flat card image with its truth and the style it was drawn in."""
    _check(difficulty, None)
    truth = make_card_truth(rng)
    options = {**_style_options(rng, difficulty), **style_overrides}
    if options.get("family") and options["family"] not in available_families():
        options.pop("family")
    style = random_style(rng, **options)
    if style.wordmark:
        truth.extra["company_alt"] = [truth.company_stem]
    return render_card(truth, style, rng), truth, style


def synthetic_scene(seed: int, difficulty: str = "easy", variant: str | None = None,
                    frame: tuple[int, int] = (1600, 1200)) -> Scene:
    """A photo of one card; the same seed, difficulty and variant always give the same pixels."""
    _check(difficulty, variant)
    rng = np.random.default_rng(seed)
    style_pin, scene_pin = VARIANTS.get(variant, ({}, {})) if variant else ({}, {})
    card, truth, _ = synthetic_card(rng, difficulty, **style_pin)
    options = {**_scene_options(rng, difficulty), **scene_pin}
    return photo_scene(card, rng, truth=truth, frame=frame, **options)


def synthetic_sample(seed: int, difficulty: str = "easy") -> tuple[np.ndarray, list[CardTruth]]:
    """(BGR image, [truth]) for a photo of one synthetic card."""
    scene = synthetic_scene(seed, difficulty)
    return scene.image, scene.truths


def synthetic_scan(seed: int, n_cards: int | None = None, difficulty: str = "easy", dpi: int = 300) -> Scene:
    """A flatbed scan of 2..8 cards (or `n_cards`) on an A4 page."""
    _check(difficulty, None)
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 9)) if n_cards is None else n_cards
    cards = []
    if not 1 <= n <= 8:
        raise ValueError(f"a scanned page holds 1 to 8 cards, not {n}")
    layouts = ["left", "centered", "right", "logo_left", "two_column", "name_bottom"]
    for i in range(n):
        # one portrait card at most, so eight cards still fit an A4 page in rows of two
        layout = "portrait" if i == 0 and n <= 6 and rng.random() < 0.3 else layouts[int(rng.integers(len(layouts)))]
        card, truth, _ = synthetic_card(rng, difficulty, qr=False, layout=layout)
        cards.append((card, truth))
    return scan_page(cards, rng, dpi=dpi, jpeg_quality=90 if difficulty == "easy" else 75)

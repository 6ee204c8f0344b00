"""Synthetic business cards with known truth, for testing the card reader.

Fictional people and companies are rendered in many layouts, fonts and colour schemes
(`render_card`), then photographed (`photo_scene`: table, perspective, quarter turns,
glare, blur, noise, JPEG) or scanned (`scan_page`: several cards on a page). Every
scene knows what each card says and where its corners are. Deterministic per seed.

    from tests.synthetic import synthetic_scene
    scene = synthetic_scene(seed=7, difficulty="medium")
    scene.image, scene.cards[0].truth.to_dict(), scene.cards[0].corners
"""
from tests.synthetic.identity import Address, CardTruth, make_card_truth
from tests.synthetic.render import render_card
from tests.synthetic.samples import (
    DIFFICULTIES,
    VARIANTS,
    synthetic_card,
    synthetic_sample,
    synthetic_scan,
    synthetic_scene,
)
from tests.synthetic.scene import Scene, SceneCard, photo_scene, scan_page
from tests.synthetic.style import LAYOUTS, SCHEMES, CardStyle, random_style
from tests.synthetic.vcard import qr_image, vcard_text

__all__ = [
    "DIFFICULTIES",
    "LAYOUTS",
    "SCHEMES",
    "VARIANTS",
    "Address",
    "CardStyle",
    "CardTruth",
    "Scene",
    "SceneCard",
    "make_card_truth",
    "photo_scene",
    "qr_image",
    "random_style",
    "render_card",
    "scan_page",
    "synthetic_card",
    "synthetic_sample",
    "synthetic_scan",
    "synthetic_scene",
    "vcard_text",
]

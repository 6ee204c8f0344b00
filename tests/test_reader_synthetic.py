"""The whole reader (ocr.read_cards with real Tesseract) over synthetic card photos with known truth.

Each case pins a generator variant (layout, colour scheme, orientation, blur...) and
says what a user may expect from it: on clean photos every headline field right; on
hard ones most of them. Comparisons follow ../shared/bench/score_cards.py: text
folded for case and punctuation, phones by digits (with or without the country code),
websites without scheme or "www.".
"""
from __future__ import annotations

import difflib
import shutil

import pytest

pytest.importorskip("ocr.pipeline")
if not shutil.which("tesseract"):
    pytest.skip("Tesseract is not installed", allow_module_level=True)

import ocr  # noqa: E402
from tests.synthetic import CardTruth, synthetic_scan, synthetic_scene  # noqa: E402
from tests.synthetic.breadth import fold, norm_site, same_phone  # noqa: E402

pytestmark = pytest.mark.slow

HEADLINE = ("name", "title", "company", "emails", "phones", "websites")


def field_right(name: str, truth: dict, got: dict) -> bool:
    want, have = truth[name], got.get(name)
    if name == "name":
        return sorted(fold(want).split()) == sorted(w for w in fold(have).split() if w not in {"dr", "mr", "ms"})
    if name in ("title", "company"):
        if not want:
            return not have
        return bool(have) and difflib.SequenceMatcher(None, fold(want), fold(have)).ratio() >= 0.9
    if name == "emails":
        return sorted(e.casefold() for e in want) == sorted(e.casefold() for e in have or [])
    if name == "websites":
        return sorted(map(norm_site, want)) == sorted(map(norm_site, have or []))
    numbers = [p["number"] for p in have or []]
    return len(numbers) == len(want) and all(any(same_phone(p["number"], n) for n in numbers) for p in want)


def score(truth: CardTruth, reading) -> tuple[int, list[str]]:
    t, g = truth.to_dict(), reading.to_dict()
    wrong = [f"{f}: wanted {t[f]!r}, got {g.get(f)!r}" for f in HEADLINE if not field_right(f, t, g)]
    return len(HEADLINE) - len(wrong), wrong


# (seed, difficulty, variant, least headline fields right out of 6)
PHOTO_CASES = [
    (1, "easy", "plain", 6),
    (2, "easy", "centred_serif", 6),
    (3, "easy", "dark", 6),
    (4, "easy", "coloured", 6),
    (5, "easy", "portrait", 6),
    (6, "easy", "rotated_90", 6),
    (7, "easy", "upside_down", 6),
    (8, "easy", "qr", 6),
    (9, "easy", "fills_frame", 6),
    (10, "medium", "small_print", 6),
    (11, "medium", "cluttered", 6),
    (12, "medium", "glare_blur", 5),
    (20, "hard", None, 4),
    (21, "hard", None, 4),
]


@pytest.mark.parametrize(("seed", "difficulty", "variant", "least"), PHOTO_CASES,
                         ids=[f"{v or d}-{s}" for s, d, v, _ in PHOTO_CASES])
def test_reads_a_synthetic_photo(seed, difficulty, variant, least):
    scene = synthetic_scene(seed, difficulty, variant)
    truth = scene.cards[0].truth
    readings = ocr.read_cards(scene.image)
    assert len(readings) == 1, f"expected one card, found {len(readings)}"
    right, wrong = score(truth, readings[0])
    assert right >= least, "\n".join(wrong)
    if difficulty == "easy":  # what a user types least gladly must be exact on a clean photo
        got = readings[0].to_dict()
        assert got["emails"] == truth.emails
        assert field_right("phones", truth.to_dict(), got)


@pytest.mark.xfail(strict=True, reason="known gap: blurred, glossy red card at an odd angle is read as nothing; "
                                       "remove this mark when the reader gets it")
def test_reads_a_hard_glossy_card_at_an_odd_angle():
    scene = synthetic_scene(16, "hard")
    readings = ocr.read_cards(scene.image)
    assert readings
    right, wrong = score(scene.cards[0].truth, readings[0])
    assert right >= 3, "\n".join(wrong)


def test_reads_every_card_of_a_flatbed_scan():
    scene = synthetic_scan(40, n_cards=3)
    readings = ocr.read_cards(scene.image)
    assert len(readings) == 3, f"expected 3 cards, found {len(readings)}"
    found = sorted(e for r in readings for e in r.to_dict()["emails"])
    assert found == sorted(e for c in scene.cards for e in c.truth.emails)

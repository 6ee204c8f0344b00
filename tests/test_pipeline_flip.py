"""The upside-down check: an unsure first pass earns a whole second pass upside down only when its
longest lines, re-read alone, read better that way up (a fake engine that tells up from down by
where a line's ink sits; the synthetic upside-down photos in test_reader_synthetic use Tesseract)."""
from __future__ import annotations

import numpy as np

from ocr.pipeline import recognize_card
from ocr.reading import WordBox


class FakeEngine:
    """Whole-card passes read unsure; a line reads sure when its ink sits in the top half of the
    crop (the way up the fake print reads), unsure otherwise."""

    name = "fake"

    def __init__(self):
        self.passes = 0

    def recognize(self, image, lang="eng", psm=3):
        if psm == 3:
            self.passes += 1
            return [WordBox("Jane", 100, 100, 200, 40, 0.3, 0), WordBox("Example", 320, 100, 200, 40, 0.3, 0)]
        ink_rows = np.flatnonzero((image < 128).any(axis=1))
        sure = ink_rows.size and ink_rows.mean() < image.shape[0] / 2
        return [WordBox("Jane Example", 0, 0, image.shape[1], 30, 0.9 if sure else 0.3, 0)]


def card(ink_at_top: bool) -> np.ndarray:
    image = np.full((400, 640, 3), 255, np.uint8)
    rows = slice(100, 110) if ink_at_top else slice(130, 140)
    image[rows, 100:520] = 0
    return image


def test_an_unsure_card_whose_lines_read_better_upright_gets_no_upside_down_pass():
    engine = FakeEngine()
    recognize_card(card(ink_at_top=True), engine=engine)
    assert engine.passes == 1


def test_an_unsure_card_whose_lines_read_better_upside_down_is_read_upside_down_too():
    engine = FakeEngine()
    recognize_card(card(ink_at_top=False), engine=engine)
    assert engine.passes == 2


def test_a_card_the_layout_check_is_sure_to_be_upside_down_is_read_upright_when_it_is():
    """An upright card whose descenders outweigh its ascenders ("quang_nguyen", "+84", capitals with
    accents): the layout check turns it over, sure of it; upside down it reads at ~0.5, above the old
    bar, and its garbage words box two lines together. The whole card read both ways up decides."""
    from ocr.engine import default_engine
    from ocr.pipeline import LAYOUT_SCALE, _print_mask, estimate_rotation, ink_blobs, read_card_image
    from ocr.preprocess import ink_map, resize
    from tests.synthetic.breadth import _degrade, world_card
    from tests.synthetic.render import render_card

    truth, style, _, rng = world_card(9131, "vi")
    image = _degrade(render_card(truth, style, rng), rng)
    layout = _print_mask(resize(ink_map(image), LAYOUT_SCALE))
    assert estimate_rotation(layout, ink_blobs(layout)) == (180, 1.0)  # the wrong verdict, and sure
    reading = read_card_image(image, lang="eng+vie", engine=default_engine())
    assert [e.value for e in reading.emails] == truth.emails
    assert reading.name is not None and reading.name.value.casefold() == truth.name.casefold()

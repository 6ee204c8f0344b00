"""The second look: shaky e-mail/web addresses are re-read alone as one line (a fake engine here;
the dev-set test covers the real Tesseract)."""
from __future__ import annotations

import numpy as np

from ocr.pipeline import recognize_card
from ocr.reading import WordBox


class FakeEngine:
    """Whole-card pass (psm 3) garbles the address; a single-line pass (psm 7) gives ``line_read``."""

    name = "fake"

    def __init__(self, line_read: list[WordBox]):
        self.line_read = line_read
        self.calls: list[int] = []  # psm of each call

    @property
    def line_calls(self) -> int:
        """One-line reads after the last whole-card pass: the second looks (not the flip check's)."""
        last_pass = max((i for i, psm in enumerate(self.calls) if psm == 3), default=-1)
        return sum(1 for psm in self.calls[last_pass + 1:] if psm == 7)

    def recognize(self, image, lang="eng", psm=3):
        self.calls.append(psm)
        if psm == 7:
            return self.line_read
        return [WordBox("Jo", 40, 40, 60, 40, 0.95, 0), WordBox("Acme", 110, 40, 120, 40, 0.95, 0),
                WordBox("E-mail:", 40, 120, 150, 40, 0.9, 1),
                WordBox("jo@qacme.com", 200, 120, 300, 40, 0.2, 1)]


def card() -> np.ndarray:
    return np.full((400, 640, 3), 255, np.uint8)


def test_a_surer_single_line_reading_replaces_a_shaky_address():
    engine = FakeEngine([WordBox("jo@acme.com", 0, 0, 300, 40, 0.9, 0)])
    words, _ = recognize_card(card(), engine=engine)
    assert engine.line_calls == 1
    assert [w.text for w in words if "@" in w.text] == ["jo@acme.com"]
    assert next(w for w in words if "@" in w.text).left == 200  # the box stays where it was


def test_a_re_read_that_is_no_address_or_less_sure_is_ignored():
    for line_read in ([WordBox("jo acme com", 0, 0, 300, 40, 0.9, 0)],
                      [WordBox("jo@acme.com", 0, 0, 300, 40, 0.1, 0)]):
        words, _ = recognize_card(card(), engine=FakeEngine(line_read))
        assert [w.text for w in words if "acme.com" in w.text] == ["jo@qacme.com"]

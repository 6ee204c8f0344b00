"""When Tesseract's reading of a card is poor enough to have PP-OCR read the whole card.

Nearly every business card prints an e-mail address. A whole-card reading without one is the
clearest evidence that Tesseract lost lines: its layout analysis drops light or coloured print,
small type and print on dark panels, and a line it never finds has no words at all, so neither its
confidence nor a re-read of its own unsure lines shows the loss. On real cards from sources the
reader was not developed on, Tesseract produced no address for 4 of 12 printed e-mails, and PP-OCR
reading those cards recovered most of them (tests/bench/bench_engines.py; the README's engine table).

Measured and not used (on the development photos and real cards from other sources, the same runs):
- print without words (glyph-sized ink with no word box over it, in rows): fires on logos and
  decorative type on most cards, and PP-OCR reading just those rows gained nothing;
- Tesseract's card confidence under 0.5-0.6: fires on cards in other scripts, which read unsure but
  right, and gained about a third of what a missing address did.
"""
from __future__ import annotations

import re

from ocr.reading import WordBox

# an e-mail address in one word, as Tesseract splits them ("E-mail:name@firm.example"), even misread
# ("name@firm.corn"): a garbled address was found, and PP-OCR wouldn't add a line
_EMAIL = re.compile(r"\S@\S+\.\w")


def lost_lines(words: list[WordBox]) -> bool:
    """Whether a whole-card reading shows lost lines: it has words but no e-mail address, or no
    words at all."""
    return not any(_EMAIL.search(w.text) for w in words)

"""Record the word boxes Tesseract gives for the shipped (fictional) sample cards.

    .venv/bin/python -m tests.ocr_text_fixtures.record_samples

Writes tests/ocr_text_fixtures/samples/<photo>.json (one list of word boxes per card found),
so field-logic tests run on real OCR output, noise included, without running Tesseract.
The people on these cards are fictional (resources/samples/README.md).
"""
from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"
OUT = Path(__file__).resolve().parent / "samples"


def main() -> None:
    from ocr import read_cards

    OUT.mkdir(exist_ok=True)
    for photo in sorted(SAMPLES.glob("*.jpg")):
        cards = read_cards(photo)
        words = [[{k: v for k, v in w.__dict__.items()} for w in r.words] for r in cards]
        (OUT / f"{photo.stem}.json").write_text(json.dumps(words, ensure_ascii=False, indent=0) + "\n")
        print(photo.name, len(cards), "card(s)", sum(len(w) for w in words), "words")


if __name__ == "__main__":
    main()

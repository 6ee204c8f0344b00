"""A fake card reader for store, capture and CLI tests.

A "card file" is a small JSON file listing the cards it shows; the fake reader turns it into
CardReadings the way ocr.read_cards would, so tests run the whole capture path without OCR.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ocr.errors import ImageDecodeError
from ocr.reading import CardReading, Field, Phone, WordBox


def card(name: str = "", company: str = "", title: str = "", emails=(), phones=(), websites=(),
         address: str = "", department: str = "") -> dict:
    return {"name": name, "company": company, "title": title, "emails": list(emails),
            "phones": [list(p) for p in phones], "websites": list(websites), "address": address,
            "department": department}


def write_card_file(path: Path, *cards: dict, salt: str = "") -> Path:
    """A file the fake reader reads as ``cards``; ``salt`` makes otherwise equal files differ."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cards": list(cards), "salt": salt}), encoding="utf-8")
    return path


def _field(value: str) -> Field | None:
    return Field(value=value, confidence=0.9) if value else None


def fake_read(path: Path) -> list[CardReading]:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImageDecodeError(f"{Path(path).name} cannot be decoded as an image") from exc
    readings = []
    for index, c in enumerate(payload["cards"]):
        text = "\n".join(v for v in (c["name"], c["title"], c["company"], *c["emails"]) if v)
        image = np.full((60, 100, 3), 200 + index, dtype=np.uint8)
        readings.append(CardReading(
            source=str(path), index=index, name=_field(c["name"]), title=_field(c["title"]),
            company=_field(c["company"]), department=_field(c.get("department", "")),
            address=_field(c["address"]),
            emails=[Field(e, 0.95) for e in c["emails"]],
            phones=[Phone(number=p[0], e164=p[1], kind=p[2], confidence=0.9,
                          extension=p[3] if len(p) > 3 else None) for p in c["phones"]],
            websites=[Field(w, 0.9) for w in c["websites"]],
            words=[WordBox(w, 1, 1, 10, 10, np.float32(0.9)) for w in text.split()],
            text=text, image=image, region="DE"))
    return readings


class CountingReader:
    """The fake reader, logging its calls (by the first name on the file); ``fail_on`` names files it refuses to read."""

    def __init__(self, fail_on: set[str] | None = None, crash_on: set[str] | None = None):
        self.calls: list[str] = []
        self.fail_on = fail_on or set()
        self.crash_on = crash_on or set()

    def __call__(self, path: Path) -> list[CardReading]:
        content = Path(path).read_text(encoding="utf-8", errors="replace")
        try:  # the reader sees the stored copy (named by its hash): log the first card's name
            cards = json.loads(content)["cards"]
            self.calls.append(cards[0]["name"] if cards else "(no card)")
        except (json.JSONDecodeError, KeyError):
            self.calls.append("(not a card file)")
        if any(marker in content for marker in self.crash_on):
            raise KeyboardInterrupt("simulated crash while reading")
        return fake_read(path)

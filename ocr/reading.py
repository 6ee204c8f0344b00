"""Plain data describing what was read from one card."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # NumPy only for the annotation: the GUI and the CLI import this module at start-up
    import numpy as np

PHONE_KINDS = ("work", "mobile", "fax", "home", "other")
TEXT_FIELDS = ("name", "title", "department", "company", "address")


@dataclass
class WordBox:
    """One recognised word, in the coordinates of the flattened card image."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0..1 as reported by the engine
    line: int = 0  # index of the text line the word belongs to

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass
class Field:
    """A field value with how sure we are and the words it came from."""

    value: str
    confidence: float
    words: list[int] = field(default_factory=list)  # indices into CardReading.words
    source: str = "ocr"  # "ocr" or "qr"


@dataclass
class Phone:
    number: str  # as printed
    e164: str | None
    kind: str  # one of PHONE_KINDS
    confidence: float
    words: list[int] = field(default_factory=list)
    source: str = "ocr"
    extension: str | None = None  # digits only: "204" of "+1 312 555 0101 ext. 204"

    @property
    def with_extension(self) -> str:
        """The number as a person copies it from the card, to dial: its extension after it."""
        return f"{self.number} ext. {self.extension}" if self.extension else self.number


@dataclass
class CardReading:
    """Everything read from one card found in a source image."""

    source: str
    page: int = 0  # page of a PDF, 0 for images
    index: int = 0  # which card on the page
    name: Field | None = None
    name_native: Field | None = None  # the name in its own script (山田 太郎) when it isn't Latin
    title: Field | None = None
    department: Field | None = None
    company: Field | None = None
    address: Field | None = None
    emails: list[Field] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    websites: list[Field] = field(default_factory=list)
    social: list[Field] = field(default_factory=list)
    words: list[WordBox] = field(default_factory=list)
    text: str = ""
    qr_payload: str | None = None
    corners: list[tuple[float, float]] | None = None  # card quad in the source image
    image: np.ndarray | None = field(default=None, repr=False)  # flattened, upright card (BGR)
    region: str | None = None  # phone region used for E.164

    def text_value(self, name: str) -> str | None:
        f = getattr(self, name)
        return f.value if f else None

    def confidence(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in TEXT_FIELDS:
            f = getattr(self, name)
            if f:
                out[name] = round(f.confidence, 3)
        for name in ("emails", "phones", "websites", "social"):
            items = getattr(self, name)
            if items:
                out[name] = round(min(i.confidence for i in items), 3)
        return out

    def field_words(self) -> dict[str, list[int]]:
        """Which words (indices into ``words``) each field was read from, for highlighting them
        on the card: the single fields and, merged, each list (emails, phones, websites, social)."""
        out: dict[str, list[int]] = {}
        for name in TEXT_FIELDS:
            f = getattr(self, name)
            if f and f.words:
                out[name] = [int(i) for i in f.words]
        for name in ("emails", "phones", "websites", "social"):
            indices = sorted({int(i) for item in getattr(self, name) for i in item.words})
            if indices:
                out[name] = indices
        return out

    def to_dict(self, with_words: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "page": self.page,
            "index": self.index,
            "name": self.text_value("name"),
            "name_native": self.text_value("name_native"),
            "title": self.text_value("title"),
            "department": self.text_value("department"),
            "company": self.text_value("company"),
            "emails": [e.value for e in self.emails],
            "phones": [{"number": p.with_extension, "e164": p.e164, "kind": p.kind, "extension": p.extension}
                       for p in self.phones],
            "websites": [w.value for w in self.websites],
            "address": self.text_value("address"),
            "social": [s.value for s in self.social],
            "qr": self.qr_payload,
            "confidence": self.confidence(),
            "text": self.text,
        }
        if with_words:
            d["words"] = [w.__dict__ for w in self.words]
            d["field_words"] = self.field_words()
            d["corners"] = self.corners
        return d


class CardReadings(list):
    """The cards read from one file (a list of CardReading, or of their dicts), and notes for
    the user on what was not read: "2 areas of print on page 1 were not read as cards"."""

    def __init__(self, items=(), notes: list[str] | None = None):
        super().__init__(items)
        self.notes: list[str] = list(notes or [])


class CardStream:
    """Cards handed over one at a time (ocr.iter_cards) and the notes gathered while they are
    read; the notes are complete once the cards are."""

    def __init__(self, cards, notes: list[str]):
        self._cards = iter(cards)
        self.notes = notes

    def __iter__(self):
        return self._cards

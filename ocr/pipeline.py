"""The reader: file or image in, one CardReading per card found.

load -> locate (find + flatten every card) -> orient -> preprocess -> OCR -> fields (+ QR)
     -> the name in its own script (lines in another script re-read with its languages).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np

from ocr.diacritics import read_accents
from ocr.engine import OcrEngine, default_engine
from ocr.errors import ReadingStopped
from ocr.load import Page, iter_pages
from ocr.locate import locate_page, unread_note
from ocr.memory import HEAVY, return_freed_memory
from ocr.native_name import native_name
from ocr.orient import estimate_rotation, rotate
from ocr.preprocess import glyph_boxes, ink_blobs, ink_map, ocr_scale, resize
from ocr.reading import CardReading, CardReadings, WordBox

INK_THRESHOLD = 200  # ink-map level below which a pixel counts as print, for layout checks
FLIP_BELOW = 0.45  # mean word confidence under which the upside-down reading is tried too...
FLIP_BELOW_TURNED = 0.6  # ...and when the layout check turned the card over: upside-down print reads at 0.2-0.5,
# upright print at 0.75 and up, and cards are mostly photographed upright (a wrong turn read at 0.5)
FLIP_UNSURE_PENALTY = 0.35  # ...raised by this much when the orientation check was unsure
FLIP_PROBE_LINES = 3  # longest lines re-read alone both ways up before a whole upside-down pass
FLIP_PROBE_MARGIN = 0.05  # the whole pass is run unless the lines read upright this much surer
LAYOUT_SCALE = 0.5  # resolution of the copy used for orientation and text-size checks
SECOND_LOOK_BELOW = 0.7  # word confidence under which an e-mail or web address is re-read alone
SECOND_LOOK_MAX = 3  # re-reads per card, at most (each is one more short Tesseract run)
SECOND_LOOK_HEIGHT = 32  # px: word-box height of a re-read line

Progress = Callable[[str], None]


def read_cards(source: str | os.PathLike | bytes | np.ndarray, lang: str = "eng",
               region: str | None = None, engine: OcrEngine | None = None,
               progress: Progress | None = None) -> CardReadings:
    """Read every business card in a photo, scan, PDF or image array.

    Raises a ReaderError subclass (with a message for the user) when the file can't be read.
    Every reading keeps its card image: for long PDFs use iter_cards, which hands each card
    over as soon as it is read. The result's `notes` say what was not read (areas of print
    left outside every card found).
    """
    readings = CardReadings()
    readings.extend(iter_cards(source, lang=lang, region=region, engine=engine, progress=progress,
                               notes=readings.notes))
    return readings


def iter_cards(source: str | os.PathLike | bytes | np.ndarray, lang: str = "eng",
               region: str | None = None, engine: OcrEngine | None = None,
               progress: Progress | None = None, notes: list[str] | None = None,
               stop: threading.Event | None = None) -> Iterator[CardReading]:
    """Like read_cards, one card at a time, page by page: memory stays that of one page (and
    what the caller keeps), however long the PDF. Notes for the user (areas of print not read
    as cards) are appended to `notes` as each page is located. Once ``stop`` is set (Ctrl-C in a
    batch read by threads), ReadingStopped is raised at the next stage of the card being read: the
    cards handed over before stay whole, the one being read is dropped."""
    engine = engine or default_engine()
    engine.check(lang)
    if isinstance(source, np.ndarray):
        pages = iter([Page(_as_bgr(source), 0)])
        name = "<image>"
    else:
        pages = iter_pages(source)  # one page in memory at a time: a PDF may have many
        name = "<bytes>" if isinstance(source, bytes | bytearray) else str(source)
    while True:
        with HEAVY.shared():  # decoding and locating a photo: ~70 MB over the photo's pixels
            page = next(pages, None)
            if page is None:
                break
            # (checked once there is a page to read: a file whose last card was handed over is read whole)
            _check(stop)
            located = locate_page(page.image)
            page.image = None  # the flattened cards are copies: let the 12 MP frame go before OCR
        cards = located.cards
        note = unread_note(located.unread_regions, page.page)
        if note and notes is not None:
            notes.append(note)
        for index, card in enumerate(cards):
            if progress:
                progress(f"reading card {index + 1} on page {page.page + 1}")
            reading = read_card_image(card.image, lang=lang, region=region, engine=engine, stop=stop)
            if card.whole_frame and not reading.words and not reading.qr_payload:
                continue  # no card outline and no text: a blank or unrelated picture
            reading.source = name
            reading.page = page.page
            reading.index = index
            reading.corners = [(float(x), float(y)) for x, y in card.corners]
            _between_cards(engine, lang)
            yield reading


def _between_cards(engine: OcrEngine, lang: str) -> None:
    """Unload the language sets the next card is unlikely to need; return freed memory."""
    settle = getattr(engine, "settle", None)  # engines that keep models loaded per language
    if settle is not None:
        settle(keep=lang)
    return_freed_memory()


def read_card_image(card: np.ndarray, lang: str = "eng", region: str | None = None,
                    engine: OcrEngine | None = None, stop: threading.Event | None = None) -> CardReading:
    """Read one already cropped card (any rotation). ``stop``: see iter_cards."""
    from ocr.fields import extract_fields
    from ocr.qr import apply_qr, decode_qr

    engine = engine or default_engine()
    words, upright, ink = _recognize(card, lang, engine, stop)
    reading = extract_fields(words, region=region)
    _check(stop)
    # (the re-reads crop the ink map the first pass read, turned upright: not computed again)
    reading = read_accents(upright, words, reading, lang, engine, region, ink=ink)
    _check(stop)
    reading.name_native = native_name(upright, reading.words, lang, engine, reading, ink=ink)
    reading.image = upright
    payload = decode_qr(upright)
    if payload:
        apply_qr(reading, payload)
    return reading


def recognize_card(card: np.ndarray, lang: str = "eng", engine: OcrEngine | None = None,
                   stop: threading.Event | None = None) -> tuple[list[WordBox], np.ndarray]:
    """OCR one cropped card: its words (in upright-card coordinates) and the upright card image.
    ``stop``: see iter_cards."""
    words, upright, _ = _recognize(card, lang, engine or default_engine(), stop)
    return words, upright


def _recognize(card: np.ndarray, lang: str, engine: OcrEngine,
               stop: threading.Event | None) -> tuple[list[WordBox], np.ndarray, np.ndarray]:
    """recognize_card's words and upright card, and the upright card's ink map."""
    _check(stop)
    with HEAVY.shared():  # the ink map's and layout checks' working copies of the card
        card = _as_bgr(card)
        ink = ink_map(card)
        # Layout checks need glyph shapes, not fine detail: half resolution is plenty and 4x faster.
        layout = _print_mask(resize(ink, LAYOUT_SCALE))
        blobs = ink_blobs(layout)  # labelled once: the orientation checks and the text size all use them
        rotation, certainty = estimate_rotation(layout, blobs)
        scale = ocr_scale(layout, resolution=LAYOUT_SCALE, boxes=glyph_boxes(layout, blobs, turned=rotation))
        image = _ocr_image(ink, rotation, scale)
        del layout, blobs  # not kept through the engine's passes
    words = engine.recognize(image, lang=lang)
    _check(stop)
    # Upside-down print reads as low-confidence garbage (mean confidence ~0.2 against 0.6-0.9
    # upright): the less sure the layout check was, the higher the bar for skipping the flip.
    bar = FLIP_BELOW_TURNED if rotation == 180 else FLIP_BELOW
    if (_mean_conf(words) < bar + FLIP_UNSURE_PENALTY * (1.0 - certainty)
            and _flip_may_read_better(image, words, lang, engine)):
        flipped_image = _ocr_image(ink, rotation + 180, scale)
        flipped = engine.recognize(flipped_image, lang=lang)
        if _mean_conf(flipped) > _mean_conf(words):
            words, image, rotation = flipped, flipped_image, (rotation + 180) % 360
    _check(stop)
    words = _second_look(image, words, lang, engine)
    return [_unscale(w, scale) for w in words], rotate(card, rotation), rotate(ink, rotation)


def _check(stop: threading.Event | None) -> None:
    """Between stages: each costs at most one whole-card engine pass (~0.3 s), so a stop asked for
    is honoured that soon."""
    if stop is not None and stop.is_set():
        raise ReadingStopped("reading stopped")


def _flip_may_read_better(image: np.ndarray, words: list[WordBox], lang: str, engine: OcrEngine) -> bool:
    """Whether the card upside down is worth a whole second pass. Low confidence alone doesn't tell:
    a card mostly in another script or in a decorative face reads unsure either way up. The longest
    lines of the first pass, re-read alone both ways up (a few short line reads, ~0.1 s, against
    ~0.4 s for the whole card), tell which way the print reads better."""
    lines: dict[int, list[WordBox]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    longest = sorted(lines.values(), key=lambda line: -sum(len(w.text) for w in line))[:FLIP_PROBE_LINES]
    upright: list[WordBox] = []
    flipped: list[WordBox] = []
    for line in longest:
        crop = _line_crop(image, _typical_words(line))
        if crop.size:
            upright += engine.recognize(crop, lang=lang, psm=7)
            flipped += engine.recognize(rotate(crop, 180), lang=lang, psm=7)
    if not upright and not flipped:
        return True  # nothing to compare: read the whole card upside down
    return _mean_conf(flipped) > _mean_conf(upright) - FLIP_PROBE_MARGIN


def _typical_words(line: list[WordBox]) -> list[WordBox]:
    """The words of a line whose boxes lie at its median height: upside-down print read as garbage
    has words boxed over two printed lines, and a crop of both reads as nothing either way up."""
    top = float(np.median([w.top for w in line]))
    bottom = float(np.median([w.bottom for w in line]))
    kept = [w for w in line if abs(w.top - top) <= 0.3 * (bottom - top) and abs(w.bottom - bottom) <= 0.3 * (bottom - top)]
    return kept or line


def _line_crop(image: np.ndarray, line: list[WordBox]) -> np.ndarray:
    """One line of words with a margin, scaled to the word height a one-line read likes."""
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    left, right = min(w.left for w in line), max(w.right for w in line)
    height = max(1, bottom - top)
    pad = max(2, int(height * 0.4))
    crop = image[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
    return resize(crop, SECOND_LOOK_HEIGHT / height) if crop.size else crop


def _ocr_image(ink: np.ndarray, rotation: int, scale: float) -> np.ndarray:
    return resize(rotate(ink, rotation), scale)


def _second_look(image: np.ndarray, words: list[WordBox], lang: str, engine: OcrEngine) -> list[WordBox]:
    """Re-read shaky e-mail and web addresses on their own, as one line: in a whole-card pass
    Tesseract sometimes garbles a long address (an extra letter at a glyph join, "name@qexample") that it reads right alone.
    The re-read is kept only when it is surer and still looks like an address."""
    shaky = sorted((i for i, w in enumerate(words) if w.conf < SECOND_LOOK_BELOW and _looks_like_address(w.text)),
                   key=lambda i: words[i].conf)[:SECOND_LOOK_MAX]
    words = list(words)
    for i in shaky:
        w = words[i]
        pad_y, pad_x = max(2, int(w.height * 0.4)), max(2, int(w.height * 0.2))
        crop = image[max(0, w.top - pad_y):w.bottom + pad_y, max(0, w.left - pad_x):w.right + pad_x]
        # a whole word box (ascenders to descenders) of ~32 px reads best on its own
        crop = resize(crop, SECOND_LOOK_HEIGHT / max(w.height, 1)) if crop.size else crop
        again = engine.recognize(crop, lang=lang, psm=7) if crop.size else []
        text = "".join(x.text for x in again)
        conf = min((x.conf for x in again), default=0.0)
        if again and conf > w.conf and _looks_like_address(text) and abs(len(text) - len(w.text)) <= 3:
            words[i] = replace(w, text=text, conf=conf)
    return words


def _looks_like_address(text: str) -> bool:
    low = text.lower()
    return "@" in low or "www" in low or "http" in low


def _print_mask(ink: np.ndarray) -> np.ndarray:
    return np.where(ink < INK_THRESHOLD, 0, 255).astype(np.uint8)


def _mean_conf(words: list[WordBox]) -> float:
    letters = [w for w in words if any(c.isalnum() for c in w.text)]
    if not letters:
        return 0.0
    total = sum(len(w.text) for w in letters)
    return sum(w.conf * len(w.text) for w in letters) / total


def _unscale(word: WordBox, scale: float) -> WordBox:
    if scale == 1.0:
        return word
    return WordBox(text=word.text, left=round(word.left / scale), top=round(word.top / scale),
                   width=max(1, round(word.width / scale)), height=max(1, round(word.height / scale)),
                   conf=word.conf, line=word.line)


def _as_bgr(image: np.ndarray) -> np.ndarray:
    import cv2

    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image

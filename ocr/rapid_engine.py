"""PP-OCR behind the ``OcrEngine`` interface: PaddleOCR's text detection and recognition models run
by ONNX Runtime, from the ``rapidocr-onnxruntime`` wheel (the models ship inside it: offline).

Why a second recogniser: on real cards from many countries PP-OCR has more of the printed values
right than Tesseract (photos, small type, coloured stock), and it reads Chinese where Tesseract's
Latin pass makes up text. It reads Chinese (simplified and traditional) and English letters, digits
and punctuation, a few accents but not ã, ç, õ, ñ or Vietnamese: every other language stays with
Tesseract, which also keeps script detection and the list of installed languages.

PP-OCR returns one text per detected line and joins words without spaces ("SilverleafPartnersInc."):
the words are cut again where the print leaves a gap between two glyphs that is as wide as a space
(measured on the line's own pixels), or where the model did print a space.

A logo's words printed without a space ("NorthWind") are cut at the capital, as Tesseract reads
them; a line up or down the card's side is turned the right way round by PP-OCR's direction model,
which also tells a card read upside down (it reads as nothing, so the reader turns it).

``RapidEngine(mode=...)`` uses it four ways, each measured on the development sets:
- ``primary``: every card and every re-read line in a language PP-OCR reads;
- ``cascade``: Tesseract first; PP-OCR reads the whole card when Tesseract's reading shows lost
  lines (no e-mail address: ocr/second_opinion.py), and its reading replaces Tesseract's;
- ``second``: Tesseract first, PP-OCR re-reads the lines Tesseract was unsure of (line crops,
  recognition only) and its reading replaces Tesseract's when it is surer;
- ``script``: PP-OCR for cards whose Tesseract reading is mostly low-confidence (print Tesseract
  does not read: Chinese, stylised type), Tesseract for the rest.
As primary it reads unseen sources best (dev2 CHECK F1 0.68 -> 0.81, dev as Tesseract, 0.986) but
costs ~1.9x Tesseract's CPU time a card: its recogniser alone (~0.6 CPU-s a card, one line per run,
which is its cheapest) costs more than Tesseract's whole pass. The cascade gets most of that gain
(CHECK 0.78) and pays for PP-OCR only on the cards that fire (1 in 10 of the dev photos, a third
of dev2's). The README's engine table has the figures (tests/bench/bench_engines.py).
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ocr.memory import HEAVY
from ocr.reading import WordBox

if TYPE_CHECKING:
    import numpy as np

    from ocr.engine import OcrEngine

log = logging.getLogger(__name__)

RAPIDOCR_VERSION = "1.4.4"  # pinned: the models ship in this wheel, and word boxes use its internals
RAPID_LANGUAGES = frozenset({"eng", "chi_sim", "chi_tra"})  # what the bundled PP-OCR model reads
DET_MAX_SIDE = int(os.environ.get("NETCAPTURE_RAPID_DET", 960))  # px
MODES = ("primary", "second", "script", "cascade")
LINE_PSMS = frozenset({7, 8, 13})  # Tesseract page modes meaning "this crop is one line"
# A space is an empty gap between two glyphs this share of the line's glyph pitch (about half an em
# in Latin print) wider than the line's usual gap between letters (which letter-spaced print widens).
# Beside a narrow glyph, and between two digits, the bar is higher: ".", ":", "l" or "1" stand alone
# in a wide cell ("swiftwave.com" leaves a gap on each side of its dot as wide as a space).
SPACE = 0.25
WIDE_CELL_SPACE = 0.45
LETTER_GAP_MAX = 0.3  # share of the pitch: a wider usual gap is a short line of spaced words
COLUMN_GAP = 2.5  # a gap this many times the line's print height wide parts two columns
MODEL_SPACE = 0.12  # a space the model printed stands where the gap is at least this much wider
SPACE_AFTER = frozenset(",:;")  # punctuation a space usually follows: the usual bar after it
NARROW_GLYPHS = frozenset(".,:;!|'’`·-–iIl1")
TEXT_SCORE = 0.3  # lines PP-OCR reads less surely than this are dropped (its default 0.5 hides the
#                   low-confidence garbage of upside-down print, which the reader's flip check needs)
UNSURE_LINE = 0.75  # Tesseract line confidence under which PP-OCR gives its opinion (mode "second")
UNSURE_CARD = 0.6  # Tesseract card confidence under which PP-OCR reads the card (mode "script")
# a zero between two letters of one case is the letter O (the model's digit habit: "Ph0ne", "Ge0rge")
_LOWER_ZERO = re.compile(r"(?<=[a-z])0(?=[a-z])")
_UPPER_ZERO = re.compile(r"(?<=[A-Z])0(?=[A-Z])")
CAMEL_PART = 4  # letters on each side of a capital inside a word that make it two words
LINE_PAD = 0.25  # margin around a re-read line, as a share of its height
UPSIDE_DOWN = 0.9  # the direction model's certainty from which a line counts as upside down
UPSIDE_DOWN_SHARE = 0.6  # share of a page's print (line widths) seen upside down that makes it so




@dataclass
class _Glyph:
    char: str
    center: float  # x, in image coordinates
    conf: float


class RapidOcr:
    """The PP-OCR models, loaded once per process and shared by its reading threads: ONNX Runtime's
    ``Run`` is thread-safe and the steps below keep no state between calls, so two threads read two
    cards at once with one copy of the models in memory."""

    def __init__(self, threads: int = 1):
        from rapidocr_onnxruntime import RapidOCR  # ImportError when the extra isn't installed
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

        with _lean_sessions():
            ocr = RapidOCR(
                use_cls=False, text_score=TEXT_SCORE,
                # one thread per model, like Tesseract: a batch reads one card per core
                intra_op_num_threads=threads, inter_op_num_threads=threads)
        self._ocr = ocr
        self._det, self._cls, self._rec = ocr.text_det, ocr.text_cls, ocr.text_rec
        # one line per run: a batch is padded to its widest line, and even lines of near-equal width
        # read together cost more than one by one (0.59 s a card one by one, 0.89 in sixes)
        self._rec.rec_batch_num = 1
        # Text lines are found on a copy at most DET_MAX_SIDE large (the lines are then read from the
        # full-size image): the detector's time and memory grow with its pixels, and card print is large.
        # (Its own "max" setting rounds the limit up to 2000 px for large images.)
        self._det_input = DetPreProcess(DET_MAX_SIDE, "max", self._det.mean, self._det.std)

    def read_page(self, image: np.ndarray) -> list[WordBox]:
        """Detect the text lines of ``image`` and read them: words with boxes, one line id each."""
        import numpy as np

        _give_back_freed_memory()  # what the reader freed before (the photo, its ink map)
        quads, crops = self._lines(_bgr(image))
        _give_back_freed_memory()  # the detector's working memory, before the lines are read
        upright = self._upright(crops)
        # a line printed up or down the card's side is turned a quarter to be read, one way for both:
        # the direction model tells which of them needs another half turn
        across = [not _vertical(quad) for quad in quads]
        crops = [crop if flat or up >= 0.5 else np.rot90(crop, 2)
                 for crop, flat, up in zip(crops, across, upright, strict=True)]
        if _upside_down_share([c for c, flat in zip(crops, across, strict=True) if flat],
                              [u for u, flat in zip(upright, across, strict=True) if flat]) >= UPSIDE_DOWN_SHARE:
            # most of the print is upside down: no words, so the reader reads the card the other way
            # up (its flip check trusts confidences, and this recogniser reads upside-down print as
            # confident nonsense: digits turn into digits)
            return []
        results = [self._rec([crop], True)[0][0] for crop in crops]
        _give_back_freed_memory()
        gray = _gray(image)
        words: list[WordBox] = []
        for quad, (text, conf, info) in zip(quads, results, strict=True):
            if conf < TEXT_SCORE or not text.strip():
                continue
            line_no = words[-1].line + 1 if words else 0
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            left, top, right, bottom = int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1
            # the glyphs' centres along the line's top edge (the crop is the quad straightened)
            (x0, _), (x1, _) = quad[0], quad[1]
            glyphs = _glyphs(text, info, lambda share, a=x0, b=x1: a + share * (b - a))
            if not glyphs or _vertical(quad):
                # a vertical line, or glyph columns that don't match the text: the line as one word
                words.append(WordBox(text.strip(), left, top, right - left, bottom - top, round(conf, 4), line_no))
                continue
            for n, part in enumerate(_split_words(glyphs, gray, left, top, right, bottom, line_no)):
                words += [replace(w, line=line_no + n) for w in part]
        return words

    def read_line(self, image: np.ndarray) -> list[WordBox]:
        """Read ``image`` as one line of text (no detection): the words, boxes across its width."""
        crop = _bgr(image)
        (up,) = self._upright([crop])
        text, conf, info = self._rec([crop], True)[0][0]
        if not text.strip():
            return []
        height, width = crop.shape[:2]
        glyphs = _glyphs(text, info, lambda share: share * width)
        if not glyphs:
            return [WordBox(text.strip(), 0, 0, width, height, round(float(conf) * up, 4), 0)]
        glyphs = [replace(g, conf=g.conf * up) for g in glyphs]
        return [w for part in _split_words(glyphs, _gray(image), 0, 0, width, height, 0) for w in part]

    def _lines(self, bgr: np.ndarray) -> tuple[list, list[np.ndarray]]:
        """The text lines the detector finds: their quads (in ``bgr`` coordinates, top edge first, in
        reading order) and their crops, straightened. The steps of RapidOCR's own call, without the
        attributes it sets on every call (threads share this object)."""
        ocr, det = self._ocr, self._det
        raw_h, raw_w = bgr.shape[:2]
        image, ratio_h, ratio_w = ocr.preprocess(bgr)  # at most 2000 px, at least 30
        record = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
        image, record = ocr.maybe_add_letterbox(image, record)  # a strip much wider than tall, padded
        with HEAVY.alone(), _pages_of_its_own():
            preds = det.infer(self._det_input(image))[0]
        boxes, _ = det.postprocess_op(preds, image.shape[:2])
        boxes = det.filter_tag_det_res(boxes, image.shape[:2])
        if len(boxes) == 0:
            return [], []
        boxes = ocr.sorted_boxes(boxes)
        crops = ocr.get_crop_img_list(image, boxes)
        quads = ocr._get_origin_points(boxes, record, raw_h, raw_w).tolist()
        return quads, crops

    def _upright(self, crops: list[np.ndarray]) -> list[float]:
        """Per line crop, how surely it reads upright: ~0 for a line PP-OCR's direction model sees
        upside down, else 1 (a 48x192 input: ~2 ms a line)."""
        if not crops:
            return []
        _, verdicts, _ = self._cls(crops)
        return [1.0 - float(score) if label == "180" and score >= UPSIDE_DOWN else 1.0
                for label, score in verdicts]


@contextmanager
def _lean_sessions():
    """ONNX Runtime sessions that don't keep a memory plan per input shape: every card and line has
    its own size, and the kept plans grew a worker by ~50 MB a card (600 MB after ten)."""
    from rapidocr_onnxruntime.utils import infer_engine

    session = infer_engine.OrtInferSession
    plain = session._init_sess_opts

    def lean(config):
        options = plain(config)
        options.enable_mem_pattern = False
        return options

    with _construct_lock:
        session._init_sess_opts = staticmethod(lean)
        try:
            yield
        finally:
            session._init_sess_opts = staticmethod(plain)


_construct_lock = threading.Lock()


@lru_cache(maxsize=1)
def _libc():
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def _give_back_freed_memory() -> None:
    """Hand the heap's free memory back to the system. ONNX Runtime allocates and frees tens of MB
    per model run, and glibc's malloc keeps freed blocks for later (after the first large free it
    stops giving them back): a worker grew to ~500 MB over ten cards where one card needs ~250.
    Trimming once per card costs ~1 ms; making every large block go back at once cost 2 s a card."""
    libc = _libc()
    if libc is not None:  # glibc only: other allocators decide for themselves
        libc.malloc_trim(0)


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
OWN_PAGES_FROM = 256 * 1024  # bytes: the detector's tensors are 1-50 MB each


@contextmanager
def _pages_of_its_own():
    """The detector's working memory in blocks mapped for it alone, handed back to the system the
    moment each is freed. On the shared heap those blocks came back split up by the small allocations
    other threads made between them (malloc_trim returns only whole free pages at the heap's top):
    after a few detections a batch kept ~100 MB it no longer used. Only for the detection: every
    large block mapped on its own costs its page faults again (+25% CPU a card for the whole reader)."""
    libc = _libc()
    if libc is None:
        yield
        return
    libc.mallopt(M_MMAP_THRESHOLD, OWN_PAGES_FROM)
    try:
        yield
    finally:
        from ocr.memory import LARGE_BLOCK

        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)  # the reader's own setting (ocr/memory.py)


def _vertical(quad: list) -> bool:
    """A line running up or down the card (the detector's box much taller than wide)."""
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return max(ys) - min(ys) > 1.5 * (max(xs) - min(xs))


def _upside_down_share(crops: list[np.ndarray], upright: list[float]) -> float:
    """The share of the lines' print (width over height: about the characters) seen upside down."""
    sizes = [crop.shape[1] / max(crop.shape[0], 1) for crop in crops]
    total = sum(sizes)
    return sum(size for size, up in zip(sizes, upright, strict=True) if up < 0.5) / total if total else 0.0


def _glyphs(text: str, info: list, place) -> list[_Glyph]:
    """The characters of one recognised line with their centres: ``info`` is the recogniser's
    (columns the crop covers, characters per group, their columns, kinds, confidences); ``place``
    turns a share of the crop's width into an x coordinate."""
    col_num, groups, columns, _, confs = info
    chars = [ch for group in groups for ch in group]
    centres = [(col + 0.5) / max(col_num, 1e-6) for cols in columns for col in cols]
    if not chars or "".join(chars) != text or len(centres) != len(text) or len(confs) != len(text):
        return []
    return [_Glyph(ch, place(share), float(c)) for ch, share, c in zip(chars, centres, confs, strict=True)]


def _split_words(glyphs: list[_Glyph], gray: np.ndarray, left: int, top: int, right: int, bottom: int,
                 line: int) -> list[list[WordBox]]:
    """One detected line's glyphs as words, cut at the model's spaces and at empty gaps as wide as a
    space; as several lines where a gap is as wide as a column break (the detector joins a logo
    and a name printed side by side). Each word's box is its own print's."""
    import numpy as np

    ink, ink_top = _line_ink(gray, left, top, right, bottom)
    empty = ~ink.any(axis=0)
    pitch = _pitch(glyphs)
    spaced = [i for i, g in enumerate(glyphs) if g.char.isspace()]
    glyphs = [g for g in glyphs if not g.char.isspace()]
    # the model's spaces, as the index of the glyph after each (it prints some, not all, and a few
    # where there is none: "name@ example.com")
    model_space = {i - n for n, i in enumerate(spaced)}
    gaps = [_longest_empty(empty, a.center - left, b.center - left)
            for a, b in zip(glyphs, glyphs[1:], strict=False)]
    known = sorted(g for i, g in enumerate(gaps) if i + 1 not in model_space)
    usual = min(known[len(known) // 2], LETTER_GAP_MAX * pitch) if known else 0.0
    runs: list[list[_Glyph]] = [[]]
    breaks: set[int] = set()  # runs that start a new line
    for i, glyph in enumerate(glyphs):
        if i:
            if i in model_space:
                extra = MODEL_SPACE
            else:
                extra = WIDE_CELL_SPACE if _wide_cell(glyphs[i - 1].char, glyph.char) else SPACE
            if gaps[i - 1] >= usual + extra * pitch:
                runs.append([])
                if gaps[i - 1] >= COLUMN_GAP * ink.shape[0]:
                    breaks.add(len(runs) - 1)
            elif gaps[i - 1] >= usual and _joined_words(runs[-1], glyphs[i:]):
                runs.append([])
        runs[-1].append(glyph)
    lines: list[list[WordBox]] = [[]]
    for k, run in enumerate(runs):
        if not run:
            continue
        if k in breaks and lines[-1]:
            lines.append([])
        x0 = max(0, int(run[0].center - left - pitch / 2))
        x1 = min(right - left, int(run[-1].center - left + pitch / 2) + 1)
        x0, x1 = _trim_to_ink(empty, x0, max(x1, x0 + 1))
        rows = np.flatnonzero(ink[:, x0:x1].any(axis=1))
        y0, y1 = (int(rows[0]), int(rows[-1]) + 1) if rows.size else (0, ink.shape[0])
        text = _LOWER_ZERO.sub("o", _UPPER_ZERO.sub("O", "".join(g.char for g in run)))
        conf = sum(g.conf for g in run) / len(run)
        lines[-1].append(WordBox(text, left + x0, top + ink_top + y0, max(1, x1 - x0), max(1, y1 - y0),
                                 round(conf, 4), line))
    return [ln for ln in lines if ln]


def _joined_words(before: list[_Glyph], after: list[_Glyph]) -> bool:
    """Whether two words meet here, printed without a space ("NorthWind" in a logo): a capital after a
    lower-case letter, at least CAMEL_PART letters of a plain word on each side. Tesseract reads them
    as two words and so does the field code: a one-word logo line reads like a given name. Shorter
    parts are names' and brands' own capitals ("McKenzie", "MacArthur", "LinkedIn") and stay."""
    if len(before) < CAMEL_PART or not after or not after[0].char.isupper() or not before[-1].char.islower():
        return False
    tail = 1
    while tail < len(after) and after[tail].char.islower():
        tail += 1
    # an address goes on ("JaneRoe@...", "NorthWind.com"): one token, as printed
    return tail >= CAMEL_PART and all(g.char.isalpha() for g in before) and \
        (tail == len(after) or after[tail].char not in "@._-/" and not after[tail].char.isdigit())


def _wide_cell(a: str, b: str) -> bool:
    if a in SPACE_AFTER and b not in "/\\" and not (a == "," and b.isdigit()):
        return False  # "E-mail:" and "Suite 2," are followed by a space, "http:" by "//", "1,000" by digits
    return a in NARROW_GLYPHS or b in NARROW_GLYPHS or (a.isdigit() and b.isdigit())


def _pitch(glyphs: list[_Glyph]) -> float:
    """The line's typical distance from one glyph's centre to the next (about half an em in Latin print)."""
    steps = sorted(b.center - a.center for a, b in zip(glyphs, glyphs[1:], strict=False)
                   if not a.char.isspace() and not b.char.isspace())
    return max(1.0, steps[len(steps) // 2]) if steps else 1e6  # one glyph: no gap to weigh


def _line_ink(gray: np.ndarray, left: int, top: int, right: int, bottom: int) -> tuple[np.ndarray, int]:
    """The line's own print in its box (True = ink), and the box row where it starts."""
    import cv2
    import numpy as np

    box = gray[max(0, top):bottom, max(0, left):right]
    if box.size == 0:
        return np.zeros((1, max(right - left, 1)), bool), 0
    _, ink = cv2.threshold(box, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = ink > 0
    if ink.mean() > 0.5:  # the print is the minority of the pixels, whatever its polarity
        ink = ~ink
    # the line's own rows: the run of inked rows around the busiest one (a neighbouring line's
    # descenders or ascenders reaching into the box are cut off by the empty rows between)
    rows = ink.any(axis=1)
    busiest = int(ink.sum(axis=1).argmax())
    first, last = busiest, busiest
    while first > 0 and rows[first - 1]:
        first -= 1
    while last < len(rows) - 1 and rows[last + 1]:
        last += 1
    return ink[first:last + 1], first + max(0, top) - top


def _longest_empty(empty: np.ndarray, a: float, b: float) -> int:
    """The widest run of empty columns between two glyph centres (line-box x)."""
    run = longest = 0
    for is_empty in empty[max(0, int(a)):min(len(empty), int(b) + 1)]:
        run = run + 1 if is_empty else 0
        longest = max(longest, run)
    return longest


def _trim_to_ink(empty: np.ndarray, x0: int, x1: int) -> tuple[int, int]:
    """A word's box without the empty columns at its ends."""
    x0, x1 = max(0, x0), min(len(empty), x1)
    while x0 < x1 - 1 and empty[x0]:
        x0 += 1
    while x1 - 1 > x0 and empty[x1 - 1]:
        x1 -= 1
    return x0, x1


def _bgr(image: np.ndarray) -> np.ndarray:
    import cv2

    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def _gray(image: np.ndarray) -> np.ndarray:
    import cv2

    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)


class RapidEngine:
    """PP-OCR where it reads the language (as ``mode`` says), Tesseract for the rest and for every
    question about languages and scripts."""

    def __init__(self, tesseract: OcrEngine, mode: str = "primary", threads: int = 1):
        if mode not in MODES:
            raise ValueError(f"unknown PP-OCR mode {mode!r} (one of {', '.join(MODES)})")
        self.tesseract = tesseract
        self.mode = mode
        self.name = "rapidocr" if mode == "primary" else f"rapidocr-{mode}"
        self._threads = threads
        self._rapid: RapidOcr | None = None
        self._rapid_lock = threading.Lock()

    @property
    def rapid(self) -> RapidOcr:
        """The models, loaded on the first card (the CLI's parent process only checks languages)."""
        with self._rapid_lock:
            if self._rapid is None:
                self._rapid = RapidOcr(threads=self._threads)
            return self._rapid

    def version(self) -> str | None:
        return self.tesseract.version()

    def languages(self) -> frozenset[str]:
        return self.tesseract.languages()

    def check(self, lang: str = "eng") -> None:
        self.tesseract.check(lang)

    def detect_script(self, image: np.ndarray) -> str | None:
        return self.tesseract.detect_script(image)

    def settle(self, keep: str = "eng") -> None:
        """Between cards: Tesseract's language sets trimmed as when it reads alone (the reader calls
        this on the engine it has; without it every language a batch met stayed loaded)."""
        settle = getattr(self.tesseract, "settle", None)
        if settle is not None:
            settle(keep=keep)

    def recognize(self, image: np.ndarray, lang: str = "eng", psm: int = 3) -> list[WordBox]:
        # the cascade stands in for Tesseract only where it lost lines, and the reader then re-reads the
        # fields' words in the card's language for their accents: PP-OCR's Latin letters do for any
        # Latin-script language (eng+por, eng+vie...)
        if not reads(lang) and not (self.mode == "cascade" and reads_letters_of(lang)):
            return self.tesseract.recognize(image, lang=lang, psm=psm)
        line = psm in LINE_PSMS
        if self.mode == "primary":
            return self.rapid.read_line(image) if line else self.rapid.read_page(image)
        if line:
            return self.tesseract.recognize(image, lang=lang, psm=psm)
        with HEAVY.shared():
            words = self.tesseract.recognize(image, lang=lang, psm=psm)
        if self.mode == "script":
            return self.rapid.read_page(image) if card_confidence(words) < UNSURE_CARD else words
        if self.mode == "cascade":
            return self._cascade(image, words)
        return self._second_opinion(image, words)

    def _cascade(self, image: np.ndarray, words: list[WordBox]) -> list[WordBox]:
        """Tesseract's words, or PP-OCR's reading of the whole card when Tesseract's shows lost lines
        (ocr/second_opinion.py). PP-OCR reads nothing on a card it sees upside down: Tesseract's
        words are kept, and the reader's flip check turns the card."""
        from ocr.second_opinion import lost_lines

        if not lost_lines(words):
            return words
        return self.rapid.read_page(image) or words

    def _second_opinion(self, image: np.ndarray, words: list[WordBox]) -> list[WordBox]:
        """Tesseract's words, with each line it was unsure of replaced by PP-OCR's reading of the
        line's crop when that is surer. The crop reaches along the line's print past Tesseract's
        box (which often leaves out a shaky first or last glyph), up to another line's words."""
        out: list[WordBox] = []
        lines = _lines(words)
        gray = _gray(image)
        for line in lines:
            if card_confidence(line) >= UNSURE_LINE:
                out += line
                continue
            left, top = min(w.left for w in line), min(w.top for w in line)
            right, bottom = max(w.right for w in line), max(w.bottom for w in line)
            pad = max(2, int((bottom - top) * LINE_PAD))
            others = [w for other in lines if other is not line for w in other
                      if min(w.bottom, bottom) - max(w.top, top) > 0.5 * min(w.height, bottom - top)]
            left, right = _along_print(gray, left, top, right, bottom, others)
            x0, y0 = max(0, left - pad), max(0, top - pad)
            crop = image[y0:bottom + pad, x0:right + pad]
            again = self.rapid.read_line(crop) if crop.size else []
            if again and card_confidence(again) > card_confidence(line) and _letters(again) >= _letters(line) * 0.7:
                out += [WordBox(w.text, w.left + x0, top, w.width, bottom - top, w.conf, line[0].line)
                        for w in again]
            else:
                out += line
        return out


def _along_print(gray: np.ndarray, left: int, top: int, right: int, bottom: int,
                 others: list[WordBox]) -> tuple[int, int]:
    """A line's left and right ends moved out along its print: through gaps narrower than the line is
    tall, never into another line's words on the same row."""
    import numpy as np

    ink, _ = _line_ink(gray, 0, top, gray.shape[1], bottom)
    columns = ink.any(axis=0)
    reach = max(4, bottom - top)
    floor = max([w.right for w in others if w.right <= left], default=0)
    ceiling = min([w.left for w in others if w.left >= right], default=len(columns))
    while left > floor:
        start = max(floor, left - reach)
        hits = np.flatnonzero(columns[start:left])
        if not hits.size:
            break
        left = start + int(hits[0])
    while right < ceiling:
        stop = min(ceiling, right + reach)
        hits = np.flatnonzero(columns[right:stop])
        if not hits.size:
            break
        right = right + int(hits[-1]) + 1
    return left, right


def _letters(words: list[WordBox]) -> int:
    return sum(ch.isalnum() for w in words for ch in w.text)


PP_OCR_MODULES = ("onnxruntime", "rapidocr_onnxruntime")


def installed() -> bool:
    """Whether the PP-OCR wheel and its runtime are there (found, not loaded: that waits for a card)."""
    return all(importlib.util.find_spec(module) is not None for module in PP_OCR_MODULES)


def with_rapid(tesseract: OcrEngine, choice: str) -> OcrEngine:
    """The engine NETCAPTURE_ENGINE names ("rapidocr", "rapidocr-second", "rapidocr-script",
    "rapidocr-cascade") over ``tesseract``; Tesseract alone, with a warning, when the PP-OCR extra is
    not installed."""
    mode = choice.removeprefix("rapidocr").removeprefix("-") or "primary"
    if installed():
        return RapidEngine(tesseract, mode)
    missing = ", ".join(m for m in PP_OCR_MODULES if importlib.util.find_spec(m) is None)
    log.warning("PP-OCR is not installed (no module %s): reading with Tesseract. Install it with: "
                "make (or pip install --no-deps rapidocr-onnxruntime==%s and the [rapid] extra)",
                missing, RAPIDOCR_VERSION)
    return tesseract


def reads(lang: str) -> bool:
    """Whether PP-OCR reads every language of ``lang`` ("eng", "eng+chi_sim")."""
    return all(code in RAPID_LANGUAGES for code in lang.split("+"))


def reads_letters_of(lang: str) -> bool:
    """Whether PP-OCR reads the letters of every language of ``lang``, if not all their accents (any
    Latin-script language: "eng+por")."""
    from ocr.languages import LANGUAGES

    return all(code in RAPID_LANGUAGES or code in LANGUAGES and LANGUAGES[code].script == "Latin"
               for code in lang.split("+"))


def card_confidence(words: list[WordBox]) -> float:
    """Mean confidence per character over the words with a letter or digit (0 when none)."""
    letters = [w for w in words if any(c.isalnum() for c in w.text)]
    total = sum(len(w.text) for w in letters)
    return sum(w.conf * len(w.text) for w in letters) / total if total else 0.0


def _lines(words: list[WordBox]) -> list[list[WordBox]]:
    lines: dict[int, list[WordBox]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return list(lines.values())

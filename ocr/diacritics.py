"""Accents kept on Latin-script cards: the card's own language, read where it matters.

English data reads "García", "Müller" and "Nguyễn" as "Garcia", "Muller" and "Nguyén". Once the
first pass is read, the card's country (its "+CC" numbers, a country name, a ccTLD: the evidence
that sets the phone region, ocr.fields.infer_region) names its language; when that language is
installed, Latin and not read alone already, only the words of the name, title, department and
company (and up to two lines of letters no field took) are read again, alone, in that language.
Without that evidence, the one other Latin language the user reads with (Settings: eng+vie) is the
card's. A card read with English and its language together is re-read all the same: in such a
pass each word takes the surer model's reading, and English data is sure of "Elise" and "TRAN".
Word by word, a new reading replaces the old one when it spells the same letters with accents, or
changes them only by putting in letters of that language and is surer, or reads surely a word the
first pass could not; the fields are then chosen again from the words. A card from an
English-speaking country, or without evidence, costs nothing more.

Measured against the alternatives on synthetic cards (tests/synthetic, fresh seeds): Tesseract's
one model for all Latin languages (script/Latin) gained less (no Vietnamese), took ~40% longer a
card and ~100 MB more per worker; reading every card with all the offered languages costs a pass
per language on every card.
"""
from __future__ import annotations

import difflib
import unicodedata

import numpy as np

from ocr.engine import OcrEngine
from ocr.languages import LANGUAGES, card_country, card_language
from ocr.preprocess import ink_map
from ocr.reading import CardReading, WordBox

REREAD_FIELDS = ("name", "title", "department", "company")
LINE_HEIGHT = 40  # px: line height a re-read is made at (Tesseract's LSTM reads 30-40 px text best)
LINE_PAD = 0.25  # margin around a re-read line, as a share of its height
UNCLAIMED_LINES = 2  # lines of letters no field took, re-read too (at most)
SAME_LETTERS = 0.75  # similarity of the accent-free spellings under which a re-read is another text
ACCENTED_MIN_CONF = 0.5  # mean confidence a re-read that only adds accents needs
UNREAD_WORD = 0.5  # a first-pass word less sure than this was not read ("Butc" for "Đức")...
SURE_WORD = 0.85  # ...and is replaced by a re-read this sure of a word of the language's letters
SAME_WORD = 0.5  # ...that shares this much of its letters


def read_accents(card: np.ndarray, words: list[WordBox], reading: CardReading, lang: str,
                 engine: OcrEngine, region: str | None = None, ink: np.ndarray | None = None) -> CardReading:
    """``reading`` with its name, title and company re-read in the card's language, when that helps.
    ``ink``: the upright card's ink map, when the caller has it (the reader does: 0.05-0.1 s saved)."""
    from ocr.fields import extract_fields

    code = reread_language(card_country(reading), lang, engine.languages())
    if code is None:
        return reading
    spans = _field_spans(reading, words)
    if not spans:
        return reading
    if ink is None:
        ink = ink_map(card)  # as the first pass saw it: dark print on white whatever the stock
    replaced: dict[int, list[WordBox]] = {}  # first word of a span -> its new words
    dropped: set[int] = set()
    for span in spans:
        first = [words[i] for i in span]
        again = _reread(ink, first, code, engine)
        merged = _merged(first, again) if again else None
        if merged:
            replaced[span[0]] = merged
            dropped.update(span)
    if not replaced:
        return reading
    new_words: list[WordBox] = []
    for i, w in enumerate(words):
        if i in replaced:
            new_words += replaced[i]
        elif i not in dropped:
            new_words.append(w)
    out = extract_fields(new_words, region=region)
    out.name_native = reading.name_native
    return out


def reread_language(country: str | None, lang: str, installed: frozenset[str] | set[str]) -> str | None:
    """The language a card's name, title and company are re-read in, None when no re-read can add
    letters. The card's country names it; without that evidence, the one other Latin language the
    user reads with ("eng+spa": spa). A language read together with English is re-read alone all the
    same: in a pass with two languages, each word takes the surer model's reading, and English data
    reads names more surely without their accents ("Elise" for "Élise", "Tran" for "Trần"). English
    itself has no letters to add."""
    user = lang.split("+")
    code = card_language(country, installed)
    if code is None:
        others = [c for c in user if c != "eng" and c in LANGUAGES and LANGUAGES[c].script == "Latin"]
        code = others[0] if len(others) == 1 else None
    if code is None or code == "eng" or user == [code]:
        return None
    return code


def _field_spans(reading: CardReading, words: list[WordBox]) -> list[list[int]]:
    """The words of each re-read field, one span per printed line (a company may take two)."""
    spans: list[list[int]] = []
    for name in REREAD_FIELDS:
        field = getattr(reading, name)
        by_line: dict[int, list[int]] = {}
        for i in sorted(field.words if field else []):
            if i < len(words):
                by_line.setdefault(words[i].line, []).append(i)
        spans += by_line.values()
    # a title or company the first pass could not tell for one ("Giam Déc" for "Giám Đốc"): a line
    # of letters no field took, the largest type first
    taken = {i for indices in reading.field_words().values() for i in indices}
    lines: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    unclaimed = [ids for ids in lines.values() if not taken.intersection(ids) and _letters_only(words, ids)]
    unclaimed.sort(key=lambda ids: -max(words[i].height for i in ids))
    return spans + unclaimed[:UNCLAIMED_LINES]


def _letters_only(words: list[WordBox], ids: list[int]) -> bool:
    """A line of words, not of numbers: a digit may stand inside a word only, where English data
    reads a capital with stacked accents ("H6" for "Hồ", "D6" for "Đỗ"), never as a number of its own
    (a house number, a postcode, a phone)."""
    texts = [words[i].text for i in ids]
    text = "".join(texts)
    letters = sum(ch.isalpha() for ch in text)
    if letters < 3 or letters < 0.8 * len(text) or "@" in text:
        return False
    return not any(ch.isdigit() for t in texts if sum(ch.isalpha() for ch in t) < 1 for ch in t) \
        and sum(ch.isdigit() for ch in text) <= 1


def _reread(ink: np.ndarray, line: list[WordBox], lang: str, engine: OcrEngine) -> list[WordBox] | None:
    """The words read again alone, as one line, in card coordinates; None when nothing was read."""
    import cv2

    left, top = min(w.left for w in line), min(w.top for w in line)
    right, bottom = max(w.right for w in line), max(w.bottom for w in line)
    height = bottom - top
    pad = max(3, int(height * LINE_PAD))
    x0, y0 = max(0, left - pad), max(0, top - pad)
    crop = ink[y0:bottom + pad, x0:right + pad]
    if not crop.size:
        return None
    scale = LINE_HEIGHT / max(height, 1)
    crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    read = engine.recognize(crop, lang=lang, psm=7)
    if not read:
        return None
    line_id = line[0].line
    return [WordBox(text=w.text, left=x0 + round(w.left / scale), top=y0 + round(w.top / scale),
                    width=max(1, round(w.width / scale)), height=max(1, round(w.height / scale)),
                    conf=w.conf, line=line_id) for w in read]


def _merged(first: list[WordBox], again: list[WordBox]) -> list[WordBox] | None:
    """The line with the re-read's words where they are better, None when none is. Word for word
    when the re-read found as many words (one slip, "VEL0RA", then costs that word only, not the
    accents of the others); else the whole line or nothing."""
    if len(first) != len(again):
        return again if _better(first, again) else None
    picked = [b if a.text != b.text and _better_word(a, b) else a for a, b in zip(first, again, strict=True)]
    return picked if any(p is not a for p, a in zip(picked, first, strict=True)) else None


def _better_word(old: WordBox, new: WordBox) -> bool:
    """Whether a word read again in the card's language is better: the same letters with accents,
    read surely enough; other letters only where each change puts in a letter of the language's own
    and it reads surer; or a word the first pass could not read ("Butc" for "Đức") that the language
    reads surely, as long and mostly of the same letters."""
    if new.conf < ACCENTED_MIN_CONF or not any(ord(ch) > 127 and ch.isalpha() for ch in new.text):
        return False
    if _unaccented(old.text) == _unaccented(new.text):  # case too: "Sales" is no "SaLes"
        # the accents alone: the language knows them. Its confidence may be well below the first
        # pass's (a real photo: 0.96 without the accent, 0.76 with it, and right)
        return True
    if _only_new_letters(old.text, new.text):
        return new.conf > old.conf
    return (old.conf < UNREAD_WORD and new.conf >= SURE_WORD and new.text.isalpha()
            and abs(len(old.text) - len(new.text)) <= 1
            and difflib.SequenceMatcher(None, _base(old.text), _base(new.text)).ratio() >= SAME_WORD)


def _better(first: list[WordBox], again: list[WordBox]) -> bool:
    old, new = " ".join(w.text for w in first), " ".join(w.text for w in again)
    if old == new:
        return False
    same = difflib.SequenceMatcher(None, _base(old), _base(new)).ratio()
    if same < SAME_LETTERS:
        return False
    if _base(old) == _base(new):  # accents added to the same letters: the language knows them
        return _mean(again) >= ACCENTED_MIN_CONF
    # other letters ("Céng" -> "Công", "Dirc" -> "Đức"): each change must bring a letter the first
    # pass's language lacks, and the words it changed be read surer
    if not _only_new_letters(old, new):
        return False
    if len(first) == len(again):  # word for word: the words left as they were don't weigh in
        changed = [i for i, (a, b) in enumerate(zip(first, again, strict=True)) if a.text != b.text]
        return _mean([again[i] for i in changed]) > _mean([first[i] for i in changed])
    return _mean(again) > _mean(first)


def _only_new_letters(old: str, new: str) -> bool:
    """Every difference between the readings puts a non-ASCII letter in: the language's own."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return all(any(ord(ch) > 127 and ch.isalpha() for ch in new[j1:j2]) for tag, _, _, j1, j2 in ops if tag != "equal")


def _unaccented(text: str) -> str:
    """The letters without their accents, case kept: "Trần" -> "Tran"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _base(text: str) -> str:
    """Letters without accents, case or spaces: "Nguyễn Văn" -> "nguyenvan"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and not ch.isspace()).casefold()


def _mean(words: list[WordBox]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


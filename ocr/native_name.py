"""The name in its own script (``name_native``: 山田 太郎, 陳大文, 김민준) next to the romanised one.

A Latin-language pass reads CJK or Hangul print as low-confidence garbage. So the (at most four)
large lines it was least sure of get one quick re-read alone with the first installed language of
another script (~30-100 ms each with the warm engine); those that then read as that script are
re-read at a few sizes in each such language, and the surest reading is kept. A short run of
ideographs or Hangul in the largest such type, not a company, department or title, is the name.
A card read with such a language in the first place (``--lang jpn``) needs no re-read. A Latin
card without unsure large lines costs nothing. PP-OCR, when asked for (han_reader), reads the lines
of Chinese characters instead, in one pass each.
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ocr.engine import OcrEngine
from ocr.languages import card_country, native_code_script, native_codes, native_language
from ocr.reading import CardReading, Field, WordBox

GARBLED_BELOW = 0.6  # mean confidence under which a Latin reading of a line may be another script
LATIN_SURE = 0.8  # a Latin word read this surely is Latin print, not another script read as garbage
SQUARE_GLYPH = 0.95  # ...unless its letters are this wide for their height: ideographs (Latin, even "MW", is narrower)
MIN_HEIGHT_RATIO = 1.0  # a name line is set at least as large as the card's median word
HAN_CODES = ("chi_sim", "chi_tra", "jpn")  # languages of Chinese characters (PP-OCR reads all three)
CHINESE_CODES = ("chi_sim", "chi_tra")
HAN_HEIGHT = 48  # px: line height PP-OCR reads a name line at
HAN_MIN_CONF = 0.7  # PP-OCR is surer than Tesseract: a name read right scores 0.8-1.0, a mix of two lines ~0.5
HAN_PAD = 0.3  # PP-OCR reads a tight crop best: a wider one takes in the romanised name below
ALONG_INK = 0.05  # share of a column's pixels that must be ink for a line's print to go on there
ALONG_GAP = 1.2  # gaps up to this many line heights wide are crossed: the family/given-name space
MAX_LINES = 4  # lines re-read per card, at most
LINE_HEIGHTS = (32, 48)  # px: line heights a re-read is tried at (the last for the quick check)
LINE_PAD = 0.8  # margin around a re-read line, as a share of its height
GATE_MIN_CONF = 0.25  # a quick re-read's confidence in another script under which a line is skipped
NATIVE_MIN_CONF = 0.45  # a re-read's mean confidence under which it isn't taken as native text
NAME_CHARS = (2, 5)  # a family + given name in ideographs or Hangul: 2 to 5 characters
NAME_SHARE = 0.6  # share of a line's ideographs/Hangul the name run must be
# ...so a line read with more glyphs than this holds no name _pick takes: the longest run is 5
LONG_LINE_GLYPHS = int(NAME_CHARS[1] / NAME_SHARE)
SPACE_GAP = 0.35  # a gap wider than this share of a glyph's width separates family and given name
# Alphabetic scripts a Latin pass does not see as words at all: read in a band around the romanised name
# (Hangul too: large Hangul print is not even seen as words by a Latin pass)
BESIDE_NAME = frozenset({"ara", "heb", "rus", "ukr", "ell", "tha", "hin", "kor"})
BAND_ABOVE, BAND_BELOW = 5.0, 2.0  # the band around the romanised name, in its line heights
BAND_NAME_HEIGHT = 40  # px: the romanised name's line height in the band read
BAND_PSMS = (11, 6)  # sparse text, each line found alone wherever it stands; else one block # sparse text: each line of the other script found alone, wherever it stands
MIN_BESIDE_HEIGHT = 0.9  # a native name is set about as large as the romanised one, or larger
BIDI_MARKS = "\u200e\u200f\u061c"  # direction marks Tesseract adds to right-to-left words
NAME_WORDS = (2, 5)  # given name(s) and family name
# Arabic words of a title or company line, never of a name: manager, director, company, establishment,
# services, head, engineer, general
NOT_NAME_WORDS = ("مدير", "المدير", "شركة", "الشركة", "مؤسسة", "الخدمات", "للخدمات", "رئيس", "مهندس", "العام")
# Words that make a line a company, department or title, not a person's name, wherever they stand
NOT_NAME = ("株式会社", "有限会社", "会社", "公司", "集團", "集团", "取締", "代表", "電話",
            # Korean: company, representative, director, manager, marketing, sales, phone
            "주식회사", "회사", "대표", "이사", "매니저", "마케팅", "영업", "전화",
            "经理", "經理", "总监", "總監", "主任", "总裁", "總裁", "董事", "顾问", "顧問", "工程师", "工程師",
            "手机", "手機", "电话", "传真", "傳真", "地址", "邮箱", "郵箱", "网址", "網址")  # contact labels
# ...and glyphs that do at the end of a line (営業部, 企画室, 部長, 大阪市): names hold them too
# (室井, 長谷川, 市川, 阿部 太郎)
NOT_NAME_END = ("部", "課", "室", "長", "长", "役", "社", "所", "院", "局", "店", "省", "市", "県", "区",
                "장", "팀", "부", "과", "실")  # Korean: head (부장, 팀장, 사장), team, department, section, office


def han_reader(engine: OcrEngine) -> OcrEngine | None:
    """The engine a line of Chinese characters is read with for the name: PP-OCR (it reads Chinese
    and kanji names Tesseract can't: dev photos 4/4 names against 3/4) when the reader already reads
    with it (NETCAPTURE_ENGINE=rapidocr) or NETCAPTURE_NATIVE=rapidocr asks for it; else None:
    Tesseract's languages, size by size. Not by default: its models cost ~70 MB more per process
    (~1 s to load, on the first such card), which the reader's memory budget doesn't have."""
    if getattr(engine, "name", "") == "rapidocr":  # PP-OCR reads every line already
        return engine
    if os.environ.get("NETCAPTURE_NATIVE", "") == "rapidocr":
        return _pp_ocr(getattr(engine, "tesseract", engine))
    return None


@lru_cache(maxsize=1)
def _pp_ocr(tesseract: OcrEngine) -> OcrEngine | None:
    from ocr.rapid_engine import installed, with_rapid

    if not installed():
        return None  # the [rapid] extra isn't installed

    return with_rapid(tesseract, "rapidocr")


def glyph_forms(text: str, language: str | None) -> str:
    """PP-OCR's Chinese characters in the forms the card's country writes: PP-OCR is a Chinese model
    and reads a traditional or Japanese glyph as its simplified look-alike ("辅" for "輔"). OpenCC
    (the maintained conversion tables) gives the traditional form; on a Japanese card a character
    is converted only where Japanese doesn't write it the simplified way ("国" stays, as Japanese
    writes it so; "辅" becomes "輔"). Cards from elsewhere, or without OpenCC, keep the reading."""
    if language not in ("chi_tra", "jpn"):
        return text
    to_traditional, to_japanese = _opencc()
    if to_traditional is None:
        return text
    if language == "chi_tra":
        return to_traditional.convert(text)
    out = []
    for ch in text:
        traditional = to_traditional.convert(ch)
        out.append(traditional if traditional != ch and to_japanese.convert(traditional) != ch else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _opencc():
    try:
        import opencc
    except ImportError:
        return None, None
    return opencc.OpenCC("s2t"), opencc.OpenCC("t2jp")


def native_name(card: np.ndarray, words: list[WordBox], lang: str, engine: OcrEngine,
                reading: CardReading | None = None, ink: np.ndarray | None = None) -> Field | None:
    """The name in its own script on an upright card, with ``words`` read from it (and the fields
    chosen from them, ``reading``); None if none. ``ink``: the card's ink map, when the caller has it."""
    if _native_share("".join(w.text for w in words)) > 0.2:  # the first pass read that script already
        codes = lang.split("+")
        chinese = next((code for code in codes if code in CHINESE_CODES and "jpn" not in codes), None)
        return _as_written(_pick([(line, _line_box(line)) for line in _lines(words)]), chinese)
    installed = engine.languages()
    other = [code for code in native_codes(installed) if code not in lang.split("+")]
    if not other or not words:
        return None
    evidence = native_language(card_country(reading), installed) if reading else None
    if evidence in other:
        if evidence in BESIDE_NAME:
            return _name_beside(card, words, reading, evidence, engine, ink)
        other.remove(evidence)
        other.insert(0, evidence)  # the card's own country's script is tried first
    other = [code for code in other if code not in BESIDE_NAME]  # not glyph by glyph: see _name_beside
    if not other:
        return None
    gray = card if card.ndim == 2 else _gray(card)
    han = han_reader(engine) if other[0] in HAN_CODES else None
    found: list[tuple[list[WordBox], tuple[int, int, int, int]]] = []
    # Tesseract's crop reaches along the print (it reads the whole name then); beside PP-OCR, which
    # reads the names, its fallback on lines PP-OCR was unsure of would read long lines into names
    along = han is None
    for line in _garbled_lines(words):
        if han is not None:  # Chinese characters: PP-OCR's reading, when it is sure of a name in it
            read = _reread(gray, line, HAN_CODES[0], HAN_HEIGHT, han, pad=HAN_PAD, along=False)
            if _run_quality(read) >= HAN_MIN_CONF:
                found.append(([replace(w, text=glyph_forms(w.text, evidence)) for w in read[0]], read[1]))
                continue
        quick = _reread(gray, line, other[0], LINE_HEIGHTS[-1], engine, along=along)
        if _line_quality(quick) < GATE_MIN_CONF:
            continue  # not another script (a logo, a blurred Latin line): one short re-read spent
        if _native_count(quick[0]) > LONG_LINE_GLYPHS:
            continue  # read as a line too long to be a name (an address, a company): no more sizes or languages
        # another script indeed: the surest of a few sizes and languages (re-reads are cheap). The
        # card's own country's language, when it reads a name surely enough, wins over the others
        # (Chinese data for Japanese print, or simplified for traditional, reads look-alike glyphs)
        reads = [quick] + [_reread(gray, line, other[0], height, engine, along=along) for height in LINE_HEIGHTS[:-1]]
        if evidence != other[0] or max(map(_run_quality, reads)) < NATIVE_MIN_CONF:
            # the languages of the same glyphs only: a line Japanese data reads as Han is no Hangul
            same = [code for code in other[1:] if (code in HAN_CODES) == (other[0] in HAN_CODES)]
            reads += [_reread(gray, line, code, height, engine, along=along) for code in same for height in LINE_HEIGHTS]
        found.append(max(reads, key=_run_quality))
    return _as_written(_pick(found), evidence)


def _as_written(name: Field | None, language: str | None) -> Field | None:
    """Chinese writes a name without a space between family and given name (王志远): the gap a
    letter-spaced card leaves, or PP-OCR's split into two words, is not one. Japan puts one in."""
    if name is None or language not in CHINESE_CODES:
        return name
    return replace(name, value=name.value.replace(" ", "").replace("\u3000", ""))


def _name_beside(card: np.ndarray, words: list[WordBox], reading: CardReading, code: str,
                 engine: OcrEngine, ink: np.ndarray | None = None) -> Field | None:
    """An alphabetic script (Arabic) that a Latin pass does not even see as words: the band of the
    card around the romanised name is read in the card's language, and the name is the line in that
    script of a few words, in the largest type, that is no title or company ("مدير", "شركة")."""
    from ocr.preprocess import ink_map

    if reading is None or reading.name is None:
        return None
    name_words = [words[i] for i in reading.name.words if i < len(words)]
    if not name_words:
        return None
    _, top, _, bottom = _line_box(name_words)
    height = bottom - top
    y0, y1 = max(0, top - int(BAND_ABOVE * height)), bottom + int(BAND_BELOW * height)
    # dark print on white whatever the stock, as the first pass saw it (a copy: whited out below)
    ink = ink_map(card) if ink is None else ink.copy()
    for i in {i for ids in reading.field_words().values() for i in ids if i < len(words)}:
        w = words[i]  # the print the fields were read from whited out: the other script's lines stand alone
        ink[w.top:w.bottom, w.left:w.right] = 255
    band = ink[y0:y1]
    scale = BAND_NAME_HEIGHT / max(height, 1)
    import cv2

    band = cv2.resize(band, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    script = native_code_script(code)
    for psm in BAND_PSMS:
        found = _beside_candidates(engine.recognize(band, lang=code, psm=psm), script)
        if found:
            _, text, conf = max(found)
            return Field(value=text, confidence=round(conf, 3))
    return None


def _beside_candidates(read: list[WordBox], script: str) -> list[tuple[float, str, float]]:
    """(type height, text, confidence) of each run of a few words in ``script`` that may be a name."""
    candidates: list[tuple[float, str, float]] = []
    for line in _lines(read):
        for run in _script_runs(line, script):  # a row may hold the Latin name and the native one
            spaced = script == "HANGUL" and all(len(w.text) == 1 for w in run)  # letter-spaced: 이 서 연
            if script == "HANGUL":  # a Korean name is a word or two of 2 to 5 syllables
                syllables = sum(_is_native(ch) for w in run for ch in w.text)
                if (len(run) > 2 and not spaced) or not NAME_CHARS[0] <= syllables <= NAME_CHARS[1]:
                    continue
            elif not NAME_WORDS[0] <= len(run) <= NAME_WORDS[1]:
                continue
            conf = sum(w.conf for w in run) / len(run)
            if conf < NATIVE_MIN_CONF or any(marker in w.text for w in run for marker in NOT_NAME_WORDS + NOT_NAME):
                continue
            if run[-1].text.endswith(NOT_NAME_END):
                continue
            if sum(w.height for w in run) / len(run) < MIN_BESIDE_HEIGHT * BAND_NAME_HEIGHT:
                continue  # small print (a logo's strapline, an address) isn't the name
            text = ("" if spaced else " ").join(w.text.strip(BIDI_MARKS) for w in run)
            candidates.append((max(w.height for w in run), text, conf))
    return candidates


def _script_runs(line: list[WordBox], script: str) -> list[list[WordBox]]:
    """Runs of consecutive words written in ``script``."""
    runs: list[list[WordBox]] = [[]]
    for w in line:
        if _letter_share(w.text, script) >= 0.8:
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _letter_share(text: str, script: str) -> float:
    """Share of ``text``'s characters that are letters of ``script`` ("ARABIC")."""
    text = "".join(text.strip(BIDI_MARKS).split())
    return sum(unicodedata.name(ch, "").startswith(script) for ch in text) / len(text) if text else 0.0


def _garbled_lines(words: list[WordBox]) -> list[list[WordBox]]:
    median = float(np.median([w.height for w in words]))
    lines = [_without_latin_ends(line) for line in _lines(words)]
    lines = [line for line in lines
             if line and _line_conf(line) < GARBLED_BELOW and max(w.height for w in line) >= MIN_HEIGHT_RATIO * median]
    lines.sort(key=lambda line: -max(w.height for w in line))
    return lines[:MAX_LINES]


def _without_latin_ends(line: list[WordBox]) -> list[WordBox]:
    """The line without the Latin words read surely at its ends: a name printed in both scripts on
    one row ("陈志明 Chen Zhiming") is re-read where the other script stands, alone."""
    line = sorted(line, key=lambda w: w.left)
    while line and _sure_latin(line[0]):
        line = line[1:]
    while line and _sure_latin(line[-1]):
        line = line[:-1]
    return line


def _sure_latin(w: WordBox) -> bool:
    letters = w.text.strip(".,;:()-'’")
    return (w.conf >= LATIN_SURE and len(letters) >= 2 and letters.isascii() and letters.replace("-", "").isalpha()
            and not _square(w))


def _square(w: WordBox) -> bool:
    """A word whose letters are each about as wide as tall: ideographs read as Latin capitals ("BE"
    for a two-glyph given name, however surely). Latin letters are narrower than the word is tall."""
    letters = w.text.strip(".,;:()-'’")
    return len(letters) >= 2 and w.width / len(w.text) >= SQUARE_GLYPH * w.height


def _line_conf(line: list[WordBox]) -> float:
    """Mean confidence of a line's words, square-glyph words counting as unread."""
    return sum(0.0 if _square(w) else w.conf for w in line) / len(line)


def _reread(gray: np.ndarray, line: list[WordBox], langs: str, glyph_height: int,
            engine: OcrEngine, pad: float = LINE_PAD, along: bool = True) -> tuple[list[WordBox], tuple[int, int, int, int]]:
    """The line read again alone, its crop reaching ``along`` its print: a Latin pass often boxes
    part of a line of ideographs only (the family name without the given name after the space).
    PP-OCR reads a tight crop best: a wider one takes in a title beside it."""
    import cv2

    left, top, right, bottom = _line_box(line)
    height = bottom - top
    if along:
        left, right = _along_ink(gray, left, top, right, bottom)
    # generous margins: the Latin pass's boxes around CJK print are often cut short
    pad = max(4, int(height * pad))
    crop = gray[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
    if not crop.size:
        return [], (left, top, right, bottom)
    scale = glyph_height / max(height, 1)
    crop = cv2.resize(crop, None, fx=scale, fy=scale,
                      interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    return engine.recognize(crop, lang=langs, psm=7), (left, top, right, bottom)


def _along_ink(gray: np.ndarray, left: int, top: int, right: int, bottom: int) -> tuple[int, int]:
    """A line's ends moved out along its print, through gaps up to ALONG_GAP of its height wide."""
    import cv2

    band = gray[max(0, top):bottom]
    if not band.size:
        return left, right
    _, ink = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    columns = (ink > 0).sum(axis=0) > max(1, ALONG_INK * (bottom - top))
    reach = max(4, int(ALONG_GAP * (bottom - top)))
    while right < len(columns):
        hits = np.flatnonzero(columns[right:right + reach])
        if not hits.size:
            break
        right += int(hits[-1]) + 1
    while left > 0:
        start = max(0, left - reach)
        hits = np.flatnonzero(columns[start:left])
        if not hits.size:
            break
        left = start + int(hits[0])
    return left, right


def _run_quality(read: tuple[list[WordBox], tuple[int, int, int, int]]) -> float:
    run = _name_run(read[0])
    return run[1] if run else 0.0


def _pick(lines: list[tuple[list[WordBox], tuple[int, int, int, int]]]) -> Field | None:
    """The name among lines read in another script (or first read in it): in the largest type, a short run of
    ideographs/Hangul that is most of the line's (an address's city is a short run in a long line)
    and isn't a company, department or title."""
    names: list[tuple[float, str, float]] = []
    for words, (_, top, _, bottom) in lines:
        run = _name_run(words)
        if run is None:
            continue
        text, conf = run
        native = _native_count(words)
        if conf < NATIVE_MIN_CONF or len(text.replace(" ", "")) < NAME_SHARE * native:
            continue
        if any(marker in text.replace(" ", "") for marker in NOT_NAME) or text.endswith(NOT_NAME_END):
            continue
        names.append((bottom - top, text, conf))
    if not names:
        return None
    best = max(names)
    # a line cut short reads part of the name ("太郎" of "山田 太郎"): the whole one wins
    whole = [n for n in names if best[1].replace(" ", "") in n[1].replace(" ", "") and len(n[1]) > len(best[1])]
    _, text, conf = max(whole, key=lambda n: len(n[1])) if whole else best
    return Field(value=text, confidence=round(conf, 3))


def _name_run(words: list[WordBox]) -> tuple[str, float] | None:
    """The longest run of ideograph/Hangul glyphs in a line (as Tesseract's words, which for CJK are
    one glyph or a few), with a space where the print leaves a gap between family and given name."""
    glyphs: list[tuple[str, WordBox]] = []
    runs: list[list[tuple[str, WordBox]]] = []
    for w in words:
        for ch in w.text:
            if _is_native(ch):
                glyphs.append((ch, w))
            elif glyphs:
                runs.append(glyphs)
                glyphs = []
        if not all(_is_native(ch) for ch in w.text) and glyphs:
            runs.append(glyphs)
            glyphs = []
    if glyphs:
        runs.append(glyphs)
    runs = [r for r in runs if NAME_CHARS[0] <= len(r) <= NAME_CHARS[1]]
    if not runs:
        return None
    run = max(runs, key=len)
    conf = sum(w.conf for _, w in run) / len(run)
    return _with_space(run), conf


def _with_space(run: list[tuple[str, WordBox]]) -> str:
    chars = [ch for ch, _ in run]
    boxes: list[WordBox] = []
    for _, w in run:  # one box per Tesseract word; a word of several glyphs has no inner gaps
        if not boxes or boxes[-1] is not w:
            boxes.append(w)
    gaps = [(b.left - a.right, i) for i, (a, b) in enumerate(zip(boxes, boxes[1:], strict=False))]
    glyph = float(np.median([w.width / max(len(w.text), 1) for w in boxes]))
    if len(gaps) >= 2 and len(boxes) == len(chars):
        gap, i = max(gaps)
        others = sorted(g for g, j in gaps if j != i)
        if gap > SPACE_GAP * glyph and gap > 2 * max(others[len(others) // 2], 1):
            return "".join(chars[:i + 1]) + " " + "".join(chars[i + 1:])
    if len(boxes) == 2 and len(chars) > 2:  # two words of several glyphs (PP-OCR's): a space between
        first = sum(1 for _, w in run if w is boxes[0])
        return "".join(chars[:first]) + " " + "".join(chars[first:])
    if len(chars) == 4:  # no visible gap: four glyphs are most often two + two
        return "".join(chars[:2]) + " " + "".join(chars[2:])
    return "".join(chars)


def _is_native(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return ch == "々" or name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HANGUL SYLLABLE"))


def _native_count(words: list[WordBox]) -> int:
    return sum(_is_native(ch) for w in words for ch in w.text)


def _native_share(text: str) -> float:
    text = "".join(text.split())
    return sum(_is_native(ch) for ch in text) / len(text) if text else 0.0


def _line_quality(read: tuple[list[WordBox], tuple] | list[WordBox]) -> float:
    """Mean confidence of the native glyphs in a re-read line (0 when it has none)."""
    words = read[0] if isinstance(read, tuple) else read
    native = [w for w in words if any(_is_native(ch) for ch in w.text)]
    return sum(w.conf for w in native) / len(native) if native else 0.0


def _lines(words: list[WordBox]) -> list[list[WordBox]]:
    lines: dict[int, list[WordBox]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return list(lines.values())


def _line_box(line: list[WordBox]) -> tuple[int, int, int, int]:
    return (min(w.left for w in line), min(w.top for w in line),
            max(w.right for w in line), max(w.bottom for w in line))


def _gray(card: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)

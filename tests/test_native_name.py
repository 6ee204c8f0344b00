"""The name in its own script: which line is the name, where the space goes, and that a Latin card
costs no more than a look (fictional names; the real Japanese cards are scored from ../shared)."""
from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from ocr.engine import default_engine
from ocr.languages import installed_languages, language_label, native_codes, script_languages
from ocr.native_name import _name_run, _pick, native_name
from ocr.reading import CardReading, WordBox

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def glyphs(text: str, top: int, height: int, conf: float = 0.9, line: int = 0, gap_after: int = -1,
           left: int = 100) -> list[WordBox]:
    """One WordBox per glyph, as Tesseract returns CJK print; a wider gap after glyph ``gap_after``."""
    out, x = [], left
    for i, ch in enumerate(text):
        out.append(WordBox(ch, x, top, height, height, conf, line))
        x += height + (height if i == gap_after else 4)
    return out


def box(words: list[WordBox]) -> tuple[int, int, int, int]:
    return (min(w.left for w in words), min(w.top for w in words),
            max(w.right for w in words), max(w.bottom for w in words))


def test_the_gap_between_family_and_given_name_becomes_a_space():
    assert _name_run(glyphs("山田太郎", 0, 60, gap_after=1)) == ("山田 太郎", pytest.approx(0.9))
    assert _name_run(glyphs("佐藤一", 0, 60, gap_after=0))[0] == "佐 藤一"
    assert _name_run(glyphs("陳大文", 0, 60))[0] == "陳大文"  # no gap, three glyphs: left as printed
    assert _name_run(glyphs("田中花子", 0, 60))[0] == "田中 花子"  # four glyphs without a gap: two + two


def test_the_name_is_the_largest_short_line_not_the_company_or_the_address():
    company = glyphs("株式会社山川", 10, 50, line=0)
    name = glyphs("山田太郎", 100, 90, line=1, gap_after=1)
    title = glyphs("営業部長", 220, 40, line=2)
    address = glyphs("東京都港区赤坂", 300, 40, line=3)
    picked = _pick([(w, box(w)) for w in (company, name, title, address)])
    assert picked.value == "山田 太郎"
    assert _pick([(w, box(w)) for w in (company, title, address)]) is None
    assert _pick([(w, box(w)) for w in (glyphs("山田太郎", 100, 90, conf=0.2),)]) is None  # too unsure


def test_a_line_cut_short_loses_to_the_whole_name():
    part = glyphs("太郎", 100, 95, line=0)
    whole = glyphs("山田太郎", 300, 80, line=1, gap_after=1)
    assert _pick([(w, box(w)) for w in (part, whole)]).value == "山田 太郎"


def test_languages_by_script():
    installed = {"eng", "jpn", "chi_sim", "chi_tra", "osd"}
    assert script_languages("Japanese", installed) == "jpn"
    assert script_languages("Han", installed) == "chi_tra+chi_sim"
    assert script_languages("Latin", installed) is None
    assert script_languages("Hangul", installed) is None  # kor not installed
    assert native_codes(installed) == ["jpn", "chi_tra", "chi_sim"]
    assert language_label("chi_tra") == "Chinese (traditional) (chi_tra)"
    assert language_label("xyz") == "xyz"


@pytest.mark.skipif(not (SAMPLES / "02-dark-card.jpg").exists(), reason="sample cards missing")
def test_a_latin_card_has_no_native_name_and_the_json_says_so():
    engine = default_engine()
    if "eng" not in engine.languages():
        pytest.skip("Tesseract with English data is not installed")
    assert "osd" not in installed_languages(engine)
    from ocr.pipeline import read_card_image

    reading = read_card_image(cv2.imread(str(SAMPLES / "02-dark-card.jpg")), engine=engine)
    assert reading.name_native is None
    assert reading.to_dict()["name_native"] is None
    assert CardReading("x").to_dict()["name_native"] is None


def test_a_card_read_in_its_own_language_needs_no_re_read():
    class NoEngine:  # the first pass already read the script: no engine call may happen
        name = "none"

        def languages(self):
            raise AssertionError("no re-read expected")

    words = glyphs("株式会社山川", 10, 50, line=0) + glyphs("山田太郎", 100, 90, line=1, gap_after=1)
    assert native_name(None, words, "jpn", NoEngine()).value == "山田 太郎"

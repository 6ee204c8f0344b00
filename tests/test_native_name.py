"""The name in its own script: which line is the name, where the space goes, and that a Latin card
costs no more than a look (fictional names; the real Japanese cards are scored from ../shared)."""
from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from ocr.engine import default_engine
from ocr.languages import installed_languages, language_label, native_codes, script_languages
from ocr.native_name import _as_written, _name_run, _pick, _sure_latin, glyph_forms, han_reader, native_name
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
    assert _name_run(glyphs("佐々木", 0, 60))[0] == "佐々木"  # the iteration mark is part of the name


def test_the_name_is_the_largest_short_line_not_the_company_or_the_address():
    company = glyphs("株式会社山川", 10, 50, line=0)
    name = glyphs("山田太郎", 100, 90, line=1, gap_after=1)
    title = glyphs("営業部長", 220, 40, line=2)
    address = glyphs("東京都港区赤坂", 300, 40, line=3)
    picked = _pick([(w, box(w)) for w in (company, name, title, address)])
    assert picked.value == "山田 太郎"
    assert _pick([(w, box(w)) for w in (company, title, address)]) is None
    assert _pick([(w, box(w)) for w in (glyphs("山田太郎", 100, 90, conf=0.2),)]) is None  # too unsure


def test_a_family_name_may_hold_a_glyph_that_ends_a_department_or_title():
    lines = [glyphs("室井直樹", 100, 90, line=0, gap_after=1), glyphs("営業企画室", 220, 40, line=1)]
    assert _pick([(w, box(w)) for w in lines]).value == "室井 直樹"  # 室 begins it: a name
    assert _pick([(w, box(w)) for w in [glyphs("阿部太郎", 100, 90, gap_after=1)]]).value == "阿部 太郎"
    assert _pick([(w, box(w)) for w in [glyphs("営業企画室", 100, 90)]]) is None  # 室 ends it: a department
    assert _pick([(w, box(w)) for w in [glyphs("部長", 100, 90)]]) is None


def test_ideographs_read_as_latin_capitals_are_square():
    # two ideographs read surely as "BE": each "letter" as wide as the line is tall
    assert not _sure_latin(WordBox("BE", 1647, 505, 236, 116, 0.87, 0))
    assert _sure_latin(WordBox("Zhiming", 300, 100, 190, 46, 0.93, 0))  # Latin letters are narrower
    assert _sure_latin(WordBox("CHEN", 300, 100, 120, 36, 0.93, 0))
    assert _sure_latin(WordBox("Co.,", 300, 100, 69, 31, 0.92, 0))  # its box holds the punctuation


def test_pp_ocr_glyphs_take_the_forms_of_the_cards_country():
    pytest.importorskip("opencc", reason="OpenCC is installed with the [rapid] extra")
    assert glyph_forms("大辅", "jpn") == "大輔"  # a simplified look-alike Japanese doesn't write
    assert glyph_forms("国沢学", "jpn") == "国沢学"  # Japanese writes these so
    assert glyph_forms("陈志明", "chi_tra") == "陳志明"  # Taiwan, Hong Kong
    assert glyph_forms("陈志明", "chi_sim") == "陈志明"
    assert glyph_forms("陈志明", None) == "陈志明"  # no evidence: as read


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
    assert language_label("Latin") == "Latin script, all languages (Latin)"  # a script model


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


# Cards drawn here with real fonts and read by real Tesseract (fictional people): the name in Arabic
# or Chinese next to the romanised one, as bilingual cards print it.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_CJK_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def draw_card(lines):
    """(text, x, y, px, font file, anchor) on a white 1050x600 card (3.5x2 in at 300 dpi)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1050, 600), "white")
    draw = ImageDraw.Draw(img)
    for text, x, y, px, font, anchor in lines:
        draw.text((x, y), text, font=ImageFont.truetype(str(font), px), fill=(20, 20, 20), anchor=anchor)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def needs(codes: set[str], *fonts: Path):
    engine = default_engine()
    if not codes <= engine.languages():
        pytest.skip(f"Tesseract data for {', '.join(sorted(codes))} is not installed (packaging/install-system-deps.sh)")
    missing = [f for f in fonts if not f.exists()]
    if missing:
        pytest.skip(f"font {missing[0]} missing (`make test` installs fonts-dejavu-core, fonts-noto-cjk)")
    return engine


def test_an_arabic_name_beside_the_romanised_one_is_read():
    engine = needs({"eng", "ara"}, DEJAVU / "DejaVuSans-Bold.ttf")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    card = draw_card([("Khalid Al-Mansouri", 60, 120, 48, bold, "ls"), ("خالد المنصوري", 990, 120, 44, bold, "rs"),
                      ("Sales Manager", 60, 175, 30, regular, "ls"), ("مدير المبيعات", 990, 175, 30, regular, "rs"),
                      ("Sahara Trading Co.", 60, 260, 34, bold, "ls"),
                      ("+966 50 123 4567", 60, 420, 28, regular, "ls"),
                      ("khalid@saharatrading.sa", 60, 470, 28, regular, "ls")])
    reading = read_card_image(card, engine=engine)
    assert reading.text_value("name") == "Khalid Al-Mansouri"
    assert reading.text_value("name_native") == "خالد المنصوري"  # not the title under it


def test_an_arabic_name_above_its_title_and_the_romanised_name_is_read_not_a_small_strapline():
    engine = needs({"eng", "ara"}, DEJAVU / "DejaVuSans-Bold.ttf")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    card = draw_card([("سالم العمري", 60, 80, 40, bold, "ls"), ("مدير العمليات", 60, 130, 30, regular, "ls"),
                      ("Salim Al-Amri", 60, 200, 40, bold, "ls"), ("Operations Manager", 60, 245, 30, regular, "ls"),
                      ("النجمة للتجارة العامة", 990, 330, 22, regular, "rs"),
                      ("+968 2412 3456", 60, 420, 28, regular, "ls"),
                      ("salim.amri@najmatrading.om", 60, 470, 28, regular, "ls")])
    reading = read_card_image(card, engine=engine)
    assert reading.text_value("name") == "Salim Al-Amri"
    assert reading.text_value("name_native") == "سالم العمري"


def test_no_arabic_name_is_made_up_where_none_is_printed():
    engine = needs({"eng", "ara"}, DEJAVU / "DejaVuSans-Bold.ttf")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    card = draw_card([("Priya Raman", 60, 120, 48, bold, "ls"), ("Finance Director", 60, 175, 30, regular, "ls"),
                      ("Dune Logistics LLC", 60, 260, 34, bold, "ls"), ("+971 4 123 4567", 60, 420, 28, regular, "ls"),
                      ("priya@dunelogistics.ae", 60, 470, 28, regular, "ls")])
    assert read_card_image(card, engine=engine).name_native is None


def test_a_chinese_name_beside_the_romanised_one_is_read_in_the_cards_own_chinese():
    engine = needs({"eng", "chi_sim", "chi_tra"}, NOTO_CJK, NOTO_CJK_BOLD, DEJAVU / "DejaVuSans-Bold.ttf")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    card = draw_card([("陈志明", 60, 130, 64, NOTO_CJK_BOLD, "ls"), ("Chen Zhiming", 300, 130, 36, bold, "ls"),
                      ("销售总监", 60, 240, 32, NOTO_CJK, "ls"), ("Sales Director", 300, 240, 28, regular, "ls"),
                      ("星河科技有限公司", 60, 320, 36, NOTO_CJK_BOLD, "ls"),
                      ("+86 21 6123 4567", 60, 420, 28, regular, "ls"),
                      ("chen.zhiming@xinghe-tech.cn", 60, 470, 28, regular, "ls")])
    reading = read_card_image(card, engine=engine)
    assert reading.text_value("name") == "Chen Zhiming"
    # simplified (the card is from mainland China), not the traditional 陳 nor the title or company
    assert reading.text_value("name_native") == "陈志明"  # and written without a space, as China does


def test_a_chinese_name_alone_in_large_type_is_read_not_the_company_or_title():
    engine = needs({"eng", "chi_sim"}, NOTO_CJK, NOTO_CJK_BOLD)
    from ocr.pipeline import read_card_image

    card = draw_card([("星河科技有限公司", 60, 90, 36, NOTO_CJK_BOLD, "ls"), ("张伟", 60, 220, 72, NOTO_CJK_BOLD, "ls"),
                      ("总经理", 60, 290, 32, NOTO_CJK, "ls"), ("电话: +86 21 6123 4567", 60, 400, 28, NOTO_CJK, "ls"),
                      ("手机: +86 139 1234 5678", 60, 450, 28, NOTO_CJK, "ls")])
    assert read_card_image(card, engine=engine).text_value("name_native") == "张伟"


def test_a_chinese_name_is_written_without_the_space_a_japanese_one_has():
    two_words = _pick([(w, box(w)) for w in [glyphs("王志远", 100, 90, gap_after=0)]])
    assert two_words.value == "王 志远"  # as the print is spaced
    assert _as_written(two_words, "chi_sim").value == "王志远"
    assert _as_written(two_words, "chi_tra").value == "王志远"
    assert _as_written(two_words, "jpn").value == "王 志远"
    assert _as_written(two_words, None).value == "王 志远"  # no evidence of the country: as printed
    assert _as_written(None, "chi_sim") is None


def test_a_japanese_name_is_read_in_the_glyphs_japan_writes(monkeypatch):
    """PP-OCR (when installed and asked for) reads the name line; its Chinese model's simplified
    look-alike of a glyph becomes the form Japan writes (大輔, not 大辅)."""
    engine = needs({"eng", "jpn"}, NOTO_CJK, NOTO_CJK_BOLD, DEJAVU / "DejaVuSans-Bold.ttf")
    monkeypatch.setenv("NETCAPTURE_NATIVE", "rapidocr")
    if han_reader(engine) is None:
        pytest.skip("PP-OCR is not installed (make installs the [rapid] extra)")
    pytest.importorskip("opencc", reason="OpenCC is installed with the [rapid] extra")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    card = draw_card([("営業部 部長", 60, 90, 30, NOTO_CJK, "ls"), ("長谷川\u3000大輔", 60, 200, 70, NOTO_CJK_BOLD, "ls"),
                      ("Daisuke Hasegawa", 60, 260, 30, regular, "ls"),
                      ("Kawanami Shoji Co., Ltd.", 60, 340, 34, bold, "ls"),
                      ("+81 3 1234 5678", 60, 430, 28, regular, "ls"),
                      ("hasegawa@kawanami-shoji.co.jp", 60, 480, 28, regular, "ls")])
    reading = read_card_image(card, engine=engine)
    assert reading.text_value("name_native") == "長谷川 大輔"


def test_a_korean_name_is_read_beside_or_above_the_romanised_one_not_the_title():
    engine = needs({"eng", "kor"}, NOTO_CJK, NOTO_CJK_BOLD, DEJAVU / "DejaVuSans-Bold.ttf")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    beside = draw_card([("김민준", 60, 130, 64, NOTO_CJK_BOLD, "ls"), ("Kim Minjun", 330, 130, 36, bold, "ls"),
                        ("영업부장", 60, 240, 32, NOTO_CJK, "ls"), ("Sales Director", 330, 240, 28, regular, "ls"),
                        ("한빛테크 주식회사", 60, 320, 36, NOTO_CJK_BOLD, "ls"),
                        ("+82 2 1234 5678", 60, 420, 28, regular, "ls"),
                        ("minjun.kim@hanbit-tech.co.kr", 60, 470, 28, regular, "ls")])
    assert read_card_image(beside, engine=engine).text_value("name_native") == "김민준"
    above = draw_card([("한빛테크 주식회사", 60, 90, 36, NOTO_CJK_BOLD, "ls"), ("이서연", 60, 220, 72, NOTO_CJK_BOLD, "ls"),
                       ("Lee Seoyeon", 60, 280, 30, regular, "ls"), ("마케팅 팀장", 60, 340, 32, NOTO_CJK, "ls"),
                       ("+82 10 1234 5678", 60, 430, 28, regular, "ls"), ("seoyeon@hanbit.kr", 60, 480, 28, regular, "ls")])
    assert read_card_image(above, engine=engine).text_value("name_native") == "이서연"  # letter-spaced, not 팀장


def test_a_russian_name_beside_the_romanised_one_is_read():
    engine = needs({"eng", "rus"}, DEJAVU / "DejaVuSans-Bold.ttf")
    from ocr.pipeline import read_card_image

    bold, regular = DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"
    card = draw_card([("Ivan Petrov", 60, 120, 48, bold, "ls"), ("Иван Петров", 990, 120, 44, bold, "rs"),
                      ("Sales Manager", 60, 175, 30, regular, "ls"), ("Менеджер по продажам", 990, 175, 26, regular, "rs"),
                      ("Volga Trade LLC", 60, 260, 34, bold, "ls"), ("+7 495 123 4567", 60, 420, 28, regular, "ls"),
                      ("ivan.petrov@volgatrade.ru", 60, 470, 28, regular, "ls")])
    assert read_card_image(card, engine=engine).text_value("name_native") == "Иван Петров"


def test_a_name_the_latin_pass_boxed_in_part_is_re_read_whole():
    """A Latin pass often boxes the family name only; the re-read's crop goes on along the print,
    across the space before the given name."""
    engine = needs({"eng", "jpn"}, NOTO_CJK_BOLD, DEJAVU / "DejaVuSans.ttf")
    import numpy as np

    from ocr.native_name import _along_ink

    card = draw_card([("山田\u3000太郎", 60, 200, 70, NOTO_CJK_BOLD, "ls")])
    gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
    ink = np.flatnonzero((gray[130:210] < 128).any(axis=0))
    family_end = 60 + 2 * 70  # the two glyphs of the family name, at 70 px
    left, right = _along_ink(gray, 60, 130, family_end, 210)
    assert left == 60  # no print before it
    assert abs(right - (int(ink[-1]) + 1)) <= 2 and right > family_end + 100  # the given name's end
    assert engine.languages()


class _CountingEngine:
    """The real engine, noting the width/height of every one-line re-read it is handed."""

    def __init__(self, engine):
        self._engine = engine
        self.line_reads: list[float] = []

    def recognize(self, image, lang="eng", psm=3):
        if psm == 7:
            self.line_reads.append(image.shape[1] / image.shape[0])
        return self._engine.recognize(image, lang=lang, psm=psm)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def test_a_long_line_in_another_script_is_read_once_not_in_every_language_and_size():
    """An address of a dozen ideographs is too long to hold the name (a run of 2-5 glyphs that is most
    of its line): once the quick re-read sees that, no more sizes and languages are spent on it."""
    engine = needs({"eng", "chi_sim"}, NOTO_CJK, NOTO_CJK_BOLD, DEJAVU / "DejaVuSans.ttf")
    from ocr.pipeline import read_card_image

    regular = DEJAVU / "DejaVuSans.ttf"
    counting = _CountingEngine(engine)
    card = draw_card([("张伟", 60, 150, 72, NOTO_CJK_BOLD, "ls"), ("Zhang Wei", 60, 220, 30, regular, "ls"),
                      ("上海市浦东新区星河路八十八号", 60, 330, 48, NOTO_CJK, "ls"),
                      ("wei.zhang@xinghe-example.cn", 60, 470, 28, regular, "ls")])
    reading = read_card_image(card, engine=counting)
    assert reading.text_value("name_native").replace(" ", "") == "张伟"
    long_line = [aspect for aspect in counting.line_reads if aspect > 4]  # the address: 14 glyphs wide, not 2
    assert len(long_line) == 1

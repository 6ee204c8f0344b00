"""Accents kept on Latin-script cards: the card's country names its language, and the lines of the
name, title and company are re-read in it (fictional people; real Tesseract)."""
from __future__ import annotations

import numpy as np
import pytest

from ocr.diacritics import _base, _better, _letters_only, _merged, reread_language
from ocr.engine import default_engine
from ocr.languages import card_language
from ocr.reading import WordBox

INSTALLED = frozenset({"eng", "osd", "jpn", "chi_sim", "spa", "deu", "por", "vie"})


def test_the_country_names_the_language_it_prints_in():
    assert card_language("ES", INSTALLED) == "spa"
    assert card_language("ar", INSTALLED) == "spa"  # Argentina
    assert card_language("BR", INSTALLED) == "por"
    assert card_language("AT", INSTALLED) == "deu"
    assert card_language("VN", INSTALLED) == "vie"
    assert card_language("US", INSTALLED) == "eng"
    assert card_language("FR", INSTALLED) is None  # French data not installed
    assert card_language("JP", INSTALLED) is None  # not a Latin-script language
    assert card_language(None, INSTALLED) is None
    assert card_language("ZZ", INSTALLED) is None
    # a neighbour's data reads the same letters where the country's own isn't installed
    assert card_language("RS", INSTALLED | {"hrv"}) == "hrv"
    assert card_language("RS", INSTALLED | {"hrv", "srp_latn"}) == "srp_latn"
    assert card_language("SI", INSTALLED | {"hrv", "slv"}) == "slv"
    assert card_language("CZ", INSTALLED | {"slk"}) == "slk"


def line(text: str, conf: float) -> list[WordBox]:
    return [WordBox(w, 10 + 80 * i, 10, 70, 30, conf, 0) for i, w in enumerate(text.split())]


def test_a_re_read_replaces_a_line_when_it_adds_accents_to_the_same_letters():
    assert _base("Nguyễn Thị Đào") == "nguyenthidao"
    assert _better(line("Lucia Ibanez", 0.95), line("Lucía Ibáñez", 0.93))
    assert _better(line("Nguyén Thi Dao", 0.55), line("Nguyễn Thị Đào", 0.94))
    assert not _better(line("Lucía Ibáñez", 0.95), line("Lucía Ibáñez", 0.97))  # nothing new
    assert not _better(line("Lucia Ibanez", 0.95), line("Lucía Ibáñez", 0.40))  # unsure
    assert not _better(line("Director General", 0.9), line("Dirección", 0.99))  # other words


CARDS = [  # (country, name, title, company, e-mail, phone): fictional
    ("ES", "Lucía Ibáñez", "Directora Comercial", "Logística Aldebarán S.L.",
     "lucia.ibanez@aldebaran-logistica.es", "+34 912 345 678"),
    ("DE", "Jürgen Schäfer", "Geschäftsführer", "Nordlicht Fördertechnik GmbH",
     "j.schaefer@nordlicht-foerdertechnik.de", "+49 30 1234567"),
    ("VN", "Nguyễn Thị Hương", "Giám Đốc", "Công ty TNHH Sao Mai",
     "huong.nguyen@saomai-tech.vn", "+84 24 3825 1234"),
]


def render(country, name, title, company, email, phone) -> np.ndarray:
    from tests.synthetic.identity import CardTruth
    from tests.synthetic.render import render_card
    from tests.synthetic.style import random_style

    rng = np.random.default_rng(7)
    truth = CardTruth(name=name, title=title, department=None, company=company, emails=[email],
                      phones=[{"number": phone, "kind": "work", "e164": phone.replace(" ", "")}],
                      websites=[], address=None, country=country, given_name=name.split()[0],
                      family_name=name.split()[-1], domain=email.split("@")[1])
    style = random_style(rng, scheme="light", layout="left", family="DejaVu Sans")
    return render_card(truth, style, rng)


@pytest.mark.parametrize("card, with_language", [(c, False) for c in CARDS] + [(CARDS[2], True)],
                         ids=[c[0] for c in CARDS] + ["VN-eng+vie"])
def test_a_card_read_with_english_keeps_its_accents(card, with_language):
    """Read with English alone, or with English and the card's language together (as a user there
    sets it up: eng+vie), the name, title and company keep their accents."""
    from ocr.languages import LANGUAGES
    from ocr.pipeline import read_card_image

    engine = default_engine()
    code = card_language(card[0], LANGUAGES.keys())
    if not {"eng", code} <= engine.languages():
        pytest.skip(f"Tesseract data for eng and {code} is not installed (packaging/install-system-deps.sh)")
    reading = read_card_image(render(*card), lang=f"eng+{code}" if with_language else "eng", engine=engine)
    assert reading.text_value("name") == card[1]
    assert reading.text_value("company") == card[3]
    assert card[2] in reading.text.splitlines()  # whether it is taken for the title is the field logic's business


def test_a_re_read_may_respell_only_with_the_languages_own_letters():
    assert _better(line("Céng ty", 0.90), line("Công ty", 0.94))
    assert _better(line("Giam Dirc", 0.60), line("Giám Đức", 0.90))
    assert not _better(line("Céng ty", 0.94), line("Công ty", 0.90))  # less sure
    assert not _better(line("HOLZBODEN", 0.80), line("H0LZB0DEN", 0.90))  # an ASCII slip, not a letter
    assert not _better(line("Seguros S.A.:", 0.70), line("Seguros S.A.", 0.90))  # nothing of the language's


def test_the_language_a_card_is_re_read_in():
    assert reread_language("ES", "eng", INSTALLED) == "spa"
    assert reread_language("ES", "eng+spa", INSTALLED) == "spa"  # read with English too: alone again
    assert reread_language("ES", "spa", INSTALLED) is None  # read in it alone already
    assert reread_language(None, "eng+vie", INSTALLED) == "vie"  # no evidence: the user's other language
    assert reread_language(None, "eng+vie+spa", INSTALLED) is None  # ...when there is one
    assert reread_language(None, "eng", INSTALLED) is None
    assert reread_language("US", "eng+spa", INSTALLED) is None  # English has no accents to add
    assert reread_language("JP", "eng+jpn", INSTALLED) is None  # another script: ocr.native_name


def words(*pairs: tuple[str, float]) -> list[WordBox]:
    return [WordBox(text, 10 + 80 * i, 10, 70, 30, conf, 0) for i, (text, conf) in enumerate(pairs)]


def test_a_re_read_is_taken_word_by_word():
    def merged(first, again):
        out = _merged(words(*first), words(*again))
        return out and " ".join(w.text for w in out)

    # a slip in one word ("0" for "O") costs that word, not the accents of the others
    assert merged([("CONG", .95), ("TY", .93), ("VELORA", .93)],
                  [("CÔNG", .96), ("TY", .93), ("VEL0RA", .66)]) == "CÔNG TY VELORA"
    # a word the first pass could not read, read surely in the language's letters
    assert merged([("Va", .65), ("Butc", .31), ("Son", .96)], [("Vũ", .97), ("Đức", .93), ("Sơn", .97)]) == "Vũ Đức Sơn"
    assert merged([("Sales", .96)], [("SaLes", .78)]) is None  # case is no accent
    assert merged([("Lan", .31)], [("ÁA", .42)]) is None  # unsure either way
    assert merged([("Moren", .96)], [("Morén", .76)]) == "Morén"  # accents read less surely, still right
    assert merged([("Thuy", .9)], [("Thuy", .95)]) is None  # nothing new


def test_a_line_no_field_took_is_re_read_when_it_is_words_not_numbers():
    def letters(text):
        ws = words(*((t, .9) for t in text.split()))
        return _letters_only(ws, list(range(len(ws))))

    assert letters("Giam Dirc")
    assert letters("H6 Thi Trang")  # English data reads a stacked-accent capital as a digit
    assert not letters("Duong Hoa Su 146")  # a house number
    assert not letters("31496 Binh An")
    assert not letters("info@velora.vn")

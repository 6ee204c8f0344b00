"""Field extraction on OCR text as Tesseract prints it for real cards (noise lines included)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from ocr.fields import (
    _firm_capital_i,
    _giam_doc_written,
    _name_words,
    _vietnamese_accents_back,
    domain_company_match,
    extract_fields,
    extract_fields_from_text,
    name_email_match,
    plausibility,
    words_from_text,
)
from ocr.reading import WordBox
from tests.synthetic.breadth import layout_words


def phones_of(reading):
    return [(p.number, p.e164, p.kind) for p in reading.phones]


def values(items):
    return [i.value for i in items]


# ------------------------------------------------------------ whole cards

VANTEC_ITALIC = """\
Vantec Consulting LLC
Sakuragi Park Building,
2-6-1 Sakuragi, Hinode-ku, -
Tokyo 150-0002, Japan
_ M: +81 (90) 1234 5678
F: +81 (3) 5555 0123
haruki.sonoda@jp.vantee.com
>
_ Haruki Sonoda
Director = - oe
"""


def test_card_with_noise_name_at_bottom_and_domain_slip():
    r = extract_fields_from_text(VANTEC_ITALIC)
    assert r.name.value == "Haruki Sonoda"
    assert r.title.value == "Director"
    assert r.company.value == "Vantec Consulting LLC"
    assert values(r.emails) == ["haruki.sonoda@jp.vantec.com"]  # "vantee" repaired from the company name
    assert phones_of(r) == [("+81 (90) 1234 5678", "+819012345678", "mobile"),
                            ("+81 (3) 5555 0123", "+81355550123", "fax")]
    assert r.websites == []
    assert r.address.value == "Sakuragi Park Building, 2-6-1 Sakuragi, Hinode-ku, Tokyo 150-0002, Japan"
    assert r.region == "JP"


KORIN_THREE_OFFICES = """\
Emiko Sawada
Managing Director
KORIN Co.,ltd
TOKYO : 3-4-5-6F KoyoHS-building Hinode Sakura-ku
Tokyo 130-0009, JAPAN
TEL +81-3-5555-8606 FAX +81-3-5555-8607
OSAKA : 5-2-6-3F Mizuho-building-kitahama
Kitahama Chuo-ku Osaka 542-0081, JAPAN
TEL +81-6-5555-1401 FAX +81-6-5555-1402
NAGOYA: 3-12-4-3F Hikari-building Aoi
Higashi-ku Nagoya 460-0008, JAPAN
TEL +81-52-555-2355 FAX +81-52-555-1777
E-mail : e. sawada@korin.ne.jp URL : http://www.korin.ne.jo
"""


def test_three_offices_two_numbers_per_line_and_website_repaired_by_email():
    r = extract_fields_from_text(KORIN_THREE_OFFICES)
    assert r.name.value == "Emiko Sawada"
    assert r.title.value == "Managing Director"
    assert r.company.value == "KORIN Co.,ltd"
    assert values(r.emails) == ["e.sawada@korin.ne.jp"]
    assert values(r.websites) == ["http://www.korin.ne.jp"]
    assert phones_of(r) == [
        ("+81-3-5555-8606", "+81355558606", "work"), ("+81-3-5555-8607", "+81355558607", "fax"),
        ("+81-6-5555-1401", "+81655551401", "work"), ("+81-6-5555-1402", "+81655551402", "fax"),
        ("+81-52-555-2355", "+81525552355", "work"), ("+81-52-555-1777", "+81525551777", "fax"),
    ]
    assert r.address.value == "3-4-5-6F KoyoHS-building Hinode Sakura-ku, Tokyo 130-0009, JAPAN"


AQUA_FORTE_PORTRAIT = """\
Aqua Forte
Kenta Miyagawa
Director
Global Business Development
Aqua Forte Co.,Ltd.
Hoshino-2,2F,2-5-9,Kitasuna,
Hinode-ku, Tokyo, 102-0093
TEL:+81-3-5555-3950
MOB:+81-80-1234-1034(Japan)
MOB:+66-(0)812-345-678(Thailand)
URL: http://www.aforte.com
E-mail:kenta-m@aforte.com
Bt CYBALADVAR—
"""


def test_logo_line_department_and_glued_labels():
    r = extract_fields_from_text(AQUA_FORTE_PORTRAIT)
    assert r.name.value == "Kenta Miyagawa"
    assert r.title.value == "Director"
    assert r.department.value == "Global Business Development"
    assert r.company.value == "Aqua Forte Co.,Ltd."
    assert values(r.emails) == ["kenta-m@aforte.com"]
    assert values(r.websites) == ["http://www.aforte.com"]
    assert phones_of(r) == [("+81-3-5555-3950", "+81355553950", "work"),
                            ("+81-80-1234-1034", "+818012341034", "mobile"),
                            ("+66-(0)812-345-678", "+66812345678", "mobile")]
    assert r.address.value == "Hoshino-2,2F,2-5-9,Kitasuna, Hinode-ku, Tokyo, 102-0093"


VMARK_CAPITALS = """\
board director
HIROMI KUROSAWA
MidoriHonmachi Bld.7F, 3-8-21,Nishiaoba,Nishi-ku
Osaka-shi,Osaka,556-0017,Japan
TEL: +81-6-5555-0157 FAX: +81-6-5555-0158
E-mail: kurosawa@vmark.co.jp
"""


def test_name_in_capitals_lowercase_title_company_from_domain():
    r = extract_fields_from_text(VMARK_CAPITALS)
    assert r.name.value == "HIROMI KUROSAWA"
    assert r.title.value == "board director"
    assert r.company.value == "Vmark"  # only a logo on the card: the domain names the firm
    assert r.company.confidence < 0.5
    assert phones_of(r) == [("+81-6-5555-0157", "+81655550157", "work"),
                            ("+81-6-5555-0158", "+81655550158", "fax")]
    assert r.address.value == ("MidoriHonmachi Bld.7F, 3-8-21,Nishiaoba,Nishi-ku, "
                               "Osaka-shi,Osaka,556-0017,Japan")


JAPANESE_MOSTLY = """\
~ & ‘ae”
| i ' Se
MINORI SEIKO co.,ltd.
=) ap TT
TEL 053-555-1555 FAX 053-555-0330
iS 080-1234-9976
tanaka.yuji@minori-sk.co.jp
http://www.minori-sk.co.jp
"""


def test_mostly_japanese_card_national_numbers_region_from_tld():
    r = extract_fields_from_text(JAPANESE_MOSTLY)
    assert r.name is None  # printed only in Japanese; the noise lines are not a name
    assert r.title is None
    assert r.company.value == "MINORI SEIKO co.,ltd."
    assert r.region == "JP"
    assert phones_of(r) == [("053-555-1555", "+81535551555", "work"),
                            ("053-555-0330", "+81535550330", "fax"),
                            ("080-1234-9976", "+818012349976", "mobile")]  # mobile by number type
    assert values(r.emails) == ["tanaka.yuji@minori-sk.co.jp"]
    assert values(r.websites) == ["http://www.minori-sk.co.jp"]
    assert r.address is None


def test_parenthesised_area_codes_and_domain_only_company():
    text = """\
KORIN
TEL (03)5555-8606 FAX (03)5555-8607
TEL (06)5555-1401 FAX (06)5555-1402
TEL (052)555-2355 FAX (052)555-1777
m.tamura@korin.ne.jp
http://www.korin.ne.jp
"""
    r = extract_fields_from_text(text)
    assert [p.number for p in r.phones] == ["(03)5555-8606", "(03)5555-8607", "(06)5555-1401",
                                            "(06)5555-1402", "(052)555-2355", "(052)555-1777"]
    assert [p.kind for p in r.phones] == ["work", "fax"] * 3
    assert r.phones[4].e164 == "+81525552355"
    assert r.company.value == "KORIN"  # the logo spells the domain
    assert r.name is None


def test_tagline_is_not_a_title_and_logo_company_matches_domain():
    text = """\
TerraNode
Cloud Migration Guide
http://www.terranode.jp
Shunsuke Oyama
TEL 03-5555-3801 FAX 03-5555-3802
oya@terranode.jp
"""
    r = extract_fields_from_text(text)
    assert r.company.value == "TerraNode"
    assert r.title is None
    assert r.name.value == "Shunsuke Oyama"
    assert phones_of(r) == [("03-5555-3801", "+81355553801", "work"), ("03-5555-3802", "+81355553802", "fax")]


US_CARD = """\
ACME ROBOTICS, INC.
Dr. Jane A. Smith
VP of Engineering
1 Market Street, Suite 300
San Francisco, CA 94105
T: +1 (415) 555-0100
M: +1 (415) 555-0199
E: jane.smith@acmerobotics.com
www.acmerobotics.com
linkedin.com/in/janesmith
"""


def test_us_card_with_doctor_prefix_and_social_link():
    r = extract_fields_from_text(US_CARD)
    assert r.name.value == "Dr. Jane A. Smith"
    assert r.title.value == "VP of Engineering"
    assert r.company.value == "ACME ROBOTICS, INC."
    assert phones_of(r) == [("+1 (415) 555-0100", "+14155550100", "work"),
                            ("+1 (415) 555-0199", "+14155550199", "mobile")]
    assert values(r.emails) == ["jane.smith@acmerobotics.com"]
    assert values(r.websites) == ["www.acmerobotics.com"]
    assert values(r.social) == ["linkedin.com/in/janesmith"]
    assert r.address.value == "1 Market Street, Suite 300, San Francisco, CA 94105"


UK_CARD = """\
Northwind Analytics plc
Oliver Bennett
Senior Data Engineer
Data Platform Team
10 Larkspur Court, London SW1A 2AA
United Kingdom
Tel +44 20 7946 0958
Mob 07911 123456
oliver.bennett@northwind.co.uk
"""


def test_uk_card_national_mobile_and_explicit_department():
    r = extract_fields_from_text(UK_CARD)
    assert r.name.value == "Oliver Bennett"
    assert r.title.value == "Senior Data Engineer"
    assert r.department.value == "Data Platform Team"
    assert r.company.value == "Northwind Analytics plc"
    assert r.region == "GB"
    assert phones_of(r) == [("+44 20 7946 0958", "+442079460958", "work"),
                            ("07911 123456", "+447911123456", "mobile")]
    assert r.address.value == "10 Larkspur Court, London SW1A 2AA, United Kingdom"


GERMAN_CARD = """\
Bergmann Technik GmbH
Prof. Dr. Klaus Bergmann
Geschäftsführer / Managing Director
Friedrichstraße 123
10117 Berlin
Germany
Telefon: +49 30 1234567
Fax: +49 30 1234568
k.bergmann@bergmann-technik.de
www. bergmann-technik. de
"""


def test_german_card_spaced_url_and_prof_prefix():
    r = extract_fields_from_text(GERMAN_CARD)
    assert r.name.value == "Prof. Dr. Klaus Bergmann"
    assert r.company.value == "Bergmann Technik GmbH"
    assert r.title.value == "Geschäftsführer / Managing Director"
    assert values(r.websites) == ["www.bergmann-technik.de"]
    assert phones_of(r) == [("+49 30 1234567", "+49301234567", "work"),
                            ("+49 30 1234568", "+49301234568", "fax")]
    assert r.address.value == "Friedrichstraße 123, 10117 Berlin, Germany"


def test_spaced_email_and_url_with_copyright_sign():
    text = """\
Newbees K.K.
Hanako Sato
Sales Manager
info @ newbees. jp
hanako.sato©newbees.jp
www. newbees. jp
"""
    r = extract_fields_from_text(text)
    assert values(r.emails) == ["info@newbees.jp", "hanako.sato@newbees.jp"]
    assert values(r.websites) == ["www.newbees.jp"]
    assert r.company.value == "Newbees K.K."
    assert r.title.value == "Sales Manager"
    assert r.name.value == "Hanako Sato"


def test_family_name_first_japanese_and_email_initial():
    text = """\
Sakura Trading Co., Ltd.
YAMANAKA Shigeru
General Manager, Overseas Sales Department
3-1-1 Kasumigaseki, Chiyoda-ku, Tokyo 100-0013
Phone: 03-3581-0000
Mobile: 090-1234-5678
s.yamanaka@sakura-trading.co.jp
"""
    r = extract_fields_from_text(text)
    assert r.name.value == "YAMANAKA Shigeru"
    assert r.title.value == "General Manager"
    assert r.department.value == "Overseas Sales Department"
    assert r.company.value == "Sakura Trading Co., Ltd."
    assert phones_of(r) == [("03-3581-0000", "+81335810000", "work"),
                            ("090-1234-5678", "+819012345678", "mobile")]


def test_email_fixes_one_letter_slip_in_name():
    r = extract_fields_from_text("Haruki Sonoba\nDirector\nharuki.sonoda@jp.vantec.com\n")
    assert r.name.value == "Haruki Sonoda"


def test_name_chosen_by_email_among_several_person_like_lines():
    text = """\
Blue Harbor
Maria Lopez
Account Executive
Pacific Rim
maria.lopez@blueharbor.com
"""
    r = extract_fields_from_text(text)
    assert r.name.value == "Maria Lopez"
    assert r.name.confidence > 0.8
    assert r.company.value == "Blue Harbor"


def test_ocr_slips_in_numbers_and_at_sign():
    text = """\
Kenji Ono
Tel: O3-1234-56l8
Fax: 03-1234-5679
kenji.ono(@example.co.jp
"""
    r = extract_fields_from_text(text)
    assert phones_of(r) == [("03-1234-5618", "+81312345618", "work"),
                            ("03-1234-5679", "+81312345679", "fax")]
    assert values(r.emails) == ["kenji.ono@example.co.jp"]


def test_duplicate_phones_and_emails_are_listed_once():
    text = """\
Tel +81-3-1111-2222
T: 03-1111-2222
a.b@example.jp
A.B@example.jp
"""
    r = extract_fields_from_text(text)
    assert [p.number for p in r.phones] == ["+81-3-1111-2222"]
    assert values(r.emails) == ["a.b@example.jp"]


def test_postcodes_dates_and_street_numbers_are_not_phones():
    text = """\
Grand Tower 12F, 1-2-3 Shiba, Minato-ku, Tokyo 105-0014
Founded 2019-04-01
P.O. Box 1234, 80331 München
Phone 089 12345678
"""
    r = extract_fields_from_text(text, region="DE")
    assert phones_of(r) == [("089 12345678", "+498912345678", "work")]


def test_explicit_region_and_unknown_region():
    r = extract_fields_from_text("Tel 030 1234567\n", region="DE")
    assert phones_of(r) == [("030 1234567", "+49301234567", "work")]
    r = extract_fields_from_text("Tel 030 1234567\n")
    assert phones_of(r) == [("030 1234567", None, "work")]


def test_region_from_country_code_applies_to_national_numbers():
    r = extract_fields_from_text("Office +66 2 123 4567\nMobile 081 234 5678\n")
    assert r.region == "TH"
    assert phones_of(r)[1] == ("081 234 5678", "+66812345678", "mobile")


@pytest.mark.parametrize("line,kind", [
    ("Tel: 03-3333-4444", "work"), ("TEL:03-3333-4444", "work"), ("Phone 03-3333-4444", "work"),
    ("Direct: 03-3333-4444", "work"), ("T. 03-3333-4444", "work"), ("M: 090-3333-4444", "mobile"),
    ("Mob: 03-3333-4444", "mobile"), ("Mobile 03-3333-4444", "mobile"), ("Cell: 03-3333-4444", "mobile"),
    ("HP 03-3333-4444", "mobile"), ("F: 03-3333-4444", "fax"), ("Fax 03-3333-4444", "fax"),
    ("TEL/FAX 03-3333-4444", "work"), ("携帯 090-3333-4444", "mobile"), ("03-3333-4444 (Fax)", "fax"),
    ("03-3333-4444", "work"), ("Home 03-3333-4444", "other"),
])
def test_phone_kind_from_printed_label(line, kind):
    r = extract_fields_from_text(line + "\n", region="JP")
    assert [p.kind for p in r.phones] == [kind]


def test_label_alone_on_the_line_above():
    r = extract_fields_from_text("Mobile\n+44 7911 123456\n")
    assert phones_of(r) == [("+44 7911 123456", "+447911123456", "mobile")]


def test_two_unlabelled_numbers_on_one_line_are_split():
    r = extract_fields_from_text("053-555-1555 053-555-0330\n", region="JP")
    assert [p.number for p in r.phones] == ["053-555-1555", "053-555-0330"]


@pytest.mark.parametrize("company", [
    "Acme Inc.", "Acme Co., Ltd.", "Acme Co.,Ltd", "Acme LLC", "Acme GmbH", "Acme K.K.", "Acme S.A.",
    "Acme Pty Ltd", "Acme plc", "Acme Corporation",
])
def test_company_suffixes(company):
    r = extract_fields_from_text(f"{company}\nJohn Carter\nProject Manager\n")
    assert r.company.value == company
    assert r.name.value == "John Carter"
    assert r.title.value == "Project Manager"


@pytest.mark.parametrize("title", [
    "Director", "Managing Director", "CEO", "VP of Sales", "Senior Engineer", "Partner", "Founder & CEO",
    "Marketing Manager", "Chief Technology Officer", "Head of Product",
])
def test_titles(title):
    r = extract_fields_from_text(f"Lena Fischer\n{title}\nOrbit Labs GmbH\n")
    assert r.title.value == title
    assert r.name.value == "Lena Fischer"


@pytest.mark.parametrize("dept", ["Sales Department", "Division of Medical Imaging", "Global Business Development",
                                  "Marketing & Communications"])
def test_departments(dept):
    r = extract_fields_from_text(f"Lena Fischer\nManager\n{dept}\nOrbit Labs GmbH\n")
    assert r.department.value == dept
    assert r.title.value == "Manager"


def test_slogan_in_small_print_is_neither_title_nor_name():
    text = """\
Greenfield Partners LLC
Your partner for growth
Tom Baker
Associate
tom@greenfield.com
"""
    r = extract_fields_from_text(text)
    assert r.title.value == "Associate"
    assert r.name.value == "Tom Baker"


def test_largest_print_wins_the_name():
    words = [
        WordBox("Orbit", 10, 10, 60, 20, 0.95, 0), WordBox("Labs", 80, 10, 50, 20, 0.95, 0),
        WordBox("Anna", 10, 50, 90, 44, 0.93, 1), WordBox("Berg", 110, 50, 90, 44, 0.93, 1),
        WordBox("Peter", 10, 110, 50, 18, 0.95, 2), WordBox("Holm", 70, 110, 50, 18, 0.95, 2),
        WordBox("Director", 10, 140, 80, 18, 0.95, 3),
    ]
    r = extract_fields(words)
    assert r.name.value == "Anna Berg"
    assert r.name.words == [2, 3]
    assert r.text == "Orbit Labs\nAnna Berg\nPeter Holm\nDirector"


def test_word_indices_point_at_the_words_used():
    r = extract_fields_from_text("Jane Roe\nTEL:+81-6-5555-0157 FAX:+81-6-5555-0158\nE-mail:jane@roe.jp\n")
    words = r.words
    assert [words[i].text for i in r.phones[0].words] == ["TEL:+81-6-5555-0157"]
    assert [words[i].text for i in r.phones[1].words] == ["FAX:+81-6-5555-0158"]
    assert [words[i].text for i in r.emails[0].words] == ["E-mail:jane@roe.jp"]
    assert [words[i].text for i in r.name.words] == ["Jane", "Roe"]


def test_low_confidence_words_lower_field_confidence():
    good = extract_fields(words_from_text("Jane Roe\njane@roe.jp\n", conf=0.95))
    poor = extract_fields(words_from_text("Jane Roe\njane@roe.jp\n", conf=0.5))
    assert poor.name.confidence < good.name.confidence
    assert poor.emails[0].confidence < good.emails[0].confidence


def test_two_columns_on_one_text_line_are_cut_apart():
    words = [
        WordBox("Maria", 10, 10, 60, 30, 0.95, 0), WordBox("Lopez", 80, 10, 60, 30, 0.95, 0),
        WordBox("Tel", 500, 10, 30, 20, 0.95, 0), WordBox("+34", 540, 10, 30, 20, 0.95, 0),
        WordBox("912", 580, 10, 30, 20, 0.95, 0), WordBox("345", 620, 10, 30, 20, 0.95, 0),
        WordBox("678", 660, 10, 30, 20, 0.95, 0),
    ]
    r = extract_fields(words)
    assert r.name.value == "Maria Lopez"
    assert phones_of(r) == [("+34 912 345 678", "+34912345678", "work")]


def test_empty_input():
    r = extract_fields([])
    assert r.name is None and r.phones == [] and r.text == ""


# ------------------------------------------------------------ helpers


def test_plausibility_rejects_logo_noise():
    assert plausibility("~ & ‘ae”".split()) < 0.6
    assert plausibility("| i ' Se".split()) < 0.6
    assert plausibility("=) ap TT".split()) < 0.6
    assert plausibility("Aqua Forte Co.,Ltd.".split()) > 0.9
    assert plausibility("3-4-5-6F KoyoHS-building Hinode Sakura-ku".split()) > 0.9


def test_name_email_match():
    assert name_email_match(["Haruki", "Sonoda"], ["haruki.sonoda@jp.vantec.com"]) == 1.0
    assert name_email_match(["Emiko", "Sawada"], ["e.sawada@korin.ne.jp"]) >= 0.9
    assert name_email_match(["HIROMI", "KUROSAWA"], ["kurosawa@vmark.co.jp"]) >= 0.8
    assert name_email_match(["Aqua", "Forte"], ["kenta-m@aforte.com"]) < 0.5


def test_domain_company_match():
    assert domain_company_match("aforte", "Aqua Forte") >= 0.85
    assert domain_company_match("korin", "KORIN Co.,ltd") == 1.0
    assert domain_company_match("terranode", "TerraNode") == 1.0
    assert domain_company_match("vmark", "Kenta Miyagawa") < 0.5


# ------------------------------------------------------------ real Tesseract output of the fictional sample cards
# tests/ocr_text_fixtures/samples holds the word boxes Tesseract gave for the shipped sample photos
# (resources/samples: rendered cards of fictional people; re-record with
# `python -m tests.ocr_text_fixtures.record_samples`). The checks mirror shared/bench/score_cards.py.
# The real dev photos are scored from ../shared at test time by tests/test_dev_set_score.py.

SAMPLE_WORDS = Path(__file__).parent / "ocr_text_fixtures" / "samples"
SAMPLE_TRUTH = {c["file"].removesuffix(".jpg"): c
                for c in json.loads((Path(__file__).parents[1] / "resources" / "samples" / "samples.json").read_text())}


def _fold(s):
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def _phone_digits(s):
    return re.sub(r"\D", "", re.sub(r"\(0\)", "", s)).lstrip("0")


def _site(s):
    return re.sub(r"^[a-z]+:/*", "", s.casefold()).removeprefix("www.").rstrip("/")


def _sample_reading(card):
    cards = json.loads((SAMPLE_WORDS / f"{card}.json").read_text())
    return extract_fields([WordBox(**w) for w in cards[0]])


def _sample_field_hits(card):
    """(right, labelled, predicted) per field for one sample card, scored like the bench."""
    label, r = SAMPLE_TRUTH[card], _sample_reading(card)
    out = {}
    for f in ("name", "title", "company"):
        lv, pv = label.get(f), r.text_value(f)
        if f == "name":
            ok = bool(pv) and sorted(_fold(lv).split()) == sorted(_fold(pv).replace("dr ", "").split())
        else:
            ok = bool(pv) and bool(lv) and _fold(lv) == _fold(pv)
        out[f] = (int(ok), int(bool(lv)), int(bool(pv)))
    lists = {
        "emails": ([e.lower() for e in label["emails"]], [e.value.lower() for e in r.emails]),
        "websites": ([_site(w) for w in label["websites"]], [_site(w.value) for w in r.websites]),
        "phones": ([_phone_digits(p["number"]) for p in label["phones"]],
                   [_phone_digits(p.number) for p in r.phones]),
    }
    for f, (lab, pred) in lists.items():
        right = sum(1 for x in lab if x in pred)
        out[f] = (right, len(lab), len(pred))
    return out


@pytest.mark.parametrize("card", sorted(SAMPLE_TRUTH))
def test_sample_cards_read_fully_right(card):
    hits = _sample_field_hits(card)
    wrong = {f: h for f, h in hits.items() if not h[0] == h[1] == h[2]}
    assert wrong == {}


@pytest.mark.parametrize("card", sorted(SAMPLE_TRUTH))
def test_sample_cards_addresses_are_read_whole(card):
    # "Level 22, 182 George Street" lost its town line "Sydney NSW 1327" (tests/test_postcodes.py)
    r = _sample_reading(card)
    assert (r.address.value if r.address else None) == SAMPLE_TRUTH[card]["address"]


def test_sample_phone_kinds():
    for card, label in SAMPLE_TRUTH.items():
        r = _sample_reading(card)
        got = {_phone_digits(p.number): p.kind for p in r.phones}
        assert {_phone_digits(p["number"]): p["kind"] for p in label["phones"]} == got, card


@pytest.mark.parametrize("line,title", [("Jane Roe, CEO", "CEO"), ("Jane Roe | Director", "Director"),
                                        ("JANE ROE - Senior Engineer", "Senior Engineer")])
def test_name_and_title_on_one_line(line, title):
    r = extract_fields_from_text(f"Orbit Labs GmbH\n{line}\njane@orbitlabs.de\n")
    assert r.name.value.lower() == "jane roe"
    assert r.title.value == title


def test_middle_initial_without_dot():
    r = extract_fields_from_text("John Q Adams\nPartner\n")
    assert r.name.value == "John Q Adams"


def test_short_junk_pairs_are_not_names():
    r = extract_fields_from_text("Ee Ra\nDirector\n")
    assert r.name is None


def test_japanese_only_name_in_large_print():
    words = [
        WordBox("株式会社コリン", 10, 10, 300, 30, 0.9, 0),
        WordBox("田村", 10, 60, 120, 60, 0.85, 1), WordBox("美咲", 140, 60, 120, 60, 0.85, 1),
        WordBox("TEL(03)5555-8606", 10, 140, 300, 28, 0.9, 2),
        WordBox("m.tamura@korin.ne.jp", 10, 180, 300, 28, 0.9, 3),
    ]
    r = extract_fields(words)
    assert r.name.value == "田村 美咲"
    assert r.company.value == "株式会社コリン"


# ------------------------------------------------------------ breadth: the synthetic generator's layouts
# Perfect OCR of each synthetic card (word boxes from the generator's own layout), so any miss
# here is the field logic's fault, across many names, countries, label styles and layouts.


def test_synthetic_layouts_read_right():
    np = pytest.importorskip("numpy")
    from tests.synthetic.identity import make_card_truth
    from tests.synthetic.layout import layout_card
    from tests.synthetic.style import random_style

    right = total = 0
    for seed in range(100):
        rng = np.random.default_rng(seed)
        truth = make_card_truth(rng)
        style = random_style(rng)
        r = extract_fields(layout_words(layout_card(truth, style)))
        checks = [
            _fold(r.text_value("company") or "") in {_fold(truth.company), _fold(truth.company_stem)},
            sorted(_fold(r.text_value("name") or "").split()) == sorted(_fold(truth.name).split()),
            _fold(r.text_value("title") or "") == _fold(truth.title or ""),
            [e.value.lower() for e in r.emails] == [e.lower() for e in truth.emails],
            [_phone_digits(p.number) for p in r.phones] == [_phone_digits(p["number"]) for p in truth.phones],
            [p.kind for p in r.phones] == [p["kind"] for p in truth.phones],
            [_site(w.value) for w in r.websites] == [_site(w) for w in truth.websites],
        ]
        right += sum(checks)
        total += len(checks)
    assert right / total >= 0.99


def test_note_glued_after_number_and_postcode_after_stray_letter():
    text = "\n".join([
        "Aiko Tanabe",
        "Sales Manager",
        "Kitamura Trading Co., Ltd.",
        "TEL(06)5555-1401 (4) FAX(06)5555-1402",
        "% wh B 7450-0002 Osaka",
        "E-mail : a.tanabe@kitamura-trading.co.jp",
    ])
    reading = extract_fields_from_text(text)
    assert reading.region == "JP"
    assert [(p.number, p.e164, p.kind) for p in reading.phones] == [
        ("(06)5555-1401", "+81655551401", "work"),
        ("(06)5555-1402", "+81655551402", "fax"),
    ]


def test_postcode_mark_read_as_plus_is_not_a_country_code():
    # "〒435-0015" (a Japanese postcode) often comes out of OCR as "+ 435-0015"; +43 is Austria.
    text = "\n".join([
        "+ 435-0015 Hamamatsu",
        "Tel. 053-555-1555",
        "URL http://www.minori-sk.co.jp",
    ])
    reading = extract_fields_from_text(text)
    assert reading.region == "JP"
    assert [(p.number, p.e164) for p in reading.phones] == [("053-555-1555", "+81535551555")]


def test_website_with_a_lost_dot_is_repaired_from_the_email_domain():
    text = "\n".join([
        "Mika Tamura",
        "E-mail : m.tamura@korin.ne.jp URL : http://www.korin.neip",
    ])
    reading = extract_fields_from_text(text)
    assert [w.value for w in reading.websites] == ["http://www.korin.ne.jp"]
    # an unrelated broken URL is not turned into the e-mail's domain
    other = extract_fields_from_text("m.tamura@korin.ne.jp\nURL : http://www.example.orgx")
    assert [w.value for w in other.websites] == []


def test_a_legal_suffix_alone_is_not_a_company():
    reading = extract_fields_from_text("A CO., ltd.\nTel. 053-555-1555\ntanaka@minori-sk.co.jp")
    assert reading.company is None or reading.company.value.lower() not in {"a co., ltd.", "co., ltd."}


def test_monospaced_letter_spacing_split_inside_an_email_domain():
    text = "Hannah Patel\nhannah. patel@c Loudwave.com\nWeb: http://www.cLoudwave.com"
    reading = extract_fields_from_text(text)
    assert [e.value for e in reading.emails] == ["hannah.patel@cloudwave.com"]
    assert [w.value for w in reading.websites] == ["http://www.cloudwave.com"]


def test_logo_glyphs_beside_the_company_name_are_not_part_of_it():
    # a logo read as "cl | I}" in print three times taller, right before the company name
    words = [
        WordBox("cl", 40, 20, 60, 84, 0.5, 0), WordBox("|", 105, 15, 10, 100, 0.7, 0),
        WordBox("I}", 120, 16, 40, 97, 0.29, 0),
        WordBox("Silverleaf", 180, 60, 200, 28, 0.9, 0), WordBox("Partners", 390, 61, 160, 27, 0.96, 0),
        WordBox("Inc.", 560, 61, 70, 26, 0.96, 0),
        WordBox("Marcus", 180, 140, 150, 37, 0.95, 1), WordBox("Patel", 340, 140, 110, 39, 0.95, 1),
        WordBox("mpatel@silverleaf.io", 180, 220, 380, 26, 0.93, 2),
    ]
    reading = extract_fields(words)
    assert reading.company.value == "Silverleaf Partners Inc."
    assert reading.name.value == "Marcus Patel"


@pytest.mark.parametrize("printed", ["Web: awww.oakforge.com", "ww.oakforge.com", "wwww.oakforge.com"])
def test_slipped_www_prefix_is_normalised(printed):
    reading = extract_fields_from_text(f"Jo Oak\n{printed}")
    assert [w.value for w in reading.websites] == ["www.oakforge.com"]


def test_name_that_lost_a_capital_is_found_through_the_email():
    text = "Harborport Materials Ltd.\nOliver whitfield\nFinancial Analyst\nEmail: oliver_whitfield@harborport.co.uk"
    reading = extract_fields_from_text(text)
    assert reading.name.value == "Oliver Whitfield"
    # without the e-mail to vouch for it, the capital is not made up (the first name still marks the person)
    alone = extract_fields_from_text("Harborport Materials Ltd.\nOliver whitfield\nFinancial Analyst").name
    assert alone is None or alone.value == "Oliver whitfield"


def test_email_broken_by_spaces_is_rejoined_with_evidence_from_the_card():
    text = "\n".join([
        "Pinewave Foods Ltd.",
        "W: www. pinewave-foods.co.uk",
        "char lotte@pinewave - foods.co.uk",
        "Charlotte Gallagher",
    ])
    reading = extract_fields_from_text(text)
    assert [e.value for e in reading.emails] == ["charlotte@pinewave-foods.co.uk"]
    assert [w.value for w in reading.websites] == ["www.pinewave-foods.co.uk"]
    # with nothing on the card to vouch for "charlotte", the word before stays out of the address
    lone = extract_fields_from_text("write lotte@pinewave - foods.co.uk")
    assert [e.value for e in lone.emails] == ["lotte@pinewave-foods.co.uk"]


# ------------------------------------------------------------ websites and numbers as OCR breaks them


@pytest.mark.parametrize("printed", ["wwwoakforge.com", "Web: wwwoakforge.com"])
def test_www_glued_to_the_domain_is_split_off(printed):
    reading = extract_fields_from_text(f"Jo Oak\n{printed}")
    assert values(reading.websites) == ["www.oakforge.com"]


@pytest.mark.parametrize("link", ["qrco.de/bfK2xz", "https://me-qr.com/aB3d9", "bit.ly/3xYzAbc",
                                  "www.myqrcode.com/v/77ab"])
def test_a_short_link_or_qr_code_service_is_not_the_website(link):
    reading = extract_fields_from_text(f"Ana Lima\nDiretora Comercial\n{link}\nana@limaforte.com.br\nwww.limaforte.com.br")
    assert values(reading.websites) == ["www.limaforte.com.br"]
    alone = extract_fields_from_text(f"Ana Lima\nDiretora Comercial\n{link}")
    assert alone.websites == []


def test_dotted_international_number_with_a_comma_slip():
    reading = extract_fields_from_text("Tomás Ruiz\nPH: +54.11.4321,.7788 to 7789\nMobile: +54.9.11.3344.5566")
    assert [p.e164 for p in reading.phones] == ["+541143217788", "+5491133445566"]


def test_a_stray_digit_before_a_national_number_is_dropped():
    reading = extract_fields_from_text("Wang Lei\n2 0431-81234567", region="CN")
    assert [p.number for p in reading.phones] == ["0431-81234567"]


def test_a_number_broken_by_a_line_end_is_joined():
    reading = extract_fields_from_text("Omar Haddad\nCountry Manager\n+966 50 123\n4567\nomar.haddad@dunefreight.com")
    assert [(p.number, p.e164) for p in reading.phones] == [("+966 50 123 4567", "+966501234567")]
    # a whole number followed by a line starting with a house number stays as it is
    apart = extract_fields_from_text("Jo Oak\n+44 20 7946 0958\n12 High Street")
    assert [p.e164 for p in apart.phones] == ["+442079460958"]


# ------------------------------------------------------------ names and companies across lines


def test_given_and_family_name_on_two_lines_in_lower_case():
    reading = extract_fields_from_text("daan\nde vries\nceo & founder\n+31 6 12 34 56 78\ndaan@zonnewerk.nl")
    assert reading.name.value == "daan de vries"
    assert reading.title.value == "ceo & founder"


def test_a_name_printed_one_word_a_line():
    reading = extract_fields_from_text("JANE\nROE\nDirector\nOakforge Ltd\njroe@oakforge.com")
    assert reading.name.value == "JANE ROE"
    assert reading.company.value == "Oakforge Ltd"
    # two one-word lines that no first name or e-mail vouches for are not a name
    team = extract_fields_from_text("Sales\nTeam\nOakforge Ltd\nsales@oakforge.com")
    assert team.name is None


def test_a_company_split_over_a_logo_line_is_joined_by_its_domain():
    reading = extract_fields_from_text("Jo Oak\nSales Manager\nNOVA XQ\nBlue Services\nwww.novablueservices.com")
    assert reading.company.value == "NOVA Blue Services"
    # a brand in two short lines that together spell the e-mail's domain
    two = extract_fields_from_text("Jo Oak\nDirector\nTERRA\nVERDE\njo@terraverde.com")
    assert two.company.value == "TERRA VERDE"


def test_the_organisation_after_care_of_is_the_company_its_domain_starts_with():
    text = "Ana Roe\nChargée d'affaires\nSuite 4 C/O KLM PARIS\n7 rue des Lilas\n75008 PARIS\nana.roe@klmconseil.fr"
    assert extract_fields_from_text(text).company.value == "KLM PARIS"
    # without the domain's initials to agree, "c/o" alone names nobody's firm
    other = text.replace("klmconseil", "lilasworks")
    assert extract_fields_from_text(other).company.value != "KLM PARIS"


def test_a_business_function_under_the_name_is_the_title_when_no_title_is_printed():
    reading = extract_fields_from_text("Milan Horvat\nMarketing\nBlueva LLC\ninfo@blueva.com")
    assert (reading.title.value, reading.department) == ("Marketing", None)
    # beside a printed title the function stays the department; a named department stays one
    both = extract_fields_from_text("Milan Horvat\nSales Manager\nMarketing\nBlueva LLC")
    assert (both.title.value, both.department.value) == ("Sales Manager", "Marketing")
    named = extract_fields_from_text("Milan Horvat\nSales Department\nBlueva LLC")
    assert (named.title, named.department.value) == (None, "Sales Department")


@pytest.mark.parametrize("heading", ["Head Office", "Turin Branch Office:", "HEADQUARTERS"])
def test_an_office_heading_over_the_address_is_not_a_title(heading):
    reading = extract_fields_from_text(f"Tomás Ruiz\n{heading}\nCalle de las Nubes 123\n1001 Villaluz\ntruiz@nubeforte.com")
    assert reading.title is None
    office = extract_fields_from_text("Tomás Ruiz\nOffice Manager\nNubeforte S.A.")
    assert office.title.value == "Office Manager"


def test_a_given_name_above_is_joined_when_the_email_spells_it():
    # "Brooks" is a first name too: only the e-mail tells that "Ethan" above belongs to it
    reading = extract_fields_from_text("Rubwave Insurance Inc.\nEthan\nBrooks\nOperations Manager\nethan_brooks@rubwave.com")
    assert reading.name.value == "Ethan Brooks"
    glued = extract_fields_from_text("Riomar Logistics Pty Ltd\nOlivia\nColeman\nPartner\nocoleman@riomar.com")
    assert glued.name.value == "Olivia Coleman"


def test_a_large_name_beside_a_column_of_small_print_stays_one_line():
    big, small = 55, 24
    words = [
        WordBox("Lê", 49, 198, 49, 33, 0.93, 0), WordBox("&", 123, 198, 24, 33, 0.93, 0),
        WordBox("Partners", 172, 198, 197, 33, 0.93, 0),
        WordBox("Nguyễn", 49, 282, 184, big, 0.93, 1), WordBox("Thị", 264, 282, 92, big, 0.93, 1),
        WordBox("Thảo", 387, 282, 122, big, 0.93, 1),
        WordBox("Phố", 550, 320, 54, small, 0.93, 2), WordBox("Lá", 622, 320, 36, small, 0.93, 2),
        WordBox("Me", 676, 320, 36, small, 0.93, 2), WordBox("255", 730, 320, 54, small, 0.93, 2),
    ]
    assert extract_fields(words).name.value == "Nguyễn Thị Thảo"


def test_vietnamese_d_with_stroke_and_a_german_degree_after_the_name():
    reading = extract_fields_from_text("Briterra Thương Mại\nHồ Đức Thảo, PhD\nSales Manager\nhttps://briterra.vn")
    assert reading.name.value == "Hồ Đức Thảo"
    assert reading.company.value == "Briterra Thương Mại"
    german = extract_fields_from_text("Vantalis GmbH\nKatrin Keller, Dipl.-Ing.\nProjektleiterin\nk.keller@vantalis.de")
    assert german.name.value == "Katrin Keller"


@pytest.mark.parametrize("company", ["KENDRICK & PARTNERS", "Rossi & Figli", "Bos & Zonen", "Moreau et Fils"])
def test_a_firm_named_after_its_founders_is_the_company(company):
    reading = extract_fields_from_text(f"Isla Whitfield, B.S.B.A.\nVice President\n{company}\nhttps://koratech.com")
    assert reading.company.value == company


@pytest.mark.parametrize("company", ["Limaforte Comércio Ltda.", "Nubeforte S.L.", "Virta Oy", "Kestrel s.r.o."])
def test_legal_forms_of_other_countries_mark_the_company(company):
    reading = extract_fields_from_text(f"Ana Lima\nGerente\n{company}")
    assert reading.company.value == company


@pytest.mark.parametrize("printed", ["ventas2 \\nubeforte-arg.com", "ventas2\\nubeforte-arg.com"])
def test_a_backslash_read_for_the_at_sign(printed):
    reading = extract_fields_from_text(f"Tomás Ruiz\n{printed}\nwww.nubeforteglobal.com")
    assert values(reading.emails) == ["ventas2@nubeforte-arg.com"]
    assert values(reading.websites) == ["www.nubeforteglobal.com"]


def test_an_email_broken_by_a_line_end_is_joined():
    reading = extract_fields_from_text("Ravi Menon\nManaging Director\nravi.menon@dunecargo.\ncom")
    assert values(reading.emails) == ["ravi.menon@dunecargo.com"]
    hyphen = extract_fields_from_text("Ravi Menon\nravi.menon@lotus-freight-\nlines.co.in")
    assert values(hyphen.emails) == ["ravi.menon@lotus-freight-lines.co.in"]
    # a word on the next line that makes no real ending is not glued on
    assert extract_fields_from_text("Ravi Menon\nE: ravi.menon@acme\nSales").emails == []


def test_an_email_icon_read_as_a_capital_is_dropped_when_the_rest_spells_the_name():
    reading = extract_fields_from_text("Ravi Menon\nManaging Director\nQravim@dunecargo.com")
    assert values(reading.emails) == ["ravim@dunecargo.com"]
    # an initial before the family name, or a capitalised address, stays as printed
    for printed in ("Rmenon@acme.com", "Ravi.Menon@acme.com", "Qjanet@acme.com"):
        assert values(extract_fields_from_text(f"Ravi Menon\n{printed}").emails) == [printed]


def test_a_line_of_only_title_words_beside_the_name_is_the_title():
    reading = extract_fields_from_text("Lena Fischer\nCEO\nOrbit Labs GmbH")
    assert reading.title.value == "CEO"
    # a heading beside the name is not
    assert extract_fields_from_text("Lena Fischer\nHead Office\nOrbit Labs GmbH").title is None


def test_a_company_with_a_legal_form_beats_a_domain_of_its_initials():
    reading = extract_fields_from_text("Ms. Chen Liu\nGeneral Manager\nZENIWAVE INDUSTRIAL CO., LTD.\n"
                                       "267 Jade Pond Street\nchen_liu@zicl.com.tw\nwww.zicl.com.tw")
    assert reading.company.value == "ZENIWAVE INDUSTRIAL CO., LTD."
    assert domain_company_match("zicl", "ZENIWAVE INDUSTRIAL CO., LTD.") == 1.0


def test_a_word_in_another_script_at_the_edge_of_a_line_is_not_noise():
    reading = extract_fields_from_text("BÙI THỊ TUẤN, CPA\nTrưởng Phòng Kinh Doanh\ntuanbui22@gmail.com\nĐỗ & Partners")
    assert reading.company.value == "Đỗ & Partners"


@pytest.mark.parametrize("company", ["LUMIRIA VẬN TẢI", "Silton Thương Mại", "Ministerie van Financiën"])
def test_organisations_named_by_their_trade_in_vietnamese_or_dutch(company):
    from ocr.fields import judge_card

    _, judged = judge_card(words_from_text(f"Hồ Thị Minh\nGiám Đốc\n{company}"))
    assert next(j for j in judged if j.text == company).company > 0


def test_a_firms_domains_in_two_countries_are_both_kept():
    reading = extract_fields_from_text("Nina Roe\nCEO\nAcme Maritime Ltd\nnina@acmemaritime.com\nwww.acmemaritime.es")
    assert values(reading.emails) == ["nina@acmemaritime.com"]
    assert values(reading.websites) == ["www.acmemaritime.es"]
    # one cut short or slipped is still repaired: ".co.ip" is no ending of its own
    slipped = extract_fields_from_text("Jane Roe\njane@acme.co.jp\nwww.acme.co.ip")
    assert values(slipped.websites) == ["www.acme.co.jp"]


def test_a_job_that_names_a_trade_is_the_title_not_the_company():
    reading = extract_fields_from_text("Paolo Conti\nOcean Freight Sales Manager\npaolo@contifreight.it")
    assert reading.title.value == "Ocean Freight Sales Manager"
    assert reading.company is None or reading.company.value != "Ocean Freight Sales Manager"


def test_a_vietnamese_legal_form_line_the_model_doubts_beats_the_domain():
    words = words_from_text("WH\nCông ty TNHH Sao Khuê\nNguyễn Thị Lan\nGiám Đốc\nlan.nguyen@saokhue-tech.vn")
    assert extract_fields(words).company.value == "Công ty TNHH Sao Khuê"


# ------------------------------------------------------------ session 8: classes seen on cards from other sources

@pytest.mark.parametrize("text, kinds", [
    ("Celular: (11) 98765-4321\nFone: (11) 3456-7890\nwww.pedralux.com.br", ["mobile", "work"]),
    ("Handy: 0171 5550123\nTelefon: 030 5550 1234\nFax: 030 5550 1235\nkoravia.de", ["mobile", "work", "fax"]),
    ("Điện thoại: 028 3822 1234\nDĐ: 0912 345 678\nnubemont.vn", ["work", "mobile"]),
    ("โทร 02 555 0147\nมือถือ 081 234 5678\nsolvale.co.th", ["work", "mobile"]),
    ("Móvil: 612 34 56 78\nTeléfono: 912 34 56 78\nvelnova.es", ["mobile", "work"]),
])
def test_phone_labels_in_the_apps_languages(text, kinds):
    r = extract_fields_from_text("Jane Roe\n" + text)
    assert [p.kind for p in r.phones] == kinds
    assert all(p.e164 for p in r.phones)  # read against the country the ccTLD names


@pytest.mark.parametrize("label", ["Celular:", "Cel.", "Handy", "Mobil:", "Móvil", "Cellulare", "Portable", "DĐ:",
                                   "มือถือ", "WhatsApp"])
def test_mobile_label_in_other_languages_decides_the_kind(label):
    # a North American number can be fixed or mobile: only the printed label tells
    r = extract_fields_from_text(f"Jane Roe\nSales Manager\n{label} +1 201 555 0123\nacme.com")
    assert [(p.e164, p.kind) for p in r.phones] == [("+12015550123", "mobile")]


def test_phone_label_words_never_linger_as_a_name_or_title():
    r = extract_fields_from_text("Lucas Pereira\nGerente de Vendas\nCelular: (11) 98765-4321\nFone: (11) 3456-7890")
    assert r.name.value == "Lucas Pereira"
    assert r.title.value == "Gerente de Vendas"


def test_number_with_country_code_a_digit_short_beside_a_valid_one_is_kept():
    r = extract_fields_from_text("Jane Roe\nManaging Director\n+968 2471135 | 2464 9910\nMuscat, Sultanate of Oman")
    assert r.region == "OM"  # the country's name, from phonenumbers' region names
    assert [p.number for p in r.phones] == ["+968 2471135", "2464 9910"]
    # alone, an invalid number stays out: it may be a reference or an account number
    r = extract_fields_from_text("Jane Roe\nManaging Director\n+968 2471135\nMuscat, Oman")
    assert r.phones == []


@pytest.mark.parametrize("place, region", [("São Paulo - Brasil", "BR"), ("10115 Berlin, Deutschland", "DE"),
                                           ("Muscat, Sultanate of Oman", "OM"), ("75008 Paris, Allemagne", "DE"),
                                           ("Atlanta, Georgia", None), ("Jordan Smith", None)])
def test_country_names_in_the_apps_languages(place, region):
    from ocr.fields import _country_in

    assert _country_in(place) == region


@pytest.mark.parametrize("title", ["Gerente de Negócios", "Diretor Administrativo", "Consultor de marketing",
                                   "Giám Đốc", "Geschäftsführer", "Responsable Commercial",
                                   "Chargée de développement réseaux", "Direttore Commerciale"])
def test_titles_in_other_languages_are_found_beside_the_name(title):
    r = extract_fields_from_text(f"Mariana Rocha\n{title}\nIbravale Seguros Ltda.\nmariana@ibravale.com.br")
    assert r.title.value == title
    assert r.company.value == "Ibravale Seguros Ltda."


def test_title_word_broken_by_a_space_is_joined():
    r = extract_fields_from_text("Daniel Marlow\nDi rector\nSales Dept.\nVORANTIS CO., LTD.\ndaniel@vorantis.co.kr")
    assert r.title.value == "Director"


def test_title_a_few_lines_from_the_name_past_a_tagline():
    card = """SINCE 1921
MARCO ROSSI
OCEAN AND LAND
FORWARDING
Ocean Freight Sales Manager
Via Tortona 18
20144 Milano (MI)
marco.rossi@corvaltrans.com"""
    r = extract_fields_from_text(card)
    assert r.title.value == "Ocean Freight Sales Manager"


def test_branch_office_heading_and_founding_line_are_never_the_company():
    r = extract_fields_from_text("""SINCE 1921
MARCO ROSSI
Ocean Freight Sales Manager
Turin Branch Office:
Via Tortona 18
20144 Milano (MI)
marco.rossi@corvaltrans.com""")
    assert r.company.value != "Turin Branch Office"
    r = extract_fields_from_text("""The Law Firm of Jane Qorvan
Since 1979 (L.L.C)
Omar Roe
Senior Counsel
omar@qorvanlaw.com""")
    assert r.company.value == "The Law Firm of Jane Qorvan"


def test_law_office_is_still_a_firm():
    r = extract_fields_from_text("Jane Roe\nAttorney at Law\nKendrick Law Office\njane@kendricklaw.com")
    assert r.company.value == "Kendrick Law Office"


def test_building_named_after_the_firm_gives_the_firm():
    r = extract_fields_from_text("""J. Roe
CEO
E-mail: roe@translogistix.com
Translogistix Building
Avda. de los Olmos, 41
28999 Villaluz""")
    assert r.company.value == "Translogistix"
    # a building that is not the firm's: never the company
    r = extract_fields_from_text("""Jane Roe
Sales Manager
Sakura Tower
2-6-1 Sakuragi, Hinode-ku
jane@bluevane.co.jp""")
    assert r.company is None or "Tower" not in r.company.value


def test_logo_scrap_completed_by_the_same_letters_printed_in_full():
    r = extract_fields_from_text("""QTMLYO
Jane Roe
Network Manager
Regus C/O QTM LYON
12 rue Garibaldi
69006 LYON
jane.roe@qtmgroupe.com""")
    assert r.company.value == "QTM LYON"


@pytest.mark.parametrize("heading", ["Hoofdkantoor:", "Văn phòng:", "Matriz:", "Filiale di Lucca:", "Siège social :"])
def test_address_heading_in_any_language_is_never_a_title(heading):
    r = extract_fields_from_text(f"OROVALE ADVIES V.O.F.\nBRAM VISSER\n{heading}\nKievitsdreef 346\n"
                                 "4367 RT Lindendam\nbram.visser@orovale.nl")
    assert r.title is None
    assert r.company.value == "OROVALE ADVIES V.O.F."


def test_organisation_under_the_name_is_not_a_title():
    r = extract_fields_from_text("ISLA HOLLOWAY\nEastmere General Hospital\nEstablished 1912\niholloway@egh.co.uk")
    assert r.title is None or "Hospital" not in r.title.value


def test_bare_brand_in_large_type_beats_a_domain_of_another_name():
    words = [WordBox("Arcevia", 40, 30, 160, 31, 0.93, 0),
             WordBox("Emily", 40, 80, 120, 53, 0.93, 1), WordBox("Pemberton", 170, 80, 220, 53, 0.93, 1),
             WordBox("Financial", 40, 150, 150, 31, 0.93, 2), WordBox("Analyst", 200, 150, 110, 31, 0.93, 2),
             WordBox("emily@silmont.com.au", 40, 400, 300, 22, 0.93, 3),
             WordBox("T", 40, 440, 12, 22, 0.93, 4), WordBox("+61", 60, 440, 40, 22, 0.93, 4),
             WordBox("2", 105, 440, 12, 22, 0.93, 4), WordBox("5550", 120, 440, 60, 22, 0.93, 4),
             WordBox("1234", 185, 440, 60, 22, 0.93, 4)]
    r = extract_fields(words)
    assert r.company.value == "Arcevia"
    # the same card with no mail or site: large type alone names no company
    r = extract_fields([w for w in words if "@" not in w.text])
    assert r.company is None


def test_brazilian_micro_firm_form_in_capitals():
    r = extract_fields_from_text("Ana Silva\nGerente de Negócios\nNubevia ME\nhttps://koralis.com.br")
    assert r.company.value == "Nubevia ME"


def test_vietnamese_street_with_title_syllable_is_not_a_title():
    r = extract_fields_from_text("Đặng Văn Ngọc\nĐường Hoa Sứ 337\n84188 Bình An\nngoc@cristerra.vn")
    assert r.title is None


@pytest.mark.parametrize("printed, expected", [
    ("R Agarwal", "R Agarwal"), ("K. S. Nair", "K. S. Nair"), ("Priya lyer", "Priya Iyer"),
    ("Lê Van Hung", "Lê Van Hung"), ("Van Dijk Bram", "Van Dijk Bram")])
def test_names_with_initials_a_particle_first_or_a_capital_i_read_as_l(printed, expected):
    r = extract_fields_from_text(f"PEDRAMARK LTD.\n{printed}\nSales Manager\nPh: +91 74104 11983")
    assert r.name.value == expected


def test_a_country_line_is_never_the_name():
    r = extract_fields_from_text("Giám Đốc\nVantalink Co., Ltd.\nPhố Lá Me 108\nViệt Nam\nhung@vantalink.vn")
    assert r.name is None or r.name.value != "Việt Nam"


def test_an_article_is_not_an_initial():
    from ocr.fields import _name_words

    assert _name_words(["A", "Division"]) is None
    assert _name_words(["A.", "Kumar"]) == ["A.", "Kumar"]


def test_name_on_two_lines_across_a_scrap_of_accent_marks():
    words = [WordBox("PEDRAMAR", 40, 20, 200, 30, 0.93, 0), WordBox("S.A.", 250, 20, 60, 30, 0.93, 0),
             WordBox("ALEJANDRO", 40, 80, 260, 50, 0.96, 1), WordBox("AN", 40, 135, 40, 14, 0.19, 2),
             WordBox("SÁNCHEZ", 40, 155, 220, 50, 0.97, 3), WordBox("Asesor", 40, 230, 100, 26, 0.92, 4),
             WordBox("Financiero", 150, 230, 150, 26, 0.92, 4),
             WordBox("info@pedramar.com.mx", 40, 300, 300, 22, 0.93, 5)]
    r = extract_fields(words)
    assert r.name.value == "ALEJANDRO SÁNCHEZ"
    assert r.title.value == "Asesor Financiero"


def test_name_word_with_a_letter_put_in_is_repaired_by_the_mail_not_one_cut_short():
    r = extract_fields_from_text("Maitteo Bianchi\nResponsabile Vendite\nmatteo_bianchi@arceforte.it")
    assert r.name.value == "Matteo Bianchi"
    r = extract_fields_from_text("Christina Roe\nSales Manager\nchristin.roe@arceforte.com")
    assert r.name.value == "Christina Roe"


@pytest.mark.parametrize("line, email", [
    ("Email: poppy bennett@gmail.com", "poppy_bennett@gmail.com"),  # the underscore lost
    ("poppybennettS6@nubenova.com", "poppybennett56@nubenova.com"),  # a digit read as a capital
    ("poppybennettl4@nubenova.com", "poppybennett14@nubenova.com"),  # a 1 read as l after the name
    ("poppybennet 13@nubenova.com", "poppybennet13@nubenova.com"),  # digits split off by a space
    ("Emaii: pbennett@163.com", "pbennett@163.com"),  # a provider named by a number
])
def test_email_slips_from_reading_the_local_part(line, email):
    r = extract_fields_from_text(f"POPPY BENNETT\nHead of Marketing\n{line}\nNUBENOVA")
    assert [e.value for e in r.emails] == [email]


def test_email_whose_domain_lost_its_dot_is_at_the_cards_website():
    r = extract_fields_from_text("Matteo Bianchi\nResponsabile Vendite\nmatteo_bianchi@efit\nwww.ef.it")
    assert [e.value for e in r.emails] == ["matteo_bianchi@ef.it"]  # not "...@efit.www.ef.it"
    assert [w.value for w in r.websites] == ["www.ef.it"]


def test_website_broken_at_a_line_end_after_a_dot():
    r = extract_fields_from_text("Manon Garnier\nAssociée\nmanon@pinoton.fr\nwww.pinoton.\nfr")
    assert [w.value for w in r.websites] == ["www.pinoton.fr"]


def test_https_slashes_read_as_a_letter_agree_with_the_mail_domain():
    r = extract_fields_from_text("Stefan Schreiber\nBerater\nE: stefan.schreiber@cimalink.de\nhttps: Hcimalink.de")
    assert [w.value for w in r.websites] == ["https://cimalink.de"]


def test_logo_word_read_into_the_name_line_is_left_out():
    # PP-OCR groups a logo beside the name with it
    r = extract_fields_from_text("NovaQuill Kenji Morimoto\nSales Manager\nNovaQuill Inc.\n"
                                 "k.morimoto@novaquill.co.jp")
    assert r.name.value == "Kenji Morimoto"
    r = extract_fields_from_text("Briterra Thương Mại\nHồ Đức Thảo\nSales Manager\nhttps://briterra.vn")
    assert r.company.value == "Briterra Thương Mại"


def test_company_line_ending_on_a_connector_goes_on_to_the_next_line():
    r = extract_fields_from_text("The Law Firm of\nJane Qorvan\nOmar Roe\nSenior Counsel\nomar@qorvanlaw.com")
    assert r.company.value == "The Law Firm of Jane Qorvan"
    assert r.name.value == "Omar Roe"


def test_logo_in_one_word_beside_the_name_when_the_domain_is_initials():
    r = extract_fields_from_text("VelaNova Hannah Carter\nDirector\nVela Nova Co.,Ltd.\nhannah-c@vnova.com")
    assert r.name.value == "Hannah Carter"
    r = extract_fields_from_text("Rossi Marco Bianchi\nDirettore Commerciale\nRossi & Figli\nmarco@rossifigli.it")
    assert r.name.value == "Rossi Marco Bianchi"  # a family firm's name is also the person's: kept


def test_a_surname_the_family_firm_is_named_after_stays_in_the_name():
    r = extract_fields_from_text("Anna Maria Rossi\nDirettrice Tecnica\nRossi & Figli\nanna@rossi.it")
    assert r.name.value == "Anna Maria Rossi"


def test_brand_word_on_its_own_line_over_the_name_is_no_half_of_it():
    r = extract_fields_from_text("NovaQuill\nKenji Morimoto\nDirector\nNova Quill Co.,Ltd.\nkenji-m@nquill.com")
    assert r.name.value == "Kenji Morimoto"
    r = extract_fields_from_text("Claire\nMcKenzie\nSales Director\nBlue Vane Ltd\nclaire.mckenzie@bluevane.com")
    assert r.name.value == "Claire McKenzie"


def _row(texts: list[str], x: int, y: int, h: int, line: int, pitch: int = 11, space: int = 11) -> list[WordBox]:
    """Words of one printed row in monospaced type: each letter ``pitch`` wide, words ``space`` apart."""
    out = []
    for t in texts:
        out.append(WordBox(t, x, y, pitch * len(t), h, 0.95, line))
        x += pitch * len(t) + space
    return out


def test_a_column_set_close_beside_the_name_is_cut_at_its_left_edge():
    # monospaced type: the gap between the name and the address column is no wider than a word space;
    # the rows below that begin at the address's left edge show where the second column starts
    words = (_row(["MIRALUCE", "SERVIZI"], 20, 20, 14, 0)
             + _row(["Paolo", "Venturi"], 20, 60, 20, 1) + _row(["Via", "dei", "Tigli,", "12"], 110 + 64, 62, 14, 1)
             + _row(["Consulente"], 20, 88, 14, 2) + _row(["40121", "Pianoro"], 174, 88, 14, 2)
             + _row(["Tel.", "+39", "051", "555", "0147"], 174, 112, 14, 3)
             + _row(["paolo@miraluce.it"], 174, 136, 14, 4))
    r = extract_fields(words)
    assert r.name.value == "Paolo Venturi"
    assert r.title.value == "Consulente"


def test_a_word_that_only_happens_to_line_up_with_a_column_far_above_is_not_cut_off():
    # the name in large type, well below a block of contact lines: "Rocha" begins where they begin
    words = (_row(["Tel.", "+55", "11", "5555-0102"], 420, 40, 24, 0, pitch=15)
             + _row(["bruna@velamar.com.br"], 420, 80, 24, 1, pitch=15)
             + _row(["Bruna", "Rocha"], 120, 300, 50, 2, pitch=30, space=30)
             + _row(["Analista", "Financeira"], 120, 370, 24, 3, pitch=15))
    assert extract_fields(words).name.value == "Bruna Rocha"


def test_one_word_box_twice_as_tall_as_its_neighbour_at_the_same_letter_pitch_stays_in_the_line():
    # at low resolution the engine's box of one word took in a smudge below it: it is no logo
    words = [WordBox("Tiago", 27, 175, 60, 35, 0.95, 0), WordBox("Moura,", 94, 181, 72, 16, 0.95, 0),
             WordBox("MBA", 174, 181, 36, 16, 0.95, 0),
             WordBox("Gerente", 27, 205, 70, 14, 0.95, 1), WordBox("Comercial", 104, 205, 90, 14, 0.95, 1),
             WordBox("tiago@lunara.com.br", 27, 240, 200, 14, 0.95, 2)]
    assert extract_fields(words).name.value == "Tiago Moura"


@pytest.mark.parametrize("title", ["Sócio-Diretor", "Vice-President"])
def test_a_hyphenated_compound_title_is_a_title(title):
    from ocr.fields import _title_score, _words_lower

    assert _title_score(_words_lower([title])) >= 0.7
    reading = extract_fields_from_text(f"Altavia Engenharia Ltda.\nRenata Campos\n{title}\nrenata@altavia.com.br")
    assert reading.title.value == title


def test_a_dot_read_as_a_colon_in_a_degree_after_the_name():
    reading = extract_fields_from_text("Lunaria Alimentari S.r.l.\nSilvia Mancini, B.S:B.A.\nResponsabile Vendite\n"
                                       "M: +39 333 555 0182\nwww.lunaria.it")
    assert reading.name.value == "Silvia Mancini"


@pytest.mark.parametrize("printed, email", [
    ("marta.rizziQcorvella.it", "marta.rizzi@corvella.it"),  # "@" read as a capital Q
    ("vendasOcorvella.it", "vendas@corvella.it"),  # ... or as a capital O
    ("marta_rizzi( corvella.it", "marta_rizzi@corvella.it"),  # ... or as "(" and a space
    ("marta@|corvella.it", "marta@lcorvella.it"),  # an "l" after the "@" read as a bar
    ("martaQgcorvella. it", "marta@corvella.it"),  # ... as "Qg", with a space after the dot
    ("marta.rizziGgmail.com", "marta.rizzi@gmail.com"),  # ... as a G before a web-mail host
    ("Email: mrizzi (yahoo.it", "mrizzi@yahoo.it"),  # ... as a "(" after a space
    ("marta _rizzi@corvella.it", "marta_rizzi@corvella.it"),  # a space before the underscore
    ("marta_ rizzi@corvella.it", "marta_rizzi@corvella.it"),  # ... or after it
])
def test_an_address_whose_at_sign_or_separator_ocr_garbled(printed, email):
    reading = extract_fields_from_text(f"CORVELLA S.r.l.\nMarta Rizzi\nDirettrice Tecnica\n{printed}\nwww.corvella.it")
    assert values(reading.emails) == [email]


def test_a_capital_o_between_small_letters_is_no_at_sign_without_the_domain_on_the_card():
    reading = extract_fields_from_text("Marta Rizzi\nDirettrice Tecnica\nportaOvest.it\nwww.corvella.it")
    assert values(reading.emails) == []


def test_a_degree_after_a_name_on_two_lines_is_not_part_of_it():
    reading = extract_fields_from_text("Corvella S.r.l.\nSilvia\nMancini, B.Tech\nResponsabile Vendite\n"
                                       "silvia.mancini@corvella.it")
    assert reading.name.value == "Silvia Mancini"


def test_the_last_dot_of_an_address_read_as_a_colon_and_a_given_name_split_after_its_first_letter():
    reading = extract_fields_from_text("Femke Dekker\nProjectleider\nfemke dekker@zonvaart:nl\nZonvaart B.V.")
    assert values(reading.emails) == ["femke_dekker@zonvaart.nl"]
    # the first letter split off the local part: the given name printed on the card vouches for the join
    split = extract_fields_from_text("IRENE\nBRUNI\nDirettrice Tecnica\ni rene@corvella . it\nwww.corvella.it")
    assert values(split.emails) == ["irene@corvella.it"]


def test_a_dash_between_a_title_and_its_department_does_not_cut_the_line():
    # the engine's box of a dash is a few pixels tall: it tells nothing of the print size around it
    words = [WordBox("Meera", 60, 200, 110, 30, 0.95, 0), WordBox("Pillai", 190, 200, 120, 30, 0.95, 0),
             WordBox("General", 69, 272, 121, 22, 0.95, 1), WordBox("Manager", 210, 275, 120, 26, 0.95, 1),
             WordBox("-", 355, 283, 9, 4, 0.9, 1), WordBox("Operations", 386, 273, 174, 28, 0.95, 1),
             WordBox("meera@tarangfoods.in", 60, 340, 300, 22, 0.95, 2)]
    assert extract_fields(words).title.value == "General Manager - Operations"


@pytest.mark.parametrize("printed, name", [("Sören Sschreiber", "Sören Schreiber"), ("MARTA GGALLI", "MARTA GALLI"),
                                           ("Lloyd Llewelyn", "Lloyd Llewelyn"), ("Aino Aaltonen", "Aino Aaltonen")])
def test_a_first_capital_read_twice_is_read_once(printed, name):
    reading = extract_fields_from_text(f"Norvale GmbH\n{printed}\nVertriebsleiter\ninfo@norvale.de")
    assert reading.name.value == name


def test_a_grave_accent_read_as_a_backtick_joins_its_letter():
    reading = extract_fields_from_text("Solvia Thương Mại\nTrâ`n Văn Khoa\nGiám Đốc\nkhoa.tran@solvia.vn")
    assert reading.name.value == "Trần Văn Khoa"


def test_a_family_name_in_capitals_before_an_unlisted_given_name_is_a_name():
    reading = extract_fields_from_text("Clamora Industries\nNISHIDA Haruto, MBA\nCustomer Service\n"
                                       "Phone +81 3-5555-0142\nwww.clamora.co.jp")
    assert reading.name.value == "NISHIDA Haruto"


@pytest.mark.parametrize("org", ["Bundesministerium für Wasserwege", "Bộ Công Nghệ Mây Sáng", "Trường Đại học Sông Lam"])
def test_a_ministry_or_university_line_is_the_company_rather_than_the_mail_domain(org):
    reading = extract_fields_from_text(f"Anna Vogt\nReferentin\nanna.vogt@velmora.de\nwww.velmora.de\n{org}")
    assert reading.company.value == org


def test_the_country_ending_of_a_broken_address_is_no_website():
    reading = extract_fields_from_text("Nora Quiroga\nAsesora\nE: noraquiroga7velmar.com. ar\nwww velmar.\ncom.ar")
    assert values(reading.websites) == []


def test_centred_lines_that_meet_a_word_by_chance_do_not_cut_the_name():
    # centred print: "Dario" begins where the title and the fax line below begin, but the name's
    # first word ("Ing.") lines up with nothing, so no column runs there
    words = (_row(["Velmara", "Ingeniería", "S.A.S."], 124, 96, 16, 0, pitch=10, space=8)
             + _row(["Ing."], 140, 140, 24, 1, pitch=12, space=12) + _row(["Dario", "Paredes"], 199, 140, 24, 1,
                                                                          pitch=16, space=10)
             + _row(["Socio", "Fundador"], 197, 174, 20, 2, pitch=9, space=6)
             + _row(["Office", "810", "55", "0199"], 163, 213, 12, 3, pitch=7, space=5)
             + _row(["Fax", "810", "55", "0198"], 198, 234, 12, 4, pitch=7, space=5)
             + _row(["dario.paredes@velmara.es"], 174, 254, 16, 5, pitch=7))
    assert extract_fields(words).name.value == "Ing. Dario Paredes"


@pytest.mark.parametrize("text, email", [
    # "@" read as a small "g": the host is the company printed on another line
    ("Velmora Seguros Ltda\nBruna Oliveira\nE-mail: bruna oliveiragvelmora.com.br", "bruna_oliveira@velmora.com.br"),
    # ... as a small "f": the host is the website's
    ("Quintaluz & Asociados\nSofía Ruiz\nEmail: sofia.ruizfquintaluz.com.ar\nwww.quintaluz.com.ar",
     "sofia.ruiz@quintaluz.com.ar"),
    # ... before a web-mail provider's host
    ("Tiago Souza\nGerente de Vendas\nE-mail: tiago souzagbol.com.br", "tiago_souza@bol.com.br"),
])
def test_an_at_sign_read_as_a_small_g_or_f(text, email):
    assert values(extract_fields_from_text(text).emails) == [email]


@pytest.mark.parametrize("text", [
    "Big Farm Ltd\nJane Roe\nbigfarm.com",  # the whole word is the company's: a website
    "Acme Farm Ltd\nJane Roe\nbigfarm.com",  # "bi" holds no word of the card: no address
    "Jane Roe\nSales Manager\nwww.bigfarm.com\nFarm supplies",  # never inside a web address
])
def test_a_small_g_or_f_in_a_website_is_no_at_sign(text):
    reading = extract_fields_from_text(text)
    assert values(reading.emails) == [] and len(reading.websites) == 1


def test_a_capital_i_before_the_family_name_is_the_given_names_initial():
    reading = extract_fields_from_text("Korvel & Partner\nLena Kraus\nBeraterin\nE-mail: Ikraus@korvel.de")
    assert values(reading.emails) == ["lkraus@korvel.de"]
    reading = extract_fields_from_text("Ivo Kraus\nBerater\nIkraus@korvel.de")
    assert values(reading.emails) == ["Ikraus@korvel.de"]  # Ivo's initial is an "i" indeed


@pytest.mark.parametrize("line, email", [
    ("Email: tuan bui@quenvia.vn", "tuan_bui@quenvia.vn"),  # the name printed with its accents vouches
    ("Email: tuan _ bui@quenvia.vn", "tuan_bui@quenvia.vn"),  # spaces on both sides of the underscore
])
def test_an_underscore_lost_between_two_words_of_an_accented_name(line, email):
    reading = extract_fields_from_text(f"Quenvia Trading JSC\nBùi Thị Tuấn\nKỹ Sư\n{line}\nhttps://quenvia.vn")
    assert values(reading.emails) == [email]


@pytest.mark.parametrize("line, email", [
    ("oficinaquenvia. vn", "oficina@quenvia.vn"),  # the "@" lost
    ("E-mail: tuan26 quenvia.vn", "tuan26@quenvia.vn"),  # ... read as a space after an e-mail label
    ("E-mail: tuan_bui@quenvia.v", "tuan_bui@quenvia.vn"),  # the last letter cut off
    ("E: tuan_bui@quen Via.vn", "tuan_bui@quenvia.vn"),  # a space and a capital put into the host
])
def test_an_address_at_the_website_host_the_card_prints(line, email):
    reading = extract_fields_from_text(f"Quenvia Trading JSC\nBùi Thị Tuấn\nKỹ Sư\n{line}\nWeb: www.quenvia.vn")
    assert values(reading.emails) == [email]
    assert values(reading.websites) == ["www.quenvia.vn"]


def test_a_word_before_a_website_is_no_address():
    reading = extract_fields_from_text("Jane Roe\nSales Manager\nVisit quenvia.com\nwww.quenvia.com")
    assert values(reading.emails) == []


def test_a_digit_group_the_engine_boxed_twice_as_tall_stays_in_its_number():
    # "0041" boxed 23 px tall beside 11 px print, a word space away at the same letter pitch: one number
    words = [WordBox("Marta", 10, 10, 60, 20, 0.95, 0), WordBox("Rizzi", 80, 10, 60, 20, 0.95, 0),
             WordBox("Phone", 10, 60, 50, 11, 0.95, 1), WordBox("02", 66, 60, 16, 11, 0.95, 1),
             WordBox("1234", 88, 60, 34, 11, 0.95, 1), WordBox("0041", 128, 56, 34, 23, 0.9, 1),
             WordBox("marta@corvella.it", 10, 90, 140, 11, 0.95, 2)]
    reading = extract_fields(words, region="IT")
    assert [p.number for p in reading.phones] == ["02 1234 0041"]


def test_a_name_with_other_print_glued_to_it_is_found_through_the_email():
    reading = extract_fields_from_text("Nora Pellwick 42d office:\nHead of Marketing\n12 Larkin Road\n"
                                       "nora.pellwick@quenvia.co.uk\nQuenvia Studios")
    assert reading.name.value == "Nora Pellwick"


def test_a_small_l_among_capitals_is_a_capital_i():
    reading = extract_fields_from_text("ed\nMlRA TOKUDA\nExport Manager\nEmail: miratokuda35@quenvia.co.jp\n"
                                       "Quenvia & Partners")
    assert reading.name.value == "MIRA TOKUDA"


def test_a_word_the_engine_boxed_twice_as_tall_a_word_space_away_stays_on_its_line():
    # "Quenlight" boxed 38 px tall beside "S.A." at 18 px, at the same letter pitch, 10 px apart: one name
    words = [WordBox("Quenlight", 28, 98, 116, 38, 0.93, 0), WordBox("S.A.", 154, 112, 49, 18, 0.96, 0),
             WordBox("Pablo", 28, 160, 60, 20, 0.95, 1), WordBox("Ruiz", 96, 160, 50, 20, 0.95, 1),
             WordBox("Ingeniero", 28, 190, 90, 14, 0.95, 2), WordBox("de", 124, 190, 20, 14, 0.95, 2),
             WordBox("Proyectos", 150, 190, 90, 14, 0.95, 2),
             WordBox("pablo_ruiz@quenlight.es", 28, 220, 200, 14, 0.95, 3)]
    assert extract_fields(words).company.value == "Quenlight S.A."


def test_an_address_line_naming_the_town_the_email_spells_is_no_name():
    reading = extract_fields_from_text("Ravi Dutt\nMAYA TRADERS\nPlot No. 4, Ground Floor\nCamp Chowk, Hisvale 125001\n"
                                       "Email : mayatraders.hisvale@gmail.com")
    assert reading.name.value == "Ravi Dutt"


@pytest.mark.parametrize("line, number", [
    ("Office +31 10 123 123 6849", "+31 10 123 6849"),  # a group of digits read twice
    ("Cell. 312 345 345 7591", "312 345 7591"),
])
def test_a_group_of_digits_read_twice_is_read_once(line, number):
    reading = extract_fields_from_text(f"Quenvia B.V.\nAnna Roe\n{line}\nanna@quenvia.nl", region="NL"
                                       if line.startswith("Office") else "IT")
    assert [p.number for p in reading.phones] == [number]


def test_a_number_whose_groups_repeat_by_design_is_kept():
    reading = extract_fields_from_text("Quenvia S.r.l.\nAnna Roe\nTel. 02 1234 1234\nanna@quenvia.it", region="IT")
    assert [p.number for p in reading.phones] == ["02 1234 1234"]


@pytest.mark.parametrize("printed, email", [
    ("tuan_bui@gma1l.com", "tuan_bui@gmail.com"),  # a web-mail host one look-alike letter off
    ("tuan_bui@yah0o.com.vn", "tuan_bui@yahoo.com.vn"),
    ("tuan_bui@gmial.com", "tuan_bui@gmial.com"),  # two letters swapped: no look-alike, left as read
])
def test_a_web_mail_host_read_with_a_look_alike_letter(printed, email):
    reading = extract_fields_from_text(f"Bùi Thị Tuấn\nKỹ Sư\nDĐ: 0912 347 763\n{printed}", region="VN")
    assert values(reading.emails) == [email]


def test_a_www_with_one_letter_misread_before_the_card_host_is_www():
    reading = extract_fields_from_text("Quenvia Logistics JSC\nĐặng Thị Lan\noficinaquenvia. vn\nURL: wwx.quenvia.vn")
    assert values(reading.websites) == ["www.quenvia.vn"]
    assert values(reading.emails) == ["oficina@quenvia.vn"]  # the host vouches for the address with its "@" lost


def test_a_family_name_that_is_a_dotted_only_legal_form_is_no_firm():
    from ocr.gazetteers import legal_form_in

    assert not legal_form_in("Daan Vos")  # "v.o.s." (a Czech partnership) is written dotted or in capitals
    assert legal_form_in("Tarvel v.o.s.") and legal_form_in("Tarvel VOS")
    assert legal_form_in("Silva & Filhos Lda") and legal_form_in("Rossi Trasporti Spa")  # written undotted too


def test_a_name_stacked_in_a_column_beside_the_address():
    # given name over family name on the left; the branch and street printed beside them are read between
    reading = extract_fields_from_text(
        "Lumarel Consultoria Lda.\n"
        "CAROLINA                      Filial Porto Alegre:\n"
        "MENDES                        Rua das Acacias, 45\n"
        "Gerente Comercial             Brasil\n"
        "Tel. +55 11 2345-6789\ncarolina@lumarel.com.br")
    assert reading.name.value == "CAROLINA MENDES"
    assert reading.title.value == "Gerente Comercial"


def test_a_given_name_over_a_family_name_with_a_particle():
    reading = extract_fields_from_text(
        "Velberg Verzekeringen N.V.\nFleur\nvan Dam\nAdviseur\nTel. 010 123 4567\nfleur.vandam@velberg.nl")
    assert reading.name.value == "Fleur van Dam"


@pytest.mark.parametrize("printed", ["S. Rao", "K S Rao", "K. S. Rao"])
def test_initials_before_a_short_family_name_over_the_title(printed):
    reading = extract_fields_from_text(f"Korvane Systems LLP\n{printed}\nSales Manager\nTel: +91 74104 12345\n"
                                       "sales@korvane.in")
    assert reading.name is not None and reading.name.value == printed


@pytest.mark.parametrize("printed", ["S Rao", "Ee Ra", "J. Li"])
def test_too_little_of_a_name_is_no_name_shape(printed):
    from ocr.fields import _name_words

    assert _name_words(printed.split()) is None


def test_a_short_romanised_name_the_mail_spells_out():
    reading = extract_fields_from_text("Quenlink Logistics\nLi Xu\nGeneral Manager\nT: 02 2123 4567\n"
                                       "E: li.xu@quenlink.com.tw")
    assert reading.name is not None and reading.name.value == "Li Xu"
    # the same two short words with a mail that is not theirs: too little to call a name
    reading = extract_fields_from_text("Quenlink Logistics\nLi Xu\nGeneral Manager\nT: 02 2123 4567\n"
                                       "E: office@quenlink.com.tw")
    assert reading.name is None or reading.name.value != "Li Xu"


def test_a_name_set_in_lower_case_one_word_a_line():
    reading = extract_fields_from_text("Ministère de la Culture\nmanon\nlefebvre\nChargée de Mission\n"
                                       "Mob. : 06 12 34 56 78\nEmail: manon.lefebvre@orange.fr")
    assert reading.name is not None and reading.name.value == "manon lefebvre"


def test_a_vietnamese_name_read_without_its_accents_by_a_common_family_name():
    # read with English data alone: no accents, no country line, the trade words "Vận Tải" as "Van Tai"
    text = "Quenvale Van Tai Co., Ltd.\nNgo Van Thao\nDuong Song May 12\n70000 Binh An\nDT: 0210 1234 567"
    reading = extract_fields_from_text(text)
    assert reading.name is not None and reading.name.value == "Ngo Van Thao"
    assert reading.company.value == "Quenvale Van Tai Co., Ltd."


def test_a_family_name_of_vietnam_makes_no_name_on_a_card_from_elsewhere():
    from ocr.fields import _vietnamese_name

    assert _vietnamese_name(["Ngo", "Van", "Thao"]) and _vietnamese_name(["Tran", "Thi", "Minh", "Anh"])
    assert not _vietnamese_name(["Mai", "Tower"]) and not _vietnamese_name(["Lam", "Brothers", "International"])


def test_a_firm_name_over_its_legal_form_on_the_next_line():
    reading = extract_fields_from_text("Rahul Mehta\nSales Manager\n12, Lotus Lane\nNavapur - 400001\n"
                                       "Tel: +91 74104 12345\nrahul.mehta@gmail.com\nQUENMONT\nPVT. LTD.")
    assert reading.company is not None and reading.company.value == "QUENMONT PVT. LTD."
    # a legal form alone, no name over it: no company rather than "PVT. LTD."
    reading = extract_fields_from_text("Rahul Mehta\nSales Manager\nPVT. LTD.\nTel: +91 74104 12345\n"
                                       "rahul.mehta@gmail.com")
    assert reading.company is None or reading.company.value != "PVT. LTD."


def test_a_mail_with_a_family_name_and_its_particle_run_together():
    # "fleur_devries@" with the underscore lost: "devries" is the card's "de Vries" in one word
    reading = extract_fields_from_text("Fleur de Vries\nAccountmanager\nTarvel Bouw N.V.\nTel. 010 123 4567\n"
                                       "E: fleur devries@tarvel.nl")
    assert values(reading.emails) == ["fleur_devries@tarvel.nl"]


@pytest.mark.parametrize("word", ["Installatietechniek", "Elektrotechnik", "MEDIZINTECHNIK"])
def test_a_trade_written_as_a_compound_ending_in_technik_is_an_organisation_word(word):
    from ocr.lexicon import is_org_word

    assert is_org_word(word.lower())
    assert not is_org_word("techniek")  # the word alone is a subject, not a firm



def test_an_office_heading_read_onto_the_company_row_is_cut_off():
    # the heading of the address column beside the company, on the same printed row
    reading = extract_fields_from_text("Công ty TNHH Quenlink Thương Mại Trụ sở chính:\nBùi Thị Lan\nGiám Đốc\n"
                                       "Đường Hoa Sữa 12\nĐT: 0210 1234 567")
    assert reading.company.value == "Công ty TNHH Quenlink Thương Mại"
    # a heading alone, or a place before it, stays a heading
    from ocr.fields import _heading_at_end

    assert _heading_at_end("Turin Branch Office:".split()) == 0
    assert _heading_at_end("Filiale di Lucca:".split()) == 0


def test_a_firm_named_after_its_founders_when_the_model_is_unsure():
    # "Partner" is also a job word; the founder's name and "& Partner" make the firm
    reading = extract_fields_from_text("jonas krüger\nLeiter Marketing\nNiederlassung Bergfelden\n"
                                       "Quenmark & Partner\nTel. +49 30 123456\nkontakt@web.de")
    assert reading.company is not None and reading.company.value == "Quenmark & Partner"


def test_an_initial_beside_a_family_name_with_a_descender_stays_on_its_line():
    # the box of "Vargheese" reaches below the line ("g"); "K." in the same type is a third shorter
    words = [WordBox("Quenvara", 676, 41, 150, 29, 0.91, 0),
             WordBox("K.", 565, 127, 39, 29, 0.92, 1), WordBox("Vargheese", 642, 124, 200, 40, 0.95, 1),
             WordBox("Senior", 560, 183, 92, 20, 0.96, 2), WordBox("Consultant", 671, 182, 155, 21, 0.96, 2),
             WordBox("Tel:", 560, 260, 40, 20, 0.95, 3), WordBox("074104", 610, 260, 80, 20, 0.95, 3),
             WordBox("16242", 700, 260, 70, 20, 0.95, 3)]
    reading = extract_fields(words)
    assert reading.name is not None and reading.name.value == "K. Vargheese"


def test_a_degree_with_a_space_before_its_hyphen_is_not_part_of_the_name():
    from ocr.fields import _strip_degree

    assert _strip_degree("NAKAGAWA Rina, Dipl. -Ing.".split()) == ["NAKAGAWA", "Rina"]
    assert _strip_degree("Jonas Berger, Dipl.-Ing.".split()) == ["Jonas", "Berger"]


def test_a_stray_quote_mark_before_the_name_is_left_out():
    reading = extract_fields_from_text("Quenvale B.V.\n‘Fleur Brakel\nManager Verkoop\nTel. 010 123 4567\n"
                                       "verkoop@quenvale.nl")
    assert reading.name is not None and reading.name.value == "Fleur Brakel"


@pytest.mark.parametrize("mail", ["quenwoodtiles@gmail.com", "quenwoodtiles.navapur@gmail.com",
                                  "quenwood.tiles22@yahoo.co.in"])
def test_a_shop_that_spells_its_name_at_a_free_mail_host(mail):
    # no domain of its own: the free-mail address names the shop, and so finds its printed line; of a
    # line parted by a dash, only the part that spells it
    reading = extract_fields_from_text(f"Rahul Mehta\nQUENWOOD TILES — yrdaks\n12, Lotus Lane\nNavapur - 400001\n"
                                       f"M: +91 74104 12345\nEmail : {mail}")
    assert reading.company is not None and reading.company.value == "QUENWOOD TILES"


def test_a_free_mail_address_names_no_firm_of_its_own():
    # a person's own address, or an office box, at a free-mail host: never a company made from it
    for mail in ("rahul.mehta@gmail.com", "info@gmail.com", "rahulmehta1984@gmail.com"):
        reading = extract_fields_from_text(f"Rahul Mehta\nSales Manager\nM: +91 74104 12345\n{mail}")
        assert reading.company is None, mail
    from ocr.fields import _free_mail_owners

    reading = extract_fields_from_text("Rahul Mehta\nquenwoodtiles.navapur@gmail.com\ninfo.quenwood@gmail.com\n"
                                       "rahul@quenwood.in")
    assert _free_mail_owners(reading) == ["quenwoodtiles", "quenwoodtilesnavapur"]


@pytest.mark.parametrize(("locale", "seed"), [("de", 9306), ("en", 9344)])
def test_a_printed_firm_the_model_leaned_to_beats_a_name_made_from_another_brands_domain(locale, seed):
    # the mail and site are at another brand's domain; the model gave the printed firm's line a
    # company probability under its threshold: that line, not "Zenilink" from the domain
    from tests.synthetic.breadth import world_card

    truth, _, layout, _ = world_card(seed, locale)
    assert truth.domain.split(".")[0] not in truth.company.lower()
    reading = extract_fields(layout_words(layout))
    assert reading.company is not None and reading.company.value == truth.company


def test_a_lower_case_name_with_a_middle_name_the_mail_leaves_out():
    # kiranrao98@ spells the first and last words; "kiran" is a known first name: the line is the name
    reading = extract_fields_from_text("Quenlis Exports Pvt. Ltd.\nkiran venkata rao, M.Sc.\nChartered Accountant\n"
                                       "kiranrao98@quenlis.in")
    assert reading.name is not None and reading.name.value == "Kiran Venkata Rao"
    # not a line of other words the mail happens to half-spell
    reading = extract_fields_from_text("Quenlis Exports Pvt. Ltd.\nkiran textiles mills\nkiranrao98@quenlis.in")
    assert reading.name is None or reading.name.value != "Kiran Textiles Mills"


def test_a_commerce_degree_is_no_website():
    # "B.Com." and "M.Com." after an Indian accountant's name read like bare domains
    reading = extract_fields_from_text("Rakesh Quenwal\nM.Com.,LL.B.,C.A\nB.com., C.A\nrakesh@quenwal.in\n"
                                       "quenwal.com")
    assert values(reading.websites) == ["quenwal.com"]


@pytest.mark.parametrize(("line", "email"), [("jane quenroeaquenwal.in", "jane.quenroe@quenwal.in"),
                                            ("quenroeaquenwal.in", "quenroe@quenwal.in"),
                                            ("quenroeequenwal.in", "quenroe@quenwal.in")])
def test_an_address_whose_at_sign_was_read_as_a_letter(line, email):
    # "@" read as "a" at low resolution: not a bare website, but the address of the name before it
    reading = extract_fields_from_text(f"Jane Quenroe\nSales Manager\nQuenwal Exports\n{line}\nM: +91 74104 12345")
    assert values(reading.emails) == [email] and values(reading.websites) == []


def test_a_site_named_after_the_person_stays_a_site():
    # the firm a Quenroe founded: its site starts with the name and an "a", and spells no other host
    reading = extract_fields_from_text("Jane Quenroe\nSales Manager\nQuenroe Associates\nquenroeassociates.com\n"
                                       "M: +91 74104 12345")
    assert values(reading.websites) == ["quenroeassociates.com"] and values(reading.emails) == []


@pytest.mark.parametrize("title", ["Training Co-ordinator", "Personal Banker", "Prop.", "Chartered Surveyor"])
def test_titles_spelled_with_a_hyphen_or_named_by_an_occupation(title):
    reading = extract_fields_from_text(f"Jane Quenroe\n{title}\nQuenwal Exports Pvt. Ltd.\n"
                                       "M: +91 74104 12345\njane@quenwal.in")
    assert reading.title is not None and reading.title.value == title


def test_a_partner_firm_after_in_association_with_is_not_the_cards_firm():
    # "IN ASSOCIATION WITH" leads on to another firm: neither line names the card's own
    lines = "Jane Quenroe\nSenior Legal Counsel\nIN ASSOCIATION WITH\nQUENWAL BRUCKMANN DERRIGER\n12 Harbour Road\n" \
            "T +971 4 123 4567\njane@roelaw.ae"
    reading = extract_fields_from_text(lines)
    assert reading.company is not None and reading.company.value == "Roelaw"
    reading = extract_fields_from_text("Roe Legal Consultants\n" + lines)
    assert reading.company is not None and reading.company.value == "Roe Legal Consultants"


def test_a_name_word_misread_in_the_smaller_type_of_the_address():
    # "rn" read as "m" in the address, the name above read surer: the name's spelling
    from ocr.fields import extract_fields, words_from_text

    words = words_from_text("Marcus Quenthorn\nSales Manager\nQuenwal Exports Ltd.\nmquenthom@quenwal.co.uk")
    for w in words:
        if "@" in w.text:
            w.conf = 0.7
    assert values(extract_fields(words).emails) == ["mquenthorn@quenwal.co.uk"]
    for w in words:  # read as surely as the name: the address as read
        w.conf = 0.9
    assert values(extract_fields(words).emails) == ["mquenthom@quenwal.co.uk"]


@pytest.mark.parametrize(("line", "email"), [
    ("E-mail: larissa souza(Dquenmark.com br", "larissa_souza@quenmark.com.br"),  # "@" as "(D", a dot as a space
    ("Email: ana moreira Gquenmark com.br", "ana_moreira@quenmark.com.br"),  # "@" as " G"
    ("E-mail: quenmarkseguros@gmail-com", "quenmarkseguros@gmail.com"),  # the last dot as a hyphen
])
def test_an_address_with_its_at_sign_and_a_dot_misread(line, email):
    reading = extract_fields_from_text(f"Larissa Souza\nAna Moreira\n{line}\nwww.quenmark.com.br")
    assert values(reading.emails) == [email]


def test_a_hyphen_before_com_inside_a_host_stays():
    from ocr.contacts import dot_before_tld

    assert dot_before_tld("x@tele-com.de Smith and co") == "x@tele-com.de Smith and co"


def test_a_country_code_after_an_at_sign_read_with_a_space_before_it():
    reading = extract_fields_from_text("Alain Rousseau\nQuenmont Ingénierie SARL\narousseau@ quenmont fr")
    assert values(reading.emails) == ["arousseau@quenmont.fr"]


def test_a_first_name_alone_on_its_line_read_at_confidence_zero():
    # Tesseract gives 0 to some words it read right: "Sophia" over "Quenmore", the mail spelling both
    from ocr.fields import extract_fields, words_from_text

    words = words_from_text("Sophia\nQuenmore\nVice President, Business Development\nsophiaquenmore95@rubvia.co.uk")
    words[0].conf = 0.0
    reading = extract_fields(words)
    assert reading.name is not None and reading.name.value == "Sophia Quenmore"


@pytest.mark.parametrize("firm", ["Quenmark Versicherungen e.K.", "Quenmark UG (haftungsbeschränkt)"])
def test_german_legal_forms_cleanco_lacks(firm):
    from ocr.gazetteers import legal_form_in

    assert legal_form_in(firm)
    assert not legal_form_in("Anna Ek")  # a Swedish family name, not "e.K."


def _sized_lines(rows: list[tuple[str, int]]) -> list[WordBox]:
    """Word boxes of lines printed at the given type heights, one under the other."""
    words, top = [], 10
    for line, (text, height) in enumerate(rows):
        left = 10
        for token in text.split():
            width = int(len(token) * height * 0.6)
            words.append(WordBox(token, left, top, width, height, 0.95, line))
            left += width + height // 2
        top += int(height * 1.6)
    return words


def test_the_title_beside_the_name_beats_a_badge_by_the_logo():
    # "AUTHORISED DEALER" reads as a job too, but the person's own title is printed next to their name
    r = extract_fields(_sized_lines([
        ("Quality Assured", 14), ("AUTHORISED DEALER", 16), ("Bellwether Cargo", 34), ("Nora Quintrell", 28),
        ("CEO", 18), ("Bellwether Cargo House", 14), ("12 Harbour Road, Lisbon", 14),
        ("nora@bellwethercargo.com", 14)]))
    assert (r.name.value, r.title.value, r.company.value) == ("Nora Quintrell", "CEO", "Bellwether Cargo")


@pytest.mark.parametrize(("label", "company", "spelled"), [
    ("roelaw", "The Law Office of Dana Roe", True),  # the domain puts the family name first
    ("wavebluesea", "Blue Sea Wave Studio", True),
    ("greenfield", "Field of Green Growers", True),
    ("acmetools", "Pacific Metal Tools", False),  # "acme" only inside "pacific metal": not a word's start
    ("roelaw", "Lawrence Oewing", False),  # "roe" is no word's start
])
def test_a_domain_may_join_the_firms_words_in_another_order(label, company, spelled):
    assert (domain_company_match(label, company) >= 0.85) is spelled


def test_a_long_firm_line_the_domain_spells_is_the_company_and_loses_its_logo_scrap():
    # the logo beside the firm's name read as a word at confidence 0: not part of the name
    words = words_from_text("""\
The Law Office of Dana Roe-Vantry
Karim Merrow
Associate Attorney
12 Palm Street, Doha
hmerrow@roevantrylaw.com
""")
    first = words[0]
    words.insert(0, WordBox("omnibus", first.left - 120, first.top, 100, first.height, 0.0, first.line))
    r = extract_fields(words)
    assert r.company.value == "The Law Office of Dana Roe-Vantry"
    assert r.name.value == "Karim Merrow"


def test_an_office_address_whose_at_was_read_as_a_letter_before_the_cards_own_domain():
    # "@" read as "a" between an office's local part and the domain the person's own address names
    r = extract_fields_from_text("Jane Roe\nSales Lead\njane.roe@roeco.in\nsalesaroeco.in\nwww.roeco.in\n")
    assert values(r.emails) == ["jane.roe@roeco.in", "sales@roeco.in"]
    assert values(r.websites) == ["www.roeco.in"]
    # a site that merely ends in the domain's letters after an "a" but has "www." stays a site
    r = extract_fields_from_text("Jane Roe\nSales Lead\njane.roe@roeco.in\nwww.brandaroeco.in\n")
    assert values(r.websites) == ["www.brandaroeco.in"]


def test_a_shops_two_partners_one_under_the_other_the_first_is_the_name():
    # no e-mail to match, names the gazetteer doesn't hold, the shop's name larger below
    r = extract_fields(_sized_lines([
        ("Yashvir Kanodia", 22), ("Ojasvi Dhingra", 22), ("NAVRANG", 40),
        ("TILE GALLERY", 30), ("Dealers in", 14), ("Every Kind of Floor Tiles", 14),
        ("Marble, Granite, Bathroom Fittings", 14), ("Shop No. 4, Gulmohar Marg, Navapur", 12),
        ("98100 12345, 98110 54321", 12)]))
    assert r.name.value == "Yashvir Kanodia"
    assert r.company is None or "Fittings" not in r.company.value
    # a single name-shaped line stays for the model and the other fallbacks to judge
    r = extract_fields(_sized_lines([("Yashvir Kanodia", 22), ("Shop No. 4, Gulmohar Marg, Navapur", 12)]))
    assert r.name is None or r.name.value == "Yashvir Kanodia"


def test_a_name_no_gazetteer_holds_is_the_line_beside_the_title():
    # no e-mail names the person and the gazetteer holds neither word: the line over the title is the name
    r = extract_fields(_sized_lines([("Wouk Terpstra, CPA", 22), ("Sales", 13), ("Brakel Advies", 17),
                                     ("Kievitsdreef 12", 12)]))
    assert r.name is not None and r.name.value == "Wouk Terpstra"
    assert r.title.value == "Sales"


def test_a_capital_read_as_its_small_letter_keeps_a_name_shaped():
    assert _name_words(["Anouk", "visser"]) == ["Anouk", "Visser"]  # v, c, o, s... look alike in both cases
    assert _name_words(["Anouk", "bakker"]) is None  # b is no capital's look-alike


@pytest.mark.parametrize(("read", "written"), [
    ("Bui Đức Sơn", "Bùi Đức Sơn"),  # the family name lost its accent, the given names kept theirs
    ("NGUYEN THỊ TUẦN", "NGUYỄN THỊ TUẦN"),
    ("Mr. Vu van Dũng", "Mr. Vũ văn Dũng"),  # and the middle Văn after a courtesy title
    ("NGUYEN VAN AN", "NGUYEN VAN AN"),  # printed plainly: no word holds an accent, nothing is put back
    ("Tran Minh Minh", "Tran Minh Minh"),  # (nor where the given names have none to show)
    ("Phan Đức Anh", "Phan Đức Anh"),  # Phan is written so
])
def test_a_vietnamese_family_name_read_without_its_accents_gets_them_back(read, written):
    assert _vietnamese_accents_back(read) == written


def test_the_accents_go_back_only_on_a_vietnamese_card():
    words = "Bui Đức Sơn\nGiám Đốc\nduc.son@saigonhoa.vn\n"
    assert extract_fields_from_text(words).name.value == "Bùi Đức Sơn"
    # a French "Le" before accented names is no Vietnamese Lê
    r = extract_fields_from_text("Hélène Le Guérin\nDirectrice\nhelene.leguerin@brevaux.fr\n")
    assert r.name.value == "Hélène Le Guérin"
    assert _vietnamese_accents_back("Le Guérin Hélène") == "Lê Guérin Hélène"  # why the card must be Vietnamese


@pytest.mark.parametrize(("read", "written"), [
    ("Giám Đôé", "Giám Đốc"),  # the last letter and its accent slipped
    ("Phó Giám Đôc", "Phó Giám Đốc"),
    ("GIÁM ĐÔC KINH DOANH", "GIÁM ĐỐC KINH DOANH"),
    ("PHO GIAM DOC", "PHO GIAM DOC"),  # printed without accents: as printed
    ("Giám Đốc", "Giám Đốc"),
    ("Trưởng Phòng", "Trưởng Phòng"),
])
def test_the_vietnamese_director_title_is_written_as_it_is_printed(read, written):
    assert _giam_doc_written(read) == written


@pytest.mark.parametrize(("locale", "seed"), [("es", 9888), ("vi", 9831)])
def test_the_line_over_a_founding_year_is_the_firm_it_dates(locale, seed):
    # no legal form, a domain of another brand or none read: "Since 1918" dates the firm printed above it
    from tests.synthetic.breadth import world_card

    truth, _, layout, _ = world_card(seed, locale)
    assert truth.extra.get("founded")
    reading = extract_fields(layout_words(layout))
    assert reading.company is not None and reading.company.value == truth.company


@pytest.mark.parametrize(("read", "printed"), [
    ("lyer & Sons", "Iyer & Sons"),  # a capital I read as a small l: no word starts "ly", "ln"...
    ("Blue lnfotech Pvt. Ltd.", "Blue Infotech Pvt. Ltd."),
    ("Acme labs", "Acme labs"),  # a small l and a vowel starts many words
    ("llama Farms", "llama Farms"),
])
def test_a_firms_capital_i_read_as_a_small_l(read, printed):
    assert _firm_capital_i(read) == printed
    domain = re.sub(r"[^a-z]", "", printed.lower().removesuffix(" pvt. ltd."))
    assert extract_fields_from_text(f"{read}\nPriya Menon\nDirector\npriya@{domain}.in").company.value == printed


def test_a_vietnamese_family_name_with_its_tilde_read_on_the_n():
    assert _vietnamese_accents_back("Nguyêñ Minh Hùng") == "Nguyễn Minh Hùng"  # Vietnamese writes no ñ
    assert _vietnamese_accents_back("Nguyêñ van Tuan") == "Nguyễn văn Tuan"


def test_a_short_link_is_never_the_firm_its_letters_spell():
    # "qr.link/rub352" holds "rub" and "link": the domain rublink's letters, but it is a link
    r = extract_fields_from_text("Pedro Carvalho\nSócio-Diretor\nqr.link/rub352\npedro_carvalho@rublink.com.br\n")
    assert r.company is None or "/" not in r.company.value

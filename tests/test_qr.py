"""QR codes: decoding real images made with OpenCV's encoder, payload parsing, merging into a reading."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.fields import extract_fields_from_text
from ocr.qr import apply_qr, decode_qr, parse_qr_payload

VCARD3 = """BEGIN:VCARD
VERSION:3.0
N:Doe;Jane;;Dr.;
FN:Dr. Jane Doe
ORG:Acme Robotics Inc.;Research
TITLE:CTO
TEL;TYPE=CELL:+1 415 555 0100
TEL;TYPE=WORK,FAX:+1 415 555 0101
EMAIL;TYPE=INTERNET:jane@acmerobotics.com
URL:https://acmerobotics.com
ADR;TYPE=WORK:;;1 Market Street;San Francisco;CA;94105;USA
END:VCARD"""


def qr_image(payload: str, module_px: int = 6, border: int = 40) -> np.ndarray:
    code = cv2.QRCodeEncoder.create().encode(payload)
    img = cv2.resize(code, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    img = cv2.copyMakeBorder(img, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)


def test_decode_vcard_qr():
    assert decode_qr(qr_image(VCARD3)) == VCARD3


def test_decode_qr_on_a_card_sized_image_with_text_around():
    card = np.full((600, 1000, 3), 245, np.uint8)
    cv2.putText(card, "Jane Doe", (40, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (20, 20, 20), 4)
    qr = qr_image("https://acmerobotics.com/jane", module_px=8, border=16)
    qr = cv2.resize(qr, (300, 300), interpolation=cv2.INTER_NEAREST)
    card[260:560, 660:960] = qr
    assert decode_qr(card) == "https://acmerobotics.com/jane"


@pytest.mark.parametrize("angle", [0, 30, 45, 160])
def test_a_qr_code_turned_and_near_the_cards_edge_is_read_from_its_crop(angle):
    """The decoders see only the code and its quiet zone (found from its three finder patterns):
    a code turned any way, close to a corner of a large card photo, is still read."""
    card = np.full((1800, 3000, 3), 240, np.uint8)
    cv2.putText(card, "Rosalind Okafor", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 4.0, (30, 30, 30), 8)
    qr = qr_image("https://lanternfish.example/ro", module_px=12, border=48)
    turn = cv2.getRotationMatrix2D((qr.shape[1] / 2, qr.shape[0] / 2), angle, 1.0)
    side = int(qr.shape[0] * 1.45)
    turn[:, 2] += (side - qr.shape[0]) / 2
    qr = cv2.warpAffine(qr, turn, (side, side), borderValue=(255, 255, 255))
    card[-side - 10:-10, -side - 10:-10] = qr
    assert decode_qr(card) == "https://lanternfish.example/ro"


def test_decode_small_qr_needs_upscaling_or_none():
    assert decode_qr(qr_image("https://example.com", module_px=3, border=12)) == "https://example.com"


def test_no_qr_returns_none():
    blank = np.full((400, 600, 3), 255, np.uint8)
    cv2.putText(blank, "No code here", (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    assert decode_qr(blank) is None
    assert decode_qr(np.zeros((0, 0, 3), np.uint8)) is None


def test_parse_vcard_3():
    d = parse_qr_payload(VCARD3)
    assert d["kind"] == "vcard"
    assert d["name"] == "Dr. Jane Doe"
    assert d["company"] == "Acme Robotics Inc."
    assert d["department"] == "Research"
    assert d["title"] == "CTO"
    assert d["phones"] == [{"number": "+1 415 555 0100", "kind": "mobile"},
                           {"number": "+1 415 555 0101", "kind": "fax"}]
    assert d["emails"] == ["jane@acmerobotics.com"]
    assert d["websites"] == ["https://acmerobotics.com"]
    assert d["address"] == "1 Market Street, San Francisco CA 94105, USA"


def test_parse_vcard_21_with_bare_type_params():
    payload = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Tanaka;Taro\r\nORG:Example K.K.\r\n"
               "TEL;WORK;VOICE:+81-3-1234-5678\r\nTEL;CELL:090-1111-2222\r\nTEL;FAX:+81-3-1234-5679\r\n"
               "EMAIL;INTERNET:taro@example.co.jp\r\nEND:VCARD")
    d = parse_qr_payload(payload)
    assert d["name"] == "Taro Tanaka"
    assert d["company"] == "Example K.K."
    assert [p["kind"] for p in d["phones"]] == ["work", "mobile", "fax"]
    assert d["emails"] == ["taro@example.co.jp"]


def test_parse_vcard_4_tel_uri_and_social_url():
    payload = ("BEGIN:VCARD\nVERSION:4.0\nFN:Lena Fischer\nTEL;VALUE=uri;TYPE=\"work,voice\":tel:+49-30-1234567\n"
               "URL:https://www.linkedin.com/in/lenafischer\nEND:VCARD")
    d = parse_qr_payload(payload)
    assert d["name"] == "Lena Fischer"
    assert d["phones"] == [{"number": "+49-30-1234567", "kind": "work"}]
    assert d["social"] == ["https://www.linkedin.com/in/lenafischer"]
    assert d["websites"] == []


def test_parse_mecard_with_escapes():
    d = parse_qr_payload(r"MECARD:N:Doe,John;TEL:+81-3-1234-5678;EMAIL:john@example.jp;"
                         r"URL:http\://example.jp;ADR:1-2-3 Chuo\, Tokyo;ORG:Example K.K.;;")
    assert d["kind"] == "mecard"
    assert d["name"] == "John Doe"
    assert d["phones"] == [{"number": "+81-3-1234-5678", "kind": "work"}]
    assert d["emails"] == ["john@example.jp"]
    assert d["websites"] == ["http://example.jp"]
    assert d["address"] == "1-2-3 Chuo, Tokyo"
    assert d["company"] == "Example K.K."


@pytest.mark.parametrize("payload,key,value", [
    ("https://example.com/about", "websites", ["https://example.com/about"]),
    ("https://twitter.com/janedoe", "social", ["https://twitter.com/janedoe"]),
    ("mailto:jane@example.com", "emails", ["jane@example.com"]),
])
def test_parse_plain_payloads(payload, key, value):
    assert parse_qr_payload(payload)[key] == value


def test_plain_text_payload_is_a_note():
    d = parse_qr_payload("Booth 42, see you there")
    assert d["kind"] == "text" and d["note"] == "Booth 42, see you there" and d["emails"] == []


def test_apply_qr_wins_over_ocr_and_adds_missing_items():
    reading = extract_fields_from_text("""\
Acme Robotics Inc.
Jane Dae
CTO
T: +1 (415) 555-0100
jane@acmerobotics.corn
""")
    ocr_phone_words = reading.phones[0].words
    apply_qr(reading, VCARD3)
    assert reading.name.value == "Dr. Jane Doe" and reading.name.source == "qr"
    assert reading.name.confidence == 1.0
    assert reading.department.value == "Research"
    assert [e.value for e in reading.emails] == ["jane@acmerobotics.com"]
    assert reading.emails[0].source == "qr"
    # the OCR'd number is the same as the QR's mobile: replaced, not duplicated
    assert [(p.number, p.e164, p.kind) for p in reading.phones] == [
        ("+1 415 555 0100", "+14155550100", "mobile"), ("+1 415 555 0101", "+14155550101", "fax")]
    assert reading.phones[0].words == ocr_phone_words
    assert [w.value for w in reading.websites] == ["https://acmerobotics.com"]
    assert reading.address.value == "1 Market Street, San Francisco CA 94105, USA"
    assert reading.qr_payload == VCARD3


def test_apply_url_qr_keeps_ocr_fields():
    reading = extract_fields_from_text("Jane Roe\nDirector\njane@roe.jp\n")
    apply_qr(reading, "https://www.roe.jp")
    assert reading.name.value == "Jane Roe" and reading.name.source == "ocr"
    assert [(w.value, w.source) for w in reading.websites] == [("https://www.roe.jp", "qr")]


@pytest.mark.parametrize("payload", ["https://qrco.de/jroe", "https://cardlink.example/53a1c0de-77b2-4c1e-9f00-1b2c3d4e5f60",
                                     "https://me-qr.com/aB3d9"])
def test_a_qr_link_through_a_shortener_or_card_service_is_not_the_website(payload):
    reading = extract_fields_from_text("Jane Roe\nDirector\njane@roe.jp\nwww.roe.jp\n")
    apply_qr(reading, payload)
    assert [w.value for w in reading.websites] == ["www.roe.jp"]
    assert reading.qr_payload == payload
    # an opaque path on the card's own domain is still its site
    own = extract_fields_from_text("Jane Roe\nDirector\njane@roe.jp\n")
    apply_qr(own, "https://roe.jp/53a1c0de-77b2-4c1e-9f00-1b2c3d4e5f60")
    assert [w.value for w in own.websites] == ["https://roe.jp/53a1c0de-77b2-4c1e-9f00-1b2c3d4e5f60"]

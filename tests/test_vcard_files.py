"""Reading real-world .vcf files: broken cards kept apart, odd line ends, binary junk, huge photos,
company-only cards, extensions, one reader for files and QR codes, a fuzzer, and the
export -> import -> export round trip through the library."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcapture.exports.errors import InvalidVCardError
from netcapture.exports.records import ContactRecord, PhoneRecord
from netcapture.exports.vcard import read_vcards, vcard_text
from ocr.qr import parse_qr_payload


def card(i: int, version: str = "3.0", given: str = "Person") -> str:
    return vcard_text(ContactRecord(uid=f"urn:uuid:00000000-0000-4000-8000-{i:012d}", full_name=f"{given} {i}",
                                    given=given, family=str(i), emails=[f"p{i}@example.org"]), version)


def read(source, **kwargs) -> tuple[list[ContactRecord], list[InvalidVCardError]]:
    errors: list[InvalidVCardError] = []
    return list(read_vcards(source, on_error=errors.append, **kwargs)), errors


def test_a_card_without_end_does_not_swallow_the_cards_after_it():
    cards = [card(i) for i in range(300)]
    cards[10] = cards[10].replace("END:VCARD\r\n", "")
    text = "".join(cards)
    records, errors = read(text)
    assert len(records) == 299
    assert all(len(r.emails) == 1 for r in records)  # nothing merged into one contact
    [error] = errors
    lines = text.split("\r\n")
    begin = max(i for i in range(lines.index("FN:Person 10")) if lines[i] == "BEGIN:VCARD") + 1
    assert error.card_number == 11 and error.line_number == begin
    assert "no END:VCARD line before the next card begins on line" in str(error)


def test_cr_only_and_mixed_line_ends():
    cr_only = "".join(card(i) for i in range(3)).replace("\r\n", "\r")
    assert [r.full_name for r in read(cr_only)[0]] == ["Person 0", "Person 1", "Person 2"]
    mixed = card(1) + card(2).replace("\r\n", "\n") + card(3).replace("\r\n", "\r")
    assert [r.full_name for r in read(mixed.encode())[0]] == ["Person 1", "Person 2", "Person 3"]


def test_binary_bytes_after_the_first_4_kb_spoil_only_their_card():
    good = "".join(card(i) for i in range(60)).encode()
    assert len(good) > 4096
    data = good + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Junk\r\nPHOTO:\x00\x01\xff\xfe\x00\r\nEND:VCARD\r\n" + card(99).encode()
    records, errors = read(data)
    assert len(records) == 61 and records[-1].full_name == "Person 99"
    assert len(errors) == 1 and "binary data" in str(errors[0]) and "Junk" in str(errors[0])


def test_a_huge_photo_is_left_out_with_a_message_and_the_card_kept():
    photo = "QUFB" * (10 * 2**20 // 3)  # about 13 MB of base64: a 10 MB photo
    text = card(1).replace("END:VCARD", f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nEND:VCARD") + card(2)
    warnings: list[str] = []
    records, errors = read(io.BytesIO(text.encode()), on_warning=warnings.append)
    assert [r.full_name for r in records] == ["Person 1", "Person 2"] and not errors
    assert records[0].photo is None
    assert len(warnings) == 1 and "photo is larger than" in warnings[0] and "Card 1" in warnings[0]


def test_company_only_cards_stay_company_only():
    acme = ContactRecord(uid="urn:uuid:c0", company="Lindqvist Tools AB", emails=["info@lindqvist.example"])
    three, four = vcard_text(acme, "3.0"), vcard_text(acme, "4.0")
    assert "X-ABSHOWAS:COMPANY" in three and "KIND:org" in four and "N:;;;;" in three
    for text in (three, four):
        [back] = read(text)[0]
        assert (back.full_name, back.given, back.family, back.kind) == ("", "", "", "org")
        assert back.display_name == "Lindqvist Tools AB"
    # the same from another app: FN repeats ORG and N is empty
    other = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ortega Logistics\r\nN:;;;;\r\nORG:Ortega Logistics\r\nEND:VCARD\r\n"
    [back] = read(other)[0]
    assert (back.full_name, back.kind) == ("", "org")
    # an address on its own: no name made up from the e-mail
    [mail_only] = read(vcard_text(ContactRecord(uid="u1", emails=["hello@kestrel.example"]), "4.0"))[0]
    assert (mail_only.full_name, mail_only.given, mail_only.emails) == ("", "", ["hello@kestrel.example"])


def test_extensions_are_written_as_the_spec_says_and_read_back():
    rec = ContactRecord(uid="u2", full_name="Mara Quist", phones=[
        PhoneRecord("+1 312 555 0101 ext. 204", "+13125550101", "work", "204")])
    four = vcard_text(rec, "4.0")
    assert "TEL;VALUE=uri;TYPE=work,voice:tel:+1-312-555-0101;ext=204" in four
    three = vcard_text(rec, "3.0")
    assert "TEL;TYPE=WORK,VOICE:+13125550101 x204" in three
    for text in (three, four):
        [back] = read(text)[0]
        assert [(p.e164, p.extension, p.kind) for p in back.phones] == [("+13125550101", "204", "work")]


def test_home_types_birthday_and_photo_are_read():
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ines Varga\r\nN:Varga;Ines;;;\r\n"
            "EMAIL;TYPE=INTERNET,HOME:ines@home.example\r\nEMAIL;TYPE=INTERNET,WORK:ines@work.example\r\n"
            "TEL;TYPE=HOME,VOICE:+3612345678\r\nBDAY:1984-05-17\r\n"
            "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=\r\n"
            "ADR;TYPE=WORK:;;Fő utca 1;Budapest;;1011;Hungary\r\nEND:VCARD\r\n")
    [rec] = read(text)[0]
    assert [rec.email_kind(i) for i in range(2)] == ["home", "work"]
    assert rec.phones[0].kind == "home" and rec.birthday == "1984-05-17"
    assert rec.photo == b"\x89PNG\r\n\x1a\n" and rec.photo_mime == "image/png"
    assert (rec.address_parts.street, rec.address_parts.locality, rec.address_parts.postcode) == (
        "Fő utca 1", "Budapest", "1011")
    assert rec.address == "Fő utca 1\n1011 Budapest\nHungary"
    assert [read(vcard_text(ContactRecord(uid="b", full_name="B", birthday="--02-29"), v))[0][0].birthday
            for v in ("3.0", "4.0")] == ["--02-29", "--02-29"]


def test_qr_codes_and_files_read_phone_types_alike():
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo Park\r\nTEL:+4930111111\r\nTEL;TYPE=HOME:+4930222222\r\n"
            "TEL;TYPE=CELL:+4915111111111\r\nEND:VCARD\r\n")
    from_file = [p.kind for p in read(text)[0][0].phones]
    from_qr = [p["kind"] for p in parse_qr_payload(text)["phones"]]
    assert from_file == from_qr == ["other", "home", "mobile"]


# ---- fuzzer: one card damaged at random; every other card must come through ---------------------

_DAMAGE = st.sampled_from(["drop_end", "junk_line", "nul", "binary", "truncate_param", "bad_name", "lone_begin",
                           "cut_base64"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count=st.integers(2, 8), target=st.integers(0, 7), damage=_DAMAGE, version=st.sampled_from(["3.0", "4.0"]),
       line_end=st.sampled_from(["\r\n", "\n", "\r"]), junk=st.binary(min_size=1, max_size=40))
def test_fuzzed_files_keep_every_undamaged_card(count, target, damage, version, line_end, junk):
    target %= count
    cards = [card(i, version) for i in range(count)]
    lines = cards[target].split("\r\n")
    if damage == "drop_end":
        lines.remove("END:VCARD")
    elif damage == "junk_line":
        lines.insert(3, "this line has no colon")
    elif damage == "nul":
        lines.insert(3, "NOTE:a\x00b")
    elif damage == "truncate_param":
        lines.insert(3, 'TEL;TYPE="work:+1')
    elif damage == "bad_name":
        lines.insert(3, "N@ME:x")
    elif damage == "lone_begin":
        lines.insert(3, "BEGIN:VCARD")
    elif damage == "cut_base64":
        lines.insert(3, "PHOTO;ENCODING=b;TYPE=JPEG:@@@")
    cards[target] = "\r\n".join(lines)
    padding = "".join(card(100 + i, version, "Pad") for i in range(30))  # damage after 4 KB: not a "binary file"
    text = (padding + "".join(cards)).replace("\r\n", line_end)
    data = text.encode()
    if damage == "binary":
        position = data.index(b"FN:", data.index(f"Person {target}".encode()) - 40)
        data = data[:position] + junk + data[position:]
    records, errors = read(data)
    names = [r.full_name for r in records if r.given != "Pad"]
    assert [f"Person {i}" for i in range(count) if i != target] == [n for n in names if n != f"Person {target}"]
    assert len(data) > 4096 and len(records) + len(errors) >= count + 30


@pytest.mark.parametrize("fmt", ["vcard3", "vcard4"])
def test_export_import_export_through_the_library_is_identical(library, fmt):
    stamp = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    records = [
        ContactRecord(uid="urn:uuid:11111111-0000-4000-8000-000000000001", rev=stamp, full_name="Dr. Lea Sommer",
                      given="Lea", family="Sommer", prefix="Dr.", title="Head of Research; Sensors",
                      company="Nordlicht Optik GmbH", department="R&D", emails=["lea@nordlicht.example",
                                                                              "lea.sommer@mail.example"],
                      email_kinds=["work", "home"],
                      phones=[PhoneRecord("+49 30 1234567", "+49301234567", "work"),
                              PhoneRecord("+49 151 23456789", "+4915123456789", "mobile")],
                      websites=["nordlicht.example"], address="Lichtweg 4\n10115 Berlin\nGermany",
                      birthday="--08-14", note="Needs: a distributor; in Spain, Portugal",
                      categories=["Photonics Expo; Berlin", "Meetup"]),
        ContactRecord(uid="urn:uuid:11111111-0000-4000-8000-000000000002", rev=stamp, company="Ortega Logistics SL",
                      emails=["hola@ortega.example"], address="Calle Mayor 5, 28013 Madrid, España"),
    ]
    first = "".join(vcard_text(r, "3.0" if fmt == "vcard3" else "4.0") for r in records)
    result = library.import_vcards(first.encode())
    assert len(result.created) == 2 and not result.skipped
    out = io.StringIO()
    library.export(fmt, out)
    assert out.getvalue() == first

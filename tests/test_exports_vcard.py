"""vCard export details and .vcf import from other apps."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from netcapture.exports.errors import InvalidVCardError, NotAVCardFileError, UnknownFormatError
from netcapture.exports.records import ContactRecord, PhoneRecord
from netcapture.exports.vcard import read_vcards, vcard_text, write_vcard_files, write_vcards
from tests import vcard_strict as strict


def ann(**changes) -> ContactRecord:
    fields = dict(uid="urn:uuid:0b8f5a3e-1111-4a2b-9c3d-222233334444", rev=datetime(2024, 5, 1, 12, tzinfo=UTC),
                  full_name="Ann Lee", given="Ann", family="Lee", company="ACME", title="CTO",
                  emails=["ann@acme.example"],
                  phones=[PhoneRecord("030 1234567", "+49301234567", "work"),
                          PhoneRecord("0151 2345678", "+4915123456789", "mobile"),
                          PhoneRecord("030 1234568", "+49301234568", "fax"),
                          PhoneRecord("123 45", None, "other")],
                  websites=["https://acme.example/a,b;c"], address="Hauptstr. 1\n10115 Berlin",
                  note="Needs: intros", categories=["Expo 2024", "Meetup, Berlin"])
    fields.update(changes)
    return ContactRecord(**fields)


def lines(text: str) -> list[str]:
    return strict.unfold(text)


def test_tel_types_and_e164_in_3_0():
    text = vcard_text(ann(), "3.0")
    assert "TEL;TYPE=WORK,VOICE:+49301234567" in lines(text)
    assert "TEL;TYPE=CELL:+4915123456789" in lines(text)
    assert "TEL;TYPE=WORK,FAX:+49301234568" in lines(text)
    assert "TEL;TYPE=VOICE:123 45" in lines(text)  # no E.164 known: as printed


def test_tel_is_a_tel_uri_in_4_0():
    text = vcard_text(ann(), "4.0")
    assert "TEL;VALUE=uri;TYPE=cell:tel:+49-1512-3456789" in lines(text)  # RFC 3966, separators kept
    assert "TEL;TYPE=voice:123 45" in lines(text)
    assert lines(text)[:2] == ["BEGIN:VCARD", "VERSION:4.0"]


def test_uri_values_are_not_backslash_escaped_but_text_is():
    text = vcard_text(ann(), "3.0")
    assert "URL:https://acme.example/a%2Cb;c" in lines(text)  # a comma would split it for vobject-based servers
    assert "CATEGORIES:Expo 2024,Meetup\\, Berlin" in lines(text)
    assert "ADR;TYPE=WORK:;;Hauptstr. 1;Berlin;;10115;" in lines(text)  # split by netcapture.exports.addresses
    assert "LABEL;TYPE=WORK:Hauptstr. 1\\n10115 Berlin" in lines(text)


def test_lines_are_folded_by_octets_and_end_in_crlf():
    text = vcard_text(ann(note="会议" * 100), "3.0", include_photo=False)
    for physical in text.split("\r\n")[:-1]:
        assert len(physical.encode("utf-8")) <= 75
    assert text.endswith("END:VCARD\r\n")


def test_photo_base64_in_3_0_and_data_uri_in_4_0():
    jpeg = b"\xff\xd8\xff" + bytes(range(256)) * 20
    three = strict.parse(vcard_text(ann(photo=jpeg), "3.0", include_photo=True))[0].one("PHOTO")
    assert three.params == {"ENCODING": ["b"], "TYPE": ["JPEG"]}
    four = strict.parse(vcard_text(ann(photo=jpeg), "4.0", include_photo=True))[0].one("PHOTO")
    assert four.value.startswith("data:image/jpeg;base64,/9j/")
    assert "PHOTO" not in vcard_text(ann(photo=jpeg), "3.0")  # only when asked


def test_uid_is_stable_and_rev_is_utc():
    assert vcard_text(ann()) == vcard_text(ann())
    assert "REV:2024-05-01T12:00:00Z" in lines(vcard_text(ann(), "3.0"))
    assert "REV:20240501T120000Z" in lines(vcard_text(ann(), "4.0"))


def test_write_vcards_streams_a_generator_to_text_and_binary_streams():
    records = (ann(uid=f"urn:uuid:{i:08d}-0000-4000-8000-000000000000") for i in range(3))
    text_stream = io.StringIO()
    assert write_vcards(records, text_stream) == 3
    binary = io.BytesIO()
    write_vcards([ann(full_name="Zoë")], binary, "4.0")
    assert "FN:Zoë" in binary.getvalue().decode("utf-8")
    assert len(strict.parse(text_stream.getvalue())) == 3


def test_unknown_version_is_refused():
    with pytest.raises(UnknownFormatError, match="3.0, 4.0"):
        write_vcards([ann()], io.StringIO(), version="2.1")


def test_one_file_per_contact_named_by_uid_and_overwritten_in_place(tmp_path):
    first = write_vcard_files([ann(), ann(uid='A/B: "C"?', full_name="Bo"), ann(uid="CON", full_name="Cy")], tmp_path)
    assert first[0].name == "0b8f5a3e-1111-4a2b-9c3d-222233334444.vcf"
    assert first[2].name != "CON.vcf" and all(len(p.stem) == 40 for p in first[1:])  # unsafe: a hash of the UID
    again = write_vcard_files([ann(full_name="Ann Lee-Smith")], tmp_path)
    assert again == first[:1]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in first)  # no copies, no .part
    assert [r.full_name for r in read_vcards(again[0])] == ["Ann Lee-Smith"]
    assert [r.uid for r in read_vcards(first[1])] == ['A/B: "C"?']


ANDROID_21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E;=E5=B0=8F=E9=BE=99;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E=E5=B0=8F=E9=BE=99\r\n"
    "TEL;CELL;PREF:+8613800138000\r\n"
    "TEL;WORK;FAX:010-1234567\r\n"
    "EMAIL;INTERNET:li@example.cn\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0Asecond line that is long enough to be =\r\n"
    "wrapped\r\n"
    "END:VCARD\r\n"
)


def test_reads_vcard_2_1_quoted_printable_from_a_phone():
    [record] = read_vcards(ANDROID_21.encode("utf-8"))
    assert (record.family, record.given, record.full_name) == ("李", "小龙", "李小龙")
    assert [(p.number, p.e164, p.kind) for p in record.phones] == [
        ("+8613800138000", "+8613800138000", "mobile"), ("010-1234567", None, "fax")]
    assert record.emails == ["li@example.cn"]
    assert record.note == "first line\nsecond line that is long enough to be wrapped"


def test_region_gives_local_numbers_an_e164_form():
    [record] = read_vcards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nTEL;TYPE=WORK:030 1234567\r\nEND:VCARD\r\n",
                           region="DE")
    assert record.phones == [PhoneRecord("030 1234567", "+49301234567", "work")]


def test_missing_n_is_split_from_fn_and_missing_fn_is_built_from_n():
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:Dr. Maria Garcia\nEND:VCARD\n"
            "BEGIN:VCARD\nVERSION:4.0\nN:Okafor;Chidi;;;\nEND:VCARD\n"
            "BEGIN:VCARD\nVERSION:3.0\nORG:Globex\nEMAIL:info@globex.example\nEND:VCARD\n")
    first, second, third = read_vcards(text)
    assert (first.prefix, first.given, first.family) == ("Dr.", "Maria", "Garcia")
    assert second.full_name == "Chidi Okafor"
    # a company on its own: no person's name is made up from it
    assert (third.full_name, third.company, third.given, third.kind) == ("", "Globex", "", "org")


def test_apple_style_escaped_url_and_social_profile():
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Appleseed;John;;;\r\nFN:John Appleseed\r\n"
            "item1.URL;type=pref:http\\://www.example.com\r\n"
            "X-SOCIALPROFILE;type=twitter;x-user=jappleseed:\r\n"
            "REV:2023-03-04T05:06:07.123Z\r\nEND:VCARD\r\n")
    [record] = read_vcards(text)
    assert record.websites == ["http://www.example.com"]
    assert record.social == ["jappleseed"]
    assert record.rev == datetime(2023, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_cards_without_uid_get_the_same_uid_on_every_import():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nN:;Bo;;;\r\nEND:VCARD\r\n"
    assert next(read_vcards(text)).uid == next(read_vcards(text)).uid


def test_bad_cards_are_reported_and_skipped():
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good One\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nthis line has no colon\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nothing to know them by\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good Two\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n")
    errors: list[InvalidVCardError] = []
    names = [r.full_name for r in read_vcards(text, on_error=errors.append)]
    assert names == ["Good One", "Good Two"]
    assert [(e.card_number, e.line_number) for e in errors] == [(2, 5), (3, 9), (5, 17)]
    assert "line 7 is not a valid vCard line" in str(errors[0])
    assert "no name, company, email address or phone number" in str(errors[1])
    assert "END:VCARD" in str(errors[2])


@pytest.mark.parametrize("content", [b"", b"hello, world\n", b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_a_file_without_vcards_is_refused(tmp_path, content):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(content)
    with pytest.raises(NotAVCardFileError, match="contacts.vcf is not a vCard"):
        list(read_vcards(path))


def test_reads_utf16_and_windows_1252_files():
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nEND:VCARD\r\n"
    assert next(read_vcards(card.encode("utf-16"))).full_name == "Zoë Müller"
    assert next(read_vcards(card.encode("cp1252"))).full_name == "Zoë Müller"

"""Phone extensions survive reading, storing and the records handed to exports; E.164 has one owner."""
from __future__ import annotations

import json

import pytest

from netcapture.exchange import iter_contact_records
from netcapture.store.contact_data import e164_of, unique_phones
from ocr.phones import find_phones, split_extension, to_e164
from ocr.reading import CardReading, Phone
from tests.store_fakes import card, write_card_file


@pytest.mark.parametrize(("line", "number", "extension"), [
    ("Tel +1 312 555 0101 ext. 8410", "+1 312 555 0101", "8410"),
    ("T: +1 312-555-0101 x204", "+1 312-555-0101", "204"),
    ("Phone +1 312 555 0101 X 204", "+1 312 555 0101", "204"),
    ("Tel +55 11 3456-7890 Ramal 12", "+55 11 3456-7890", "12"),
    ("Tel. +49 30 1234567, Durchwahl 12", "+49 30 1234567", "12"),
    ("Tel +49 30 1234567 DW 35", "+49 30 1234567", "35"),
    ("Tel 030 1234567 (ext 8410)", "030 1234567", "8410"),
    ("Tel +1 312 555 0101 Extension: 77", "+1 312 555 0101", "77"),
])
def test_the_reader_keeps_a_printed_extension_apart(line, number, extension):
    [hit] = find_phones(line)
    assert (hit.number, hit.extension) == (number, extension)
    assert line[hit.start:hit.end].rstrip(")").endswith(extension)  # its words belong to the phone


def test_a_number_without_extension_has_none_and_two_numbers_stay_two():
    hits = find_phones("Tel +1 312 555 0101 / Fax +1 312 555 0102")
    assert [(h.e164, h.extension, h.kind) for h in hits] == [
        ("+13125550101", None, "work"), ("+13125550102", None, "fax")]


def test_extension_in_json_reading():
    """`read --json` (and its text form) gives the number as it is dialled, extension and all, as a
    person copying the card writes it; the digits of the extension and the E.164 form stay apart."""
    reading = CardReading(source="x.jpg", phones=[Phone("+1 312 555 0101", "+13125550101", "work", 0.9,
                                                        extension="204"),
                                                  Phone("+1 312 555 0102", "+13125550102", "fax", 0.9)])
    assert reading.to_dict()["phones"] == [
        {"number": "+1 312 555 0101 ext. 204", "e164": "+13125550101", "kind": "work", "extension": "204"},
        {"number": "+1 312 555 0102", "e164": "+13125550102", "kind": "fax", "extension": None}]
    assert split_extension(reading.to_dict()["phones"][0]["number"]) == ("+1 312 555 0101", "204")


def test_extension_written_inside_a_number_is_split_off():
    assert split_extension("+1 312 555 0101 x204") == ("+1 312 555 0101", "204")
    assert split_extension("tel:+1-312-555-0101;ext=204") == ("tel:+1-312-555-0101", "204")
    assert split_extension("+1 312 555 0101") == ("+1 312 555 0101", None)
    assert unique_phones([("+1 312 555 0101 ext. 204", None, "work")]) == [
        ("+1 312 555 0101", "+13125550101", "work", "204")]
    # same number, two extensions: two phones; the same one twice: one
    assert len(unique_phones([("+1 312 555 0101", None, "work", "1"), ("+1 312 555 0101", None, "work", "2"),
                              ("+13125550101", None, "work", "2")])) == 2


def test_e164_has_one_rule():
    assert to_e164("030 1234567", "de") == "+49301234567"
    assert to_e164("12", "DE") is None and to_e164("not a number") is None
    assert e164_of("030 1234567", "DE") == to_e164("030 1234567", "DE")


def test_stored_and_exported_with_the_extension(library, tmp_path):
    library.scan([write_card_file(tmp_path / "a.jpg", card(
        "Ava Lindqvist", "Northwind", phones=[("+1 312 555 0101", "+13125550101", "work", "204")]))])
    [contact] = library.list_contacts()
    assert [(p.e164, p.extension) for p in contact.phones] == [("+13125550101", "204")]
    [record] = list(iter_contact_records(library.db))
    assert [(p.e164, p.extension) for p in record.phones] == [("+13125550101", "204")]


def test_contacts_json_shows_the_extension(library, tmp_path, capsys):
    from netcapture.cli import main

    library.scan([write_card_file(tmp_path / "a.jpg", card(
        "Ava Lindqvist", "Northwind", phones=[("+1 312 555 0101", "+13125550101", "work", "204")]))])
    assert main(["contacts", "--json", "--data-dir", str(library.config.data_dir)]) == 0
    out = capsys.readouterr().out
    phones = json.loads(out)[0]["phones"]
    assert phones[0]["extension"] == "204"


def test_the_read_command_shows_the_extension():
    from netcapture.commands.read import format_card

    reading = CardReading(source="x.jpg", phones=[Phone("+1 312 555 0101", "+13125550101", "work", 0.9,
                                                        extension="204")])
    assert "+1 312 555 0101 ext. 204  (+13125550101)" in format_card(reading.to_dict())


def test_a_note_in_brackets_between_two_numbers_does_not_hide_the_first():
    # a Korean label read as "(41S)" (S for 5) between the office and the mobile number
    hits = find_phones("Tel. 02-3456-7890 (41S) 070-1234-5678 Fax 0505-123-4567", "KR")
    assert [h.number for h in hits] == ["02-3456-7890", "070-1234-5678", "0505-123-4567"]

"""CSV layouts for Google and Outlook, and follow-ups as iCalendar with an alarm."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import vobject

from netcapture.exports.csv_export import GOOGLE_COLUMNS, OUTLOOK_COLUMNS, write_csv
from netcapture.exports.errors import UnknownFormatError
from netcapture.exports.ics import write_ics
from netcapture.exports.records import ContactRecord, FollowUpRecord, PhoneRecord
from tests import vcard_strict as strict

ANN = ContactRecord(
    uid="urn:uuid:1", full_name="Ann Lee", given="Ann", family="Lee", prefix="Dr.", company="ACME, Inc.",
    department="R&D", title="CTO", emails=["ann@acme.example", "a2@acme.example", "a3@x.example", "a4@x.example"],
    phones=[PhoneRecord("030 1", "+49301234567", "work"), PhoneRecord("0151", "+4915123456789", "mobile"),
            PhoneRecord("030 9", "+49301234568", "fax"), PhoneRecord("0151 2", "+4915123456780", "mobile"),
            PhoneRecord("0151 3", "+4915123456781", "mobile")],
    websites=["https://acme.example"], address="Hauptstr. 1\n10115 Berlin", social=["https://linkedin.com/in/ann"],
    note='Wants "intros"; met at the bar', categories=["Expo 2024", "Meetup"])


def read_back(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def test_google_layout_headers_and_values():
    out = io.BytesIO()
    assert write_csv([ANN], out, "google") == 1
    assert out.getvalue().startswith(b"\xef\xbb\xbf")  # Excel reads accents right only with a BOM
    header, [row] = read_back(out.getvalue())
    assert header == list(GOOGLE_COLUMNS)
    assert header[:3] == ["First Name", "Middle Name", "Last Name"]
    assert (row["First Name"], row["Last Name"], row["Name Prefix"]) == ("Ann", "Lee", "Dr.")
    assert (row["Organization Name"], row["Organization Title"], row["Organization Department"]) == (
        "ACME, Inc.", "CTO", "R&D")
    assert row["Labels"] == "Expo 2024 ::: Meetup"
    assert row["E-mail 3 - Value"] == "a3@x.example ::: a4@x.example"  # overflow kept, Google style
    assert [(row[f"Phone {i} - Label"], row[f"Phone {i} - Value"]) for i in (1, 2, 3)] == [
        ("Work", "+49301234567"), ("Mobile", "+4915123456789"), ("Work Fax", "+49301234568")]
    assert row["Address 1 - Formatted"] == "Hauptstr. 1\n10115 Berlin"
    assert (row["Address 1 - Street"], row["Address 1 - City"], row["Address 1 - Postal Code"]) == (
        "Hauptstr. 1", "Berlin", "10115")
    assert "Photo" not in header
    assert (row["Website 2 - Label"], row["Website 2 - Value"]) == ("Profile", "https://linkedin.com/in/ann")
    assert row["Notes"] == 'Wants "intros"; met at the bar'


def test_outlook_layout_headers_values_and_leftovers_in_notes():
    out = io.BytesIO()
    write_csv([ANN, ANN], out, "outlook")
    assert out.getvalue().startswith(b"\xef\xbb\xbf")  # Outlook reads UTF-8 only with a BOM
    header, rows = read_back(out.getvalue())
    assert header == list(OUTLOOK_COLUMNS)
    for name in ("First Name", "Last Name", "Company", "Job Title", "E-mail Address", "Business Phone",
                 "Mobile Phone", "Business Fax"):
        assert name in header
    row = rows[0]
    assert (row["Title"], row["First Name"], row["Last Name"], row["Company"], row["Job Title"]) == (
        "Dr.", "Ann", "Lee", "ACME, Inc.", "CTO")
    assert (row["Business Phone"], row["Mobile Phone"], row["Other Phone"], row["Business Fax"]) == (
        "+49301234567", "+4915123456789", "+4915123456780", "+49301234568")
    assert row["E-mail Address"] == "ann@acme.example" and row["E-mail 3 Address"] == "a3@x.example"
    assert row["Categories"] == "Expo 2024;Meetup"
    assert (row["Business Street"], row["Business City"], row["Business Postal Code"]) == (
        "Hauptstr. 1", "Berlin", "10115")
    assert row["Notes"].startswith('Wants "intros"; met at the bar\n\n')
    for leftover in ("E-mail: a4@x.example", "Mobile: +4915123456781", "Profile: https://linkedin.com/in/ann"):
        assert leftover in row["Notes"]


def test_csv_to_a_text_stream_and_unknown_layout():
    text = io.StringIO(newline="")
    write_csv([ANN], text, "google")
    assert text.getvalue().startswith("\ufeffFirst Name,")
    with pytest.raises(UnknownFormatError):
        write_csv([ANN], io.StringIO(), "yahoo")


def followups() -> list[FollowUpRecord]:
    return [
        FollowUpRecord(uid="urn:uuid:f1", contact_uid="urn:uuid:1", contact_name="Ann Lee, PhD",
                       due=date(2024, 5, 2), description="Send the deck; ask about\nthe intro to Bob 李" * 3,
                       created=datetime(2024, 5, 1, 20, 15, tzinfo=UTC)),
        FollowUpRecord(uid="urn:uuid:f2", contact_uid="urn:uuid:2", contact_name="Bo", due=date(2024, 5, 3),
                       done=True, outcome="Meeting booked", contact_company="Initech", sequence=2,
                       modified=datetime(2024, 5, 3, 10, tzinfo=UTC)),
    ]


def test_ics_parses_back_with_all_day_events_and_alarm():
    out = io.StringIO()
    assert write_ics(followups(), out, now=datetime(2024, 5, 1, 21, tzinfo=UTC)) == 2
    text = out.getvalue()
    strict.unfold(text)  # CRLF everywhere, lines of at most 75 octets
    calendar = vobject.readOne(text)
    first, second = calendar.vevent_list
    assert first.uid.value == "urn:uuid:f1"
    assert first.dtstart.value == date(2024, 5, 2) and first.dtend.value == date(2024, 5, 3)
    assert first.dtstamp.value == datetime(2024, 5, 1, 21, tzinfo=UTC)
    assert first.summary.value == "Follow up: Ann Lee, PhD"
    assert (first.sequence.value, first.status.value) == ("0", "CONFIRMED")
    assert first.description.value == "Send the deck; ask about\nthe intro to Bob 李" * 3
    assert first.valarm.action.value == "DISPLAY"
    assert first.valarm.trigger.value == timedelta(hours=9)
    assert second.summary.value == "Done: Follow up: Bo (Initech)"
    assert (second.sequence.value, second.status.value) == ("2", "CANCELLED")
    assert second.last_modified.value == datetime(2024, 5, 3, 10, tzinfo=UTC)
    assert "Outcome: Meeting booked" in second.description.value
    assert "valarm" not in second.contents  # nothing to remind about any more


def test_ics_is_stable_and_can_leave_done_followups_out():
    now = datetime(2024, 5, 1, tzinfo=UTC)
    one, two = io.StringIO(), io.StringIO()
    write_ics(followups(), one, now=now)
    write_ics(followups(), two, now=now)
    assert one.getvalue() == two.getvalue()
    only_open = io.BytesIO()
    assert write_ics(followups(), only_open, include_done=False, now=now) == 1
    assert b"urn:uuid:f2" not in only_open.getvalue()

"""Google and Outlook CSV: what the app exports, it imports again without loss."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from netcapture.exports.contact_import import read_contacts
from netcapture.exports.csv_export import write_csv
from netcapture.exports.records import AddressParts, ContactRecord, PhoneRecord
from netcapture.exports.vcard import is_company_only

LEA = ContactRecord(
    uid="urn:uuid:22222222-0000-4000-8000-000000000001", rev=datetime(2025, 1, 2, tzinfo=UTC),
    full_name="Dr. Lea Sommer", given="Lea", family="Sommer", prefix="Dr.", title="Head of Research",
    company="Nordlicht Optik GmbH", department="R&D", emails=["lea@nordlicht.example", "lea@mail.example"],
    email_kinds=["work", "home"],
    phones=[PhoneRecord("+49301234567", "+49301234567", "work", "204"),
            PhoneRecord("+4915123456789", "+4915123456789", "mobile"),
            PhoneRecord("+4930555555", "+4930555555", "home")],
    websites=["https://nordlicht.example"], social=["https://linkedin.com/in/lea"],
    address="Lichtweg 4\n10115 Berlin\nGermany", birthday="1984-05-17",
    note="Needs: a distributor; in Spain", categories=["Photonics Expo; Berlin", "Meetup"])
ACME = ContactRecord(uid="urn:uuid:22222222-0000-4000-8000-000000000002", company="Ortega Logistics SL",
                     emails=["hola@ortega.example"], address="Calle Mayor 5\n28013 Madrid\nEspaña")


def comparable(record: ContactRecord, layout: str) -> dict:
    fields = {k: v for k, v in vars(record).items() if k not in ("rev", "photo", "photo_mime", "address_parts")}
    fields["kind"] = "org" if is_company_only(record) else "individual"
    fields["phones"] = [(p.e164, p.kind, p.extension) for p in record.phones]
    fields["email_kinds"] = [record.email_kind(i) for i in range(len(record.emails))]
    if layout == "outlook":
        fields["email_kinds"] = ["work"] * len(record.emails)  # Outlook has no type per address
        fields["phones"] = sorted(fields["phones"], key=lambda p: p[1])  # one column per kind
    return fields


@pytest.mark.parametrize("layout", ["google", "outlook"])
def test_csv_reimports_without_loss(layout):
    out = io.BytesIO()
    write_csv([LEA, ACME], out, layout)
    back = list(read_contacts(out.getvalue()))
    assert [comparable(r, layout) for r in back] == [comparable(r, layout) for r in (LEA, ACME)]
    assert back[0].address_parts == AddressParts(street="Lichtweg 4", locality="Berlin", postcode="10115",
                                                 country="Germany")
    again = io.BytesIO()
    write_csv(back, again, layout)
    assert again.getvalue() == out.getvalue()


def test_outlook_categories_survive_a_semicolon():
    out = io.BytesIO()
    write_csv([LEA], out, "outlook")
    text = out.getvalue().decode("utf-8-sig")
    assert "Photonics Expo\uff1b Berlin;Meetup" in text  # Outlook splits categories at ";"


def test_the_library_imports_a_csv_file(library, tmp_path):
    path = tmp_path / "google.csv"
    with path.open("wb") as handle:
        write_csv([LEA, ACME], handle, "google")
    result = library.import_vcards(path)
    assert len(result.created) == 2 and not result.skipped
    again = library.import_vcards(path)
    assert len(again.updated) == 2 and not again.created  # same UIDs: updated, not duplicated

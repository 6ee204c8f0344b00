"""ALL-CAPS names in proper case for display and export; names written with care left alone."""
from __future__ import annotations

from datetime import date

import pytest

from netcapture.names import proper_case, proper_parts, shouts, shown_name


@pytest.mark.parametrize("printed, shown", [
    ("JOHN MCDONALD", "John McDonald"),
    ("SEAN MACDONALD JR.", "Sean MacDonald Jr."),
    ("MARIE VAN DER BERG", "Marie van der Berg"),
    ("JEAN-LUC DE LA FONTAINE", "Jean-Luc de la Fontaine"),
    ("DR. ANNA O'NEILL-SMITH", "Dr. Anna O'Neill-Smith"),
    ("JOSÉ ÁLVAREZ", "José Álvarez"),
    ("MIRA OKAFOR PHD", "Mira Okafor PhD"),
])
def test_all_caps_names_in_proper_case(printed, shown):
    assert proper_case(printed) == shown


@pytest.mark.parametrize("name", ["Mira Okafor", "danah boyd", "Ludwig van Beethoven", "eBay Smith", "李伟", "", "J"])
def test_names_not_in_capitals_stay_as_written(name):
    assert proper_case(name) == name


def test_shouts_needs_two_capitals_and_no_small_letters():
    assert shouts("JOHN SMITH") and shouts("O'NEILL")
    assert not shouts("John SMITH") and not shouts("J") and not shouts("李伟")


def test_parts_follow_the_whole_name():
    assert proper_parts("MARIE VAN DER BERG", "MARIE", "VAN DER BERG") == ("Marie", "van der Berg")
    assert proper_parts("JOHN MCDONALD", "JOHN", "MCDONALD", "") == ("John", "McDonald", "")
    assert proper_parts("Ann Lee", "Ann", "Lee") == ("Ann", "Lee")


def test_a_company_or_email_standing_in_for_the_name_stays():
    assert shown_name("IBM", company="IBM") == "IBM"
    assert shown_name("INFO@ACME.EXAMPLE") == "INFO@ACME.EXAMPLE"
    assert shown_name("JOHN MCDONALD", company="IBM") == "John McDonald"


def test_export_shows_proper_case_and_the_store_keeps_the_print(library):
    import io

    contact = library.create_contact(full_name="MARIE VAN DER BERG", company="ACME BV", emails=["marie@acme.example"])
    out = io.StringIO()
    library.export("vcard3", out, None)
    text = out.getvalue()
    assert "FN:Marie van der Berg" in text
    assert "N:van der Berg;Marie;;;" in text
    assert "ORG:ACME BV" in text  # companies are not names: as printed
    assert library.get_contact(contact.id).full_name == "MARIE VAN DER BERG"


def test_the_gui_shows_proper_case_and_the_printed_form(library):
    from netcapture.desk import ContactQuery, Desk

    contact = library.create_contact(full_name="JOHN MCDONALD", company="IBM")
    desk = Desk(library)
    assert [r.name for r in desk.contact_rows(ContactQuery(), 0, 5)] == ["John McDonald"]
    card = desk.contact_card(contact.id)
    assert (card.name, card.printed_name) == ("John McDonald", "JOHN MCDONALD")
    assert desk.contact_name(contact.id) == "John McDonald — IBM"


def test_follow_ups_calendar_and_draft_use_proper_case(library):
    import io

    contact = library.create_contact(full_name="ANNA KRAUSE", company="Greenleaf Systems GmbH",
                                     emails=["annak@greenleaf.example"])
    library.save_note(contact.id, need="two engineers")
    [row] = [r for rows in library.follow_up_sections(date.today()).values() for r in rows]
    assert (row.name, row.title) == ("Anna Krause", "Follow up: Anna Krause (Greenleaf Systems GmbH)")
    draft = library.follow_up_draft(row.id)
    assert "ANNA" not in draft.url and "Anna" in draft.url
    out = io.StringIO()
    library.export("ics", out, None)
    assert "SUMMARY:Follow up: Anna Krause (Greenleaf Systems GmbH)" in out.getvalue()

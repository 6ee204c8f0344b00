"""A shared office number alone does not make two people one; each suggested pair is listed once."""
from __future__ import annotations

from tests.store_fakes import card, write_card_file

SWITCHBOARD = ("+44 20 7946 0000", "+442079460000", "work")


def test_colleagues_sharing_the_switchboard_are_not_one_person(library, tmp_path):
    result = library.scan([
        write_card_file(tmp_path / "1.jpg", card("Mira Okafor", "Brightforge Analytics", phones=[SWITCHBOARD])),
        write_card_file(tmp_path / "2.jpg", card("Lena Varga", "Brightforge Analytics", phones=[SWITCHBOARD])),
    ])
    assert len(result.contact_ids) == 2
    assert result.duplicates == []
    assert library.duplicates() == []


def test_a_shared_office_number_with_a_close_name_or_a_shared_mobile_still_counts(library, tmp_path):
    library.scan([write_card_file(tmp_path / "1.jpg", card("Mira Okafor", "Brightforge", phones=[SWITCHBOARD]))])
    again = library.scan([write_card_file(tmp_path / "2.jpg", card("M. Okafor", "", phones=[SWITCHBOARD]))])
    assert [d.reason for d in again.duplicates] == ["same phone +442079460000"]
    mobile = ("+44 7700 900123", "+447700900123", "mobile")
    library.scan([write_card_file(tmp_path / "3.jpg", card("Theo Marchetti", "Orchard Row", phones=[mobile]))])
    other = library.scan([write_card_file(tmp_path / "4.jpg", card("Teddy M.", "Orchard", phones=[mobile]))])
    assert [d.reason for d in other.duplicates] == ["same phone +447700900123"]
    assert len(library.duplicates()) == 2


def test_a_pair_with_several_reasons_is_listed_once(library, tmp_path):
    both = dict(emails=["jonas@kettlelane.example"], phones=[SWITCHBOARD, ("+1 202 555 0142", "+12025550142", "mobile")])
    library.scan([write_card_file(tmp_path / "1.jpg", card("Jonas Brandt", "Kettle Lane Robotics", **both))])
    library.scan([write_card_file(tmp_path / "2.jpg", card("Jonas Brandt", "Kettle Lane Robotics Inc", **both),
                                  salt="again")])
    pairs = [(d.keep_id, d.other_id) for d in library.duplicates()]
    assert len(pairs) == 1 and pairs[0][0] < pairs[0][1]


def test_two_cards_on_one_scanned_page_give_one_pair(library, tmp_path):
    mobile = ("+44 7700 900123", "+447700900123", "mobile")
    page = write_card_file(tmp_path / "page.jpg", card("Theo Marchetti", "Orchard Row", phones=[mobile]),
                           card("Theo Marchetti", "Orchard Row Capital", phones=[mobile]))
    result = library.scan([page])
    assert len(result.contact_ids) == 2
    assert len(result.duplicates) == 1
    assert len(library.duplicates()) == 1

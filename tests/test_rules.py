"""Rules with one owner in netcapture: review diffing, the guarded batch, overdue, formats, questions."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from netcapture import cli
from netcapture.capture import CancelToken
from netcapture.errors import InvalidInputError
from netcapture.exports.formats import EXPORT_FORMATS
from netcapture.review import LOW_CONFIDENCE, REVIEW_FIELDS, review_values
from netcapture.store.models import NOTE_QUESTIONS, FollowUp, Note
from ocr.reading import CardReading, Field, Phone, WordBox
from tests.store_fakes import CountingReader, card, write_card_file

ANNA = card("Anna Schmidt", "ACME GmbH", title="CTO", emails=["anna@acme.de"],
            phones=[("030 1234567", "+49301234567", "mobile")], websites=["acme.de"])


def _scanned(library, tmp_path, *cards):
    batch = library.scan([write_card_file(tmp_path / f"c{i}.jpg", c) for i, c in enumerate(cards)])
    return batch.contact_ids


# -- Library.apply_review -----------------------------------------------------------------------
def test_apply_review_changes_only_what_the_user_changed(library, tmp_path):
    [anna] = _scanned(library, tmp_path, ANNA)
    values = review_values(library.get_contact(anna))
    assert list(values) == list(REVIEW_FIELDS)
    assert values["phones"] == "030 1234567" and values["emails"] == "anna@acme.de"

    edited = dict(values, title="Chief Technology Officer",
                  phones="030 1234567, 0171 5550123", emails=" anna@acme.de ,, a.schmidt@acme.de ")
    contact = library.apply_review(anna, edited)
    assert contact.title == "Chief Technology Officer"
    assert [(p.number, p.kind) for p in contact.phones] == [("030 1234567", "mobile"), ("0171 5550123", "other")]
    assert [e.address for e in contact.emails] == ["anna@acme.de", "a.schmidt@acme.de"]
    assert set(contact.corrected_fields) == {"title", "phones", "emails"}  # untouched fields stay "as read"

    with_ext = library.update_contact(anna, phones=[("030 1234567 ext. 12", "work")])
    assert [(p.number, p.extension) for p in with_ext.phones] == [("030 1234567", "12")]
    kept = library.apply_review(anna, {"phones": "030 1234567, 040 555"})  # the known number keeps its extension
    assert [(p.number, p.kind, p.extension) for p in kept.phones] == [("030 1234567", "work", "12"),
                                                                       ("040 555", "other", None)]
    contact = library.apply_review(anna, {"phones": "030 1234567, 0171 5550123"})
    unchanged = library.apply_review(anna, review_values(contact))
    assert set(unchanged.corrected_fields) == {"title", "phones", "emails"}
    renamed = library.apply_review(anna, {"name": "Dr. Anna Maria Schmidt"})
    assert (renamed.prefix, renamed.given_name, renamed.middle_name) == ("Dr.", "Anna", "Maria")
    with pytest.raises(InvalidInputError, match="nickname"):
        library.apply_review(anna, {"nickname": "Annie"})


def test_review_item_is_plain_data_with_field_words_and_low_confidence(library, tmp_path):
    class LowCompany(CountingReader):
        def __call__(self, path):
            readings = super().__call__(path)
            readings[0].company.confidence = LOW_CONFIDENCE - 0.1
            readings[0].company.words = [2, 3]
            readings[0].emails[0].words = [5]
            return readings

    library.capture.reader = LowCompany()
    [anna] = _scanned(library, tmp_path, ANNA)
    item = library.review_item(anna)
    assert item.values["company"] == "ACME GmbH" and item.image_path.exists()
    assert item.field_words == {"company": [2, 3], "emails": [5]}
    assert item.low_confidence == ["company"] and item.status == "read"
    assert item.words[0]["text"] == "Anna"
    library.apply_review(anna, {"company": "ACME Holding GmbH"})
    assert library.review_item(anna).low_confidence == []  # corrected: nothing left to look at


def test_card_reading_names_the_words_of_each_field():
    reading = CardReading(source="x", name=Field("Anna Schmidt", 0.9, [0, 1]), company=Field("ACME", 0.8, []),
                          emails=[Field("a@acme.de", 0.9, [4]), Field("b@acme.de", 0.9, [3])],
                          phones=[Phone("030 1", None, "work", 0.9, [6, 5])],
                          words=[WordBox(str(i), 0, 0, 1, 1, 0.9) for i in range(7)])
    assert reading.field_words() == {"name": [0, 1], "emails": [3, 4], "phones": [5, 6]}
    assert reading.to_dict(with_words=True)["field_words"] == reading.field_words()
    assert "field_words" not in reading.to_dict()


# -- the one guarded batch ----------------------------------------------------------------------
def test_batch_goes_on_after_a_reader_crash_and_reports_each_file(library, tmp_path):
    class Crashing(CountingReader):
        def __call__(self, path):
            readings = super().__call__(path)
            if self.calls[-1] == "Bo Chen":
                raise ValueError("odd layout")
            return readings

    library.capture.reader = Crashing()
    heard = []
    batch = library.scan([write_card_file(tmp_path / "a.jpg", ANNA), write_card_file(tmp_path / "b.jpg", card("Bo Chen")),
                          write_card_file(tmp_path / "c.jpg", card("Cy Diaz"))], on_result=heard.append)
    assert [r.status for r in batch.results] == ["read", "failed", "read"]
    assert "b.jpg" in batch.results[1].source and "ValueError: odd layout" in batch.results[1].error
    assert heard == batch.results and not batch.cancelled
    assert library.count_contacts() == 2


def test_batch_cancel_stops_between_files_and_a_later_scan_finishes(library, reader, tmp_path):
    folder = tmp_path / "cards"
    for n in range(4):
        write_card_file(folder / f"{n}.jpg", card(f"Person {n}"))
    token = CancelToken()
    progress = []

    def on_result(result):
        if len(progress) == 0:
            progress.append(result)
            token.cancel()

    batch = library.scan([folder], cancel=token, on_result=on_result)
    assert batch.cancelled and len(batch.results) == 1
    assert [p.rsplit("/", 1)[-1] for p in batch.not_done] == ["1.jpg", "2.jpg", "3.jpg"]
    again = library.scan([folder])
    assert [r.status for r in again.results] == ["skipped", "read", "read", "read"]
    assert library.count_contacts() == 4 and len(reader.calls) == 4


# -- one owner each --------------------------------------------------------------------------
def test_overdue_is_one_rule_in_python_and_in_sql(library, tmp_path):
    today = date(2026, 5, 10)
    [anna, bo, cy] = _scanned(library, tmp_path, ANNA, card("Bo Chen"), card("Cy Diaz"))
    late = library.add_follow_up(anna, due=today - timedelta(days=1))
    library.add_follow_up(bo, due=today)
    done = library.add_follow_up(cy, due=today - timedelta(days=3))
    done = library.complete_follow_up(done.id)
    assert late.is_overdue(today) and not done.is_overdue(today)
    assert not FollowUp(due=today, done=False).is_overdue(today)
    assert [c.id for c in library.list_contacts(follow_up="overdue", today=today)] == [anna]


def test_export_formats_are_one_list_for_cli_and_gui(capsys):
    assert list(EXPORT_FORMATS) == ["vcard3", "vcard4", "csv-google", "csv-outlook", "ics"]
    assert all(f.label and f.extension for f in EXPORT_FORMATS.values())
    assert [k for k, f in EXPORT_FORMATS.items() if f.follow_ups] == ["ics"]
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "{vcard3,vcard4,csv-google,csv-outlook,ics}" in capsys.readouterr().out


def test_note_questions_are_one_list():
    assert [q.field for q in NOTE_QUESTIONS] == ["need", "can_help", "can_ask", "introductions"]
    assert Note.QUESTIONS == tuple(q.field for q in NOTE_QUESTIONS)
    assert Note.LABELS["need"] == NOTE_QUESTIONS[0].label and Note.LABELS["text"] == "Notes"
    assert all(q.question.endswith("?") for q in NOTE_QUESTIONS)


def test_current_event_lives_in_the_database(config, reader):
    from netcapture.services import Library

    with Library.open(config, reader=reader) as first:
        first.set_current_event(first.create_event("Expo").id)
    with Library.open(config, reader=reader) as second:  # a restart, or the CLI beside the GUI
        assert second.current_event().name == "Expo"
        second.set_current_event(None)
        assert second.current_event() is None

"""netcapture.results: an event's results, built through the service API, with the edge cases."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from netcapture.errors import InvalidInputError
from netcapture.results import WORTH_FORMULA, worth_going_back

TODAY = date.today()


def _met(library, event, name, relationship="other", **fields):
    return library.create_contact(event=event, full_name=name, relationship=relationship, **fields).id


def _follow_up(library, contact_id):
    [f] = [f for f in library.get_contact(contact_id).follow_ups if f.kind == "follow-up" and not f.done]
    return f


def test_results_of_an_evening(library):
    expo = library.create_event("Expo", date=TODAY, ask="an intro to a hospital buyer", why="meet buyers")
    assert (expo.target_min, expo.target_max) == (5, 8)  # the seeds' advice by default
    ann = _met(library, expo.id, "Ann", "prospect")
    bo = _met(library, expo.id, "Bo", "connector")
    cy = _met(library, expo.id, "Cy", "peer")
    dee = _met(library, expo.id, "Dee", "prospect")
    library.update_contact(dee, starred=True)
    for contact_id, need in ((ann, "a caterer"), (bo, "investors"), (cy, "a co-founder")):
        library.save_memory_notes(contact_id, expo.id, {"need": need})
    library.save_memory_notes(dee, expo.id, {"need": "   "})  # blank: not a conversation
    library.complete_follow_up(_follow_up(library, ann).id, "meeting")  # done today: on time
    library.complete_follow_up(_follow_up(library, bo).id, "replied")
    library.reschedule_follow_up(_follow_up(library, cy).id, TODAY - timedelta(days=1))  # overdue
    library.add_introduction(bo, "my accountant", "by me", status="done")
    library.add_introduction(cy, "their CTO", "for me")  # asked: no outcome yet

    r = library.event_results("Expo")
    assert (r.event, r.date, r.contacts, r.conversations, r.target) == ("Expo", TODAY, 4, 3, (5, 8))
    assert not r.goal_met and r.starred == 1 and r.notes_written == 3 and r.ask == "an intro to a hospital buyer"
    assert r.by_relationship == {"prospect": 2, "referral partner": 0, "connector": 1, "peer": 1, "other": 0}
    assert r.follow_ups == {"on_time": 2, "late": 0, "open": 1, "overdue": 1}
    assert r.outcomes == {"meetings": 1, "introductions_made": 1, "introductions_received": 0, "replies": 1,
                          "no_answer": 0, "other": 0}
    assert r.review is None and r.unfinished == [dee] == library.unfinished_contacts("Expo")
    # no review yet: 50 x min(1, 3/5) + 50 x min(1, 3/3)
    assert (r.worth_going_back, r.verdict) == (80, "yes")

    library.save_event_review("Expo", {"quality": "yes", "new_people": "somewhat", "helped": "no",
                                       "good_use": "yes"}, {"helped": "nobody needed what I know"},
                              go_again="maybe", note="go earlier next time")
    r = library.event_results("Expo")
    assert r.review["helped"] == {"answer": "no", "line": "nobody needed what I know"}
    assert (r.review["go_again"], r.review["note"]) == ("maybe", "go earlier next time")
    # 40 x (1 + 0.5 + 0 + 1 + 0.5) / 5 + 30 x 3/5 + 30 x 3/3 = 24 + 18 + 30
    assert (r.worth_going_back, r.verdict) == (72, "yes")
    assert "40 x review + 30 x conversations + 30 x outcomes" in WORTH_FORMULA

    library.update_event("Expo", target_min=2, target_max=3)
    assert library.event_results("Expo").goal_met
    library.delete_contact(ann)  # the Trash leaves the figures too
    r = library.event_results("Expo")
    assert (r.contacts, r.conversations, r.outcomes["meetings"]) == (3, 2, 0)


def test_follow_ups_done_later_than_the_next_day_are_late(library):
    past = library.create_event("Breakfast", date=TODAY - timedelta(days=5))
    ann = _met(library, past.id, "Ann")
    bo = _met(library, past.id, "Bo")
    library.complete_follow_up(_follow_up(library, ann).id, "no-answer")
    r = library.event_results(past.id)
    assert r.follow_ups == {"on_time": 0, "late": 1, "open": 1, "overdue": 0}
    assert r.outcomes["no_answer"] == 1
    assert library.event_results(past.id, today=TODAY + timedelta(days=3)).follow_ups["overdue"] == 1
    assert bo in r.unfinished


def test_an_event_with_no_contacts(library):
    library.create_event("Quiet night", date=TODAY)
    r = library.event_results("Quiet night")
    assert (r.contacts, r.conversations, r.notes_written, r.starred, r.goal_met) == (0, 0, 0, 0, False)
    assert set(r.follow_ups.values()) == {0} and set(r.outcomes.values()) == {0}
    assert set(r.by_relationship.values()) == {0}
    assert (r.worth_going_back, r.verdict) == (0, "no")
    assert r.to_dict()["contacts"] == 0


def test_a_contact_met_at_two_events_counts_where_the_note_was_written(library):
    spring = library.create_event("Spring fair", date=TODAY)
    autumn = library.create_event("Autumn fair", date=TODAY)
    ann = _met(library, spring.id, "Ann", "prospect")
    library.add_contact_to_event(ann, autumn.id)
    library.save_memory_notes(ann, spring.id, {"need": "a printer"})
    library.complete_follow_up(_follow_up(library, ann).id, "meeting")  # made at the spring fair
    spring_r, autumn_r = library.event_results(spring.id), library.event_results(autumn.id)
    assert (spring_r.contacts, spring_r.conversations, spring_r.outcomes["meetings"]) == (1, 1, 1)
    assert (autumn_r.contacts, autumn_r.conversations, autumn_r.outcomes["meetings"]) == (1, 0, 0)
    assert autumn_r.by_relationship["prospect"] == 1
    assert library.conversation_progress(spring.id).count == 1
    assert library.conversation_progress(autumn.id).count == 0


def test_a_merged_contact_counts_once_with_everything_kept(library):
    spring = library.create_event("Spring fair", date=TODAY)
    autumn = library.create_event("Autumn fair", date=TODAY)
    first = _met(library, spring.id, "Nadia Rahimi", company="Saltmarsh", emails=["nadia@saltmarsh.example"])
    again = _met(library, spring.id, "Nadia Rahimi", company="Saltmarsh", emails=["Nadia@saltmarsh.example"])
    later = _met(library, autumn.id, "Nadia Rahimi", company="Saltmarsh", emails=["nadia@saltmarsh.example"])
    library.save_memory_notes(first, spring.id, {"need": "a bookkeeper"})
    library.save_memory_notes(again, spring.id, {"can_help": "intro to our printer"})
    library.save_memory_notes(later, autumn.id, {"can_ask": "a reference"})
    library.complete_follow_up(_follow_up(library, again).id, "replied")
    library.merge(first, again)
    library.merge(first, later)
    spring_r, autumn_r = library.event_results(spring.id), library.event_results(autumn.id)
    assert (spring_r.contacts, spring_r.conversations, spring_r.notes_written) == (1, 1, 2)
    assert spring_r.outcomes["replies"] == 1
    assert spring_r.follow_ups == {"on_time": 1, "late": 0, "open": 1, "overdue": 0}
    assert (autumn_r.contacts, autumn_r.conversations, autumn_r.notes_written) == (1, 1, 1)
    assert autumn_r.follow_ups["open"] == 1  # the follow-up made at the autumn fair stays with it


def test_live_count_and_the_ask_follow_the_notes(library):
    expo = library.create_event("Expo", date=TODAY, ask="a warm intro to a buyer", target_min=3, target_max=5)
    library.set_current_event(expo.id)
    ann = _met(library, expo.id, "Ann")
    progress = library.conversation_progress()
    assert (progress.label, progress.ask, progress.goal_met) == ("0 of 3–5 real conversations",
                                                                 "a warm intro to a buyer", False)
    library.save_memory_notes(ann, answers={"need": "a printer"})
    assert library.conversation_progress().label == "1 of 3–5 real conversations"
    library.set_current_event(None)
    assert library.conversation_progress() is None


def test_the_after_event_review_is_offered_once(library):
    library.create_event("Yesterday", date=TODAY - timedelta(days=1))
    library.create_event("Tonight", date=TODAY)
    library.create_event("Undated")
    reviewed = library.create_event("Reviewed", date=TODAY - timedelta(days=9))
    library.save_event_review(reviewed.id, go_again="no")
    assert [e.name for e in library.events_to_review()] == ["Yesterday"]
    library.mark_review_offered("Yesterday")
    assert library.events_to_review() == []
    assert [e.name for e in library.events_to_review(today=TODAY + timedelta(days=1))] == ["Tonight"]
    assert library.event_review("Reviewed")["go_again"] == "no"
    assert library.event_review("Tonight") is None


def test_review_and_plan_input_is_checked(library):
    library.create_event("Expo")
    with pytest.raises(InvalidInputError, match="yes, somewhat or no"):
        library.save_event_review("Expo", {"quality": "great"})
    with pytest.raises(InvalidInputError, match="yes, maybe or no"):
        library.save_event_review("Expo", go_again="perhaps")
    with pytest.raises(InvalidInputError, match="Unknown review question"):
        library.save_event_review("Expo", {"vibe": "yes"})
    with pytest.raises(InvalidInputError, match="range like 5-8"):
        library.create_event("Bad", target_min=8, target_max=5)
    with pytest.raises(InvalidInputError, match="range like 5-8"):
        library.update_event("Expo", target_min=0)


def test_worth_going_back_formula_edges():
    assert worth_going_back(None, 0, 5, 0) == 0
    assert worth_going_back(None, 10, 5, 50) == 100  # both parts are capped at 1
    assert worth_going_back(None, 5, 0, 0) == 50  # a zero target counts as met

"""An event's results: the one function the event page, the overview, `events report` and the
report exports all read (``event_results``).

Definitions (shown to the user where the figures are):
- contacts: people met at the event (contacts linked to it, not in the Trash).
- real conversation: a contact met there with a written note about that meeting (any of the
  four answers or free text) — a note tied to this event, or a note tied to no event for a
  contact met only here. A contact met at two events counts at each where a note was written.
- goal met: at least the low end of the target range of real conversations (5-8 by default).
- by relationship: prospects, referral partners, connectors, peers, other — every kind counts
  (non-prospects are assets, not waste).
- follow-ups (plain follow-ups of these contacts from this event): on time = done on the day of
  meeting or the next day; late = done later; open = not done and not yet due; overdue = not done
  and due before today. The meeting day is the event's date, else the day the card was captured.
- outcomes: done follow-ups and introductions by outcome (meetings booked, introductions made
  and received, replies, no answer, other).
- worth going back: WORTH_FORMULA below, 0-100.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from netcapture.store.values import NOTE_TEXT_FIELDS, FollowUpKind, Relationship

if TYPE_CHECKING:  # the queries below load the database layer; the words above (the GUI's) do not
    from sqlalchemy.orm import Session

    from netcapture.store.models import Event, EventReview, FollowUp, Note

# The after-event review: (field, question); each answered yes / somewhat / no.
REVIEW_QUESTIONS = (
    ("quality", "Were quality professionals there?"),
    ("new_people", "Did I meet new, interesting people?"),
    ("helped", "Could I help others there, or they me?"),
    ("good_use", "Was it a good use of my time?"),
)
REVIEW_ANSWERS = {"yes": 1.0, "somewhat": 0.5, "no": 0.0}
GO_AGAIN_ANSWERS = {"yes": 1.0, "maybe": 0.5, "no": 0.0}
OUTCOME_COUNTS = {  # results key -> followups.OUTCOMES key
    "meetings": "meeting", "introductions_made": "introduced-them", "introductions_received": "introduced-me",
    "replies": "replied", "no_answer": "no-answer", "other": "other",
}
WORTH_FORMULA = (
    "worth going back (0-100) = 40 x review + 30 x conversations + 30 x outcomes, where "
    "review = the mean of the four answers and 'go again' (yes 1, somewhat/maybe 0.5, no 0); "
    "conversations = real conversations / the low end of the target, at most 1; "
    "outcomes = (meetings + introductions made and received + replies) / real conversations, at most 1. "
    "Without a review yet: 50 x conversations + 50 x outcomes."
)
VERDICTS = ((60, "yes"), (40, "maybe"), (0, "no"))  # score at least -> verdict


@dataclass
class EventResults:
    event_id: int
    event: str
    date: date | None
    contacts: int
    conversations: int
    target: tuple[int, int]
    goal_met: bool
    starred: int
    notes_written: int
    by_relationship: dict[str, int]
    follow_ups: dict[str, int]  # on_time, late, open, overdue
    outcomes: dict[str, int]  # OUTCOME_COUNTS keys
    review: dict[str, Any] | None  # answers with their lines, go_again, note
    worth_going_back: int  # 0-100, by WORTH_FORMULA
    verdict: str  # yes / maybe / no
    ask: str = ""
    unfinished: list[int] = field(default_factory=list)  # contacts without notes or without a follow-up

    @property
    def target_label(self) -> str:
        low, high = self.target
        return f"{low}–{high}" if high != low else str(low)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `netcapture events report --format json`."""
        return {
            "event": self.event, "date": self.date.isoformat() if self.date else None, "contacts": self.contacts,
            "conversations": self.conversations, "target": {"min": self.target[0], "max": self.target[1]},
            "goal_met": self.goal_met, "starred": self.starred, "notes_written": self.notes_written,
            "by_relationship": dict(self.by_relationship), "follow_ups": dict(self.follow_ups),
            "outcomes": dict(self.outcomes), "review": self.review, "worth_going_back": self.worth_going_back,
            "verdict": self.verdict, "unfinished": len(self.unfinished),
        }


def is_written(note: Note) -> bool:
    return any((getattr(note, f) or "").strip() for f in NOTE_TEXT_FIELDS)


def note_is_about(note: Note, event_id: int, contact_events_count: int) -> bool:
    """Is this note about the meeting at ``event_id``? (See the module docstring.)"""
    return note.event_id == event_id or (note.event_id is None and contact_events_count == 1)


def follow_up_is_from(follow_up: FollowUp, event_id: int, contact_events_count: int) -> bool:
    return follow_up.event_id == event_id or (follow_up.event_id is None and contact_events_count == 1)


def worth_going_back(review: EventReview | None, conversations: int, target_min: int,
                     outcome_count: int) -> int:
    """WORTH_FORMULA, as a whole number 0-100."""
    conversation_part = min(1.0, conversations / target_min) if target_min > 0 else 1.0
    outcome_part = min(1.0, outcome_count / conversations) if conversations else 0.0
    answers = _review_scores(review)
    if answers:
        score = 40 * (sum(answers) / len(answers)) + 30 * conversation_part + 30 * outcome_part
    else:
        score = 50 * conversation_part + 50 * outcome_part
    return round(score)


def verdict_of(score: int) -> str:
    return next(name for least, name in VERDICTS if score >= least)


def _review_scores(review: EventReview | None) -> list[float]:
    if review is None:
        return []
    scores = [REVIEW_ANSWERS[getattr(review, name)] for name, _q in REVIEW_QUESTIONS
              if getattr(review, name) in REVIEW_ANSWERS]
    if review.go_again in GO_AGAIN_ANSWERS:
        scores.append(GO_AGAIN_ANSWERS[review.go_again])
    return scores


def review_dict(review: EventReview | None) -> dict[str, Any] | None:
    if review is None:
        return None
    out: dict[str, Any] = {name: {"answer": getattr(review, name), "line": getattr(review, f"{name}_line")}
                           for name, _q in REVIEW_QUESTIONS}
    out["go_again"] = review.go_again
    out["note"] = review.note
    return out


def event_results(session: Session, event: Event, today: date) -> EventResults:
    """Everything the event page shows, computed in one place (see the module docstring)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from netcapture.store.models import Contact, EventReview, contact_events

    met_at = dict(session.execute(select(contact_events.c.contact_id, contact_events.c.met_at)
                                  .where(contact_events.c.event_id == event.id)).all())
    contacts = list(session.scalars(
        select(Contact).where(Contact.id.in_(list(met_at)), Contact.live()).order_by(Contact.id)
        .options(selectinload(Contact.notes), selectinload(Contact.follow_ups), selectinload(Contact.events))))
    review = session.get(EventReview, event.id)

    by_relationship = {r.value: 0 for r in Relationship}
    follow_ups = {"on_time": 0, "late": 0, "open": 0, "overdue": 0}
    outcome_kinds: Counter[str] = Counter()
    conversations = notes_written = starred = 0
    unfinished: list[int] = []
    for contact in contacts:
        n_events = len(contact.events)
        by_relationship[contact.relationship] = by_relationship.get(contact.relationship, 0) + 1
        starred += contact.starred
        written = [n for n in contact.notes if is_written(n) and note_is_about(n, event.id, n_events)]
        notes_written += len(written)
        conversations += bool(written)
        met_on = event.date or met_at[contact.id].date()
        own = [f for f in contact.follow_ups if follow_up_is_from(f, event.id, n_events)]
        for f in own:
            if f.done and f.outcome_kind:
                outcome_kinds[f.outcome_kind] += 1
            if f.kind != FollowUpKind.FOLLOW_UP.value:
                continue  # introductions count as outcomes, not as follow-ups on time
            if f.done:
                done_on = f.done_at.date() if f.done_at else met_on
                follow_ups["on_time" if done_on <= met_on + timedelta(days=1) else "late"] += 1
            else:
                follow_ups["overdue" if f.is_overdue(today) else "open"] += 1
        if not written or not any(f.kind == FollowUpKind.FOLLOW_UP.value for f in own):
            unfinished.append(contact.id)
    outcomes = {key: outcome_kinds[kind] for key, kind in OUTCOME_COUNTS.items()}
    useful = outcomes["meetings"] + outcomes["introductions_made"] + outcomes["introductions_received"] \
        + outcomes["replies"]
    score = worth_going_back(review, conversations, event.target_min, useful)
    return EventResults(
        event_id=event.id, event=event.name, date=event.date, contacts=len(contacts), conversations=conversations,
        target=(event.target_min, event.target_max), goal_met=conversations >= event.target_min, starred=starred,
        notes_written=notes_written, by_relationship=by_relationship, follow_ups=follow_ups, outcomes=outcomes,
        review=review_dict(review), worth_going_back=score, verdict=verdict_of(score), ask=event.ask,
        unfinished=unfinished)


def conversation_count(session: Session, event_id: int) -> int:
    """Real conversations so far at an event (the capture station's live count): the same rule
    as event_results, without the rest of the figures."""
    from sqlalchemy import func, select

    from netcapture.store.models import Contact, Note, contact_events

    rows = session.execute(
        select(Note.contact_id, Note.event_id, *(getattr(Note, f) for f in Note.TEXT_FIELDS))
        .join(contact_events, contact_events.c.contact_id == Note.contact_id)
        .join(Contact, Contact.id == Note.contact_id)
        .where(contact_events.c.event_id == event_id, Contact.live(), Note.written(),
               (Note.event_id == event_id) | Note.event_id.is_(None))).all()
    undated = {row.contact_id for row in rows if row.event_id is None}
    n_events = dict(session.execute(
        select(contact_events.c.contact_id, func.count()).where(contact_events.c.contact_id.in_(undated))
        .group_by(contact_events.c.contact_id)).all()) if undated else {}
    return len({row.contact_id for row in rows if row.event_id == event_id or n_events.get(row.contact_id) == 1})

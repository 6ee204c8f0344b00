"""Follow-ups: the rules of the follow-through, in one place.

- When a new contact's follow-up is due (the default rule: the next day; a setting chooses
  same day / next day / in N days / none). Every card captured (camera, paste, files, samples,
  drag and drop, hot folder, `netcapture scan`) and every contact added by hand gets one; a
  vCard import does not (an address book moving in is not a meeting).
- Which section a follow-up is in: overdue, today, upcoming or done.
- Outcomes a done follow-up can have, snoozing and rescheduling (each move or completion raises
  the iCalendar SEQUENCE, so a calendar that imports the export again updates the entry).
- Introductions as follow-up items of their own: asked, promised, done.
- The follow-up mail draft: a ``mailto:`` link for the user's own mail client, built from the
  notes with a template the user may edit. Serve, don't sell: the default offers help, no pitch.

The GUI, the CLI and the calendar export all read these rules from here.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from netcapture.errors import InvalidInputError
from netcapture.names import proper_parts, shown_name
from netcapture.store.settings import get_setting, put_setting
from netcapture.store.values import NOTE_QUESTIONS, FollowUpKind, utcnow

if TYPE_CHECKING:  # the rules and words here are shown before the database layer is loaded
    from sqlalchemy.orm import Session

    from netcapture.store.models import Contact, FollowUp, Note

RULE_KEY = "follow_up_rule"
TEMPLATE_KEY = "follow_up_template"

SECTIONS = ("overdue", "today", "upcoming", "done")
DUE_FILTERS = ("overdue", "today", "upcoming", "done", "all")  # "all": every open one
OUTCOMES: dict[str, str] = {
    "replied": "Replied",
    "meeting": "Meeting booked",
    "introduced-them": "Introduced them",
    "introduced-me": "They introduced me",
    "no-answer": "No answer",
    "other": "Other",
}
INTRO_STATES = ("asked", "promised", "done")
SNOOZES = (1, 7)  # the quick snoozes offered: +1 day, +1 week
QUESTIONS = tuple(q.field for q in NOTE_QUESTIONS)  # the note answers a mail draft can quote (Note.QUESTIONS)
GENERIC_SUMMARY = "Follow up"  # what a follow-up made without words of its own is called


# -- when a new contact's follow-up is due ------------------------------------------------------
@dataclass(frozen=True)
class FollowUpRule:
    """Days after meeting that a new contact's follow-up is due; None: no follow-up."""

    days: int | None = 1

    @classmethod
    def parse(cls, text: str) -> FollowUpRule:
        """"same day" / "same-day" / "0", "next day" / "1", "in 3 days" / "3", "none"."""
        value = " ".join(str(text).strip().lower().replace("-", " ").replace("_", " ").split())
        named = {"same day": 0, "today": 0, "next day": 1, "tomorrow": 1, "none": None, "off": None,
                 "never": None}
        if value in named:
            return cls(named[value])
        match = re.fullmatch(r"(?:in )?(\d{1,3})(?: days?)?", value)
        if match:
            return cls(int(match.group(1)))
        raise InvalidInputError(f"Unknown follow-up rule {text!r}; use same-day, next-day, a number of days "
                                "(e.g. 3) or none.")

    def __str__(self) -> str:
        return {None: "none", 0: "same-day", 1: "next-day"}.get(self.days, f"{self.days} days")

    @property
    def label(self) -> str:
        return {None: "No follow-up", 0: "Same day", 1: "Next day"}.get(self.days, f"In {self.days} days")

    def due(self, met: date) -> date | None:
        return None if self.days is None else met + timedelta(days=self.days)


DEFAULT_RULE = FollowUpRule(1)  # the seeds' advice: follow up the same or the next day


def follow_up_rule(session: Session) -> FollowUpRule:
    stored = get_setting(session, RULE_KEY)
    return FollowUpRule.parse(stored) if stored else DEFAULT_RULE


def set_follow_up_rule(session: Session, rule: FollowUpRule) -> None:
    put_setting(session, RULE_KEY, str(rule))


def open_default_follow_up(session: Session, contact: Contact, event_id: int | None,
                           today: date | None = None) -> FollowUp | None:
    """Give a new contact its open follow-up by the rule (none when the rule says so, or when it
    has an open one already). Part of every capture path's lifecycle, and of adding by hand."""
    due = follow_up_rule(session).due(today or date.today())
    if due is None or any(not f.done for f in contact.follow_ups):
        return None
    from netcapture.store.models import FollowUp

    follow_up = FollowUp(due=due, summary="", event_id=event_id, updated_at=utcnow())
    contact.follow_ups.append(follow_up)
    return follow_up


# -- sections, moves, outcomes ----------------------------------------------------------------
def section_of(follow_up: FollowUp, today: date) -> str:
    if follow_up.done:
        return "done"
    if follow_up.is_overdue(today):
        return "overdue"
    return "today" if follow_up.due == today else "upcoming"


def touch(follow_up: FollowUp) -> None:
    """A change a calendar should pick up (moved, done, reopened): SEQUENCE +1, LAST-MODIFIED now."""
    follow_up.sequence = (follow_up.sequence or 0) + 1
    follow_up.updated_at = utcnow()


def move(follow_up: FollowUp, due: date) -> None:
    if due != follow_up.due:
        follow_up.due = due
        touch(follow_up)


def snoozed_due(follow_up: FollowUp, days: int, today: date) -> date:
    """Snoozing counts from today for an overdue follow-up, from its due day otherwise."""
    if days < 1:
        raise InvalidInputError("Snooze by at least one day.")
    return max(follow_up.due, today) + timedelta(days=days)


def parse_outcome(text: str) -> str:
    """An outcome key from a key or a label ("meeting", "Meeting booked"); "" stays ""."""
    value = (text or "").strip().lower().replace("_", "-")
    if not value:
        return ""
    for key, label in OUTCOMES.items():
        if value in (key, key.replace("-", " "), label.lower()):
            return key
    raise InvalidInputError(f"Unknown outcome {text!r}; use one of: {', '.join(OUTCOMES)}")


def outcome_of(text: str | None) -> tuple[str, str]:
    """(outcome key, the user's words) for what the user typed: a known key or label, else
    "other" with the words themselves; nothing typed is ("", "")."""
    if not text or not text.strip():
        return "", ""
    try:
        return parse_outcome(text), ""
    except InvalidInputError:
        return "other", text.strip()


def intro_outcome(kind: str) -> str:
    """The outcome an introduction gets when it is done: introduced-them (by me) or introduced-me."""
    return "introduced-them" if kind == FollowUpKind.INTRO_BY_ME.value else "introduced-me"


def new_item_due(session: Session, today: date) -> date:
    """When a follow-up or introduction the user adds is due: by the rule (a setting), or the
    next day when the rule is "none" (an item asked for by hand always gets a date)."""
    return follow_up_rule(session).due(today) or default_follow_up_date(today)


def complete(follow_up: FollowUp, outcome_kind: str = "", note: str | None = None) -> None:
    if not follow_up.done:
        follow_up.done, follow_up.done_at = True, utcnow()
        if follow_up.kind != FollowUpKind.FOLLOW_UP.value:
            follow_up.intro_status = "done"
        touch(follow_up)
    follow_up.outcome_kind = outcome_kind
    if note is not None:
        follow_up.outcome = note.strip()


def reopen(follow_up: FollowUp) -> None:
    if follow_up.done:
        follow_up.done, follow_up.done_at, follow_up.outcome_kind = False, None, ""
        touch(follow_up)


def parse_intro_kind(direction: str) -> str:
    value = direction.strip().lower().replace("-", " ").replace("_", " ")
    if value in ("for me", "to me", "intro for me", "me"):
        return FollowUpKind.INTRO_FOR_ME.value
    if value in ("by me", "from me", "intro by me", "them"):
        return FollowUpKind.INTRO_BY_ME.value
    raise InvalidInputError(f"Unknown introduction direction {direction!r}; use 'for me' (they introduce me) "
                            "or 'by me' (I introduce them).")


def check_intro_status(status: str) -> str:
    value = status.strip().lower()
    if value not in INTRO_STATES:
        raise InvalidInputError(f"Unknown introduction status {status!r}; use one of: {', '.join(INTRO_STATES)}")
    return value


def title_of(kind: str, summary: str, name: str, company: str) -> str:
    """How a follow-up is called in lists and calendars: always with the person's name."""
    who = f"{name} ({company})" if company and company != name else name
    if kind == FollowUpKind.INTRO_FOR_ME.value:
        return f"Introduction: {who} could introduce me to {summary or 'someone'}"
    if kind == FollowUpKind.INTRO_BY_ME.value:
        return f"Introduction: introduce {who} to {summary or 'someone'}"
    return f"Follow up: {who}"


# -- the follow-up mail draft -----------------------------------------------------------------
# Each line naming a field is left out when all its fields are empty, so a draft never says
# "you mentioned ." — write a line per thought.
DEFAULT_TEMPLATE = """Subject: Good to meet you{at_event}
Hi {first_name},

it was good to meet you{at_event}.
You mentioned that you need {need}; I have been thinking about it.
Perhaps I can help: {can_help}
When it suits you, I would value your thoughts on {can_ask}.
If you think it fits, I would be glad to meet {introductions}.

Best regards,
"""
TEMPLATE_FIELDS = ("name", "first_name", "company", "event", "at_event", "met_on", "need", "can_help",
                   "can_ask", "introductions")


@dataclass
class MailDraft:
    to: str
    subject: str
    body: str

    @property
    def url(self) -> str:
        """A mailto: URL (RFC 6068) that opens the user's mail client with this draft."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (f"mailto:{quote(self.to, safe='@')}?subject={quote(self.subject, safe='')}"
                f"&body={quote(body, safe='')}")


def check_template(template: str) -> str:
    """The template as given, or InvalidInputError naming an unknown {field} or a broken brace."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise InvalidInputError(f"The follow-up template has a stray brace: {exc}") from None
    unknown = names - set(TEMPLATE_FIELDS)
    if unknown:
        raise InvalidInputError(f"The follow-up template uses unknown field(s) {', '.join(sorted(unknown))}; "
                                f"known: {', '.join(TEMPLATE_FIELDS)}")
    return template


def mail_template(session: Session) -> str:
    return get_setting(session, TEMPLATE_KEY) or DEFAULT_TEMPLATE


def set_mail_template(session: Session, template: str | None) -> None:
    """Store the user's template; None or blank goes back to the default."""
    put_setting(session, TEMPLATE_KEY, check_template(template) if template and template.strip() else "")


def draft_values(contact: Contact, notes: list[Note], event_name: str, met_on: date | None) -> dict[str, str]:
    """The template's fields for a contact: the answers of their notes (newest first wins)."""
    answers: dict[str, str] = {}
    for note in sorted(notes, key=lambda n: (n.updated_at or datetime.min, n.id or 0), reverse=True):
        for q in QUESTIONS:
            text = " ".join((getattr(note, q) or "").split())
            if text and q not in answers:
                answers[q] = text.rstrip(".")
    first = contact.given_name or (contact.full_name.split()[0] if contact.full_name else "")
    first = proper_parts(contact.full_name or contact.display_name, first)[0] if first else "there"
    return {"name": shown_name(contact.display_name, contact.company), "first_name": first, "company": contact.company or "",
            "event": event_name, "at_event": f" at {event_name}" if event_name else "",
            "met_on": met_on.isoformat() if met_on else "",
            **{q: answers.get(q, "") for q in QUESTIONS}}


def render_draft(template: str, values: dict[str, str], to: str) -> MailDraft:
    """Fill the template; a "Subject:" first line becomes the subject."""
    lines = []
    for line in template.splitlines():
        names = [n for _t, n, _s, _c in string.Formatter().parse(line) if n]
        # "at_event" only decorates a sentence: it alone does not keep a line.
        content = [n for n in names if n != "at_event"]
        if content and not any(values.get(n) for n in content):
            continue
        lines.append(line.format_map(values))
    subject = ""
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines.pop(0)[len("subject:"):].strip()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    return MailDraft(to=to, subject=subject, body=body)


# -- rows for the Follow-ups view and the CLI ---------------------------------------------------
@dataclass
class FollowUpRow:
    """One follow-up as plain data: the person, where you met, the first line of what they need
    and how you can help, and its state."""

    id: int
    contact_id: int
    name: str
    company: str
    event: str
    due: date
    section: str  # one of SECTIONS
    kind: str  # FollowUpKind
    title: str  # "Follow up: Ann Lee (Globex)"
    summary: str  # the user's own words for it ("" for a plain follow-up)
    need: str
    can_help: str
    email: str
    intro_status: str = ""
    done_at: datetime | None = None
    outcome_kind: str = ""
    outcome: str = ""
    sequence: int = 0
    introductions: str = ""  # the first line of the note "Who could they introduce me to?"

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome_kind, "")


def first_line(text: str) -> str:
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")


def latest_answer(notes: list[Note], field: str) -> str:
    for note in sorted(notes, key=lambda n: (n.updated_at or datetime.min, n.id or 0), reverse=True):
        if (getattr(note, field) or "").strip():
            return getattr(note, field)
    return ""


def follow_up_row(follow_up: FollowUp, today: date) -> FollowUpRow:
    contact = follow_up.contact
    events = {e.id: e.name for e in contact.events}
    event = events.get(follow_up.event_id) or (contact.events[-1].name if contact.events else "")
    summary = "" if follow_up.summary.strip() == GENERIC_SUMMARY else follow_up.summary.strip()
    name = shown_name(contact.display_name, contact.company)  # ALL CAPS in proper case (netcapture.names)
    return FollowUpRow(
        id=follow_up.id, contact_id=contact.id, name=name, company=contact.company, event=event,
        due=follow_up.due, section=section_of(follow_up, today), kind=follow_up.kind,
        title=title_of(follow_up.kind, summary, name, contact.company), summary=summary,
        need=first_line(latest_answer(contact.notes, "need")),
        can_help=first_line(latest_answer(contact.notes, "can_help")),
        email=contact.emails[0].address if contact.emails else "", intro_status=follow_up.intro_status,
        done_at=follow_up.done_at, outcome_kind=follow_up.outcome_kind, outcome=follow_up.outcome,
        sequence=follow_up.sequence or 0,
        introductions=first_line(latest_answer(contact.notes, "introductions")))


def default_follow_up_date(today: date | None = None) -> date:
    """The next day: the default rule's due date (DEFAULT_RULE; the setting may differ,
    see Library.follow_up_rule) and what "tomorrow" means in a typed date."""
    return DEFAULT_RULE.due(today or date.today())


def parse_date(text: str) -> date:
    """A date typed by a user: 2026-03-04, "today" or "tomorrow"."""
    value = text.strip().lower()
    if value == "today":
        return date.today()
    if value == "tomorrow":
        return default_follow_up_date()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInputError(f"Cannot understand the date {text!r}; write it as YYYY-MM-DD.") from None

"""The values the store's columns hold (relationships, reading states, note questions...), without
SQLAlchemy: the desktop app's first window shows them before the database layer is loaded.
netcapture.store.models builds its tables with them and re-exports them."""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC, naive: every timestamp in the store is UTC (SQLite keeps no time zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


NO_NAME = "(no name)"  # shown for a contact with no name, company or email (yet)


def display_name_of(full_name: str, prefix: str, given: str, middle: str, family: str, suffix: str,
                    company: str, first_email: Callable[[], str]) -> str:
    """The name to show for a contact: the full name, else its parts, else the company, else the
    first email (``first_email`` is only called then, so a caller need not load emails for it)."""
    if full_name:
        return full_name
    joined = " ".join(p for p in (prefix, given, middle, family, suffix) if p)
    return joined or company or first_email() or NO_NAME


class Relationship(enum.StrEnum):
    """What this person is to the user. Non-prospects are kept, never discarded."""

    PROSPECT = "prospect"
    REFERRAL_PARTNER = "referral partner"
    CONNECTOR = "connector"
    PEER = "peer"
    OTHER = "other"


class ReadStatus(enum.StrEnum):
    QUEUED = "queued"  # original stored, not read yet (or the app stopped while reading)
    READ = "read"
    FAILED = "failed"  # see Capture.error; retried when the batch runs again


class Side(enum.StrEnum):
    FRONT = "front"
    BACK = "back"


@dataclass(frozen=True)
class NoteQuestion:
    field: str  # the Note column it fills
    question: str  # as the memory prompt asks it
    label: str  # as a written note shows the answer (detail pane, vCard NOTE, mail draft)


# The four questions asked right after meeting someone: the one list the GUI, CLI and exports use.
NOTE_QUESTIONS = (
    NoteQuestion("need", "What do they need?", "Needs"),
    NoteQuestion("can_help", "How can I help?", "How I can help"),
    NoteQuestion("can_ask", "What could I ask for?", "What I could ask for"),
    NoteQuestion("introductions", "Who could they introduce me to?", "Could introduce me to"),
)
NOTE_TEXT_FIELDS = (*(q.field for q in NOTE_QUESTIONS), "text")  # a note's written columns (Note.TEXT_FIELDS)


class FollowUpKind(enum.StrEnum):
    FOLLOW_UP = "follow-up"  # get back in touch
    INTRO_FOR_ME = "intro for me"  # they could introduce me to someone (summary: whom)
    INTRO_BY_ME = "intro by me"  # I could introduce them to someone (summary: whom)

"""Follow-ups as an iCalendar file (RFC 5545) that any calendar imports.

Each follow-up is an all-day VEVENT on its due date with a VALARM, titled with the person
("Follow up: Ann Lee (Globex)") and the notes in its description. All-day events with an alarm
are what Google Calendar, Apple Calendar, Outlook and Thunderbird all import alike; VTODOs are
dropped by Google's and Outlook's calendar import.

Updates: the UID is the follow-up's own and never changes; SEQUENCE and LAST-MODIFIED rise
each time the follow-up moves or is done, so a calendar importing a newer export updates the
entry instead of duplicating it (or ignoring the change).

Done follow-ups: VEVENT with STATUS:CANCELLED, "Done:" in the title and no alarm — not a VTODO
with STATUS:COMPLETED. The entry must keep its component type under the same UID, or a
re-import makes a second item beside the old event rather than updating it; and a VTODO would
vanish in Google Calendar and Outlook altogether. Apple Calendar and Thunderbird show a
cancelled event struck through or remove it; Google shows the "Done:" title. Open ones say
STATUS:CONFIRMED, so an entry that was done and is reopened comes back.

Events are serialised one at a time by vobject (escaping, folding), so memory stays flat.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import IO

import vobject
from vobject.icalendar import utc as vobject_utc

from netcapture import __version__
from netcapture.exports.records import FollowUpRecord, to_utc_seconds
from netcapture.exports.streams import text_writer
from netcapture.exports.vcard_text import clean_text, refold

PRODID = f"-//NetCapture//NetCapture {__version__}//EN"
# Relative to the start of the all-day event (midnight, local time): 9:00 on the due day.
DEFAULT_ALARM = timedelta(hours=9)


def write_ics(followups: Iterable[FollowUpRecord], stream: IO, *, alarm: timedelta = DEFAULT_ALARM,
              include_done: bool = True, now: datetime | None = None) -> int:
    """Write a VCALENDAR holding one all-day event per follow-up; returns how many were written.

    ``alarm`` is when to remind, relative to the start of the due day (negative: the day
    before). Done follow-ups get no alarm and "Done:" in their title, so re-importing an export
    marks them without nagging; ``include_done=False`` leaves them out. ``now`` is the DTSTAMP
    (the time of the export) and defaults to the current time.
    """
    stamp = to_utc_seconds(now or datetime.now(UTC))
    write = text_writer(stream)
    write(_calendar_header())
    count = 0
    for followup in followups:
        if followup.done and not include_done:
            continue
        # vobject folds by characters, not octets: long non-ASCII lines are folded again.
        write(refold(followup_event(followup, stamp, alarm).serialize(validate=False)))
        count += 1
    write("END:VCALENDAR\r\n")
    return count


def _calendar_header() -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
            f"PRODID:{PRODID}\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n")


def followup_summary(followup: FollowUpRecord) -> str:
    """ "Follow up: <name> (<company>)", or the introduction it is about; "Done: " once done."""
    from netcapture.followups import GENERIC_SUMMARY, title_of  # late: followups imports the store

    summary = clean_text(followup.summary).strip()
    if followup.kind == "follow-up" and summary == GENERIC_SUMMARY:
        summary = ""
    title = title_of(followup.kind, summary, clean_text(followup.contact_name).strip(),
                     clean_text(followup.contact_company).strip())
    return f"Done: {title}" if followup.done else title


def followup_description(followup: FollowUpRecord) -> str:
    """What to do (the follow-up's own words, when it has some), the contact and the notes, the outcome."""
    from netcapture.followups import GENERIC_SUMMARY

    summary = clean_text(followup.summary).strip()
    parts = [summary if followup.kind == "follow-up" and summary != GENERIC_SUMMARY else "",
             clean_text(followup.description).strip()]
    if followup.outcome.strip():
        parts.append(f"Outcome: {clean_text(followup.outcome).strip()}")
    return "\n\n".join(p for p in parts if p)


def followup_event(followup: FollowUpRecord, stamp: datetime, alarm: timedelta = DEFAULT_ALARM):
    """One follow-up as a vobject VEVENT component."""
    event = vobject.newFromBehavior("vevent")
    event.add("uid").value = clean_text(followup.uid)
    event.add("dtstamp").value = _vobject_utc(stamp)
    if followup.created is not None:
        event.add("created").value = _vobject_utc(followup.created)
    event.add("dtstart").value = followup.due  # a date: written as VALUE=DATE, an all-day event
    event.add("dtend").value = followup.due + timedelta(days=1)  # DTEND of all-day events is exclusive
    if followup.modified is not None:
        event.add("last-modified").value = _vobject_utc(followup.modified)
    event.add("sequence").value = str(followup.sequence)
    event.add("status").value = "CANCELLED" if followup.done else "CONFIRMED"
    event.add("summary").value = followup_summary(followup)
    description = followup_description(followup)
    if description:
        event.add("description").value = description
    event.add("transp").value = "TRANSPARENT"  # a reminder, not a meeting: the day stays free
    event.add("categories").value = ["Follow-up"]
    event.add("x-netcapture-contact").value = clean_text(followup.contact_uid)
    if not followup.done:
        reminder = event.add("valarm")
        reminder.add("action").value = "DISPLAY"
        reminder.add("description").value = followup_summary(followup)
        reminder.add("trigger").value = alarm
    return event


def _vobject_utc(moment: datetime) -> datetime:
    # vobject writes "…Z" only for its own UTC tzinfo; with datetime.UTC it wants a VTIMEZONE.
    return to_utc_seconds(moment).replace(tzinfo=vobject_utc)

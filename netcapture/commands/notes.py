"""`netcapture notes CONTACT`: write (or show) what you learnt about someone, as the memory prompt does."""
from __future__ import annotations

import argparse

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.store.models import NOTE_QUESTIONS, Note

# option -> Note field (the four questions of the memory prompt, and free text)
OPTIONS = {"need": "need", "help_them": "can_help", "ask": "can_ask", "intro": "introductions", "text": "text"}


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "notes", help="write or show notes about a contact",
        description="Write the answers to the memory prompt's questions for a contact (the note for the event "
                    "where you met, or --event), its relationship and its follow-up date. Without options: "
                    "show them. An answer given replaces that answer; others stay.")
    parser.add_argument("contact", metavar="CONTACT", help="the contact's id, or a fragment matching only it")
    questions = {q.field: q.question for q in NOTE_QUESTIONS}
    parser.add_argument("--need", help=questions["need"])
    parser.add_argument("--help-them", help=questions["can_help"])
    parser.add_argument("--ask", help=questions["can_ask"])
    parser.add_argument("--intro", help=questions["introductions"])
    parser.add_argument("--text", help="anything else")
    parser.add_argument("--relationship", help="prospect, referral partner, connector, peer or other")
    parser.add_argument("--follow-up", metavar="DATE",
                        help="when to follow up: YYYY-MM-DD, today, tomorrow, or none (no follow-up)")
    parser.add_argument("--event", metavar="NAME", help="the event the note is about (default: where you met)")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    from netcapture.services import UNCHANGED, parse_date

    answers = {field: getattr(args, option) for option, field in OPTIONS.items() if getattr(args, option) is not None}
    follow_up = UNCHANGED
    if args.follow_up is not None:
        follow_up = None if args.follow_up.strip().lower() == "none" else parse_date(args.follow_up)
    with open_library(args) as library:
        contact = library.find_contact(args.contact)
        event = args.event or (contact.events[-1].id if contact.events else None)
        if answers or args.relationship or follow_up is not UNCHANGED:
            library.save_memory_notes(contact.id, event, answers, args.relationship, follow_up=follow_up)
            print(f"Saved notes for {contact.display_name}.")
        state = library.memory_notes(contact.id, event)
    for q in NOTE_QUESTIONS:
        print(f"  {q.question:<34} {state.answers.get(q.field, '')}")
    print(f"  {Note.LABELS['text'] + ':':<34} {state.answers.get('text', '')}")
    print(f"  {'Relationship:':<34} {state.relationship}")
    print(f"  {'Follow up on:':<34} {state.follow_up.isoformat() if state.follow_up else 'no follow-up'}")
    return 0

"""`netcapture followups`: what to follow up, and getting it done (done, snooze, reschedule, draft)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.errors import InvalidInputError
from netcapture.followups import DUE_FILTERS, INTRO_STATES, OUTCOMES


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "followups", help="list follow-ups; mark done, snooze, reschedule, draft the mail",
        description="Without an action: list open follow-ups (--due chooses which). Outcomes: "
                    + ", ".join(f"{key} ({label})" for key, label in OUTCOMES.items()) + ".")
    parser.add_argument("--due", choices=DUE_FILTERS, default="all",
                        help="overdue, today, upcoming, done, or all open ones (default)")
    parser.add_argument("--event", metavar="NAME", help="only follow-ups of contacts met at this event")
    parser.add_argument("--json", action="store_true", help="print JSON")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--done", type=int, metavar="ID", help="mark follow-up ID done (with --outcome, --note)")
    action.add_argument("--snooze", nargs=2, metavar=("ID", "DAYS"), help="put follow-up ID off by DAYS days")
    action.add_argument("--reschedule", nargs=2, metavar=("ID", "DATE"), help="move follow-up ID to DATE")
    action.add_argument("--reopen", type=int, metavar="ID", help="mark a done follow-up open again")
    action.add_argument("--draft", type=int, metavar="ID",
                        help="print the follow-up mail draft and its mailto: link (nothing is sent)")
    action.add_argument("--introduce", nargs=2, metavar=("CONTACT", "WHOM"),
                        help="track an introduction: CONTACT could introduce you to WHOM (with --by-me: you "
                             "could introduce CONTACT to WHOM)")
    action.add_argument("--intro-status", nargs=2, metavar=("ID", "STATUS"),
                        help=f"move introduction ID on: {', '.join(INTRO_STATES)}")
    action.add_argument("--rule", metavar="RULE",
                        help="when new contacts' follow-ups are due: same-day, next-day (default), a number "
                             "of days, or none")
    action.add_argument("--template", metavar="FILE",
                        help="use FILE as the follow-up mail template ('-' restores the default)")
    parser.add_argument("--outcome", choices=list(OUTCOMES), help="with --done: what came of it")
    parser.add_argument("--note", help="with --done: what came of it, in your words")
    parser.add_argument("--by-me", action="store_true", help="with --introduce: you make the introduction")
    parser.add_argument("--status", choices=INTRO_STATES, default="asked", help="with --introduce (default: asked)")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    from netcapture.services import parse_date

    with open_library(args) as library:
        if args.done is not None:
            f = library.complete_follow_up(args.done, args.outcome or "", note=args.note)
            print(f"Follow-up {f.id} done" + (f": {OUTCOMES[f.outcome_kind]}" if f.outcome_kind else "") + ".")
            return 0
        if args.snooze:
            f = library.snooze_follow_up(_id(args.snooze[0]), _days(args.snooze[1]))
            print(f"Follow-up {f.id} snoozed to {f.due.isoformat()}.")
            return 0
        if args.reschedule:
            f = library.reschedule_follow_up(_id(args.reschedule[0]), parse_date(args.reschedule[1]))
            print(f"Follow-up {f.id} moved to {f.due.isoformat()}.")
            return 0
        if args.reopen is not None:
            f = library.reopen_follow_up(args.reopen)
            print(f"Follow-up {f.id} is open again, due {f.due.isoformat()}.")
            return 0
        if args.draft is not None:
            draft = library.follow_up_draft(args.draft)
            print(f"To: {draft.to}\nSubject: {draft.subject}\n\n{draft.body}\n{draft.url}")
            return 0
        if args.introduce:
            contact = library.find_contact(args.introduce[0])
            f = library.add_introduction(contact.id, args.introduce[1], "by me" if args.by_me else "for me",
                                         args.status)
            print(f"Introduction {f.id} tracked ({f.intro_status}), due {f.due.isoformat()}.")
            return 0
        if args.intro_status:
            f = library.set_introduction_status(_id(args.intro_status[0]), args.intro_status[1])
            print(f"Introduction {f.id}: {f.intro_status}.")
            return 0
        if args.rule:
            rule = library.set_follow_up_rule(args.rule)
            print(f"New contacts' follow-ups: {rule.label.lower()}.")
            return 0
        if args.template:
            text = None if args.template == "-" else _read(args.template)
            library.set_mail_template(text)
            print("Follow-up mail template " + ("restored to the default." if text is None else "saved."))
            return 0
        rows = library.follow_up_rows(args.due, event=args.event)
    if args.json:
        print(json.dumps([_row_dict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No follow-ups here.")
        return 0
    for r in rows:
        state = (f"done {r.outcome_label or ''}".strip() if r.section == "done" else r.section)
        print(f"{r.id:>6}  {r.due.isoformat()}  {state:<9} {r.title}" + (f"  [{r.event}]" if r.event else ""))
        for label, text in (("needs", r.need), ("I can help", r.can_help)):
            if text:
                print(f"{'':>19}{label}: {text}")
    print(f"{len(rows)} follow-up(s)")
    return 0


def _id(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidInputError(f"{text!r} is not a follow-up id (a number; see `netcapture followups`).")
    return int(text)


def _days(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidInputError(f"{text!r} is not a number of days.")
    return int(text)


def _read(path: str) -> str:
    try:
        return (sys.stdin.read() if path == "/dev/stdin" else Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror or exc}") from None


def _row_dict(r) -> dict:
    return {"id": r.id, "contact_id": r.contact_id, "name": r.name, "company": r.company, "event": r.event,
            "due": r.due.isoformat(), "section": r.section, "kind": r.kind, "title": r.title,
            "summary": r.summary, "need": r.need, "can_help": r.can_help, "intro_status": r.intro_status,
            "done_at": r.done_at.isoformat() if r.done_at else None, "outcome": r.outcome_kind,
            "outcome_note": r.outcome, "sequence": r.sequence}

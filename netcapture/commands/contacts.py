"""`netcapture contacts`: list and search contacts."""
from __future__ import annotations

import argparse
import json

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.services import FOLLOW_UP_FILTERS


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "contacts", help="list or search contacts",
        description="List contacts, newest first. Filters combine.")
    parser.add_argument("--event", metavar="NAME", help="only contacts met at this event")
    parser.add_argument("--search", metavar="TEXT",
                        help="a fragment of a name, company, email or phone number (case and accents ignored)")
    parser.add_argument("--missing-notes", action="store_true", help="only contacts without notes")
    parser.add_argument("--follow-up", choices=FOLLOW_UP_FILTERS,
                        help="only contacts with an open follow-up due today, overdue, or either")
    parser.add_argument("--limit", type=int, metavar="N", help="show at most N contacts")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per contact)")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        contacts = library.list_contacts(event=args.event, search=args.search, missing_notes=args.missing_notes,
                                         follow_up=args.follow_up, limit=args.limit)
    if args.json:
        print(json.dumps([as_dict(c) for c in contacts], ensure_ascii=False, indent=2))
        return 0
    if not contacts:
        print("No contacts match.")
        return 0
    for c in contacts:
        company = ", ".join(x for x in (c.title, c.company) if x)
        reach = c.emails[0].address if c.emails else (c.phones[0].e164 or c.phones[0].number if c.phones else "")
        events = ", ".join(e.name for e in c.events)
        print(f"{c.id:>6}  {c.display_name:<28.28}  {company:<32.32}  {reach:<30.30}  {events}")
    print(f"{len(contacts)} contact(s)")
    return 0


def as_dict(c) -> dict:
    return {
        "id": c.id, "uid": c.uid, "name": c.display_name, "given": c.given_name, "family": c.family_name,
        "title": c.title, "department": c.department, "company": c.company,
        "emails": [e.address for e in c.emails],
        "phones": [{"number": p.number, "e164": p.e164, "kind": p.kind, "extension": p.extension}
                   for p in c.phones],
        "websites": c.websites, "address": c.address, "social": c.social, "relationship": c.relationship,
        "events": [e.name for e in c.events],
        "follow_ups": [{"due": f.due.isoformat(), "done": f.done} for f in c.follow_ups],
        "notes": len(c.notes),
    }

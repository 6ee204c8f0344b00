"""`netcapture events`: list, add, choose and delete events."""
from __future__ import annotations

import argparse

from netcapture.commands._library import add_storage_options, open_library, user_errors


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "events", help="list events, or add / choose / delete one",
        description="Without an action: list events, newest first, with how many contacts were met at "
                    "each; the current event is marked with *.")
    add_storage_options(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="add an event", description="Add an event.")
    add.add_argument("name")
    add.add_argument("--date", help="YYYY-MM-DD, today or tomorrow")
    add.add_argument("--venue", default="")
    add.add_argument("--goal", default="", help='what you want from it, e.g. "meet 5-8 quality people"')
    add.add_argument("--notes", default="")
    add.add_argument("--use", action="store_true", help="make it the current event")
    add_storage_options(add)
    use = actions.add_parser("use", help="make an event the current one (new cards go there)",
                             description="Make an event the current one: scans without --event go there.")
    use.add_argument("name")
    add_storage_options(use)
    delete = actions.add_parser("delete", help="move an event to the Trash (its contacts stay)",
                                description="Move an event to the Trash; its contacts are kept. "
                                            "`netcapture events restore NAME` brings it back.")
    delete.add_argument("name")
    add_storage_options(delete)
    restore = actions.add_parser("restore", help="bring an event back from the Trash")
    restore.add_argument("name")
    add_storage_options(restore)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    from netcapture.services import parse_date

    with open_library(args) as library:
        if args.action == "add":
            event = library.create_event(args.name, date=parse_date(args.date) if args.date else None,
                                         venue=args.venue, goal=args.goal, notes=args.notes)
            if args.use:
                library.set_current_event(event.id)
            print(f"Added event {event.name!r}.")
            return 0
        if args.action == "use":
            library.set_current_event(args.name)
            print(f"Current event: {args.name}")
            return 0
        if args.action == "delete":
            library.delete_event(args.name)
            print(f"Moved event {args.name!r} to the Trash; its contacts were kept.")
            return 0
        if args.action == "restore":
            library.restore_event(args.name)
            print(f"Restored event {args.name!r}.")
            return 0
        summaries = library.list_events()
        current = library.current_event()
    if not summaries:
        print("No events yet. Add one with `netcapture events add NAME` or `netcapture scan --event NAME`.")
        return 0
    for s in summaries:
        e = s.event
        mark = "*" if current is not None and current.id == e.id else " "
        when = e.date.isoformat() if e.date else "          "
        details = "  ".join(x for x in (e.venue, f"goal: {e.goal}" if e.goal else "") if x)
        print(f"{mark} {when}  {e.name}  ({s.contact_count} contact{'s' if s.contact_count != 1 else ''})"
              + (f"  {details}" if details else ""))
    return 0

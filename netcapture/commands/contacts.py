"""`netcapture contacts`: list and search contacts; add, edit, delete (to the Trash) and restore."""
from __future__ import annotations

import argparse
import json

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.exports.records import PHONE_KINDS
from netcapture.filters import FOLLOW_UP_FILTERS


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "contacts", help="list, search, add, edit, delete or restore contacts",
        description="Without an action: list contacts, newest first (filters combine). Actions: add, edit, "
                    "delete (to the Trash), restore, trash (list it), empty-trash.")
    parser.add_argument("--event", metavar="NAME", help="only contacts met at this event")
    parser.add_argument("--search", metavar="TEXT",
                        help="a fragment of a name, company, email or phone number (case and accents ignored)")
    parser.add_argument("--missing-notes", action="store_true", help="only contacts without notes")
    parser.add_argument("--follow-up", choices=FOLLOW_UP_FILTERS,
                        help="only contacts with an open follow-up due today, overdue, or either")
    parser.add_argument("--limit", type=int, metavar="N", help="show at most N contacts")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per contact)")
    add_storage_options(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    add = actions.add_parser("add", help="add a contact by hand (someone without a card)",
                             description="Add a contact by hand. It gets an open follow-up by the default rule "
                                         "(see `netcapture followups --rule`).")
    _field_options(add)
    add.add_argument("--event", metavar="NAME", help="where you met (default: the current event)")
    add_storage_options(add)

    edit = actions.add_parser("edit", help="change a contact's fields",
                              description="Change any field; a list option (--email, --phone, --website) "
                                          "replaces that list. Edited fields are never overwritten by a later "
                                          "reading of the card.")
    edit.add_argument("contact", metavar="CONTACT", help="the contact's id, or a fragment matching only it")
    _field_options(edit)
    edit.add_argument("--add-event", metavar="NAME", help="also met at this event")
    edit.add_argument("--remove-event", metavar="NAME", help="not met at this event after all")
    edit.add_argument("--star", action=argparse.BooleanOptionalAction, default=None,
                      help="mark (or --no-star: unmark) as a quality contact")
    add_storage_options(edit)

    show = actions.add_parser("show", help="everything about one contact: fields, notes, follow-ups",
                              description="Show one contact: its fields, events, notes and follow-ups (with their "
                                          "ids, for `netcapture followups`).")
    show.add_argument("contact", metavar="CONTACT", help="the contact's id, or a fragment matching only it")
    add_storage_options(show)
    delete = actions.add_parser("delete", help="move a contact to the Trash",
                                description="Move a contact to the Trash; `contacts restore` brings it back.")
    delete.add_argument("contact", metavar="CONTACT")
    add_storage_options(delete)
    restore = actions.add_parser("restore", help="bring a contact back from the Trash")
    restore.add_argument("contact", metavar="ID", type=int)
    add_storage_options(restore)
    trash = actions.add_parser("trash", help="list the Trash")
    add_storage_options(trash)
    empty = actions.add_parser("empty-trash", help="delete what is in the Trash for good")
    add_storage_options(empty)
    parser.set_defaults(func=run)
    return parser


def _field_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", help="full name (split into its parts automatically)")
    for option in ("title", "department", "company", "address"):
        parser.add_argument(f"--{option}")
    parser.add_argument("--email", action="append", metavar="ADDRESS", help="repeat for several")
    parser.add_argument("--phone", action="append", metavar="[KIND:]NUMBER",
                        help=f"repeat for several; KIND is one of {', '.join(PHONE_KINDS)} (default: other)")
    parser.add_argument("--website", action="append", metavar="URL", help="repeat for several")
    parser.add_argument("--relationship", help="prospect, referral partner, connector, peer or other")


def _changes(args: argparse.Namespace) -> dict:
    changes: dict = {}
    if args.name is not None:
        changes["full_name"] = args.name
    for option in ("title", "department", "company", "address", "relationship"):
        if getattr(args, option) is not None:
            changes[option] = getattr(args, option)
    if args.email is not None:
        changes["emails"] = [e for e in args.email if e.strip()]
    if args.phone is not None:
        changes["phones"] = [_phone(p) for p in args.phone if p.strip()]
    if args.website is not None:
        changes["websites"] = [w for w in args.website if w.strip()]
    return changes


def _phone(text: str) -> tuple[str, str]:
    kind, sep, number = text.partition(":")
    if sep and kind.strip().lower() in PHONE_KINDS:
        return number.strip(), kind.strip().lower()
    return text.strip(), "other"


READ_ONLY_ACTIONS = (None, "trash")  # listing the contacts or the Trash


@user_errors
def run(args: argparse.Namespace) -> int:
    # listing only reads: it works on a read-only database file or data folder
    with open_library(args, read_only=args.action in READ_ONLY_ACTIONS) as library:
        if args.action == "add":
            event = args.event or (library.current_event().id if library.current_event() else None)
            contact = library.create_contact(event=event, **_changes(args))
            print(f"Added contact {contact.id}: {contact.display_name}")
            return 0
        if args.action == "edit":
            contact = library.find_contact(args.contact)
            changes = _changes(args)
            if args.star is not None:
                changes["starred"] = args.star
            if changes:
                library.update_contact(contact.id, **changes)
            if args.add_event:
                library.add_contact_to_event(contact.id, args.add_event)
            if args.remove_event:
                library.remove_contact_from_event(contact.id, args.remove_event)
            print(f"Updated contact {contact.id}: {library.get_contact(contact.id).display_name}")
            return 0
        if args.action == "show":
            print(contact_text(library.get_contact(library.find_contact(args.contact).id)))
            return 0
        if args.action == "delete":
            contact = library.find_contact(args.contact)
            library.delete_contact(contact.id)
            print(f"Moved {contact.display_name} (id {contact.id}) to the Trash; "
                  f"`netcapture contacts restore {contact.id}` brings it back.")
            return 0
        if args.action == "restore":
            contact = library.restore_contact(args.contact)
            print(f"Restored {contact.display_name} (id {contact.id}).")
            return 0
        if args.action == "trash":
            items = library.trash()
            for item in items:
                print(f"{item.kind:<8} {item.id:>6}  {item.name:<40.40}  deleted {item.deleted_at:%Y-%m-%d %H:%M}")
            print(f"{len(items)} item(s) in the Trash")
            return 0
        if args.action == "empty-trash":
            contacts, events = library.empty_trash()
            print(f"Deleted {contacts} contact(s) and {events} event(s) for good.")
            return 0
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


def contact_text(c) -> str:
    from netcapture.exchange import note_text
    from netcapture.followups import OUTCOMES

    lines = [f"{c.display_name}  (id {c.id})" + ("  ★" if c.starred else "") + ("  [in the Trash]" if c.deleted_at else "")]
    role = ", ".join(x for x in (c.title, c.department, c.company) if x)
    if role:
        lines.append(f"  {role}")
    lines.append(f"  relationship: {c.relationship}" + (f"; met at {', '.join(e.name for e in c.events)}"
                                                         if c.events else ""))
    lines += [f"  email: {e.address}" for e in c.emails]
    lines += [f"  {p.kind}: {p.number}" + (f" ext. {p.extension}" if p.extension else "") for p in c.phones]
    lines += [f"  web: {w}" for w in c.websites or []]
    if c.address:
        lines.append("  address: " + c.address.replace("\n", ", "))
    notes = note_text(c.notes)
    lines.append("Notes:" if notes else "Notes: none yet")
    lines += [f"  {line}" for line in notes.splitlines() if line.strip()]
    if c.follow_ups:
        lines.append("Follow-ups:")
    for f in c.follow_ups:
        state = ("done" + (f" ({OUTCOMES.get(f.outcome_kind, f.outcome_kind)})" if f.outcome_kind else "")
                 if f.done else "open")
        what = f.summary if f.kind == "follow-up" else f"{f.kind}: {f.summary} ({f.intro_status})"
        lines.append(f"  {f.id:>5}  {f.due.isoformat()}  {state}" + (f"  {what}" if what else ""))
    return "\n".join(lines)


def as_dict(c) -> dict:
    return {
        "id": c.id, "uid": c.uid, "name": c.display_name, "given": c.given_name, "family": c.family_name,
        "title": c.title, "department": c.department, "company": c.company,
        "emails": [e.address for e in c.emails],
        "phones": [{"number": p.number, "e164": p.e164, "kind": p.kind, "extension": p.extension}
                   for p in c.phones],
        "websites": c.websites, "address": c.address, "social": c.social, "relationship": c.relationship,
        "events": [e.name for e in c.events],
        "follow_ups": [{"id": f.id, "due": f.due.isoformat(), "done": f.done, "kind": f.kind} for f in c.follow_ups],
        "notes": len(c.notes),
    }

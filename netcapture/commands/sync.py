"""`netcapture sync`: contacts to and from a CardDAV address book (Nextcloud, iCloud, Fastmail...)."""
from __future__ import annotations

import argparse
import getpass
import sys

from netcapture.commands._library import add_storage_options, open_library, user_errors


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "sync", help="sync contacts with a CardDAV address book",
        description="Push new and changed contacts to the address book chosen with `sync setup`, pull back "
                    "changes made on the phone, and report conflicts instead of overwriting. The app connects "
                    "to the network only here.")
    parser.add_argument("--event", metavar="NAME", help="only the contacts met at this event (all of them)")
    parser.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    parser.add_argument("--take", choices=("here", "server"), help="settle conflicts with this side's card")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="sync_action", metavar="ACTION")
    setup = actions.add_parser("setup", help="choose the server and address book; keep the password in the keyring")
    setup.add_argument("url", metavar="URL-OR-EMAIL",
                       help="the server (https://cloud.example.org) or just your e-mail address")
    setup.add_argument("--user", required=True)
    setup.add_argument("--password-stdin", action="store_true", help="read the (app) password from standard input")
    setup.add_argument("--address-book", metavar="NAME", help="which address book, when the server has several")
    add_storage_options(setup)
    setup.set_defaults(func=run_setup)
    policy = actions.add_parser("policy", help="sync one contact never, once or always (the default)")
    policy.add_argument("contact_id", type=int)
    policy.add_argument("policy", choices=("never", "once", "always"))
    add_storage_options(policy)
    policy.set_defaults(func=run_policy)
    return parser


@user_errors
def run_setup(args: argparse.Namespace) -> int:
    from netcapture.sync.engine import setup

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass("Password: ")
    with open_library(args) as library:
        book = setup(library.db, args.url, args.user, password, args.address_book)
    print(f"Syncing with the address book {book.name!r} ({book.url}). Run `netcapture sync` to sync.")
    return 0


@user_errors
def run_policy(args: argparse.Namespace) -> int:
    from netcapture.sync.engine import set_policy

    with open_library(args) as library:
        set_policy(library.db, args.contact_id, args.policy)
    return 0


@user_errors
def run(args: argparse.Namespace) -> int:
    from netcapture.sync.engine import sync

    with open_library(args) as library:
        event_id = library.get_event(args.event).id if args.event else None
        report = sync(library.db, event_id=event_id, dry_run=args.dry_run, take=args.take)
    verb = "would be " if report.dry_run else ""
    for label, names in (("created", report.created), ("updated", report.updated), ("pulled", report.pulled),
                         ("deleted on the server (not created again)", report.deleted)):
        print(f"{len(names)} {verb}{label}" + (": " + ", ".join(names) if names else ""))
    print(f"{len(report.conflicts)} conflict(s)")
    for message in report.conflicts:
        print(f"  {message}")
    return 1 if report.conflicts else 0

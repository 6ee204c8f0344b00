"""`netcapture scan PATH... --event NAME`: capture photos, scans and PDFs into contacts."""
from __future__ import annotations

import argparse
import sys

from netcapture.commands._library import ProgressBar, add_storage_options, open_library, user_errors


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "scan", help="read business cards from photos, scans and PDFs into contacts",
        description="Store and read every card in the given files and folders (searched recursively). "
                    "Each original is kept in the data directory before it is read, so running the same "
                    "command again skips what is done and continues with the rest.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="image or PDF files, or folders")
    parser.add_argument("--event", metavar="NAME",
                        help="the event where the cards were collected (created if new; default: the "
                             "current event)")
    parser.add_argument("--resume", action="store_true",
                        help="also read every earlier capture left unread or failed")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    if not args.paths and not args.resume:
        print("netcapture scan: give at least one file or folder (or --resume).", file=sys.stderr)
        return 2
    with open_library(args) as library:
        results = []
        if args.resume:
            results += library.resume_pending(progress=ProgressBar("Resuming")).results
        if args.paths:
            results += library.scan(args.paths, event=args.event, progress=ProgressBar("Reading")).results
        pairs = [d for r in results for d in r.duplicates]
        names = library.display_names({i for d in pairs for i in (d.keep_id, d.other_id)})
    read = [r for r in results if r.status == "read"]
    skipped = [r for r in results if r.status == "skipped"]
    failed = [r for r in results if not r.ok]
    contacts = sum(len(r.contact_ids) for r in read)
    print(f"{len(read)} file(s) read, {contacts} contact(s) added or updated"
          + (f", {len(skipped)} already done" if skipped else "")
          + (f", {len(failed)} failed" if failed else "") + ".")
    for r in results:
        for note in r.notes:  # e.g. areas of print on a scanner page not read as cards
            print(f"  {r.source}: {note}")
    duplicates = [d for r in read for d in r.duplicates]
    if duplicates:
        print("Possible duplicates (merge them in the app):")
        for d in duplicates:
            print(f"  {names.get(d.keep_id, d.keep_id)}  <->  {names.get(d.other_id, d.other_id)}: {d.reason}")
    if failed:
        print("Failed:", file=sys.stderr)
        for r in failed:
            print(f"  {r.source}: {r.error}", file=sys.stderr)
        return 1
    return 0

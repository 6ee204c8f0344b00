"""`netcapture export`: contacts to vCard or CSV, follow-ups to iCalendar."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.errors import InvalidInputError
from netcapture.services import EXPORT_FORMATS


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export", help="export contacts (vCard, CSV) or follow-ups (iCalendar)",
        description="vcard3 suits Google Contacts, Apple Contacts and Outlook; vcard4 is the newer "
                    "standard; csv-google and csv-outlook match their import layouts; ics writes the "
                    "open follow-ups as calendar entries with a reminder.")
    parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    parser.add_argument("--event", metavar="NAME", help="only contacts met at this event")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="FILE", help="file to write ('-' for standard output)")
    target.add_argument("--per-contact", metavar="DIR", help="write one .vcf file per contact into DIR")
    parser.add_argument("--photos", action="store_true", help="include the card image as the contact photo")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    with open_library(args, read_only=True) as library:
        if args.per_contact:
            paths = library.export_per_contact(args.format, args.per_contact, event=args.event,
                                               include_photo=args.photos)
            print(f"Wrote {len(paths)} file(s) to {args.per_contact}", file=sys.stderr)
            return 0
        if args.output == "-":
            count = library.export(args.format, sys.stdout, event=args.event, include_photo=args.photos)
        else:
            count = _export_to_file(library, args, Path(args.output))
    what = "follow-up(s)" if args.format == "ics" else "contact(s)"
    print(f"Exported {count} {what}" + (f" to {args.output}" if args.output != "-" else ""), file=sys.stderr)
    return 0


def _export_to_file(library, args: argparse.Namespace, path: Path) -> int:
    """Write to a temporary file and rename it, so a failed export never leaves half a file."""
    if path.is_dir():
        raise InvalidInputError(f"{path} is a folder; give a file name, or use --per-contact for one file each.")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInputError(f"The folder {directory} does not exist.")
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = library.export(args.format, handle, event=args.event, include_photo=args.photos)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count

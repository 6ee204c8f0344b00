"""`netcapture export`: contacts to vCard or CSV, follow-ups to iCalendar."""
from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.errors import DiskFullError, ExportTargetError, InvalidInputError
from netcapture.exports.formats import EXPORT_FORMATS
from netcapture.exports.streams import whole_file


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
    target = args.per_contact or args.output
    shown = "standard output" if target == "-" else target
    try:
        with open_library(args, read_only=True) as library:
            if args.per_contact:
                paths = library.export_per_contact(args.format, args.per_contact, event=args.event,
                                                   include_photo=args.photos)
                print(f"Wrote {len(paths)} file(s) to {args.per_contact}", file=sys.stderr)
                return 0
            if args.output == "-":
                count = library.export(args.format, sys.stdout, event=args.event, include_photo=args.photos)
                sys.stdout.flush()  # a full disk behind a redirect shows here
            else:
                count = _export_to_file(library, args, Path(args.output))
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the CLI stops quietly
    except OSError as exc:
        if target == "-":  # what went out before the error is out: no promise about it
            raise ExportTargetError(shown, exc.strerror or str(exc), whole=False) from None
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError(shown) from None
        raise ExportTargetError(shown, exc.strerror or str(exc)) from None
    what = "follow-up(s)" if args.format == "ics" else "contact(s)"
    print(f"Exported {count} {what}" + (f" to {args.output}" if args.output != "-" else ""), file=sys.stderr)
    return 0


def _export_to_file(library, args: argparse.Namespace, path: Path) -> int:
    """Written whole or not at all (exports.streams.whole_file): a full disk or a killed export
    never leaves half a file, and the previous file of that name stays as it was."""
    if path.is_dir():
        raise InvalidInputError(f"{path} is a folder; give a file name, or use --per-contact for one file each.")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInputError(f"The folder {directory} does not exist.")
    with whole_file(path) as handle:
        return library.export(args.format, handle, event=args.event, include_photo=args.photos)

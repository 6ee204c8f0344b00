"""`netcapture import FILE.vcf`: contacts from a phone or another app."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netcapture.commands._library import ProgressBar, add_storage_options, open_library, user_errors
from netcapture.errors import InvalidInputError


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import", help="import contacts from a .vcf (vCard) file or the app's Google/Outlook CSV",
        description="Import every card in a .vcf file (vCard 2.1, 3.0 or 4.0), or every row of a Google or "
                    "Outlook CSV file written by `netcapture export`. A card exported by NetCapture before "
                    "(same UID) updates that contact; the others become new contacts. Cards that cannot be "
                    "read are listed and skipped; the import is all or nothing.")
    parser.add_argument("file", metavar="FILE.vcf|FILE.csv")
    parser.add_argument("--event", metavar="NAME", help="also mark the imported contacts as met at this event")
    add_storage_options(parser)
    parser.set_defaults(func=run)
    return parser


@user_errors
def run(args: argparse.Namespace) -> int:
    from ocr.errors import ReaderError
    from ocr.load import read_file

    try:  # a regular file only, opened without blocking (a FIFO is refused, not waited on)
        data = read_file(Path(args.file))
    except ReaderError as exc:
        raise InvalidInputError(f"Cannot open {args.file}: {exc}") from None
    total = data.upper().count(b"BEGIN:VCARD")
    bar, shown = ProgressBar("Importing"), [0]

    def progress(done: int) -> None:
        shown[0] = min(done, total)
        bar(shown[0], total)

    with open_library(args) as library:
        result = library.import_vcards(data, event=args.event, progress=progress)
        if shown[0] < total:  # cards skipped as unreadable: finish the bar
            bar(total, total)
        names = library.display_names({i for d in result.duplicates for i in (d.keep_id, d.other_id)})
    print(f"Imported {len(result.created)} new contact(s), updated {len(result.updated)}"
          + (f", skipped {len(result.skipped)} card(s)" if result.skipped else "") + ".")
    for d in result.duplicates:
        print(f"  possible duplicate: {names.get(d.keep_id, d.keep_id)} <-> {names.get(d.other_id, d.other_id)}"
              f" ({d.reason})")
    for message in result.skipped + result.warnings:
        print(f"  {message}", file=sys.stderr)
    return 1 if result.skipped and not (result.created or result.updated) else 0

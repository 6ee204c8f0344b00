"""`netcapture` command line (sub-commands). The bare `netcapture` entry point lives in ui.launch,
which opens the desktop app when no command is given: the layers go one way, ui -> netcapture."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# Each sub-command lives in netcapture/commands/<name>.py and exposes
# register(subparsers) -> parser whose defaults carry func=run(args) -> exit status.
COMMANDS = ("read", "scan", "events", "contacts", "notes", "followups", "export", "import", "sync")


def build_parser() -> argparse.ArgumentParser:
    from netcapture import __version__

    parser = argparse.ArgumentParser(
        prog="netcapture",
        description="Turn business cards into contacts worth following up. "
        "Run without a command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"netcapture {__version__}")
    parser.add_argument("--install-desktop", action="store_true",
                        help="add NetCapture to your application menu (desktop file, icon, AppStream metainfo)")
    from netcapture.commands._library import add_storage_options

    add_storage_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module_name = "import_" if name == "import" else name
        importlib.import_module(f"netcapture.commands.{module_name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop:
        from netcapture.desktop import install_desktop

        for path in install_desktop():
            print(f"Installed {path}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (`netcapture read --json | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command stopped this way


if __name__ == "__main__":
    sys.exit(main())

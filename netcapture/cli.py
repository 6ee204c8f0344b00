"""`netcapture` command line (sub-commands). The bare `netcapture` entry point lives in ui.launch,
which opens the desktop app when no command is given: the layers go one way, ui -> netcapture."""
from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import os
import sys

# Each sub-command lives in netcapture/commands/<name>.py and exposes
# register(subparsers) -> parser whose defaults carry func=run(args) -> exit status.
# Only the command being run is imported (its module may load the database layer or the reader);
# the others are listed in `--help` with the summary from their module's docstring.
COMMANDS = ("read", "scan", "events", "contacts", "notes", "followups", "export", "import", "sync")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with ``command`` registered in full (None: every command, as for the docs)."""
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
        if command is None or name == command:
            importlib.import_module(_module_name(name)).register(sub)
        else:
            sub.add_parser(name, help=command_summary(name), add_help=False)
    return parser


def chosen_command(argv: list[str]) -> str | None:
    """The sub-command named on the command line (after any global options and their values)."""
    options = build_parser(command="")._option_string_actions
    takes_value = False
    for arg in argv:
        if takes_value:
            takes_value = False
        elif arg.startswith("-"):
            action = options.get(arg)
            takes_value = action is not None and action.nargs != 0 and "=" not in arg
        else:
            return arg if arg in COMMANDS else None
    return None


def command_summary(name: str) -> str:
    """What a command does, from its module's docstring ("`netcapture read PATH...`: read ...")
    without importing it."""
    spec = importlib.util.find_spec(_module_name(name))
    with open(spec.origin, encoding="utf-8") as f:
        doc = ast.get_docstring(ast.parse(f.read())) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    return first.split("`: ", 1)[-1].rstrip(".")


def _module_name(name: str) -> str:
    return f"netcapture.commands.{'import_' if name == 'import' else name}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(chosen_command(argv) or "")
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

"""The `netcapture` entry point: a command runs the CLI, no command opens the app.

Qt is imported only when the GUI is wanted, so `netcapture read` starts fast.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    files = opened_files(argv)
    storage = storage_options(argv)
    if argv and not files and storage is None:
        from netcapture.cli import main as cli_main

        return cli_main(argv)
    if not _display_available():
        print("netcapture: no display to open the desktop app on. Use a command instead, e.g. "
              "`netcapture scan FOLDER`, `netcapture contacts` or `netcapture read FILE` "
              "(`netcapture --help` lists them).", file=sys.stderr)
        return 2
    try:
        from ui.app import main as app_main
    except ImportError as exc:
        print(f"The desktop app cannot start: {exc}", file=sys.stderr)
        return 1
    return app_main(open_files=files or None, **(storage or {}))


def opened_files(argv: list[str]) -> list[Path]:
    """The files given by "Open with NetCapture" (the desktop file's %F): every argument an
    existing file, none a command or an option."""
    from netcapture.cli import COMMANDS

    if not argv or any(a.startswith("-") or a in COMMANDS for a in argv):
        return []
    paths = [Path(a) for a in argv]
    return paths if all(p.is_file() for p in paths) else []


def storage_options(argv: list[str]) -> dict[str, str | None] | None:
    """`netcapture --data-dir DIR` / `--database URL` with no command: the app opens on that data
    folder or database ({"data_dir", "database_url"}); None when the arguments are anything else."""
    import contextlib
    import io

    from netcapture.cli import build_parser

    if not argv or any(a in ("-h", "--help", "--version") for a in argv):
        return None
    try:  # a bad value is the CLI's to report (it prints usage): not printed twice
        with contextlib.redirect_stderr(io.StringIO()):
            args, extra = build_parser("").parse_known_args(argv)
    except SystemExit:
        return None
    if extra or args.command or args.install_desktop or not (args.data_dir or args.database):
        return None
    return {"data_dir": args.data_dir, "database_url": args.database}


def _display_available() -> bool:
    """On Linux and BSD a GUI needs X11 or Wayland (or an explicit Qt platform such as offscreen);
    without one Qt aborts the process (exit 134) instead of saying why."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    import os

    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


if __name__ == "__main__":
    sys.exit(main())

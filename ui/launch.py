"""The `netcapture` entry point: a command runs the CLI, no command opens the app.

Qt is imported only when the GUI is wanted, so `netcapture read` starts fast.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    files = opened_files(argv)
    if argv and not files:
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
    return app_main(open_files=files) if files else app_main()


def opened_files(argv: list[str]) -> list[Path]:
    """The files given by "Open with NetCapture" (the desktop file's %F): every argument an
    existing file, none a command or an option."""
    from netcapture.cli import COMMANDS

    if not argv or any(a.startswith("-") or a in COMMANDS for a in argv):
        return []
    paths = [Path(a) for a in argv]
    return paths if all(p.is_file() for p in paths) else []


def _display_available() -> bool:
    """On Linux and BSD a GUI needs X11 or Wayland (or an explicit Qt platform such as offscreen);
    without one Qt aborts the process (exit 134) instead of saying why."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    import os

    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


if __name__ == "__main__":
    sys.exit(main())

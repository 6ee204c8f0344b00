"""The `netcapture` entry point: a command runs the CLI, no command opens the app.

Qt is imported only when the GUI is wanted, so `netcapture read` starts fast.
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
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
    return app_main()


def _display_available() -> bool:
    """On Linux and BSD a GUI needs X11 or Wayland (or an explicit Qt platform such as offscreen);
    without one Qt aborts the process (exit 134) instead of saying why."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    import os

    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


if __name__ == "__main__":
    sys.exit(main())

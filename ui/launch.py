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
    try:
        from ui.app import main as app_main
    except ImportError as exc:
        print(f"The desktop app cannot start: {exc}", file=sys.stderr)
        return 1
    return app_main()


if __name__ == "__main__":
    sys.exit(main())

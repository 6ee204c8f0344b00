"""What the storage commands share: the --database/--data-dir options, opening the library,
turning user errors into a message and an exit status, and a progress bar on stderr."""
from __future__ import annotations

import argparse
import functools
import shutil
import sys
import time
from collections.abc import Callable

from netcapture.config import ENV_DATA_DIR, ENV_DATABASE_URL, Config
from netcapture.errors import NetCaptureError
from ocr.errors import ReaderError

EXIT_USER_ERROR = 2


def add_storage_options(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """--database and --data-dir, accepted before or after the command name."""
    default = None if top_level else argparse.SUPPRESS
    parser.add_argument("--database", metavar="URL", default=default,
                        help=f"SQLAlchemy database URL (default: ${ENV_DATABASE_URL}, else a SQLite "
                             f"file in the data directory)")
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help=f"folder for the database and card images (default: ${ENV_DATA_DIR}, "
                             f"else the user data folder)")


def config_from_args(args: argparse.Namespace) -> Config:
    return Config.load(data_dir=getattr(args, "data_dir", None), database_url=getattr(args, "database", None))


def open_library(args: argparse.Namespace, reader=None, read_only: bool = False):
    """``read_only``: for commands that only read (contacts, export): they work on a read-only
    database file or data folder."""
    from netcapture.services import Library

    return Library.open(config_from_args(args), reader=reader, read_only=read_only)


def user_errors(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Show errors a user can cause as one clear line, not a stack trace."""

    @functools.wraps(run)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (NetCaptureError, ReaderError) as exc:
            print(f"netcapture: {exc}", file=sys.stderr)
            return EXIT_USER_ERROR

    return wrapper


class ProgressBar:
    """A one-line progress bar on stderr; plain lines when stderr is not a terminal."""

    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self._last_logged = -1

    def __call__(self, done: int, total: int, current: str = "") -> None:
        if total <= 0:
            return
        if self.tty:
            width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
            filled = int(width * done / total)
            name = current.rsplit("/", 1)[-1][:24]
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<24}")
            if done >= total:
                self.stream.write(f"\r{self.label} [{'#' * width}] {total}/{total} in "
                                  f"{time.monotonic() - self.started:.1f}s{' ' * 20}\n")
            self.stream.flush()
        else:
            percent = done * 100 // total
            if done >= total or percent // 10 > self._last_logged:
                self._last_logged = percent // 10
                self.stream.write(f"{self.label}: {done}/{total}\n")
                self.stream.flush()

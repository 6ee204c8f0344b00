"""Writing export text: to whatever stream the caller opened, or to a file that appears whole or
not at all.

A file export is written to a hidden ``.NAME.<pid>.<random>.part`` beside the target and renamed
into place when complete, so a full disk or a killed export never leaves half a file (or an
empty one). Parts left behind by a process that no longer runs (killed with -9, a power cut)
are removed by the next export into the same folder.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

_PART_RE = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")
_STALE_AFTER = 24 * 3600  # seconds; where we can't ask whether the writing process still runs


def text_writer(stream: IO) -> Callable[[str], object]:
    """A function writing str: as is to a text stream, as UTF-8 to a binary one."""
    if isinstance(stream, io.TextIOBase):
        return stream.write
    return lambda text: stream.write(text.encode("utf-8"))


@contextlib.contextmanager
def whole_file(path: str | os.PathLike[str], overwrite: bool = True) -> Iterator[IO[str]]:
    """A text stream whose content becomes ``path`` only when the block ends without error.

    ``overwrite=False``: an existing ``path`` is never replaced (FileExistsError instead)."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    remove_stale_parts(directory)
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.{os.getpid()}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())  # a full disk shows here, before the rename, not after
        if overwrite:
            os.replace(tmp_name, path)
        else:
            _rename_new(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _rename_new(tmp_name: str, path: Path) -> None:
    try:
        os.link(tmp_name, path)  # fails if path exists: never replaces a file
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares)
        if path.exists():
            raise FileExistsError(f"{path} exists") from None
        os.rename(tmp_name, path)
        return
    os.unlink(tmp_name)


def remove_stale_parts(directory: Path) -> list[Path]:
    """Delete ``.part`` files of exports whose process is gone; returns what was removed."""
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        m = _PART_RE.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False) or _writer_alive(int(m.group(1)), entry):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _writer_alive(pid: int, entry: os.DirEntry) -> bool:
    if os.name == "posix":
        if pid == os.getpid():
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # someone else's running process
        return True
    try:
        return time.time() - entry.stat().st_mtime < _STALE_AFTER
    except OSError:
        return True

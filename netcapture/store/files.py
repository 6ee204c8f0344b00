"""Files in the data directory, stored by the SHA-256 of their content.

Writes go to a temporary file next to the target, are flushed to disk and then renamed, so a
crash or a full disk never leaves a half-written image under its final name. Files are
readable by the user only.
"""
from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

from netcapture.errors import DiskFullError, StorageError


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_path(root: Path, sha256: str, suffix: str) -> Path:
    return root / sha256[:2] / f"{sha256}{suffix}"


def store_bytes(root: Path, data: bytes, suffix: str) -> tuple[str, Path]:
    """Store ``data`` under ``root`` by content; storing the same bytes again is a no-op."""
    digest = sha256_of(data)
    target = content_path(root, digest, suffix)
    if target.exists() and target.stat().st_size == len(data):
        return digest, target
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, 0o600)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFullError(str(root)) from exc
        raise StorageError(f"Cannot store a file in {root}: {exc.strerror or exc}") from exc
    return digest, target


def normalised_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {".jpeg": ".jpg", ".tif": ".tiff", ".heif": ".heic"}.get(suffix, suffix)[:16]


def photo_path(cards_dir: Path, sha256: str) -> Path:
    """Where a contact's own (imported) photo is kept: beside the card images, by content."""
    return cards_dir.parent / "photos" / sha256[:2] / f"{sha256}.img"


def store_photo(cards_dir: Path, photo: bytes) -> str | None:
    """Keep an imported contact photo (made small enough for every address book); its SHA-256,
    or None when it is not an image."""
    from netcapture.exports.photos import compact_photo

    compact = compact_photo(photo)
    if compact is None:
        return None
    digest, _path = store_bytes(cards_dir.parent / "photos", compact[0], ".img")
    return digest

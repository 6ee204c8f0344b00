"""Errors a user can cause in the contact store, each with a message written for a person.

The CLI and the GUI show ``str(error)``; tests assert on the type. Reader errors (bad image
files, Tesseract missing) live in :mod:`ocr.errors`.
"""
from __future__ import annotations


class NetCaptureError(Exception):
    """Base class for every storage or usage error shown to the user."""


class StorageError(NetCaptureError):
    """The database or the data directory cannot be used."""


class DataDirError(StorageError):
    """The data directory cannot be created or written."""


class DatabaseCorruptError(StorageError):
    """The database file is damaged or is not a database at all. It is left untouched."""

    def __init__(self, where: str, detail: str = ""):
        super().__init__(
            f"The database {where} is damaged or is not a NetCapture database"
            f"{' (' + detail + ')' if detail else ''}. It was left untouched: restore a backup, "
            f"or start a new one with --database or NETCAPTURE_DATABASE_URL."
        )


class ForeignDatabaseError(StorageError):
    """The database holds tables that NetCapture did not create."""

    def __init__(self, where: str):
        super().__init__(
            f"The database {where} already holds tables that NetCapture did not create. "
            f"It was left untouched: choose an empty database or a new file."
        )


class DatabaseTooNewError(StorageError):
    """The database was written by a newer NetCapture; we must not touch it."""

    def __init__(self, where: str, revision: str):
        super().__init__(
            f"The database {where} was made by a newer version of NetCapture (schema {revision}). "
            f"It was left untouched: update NetCapture to open it."
        )


class DatabaseLockedError(StorageError):
    """Another program kept the database busy for longer than the lock timeout."""

    def __init__(self, where: str, timeout: float):
        super().__init__(
            f"The database {where} stayed locked by another program for {timeout:g} seconds. "
            f"Close other NetCapture windows or commands using it and try again."
        )


class DatabaseReadOnlyError(StorageError):
    """The database can be read but not written (file or folder permissions, a read-only disk)."""

    def __init__(self, where: str, detail: str):
        super().__init__(f"The database {where} cannot be written: {detail}.")


class DatabaseUrlError(StorageError):
    """The database URL given by --database or NETCAPTURE_DATABASE_URL cannot be used."""

    def __init__(self, url: str, detail: str):
        super().__init__(
            f"{url!r} is not a database URL NetCapture can use ({detail.strip().splitlines()[0]}). Give "
            f"--database or NETCAPTURE_DATABASE_URL as sqlite:////path/to/netcapture.sqlite3 or "
            f"postgresql://user@host/dbname."
        )


class DiskFullError(StorageError):
    """The disk holding the database or the card images is full."""

    def __init__(self, where: str):
        super().__init__(
            f"The disk is full while writing to {where}. Nothing was half-written: "
            f"free some space and run the same command again."
        )


class DatabaseUnavailableError(StorageError):
    """The database server cannot be reached or refused the connection."""

    def __init__(self, where: str, detail: str):
        super().__init__(f"Cannot connect to the database {where}: {detail}")


class ExportTargetError(NetCaptureError):
    """An export cannot be written where it was asked to go."""

    def __init__(self, where: str, detail: str, whole: bool = True):
        super().__init__(f"Cannot write {where}: {detail}." + (" Nothing was half-written." if whole else ""))


class NotFoundError(NetCaptureError):
    """A named event, contact or note does not exist."""


class EventNotFoundError(NotFoundError):
    def __init__(self, name: str):
        super().__init__(f"There is no event called {name!r}. List them with `netcapture events`.")
        self.name = name


class ContactNotFoundError(NotFoundError):
    def __init__(self, contact_id: object):
        super().__init__(f"There is no contact with id {contact_id}.")
        self.contact_id = contact_id


class InvalidInputError(NetCaptureError):
    """A value given by the user cannot be used (empty event name, bad date, ...)."""


class ImportFormatError(NetCaptureError):
    """A file to import is not in a format we can read."""

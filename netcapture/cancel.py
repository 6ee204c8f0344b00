"""Stopping a batch from another thread, without the database layer (the GUI makes one per import)."""
from __future__ import annotations

import threading


class CancelToken:
    """Cancel a batch from another thread (a Cancel button): the file being read is finished
    and filed, the rest are left untouched (a later scan picks them up)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()

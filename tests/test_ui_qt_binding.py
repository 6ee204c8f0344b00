"""Guards the PySide6 pin in pyproject.toml: 6.12.0 dropped a reference to True/False on every bool
signal emitted from Python, which aborted the test process (and the app) at interpreter exit."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_bool_signals_keep_their_references(qapp):
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.flag.emit(True)
    assert len(received) == 1000
    # each received True holds one reference; a leaky binding leaves the count where it was
    assert sys.getrefcount(True) - before >= len(received)

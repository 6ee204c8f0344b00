"""A background task queue: slow work (reading cards, exports, imports) never runs on the GUI thread.

Results and errors come back as signals delivered on the GUI thread.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Task(QRunnable):
    """Runs the queue's job ``task_id`` on a pool thread. The job (its function, and whatever Qt
    objects that captures) stays in the queue and is let go on the GUI thread: a Qt object whose
    last reference dies on a pool thread is torn down there, and PySide can deadlock doing it (it
    waits for the GIL while holding a lock the GUI thread wants)."""

    def __init__(self, queue: TaskQueue, task_id: int):
        super().__init__()
        self._queue, self._id = queue, task_id

    def run(self) -> None:
        try:
            result = self._call()
        except Exception as exc:  # reported to the GUI, which shows the message
            if not _is_user_error(exc):
                log.exception("Background task failed")
            _drop_tracebacks(exc)
            self._deliver("_failed", exc)
        else:
            self._deliver("_finished", result)

    def _deliver(self, signal: str, value: object) -> None:
        try:
            getattr(self._queue, signal).emit(self._id, value)
        except RuntimeError:  # the queue was deleted: the app is quitting and nobody waits for this
            log.debug("Background task %s ended after its queue was deleted", self._id)

    def _call(self) -> Any:
        fn, args, kwargs = self._queue._jobs[self._id]
        return fn(*args, **kwargs)  # the job's references on this thread end with this frame


def _drop_tracebacks(exc: BaseException) -> None:
    """Cut the tracebacks off an exception and its causes once it is logged. A frame keeps its
    function, and so the job's closure, even when its locals are cleared: the exception crosses to
    the GUI thread, and the pool thread's last reference to it must not be the job's last one."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        if exc.__cause__ is not None:
            _drop_tracebacks(exc.__cause__)
        exc = exc.__context__


def _is_user_error(exc: Exception) -> bool:
    """Errors with a message written for a person (bad files, no Tesseract) are not bugs to log."""
    module = type(exc).__module__
    return module.startswith(("ocr.errors", "netcapture.errors"))


class TaskQueue(QObject):
    """finished(task_id, result) / failed(task_id, exception) arrive on the GUI thread."""

    finished = Signal(int, object)
    failed = Signal(int, object)
    pendingChanged = Signal(int)
    _finished = Signal(int, object)
    _failed = Signal(int, object)

    def __init__(self, max_threads: int = 1, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: set[int] = set()
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._jobs: dict[int, tuple[Callable[..., Any], tuple, dict]] = {}  # let go on the GUI thread
        self._finished.connect(self._on_finished)
        self._failed.connect(self._on_failed)

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
        task_id = next(self._ids)
        self._pending.add(task_id)
        self.pendingChanged.emit(len(self._pending))
        self._jobs[task_id] = (fn, args, kwargs)
        self._pool.start(_Task(self, task_id))
        return task_id

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None,
            failed: Callable[[Exception], None] | None = None) -> int:
        """submit(fn), then done(result) or failed(exception) on the GUI thread for this task."""
        task_id = self.submit(fn)
        self._callbacks[task_id] = (done, failed)
        return task_id

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (for shutdown and tests); queued signals still need the loop."""
        return self._pool.waitForDone(msecs)

    def _on_finished(self, task_id: int, result: object) -> None:
        self._jobs.pop(task_id, None)
        self._pending.discard(task_id)
        done, _failed = self._callbacks.pop(task_id, (None, None))
        self.pendingChanged.emit(len(self._pending))
        if done is not None:
            done(result)
        self.finished.emit(task_id, result)

    def _on_failed(self, task_id: int, exc: object) -> None:
        self._jobs.pop(task_id, None)
        self._pending.discard(task_id)
        _done, failed = self._callbacks.pop(task_id, (None, None))
        self.pendingChanged.emit(len(self._pending))
        if failed is not None:
            failed(exc)
        self.failed.emit(task_id, exc)

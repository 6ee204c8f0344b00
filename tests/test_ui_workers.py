"""The background task queue: jobs run off the GUI thread, and what they hold is let go on it."""
from __future__ import annotations

import io
import logging
import threading

from ui.workers import TaskQueue


def test_a_jobs_captured_objects_are_let_go_on_the_gui_thread(qtbot):
    # a Qt object torn down on a pool thread can deadlock PySide: nothing a job holds may die there
    queue = TaskQueue()
    on_gui_thread = []

    class Captured:
        def __del__(self):
            on_gui_thread.append(threading.current_thread() is threading.main_thread())

    def submit():
        held = Captured()
        queue.run(lambda: held is not None)

    with qtbot.waitSignal(queue.finished, timeout=10000):
        submit()
    queue.wait()
    qtbot.waitUntil(lambda: bool(on_gui_thread), timeout=5000)
    assert on_gui_thread == [True]



def test_a_failing_jobs_captured_objects_are_let_go_on_the_gui_thread(qtbot):
    # a traceback's frames keep the job's function and its closure alive, even when cleared
    queue = TaskQueue()
    on_gui_thread, messages = [], []

    class Captured:
        def __del__(self):
            on_gui_thread.append(threading.current_thread() is threading.main_thread())

    def submit():
        held = Captured()

        def job():
            raise RuntimeError(f"bug while holding {type(held).__name__}")

        queue.run(job, failed=lambda exc: messages.append(str(exc)))

    # the app's log handlers write a record and let it go; pytest's log capture would keep it
    logger = logging.getLogger("ui.workers")
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with qtbot.waitSignal(queue.failed, timeout=10000):
            submit()
        queue.wait()
        qtbot.waitUntil(lambda: bool(on_gui_thread), timeout=5000)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert on_gui_thread == [True]
    assert messages == ["bug while holding Captured"]
    assert "Traceback" in written.getvalue() and "RuntimeError" in written.getvalue()  # logged in full first

"""The background task queue: jobs run off the GUI thread, and what they hold is let go on it."""
from __future__ import annotations

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


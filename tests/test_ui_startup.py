"""The desktop app paints its first window before the database layer is loaded (SQLAlchemy and
the store, ~0.7 s of CPU) and opens the database on a worker after that paint; the window then
fills in, and a database that cannot be used is still told and ends the app."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from netcapture.desk import Desk
from netcapture.errors import DatabaseTooNewError, StorageError

REPO = Path(__file__).resolve().parents[1]

# As `netcapture` opens the app (ui.app.start_window), on a data folder with a current event.
FIRST_PAINT_PROBE = """
import sys
from PySide6.QtCore import QSettings
from ui.app import create_application, start_window
app = create_application([])
from netcapture.config import Config
config = Config.load(data_dir=sys.argv[1])
window = start_window(config, QSettings(sys.argv[1] + "/settings.ini", QSettings.Format.IniFormat))
app.processEvents()
window.grab()
print("PAINTED", " ".join(sorted({m.split('.')[0] for m in sys.modules})), flush=True)
while window.lookups.pending() or window.writes.pending():
    app.processEvents()
    window.lookups.wait(10)
    window.writes.wait(10)
app.processEvents()
print("READY", window.event_label.text(), flush=True)
window.desk.close()
"""


def test_the_first_window_is_painted_before_the_database_layer_loads(config):
    pytest.importorskip("PySide6")
    desk = Desk.open(config)
    desk.set_current_event(desk.create_event("Harbour Lights Mixer"))
    desk.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config.data_dir)}
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE, str(config.data_dir)], capture_output=True,
                         text=True, cwd=REPO, timeout=120, check=True, env=env).stdout
    painted = set(out.split("PAINTED", 1)[1].splitlines()[0].split())
    assert not painted & {"sqlalchemy", "alembic", "rapidfuzz"}, \
        f"the first paint waited for {sorted(painted & {'sqlalchemy', 'alembic', 'rapidfuzz'})}"
    # then the database opens and the window carries on with the current event
    assert "Harbour Lights Mixer" in out.split("READY", 1)[1]


def test_a_deferred_desk_opens_once_allowed_and_workers_wait_for_it(config):
    desk = Desk.deferred(config)
    assert desk.data_dir == config.data_dir and desk.reading_lang() == config.lang  # no database needed
    answers: list = []
    worker = threading.Thread(target=lambda: answers.append(desk.count_contacts()))
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and not answers  # waits for allow_open (the window's first paint)
    desk.allow_open()
    worker.join(30)
    assert answers == [0]
    assert desk.count_contacts() == 0  # the same Library, opened once
    desk.close()


def test_the_thread_that_made_a_deferred_desk_never_waits_for_itself(config):
    desk = Desk.deferred(config)
    assert desk.count_contacts() == 0  # opened at once, allow_open not called
    desk.close()


def test_a_desk_closed_before_it_opened_lets_waiting_workers_go(config):
    desk = Desk.deferred(config)
    errors: list = []

    def ask():
        try:
            desk.count_contacts()
        except StorageError as exc:
            errors.append(exc)
    worker = threading.Thread(target=ask)
    worker.start()
    desk.close()
    worker.join(30)
    assert not worker.is_alive() and len(errors) == 1


def test_a_database_that_cannot_be_used_is_told_after_the_first_paint_and_ends_the_app(
        qtbot, config, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.ui_support import new_window

    db = Desk.open(config).library.db
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    db.close()
    told: list[tuple[str, str]] = []
    exits: list[int] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: told.append((title, text)))
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    desk = Desk.deferred(config)
    w = new_window(qtbot, desk, tmp_path / "s.ini")
    qtbot.wait(300)
    assert not told  # nothing opened before the first paint
    w.show()
    w.grab()
    qtbot.waitUntil(lambda: exits == [1], timeout=30000)
    assert told[0][0] == "NetCapture cannot open its database"
    with pytest.raises(DatabaseTooNewError):
        desk.count_contacts()  # the same error for every later call, the database left alone
    desk.close()

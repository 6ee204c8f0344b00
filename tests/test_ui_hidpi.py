"""At twice the scale (QT_SCALE_FACTOR=2, a high-DPI screen) and in the dark scheme, the pages at
1280x720 (logical) still have nothing cut off. Qt's scale is fixed per process: a child runs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import json, sys, tempfile, time
from datetime import date
from pathlib import Path
from PySide6.QtCore import QSettings
from ui.app import create_application
app = create_application(["netcapture"])
from netcapture.config import Config
from netcapture.desk import Desk, EventPlan
from tests.test_ui_layout import clipped
from tests.ui_support import FakeReader
from ui.main_window import MainWindow
tmp = Path(tempfile.mkdtemp())
desk = Desk.open(Config.load(data_dir=tmp / "data", env={}), reader=FakeReader())
event = desk.save_event_plan(EventPlan("Founders’ breakfast", date.today(), ask="an intro to a printer"))
for n in range(3):
    desk.library.create_contact(event, full_name=f"Mira Okafor {n}", company="Brightforge Analytics",
                                emails=[f"mira{n}@brightforge.example"])
w = MainWindow(desk, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), detector=None, use_camera=False)
w.events.set_event(event)
w.resize(1280, 720)
w.show()
def idle():
    for _ in range(400):
        app.processEvents(); time.sleep(0.01)
        if not (w.lookups.pending() or w.writes.pending() or w.readings.pending()):
            break
    for _ in range(10):
        app.processEvents(); time.sleep(0.01)
problems = {}
for page in range(5):
    w.nav.setCurrentRow(page)
    idle()
    problems[str(page)] = clipped(w.stack.currentWidget())
print(json.dumps({"ratio": w.devicePixelRatio(), "problems": problems}))
sys.stdout.flush()
import os; os._exit(0)
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_at_scale_two(scheme):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", NETCAPTURE_COLOR_SCHEME=scheme,
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["ratio"] == 2
    assert answer["problems"] == {str(p): [] for p in range(5)}

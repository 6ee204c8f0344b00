"""Renders README screenshots of the real app under Xvfb: capture station, memory prompt, review,
contacts. Uses a throw-away data directory and the sample cards (or synthetic ones).

    python packaging/screenshots.py [OUTPUT_DIR]      (default docs/screenshots/)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (1280, 800)


def ensure_display() -> subprocess.Popen | None:
    """Start our own Xvfb unless a display is already there (or we already run inside one)."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return None
    if not shutil.which("Xvfb"):
        sys.exit("Xvfb is not installed: sudo apt-get install xvfb")
    display = ":97"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SIZE[0] + 40}x{SIZE[1] + 80}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return proc


def settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    xvfb = ensure_display()
    try:
        return render(out)
    finally:
        if xvfb is not None:
            xvfb.terminate()


def render(out: Path) -> int:
    import numpy as np
    from PySide6.QtCore import QSettings

    from netcapture.config import Config
    from tests.ui_support import PEOPLE, FakeReader, card_image
    from ui.app import create_application
    from ui.backend import Backend
    from ui.frame_source import ImageSequenceFrameSource
    from ui.main_window import MainWindow

    app = create_application(["netcapture"])
    tmp = Path(tempfile.mkdtemp(prefix="netcapture-shots-"))
    real = shutil.which("tesseract") is not None
    backend = Backend.open(Config.load(data_dir=tmp / "data", env={}), reader=None if real else FakeReader())
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(backend, settings, use_camera=False)
    window.set_event(backend.create_event("Founders’ Breakfast — Spring"))
    window.info_banner.hide()
    window.resize(*SIZE)
    window.show()
    settle(app, 0.5)

    # A table-top frame with a card on it, as the camera would see it.
    table = np.zeros((720, 1280, 3), np.uint8)
    table[:] = (52, 66, 84)
    table += np.random.default_rng(3).integers(0, 12, table.shape, dtype=np.uint8)
    name, company, email, phone = PEOPLE[1]
    card = card_image([name, "Chief Engineer", company, email, phone], 760, 440)
    table[140:580, 260:1020] = card
    samples = backend.sample_cards()
    frames = [table] * 40
    source = ImageSequenceFrameSource(frames, interval_ms=33, loop=True)
    window.set_frame_source(source)
    window.station.set_cameras([("demo", "Demo frames (no camera)")], "demo")
    window.station.set_auto_capture(False)
    settle(app, 1.5)  # let the outline appear
    window.grab().save(str(out / "capture-station.png"))

    # Shutter -> memory prompt, with a few answers typed.
    window.station.shutter()
    deadline = time.monotonic() + 60
    while window.readings.pending() and time.monotonic() < deadline:
        settle(app, 0.1)
    window.prompt.answers["need"].setPlainText("A manufacturing partner in Asia for their sensor line")
    window.prompt.answers["can_help"].setPlainText("Intro to Mei at Osaka Precision")
    window.prompt.answers["introductions"].setPlainText("Their VC, who funds hardware start-ups")
    window.prompt.relationship.setCurrentIndex(window.prompt.relationship.findData("prospect"))
    settle(app, 1.0)
    window.grab().save(str(out / "memory-prompt.png"))
    window.prompt.close_prompt()

    # More contacts for the table: sample cards if shipped, else synthetic ones.
    if samples:
        for path in samples:
            backend.add_image(path, window.event_id)
    else:
        for i, person in enumerate(PEOPLE):
            image = card_image(list(person), 760, 440)
            import cv2

            ok, data = cv2.imencode(".png", image)
            backend.add_image(data.tobytes(), window.event_id, filename=f"card{i}.png")
    window.writes.wait()
    window._refresh_counts()
    settle(app, 0.3)

    # Review the first captured card.
    first = backend.contact_rows(window.contacts.current_query(), 0, 1000)[-1].id
    window.open_review(first)
    settle(app, 0.8)
    window.review.editors["title"].setFocus()
    settle(app, 0.4)
    window.grab().save(str(out / "review.png"))

    window.nav.setCurrentRow(2)
    window.contacts.apply_filters()
    window.contacts.select_contact(first)
    settle(app, 0.8)
    window.grab().save(str(out / "contacts.png"))
    source.stop()
    window.close()
    backend.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)  # skip interpreter teardown: PySide's finaliser can crash after Qt is gone

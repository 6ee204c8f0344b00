"""Renders README screenshots of the real app under Xvfb: capture station, memory prompt, review,
contacts. A throw-away data directory; the shipped sample cards (fictional people, resources/samples/)
go through the real reader: one as the camera's picture, the others imported as files.

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
SIZE = (1440, 900)
CAMERA_SAMPLE = "01-angled-on-wood.jpg"  # the card held under the camera


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


def save(window, path: Path) -> None:
    """The window as a PNG with a 256-colour palette: a quarter of the bytes, same look in a README."""
    from PIL import Image

    window.grab().save(str(path))
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                               dither=Image.Dither.FLOYDSTEINBERG)
    palette.save(path, optimize=True)


def wait_idle(app, window, timeout: float = 120) -> None:
    """Until every capture, reading and write in the background is done."""
    deadline = time.monotonic() + timeout
    while (window.captures.pending() or window.readings.pending() or window.writes.pending()
           or window.lookups.pending()) \
            and time.monotonic() < deadline:
        settle(app, 0.1)
    settle(app, 0.3)


def render(out: Path) -> int:
    from PySide6.QtCore import QSettings

    from netcapture.config import Config
    from netcapture.desk import Desk
    from ui.app import create_application
    from ui.controllers.import_flow import sample_cards
    from ui.frame_source import ImageSequenceFrameSource
    from ui.main_window import MainWindow

    if not shutil.which("tesseract"):
        sys.exit("Tesseract is not installed: the screenshots show the real reader at work.")
    app = create_application(["netcapture"])
    tmp = Path(tempfile.mkdtemp(prefix="netcapture-shots-"))
    backend = Desk.open(Config.load(data_dir=tmp / "data", env={}))
    samples = {p.name: p for p in sample_cards()}  # fictional people, made by the project
    if CAMERA_SAMPLE not in samples:
        sys.exit(f"The sample card {CAMERA_SAMPLE} is missing from resources/samples/.")
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(backend, settings, use_camera=False)
    window.events.set_event(backend.create_event("Founders’ Breakfast — Spring"))
    window.info_banner.hide()
    window.resize(*SIZE)
    window.show()
    settle(app, 0.5)

    # The capture station: a sample photo plays as the camera; the reader's locator outlines the card.
    source = ImageSequenceFrameSource([samples.pop(CAMERA_SAMPLE)], interval_ms=120, loop=True, name="Demo photo")
    window.capture.set_frame_source(source)
    window.station.set_cameras([("demo", "Demo photo (no camera)")], "demo")
    window.station.set_auto_capture(False)
    settle(app, 2.5)  # let the outline appear
    save(window, out / "capture-station.png")

    # Shutter -> memory prompt; the card is read while the answers are typed.
    window.station.shutter()
    settle(app, 0.3)
    window.prompt.answers["need"].setPlainText("A manufacturing partner in Asia for their sensor line")
    window.prompt.answers["can_help"].setPlainText("Intro to Mei at Osaka Precision")
    window.prompt.answers["introductions"].setPlainText("Their VC, who funds hardware start-ups")
    window.prompt.relationship.setCurrentIndex(window.prompt.relationship.findData("prospect"))
    wait_idle(app, window)
    captured = window.prompt.contact_id()
    save(window, out / "memory-prompt.png")
    window.prompt.close_prompt()
    source.stop()

    # The other sample cards, imported as files.
    window.imports.import_paths(sorted(samples.values()), quiet=True)
    wait_idle(app, window)
    window.refresh_views()

    # Review the card captured at the shutter: its word boxes, the title field active.
    window.review_flow.open_review(captured)
    settle(app, 0.8)
    window.review.editors["title"].setFocus()
    settle(app, 0.4)
    save(window, out / "review.png")

    window.nav.setCurrentRow(2)
    window.contacts.apply_filters()
    window.contacts.select_contact(captured)
    window.contacts.table.setFocus()
    settle(app, 0.8)
    save(window, out / "contacts.png")
    window.close()
    backend.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)  # skip interpreter teardown: PySide's finaliser can crash after Qt is gone

"""GUI responsiveness while capturing 20 cards in a row, and the time from shutter to contact visible.

A QTimer heartbeat ticks every 5 ms; the longest gap between ticks is the longest event-loop stall
(target <= 100 ms). The shutter fires every 400 ms on frames of synthetic cards, read by the real
reader (Tesseract) when it is installed, else by the fast fake reader (then say so).

    python -m tests.bench.bench_ui
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CARDS = 20
SHUTTER_INTERVAL_MS = 400


def main() -> int:
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from netcapture.config import Config
    from netcapture.desk import Desk
    from tests.ui_support import PEOPLE, FakeReader, card_image
    from ui.app import create_application
    from ui.frame_source import ImageSequenceFrameSource
    from ui.main_window import MainWindow

    app = create_application([])
    real = shutil.which("tesseract") is not None and "--fake" not in sys.argv
    if real:
        try:  # the reader must work on a plain synthetic card, else measure with the fake one
            import ocr

            ocr.read_cards(card_image(list(PEOPLE[0]), 900, 520))
        except Exception as exc:
            print(f"real reader unusable ({type(exc).__name__}: {exc}); using the fake reader")
            real = False
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.load(data_dir=Path(tmp) / "data", env={})
        backend = Desk.open(config, reader=None if real else FakeReader())
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(backend, settings, use_camera=False)
        window.events.set_event(backend.create_event("Bench night"))
        window.station.set_auto_capture(False)
        window.show()
        frames = []
        for i in range(CARDS):
            name, company, email, phone = PEOPLE[i % len(PEOPLE)]
            table = __import__("numpy").full((720, 1280, 3), 60, "uint8")
            card = card_image([f"{name} {i}", company, email, phone], 900, 520)
            table[100:620, 190:1090] = card
            frames.append(table)
        source = ImageSequenceFrameSource(frames, interval_ms=0)
        window.capture.set_frame_source(source)

        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def beat():
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6)
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        visible: list[float] = []
        created: list[float] = []
        window.capture.contactVisible.connect(lambda _cid, seconds: visible.append(seconds))
        window.capture.contactCreated.connect(lambda _cid, seconds: created.append(seconds))
        shots = [0]

        def shoot():
            if shots[0] >= CARDS:
                shutter.stop()
                return
            source.step()
            window.station.shutter()
            window.prompt.close_prompt()
            shots[0] += 1

        shutter = QTimer()
        shutter.setInterval(SHUTTER_INTERVAL_MS)
        shutter.timeout.connect(shoot)
        heartbeat.start()
        shutter.start()
        started = time.perf_counter()
        deadline = started + 600
        while (shots[0] < CARDS or window.captures.pending() or window.readings.pending()) \
                and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        elapsed = time.perf_counter() - started
        heartbeat.stop()
        window.close()
        backend.close()
    QApplication.processEvents()
    stalls = sorted(gaps)
    print(f"reader: {'real (Tesseract)' if real else 'fake (no Tesseract found)'}")
    print(f"cards captured: {CARDS} at one every {SHUTTER_INTERVAL_MS} ms; all read after {elapsed:.1f} s")
    print(f"longest event-loop stall: {stalls[-1]:.1f} ms (target <= 100 ms); "
          f"p99 {stalls[int(len(stalls) * 0.99)]:.1f} ms; stalls over 50 ms: {sum(g > 50 for g in gaps)}")
    if created:
        print(f"shutter to contact row in the table (reading pending, notes can go to it): "
              f"median {statistics.median(created) * 1000:.0f} ms, max {max(created) * 1000:.0f} ms")
    if visible:
        print(f"shutter to contact visible, first card (empty queue): {visible[0]:.2f} s")
        print(f"shutter to contact visible, queued behind earlier cards: median {statistics.median(visible):.2f} s, "
              f"max {max(visible):.2f} s over {len(visible)} cards")
    else:
        print("shutter to contact visible: no card was read (check the reader)")
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)  # skip interpreter teardown: PySide's finaliser can crash after Qt is gone

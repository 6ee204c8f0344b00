"""The capture station fed by an image sequence instead of a camera."""
from __future__ import annotations

import numpy as np
import pytest

from ui.card_tracker import StillnessTracker
from ui.frame_source import ImageSequenceFrameSource
from ui.views.capture_station import CaptureStation

QUAD = [(100.0, 80.0), (500.0, 80.0), (500.0, 320.0), (100.0, 320.0)]


def card_frame(offset: int = 0) -> np.ndarray:
    """A light card on a dark table; offset moves it."""
    frame = np.full((400, 640, 3), 40, np.uint8)
    frame[80 + offset:320 + offset, 100 + offset:500 + offset] = 235
    return frame


def test_tracker_fires_once_after_hold():
    tracker = StillnessTracker(hold_seconds=0.5)
    size = (640, 400)
    assert not tracker.update(QUAD, 0.0, size)
    assert not tracker.update(QUAD, 0.3, size)
    assert tracker.update(QUAD, 0.55, size)
    assert not tracker.update(QUAD, 1.5, size), "the same card must not be captured twice"
    for t in (1.6, 1.7, 1.8):
        tracker.update(None, t, size)  # card taken away
    assert not tracker.update(QUAD, 2.0, size)
    assert tracker.update(QUAD, 2.6, size), "the next card is captured again"


def test_tracker_waits_while_card_moves():
    tracker = StillnessTracker(hold_seconds=0.5)
    for i in range(20):
        moved = [(x + 15 * i, y) for x, y in QUAD]
        assert not tracker.update(moved, i * 0.1, (640, 400))


@pytest.fixture
def station(qtbot):
    widget = CaptureStation(detector=None)
    qtbot.addWidget(widget)
    return widget


def test_space_shutter_captures_latest_frame(qtbot, station):
    source = ImageSequenceFrameSource([card_frame(0), card_frame(5)], interval_ms=0)
    station.set_source(source)
    source.step()
    source.step()
    with qtbot.waitSignal(station.captured) as blocker:
        station.shutter()
    image = blocker.args[0]
    assert (image.width(), image.height()) == (640, 400)
    assert image.pixelColor(110, 90).red() > 200  # the card moved by 5 px: the newest frame


def test_shutter_without_frame_says_so(station):
    station.set_source(ImageSequenceFrameSource([], interval_ms=0))
    assert station.shutter() is False
    assert "Nothing to capture" in station.status.text()


def test_auto_capture_when_card_holds_still(qtbot):
    clock = [0.0]
    station = CaptureStation(detector=lambda frame: [(25.0, 20.0), (125.0, 20.0), (125.0, 80.0), (25.0, 80.0)])
    qtbot.addWidget(station)
    station.clock = lambda: clock[0]
    source = ImageSequenceFrameSource([card_frame()] * 12, interval_ms=0)
    station.set_source(source)
    captured = []
    station.captured.connect(captured.append)
    for _ in range(12):
        source.step()
        station.wait_for_detection()
        qtbot.waitUntil(lambda: not station._detector.busy(), timeout=2000)
        clock[0] += 0.1
    assert len(captured) == 1


def test_auto_capture_can_be_switched_off(qtbot):
    clock = [0.0]
    station = CaptureStation(detector=lambda frame: QUAD)
    qtbot.addWidget(station)
    station.clock = lambda: clock[0]
    station.set_auto_capture(False)
    source = ImageSequenceFrameSource([card_frame()] * 10, interval_ms=0)
    station.set_source(source)
    captured = []
    station.captured.connect(captured.append)
    for _ in range(10):
        source.step()
        station.wait_for_detection()
        qtbot.waitUntil(lambda: not station._detector.busy(), timeout=2000)
        clock[0] += 0.2
    assert captured == []


def test_reader_locator_outlines_a_card(qtbot):
    """The default detector (the reader's locator) finds the card in a synthetic frame."""
    pytest.importorskip("ocr.locate")
    station = CaptureStation()
    qtbot.addWidget(station)
    outlines = []
    station._detector.outlineFound.connect(lambda quad, size: outlines.append(quad))
    source = ImageSequenceFrameSource([card_frame()], interval_ms=0)
    station.set_source(source)
    source.step()
    qtbot.waitUntil(lambda: bool(outlines), timeout=5000)
    xs = sorted(x for x, _ in outlines[0])
    assert abs(xs[0] - 100) < 12 and abs(xs[-1] - 500) < 12

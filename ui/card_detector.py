"""Runs the reader's card locator on preview frames, off the GUI thread, one frame at a time.

The detector is injectable (tests pass their own); the default is the reader's card locator.
Frames that arrive while a detection is running are skipped, so a slow machine shows a slightly
laggier outline instead of a frozen window.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from ui.imaging import downscale, qimage_to_bgr

if TYPE_CHECKING:  # NumPy loads with the first preview frame, not at the app's start-up
    import numpy as np

Quad = Sequence[tuple[float, float]]
Detector = Callable[["np.ndarray"], "Quad | None"]

DETECTION_SIZE = 640  # long side of the frame copy the detector sees


def reader_detector(frame: np.ndarray) -> Quad | None:
    """The largest card the reader's locator finds in a frame, or None."""
    from netcapture.desk import find_card_outline

    return find_card_outline(frame)


class _DetectionJob(QRunnable):
    def __init__(self, owner: OutlineDetector, image: QImage, frame_size: tuple[int, int]):
        super().__init__()
        self._owner, self._image, self._frame_size = owner, image, frame_size

    def run(self) -> None:
        small, factor = downscale(self._image, DETECTION_SIZE)
        try:
            quad = self._owner.detector(qimage_to_bgr(small))
        except Exception:  # a detector failure must not kill the preview; the outline just vanishes
            quad = None
        if quad is not None:
            quad = [(x * factor, y * factor) for x, y in quad]
        self._owner._done.emit(quad, self._frame_size)


class OutlineDetector(QObject):
    """Feed frames with submit(); outlineFound(quad | None, (width, height)) comes back on the GUI thread."""

    outlineFound = Signal(object, object)
    _done = Signal(object, object)

    def __init__(self, detector: Detector | None = reader_detector, parent: QObject | None = None):
        super().__init__(parent)
        self.detector = detector
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._busy = False
        self._done.connect(self._on_done)

    def enabled(self) -> bool:
        return self.detector is not None

    def submit(self, image: QImage) -> bool:
        """Start detecting on this frame unless a detection is still running. True if started."""
        if self.detector is None or self._busy:
            return False
        self._busy = True
        self._pool.start(_DetectionJob(self, image, (image.width(), image.height())))
        return True

    def busy(self) -> bool:
        return self._busy

    def _on_done(self, quad, frame_size) -> None:
        self._busy = False
        self.outlineFound.emit(quad, frame_size)

    def wait(self, msecs: int = 5000) -> None:
        self._pool.waitForDone(msecs)

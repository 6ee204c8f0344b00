"""Where preview frames come from: a camera, or (for tests and demos) images or a video file.

The capture station only knows the small FrameSource interface, so it can be fed without a camera.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from ui.imaging import bgr_to_qimage

if TYPE_CHECKING:  # NumPy loads with the first frame, not at the app's start-up
    import numpy as np


class FrameSource(QObject):
    """A stream of preview frames.

    frameReady carries each new frame; the latest one is kept for the shutter.
    sourceLost / sourceRestored report a device that went away and came back (an unplugged camera).
    error carries a message written for a person.
    """

    frameReady = Signal(QImage)
    sourceLost = Signal(str)
    sourceRestored = Signal()
    error = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._latest: QImage | None = None

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def is_active(self) -> bool:
        raise NotImplementedError

    def description(self) -> str:
        return ""

    def latest_frame(self) -> QImage | None:
        """The newest frame at full resolution: what the shutter captures."""
        return self._latest

    def _publish(self, image: QImage) -> None:
        if image.isNull():
            return
        self._latest = image
        self.frameReady.emit(image)


def _as_qimage(item: QImage | np.ndarray | str | Path) -> QImage:
    if isinstance(item, QImage):
        return item
    if not isinstance(item, str | Path):  # a BGR array
        return bgr_to_qimage(item)
    image = QImage(str(item))
    if image.isNull():
        raise ValueError(f"{item}: not an image Qt can open")
    return image


class ImageSequenceFrameSource(FrameSource):
    """Plays a list of images as if a camera produced them.

    Each entry may be repeated (a card held still for a while). With interval_ms=0 nothing plays by
    itself and `step()` advances one frame: deterministic for tests.
    """

    def __init__(
        self,
        frames: Iterable[QImage | np.ndarray | str | Path | tuple[object, int]],
        interval_ms: int = 33,
        loop: bool = False,
        name: str = "Image sequence",
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._frames: list[QImage] = []
        for entry in frames:
            item, repeat = entry if isinstance(entry, tuple) else (entry, 1)
            image = _as_qimage(item)  # type: ignore[arg-type]
            self._frames.extend([image] * int(repeat))
        self._position = 0
        self._loop = loop
        self._name = name
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.step)
        self._active = False

    def description(self) -> str:
        return self._name

    def start(self) -> None:
        self._active = True
        if self._timer.interval() > 0:
            self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()

    def is_active(self) -> bool:
        return self._active

    def remaining(self) -> int:
        return len(self._frames) - self._position

    def step(self) -> bool:
        """Emit the next frame; False when the sequence is over (and not looping)."""
        if self._position >= len(self._frames):
            if not self._loop or not self._frames:
                self._timer.stop()
                return False
            self._position = 0
        image = self._frames[self._position]
        self._position += 1
        self._publish(image)
        return True


def multimedia_available() -> bool:
    """Qt Multimedia can be missing (a trimmed install, no libpulse): the app then imports files only."""
    try:
        from PySide6 import QtMultimedia  # noqa: F401
    except ImportError:
        return False
    return True


def available_cameras() -> Sequence[tuple[str, str]]:
    """(device id, description) of every camera the system reports; empty without Qt Multimedia."""
    if not multimedia_available():
        return []
    from PySide6.QtMultimedia import QMediaDevices

    return [(bytes(d.id().data()).decode(errors="replace"), d.description()) for d in QMediaDevices.videoInputs()]


class CameraFrameSource(FrameSource):
    """A live camera through Qt Multimedia. Survives being unplugged: it reports the loss and
    restarts by itself when the same device comes back."""

    def __init__(self, device_id: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        from PySide6.QtMultimedia import QMediaCaptureSession, QMediaDevices, QVideoSink

        self._device_id = device_id
        self._devices = QMediaDevices(self)
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(lambda frame: self._publish(frame.toImage()))
        self._devices.videoInputsChanged.connect(self._on_devices_changed)
        self._camera = None
        self._wanted = False
        self._lost = False
        self._name = ""

    def _find_device(self):
        from PySide6.QtMultimedia import QMediaDevices

        inputs = QMediaDevices.videoInputs()
        for device in inputs:
            if self._device_id is None or bytes(device.id().data()).decode(errors="replace") == self._device_id:
                return device
        return None

    def description(self) -> str:
        return self._name

    def start(self) -> None:
        from PySide6.QtMultimedia import QCamera

        self._wanted = True
        device = self._find_device()
        if device is None:
            self.error.emit("No camera was found. You can still import card photos from files.")
            return
        if self._device_id is None:
            self._device_id = bytes(device.id().data()).decode(errors="replace")
        self._name = device.description()
        self._camera = QCamera(device, self)
        self._camera.errorOccurred.connect(self._on_camera_error)
        self._session.setCamera(self._camera)
        self._camera.start()

    def stop(self) -> None:
        self._wanted = False
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)
            self._camera.deleteLater()
            self._camera = None

    def is_active(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def _on_camera_error(self, _error, text: str) -> None:
        self.error.emit(f"The camera reported a problem: {text or 'unknown error'}. "
                        "Check that no other app is using it and that this app may use the camera.")

    def _on_devices_changed(self) -> None:
        present = self._find_device() is not None
        if self._wanted and not present and not self._lost:
            self._lost = True
            name = self._name or "The camera"
            if self._camera is not None:
                self._camera.stop()
                self._session.setCamera(None)
                self._camera.deleteLater()
                self._camera = None
            self.sourceLost.emit(f"{name} was disconnected. Plug it back in to carry on; "
                                 "captured cards are safe.")
        elif self._wanted and present and self._lost:
            self._lost = False
            self.start()
            self.sourceRestored.emit()

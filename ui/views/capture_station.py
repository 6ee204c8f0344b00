"""The capture station: live preview with the card's outline, auto-capture, and the shutter.

It knows nothing about storage: it emits captured(QImage) and the main window hands the image to
the capture service through the background queue.
"""
from __future__ import annotations

import html
import time
from collections.abc import Sequence

from PySide6.QtCore import (
    Property,
    QEasingCurve,
    QPointF,
    QPropertyAnimation,
    QRectF,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.card_detector import Detector, OutlineDetector, reader_detector
from ui.card_tracker import StillnessTracker
from ui.frame_source import FrameSource
from ui.resources import shutter_sound_path


class PreviewWidget(QWidget):
    """Paints the newest frame (aspect kept), the detected card outline and the shutter flash."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Camera preview")
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._frame: QImage | None = None
        self._quad: Sequence[tuple[float, float]] | None = None
        self._hold = 0.0
        self._flash = 0.0
        self._message = "Starting the camera…"
        self._scaled: QImage | None = None  # the frame scaled to the widget once, not on every repaint
        self._flash_animation = QPropertyAnimation(self, b"flash_level", self)
        self._flash_animation.setDuration(280)
        self._flash_animation.setStartValue(1.0)
        self._flash_animation.setEndValue(0.0)
        self._flash_animation.setEasingCurve(QEasingCurve.Type.OutCubic)

    def sizeHint(self) -> QSize:
        return QSize(800, 520)

    def set_frame(self, image: QImage) -> None:
        self._frame = image
        self._scaled = None
        self.update()

    def set_outline(self, quad, hold_progress: float) -> None:
        self._quad, self._hold = quad, hold_progress
        self.update()

    def set_message(self, text: str) -> None:
        """Shown instead of the picture when there is no frame (no camera, camera lost)."""
        self._message = text
        if text:
            self._frame = None
        self.update()

    def flash(self) -> None:
        self._flash_animation.stop()
        self._flash_animation.start()

    def _get_flash(self) -> float:
        return self._flash

    def _set_flash(self, value: float) -> None:
        self._flash = value
        self.update()

    flash_level = Property(float, _get_flash, _set_flash)

    def _target_rect(self) -> QRectF:
        assert self._frame is not None
        size = self._frame.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#14171c"))
        if self._frame is None:
            painter.setPen(QColor("#c9d1dc"))
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.25)
            painter.setFont(font)
            painter.drawText(self.rect().adjusted(40, 40, -40, -40),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
        else:
            target = self._target_rect()
            size = target.size().toSize()
            if self._scaled is None or self._scaled.size() != size:
                self._scaled = self._frame.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation)
            painter.drawImage(target.topLeft(), self._scaled)
            if self._quad:
                self._paint_outline(painter, target)
        if self._flash > 0:
            painter.fillRect(self.rect(), QColor(255, 255, 255, int(230 * self._flash)))
        painter.end()

    def _paint_outline(self, painter: QPainter, target: QRectF) -> None:
        assert self._frame is not None
        sx = target.width() / self._frame.width()
        sy = target.height() / self._frame.height()
        polygon = QPolygonF([QPointF(target.x() + x * sx, target.y() + y * sy) for x, y in self._quad])
        # Amber while the card moves, turning green as it holds still long enough to capture.
        moving, still = QColor("#ffb020"), QColor("#34d399")
        t = self._hold
        colour = QColor.fromRgbF(
            moving.redF() + (still.redF() - moving.redF()) * t,
            moving.greenF() + (still.greenF() - moving.greenF()) * t,
            moving.blueF() + (still.blueF() - moving.blueF()) * t,
        )
        fill = QColor(colour)
        fill.setAlpha(40)
        path = QPainterPath()
        path.addPolygon(polygon)
        path.closeSubpath()
        painter.fillPath(path, fill)
        painter.setPen(QPen(colour, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(path)


RECENT_CARDS = 6  # thumbnails of the last captures in the drop zone


class DropZone(QFrame):
    """Without a camera the preview's place: a target for dropped files, the ways in, and the
    last cards captured (click one to open it)."""

    dropped = Signal(object)  # QMimeData
    importRequested = Signal()
    watchRequested = Signal()
    contactClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAccessibleName("Drop card files here")
        self.setAcceptDrops(True)
        self.setProperty("dragOver", False)
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.heading = QLabel("Drop card photos, scans or PDFs here", self)
        self.heading.setObjectName("pageHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = QLabel("No camera found.", self)
        self.reason.setObjectName("hint")
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason.setWordWrap(True)
        self.help = QLabel("…or paste an image (Ctrl+V), import files (Ctrl+O), or watch the folder your "
                           "scanner or phone saves to.", self)
        self.help.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.help.setWordWrap(True)
        import_button = QPushButton("Import files…", self)
        import_button.clicked.connect(self.importRequested)
        watch_button = QPushButton("Watch a folder…", self)
        watch_button.clicked.connect(self.watchRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(import_button)
        buttons.addWidget(watch_button)
        buttons.addStretch(1)
        self.recent_heading = QLabel("Last captures", self)
        self.recent_heading.setObjectName("hint")
        self.recent = QGridLayout()
        self.recent.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.reason)
        layout.addWidget(self.help)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.recent_heading)
        layout.addLayout(self.recent)
        self.set_recent([])

    def set_reason(self, text: str) -> None:
        self.reason.setText(text)

    def set_recent(self, cards: Sequence[tuple[int, str, QImage | None]]) -> None:
        """The newest captures: (contact id, name, card image or None)."""
        while self.recent.count():
            widget = self.recent.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for index, (contact_id, name, image) in enumerate(cards[:RECENT_CARDS]):
            button = QToolButton(self)
            button.setAutoRaise(True)
            button.setToolTip(f"Open {name}")
            button.setAccessibleName(f"Last capture: {name}")
            if image is not None and not image.isNull():
                button.setIcon(QPixmap.fromImage(image))
                button.setIconSize(QSize(120, 75))
            else:
                button.setText("No picture")
            button.clicked.connect(lambda _c=False, c=contact_id: self.contactClicked.emit(c))
            caption = QLabel(name, self)  # wraps, where a tool button's text would be cut in the middle
            caption.setWordWrap(True)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            caption.setFixedHeight(caption.fontMetrics().lineSpacing() * 2 + 2)  # two lines for a long name
            self.recent.addWidget(button, 0, index, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            self.recent.addWidget(caption, 1, index)
        self.recent_heading.setVisible(bool(cards))

    def _set_drag_over(self, on: bool) -> None:
        self.setProperty("dragOver", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            self._set_drag_over(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._set_drag_over(False)

    def dropEvent(self, event) -> None:
        self._set_drag_over(False)
        self.dropped.emit(event.mimeData())
        event.acceptProposedAction()


class GoalStrip(QFrame):
    """Tonight's ask and the live count of real conversations, above the preview."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("goalStrip")
        self.ask = QLabel(self)
        self.ask.setObjectName("goalAsk")
        self.ask.setWordWrap(True)
        self.ask.setAccessibleName("Tonight’s ask")
        self.count = QLabel(self)
        self.count.setObjectName("goalCount")
        self.count.setAccessibleName("Real conversations so far")
        self.count.setToolTip("A contact counts as a real conversation once it has a written note")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.ask, 1)
        layout.addWidget(self.count)
        self.hide()

    def set_goal(self, ask: str, count_text: str) -> None:
        self.ask.setText(f"<b>My ask tonight:</b> {html.escape(ask)}" if ask else "")
        self.ask.setVisible(bool(ask))
        self.count.setText(count_text)
        self.setVisible(bool(ask or count_text))


class CaptureStation(QWidget):
    """Preview + shutter. Emits captured(image) with the full-resolution frame."""

    captured = Signal(QImage)
    cameraChosen = Signal(str)  # device id
    # bool sent as int: PySide 6.12 drops a reference to True/False on each Python emit of a bool
    # (the interpreter then aborts at exit).
    autoCaptureChanged = Signal(int)
    importRequested = Signal()

    def __init__(self, detector: Detector | None = reader_detector, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Capture station")
        self._source: FrameSource | None = None
        self._detector = OutlineDetector(detector, self)
        self._detector.outlineFound.connect(self._on_outline)
        self._tracker = StillnessTracker()
        self._auto_capture = True
        self._last_capture = 0.0
        self._lost = False
        self._sound = None  # made by prepare_sound() once the window is up: Qt Multimedia is slow to load
        self._sound_made = False
        self.clock = time.monotonic  # replaceable in tests

        self.preview = PreviewWidget(self)
        self.drop_zone = DropZone(self)
        self.drop_zone.importRequested.connect(self.importRequested)
        self.view = QStackedWidget(self)  # the preview, or the drop zone when there is no camera
        self.view.addWidget(self.preview)
        self.view.addWidget(self.drop_zone)
        self.goal = GoalStrip(self)

        self.camera_choice = QComboBox(self)
        self.camera_choice.setAccessibleName("Camera")
        self.camera_choice.setToolTip("Which camera to use")
        self.camera_choice.setMinimumContentsLength(18)
        self.camera_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.camera_choice.activated.connect(
            lambda index: self.cameraChosen.emit(self.camera_choice.itemData(index) or "")
        )
        self.auto_capture_box = QCheckBox("Auto-capture", self)
        self.auto_capture_box.setChecked(True)
        self.auto_capture_box.setToolTip("Capture by itself when a card holds still for half a second")
        self.auto_capture_box.toggled.connect(self.set_auto_capture)
        self.import_button = QPushButton("Import files…", self)
        self.import_button.setToolTip("Import photos, scans or PDFs of cards")
        self.import_button.clicked.connect(self.importRequested)

        self.shutter_button = QPushButton("Capture", self)
        self.shutter_button.setObjectName("shutterButton")
        self.shutter_button.setAccessibleName("Capture card")
        self.shutter_button.setToolTip("Capture the card now (Space)")
        self.shutter_button.setMinimumHeight(44)
        self.shutter_button.setMinimumWidth(160)
        self.shutter_button.clicked.connect(self.shutter)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Capture status")
        # Two lines kept free whatever the message: the page never jumps as the text changes.
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status.setFixedHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)

        top = QHBoxLayout()
        top.addWidget(QLabel("Camera:", self))
        top.addWidget(self.camera_choice)
        top.addSpacing(12)
        top.addWidget(self.auto_capture_box)
        top.addStretch(1)
        top.addWidget(self.import_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.shutter_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.goal)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    # -- sources -------------------------------------------------------------------------------
    def set_cameras(self, cameras: Sequence[tuple[str, str]], current: str | None) -> None:
        self.camera_choice.clear()
        for device_id, name in cameras:
            self.camera_choice.addItem(name, device_id)
        if current is not None:
            index = self.camera_choice.findData(current)
            if index >= 0:
                self.camera_choice.setCurrentIndex(index)
        self.camera_choice.setEnabled(len(cameras) > 1)
        if not cameras:
            self.camera_choice.addItem("No camera")
            self.camera_choice.setEnabled(False)

    def set_source(self, source: FrameSource | None) -> None:
        if self._source is not None:
            self._source.frameReady.disconnect(self._on_frame)
            self._source.sourceLost.disconnect(self._source_lost)
            self._source.error.disconnect(self.show_message)
            self._source.sourceRestored.disconnect(self._source_restored)
            self._source.stop()
        self._source = source
        self._lost = False
        self._tracker.reset()
        self.preview.set_outline(None, 0.0)
        if source is None:
            self.shutter_button.setEnabled(False)
            self.view.setCurrentWidget(self.drop_zone)
            return
        self.view.setCurrentWidget(self.preview)
        self.shutter_button.setEnabled(True)
        source.frameReady.connect(self._on_frame)
        source.sourceLost.connect(self._source_lost)
        source.error.connect(self.show_message)
        source.sourceRestored.connect(self._source_restored)
        self.preview.set_message("Waiting for the first frame…")
        source.start()

    def source(self) -> FrameSource | None:
        return self._source

    def _source_lost(self, text: str) -> None:
        """The camera went away: no shutter on its last, stale picture until it is back."""
        self._lost = True
        self.shutter_button.setEnabled(False)
        self._tracker.reset()
        self.show_message(text)

    def _source_restored(self) -> None:
        self._lost = False
        self.shutter_button.setEnabled(True)
        self.preview.set_message("Camera reconnected — waiting for a picture…")
        self.status.setText("Camera reconnected.")

    def show_message(self, text: str) -> None:
        self.preview.set_message(text)
        self.status.setText(text)

    # -- capture -------------------------------------------------------------------------------
    def set_auto_capture(self, on: bool) -> None:
        if on == self._auto_capture:
            return
        self._auto_capture = on
        self.auto_capture_box.setChecked(on)
        self._tracker.reset()
        self.autoCaptureChanged.emit(int(on))

    def auto_capture(self) -> bool:
        return self._auto_capture

    def shutter(self) -> bool:
        """Capture the newest frame now. False when there is nothing to capture."""
        if self._lost:
            self.status.setText("The camera is disconnected: plug it back in, or import files.")
            return False
        frame = self._source.latest_frame() if self._source else None
        if frame is None:
            self.status.setText("Nothing to capture yet: no picture from the camera.")
            return False
        self._last_capture = self.clock()
        self.preview.flash()
        self.prepare_sound()
        if self._sound is not None:
            self._sound.play()
        self.captured.emit(frame.copy())
        return True

    def _on_frame(self, image: QImage) -> None:
        self.preview.set_frame(image)
        if self._detector.enabled():
            self._detector.submit(image)

    def _on_outline(self, quad, frame_size) -> None:
        now = self.clock()
        fire = self._tracker.update(quad, now, frame_size) if self._auto_capture else False
        self.preview.set_outline(quad, self._tracker.progress(now) if self._auto_capture else 0.0)
        if fire:
            self.shutter()

    def prepare_sound(self) -> None:
        """Load the shutter click (Qt Multimedia and its FFmpeg back end, ~0.1 s): after the first
        window is painted, so the app opens without waiting for it; a sound loads asynchronously,
        so it is ready by the first capture."""
        if not self._sound_made:
            self._sound_made = True
            self._sound = _make_sound(self)

    def wait_for_detection(self, msecs: int = 5000) -> None:
        """For tests and shutdown: let a running detection finish."""
        self._detector.wait(msecs)


def _make_sound(parent: QWidget):
    """The shutter click through Qt Multimedia; None when audio is unavailable (it is optional)."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError:
        return None
    path = shutter_sound_path()
    if not path.exists():
        return None
    effect = QSoundEffect(parent)
    effect.setSource(QUrl.fromLocalFile(str(path)))
    effect.setVolume(0.6)
    return effect

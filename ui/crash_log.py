"""An exception never kills the app silently: it is logged to a file in the data directory and shown."""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("netcapture.ui")
LOG_NAME = "netcapture.log"


def setup_logging(data_dir: Path) -> Path:
    """Log to <data dir>/logs/netcapture.log (rotated, owner-only directory)."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = logs / LOG_NAME
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


class ExceptionReporter(QObject):
    """Installs sys.excepthook and threading.excepthook; errors from any thread show on the GUI thread."""

    _show = Signal(str, str)

    def __init__(self, log_path: Path | None, show_dialogs: bool = True):
        super().__init__()
        self.log_path = log_path
        self.show_dialogs = show_dialogs
        self.reported: list[BaseException] = []
        self._show.connect(self._show_dialog)
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = threading.__excepthook__

    def handle(self, exc_type, exc_value, exc_traceback) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        self.reported.append(exc_value)
        details = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        log.error("Unexpected error:\n%s", details)
        summary = f"{exc_type.__name__}: {exc_value}"
        if QApplication.instance() is not None and self.show_dialogs:
            self._show.emit(summary, details)  # queued when raised on a worker thread

    def _show_dialog(self, summary: str, details: str) -> None:
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return
        where = f"\n\nThe details were saved to:\n{self.log_path}" if self.log_path else ""
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("NetCapture — something went wrong")
        box.setText("NetCapture hit an unexpected problem. Your captured cards are safe; "
                    "you can keep working." + where)
        box.setInformativeText(summary)
        box.setDetailedText(details)
        box.exec()

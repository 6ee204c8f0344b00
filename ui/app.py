"""Starts the desktop app: settings, logging and the exception hook, the database, tonight's event."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.crash_log import ExceptionReporter, setup_logging
from ui.resources import app_icon_path
from ui.theme import apply_theme

ORGANIZATION = "NetCapture"
APPLICATION = "NetCapture"


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setOrganizationDomain("netcapture.io")
    QCoreApplication.setApplicationName(APPLICATION)
    # Qt Multimedia probes for PipeWire and warns when it is absent; that is normal on many desktops.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    # No application display name: Qt would append it to every window title ("NetCapture — <event>
    # — NetCapture", "Importing — NetCapture" cut short by the window manager). Titles name the app.
    app.setDesktopFileName("netcapture")
    app.setWindowIcon(QIcon(str(app_icon_path())))
    apply_theme(app)
    return app


def main(argv: list[str] | None = None, open_files: list | None = None, data_dir: str | None = None,
         database_url: str | None = None) -> int:
    """``data_dir``, ``database_url``: from the command line (`netcapture --data-dir DIR`), over
    the folder chosen in Settings."""
    app = create_application(argv)
    from netcapture.config import Config
    from netcapture.errors import NetCaptureError

    settings = QSettings()
    try:
        config = Config.load(data_dir=data_dir or settings.value("dataDir") or None, database_url=database_url,
                             lang=settings.value("ocrLanguage") or None,
                             region=settings.value("phoneRegion") or None)
        config.ensure_data_dir()
    except NetCaptureError as exc:
        QMessageBox.critical(None, "NetCapture cannot start", str(exc))
        return 1
    reporter = ExceptionReporter(setup_logging(config.data_dir))
    reporter.install()

    window = start_window(config, settings)
    if open_files:  # "Open with NetCapture" from the file manager
        QTimer.singleShot(0, lambda: window.imports.import_paths(list(open_files)))
    status = app.exec()
    window.desk.close()
    reporter.uninstall()
    return status


def start_window(config, settings: QSettings):
    """The main window, shown and carrying on with the current event, on a desk whose database
    opens on a worker once the window has painted (an unusable one is told then, and the app
    quits). What `netcapture` opens; tests/bench/bench_startup times it."""
    from netcapture.desk import Desk
    from ui.main_window import MainWindow

    window = MainWindow(Desk.deferred(config), settings)
    window.show()
    window.events.start()  # carry on with the current event, or ask for one
    return window

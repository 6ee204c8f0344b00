"""A light touch of styling on top of the platform style: it follows the system's light or dark
palette (Qt 6 picks it up), and only accents, banners and spacing are set here.

NETCAPTURE_COLOR_SCHEME=light|dark forces a scheme (Fusion style with its own palette), for a
desktop that does not say which it prefers, and for the screenshots."""
from __future__ import annotations

import os

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f7de1"


def is_dark() -> bool:
    if _forced is not None:
        return _forced == "dark"
    hints = QGuiApplication.styleHints()
    try:
        from PySide6.QtCore import Qt

        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5: judge by the window colour
        return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def stylesheet(dark: bool) -> str:
    side = "#1d2127" if dark else "#eef2f7"
    side_text = "#d6dde6" if dark else "#1b2b44"
    warn_bg, warn_fg = ("#3a2a06", "#ffd58a") if dark else ("#fff4d6", "#6b4b00")
    info_bg, info_fg = ("#0f2742", "#bcdcff") if dark else ("#e4f0ff", "#123a6b")
    return f"""
    QWidget#sidebar {{ background: {side}; }}
    QLabel#eventLabel {{ color: {side_text}; padding: 6px 4px 10px 4px; font-size: 11pt; }}
    QListWidget#navigation {{ background: transparent; border: none; font-size: 11pt; }}
    QListWidget#navigation::item {{ padding: 9px 10px; border-radius: 6px; color: {side_text}; }}
    QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
    QPushButton#notesMissing[badge="true"] {{ background: #d97706; color: white; border-radius: 6px;
        padding: 7px; font-weight: bold; border: none; }}
    QPushButton#shutterButton {{ background: {ACCENT}; color: white; font-size: 12pt; font-weight: bold;
        border-radius: 22px; padding: 8px 26px; border: none; }}
    QPushButton#shutterButton:pressed {{ background: #1b4fa0; }}
    QPushButton#shutterButton:disabled {{ background: #7b8aa0; }}
    QFrame[bannerKind="warning"] {{ background: {warn_bg}; color: {warn_fg}; }}
    QFrame[bannerKind="warning"] QLabel {{ color: {warn_fg}; }}
    QFrame[bannerKind="info"] {{ background: {info_bg}; }}
    QFrame[bannerKind="info"] QLabel {{ color: {info_fg}; }}
    QLabel#promptHeading, QLabel#reviewHeading, QLabel#pageHeading {{ font-size: 14pt; font-weight: 600; }}
    QLabel#promptWho {{ font-size: 11pt; color: {ACCENT}; }}
    QLabel#savedHint, QLabel#hint {{ color: gray; }}
    QFrame#dropZone {{ border: 2px dashed {"#4b5563" if dark else "#9aa8bb"}; border-radius: 12px; }}
    QFrame#dropZone[dragOver="true"] {{ border-color: {ACCENT}; background: {"#14263d" if dark else "#eaf2fd"}; }}
    QFrame#goalStrip {{ background: {info_bg}; border-radius: 6px; }}
    QFrame#goalStrip QLabel {{ color: {info_fg}; font-size: 11pt; }}
    QLabel#goalCount {{ font-weight: bold; }}
    QLineEdit[lowConfidence="true"], QPlainTextEdit[lowConfidence="true"] {{
        background: {"#4a1d1f" if dark else "#fff0f0"}; border: 1px solid #e5484d; }}
    """


_forced: str | None = None


def dark_palette() -> QPalette:
    """Fusion's colours for a dark desktop."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#202329"), (roles.WindowText, "#e4e7eb"), (roles.Base, "#181a1f"),
                         (roles.AlternateBase, "#23262d"), (roles.ToolTipBase, "#2b2f36"),
                         (roles.ToolTipText, "#e4e7eb"), (roles.PlaceholderText, "#8b929c"),
                         (roles.Text, "#e4e7eb"), (roles.Button, "#2a2e35"), (roles.ButtonText, "#e4e7eb"),
                         (roles.BrightText, "#ff6b6b"), (roles.Link, "#6aa8ff"), (roles.Highlight, ACCENT),
                         (roles.HighlightedText, "#ffffff"), (roles.Light, "#3a3f47"), (roles.Midlight, "#30343b"),
                         (roles.Mid, "#272a30"), (roles.Dark, "#15171b"), (roles.Shadow, "#000000")):
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b717a"))
    return palette


def apply_theme(app: QApplication, scheme: str | None = None) -> None:
    global _forced
    scheme = scheme or os.environ.get("NETCAPTURE_COLOR_SCHEME", "").strip().lower() or None
    if scheme in ("light", "dark"):
        _forced = scheme
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
    elif app.style().name().lower() == "windows":
        app.setStyle("Fusion")
    app.setStyleSheet(stylesheet(is_dark()))

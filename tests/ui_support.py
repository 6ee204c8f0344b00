"""Shared helpers for the UI tests: a fake reader (fast, deterministic) and a window on a temp data dir."""
from __future__ import annotations

import itertools
from pathlib import Path

import cv2
import numpy as np

from ocr.reading import CardReading, Field, Phone, WordBox

# Fictional people (reserved .example domains, 555 / Ofcom drama numbers).
PEOPLE = [
    ("Mira Okafor", "Brightforge Analytics Ltd", "mira@brightforge.example", "+44 20 7946 0001"),
    ("Jonas Brandt", "Kettle Lane Robotics Inc.", "jonas@kettlelane.example", "+1 202 555 0142"),
    ("Lena Varga", "Tidewater Design Studio", "lena@tidewater.example", "+44 20 7946 0002"),
    ("Theo Marchetti", "Orchard Row Capital", "theo@orchardrow.example", "+1 757 555 0199"),
]


def card_image(text_lines: list[str], width: int = 700, height: int = 400) -> np.ndarray:
    image = np.full((height, width, 3), 245, np.uint8)
    for i, line in enumerate(text_lines):
        cv2.putText(image, line, (30, 70 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (30, 30, 30), 2)
    return image


def fake_reading(source: str, person: tuple[str, str, str, str], low_conf_company: bool = False) -> CardReading:
    name, company, email, phone = person
    lines = [name, company, email, phone]
    image = card_image(lines)
    words: list[WordBox] = []
    for line_no, line in enumerate(lines):
        x = 30
        for token in line.split():
            w = 17 * len(token)
            words.append(WordBox(token, x, 45 + 60 * line_no, w, 30, 0.6 if low_conf_company and line_no == 1 else 0.95,
                                 line_no))
            x += w + 14
    name_idx = [i for i, w in enumerate(words) if w.line == 0]
    company_idx = [i for i, w in enumerate(words) if w.line == 1]
    return CardReading(
        source=source, name=Field(name, 0.95, name_idx),
        company=Field(company, 0.6 if low_conf_company else 0.93, company_idx),
        emails=[Field(email, 0.97, [])], phones=[Phone(phone, None, "work", 0.9, [])],
        words=words, text="\n".join(lines), image=image)


class FakeReader:
    """Each call 'reads' the next fictional person; thread-safe enough for one worker thread."""

    def __init__(self, people=PEOPLE, low_conf_company: bool = False):
        self._people = itertools.cycle(people)
        self.low_conf_company = low_conf_company
        self.calls: list[Path] = []

    def __call__(self, path: Path) -> list[CardReading]:
        self.calls.append(path)
        return [fake_reading(str(path), next(self._people), self.low_conf_company)]


def frame_with_card(shift: int = 0, seed: int = 0) -> np.ndarray:
    """A camera-like frame: a card (different pixels per seed) on a dark table."""
    rng = np.random.default_rng(seed)
    frame = np.full((480, 720, 3), 45, np.uint8)
    frame[90 + shift:390 + shift, 120 + shift:600 + shift] = 235
    frame[150:160, 160:160 + int(rng.integers(100, 400))] = 20  # a "text line" that differs per card
    return frame


class FailingReader:
    """A reader that cannot make out any card (a blurred photo, say)."""

    def __init__(self, message: str = "The photo is too blurred to read."):
        self.message = message

    def __call__(self, path: Path) -> list[CardReading]:
        from ocr.errors import ImageDecodeError

        raise ImageDecodeError(self.message)


def new_window(qtbot, desk, settings_path: Path):
    """The main window on `desk` as the UI tests want it: no camera, no live detector, its own settings file."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow
    w = MainWindow(desk, QSettings(str(settings_path), QSettings.Format.IniFormat), detector=None, use_camera=False)
    qtbot.addWidget(w)
    return w


def drain(window) -> None:
    """Let every background queue of `window` finish before its test's data folder goes."""
    for queue in (window.captures, window.readings, window.writes, window.lookups):
        queue.wait()

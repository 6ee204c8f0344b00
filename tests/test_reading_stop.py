"""Stopping a read part-way (Ctrl-C during `netcapture read` of a batch): the reader gives up at the
next stage of the card it is reading, the cards handed over before stay whole, and the command
says which files were read and which were not."""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

import cv2
import pytest

from ocr.engine import default_engine
from ocr.errors import ReadingStopped
from ocr.pipeline import iter_cards, read_card_image
from tests.synthetic import synthetic_scene
from tests.synthetic.scanner import scanner_pdf

REPO = Path(__file__).resolve().parents[1]


class CountingEngine:
    """The real engine, counting its calls; sets ``stop`` after the given number of them."""

    def __init__(self, stop: threading.Event | None = None, stop_after: int | None = None):
        self.real = default_engine()
        self.calls = 0
        self.stop, self.stop_after = stop, stop_after
        self.name = self.real.name

    def recognize(self, image, lang="eng", psm=3):
        words = self.real.recognize(image, lang=lang, psm=psm)
        self.calls += 1
        if self.stop is not None and self.calls == self.stop_after:
            self.stop.set()
        return words

    def __getattr__(self, name):  # check, languages, detect_script...: the real engine's
        return getattr(self.real, name)


@pytest.fixture(scope="module")
def card_image():
    return synthetic_scene(3, "easy", "plain").image


@pytest.fixture
def ctrl_c_raises():
    """Ctrl-C raises KeyboardInterrupt, as in a terminal: a test runner started in the background
    (`make test &`) inherits SIGINT ignored, and Python then leaves it so."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_a_stop_asked_for_before_reading_reads_nothing(card_image):
    stop = threading.Event()
    stop.set()
    engine = CountingEngine()
    with pytest.raises(ReadingStopped):
        next(iter_cards(card_image, engine=engine, stop=stop))
    assert engine.calls == 0


def test_a_stop_during_a_card_is_honoured_at_its_next_stage(card_image):
    stop = threading.Event()
    engine = CountingEngine(stop, stop_after=1)  # Ctrl-C while the whole-card pass runs
    with pytest.raises(ReadingStopped):
        read_card_image(card_image, engine=engine, stop=stop)
    assert engine.calls == 1  # no upside-down check, second look, accents or own-script re-read after it


def test_a_stop_after_a_files_last_card_leaves_the_file_read_whole(card_image):
    # Ctrl-C between handing over an image's one card and the reader finding no further page: the file
    # was read whole (a batch counts it among the files read), not stopped after its card
    stop = threading.Event()
    cards = iter_cards(card_image, engine=CountingEngine(), stop=stop)
    first = next(cards)
    stop.set()
    assert first.words and list(cards) == []


def test_cards_handed_over_before_a_stop_are_whole():
    pdf, scenes = scanner_pdf(5, pages=2, cards_per_page=2)
    stop = threading.Event()
    cards = iter_cards(pdf, stop=stop)
    first = next(cards)
    stop.set()
    with pytest.raises(ReadingStopped):
        next(cards)
    assert first.emails and first.emails[0].value in {e for s in scenes for c in s.cards for e in c.truth.emails}


def test_ctrl_c_during_a_batch_keeps_the_cards_printed_and_names_the_files_not_read(tmp_path):
    image = synthetic_scene(3, "easy", "plain").image
    paths = []
    for i in range(8):
        paths.append(tmp_path / f"card{i}.jpg")
        cv2.imwrite(str(paths[-1]), image)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.launch", "read", "--json", "--jobs", "2", *map(str, paths)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,  # unbuffered: nothing read ahead
        # a test runner started in the background may ignore SIGINT: the command gets it as from a terminal
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 240)
        assert ready, "no card was printed"
        first = proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    lines = [line for line in (first + rest).decode().splitlines(keepends=True) if line.strip()]
    err = err.decode()
    assert proc.returncode == 130, err
    assert all(line.endswith("\n") and json.loads(line)["emails"] for line in lines)  # whole cards only
    message = [line for line in err.splitlines() if "interrupted" in line]
    assert message == [message[0]] and f"{len(lines)} of 8 files read" in message[0], err
    assert len(lines) < 8 and "not read: " in message[0]


def test_ctrl_c_hands_over_the_cards_a_long_pdf_gave_before_it(tmp_path, ctrl_c_raises):
    """The file being read when Ctrl-C comes gives the cards read before the stop, marked stopped."""
    import ocr.engine
    from netcapture.commands.read import read_all

    pdf, _ = scanner_pdf(5, pages=2, cards_per_page=2)
    path = tmp_path / "scans.pdf"
    path.write_bytes(pdf)
    main = threading.main_thread().ident
    engine = CountingEngine()
    whole_card_passes = []

    def recognize(image, lang="eng", psm=3):
        words = engine.real.recognize(image, lang=lang, psm=psm)
        if psm == 3:
            whole_card_passes.append(1)
            if len(whole_card_passes) == 2:  # the second card being read: Ctrl-C, as from the terminal
                signal.pthread_kill(main, signal.SIGINT)
        return words

    engine.recognize = recognize
    real, ocr.engine._default = ocr.engine._default, engine
    got = []
    try:
        with pytest.raises(KeyboardInterrupt):
            for item in read_all([str(path)], "eng", None, 1, False):
                got.append(item)
    finally:
        ocr.engine._default = real
    [(given, cards)] = got
    assert given == str(path) and cards.stopped and len(cards) == 1 and cards[0]["emails"]
    assert len(whole_card_passes) == 2  # nothing read after the stop


def test_ctrl_c_between_printing_a_files_cards_and_counting_it_waits_for_both(ctrl_c_raises):
    from netcapture.commands.read import _ctrl_c_held

    steps = []
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_held():
            os.kill(os.getpid(), signal.SIGINT)  # as if pressed while the file's cards were printed
            threading.Event().wait(0.05)  # time for a reading thread to take it
            steps.append("printed")
            steps.append("counted")
    assert steps == ["printed", "counted"]

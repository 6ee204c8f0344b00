"""The import summary says when the reader found print it did not read as a card (issue 12):
a scanner page with a note written on the lid beside the cards, read by the real reader."""
from __future__ import annotations

from datetime import date

import cv2
import pytest

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import drain, new_window


@pytest.fixture
def desk(tmp_path):
    d = Desk.open(Config.load(data_dir=tmp_path / "data", env={}))  # the real reader (Tesseract)
    yield d
    d.close()


def page_with_a_note(path):
    """Two pale cards on a pale lid, and three lines written on the lid below them."""
    from tests.synthetic.scanner import scanner_page

    scene = scanner_page(107, n_cards=2, lid="near-white", touching=False, rows=5, dpi=150)
    page = scene.image.copy()
    h, w = page.shape[:2]
    for i, line in enumerate(["Met at the fair, call back", "about the Lisbon office", "before Friday"]):
        cv2.putText(page, line, (int(w * 0.12), int(h * 0.75) + i * int(h * 0.022)), cv2.FONT_HERSHEY_SIMPLEX,
                    h / 1400, (60, 60, 60), max(2, h // 900), cv2.LINE_AA)
    cv2.imwrite(str(path), page)
    return path


def test_import_summary_names_print_that_was_not_read_as_a_card(qtbot, desk, tmp_path):
    window = new_window(qtbot, desk, tmp_path / "settings.ini")
    window.events.set_event(desk.create_event("Trade fair", date(2026, 5, 4)))
    path = page_with_a_note(tmp_path / "scan page.png")
    window.imports.import_paths([path], quiet=True)
    qtbot.waitUntil(lambda: "not read as cards" in window.statusBar().currentMessage(), timeout=60000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 2 new contacts.")
    assert "scan page.png: 1 area of print on page 1 was not read as cards." in message
    drain(window)


def test_import_summary_counts_notes_beyond_the_first_two():
    from netcapture.capture import CaptureResult
    from ui.controllers.import_flow import import_summary

    results = [CaptureResult(f"/scans/page{i}.pdf", status="read", contact_ids=[i],
                             notes=[f"{i} areas of print on page 1 were not read as cards"]) for i in (2, 3, 4)]
    assert import_summary(results) == (
        "Imported 3 new contacts. page2.pdf: 2 areas of print on page 1 were not read as cards. "
        "page3.pdf: 3 areas of print on page 1 were not read as cards. "
        "(1 more page with print not read as cards.)")

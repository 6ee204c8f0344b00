"""Renders every page of the real app under Xvfb, at 1280x720 and 1920x1080, light and dark:
capture station (with tonight's ask and the live count), memory prompt, the notes walk-through,
review, contacts, follow-ups, the events overview with its chart, an event's results, the plan
and after-event review dialogs, settings, and the drop zone without a camera.

A throw-away data directory. Tonight's cards are the shipped sample cards (fictional people,
resources/samples/) read by the real reader: one as the camera's picture, the others imported.
Three earlier events are filled with fictional contacts typed in through the Library, so the
overview has something to compare.

    python packaging/screenshots.py [OUTPUT_DIR]      (default docs/screenshots/)

Writes OUTPUT_DIR/<page>.png (1280x720, light: the README's pictures), OUTPUT_DIR/dark/<page>.png
(1280x720, dark) and OUTPUT_DIR/1920x1080/{light,dark}/<page>.png (looked at, not committed).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZES = ((1280, 720), (1920, 1080))
SCHEMES = ("light", "dark")
CAMERA_SAMPLE = "01-angled-on-wood.jpg"  # the card held under the camera
EVENT = "Founders’ Breakfast — Spring"
# Earlier events, with fictional people (reserved .example domains): (name, days ago, people,
# notes written, follow-ups done with an outcome, review answers or None)
PAST = (
    ("Chamber of Commerce mixer", 30, 9, 4, ("replied", "no-answer"),
     ({"quality": "somewhat", "new_people": "yes", "helped": "somewhat", "good_use": "somewhat"}, "maybe")),
    ("Regional trade fair — Hall B", 16, 12, 3, ("replied",),
     ({"quality": "no", "new_people": "somewhat", "helped": "no", "good_use": "no"}, "no")),
    ("Harbour tech meetup", 1, 7, 6, ("meeting", "introduced-me", "replied", "meeting"),
     ({"quality": "yes", "new_people": "yes", "helped": "yes", "good_use": "yes"}, "yes")),
)
GIVEN = ("Ada", "Bram", "Chiara", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonah", "Kaia", "Luca")
FAMILY = ("Quill", "Marrow", "Fenwick", "Ostrander", "Pelham", "Rook", "Sallow", "Thorne", "Umber", "Vane")
COMPANIES = ("Lanternfish Labs", "Copperleaf Logistics", "Northgate Textiles", "Bluebell Studio")
RELATIONS = ("prospect", "referral partner", "connector", "peer", "other")


def ensure_display() -> subprocess.Popen | None:
    """Start our own Xvfb unless a display is already there (or we already run inside one)."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return None
    if not shutil.which("Xvfb"):
        sys.exit("Xvfb is not installed: sudo apt-get install xvfb")
    display = ":97"
    width, height = max(s[0] for s in SIZES) + 40, max(s[1] for s in SIZES) + 80
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return proc


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--scheme"]:  # a child: one colour scheme (it is fixed for the process)
        return render(Path(args[2]), args[1])
    out = Path(args[0]) if args else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    xvfb = ensure_display()
    try:
        for scheme in SCHEMES:
            env = dict(os.environ, NETCAPTURE_COLOR_SCHEME=scheme)
            status = subprocess.call([sys.executable, __file__, "--scheme", scheme, str(out)], env=env)
            if status:
                return status
    finally:
        if xvfb is not None:
            xvfb.terminate()
    print(f"screenshots written to {out}")
    return 0


def settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_idle(app, window, timeout: float = 180) -> None:
    """Until every capture, reading, write and lookup in the background is done."""
    deadline = time.monotonic() + timeout
    while (window.captures.pending() or window.readings.pending() or window.writes.pending()
           or window.lookups.pending()) and time.monotonic() < deadline:
        settle(app, 0.1)
    settle(app, 0.3)


def save(widget, path: Path) -> None:
    """A PNG with a 256-colour palette: a quarter of the bytes, the same look in a README."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                               dither=Image.Dither.FLOYDSTEINBERG)
    palette.save(path, optimize=True)


def fill_past_events(desk) -> None:
    """Earlier evenings, typed in through the Library: fictional people, notes, follow-ups done."""
    library = desk.library
    from netcapture.desk import EventPlan

    n = 0
    for name, days_ago, people, noted, outcomes, review in PAST:
        event_id = desk.save_event_plan(EventPlan(name, date.today() - timedelta(days=days_ago), venue="Town hall",
                                                  ask="an introduction to a buyer at a regional hospital"))
        for i in range(people):
            given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
            company = COMPANIES[n % len(COMPANIES)]
            contact = library.create_contact(event_id, full_name=f"{given} {family}", company=company,
                                             emails=[f"{given.lower()}@{company.split()[0].lower()}.example"],
                                             relationship=RELATIONS[n % len(RELATIONS)])
            n += 1
            if i < noted:
                library.save_note(contact.id, event=event_id, need="a supplier they can trust",
                                  can_help="an introduction to our printer")
            if i < len(outcomes):
                follow_up = library.get_contact(contact.id).follow_ups[0]
                library.complete_follow_up(follow_up.id, outcomes[i])
        answers, go_again = review
        desk.save_event_review(event_id, answers, {}, go_again, "")


def render(out: Path, scheme: str) -> int:
    from PySide6.QtCore import QSettings

    from netcapture.config import Config
    from netcapture.desk import Desk, EventPlan
    from ui.app import create_application
    from ui.controllers.import_flow import sample_cards
    from ui.frame_source import ImageSequenceFrameSource
    from ui.main_window import CONTACTS_PAGE, EVENTS_PAGE, FOLLOW_UPS_PAGE, MainWindow
    from ui.views.event_review_dialog import EventReviewDialog
    from ui.views.plan_form import EventPlanDialog
    from ui.views.settings_dialog import SettingsChoice, SettingsDialog

    if not shutil.which("tesseract"):
        sys.exit("Tesseract is not installed: the screenshots show the real reader at work.")
    app = create_application(["netcapture"])
    tmp = Path(tempfile.mkdtemp(prefix="netcapture-shots-"))
    desk = Desk.open(Config.load(data_dir=tmp / "data", env={}))
    samples = {p.name: p for p in sample_cards()}  # fictional people, made by the project
    if CAMERA_SAMPLE not in samples:
        sys.exit(f"The sample card {CAMERA_SAMPLE} is missing from resources/samples/.")
    fill_past_events(desk)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(desk, settings, use_camera=False)
    tonight = desk.save_event_plan(EventPlan(EVENT, date.today(), venue="The Old Library",
                                             why="meet founders of hardware start-ups",
                                             looking_for="founders who ship physical products; their investors",
                                             ask="an introduction to a contract manufacturer in Asia"))
    window.events.set_event(tonight)
    window.info_banner.hide()
    window.resize(*SIZES[0])
    window.show()
    settle(app, 0.5)

    def shots(size: tuple[int, int]) -> Path:
        if size == SIZES[0]:
            return out if scheme == "light" else out / "dark"
        return out / f"{size[0]}x{size[1]}" / scheme

    def each_size(name: str, widget=None) -> None:
        for size in SIZES:
            window.resize(*size)
            settle(app, 0.4)
            save(widget or window, shots(size) / f"{name}.png")
        window.resize(*SIZES[0])

    # The capture station: a sample photo plays as the camera; the reader's locator outlines it.
    source = ImageSequenceFrameSource([samples.pop(CAMERA_SAMPLE)], interval_ms=120, loop=True, name="Demo photo")
    window.capture.set_frame_source(source)
    window.station.set_cameras([("demo", "Demo photo (no camera)")], "demo")
    window.station.set_auto_capture(False)
    settle(app, 2.5)  # let the outline appear
    each_size("capture-station")

    # Shutter -> memory prompt; the card is read while the answers are typed.
    window.station.shutter()
    settle(app, 0.3)
    window.prompt.answers["need"].setPlainText("A manufacturing partner in Asia for their sensor line")
    window.prompt.answers["can_help"].setPlainText("Intro to Mei at Osaka Precision")
    window.prompt.answers["introductions"].setPlainText("Their VC, who funds hardware start-ups")
    window.prompt.relationship.setCurrentIndex(window.prompt.relationship.findData("prospect"))
    wait_idle(app, window)
    captured = window.prompt.contact_id()
    each_size("memory-prompt")
    window.prompt.close_prompt()
    source.stop()

    # The other sample cards, imported as files; the walk-through asks for their notes.
    window.imports.import_paths(sorted(samples.values()), quiet=True)
    wait_idle(app, window)
    window.refresh_views()
    wait_idle(app, window)
    walk = getattr(window, "walk", None)
    if walk is not None:
        window.info_banner.hide()
        walk.start(desk.missing_notes_ids(tonight))
        wait_idle(app, window)
        answers = window.walkthrough.prompt.answers  # typed as one would, Enter moves on
        answers["need"].setPlainText("Two more engineers for the Lisbon office by spring")
        answers["can_help"].setPlainText("Send the list of meet-ups where I hired last year")
        settle(app, 0.3)
        each_size("walk-through")
        walk.stop() if hasattr(walk, "stop") else None
        wait_idle(app, window)

    # Review the card captured at the shutter: its word boxes, the title field active.
    window.review_flow.open_review(captured)
    wait_idle(app, window)
    window.review.editors["title"].setFocus()
    settle(app, 0.4)
    each_size("review")

    window.nav.setCurrentRow(CONTACTS_PAGE)
    window.contacts.apply_filters()
    wait_idle(app, window)
    window.contacts.select_contact(captured)
    window.contacts.table.setFocus()
    wait_idle(app, window)
    each_size("contacts")
    editor = window.contacts.detail  # the editable detail, scrolled to the notes and follow-ups
    editor.ensureWidgetVisible(editor.follow_ups_box)
    settle(app, 0.3)
    each_size("contact-detail")

    # Follow-ups in every section: one overdue, one due today, one done with its outcome.
    upcoming = [row.id for row in desk.follow_up_sections()["upcoming"]]
    if len(upcoming) >= 3:
        desk.reschedule_follow_up(upcoming[0], date.today() - timedelta(days=2))
        desk.reschedule_follow_up(upcoming[1], date.today())
        desk.complete_follow_up(upcoming[2], "meeting", "Coffee on Thursday")

    window.nav.setCurrentRow(FOLLOW_UPS_PAGE)
    wait_idle(app, window)
    each_size("follow-ups")

    window.nav.setCurrentRow(EVENTS_PAGE)
    wait_idle(app, window)
    each_size("events-overview")
    past = [r for r in desk.all_event_results() if r.event == PAST[-1][0]][0]
    window.events.open_event(past.event_id)
    wait_idle(app, window)
    each_size("event-results")

    # Dialogs: the same size at every window size.
    plan = EventPlanDialog(desk.event_plan(tonight), window)
    plan.show()
    settle(app, 0.4)
    for size in SIZES:
        save(plan, shots(size) / "event-plan.png")
    plan.close()
    results = desk.event_results(past.event_id)
    names = desk.contact_names(results.unfinished)
    review = EventReviewDialog(past.event, desk.event_review(past.event_id),
                               [(i, names.get(i, "")) for i in results.unfinished], window)
    review.show()
    settle(app, 0.4)
    for size in SIZES:
        save(review, shots(size) / "event-review.png")
    review.close()
    dialog = SettingsDialog(SettingsChoice(20, desk.reading_lang(), desk.reading_region()),
                            desk.reading_languages(), ["DE", "GB", "US"], window)
    dialog.show()
    settle(app, 0.4)
    for size in SIZES:
        save(dialog, shots(size) / "settings.png")
    dialog.close()

    # Without a camera: the drop zone with the last captures.
    window.nav.setCurrentRow(0)
    window.capture.set_frame_source(None)
    window.station.drop_zone.set_reason("No camera found.")
    window.station.status.setText("No camera: drop, paste or import card photos and scans.")
    window.capture.refresh_recent()
    wait_idle(app, window)
    each_size("drop-zone")

    window.close()
    desk.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)  # skip interpreter teardown: PySide's finaliser can crash after Qt is gone

"""The capture service: from a photo or scan to contacts, without ever losing a capture.

Order of work for each file:
1. the original is stored in the data directory (by content, so the same file is one capture)
   and its ``Capture`` row is committed with status ``queued``;
2. the file is read (``ocr.read_cards`` by default; any callable returning CardReadings);
3. in one transaction, a card side and a contact (or, for a back side, an update of the
   contact) are written for every card found, and the capture becomes ``read``.
A failed reading marks the capture ``failed`` with the reason; a crash leaves it ``queued``.
Running the same batch again skips captures already read and resumes the rest.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from netcapture.cancel import CancelToken  # noqa: F401 (re-exported)
from netcapture.config import Config
from netcapture.dedupe import DuplicateSuggestion, duplicates_of
from netcapture.errors import NetCaptureError, NotFoundError, StorageError
from netcapture.followups import open_default_follow_up
from netcapture.review import low_confidence_fields
from netcapture.store.contact_data import apply_reading
from netcapture.store.db import Database
from netcapture.store.files import normalised_suffix, store_bytes
from netcapture.store.models import Capture, CardSide, Contact, Event, ReadStatus, Side, utcnow
from ocr.errors import ReaderError
from ocr.load import CARD_FILE_SUFFIXES, collect_card_files, display_path, read_file
from ocr.reading import CardReading

Reader = Callable[[Path], Iterable[CardReading]]  # a list, or an iterator handing over one card at a time
ProgressCallback = Callable[[int, int, str], None]  # (done, total, what is being worked on)
CancelCheck = Callable[[], bool]  # True: stop before the next file
ResultCallback = Callable[["CaptureResult"], None]

__all__ = ["CARD_FILE_SUFFIXES", "CaptureService", "find_card_files"]  # suffixes owned by ocr.load
NO_CARD_FOUND = "No business card was found in this image."
logger = logging.getLogger(__name__)


@dataclass
class CaptureResult:
    """What became of one file."""

    source: str  # the path as given, or the file name for bytes
    capture_id: int | None = None
    status: str = ReadStatus.QUEUED.value  # "read", "failed", or "skipped" (read before)
    contact_ids: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # new contacts among them: the ones to ask notes for
    error: str = ""
    duplicates: list[DuplicateSuggestion] = field(default_factory=list)
    # for the user, from the reader: e.g. "2 areas of print on page 1 were not read as cards"
    # (the CLI prints them; the GUI shows them in the import summary)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != ReadStatus.FAILED.value


@dataclass
class BatchResult:
    results: list[CaptureResult] = field(default_factory=list)
    cancelled: bool = False  # stopped by the user before every file was done
    not_done: list[str] = field(default_factory=list)  # the files left when cancelled

    @property
    def failed(self) -> list[CaptureResult]:
        return [r for r in self.results if not r.ok]

    @property
    def skipped(self) -> list[CaptureResult]:
        return [r for r in self.results if r.status == "skipped"]

    @property
    def contact_ids(self) -> list[int]:
        return [cid for r in self.results if r.status == ReadStatus.READ.value for cid in r.contact_ids]

    @property
    def duplicates(self) -> list[DuplicateSuggestion]:
        return [d for r in self.results for d in r.duplicates]

    @property
    def notes(self) -> list[str]:
        """Every file's notes, each prefixed with its source: what the import summary shows."""
        return [f"{r.source}: {n}" for r in self.results for n in r.notes]

    @property
    def new_contact_ids(self) -> list[int]:
        """Contacts this batch created, in order: "Add notes now" walks through these."""
        return [cid for r in self.results for cid in r.created]


def default_reader(config: Config) -> Reader:
    def read(path: Path) -> list[CardReading]:
        import ocr
        from ocr.reading import CardStream

        notes: list[str] = []
        return CardStream(ocr.iter_cards(path, lang=config.lang, region=config.region, notes=notes), notes)

    return read


def find_card_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files to scan: files as given, folders searched recursively (hidden entries skipped),
    in a stable order, each file once. The rule is ocr.load.collect_card_files'."""
    return collect_card_files(paths)[0]


class CaptureService:
    def __init__(self, db: Database, config: Config, reader: Reader | None = None):
        self.db = db
        self.config = config
        self._reader_given = reader is not None
        self.reader = reader or default_reader(config)

    def use_config(self, config: Config) -> None:
        """Read with new settings (language, phone region) from now on; an injected reader stays."""
        self.config = config
        if not self._reader_given:
            self.reader = default_reader(config)

    # -- public API -------------------------------------------------------------------------
    def add_image(self, source: str | os.PathLike[str] | bytes, event_id: int | None = None,
                  back_of: int | None = None, filename: str | None = None) -> CaptureResult:
        """Store, read and file one image or PDF. ``back_of``: the contact this is the back side of.
        A file read before is not read again: its result comes back with status "skipped"."""
        result, to_read = self._store_source(source, filename, event_id, back_of)
        return self._read_capture(result.capture_id, result) if to_read else result

    def add_pending(self, source: str | os.PathLike[str] | bytes, event_id: int | None = None,
                    filename: str | None = None) -> CaptureResult:
        """Store the original and create its contact at once, "reading pending" (a card side with
        no reading yet), so notes written while it is read land on it; read() fills it in. A failed
        reading keeps the contact and the stored image, to be typed in by hand. A file read before
        comes back "skipped" with its contacts."""
        result, to_read = self._store_source(source, filename, event_id, None)
        if to_read:
            capture_id = result.capture_id
            result.contact_ids = self.db.run(lambda s: self._pending_contact(s, capture_id))
            result.created = list(result.contact_ids)
        return result

    def _store_source(self, source: str | os.PathLike[str] | bytes, filename: str | None,
                      event_id: int | None, back_of: int | None) -> tuple[CaptureResult, bool]:
        """Load and store the original first. Returns the result so far and whether the capture
        still has to be read (False when the file can't be opened or was read before)."""
        result = CaptureResult(source=filename or (display_path(source) if not isinstance(source, bytes) else "image"))
        try:
            data, name = self._load(source, filename)
        except ReaderError as exc:  # missing, unreadable, a FIFO or device: refused without blocking
            result.status, result.error = ReadStatus.FAILED.value, f"Cannot open the file: {exc}"
            return result, False
        capture_id, status = self._store_original(data, name, event_id, back_of)
        result.capture_id = capture_id
        if status == ReadStatus.READ.value:
            result.status, result.contact_ids = "skipped", self._contacts_of(capture_id)
            return result, False
        return result, True

    def read(self, capture_id: int) -> CaptureResult:
        """Read a stored capture (see add_pending); slow, for a worker thread."""
        with self.db.session(write=False) as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise NotFoundError(f"There is no capture with id {capture_id}.")
            result = CaptureResult(source=capture.filename, capture_id=capture_id)
        result = self._guarded(lambda: self._read_capture(capture_id, result), result.source)
        if not result.ok:  # the contact made at the shutter stays, to be typed in by hand
            result.capture_id, result.contact_ids = capture_id, self._contacts_of(capture_id)
        return result

    def add_back_side(self, contact_id: int, source: str | os.PathLike[str] | bytes,
                      filename: str | None = None) -> CaptureResult:
        """Read the back of a contact's card: fills empty fields, adds new emails and phones."""
        return self.add_image(source, back_of=contact_id, filename=filename)

    def scan(self, paths: Sequence[str | os.PathLike[str]], event_id: int | None = None,
             progress: ProgressCallback | None = None, cancel: CancelCheck | None = None,
             on_result: ResultCallback | None = None) -> BatchResult:
        """Capture every file under ``paths``: the one batch path (CLI scan, GUI import, samples,
        drag and drop, hot folder). A file that fails is reported and the batch goes on; storage
        errors (disk full, database locked) stop it, with what was done kept. ``cancel`` is asked
        before each file (a CancelToken, or any callable); ``on_result`` hears each file's result
        as soon as it is filed."""
        files, problems = collect_card_files(paths)
        batch = self._batch([(display_path(p), lambda p=p: self.add_image(p, event_id=event_id)) for p in files],
                            progress, cancel, on_result)
        # an empty folder, a FIFO inside one: reported with the files, never opened
        batch.results[:0] = [CaptureResult(source=shown, status=ReadStatus.FAILED.value, error=reason)
                             for shown, reason in problems]
        return batch

    def resume(self, progress: ProgressCallback | None = None, cancel: CancelCheck | None = None,
               on_result: ResultCallback | None = None) -> BatchResult:
        """Read every capture left ``queued`` or ``failed`` (after a crash or a missing engine)."""
        with self.db.session(write=False) as session:
            pending = session.execute(
                select(Capture.id, Capture.filename).where(
                    Capture.status.in_([ReadStatus.QUEUED.value, ReadStatus.FAILED.value]))
                .order_by(Capture.id)).all()
        work = [(name, lambda c=capture_id, n=name: self._read_capture(c, CaptureResult(source=n, capture_id=c)))
                for capture_id, name in pending]
        return self._batch(work, progress, cancel, on_result)

    def _batch(self, work: list[tuple[str, Callable[[], CaptureResult]]], progress: ProgressCallback | None,
               cancel: CancelCheck | None, on_result: ResultCallback | None) -> BatchResult:
        batch = BatchResult()
        for done, (label, step) in enumerate(work):
            if cancel is not None and cancel():
                batch.cancelled = True
                batch.not_done = [name for name, _step in work[done:]]
                break
            if progress:
                progress(done, len(work), label)
            result = self._guarded(step, label)
            batch.results.append(result)
            if on_result:
                on_result(result)
        if progress:
            progress(len(batch.results), len(work), "")
        return batch

    def original_path(self, capture: Capture) -> Path:
        return self.config.originals_dir / capture.stored_name

    # -- steps ------------------------------------------------------------------------------
    def _guarded(self, work: Callable[[], CaptureResult], label: str) -> CaptureResult:
        try:
            return work()
        except StorageError:
            raise
        except NetCaptureError as exc:
            return CaptureResult(source=label, status=ReadStatus.FAILED.value, error=str(exc))

    @staticmethod
    def _load(source, filename: str | None) -> tuple[bytes, str]:
        if isinstance(source, bytes | bytearray | memoryview):
            return bytes(source), filename or ""
        path = Path(source)
        return read_file(path), filename or display_path(path.name)  # stored names must be valid text

    def _store_original(self, data: bytes, name: str, event_id: int | None,
                        back_of: int | None) -> tuple[int, str]:
        self.config.ensure_data_dir()
        suffix = normalised_suffix(name) or sniff_suffix(data)
        digest, _path = store_bytes(self.config.originals_dir, data, suffix)

        def record(session: Session) -> tuple[int, str]:
            capture = session.scalar(select(Capture).where(Capture.sha256 == digest))
            if capture is None:
                capture = Capture(sha256=digest, filename=name, suffix=suffix, size=len(data),
                                  event_id=event_id, back_of_contact_id=back_of)
                session.add(capture)
                session.flush()
            else:
                if capture.event_id is None and event_id is not None:
                    capture.event_id = event_id
                if back_of is not None and capture.status != ReadStatus.READ.value:
                    capture.back_of_contact_id = back_of
            return capture.id, capture.status

        return self.db.run(record)  # committed before reading starts

    def _read_capture(self, capture_id: int, result: CaptureResult) -> CaptureResult:
        with self.db.session(write=False) as session:
            capture = session.get(Capture, capture_id)
            path = self.original_path(capture)
        readings, images, error = self._read_and_keep_images(path, result)
        if error:
            self.db.run(lambda s: self._mark_failed(s, capture_id, error))
            result.status, result.error = ReadStatus.FAILED.value, error
            return result
        contact_ids, created, duplicates, status = self.db.run(
            lambda s: self._file_readings(s, capture_id, readings, images))
        result.status = status
        result.contact_ids = contact_ids
        result.created = created
        result.duplicates = duplicates
        return result

    def _read_and_keep_images(self, path: Path, result: CaptureResult
                              ) -> tuple[list[CardReading], list[str | None], str]:
        """The readings, their stored card images, and an error ("" when cards were found);
        the reader's notes (areas of print not read as cards) go to `result.notes`.

        Each card image is stored as soon as its card is read and let go: a long PDF holds one
        card image in memory, not one per page. Only the reader's own failures are guarded;
        storage errors (a full disk) stop the batch as everywhere else."""
        readings: list[CardReading] = []
        images: list[str | None] = []
        try:
            stream = self.reader(path)
            cards = iter(stream)
        except Exception as exc:  # noqa: BLE001 - sorted out by _reader_error
            return [], [], self._reader_error(path, exc)
        while True:
            try:
                reading = next(cards, None)
            except Exception as exc:  # noqa: BLE001
                return [], [], self._reader_error(path, exc)
            if reading is None:
                result.notes = list(getattr(stream, "notes", []))
                return readings, images, "" if readings else NO_CARD_FOUND
            images.append(self._store_card_image(reading))
            reading.image = None
            readings.append(reading)

    @staticmethod
    def _reader_error(path: Path, exc: Exception) -> str:
        if isinstance(exc, ReaderError):
            return str(exc)
        if isinstance(exc, MemoryError):
            return "Not enough memory to read this file."
        # a reader bug on one odd file must not stop the batch
        logger.error("reading %s failed", path, exc_info=exc)
        return f"The reader failed on this file ({type(exc).__name__}: {exc})."

    @staticmethod
    def _pending_contact(session: Session, capture_id: int) -> list[int]:
        capture = session.get(Capture, capture_id)
        if capture.card_sides:  # stored before and not read yet: its contact is already there
            return [s.contact_id for s in capture.card_sides if s.contact_id]
        contact = Contact()
        if capture.event is not None:
            contact.events.append(capture.event)
        session.add(contact)
        session.add(CardSide(capture=capture, contact=contact, side=Side.FRONT.value))
        open_default_follow_up(session, contact, capture.event_id)
        session.flush()
        return [contact.id]

    @staticmethod
    def _mark_failed(session: Session, capture_id: int, error: str) -> None:
        capture = session.get(Capture, capture_id)
        if capture.status != ReadStatus.READ.value:
            capture.status, capture.error = ReadStatus.FAILED.value, error
            for side in capture.card_sides:  # a contact made at the shutter: to be typed in, in Review
                if side.contact is not None:
                    side.contact.review_pending = True

    def _file_readings(self, session: Session, capture_id: int, readings: list[CardReading],
                       images: list[str | None]) -> tuple[list[int], list[int], list[DuplicateSuggestion], str]:
        """File each card read: a contact (new, the one made at the shutter, or the front side's
        for a back), its card side, and for a new contact an open follow-up by the default rule;
        a card with fields read with low confidence joins the stored review queue."""
        # Lock the capture row so a second laptop reading the same file waits, then sees it read.
        capture = session.scalar(select(Capture).where(Capture.id == capture_id).with_for_update())
        if capture.status == ReadStatus.READ.value:
            return [s.contact_id for s in capture.card_sides if s.contact_id], [], [], "skipped"
        event = session.get(Event, capture.event_id) if capture.event_id else None
        back_of = session.get(Contact, capture.back_of_contact_id) if capture.back_of_contact_id else None
        # A contact created at the shutter (add_pending) takes the first card read.
        pending = next((s for s in capture.card_sides if s.contact_id and not s.reading), None)
        new_contacts: list[Contact] = []
        contact_ids: list[int] = []
        used_places: set[tuple[int, int]] = set()
        for number, (reading, image) in enumerate(zip(readings, images, strict=True)):
            fills_pending = False
            if back_of is not None and number == 0:
                contact, side = back_of, Side.BACK.value
                apply_reading(contact, reading, fill_only=True)
                contact.updated_at = utcnow()
            elif fills_pending := (pending is not None and number == 0):
                contact, side = pending.contact, pending.side
                apply_reading(contact, reading)  # what the user typed meanwhile is kept
                contact.updated_at = utcnow()
                new_contacts.append(contact)
            else:
                contact, side = Contact(), Side.FRONT.value
                apply_reading(contact, reading)
                session.add(contact)
                new_contacts.append(contact)
                open_default_follow_up(session, contact, capture.event_id)
            stored = reading_json(reading)
            if side == Side.FRONT.value:  # the stored review queue
                contact.review_pending = bool(low_confidence_fields(stored, contact.corrected_fields or []))
            if event is not None and event not in contact.events:
                contact.events.append(event)
            place = (reading.page, reading.index)
            if place in used_places:  # a reader that does not number its cards
                place = (reading.page, max(i for _p, i in used_places) + 1)
            used_places.add(place)
            if fills_pending:
                pending.page, pending.card_index, pending.image_sha256 = place[0], place[1], image
                pending.text, pending.reading = reading.text or "", stored
            else:
                session.add(CardSide(capture=capture, contact=contact, side=side, page=place[0],
                                     card_index=place[1], image_sha256=image, text=reading.text or "",
                                     reading=stored))
            session.flush()
            contact_ids.append(contact.id)
        capture.status, capture.error, capture.read_at = ReadStatus.READ.value, "", utcnow()
        session.flush()
        duplicates = [d for c in new_contacts for d in duplicates_of(session, c)]
        created = [c.id for c in new_contacts if not (pending is not None and c is pending.contact)]
        return contact_ids, created, _unique_pairs(duplicates), ReadStatus.READ.value

    def _store_card_image(self, reading: CardReading) -> str | None:
        if reading.image is None:
            return None
        import cv2

        ok, encoded = cv2.imencode(".jpg", reading.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        if not ok:
            return None
        digest, _path = store_bytes(self.config.cards_dir, encoded.tobytes(), ".jpg")
        return digest

    def _contacts_of(self, capture_id: int) -> list[int]:
        with self.db.session(write=False) as session:
            return list(session.scalars(select(CardSide.contact_id).where(
                CardSide.capture_id == capture_id, CardSide.contact_id.is_not(None)).order_by(CardSide.id)))


def reading_json(reading: CardReading) -> dict[str, Any]:
    """The reading as plain JSON (numpy numbers made plain), words and corners included."""
    return json.loads(json.dumps(reading.to_dict(with_words=True), default=_plain))


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _unique_pairs(suggestions: list[DuplicateSuggestion]) -> list[DuplicateSuggestion]:
    seen: dict[tuple[int, int], DuplicateSuggestion] = {}
    for s in suggestions:
        if s.pair not in seen or seen[s.pair].score < s.score:
            seen[s.pair] = s
    return list(seen.values())


def sniff_suffix(data: bytes) -> str:
    """A file suffix for bytes that came without a name (camera frames, drag and drop)."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data.startswith(b"\xff\xd8"):
        return ".jpg"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1"):
        return ".heic"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return ".webp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return ".tiff"
    return ""

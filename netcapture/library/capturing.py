"""Capturing cards: one photo, scan or PDF, the shutter's "reading pending" contact, the
guarded batch (files and folders) and where the stored images are. The work is done by
netcapture.capture.CaptureService; this is its face on the Library.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from netcapture.capture import BatchResult, CancelCheck, CaptureResult, ProgressCallback, ResultCallback
from netcapture.errors import NotFoundError
from netcapture.library.base import EventRef, LibraryBase
from netcapture.store.models import Capture, CardSide, ReadStatus


@dataclass
class ReadingState:
    status: str  # ReadStatus: "queued" (reading pending), "read" or "failed"
    error: str = ""  # why the reading failed, for the user
    original: Path | None = None  # the stored photo, to type the card in by hand


class CapturingMixin(LibraryBase):
    """Cards in: the camera, files, folders, the hot folder and a card's back side."""

    def add_image(self, source: str | os.PathLike[str] | bytes, event: EventRef | None = None,
                  filename: str | None = None) -> CaptureResult:
        """Capture one photo, scan or PDF (see CaptureService). ``event`` defaults to the current one."""
        return self.capture.add_image(source, event_id=self._event_id_or_current(event), filename=filename)

    def capture_card(self, source: str | os.PathLike[str] | bytes, event: EventRef | None = None,
                     filename: str | None = None) -> CaptureResult:
        """At the shutter: store the photo and create its contact at once, "reading pending", so
        notes typed while it is read are never lost; read_capture() then fills the contact in."""
        return self.capture.add_pending(source, event_id=self._event_id_or_current(event), filename=filename)

    def read_capture(self, capture_id: int) -> CaptureResult:
        """Read a capture stored by capture_card (slow: call on a worker thread)."""
        return self.capture.read(capture_id)

    def reading_state(self, contact_id: int) -> ReadingState:
        """Whether the contact's card is still being read, was read, or could not be read."""
        with self.db.session(write=False) as session:
            row = session.execute(
                select(Capture.status, Capture.error, Capture.sha256, Capture.suffix)
                .join(CardSide, CardSide.capture_id == Capture.id)
                .where(CardSide.contact_id == contact_id).order_by(CardSide.side != "front", CardSide.id)
                .limit(1)).first()
        if row is None:  # typed in by hand or imported from a vCard
            return ReadingState(ReadStatus.READ.value)
        status, error, sha256, suffix = row
        return ReadingState(status, error, self.config.originals_dir / f"{sha256[:2]}/{sha256}{suffix}")

    def add_back_side(self, contact_id: int, source: str | os.PathLike[str] | bytes,
                      filename: str | None = None) -> CaptureResult:
        self.get_contact(contact_id)
        return self.capture.add_back_side(contact_id, source, filename=filename)

    def scan(self, paths: Sequence[str | os.PathLike[str]], event: EventRef | None = None,
             progress: ProgressCallback | None = None, cancel: CancelCheck | None = None,
             on_result: ResultCallback | None = None) -> BatchResult:
        """Capture files and folders, one guarded file at a time: the batch path of the CLI
        ``scan`` and of the GUI's import, samples, drag and drop and hot folder. An event given by
        a new name is created; ``cancel`` (e.g. a capture.CancelToken) stops between files;
        ``on_result`` hears each file's CaptureResult as it is filed."""
        if isinstance(event, str):
            event_id = self.get_or_create_event(event).id
        else:
            event_id = self._event_id_or_current(event)
        return self.capture.scan(paths, event_id=event_id, progress=progress, cancel=cancel, on_result=on_result)

    def resume_pending(self, progress: ProgressCallback | None = None, cancel: CancelCheck | None = None,
                       on_result: ResultCallback | None = None) -> BatchResult:
        """Read every capture left unread or failed (after a crash or a missing engine)."""
        return self.capture.resume(progress, cancel, on_result)

    def original_path(self, capture_id: int) -> Path:
        from netcapture.store.models import Capture

        with self.db.session(write=False) as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise NotFoundError(f"There is no capture with id {capture_id}.")
            return self.capture.original_path(capture)

    def card_image_path(self, contact_id: int, side: str = "front") -> Path | None:
        contact = self.get_contact(contact_id)
        for card in contact.card_sides:
            if card.side == side and card.image_name:
                return self.config.cards_dir / card.image_name
        return None

"""The detail pane's and merge dialog's view of one contact, as HTML built from plain values."""
from __future__ import annotations

import html
from datetime import date

from netcapture.exchange import note_text
from netcapture.services import ReadingState
from netcapture.store.models import NO_NAME, Contact, ReadStatus


def contact_html(contact: Contact, today: date, reading: ReadingState | None = None) -> str:
    e = html.escape
    name = contact.display_name
    if reading is not None and reading.status != ReadStatus.READ.value and name == NO_NAME:
        name = "Card being read…" if reading.status == ReadStatus.QUEUED.value else "Card not read"
    lines = [f"<h2 style='margin-bottom:2px'>{e(name)}</h2>"]
    if reading is not None and reading.status == ReadStatus.FAILED.value:
        lines.append(f"<div style='color:#d97706'>The card could not be read: {e(reading.error)} "
                     "The photo is kept — type the details in with Review (Ctrl+R).</div>")
    role = ", ".join(x for x in (contact.title, contact.department, contact.company) if x)
    if role:
        lines.append(f"<div>{e(role)}</div>")
    lines.append(f"<div style='color:gray'>{e(contact.relationship.capitalize())}"
                 + (f" · met at {e(', '.join(ev.name for ev in contact.events))}" if contact.events else "")
                 + "</div><br>")
    for email in contact.emails:
        lines.append(f"<div>✉ <a href='mailto:{e(email.address)}'>{e(email.address)}</a></div>")
    for phone in contact.phones:
        lines.append(f"<div>☎ {e(phone.number)} <span style='color:gray'>({e(phone.kind)})</span></div>")
    for site in contact.websites or []:
        href = site if "://" in site else "https://" + site
        lines.append(f"<div>🌐 <a href='{e(href)}'>{e(site)}</a></div>")
    if contact.address:
        lines.append(f"<div>{e(contact.address).replace(chr(10), '<br>')}</div>")
    notes = note_text(contact.notes)
    lines.append("<h3>Notes</h3>")
    lines.append(f"<div>{e(notes).replace(chr(10), '<br>')}</div>" if notes
                 else "<div style='color:#d97706'>No notes yet.</div>")
    if contact.follow_ups:
        lines.append("<h3>Follow-ups</h3>")
        for f in contact.follow_ups:
            state = "done" + (f": {e(f.outcome)}" if f.outcome else "") if f.done else (
                "overdue" if f.due < today else "open")
            lines.append(f"<div>{f.due:%a %d %b %Y} — {e(f.summary or 'Follow up')} ({state})</div>")
    return "\n".join(lines)

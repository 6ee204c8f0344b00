"""The detail pane's and merge dialog's view of one contact, as HTML built from plain values."""
from __future__ import annotations

import html

from netcapture.desk import ContactCard

# Marks drawn from common text fonts (DejaVu, Noto Sans, Segoe UI, Helvetica): an emoji globe
# becomes a missing-glyph box on desktops without a colour emoji font.
WEB_MARK = "⌂"  # U+2302, "home page"


def contact_html(card: ContactCard, with_follow_ups: bool = True) -> str:
    e = html.escape
    lines = [f"<h2 style='margin-bottom:2px'>{e(card.name)}</h2>"]
    if card.printed_name:
        lines.append(f"<div style='color:gray'>printed as {e(card.printed_name)}</div>")
    if card.reading_failed:
        lines.append(f"<div style='color:#d97706'>The card could not be read: {e(card.reading_failed)} "
                     "The photo is kept — type the details in with Review (Ctrl+R).</div>")
    role = ", ".join(x for x in (card.title, card.department, card.company) if x)
    if role:
        lines.append(f"<div>{e(role)}</div>")
    lines.append(f"<div style='color:gray'>{e(card.relationship.capitalize())}"
                 + (f" · met at {e(', '.join(card.events))}" if card.events else "")
                 + "</div><br>")
    for email in card.emails:
        lines.append(f"<div>✉ <a href='mailto:{e(email)}'>{e(email)}</a></div>")
    for number, kind in card.phones:
        lines.append(f"<div>☎ {e(number)} <span style='color:gray'>({e(kind)})</span></div>")
    for site in card.websites:
        href = site if "://" in site else "https://" + site
        lines.append(f"<div>{WEB_MARK} <a href='{e(href)}'>{e(site)}</a></div>")
    if card.address:
        lines.append(f"<div>{e(card.address).replace(chr(10), '<br>')}</div>")
    lines.append("<h3>Notes</h3>")
    lines.append(f"<div>{e(card.notes).replace(chr(10), '<br>')}</div>" if card.notes
                 else "<div style='color:#d97706'>No notes yet.</div>")
    if with_follow_ups and card.follow_ups:
        lines.append("<h3>Follow-ups</h3>")
        for f in card.follow_ups:
            state = "done" + (f": {e(f.outcome)}" if f.outcome else "") if f.done else (
                "overdue" if f.overdue else "open")
            lines.append(f"<div>{f.due:%a %d %b %Y} — {e(f.summary or 'Follow up')} ({state})</div>")
    return "\n".join(lines)

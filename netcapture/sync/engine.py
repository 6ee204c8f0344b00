"""Two-way sync of the contacts with one CardDAV address book.

Per contact the store keeps a :class:`SyncItem`: the card's URL on the server, its ETag, and the
card as both sides last agreed on it (the base). A sync compares three things per contact:

- ours (the contact as vCard 3.0 now) against the base: changed here?
- the server's ETag against the stored one: changed there?

and then creates (``If-None-Match: *``), pushes (``If-Match: <ETag>``), pulls (the fields the
app owns: names, company, title, e-mails, phones, web, address, birthday, profiles), or reports
a conflict and changes neither side. Notes and events (NOTE, CATEGORIES) are the app's: pushed,
never pulled. A push keeps every property of the server's card the app does not write (PHOTO
from the phone, X-* of other apps). A card deleted on the server is not created again: it is
reported and the contact set to "never". Each card's outcome is stored as soon as the server
accepted it, so a sync cut off (server down, network gone) loses nothing and resumes next time.

Per contact the user picks never, once (created once, then left alone) or always (the default).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from netcapture.errors import NetCaptureError
from netcapture.exchange import iter_contact_records
from netcapture.exports.records import ContactRecord
from netcapture.exports.vcard import vcard_filename, vcard_text
from netcapture.exports.vcard_import import read_vcards
from netcapture.exports.vcard_text import fold_line
from netcapture.store.contact_data import refresh_search_text, set_emails, set_phones
from netcapture.store.db import Database
from netcapture.store.models import Contact, Setting, SyncItem, utcnow
from netcapture.sync import credentials
from netcapture.sync.carddav import AddressBook, CardDavClient, PreconditionFailed, card_url
from ocr import vcard as vcard_lines

POLICIES = ("never", "once", "always")
VERSION = "3.0"  # what every CardDAV server and phone takes (iCloud takes only 3.0)
_KEYS = {"url": "sync.address_book_url", "name": "sync.address_book_name", "user": "sync.user"}
# Properties the app writes; everything else on a server card is kept as the server has it.
OWNED = {"VERSION", "PRODID", "UID", "REV", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "ADR", "LABEL",
         "NOTE", "CATEGORIES", "BDAY", "X-SOCIALPROFILE", "KIND", "X-ABSHOWAS"}


class SyncNotSetUpError(NetCaptureError):
    def __init__(self):
        super().__init__("Sync is not set up: run `netcapture sync setup URL-OR-EMAIL --user NAME` first.")


class AddressBookChoiceError(NetCaptureError):
    pass


@dataclass
class SyncSettings:
    url: str
    name: str
    user: str


@dataclass
class SyncReport:
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # deleted on the server: not created again


# -- settings ----------------------------------------------------------------------------------

def load_settings(db: Database) -> SyncSettings | None:
    with db.session(write=False) as session:
        values = {row.key: row.value for row in session.scalars(select(Setting).where(Setting.key.in_(_KEYS.values())))}
    if not values.get(_KEYS["url"]):
        return None
    return SyncSettings(values[_KEYS["url"]], values.get(_KEYS["name"], ""), values.get(_KEYS["user"], ""))


def setup(db: Database, url_or_email: str, user: str, password: str, address_book: str | None = None,
          client_factory: Callable[[str, str], CardDavClient] = CardDavClient) -> AddressBook:
    """Find the user's address books, pick one, keep the password in the keyring and the rest in
    the settings. Nothing is stored when the server cannot be reached or refuses the login."""
    with client_factory(user, password) as client:
        books = client.discover(url_or_email)
    if not books:
        raise AddressBookChoiceError(f"No address book was found for {user} at {url_or_email}.")
    if address_book:
        wanted = address_book.strip().casefold()
        chosen = [b for b in books if wanted in (b.name.casefold(), b.url.casefold())]
    else:
        chosen = books if len(books) == 1 else []
    if len(chosen) != 1:
        names = ", ".join(repr(b.name) for b in books)
        raise AddressBookChoiceError(f"Choose the address book with --address-book: the server has {names}.")
    book = chosen[0]
    credentials.store_password(user, book.url, password)

    def work(session) -> None:
        for key, value in (("url", book.url), ("name", book.name), ("user", user)):
            row = session.get(Setting, _KEYS[key]) or Setting(key=_KEYS[key])
            row.value = value
            session.add(row)

    db.run(work)
    return book


def set_policy(db: Database, contact_id: int, policy: str) -> None:
    if policy not in POLICIES:
        raise NetCaptureError(f"Unknown sync choice {policy!r}: use one of {', '.join(POLICIES)}.")

    def work(session) -> None:
        if session.get(Contact, contact_id) is None:
            raise NetCaptureError(f"There is no contact {contact_id}.")
        item = session.get(SyncItem, contact_id) or SyncItem(contact_id=contact_id)
        item.policy = policy
        session.add(item)

    db.run(work)


# -- sync --------------------------------------------------------------------------------------

def sync(db: Database, event_id: int | None = None, dry_run: bool = False, take: str | None = None,
         client: CardDavClient | None = None) -> SyncReport:
    """Sync every contact (or those met at ``event_id``) with the chosen address book.
    ``take`` ("here" or "server") settles conflicts; without it they are only reported."""
    settings = load_settings(db)
    if settings is None:
        raise SyncNotSetUpError()
    own = client is None
    if client is None:
        client = CardDavClient(settings.user, credentials.load_password(settings.user, settings.url))
    try:
        return _Sync(db, client, settings.url, dry_run, take).run(event_id)
    finally:
        if own:
            client.close()


class _Sync:
    def __init__(self, db: Database, client: CardDavClient, book: str, dry_run: bool, take: str | None):
        self.db, self.client, self.book, self.dry_run, self.take = db, client, book, dry_run, take
        self.report = SyncReport(dry_run=dry_run)

    def run(self, event_id: int | None) -> SyncReport:
        server = self.client.etags(self.book)
        with self.db.session(write=False) as session:
            items = {i.contact_id: (i.policy, i.href, i.etag, i.synced_card) for i in session.scalars(select(SyncItem))}
            ids = dict(session.execute(select(Contact.uid, Contact.id)).all())
        records = list(iter_contact_records(self.db, event_id))
        changed_there = [href for (policy, href, etag, _card) in items.values()
                         if href and href in server and server[href] != etag and policy != "never"]
        fetched = self.client.fetch(self.book, changed_there) if changed_there else {}
        for record in records:
            contact_id = ids[record.uid]
            policy, href, etag, base = items.get(contact_id, ("always", None, None, ""))
            name = record.display_name or record.uid
            if policy == "never":
                continue
            ours = vcard_text(record, VERSION)
            if not href:
                self._create(contact_id, record, ours, server, name)
            elif policy == "once":
                continue
            elif href not in server:
                self.report.deleted.append(name)
                self._store(contact_id, policy="never", href=None, etag=None, card="")
            else:
                self._update(contact_id, record, ours, href, etag, base, server[href], fetched.get(href), name)
        return self.report

    def _create(self, contact_id: int, record: ContactRecord, ours: str, server: dict[str, str], name: str) -> None:
        url = card_url(self.book, vcard_filename(record.uid))
        if url in server:
            self.report.conflicts.append(f"{name}: a card with the same UID is already on the server")
            return
        self.report.created.append(name)
        if self.dry_run:
            return
        try:
            etag = self.client.put(url, ours)
        except PreconditionFailed:
            self.report.created.pop()
            self.report.conflicts.append(f"{name}: a card with the same UID is already on the server")
            return
        self._store(contact_id, href=url, etag=etag or self._etag(url), card=ours)

    def _update(self, contact_id: int, record: ContactRecord, ours: str, href: str, etag: str | None, base: str,
                server_etag: str, fetched: tuple[str, str] | None, name: str) -> None:
        here = owned(ours) != owned(base)
        there_card = fetched[1] if fetched else base
        there = fetched is not None and owned(there_card, pulled=True) != owned(base, pulled=True)
        if fetched is not None and not there and not self.dry_run:
            base = there_card  # only properties the app does not own changed there (a photo): keep them
            self._store(contact_id, etag=server_etag, card=base)
        if here and there:
            if self.take == "here":
                self._push(contact_id, ours, href, server_etag, there_card, name)
            elif self.take == "server":
                self._pull(contact_id, href, server_etag, there_card, name)
            else:
                self.report.conflicts.append(
                    f"{name}: changed here and on the server since the last sync (nothing was changed; "
                    f"run `netcapture sync --take here` or `--take server`)")
            return
        if there:
            self._pull(contact_id, href, server_etag, there_card, name)
            return
        if here:
            self._push(contact_id, ours, href, server_etag if fetched else etag, there_card, name)

    def _push(self, contact_id: int, ours: str, href: str, etag: str | None, base: str, name: str) -> None:
        self.report.updated.append(name)
        if self.dry_run:
            return
        card = merge_unknown(ours, base)
        try:
            new_etag = self.client.put(href, card, etag=etag or "*")
        except PreconditionFailed:
            self.report.updated.pop()
            self.report.conflicts.append(f"{name}: changed on the server during the sync; run the sync again")
            return
        self._store(contact_id, etag=new_etag or self._etag(href), card=card)

    def _pull(self, contact_id: int, href: str, etag: str, card: str, name: str) -> None:
        self.report.pulled.append(name)
        if self.dry_run:
            return
        [record] = list(read_vcards(card)) or [None]
        if record is None:
            self.report.pulled.pop()
            self.report.conflicts.append(f"{name}: the server's card cannot be read")
            return

        def work(session) -> None:
            contact = session.get(Contact, contact_id)
            apply_pulled(contact, record)
            item = session.get(SyncItem, contact_id) or SyncItem(contact_id=contact_id)
            item.href, item.etag, item.synced_card, item.synced_at = href, etag, card, utcnow()
            session.add(item)

        self.db.run(work)

    def _etag(self, url: str) -> str | None:
        return self.client.etags(self.book).get(url)

    def _store(self, contact_id: int, **changes) -> None:
        if self.dry_run:
            return

        def work(session) -> None:
            item = session.get(SyncItem, contact_id) or SyncItem(contact_id=contact_id)
            for key, value in changes.items():
                setattr(item, "synced_card" if key == "card" else key, value)
            item.synced_at = utcnow()
            session.add(item)

        self.db.run(work)


def owned(card: str, pulled: bool = False) -> tuple:
    """The values of the fields the app owns in ``card`` ("" for none), to tell a change.
    With ``pulled``: only those taken back from the server (not NOTE and CATEGORIES)."""
    if not card.strip():
        return ()
    try:
        records = list(read_vcards(card, on_error=lambda error: None))
    except NetCaptureError:  # not a vCard at all
        return ()
    if not records:
        return ()
    r = records[0]
    fields = (r.display_name, r.given, r.family, r.additional, r.prefix, r.suffix, r.company, r.department,
              r.title, tuple(zip(r.emails, (r.email_kind(i) for i in range(len(r.emails))), strict=False)),
              tuple((p.e164 or p.number, p.kind, p.extension) for p in r.phones), tuple(r.websites),
              (r.address or "").strip(), r.birthday, tuple(r.social))
    return fields if pulled else (*fields, r.note.strip(), tuple(r.categories))


def apply_pulled(contact: Contact, record: ContactRecord) -> None:
    """The server's values of the fields the app owns, as corrections the user made (a later
    reading of the card does not overwrite them)."""
    changes = {"full_name": record.full_name, "given_name": record.given, "family_name": record.family,
               "middle_name": record.additional, "prefix": record.prefix, "suffix": record.suffix,
               "company": record.company, "department": record.department, "title": record.title}
    corrected = set(contact.corrected_fields or [])
    for key, value in changes.items():
        if (getattr(contact, key) or "") != value:
            setattr(contact, key, value)
            corrected.add(key)
    if (contact.address or "") != (record.address or ""):
        contact.address = record.address
        contact.address_parts = vars(record.address_parts) if record.address_parts else None
        corrected.add("address")
    contact.birthday = record.birthday
    if [e.address for e in contact.emails] != record.emails or [e.kind for e in contact.emails] != record.email_kinds:
        set_emails(contact, record.emails, {e.casefold(): record.email_kind(i) for i, e in enumerate(record.emails)})
        corrected.add("emails")
    phones = [(p.number, p.e164, p.kind, p.extension) for p in record.phones]
    if [(p.number, p.e164, p.kind, p.extension) for p in contact.phones] != phones:
        set_phones(contact, phones)
        corrected.add("phones")
    for name in ("websites", "social"):
        if list(getattr(contact, name) or []) != getattr(record, name):
            setattr(contact, name, list(getattr(record, name)))
            corrected.add(name)
    contact.corrected_fields = sorted(corrected)
    refresh_search_text(contact)


def merge_unknown(ours: str, base: str) -> str:
    """Our card with the properties of ``base`` (the server's card) that the app does not write."""
    if not base.strip():
        return ours
    cards = list(vcard_lines.read_cards(vcard_lines.split_lines([base])))
    if not cards:
        return ours
    extra = "".join(fold_line(raw_line(line)) for line in cards[0].lines
                    if line.name not in OWNED and not line.cut)
    return ours.replace("END:VCARD\r\n", extra + "END:VCARD\r\n") if extra else ours


def raw_line(line: vcard_lines.Line) -> str:
    """A parsed content line written out again (its value was kept as written)."""
    decoded = {"CHARSET", "ENCODING"} if line.params.get("ENCODING") == ["QUOTED-PRINTABLE"] else set()
    params = "".join(f";{key}={','.join(_param(v) for v in values)}" for key, values in line.params.items()
                     if key not in decoded)  # a quoted-printable value was decoded when it was read
    group = f"{line.group}." if line.group else ""
    return f"{group}{line.name}{params}:{line.value}"


def _param(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ":;,") else value

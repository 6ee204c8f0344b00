"""Follow-ups and introductions: plan, move, snooze, complete with an outcome, list by
section, the default-date rule and the mail draft. The rules are netcapture.followups's.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, selectinload

from netcapture.errors import InvalidInputError
from netcapture.followups import (
    DUE_FILTERS,
    SECTIONS,
    FollowUpRow,
    FollowUpRule,
    MailDraft,
    check_intro_status,
    complete,
    draft_values,
    follow_up_row,
    follow_up_rule,
    intro_outcome,
    mail_template,
    move,
    new_item_due,
    outcome_of,
    parse_intro_kind,
    render_draft,
    reopen,
    set_follow_up_rule,
    set_mail_template,
    snoozed_due,
    touch,
)
from netcapture.library.base import EventRef, LibraryBase
from netcapture.store.models import Contact, Event, FollowUp, FollowUpKind, contacts_met_at, utcnow


class FollowUpsMixin(LibraryBase):
    """The follow-through: every follow-up and introduction of every contact."""

    def add_follow_up(self, contact_id: int, due: date | None = None, summary: str = "",
                      event: EventRef | None = None) -> FollowUp:
        """Plan a follow-up, due by the default rule (the next day) unless ``due`` is given."""
        def work(session: Session) -> FollowUp:
            contact = self._contact(session, contact_id)
            when = due or new_item_due(session, date.today())
            follow_up = FollowUp(contact=contact, due=when, summary=summary, updated_at=utcnow(),
                                 event_id=self._event(session, event).id if event is not None else None)
            session.add(follow_up)
            session.flush()
            return follow_up

        return self.db.run(work)

    def update_follow_up(self, follow_up_id: int, due: date | None = None, summary: str | None = None,
                         done: bool | None = None, outcome: str | None = None) -> FollowUp:
        """Change a follow-up; moving it or marking it done (or not) raises its calendar SEQUENCE.
        ``outcome`` is an outcome key or label (followups.OUTCOMES), else the user's own words."""
        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            if due is not None:
                move(follow_up, due)
            if summary is not None:
                follow_up.summary = summary.strip()
                follow_up.updated_at = utcnow()
            if done is True:
                kind, note = outcome_of(outcome)
                complete(follow_up, kind, note)
            elif done is False:
                reopen(follow_up)
            elif outcome is not None:
                follow_up.outcome_kind, follow_up.outcome = outcome_of(outcome)
            return follow_up

        return self.db.run(work)

    def complete_follow_up(self, follow_up_id: int, outcome: str = "", note: str | None = None) -> FollowUp:
        """Mark a follow-up done. ``outcome``: a key or label of followups.OUTCOMES (replied,
        meeting, introduced-them, introduced-me, no-answer, other); other words count as "other"
        with those words as the note. ``note``: what came of it, in the user's words."""
        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            kind, words = outcome_of(outcome)
            complete(follow_up, kind, note if note is not None else words)
            return follow_up

        return self.db.run(work)

    def reopen_follow_up(self, follow_up_id: int) -> FollowUp:
        return self.update_follow_up(follow_up_id, done=False)

    def snooze_follow_up(self, follow_up_id: int, days: int, today: date | None = None) -> FollowUp:
        """Put a follow-up off by ``days`` (from today when it is overdue)."""
        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            move(follow_up, snoozed_due(follow_up, days, today or date.today()))
            return follow_up

        return self.db.run(work)

    def reschedule_follow_up(self, follow_up_id: int, due: date) -> FollowUp:
        return self.update_follow_up(follow_up_id, due=due)

    def delete_follow_up(self, follow_up_id: int) -> None:
        self.db.run(lambda s: s.delete(self._follow_up(s, follow_up_id)))

    def list_follow_ups(self, due_by: date | None = None, include_done: bool = False) -> list[FollowUp]:
        """Follow-ups of contacts not in the Trash, by due date (with their contact loaded)."""
        with self.db.session(write=False) as session:
            query = (_live_follow_ups()
                     .order_by(FollowUp.due, FollowUp.id).options(selectinload(FollowUp.contact)))
            if not include_done:
                query = query.where(FollowUp.done.is_(False))
            if due_by is not None:
                query = query.where(FollowUp.due <= due_by)
            return list(session.scalars(query))

    def follow_up_rows(self, due: str = "all", today: date | None = None, contact_id: int | None = None,
                       event: EventRef | None = None) -> list[FollowUpRow]:
        """Follow-ups as plain rows for the Follow-ups view and ``netcapture followups``. ``due``:
        overdue, today, upcoming, done, or all (every open one); done ones newest first."""
        if due not in DUE_FILTERS:
            raise InvalidInputError(f"Unknown follow-up filter {due!r}; use one of: {', '.join(DUE_FILTERS)}")
        day = today or date.today()
        with self.db.session(write=False) as session:
            query = (_live_follow_ups()
                     .options(selectinload(FollowUp.contact).selectinload(Contact.notes),
                              selectinload(FollowUp.contact).selectinload(Contact.events),
                              selectinload(FollowUp.contact).selectinload(Contact.emails)))
            query = query.where({"overdue": FollowUp.is_overdue(day),
                                 "today": and_(FollowUp.done.is_(False), FollowUp.due == day),
                                 "upcoming": and_(FollowUp.done.is_(False), FollowUp.due > day),
                                 "done": FollowUp.done.is_(True),
                                 "all": FollowUp.done.is_(False)}[due])
            if contact_id is not None:
                query = query.where(FollowUp.contact_id == contact_id)
            if event is not None:
                event_id = self._event(session, event).id
                query = query.where(FollowUp.contact_id.in_(contacts_met_at(event_id)))
            order = (FollowUp.done_at.desc(), FollowUp.id.desc()) if due == "done" else (FollowUp.due, FollowUp.id)
            return [follow_up_row(f, day) for f in session.scalars(query.order_by(*order))]

    def follow_up_sections(self, today: date | None = None, done_limit: int = 50) -> dict[str, list[FollowUpRow]]:
        """The Follow-ups view: {"overdue", "today", "upcoming", "done"} -> rows (the latest
        ``done_limit`` done ones)."""
        day = today or date.today()
        open_rows = self.follow_up_rows("all", day)
        sections = {name: [r for r in open_rows if r.section == name] for name in SECTIONS[:3]}
        sections["done"] = self.follow_up_rows("done", day)[:done_limit]
        return sections

    def follow_up_rule(self) -> FollowUpRule:
        """When a new contact's follow-up is due (a setting; the next day unless changed)."""
        with self.db.session(write=False) as session:
            return follow_up_rule(session)

    def set_follow_up_rule(self, rule: FollowUpRule | str) -> FollowUpRule:
        """"same-day", "next-day", "3" (days) or "none"; applies to contacts made from now on."""
        rule = rule if isinstance(rule, FollowUpRule) else FollowUpRule.parse(rule)
        self.db.run(lambda s: set_follow_up_rule(s, rule))
        return rule

    def add_introduction(self, contact_id: int, whom: str, direction: str = "for me", status: str = "asked",
                         due: date | None = None) -> FollowUp:
        """Track an introduction as a follow-up item of its own: "for me" (they could introduce me
        to ``whom``) or "by me" (I could introduce them to ``whom``), asked / promised / done."""
        whom = (whom or "").strip()
        if not whom:
            raise InvalidInputError("Say whom the introduction is to.")
        kind, state = parse_intro_kind(direction), check_intro_status(status)

        def work(session: Session) -> FollowUp:
            contact = self._contact(session, contact_id)
            when = due or new_item_due(session, date.today())
            follow_up = FollowUp(contact=contact, due=when, summary=whom[:300], kind=kind, intro_status=state,
                                 updated_at=utcnow())
            session.add(follow_up)
            if state == "done":
                complete(follow_up, intro_outcome(kind))
            session.flush()
            return follow_up

        return self.db.run(work)

    def set_introduction_status(self, follow_up_id: int, status: str) -> FollowUp:
        """asked -> promised -> done (done completes the item with the matching outcome)."""
        state = check_intro_status(status)

        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            if follow_up.kind == FollowUpKind.FOLLOW_UP.value:
                raise InvalidInputError(f"Follow-up {follow_up_id} is not an introduction.")
            if state == "done":
                complete(follow_up, intro_outcome(follow_up.kind))
            else:
                reopen(follow_up)
                if follow_up.intro_status != state:
                    follow_up.intro_status = state
                    touch(follow_up)
            return follow_up

        return self.db.run(work)

    def follow_up_draft(self, follow_up_id: int) -> MailDraft:
        """The follow-up mail for the user's own mail client (MailDraft.url is a mailto: link):
        where you met, what they need, how you can help, what you could ask. Nothing is sent."""
        with self.db.session(write=False) as session:
            follow_up = self._follow_up(session, follow_up_id)
            contact = follow_up.contact
            event = session.get(Event, follow_up.event_id) if follow_up.event_id else None
            event = event or (contact.events[-1] if contact.events else None)
            values = draft_values(contact, list(contact.notes), event.name if event else "",
                                  event.date if event else None)
            to = contact.emails[0].address if contact.emails else ""
            return render_draft(mail_template(session), values, to)

    def mail_template(self) -> str:
        with self.db.session(write=False) as session:
            return mail_template(session)

    def set_mail_template(self, template: str | None) -> None:
        """The follow-up mail template ({first_name}, {at_event}, {need}, {can_help}, {can_ask},
        {introductions}, ...; a first line "Subject: ..." is the subject). None: the default."""
        self.db.run(lambda s: set_mail_template(s, template))


def _live_follow_ups() -> Select:
    """Follow-ups of contacts not in the Trash."""
    return select(FollowUp).join(Contact, Contact.id == FollowUp.contact_id).where(Contact.live())

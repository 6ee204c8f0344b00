"""`netcapture events`: list, plan, edit, choose, delete and review events; report their results."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from netcapture.commands._library import add_storage_options, open_library, user_errors
from netcapture.errors import InvalidInputError
from netcapture.results import GO_AGAIN_ANSWERS, REVIEW_ANSWERS, REVIEW_QUESTIONS, WORTH_FORMULA

REPORT_FORMATS = ("text", "json", "csv", "html")


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "events", help="list, plan, edit, delete and review events; report their results",
        description="Without an action: list events, newest first, with how many contacts were met at "
                    "each; the current event is marked with *.")
    add_storage_options(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="add an event with its plan", description="Add an event and its plan.")
    add.add_argument("name")
    _plan_options(add)
    add.add_argument("--use", action="store_true", help="make it the current event")
    add_storage_options(add)
    edit = actions.add_parser("edit", help="change an event or its plan", description="Change an event or its plan.")
    edit.add_argument("name")
    edit.add_argument("--rename", metavar="NEW_NAME")
    _plan_options(edit)
    add_storage_options(edit)
    use = actions.add_parser("use", help="make an event the current one (new cards go there)",
                             description="Make an event the current one: scans without --event go there.")
    use.add_argument("name")
    add_storage_options(use)
    delete = actions.add_parser("delete", help="move an event to the Trash (its contacts stay)",
                                description="Move an event to the Trash; its contacts are kept. "
                                            "`netcapture events restore NAME` brings it back.")
    delete.add_argument("name")
    add_storage_options(delete)
    restore = actions.add_parser("restore", help="bring an event back from the Trash")
    restore.add_argument("name")
    add_storage_options(restore)

    review = actions.add_parser(
        "review", help="answer the after-event review",
        description="Answer the after-event review: " + " ".join(q for _n, q in REVIEW_QUESTIONS)
                    + " (yes / somewhat / no, with an optional line each), then go again? (yes / maybe / no) "
                      "and a note. Without answers: show the review.")
    review.add_argument("name")
    for name, question in REVIEW_QUESTIONS:
        option = name.replace("_", "-")
        review.add_argument(f"--{option}", choices=list(REVIEW_ANSWERS), help=question)
        review.add_argument(f"--{option}-line", metavar="TEXT", help="a line about it")
    review.add_argument("--go-again", choices=list(GO_AGAIN_ANSWERS))
    review.add_argument("--note")
    add_storage_options(review)

    report = actions.add_parser(
        "report", help="results per event (contacts, real conversations, follow-ups, outcomes, worth going back)",
        description="The results of every event (or one): contacts met, real conversations against the target, "
                    "by relationship, notes, follow-ups on time (done the same or next day) / late / open / "
                    "overdue, outcomes, the review, and worth going back. " + WORTH_FORMULA)
    report.add_argument("--event", metavar="NAME", help="only this event")
    report.add_argument("--format", choices=REPORT_FORMATS, default="text",
                        help="text (default), json, csv, or html (a printable page with a chart)")
    report.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    add_storage_options(report)
    parser.set_defaults(func=run)
    return parser


def _plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", help="YYYY-MM-DD, today or tomorrow")
    parser.add_argument("--venue")
    parser.add_argument("--goal", help='what you want from it, e.g. "meet 5-8 quality people"')
    parser.add_argument("--notes")
    parser.add_argument("--why", help="why I'm going")
    parser.add_argument("--looking-for", metavar="TEXT",
                        help="who I'm looking for, and the signs that someone could lead to them")
    parser.add_argument("--ask", help="my ask for tonight: the one thing I want to ask for")
    parser.add_argument("--target", metavar="LOW-HIGH", help="real conversations to aim for (default 5-8)")


def _plan(args: argparse.Namespace) -> dict:
    from netcapture.services import parse_date

    fields = {key: getattr(args, key) for key in ("venue", "goal", "notes", "why", "looking_for", "ask")
              if getattr(args, key) is not None}
    if args.date is not None:
        fields["date"] = parse_date(args.date) if args.date.strip() else None
    if args.target is not None:
        match = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", args.target)
        if not match:
            raise InvalidInputError(f"Write the target as a range like 5-8 (or one number), not {args.target!r}.")
        low = int(match.group(1))
        fields["target_min"], fields["target_max"] = low, int(match.group(2) or low)
    return fields


@user_errors
def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        if args.action == "add":
            event = library.create_event(args.name, **_plan(args))
            if args.use:
                library.set_current_event(event.id)
            print(f"Added event {event.name!r} (target {event.target_min}–{event.target_max} real conversations).")
            return 0
        if args.action == "edit":
            fields = _plan(args)
            if args.rename:
                fields["name"] = args.rename
            event = library.update_event(args.name, **fields)
            print(f"Updated event {event.name!r}.")
            return 0
        if args.action == "use":
            library.set_current_event(args.name)
            print(f"Current event: {args.name}")
            return 0
        if args.action == "delete":
            library.delete_event(args.name)
            print(f"Moved event {args.name!r} to the Trash; its contacts were kept.")
            return 0
        if args.action == "restore":
            library.restore_event(args.name)
            print(f"Restored event {args.name!r}.")
            return 0
        if args.action == "review":
            return _review(library, args)
        if args.action == "report":
            results = [library.event_results(args.event)] if args.event else library.all_event_results()
            return _report([r.to_dict() for r in results], args)
        summaries = library.list_events()
        current = library.current_event()
    if not summaries:
        print("No events yet. Add one with `netcapture events add NAME` or `netcapture scan --event NAME`.")
        return 0
    for s in summaries:
        e = s.event
        mark = "*" if current is not None and current.id == e.id else " "
        when = e.date.isoformat() if e.date else "          "
        details = "  ".join(x for x in (e.venue, f"goal: {e.goal}" if e.goal else "",
                                        f"ask: {e.ask}" if e.ask else "") if x)
        print(f"{mark} {when}  {e.name}  ({s.contact_count} contact{'s' if s.contact_count != 1 else ''})"
              + (f"  {details}" if details else ""))
    return 0


def _review(library, args: argparse.Namespace) -> int:
    answers = {n: getattr(args, n) for n, _q in REVIEW_QUESTIONS if getattr(args, n) is not None}
    lines = {n: getattr(args, f"{n}_line") for n, _q in REVIEW_QUESTIONS if getattr(args, f"{n}_line") is not None}
    if answers or lines or args.go_again is not None or args.note is not None:
        review = library.save_event_review(args.name, answers, lines, args.go_again, args.note)
        print(f"Saved the review of {args.name!r}.")
    else:
        review = library.event_review(args.name)
        if review is None:
            print(f"No review of {args.name!r} yet.")
            return 0
    for name, question in REVIEW_QUESTIONS:
        answer = review[name]
        print(f"  {question:<42} {answer['answer'] or '–'}" + (f"  ({answer['line']})" if answer["line"] else ""))
    print(f"  {'Go again?':<42} {review['go_again'] or '–'}")
    if review["note"]:
        print(f"  {'Note:':<42} {review['note']}")
    return 0


def _report(results: list[dict], args: argparse.Namespace) -> int:
    from netcapture.exports.report import report_html, write_report_csv

    stream = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        if args.format == "json":
            stream.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        elif args.format == "csv":
            write_report_csv(results, stream)
        elif args.format == "html":
            stream.write(report_html(results, WORTH_FORMULA))
        else:
            stream.write(report_text(results))
    finally:
        if args.output:
            stream.close()
    if args.output:
        print(f"Wrote the report of {len(results)} event(s) to {Path(args.output)}", file=sys.stderr)
    return 0


def report_text(results: list[dict]) -> str:
    if not results:
        return "No events yet.\n"
    out = []
    for r in results:
        target = f"{r['target']['min']}–{r['target']['max']}"
        rel = ", ".join(f"{n} {k}" for k, n in r["by_relationship"].items() if n) or "none"
        fu, oc = r["follow_ups"], r["outcomes"]
        out += [
            f"{r['event']}" + (f" ({r['date']})" if r["date"] else ""),
            f"  contacts met          {r['contacts']}",
            f"  real conversations    {r['conversations']} of {target} — goal {'met' if r['goal_met'] else 'not met'}",
            f"  by relationship       {rel}",
            f"  notes written         {r['notes_written']}",
            f"  follow-ups            {fu['on_time']} on time, {fu['late']} late, {fu['open']} open, "
            f"{fu['overdue']} overdue",
            f"  outcomes              {oc['meetings']} meetings, {oc['introductions_made']} introductions made, "
            f"{oc['introductions_received']} received, {oc['replies']} replies",
            f"  go again?             {(r['review'] or {}).get('go_again') or 'not reviewed yet'}",
            f"  worth going back?     {r['verdict']} ({r['worth_going_back']}/100)",
            "",
        ]
    out.append(WORTH_FORMULA)
    return "\n".join(out) + "\n"

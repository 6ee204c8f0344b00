"""The events report as CSV and as a printable HTML page with a chart (inline SVG).

Both take the plain dicts of ``EventResults.to_dict()`` (the JSON shape of
`netcapture events report`), so the figures are the ones netcapture.results computed.
The HTML page needs no network and no script: open it in a browser and print it (or save as PDF).
"""
from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from typing import IO, Any

RELATIONSHIPS = ("prospect", "referral partner", "connector", "peer", "other")
FOLLOW_UPS = ("on_time", "late", "open", "overdue")
OUTCOMES = ("meetings", "introductions_made", "introductions_received", "replies", "no_answer", "other")
REVIEW = ("quality", "new_people", "helped", "good_use")

CSV_COLUMNS = (
    "event", "date", "contacts", "conversations", "target_min", "target_max", "goal_met", "starred",
    "notes_written", *(f"relationship_{r.replace(' ', '_')}" for r in RELATIONSHIPS),
    *(f"follow_ups_{k}" for k in FOLLOW_UPS), *(f"outcome_{k}" for k in OUTCOMES),
    *(f"review_{k}" for k in REVIEW), "go_again", "worth_going_back", "verdict",
)
# The chart's series: (label, how to get the value, colour); colours stay apart in greyscale print.
SERIES = (
    ("Real conversations", lambda r: r["conversations"], "#1f5fa8"),
    ("Follow-ups on time", lambda r: r["follow_ups"]["on_time"], "#5fa83a"),
    ("Outcomes", lambda r: sum(r["outcomes"][k] for k in ("meetings", "introductions_made",
                                                         "introductions_received", "replies")), "#e0a32e"),
)


def csv_row(result: dict[str, Any]) -> list[Any]:
    review = result.get("review") or {}
    return [
        result["event"], result["date"] or "", result["contacts"], result["conversations"],
        result["target"]["min"], result["target"]["max"], "yes" if result["goal_met"] else "no", result["starred"],
        result["notes_written"], *(result["by_relationship"].get(r, 0) for r in RELATIONSHIPS),
        *(result["follow_ups"][k] for k in FOLLOW_UPS), *(result["outcomes"][k] for k in OUTCOMES),
        *((review.get(k) or {}).get("answer", "") for k in REVIEW), review.get("go_again", ""),
        result["worth_going_back"], result["verdict"],
    ]


def write_report_csv(results: Sequence[dict[str, Any]], stream: IO[str]) -> int:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for result in results:
        writer.writerow(csv_row(result))
    return len(results)


def chart_svg(results: Sequence[dict[str, Any]], width: int = 720, height: int = 260) -> str:
    """A grouped bar chart: real conversations, follow-ups on time and outcomes per event."""
    e = html.escape
    left, bottom, top = 36, 56, 28
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max([1, *(get(r) for r in results for _label, get, _c in SERIES)])
    group = plot_w / max(1, len(results))
    bar = min(28.0, group * 0.8 / len(SERIES))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Results per event" font-family="sans-serif" '
             'font-size="11">']
    for step in range(0, 5):  # grid lines and their values
        value = peak * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    for i, result in enumerate(results):
        x0 = left + i * group + (group - bar * len(SERIES)) / 2
        for j, (label, get, colour) in enumerate(SERIES):
            value = get(result)
            h = plot_h * value / peak
            parts.append(f'<rect x="{x0 + j * bar:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 2:.1f}" '
                         f'height="{h:.1f}" fill="{colour}"><title>{e(result["event"])}: {e(label)} {value}'
                         '</title></rect>')
        name = result["event"] if len(result["event"]) <= 18 else result["event"][:17] + "…"
        parts.append(f'<text x="{left + i * group + group / 2:.1f}" y="{top + plot_h + 16}" '
                     f'text-anchor="middle">{e(name)}</text>')
    for j, (label, _get, colour) in enumerate(SERIES):
        x = left + j * 170
        parts.append(f'<rect x="{x}" y="{height - 18}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{height - 9}">{e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_html(results: Sequence[dict[str, Any]], formula: str, title: str = "Events: results") -> str:
    """A self-contained, printable page: the chart, a table of every figure, the formula."""
    e = html.escape
    head = ("<th>Event</th><th>Date</th><th>Contacts</th><th>Real conversations</th><th>Goal met</th>"
            "<th>Notes</th><th>Prospects / referral / connectors / peers / other</th>"
            "<th>Follow-ups on time / late / open / overdue</th><th>Meetings</th><th>Intros made / received</th>"
            "<th>Replies</th><th>Go again?</th><th>Worth going back?</th>")
    rows = []
    for r in results:
        rel = " / ".join(str(r["by_relationship"].get(k, 0)) for k in RELATIONSHIPS)
        fu = " / ".join(str(r["follow_ups"][k]) for k in FOLLOW_UPS)
        target = f'{r["target"]["min"]}–{r["target"]["max"]}'
        review = r.get("review") or {}
        rows.append(
            f"<tr><td>{e(r['event'])}</td><td>{e(r['date'] or '')}</td><td>{r['contacts']}</td>"
            f"<td>{r['conversations']} of {target}</td><td>{'yes' if r['goal_met'] else 'no'}</td>"
            f"<td>{r['notes_written']}</td><td>{rel}</td><td>{fu}</td><td>{r['outcomes']['meetings']}</td>"
            f"<td>{r['outcomes']['introductions_made']} / {r['outcomes']['introductions_received']}</td>"
            f"<td>{r['outcomes']['replies']}</td><td>{e(review.get('go_again') or '–')}</td>"
            f"<td>{r['worth_going_back']} ({e(r['verdict'])})</td></tr>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(title)}</title><style>"
        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:12px}"
        "th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f1f1f1}"
        "p.formula{font-size:12px;color:#444;max-width:60em}@media print{body{margin:0}}"
        f"</style></head><body><h1>{e(title)}</h1>\n{chart_svg(results)}\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
        f"<p class=\"formula\">{e(formula)}</p></body></html>\n")

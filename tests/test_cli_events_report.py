"""`netcapture events report` over three events made entirely through the command line."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from netcapture import capture, cli
from netcapture.results import WORTH_FORMULA
from tests.store_fakes import card, fake_read, write_card_file

TODAY = date.today()


@pytest.fixture
def run(config, monkeypatch, capsys):
    monkeypatch.setattr(capture, "default_reader", lambda _config: fake_read)
    monkeypatch.delenv("NETCAPTURE_DATABASE_URL", raising=False)

    def invoke(*argv: str) -> str:
        status = cli.main(["--data-dir", str(config.data_dir), *argv])
        out, err = capsys.readouterr()
        assert status == 0, (argv, err)
        return out

    return invoke


def _follow_up_id(run, name: str) -> int:
    rows = json.loads(run("followups", "--json"))
    return next(r["id"] for r in rows if r["name"] == name and r["kind"] == "follow-up")


def test_events_report_json_matches_what_was_done(run, tmp_path):
    run("events", "add", "Spring fair", "--date", TODAY.isoformat(), "--target", "2-4",
        "--why", "meet hospital buyers", "--looking-for", "facility managers", "--ask", "an intro to a buyer")
    run("events", "add", "Breakfast club", "--date", (TODAY - timedelta(days=6)).isoformat())
    run("events", "add", "Quiet night", "--date", (TODAY - timedelta(days=1)).isoformat(), "--target", "3")

    spring = tmp_path / "spring"
    write_card_file(spring / "a.jpg", card("Ann Lee", "Globex", emails=["ann@globex.example"]))
    write_card_file(spring / "b.jpg", card("Bo Chen", "Initech"), card("Cy Diaz", "Hooli"))
    run("scan", str(spring), "--event", "Spring fair")
    run("scan", str(write_card_file(tmp_path / "d.jpg", card("Dee Park", "Umbrella"))), "--event", "Breakfast club")
    run("contacts", "add", "--name", "Eve Moss", "--company", "Acme", "--event", "Breakfast club",
        "--relationship", "referral partner")

    run("notes", "Ann Lee", "--need", "a caterer", "--help-them", "my events agency", "--relationship", "prospect")
    run("notes", "Bo Chen", "--intro", "their CFO", "--relationship", "connector")
    run("notes", "Dee Park", "--need", "a bookkeeper")
    run("contacts", "edit", "Ann Lee", "--star")
    run("followups", "--done", str(_follow_up_id(run, "Ann Lee")), "--outcome", "meeting")
    run("followups", "--done", str(_follow_up_id(run, "Dee Park")), "--outcome", "replied")  # 6 days on: late
    run("followups", "--introduce", "Bo Chen", "their CFO", "--status", "done")
    run("followups", "--reschedule", str(_follow_up_id(run, "Eve Moss")), (TODAY - timedelta(days=2)).isoformat())
    run("events", "review", "Breakfast club", "--quality", "no", "--new-people", "somewhat", "--helped", "yes",
        "--helped-line", "Dee needed a bookkeeper", "--good-use", "no", "--go-again", "no", "--note", "too early")

    report = json.loads(run("events", "report", "--format", "json"))
    assert [r["event"] for r in report] == ["Spring fair", "Quiet night", "Breakfast club"]
    spring_r, quiet, breakfast = report
    assert {k: spring_r[k] for k in ("date", "contacts", "conversations", "target", "goal_met", "starred",
                                     "notes_written")} == {
        "date": TODAY.isoformat(), "contacts": 3, "conversations": 2, "target": {"min": 2, "max": 4},
        "goal_met": True, "starred": 1, "notes_written": 2}
    assert spring_r["by_relationship"] == {"prospect": 1, "referral partner": 0, "connector": 1, "peer": 0,
                                           "other": 1}
    assert spring_r["follow_ups"] == {"on_time": 1, "late": 0, "open": 2, "overdue": 0}
    assert spring_r["outcomes"] == {"meetings": 1, "introductions_made": 0, "introductions_received": 1,
                                    "replies": 0, "no_answer": 0, "other": 0}
    assert spring_r["review"] is None
    assert (spring_r["worth_going_back"], spring_r["verdict"]) == (100, "yes")  # 50 x 1 + 50 x min(1, 2/2)

    assert (quiet["contacts"], quiet["conversations"], quiet["goal_met"], quiet["worth_going_back"]) == (0, 0, False, 0)
    assert quiet["follow_ups"] == {"on_time": 0, "late": 0, "open": 0, "overdue": 0}

    assert (breakfast["contacts"], breakfast["conversations"], breakfast["goal_met"]) == (2, 1, False)
    assert breakfast["by_relationship"]["referral partner"] == 1
    assert breakfast["follow_ups"] == {"on_time": 0, "late": 1, "open": 0, "overdue": 1}
    assert breakfast["outcomes"]["replies"] == 1
    assert breakfast["review"]["helped"] == {"answer": "yes", "line": "Dee needed a bookkeeper"}
    assert (breakfast["review"]["go_again"], breakfast["review"]["note"]) == ("no", "too early")
    # 40 x (0 + 0.5 + 1 + 0 + 0) / 5 + 30 x min(1, 1/5) + 30 x min(1, 1/1) = 12 + 6 + 30
    assert (breakfast["worth_going_back"], breakfast["verdict"]) == (48, "maybe")

    one = json.loads(run("events", "report", "--event", "Breakfast club", "--format", "json"))
    assert one == [breakfast]
    text = run("events", "report", "--event", "Spring fair")
    assert "2 of 2–4 — goal met" in text and WORTH_FORMULA in text
    rows = list(csv.DictReader(io.StringIO(run("events", "report", "--format", "csv"))))
    assert [(r["event"], r["conversations"], r["worth_going_back"]) for r in rows] == [
        ("Spring fair", "2", "100"), ("Quiet night", "0", "0"), ("Breakfast club", "1", "48")]
    run("events", "report", "--format", "html", "-o", str(tmp_path / "report.html"))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and page.count("<rect") >= 9
    assert "Breakfast club" in page and "worth going back (0-100)" in page

    out = run("events", "edit", "Quiet night", "--target", "4-6", "--ask", "one good intro")
    assert "Updated" in out
    assert json.loads(run("events", "report", "--event", "Quiet night", "--format", "json"))[0]["target"] == {
        "min": 4, "max": 6}
    assert "ask: one good intro" in run("events")
    run("events", "delete", "Quiet night")
    assert [r["event"] for r in json.loads(run("events", "report", "--format", "json"))] == [
        "Spring fair", "Breakfast club"]

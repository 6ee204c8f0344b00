"""Follow-through from the command line: scan -> notes -> follow-ups -> calendar, and contact editing."""
from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import vobject

from netcapture import capture, cli
from tests.store_fakes import card, fake_read, write_card_file

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def _tomorrow() -> date:
    """Taken when a test starts, not when the module is collected: a whole-suite run can cross midnight."""
    return date.today() + timedelta(days=1)


@pytest.fixture
def invoke(config, monkeypatch, capsys):
    monkeypatch.delenv("NETCAPTURE_DATABASE_URL", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        status = cli.main(["--data-dir", str(config.data_dir), *argv])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def _calendar(invoke, path: Path) -> dict[str, vobject.base.Component]:
    status, _out, err = invoke("export", "--format", "ics", "-o", str(path))
    assert status == 0, err
    return {event.uid.value: event for event in vobject.readOne(path.read_text(encoding="utf-8")).vevent_list}


def test_scan_three_sample_cards_then_the_calendar_follows_the_follow_ups(invoke, tmp_path):
    """The shipped fictional sample cards, read by the real reader (Tesseract)."""
    tomorrow = _tomorrow()
    truth = {c["file"]: c for c in json.loads((SAMPLES / "samples.json").read_text(encoding="utf-8"))}
    cards = tmp_path / "cards"
    cards.mkdir()
    chosen = ["01-angled-on-wood.jpg", "02-dark-card.jpg", "03-qr-code.jpg"]
    for name in chosen:
        shutil.copy(SAMPLES / name, cards / name)
    status, out, err = invoke("scan", str(cards), "--event", "Expo")
    assert status == 0, err
    assert "3 file(s) read, 3 contact(s)" in out

    first = _calendar(invoke, tmp_path / "one.ics")
    assert len(first) == 3
    summaries = sorted(e.summary.value.casefold() for e in first.values())
    for name in chosen:
        assert any(truth[name]["name"].casefold() in s for s in summaries), (truth[name]["name"], summaries)
    assert all(e.summary.value.startswith("Follow up: ") for e in first.values())
    assert {e.dtstart.value for e in first.values()} == {tomorrow}
    assert {e.sequence.value for e in first.values()} == {"0"}

    # notes through the CLI land in the calendar entry; marking one done raises only its SEQUENCE
    status, out, err = invoke("notes", "Marcus", "--need", "a caterer for 200 people", "--help-them",
                              "introduce my events agency", "--relationship", "prospect")
    assert status == 0, err
    assert "a caterer for 200 people" in out and "prospect" in out
    rows = json.loads(invoke("followups", "--json")[1])
    assert len(rows) == 3 and {r["due"] for r in rows} == {tomorrow.isoformat()}
    marcus = next(r for r in rows if "marcus" in r["name"].casefold())
    assert marcus["need"] == "a caterer for 200 people"
    status, out, err = invoke("followups", "--done", str(marcus["id"]), "--outcome", "meeting")
    assert status == 0 and "Meeting booked" in out, err

    second = _calendar(invoke, tmp_path / "two.ics")
    assert set(second) == set(first)  # the same UIDs: a calendar updates its entries
    changed = [uid for uid in first if second[uid].sequence.value != first[uid].sequence.value]
    assert len(changed) == 1
    done = second[changed[0]]
    assert int(done.sequence.value) > int(first[changed[0]].sequence.value)
    assert done.status.value == "CANCELLED" and done.summary.value.startswith("Done: Follow up: ")
    assert "Needs: a caterer for 200 people" in done.description.value
    assert "valarm" not in done.contents
    assert all(second[uid].status.value == "CONFIRMED" for uid in second if uid != changed[0])


@pytest.fixture
def fake_invoke(invoke, monkeypatch):
    monkeypatch.setattr(capture, "default_reader", lambda _config: fake_read)
    return invoke


def test_contacts_add_edit_delete_restore_and_follow_up_actions(fake_invoke, tmp_path):
    run = fake_invoke
    tomorrow = _tomorrow()
    assert run("events", "add", "Expo", "--use")[0] == 0
    status, out, err = run("contacts", "add", "--name", "Kim Park", "--company", "Hooli", "--email", "kim@hooli.example",
                           "--phone", "mobile:+1 312 555 0102")
    assert status == 0, err
    kim_id = int(out.split()[2].rstrip(":"))
    [kim] = json.loads(run("contacts", "--json")[1])
    assert (kim["name"], kim["events"], kim["phones"][0]["kind"]) == ("Kim Park", ["Expo"], "mobile")
    assert [f["due"] for f in kim["follow_ups"]] == [tomorrow.isoformat()]

    status, _out, err = run("contacts", "edit", "Kim", "--title", "CTO", "--email", "kim@hooli.example",
                            "--email", "k.park@hooli.example", "--star")
    assert status == 0, err
    [kim] = json.loads(run("contacts", "--json")[1])
    assert kim["title"] == "CTO" and kim["emails"] == ["kim@hooli.example", "k.park@hooli.example"]

    [row] = json.loads(run("followups", "--json")[1])
    status, out, _ = run("followups", "--snooze", str(row["id"]), "7")
    assert status == 0 and (tomorrow + timedelta(days=7)).isoformat() in out
    assert json.loads(run("followups", "--due", "upcoming", "--json")[1])[0]["sequence"] == 1
    run("notes", str(kim_id), "--need", "a data team", "--ask", "an intro to their CFO")
    status, out, _ = run("followups", "--draft", str(row["id"]))
    assert status == 0 and "To: kim@hooli.example" in out and "a data team" in out and "mailto:" in out
    status, out, _ = run("followups", "--introduce", "Kim", "their CFO")
    assert status == 0 and "asked" in out
    status, out, _ = run("contacts", "show", "Kim")
    assert status == 0 and "Kim Park" in out and "★" in out and "Needs: a data team" in out
    assert f"{row['id']:>5}  {(tomorrow + timedelta(days=7)).isoformat()}  open" in out
    assert "intro for me: their CFO (asked)" in out and "mobile: +1 312 555 0102" in out

    status, out, _ = run("contacts", "delete", "Kim")
    assert status == 0 and "Trash" in out
    assert run("contacts", "--json")[1].strip() == "[]"
    assert "No follow-ups here." in run("followups")[1]
    assert "Kim Park" in run("contacts", "trash")[1]
    assert run("contacts", "restore", str(kim_id))[0] == 0
    assert [c["name"] for c in json.loads(run("contacts", "--json")[1])] == ["Kim Park"]

    status, _out, err = run("notes", "Nobody")
    assert status == 2 and "No contact matches 'Nobody'" in err
    status, _out, err = run("followups", "--snooze", "x", "1")
    assert status == 2 and "not a follow-up id" in err
    assert run("followups", "--rule", "same-day") == (0, "New contacts' follow-ups: same day.\n", "")
    write_card_file(tmp_path / "a.jpg", card("Lee Ode", "Acme"))
    run("scan", str(tmp_path / "a.jpg"))
    assert date.today().isoformat() in run("followups", "--due", "today")[1]

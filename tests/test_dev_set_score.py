"""The real-photo dev sets, scored by the project's own scorer: the scores may not silently drop.

dev (10 photos, one collection): goal from issue 2, field F1 >= 0.95 and at least 7 of 10 cards fully
right. The line-role model is trained on these photos too, so this floor guards against regressions,
it does not measure generalisation (packaging/train_line_roles.py --cv-dev does, leave-one-out).
dev2 (33 cards from nine other sources) is never trained on: its floor sits just under today's score
(field F1 0.679, 3 cards fully right) and is to be raised as the reader improves (goal: 0.95).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared_folder() -> Path:
    """../shared beside the checkout (or beside the folder of worktrees); NETCAPTURE_SHARED overrides."""
    if os.environ.get("NETCAPTURE_SHARED"):
        return Path(os.environ["NETCAPTURE_SHARED"])
    for parent in (REPO.parent, REPO.parent.parent):
        if (parent / "shared").is_dir():
            return parent / "shared"
    return REPO.parent / "shared"


# The photos are of real people: they are read from ../shared at test time, never copied here.
SHARED = _shared_folder()
SCORER = SHARED / "bench" / "score_cards.py"
LABELS = SHARED / "cards" / "dev" / "labels.json"
LABELS2 = SHARED / "cards" / "dev2" / "labels.json"

F1_FLOOR = 0.95
COMPLETE_FLOOR = 7
DEV2_F1_FLOOR = 0.89  # 0.914 at 1a1795c (session 14): a drop of a few fields fails

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SCORER.exists() and LABELS.exists()),
                       reason="the real dev photos (../shared/cards/dev, or $NETCAPTURE_SHARED) are not beside this checkout"),
]


def _score(labels: Path) -> tuple[float, int, str]:
    cmd = f"{sys.executable} -m ui.launch read --json"
    result = subprocess.run([sys.executable, str(SCORER), "--labels", str(labels), "--cmd", cmd, "-v"],
                            capture_output=True, text=True, cwd=REPO, timeout=1500)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = re.search(r"field F1 ([\d.]+) .*cards with every field right (\d+)/(\d+)", result.stdout)
    assert summary, result.stdout
    return float(summary.group(1)), int(summary.group(2)), result.stdout


def test_dev_set_score_stays_above_the_floor():
    f1, complete, report = _score(LABELS)
    assert f1 >= F1_FLOOR, report
    assert complete >= COMPLETE_FLOOR, report


@pytest.mark.skipif(not LABELS2.exists(), reason="the real dev2 photos (../shared/cards/dev2) are not beside this checkout")
def test_dev2_set_score_stays_above_its_floor():
    f1, _, report = _score(LABELS2)
    assert f1 >= DEV2_F1_FLOOR, report

"""The OCR engines side by side on the labelled development sets: field F1, CPU time per card and
peak memory of `netcapture read --json` (one worker per core, as a user's batch runs).

Engines are chosen as a user chooses them, by NETCAPTURE_ENGINE: rapidocr-cascade (the default
where PP-OCR is installed: it reads the cards Tesseract's reading has no e-mail address on),
tesseract, rapidocr (PP-OCR reads every card), rapidocr-second (PP-OCR re-reads the lines Tesseract was
unsure of), rapidocr-script (PP-OCR reads the cards Tesseract can't: CJK, stylised print).
Only the aggregate scores are printed (the held-apart set must never be looked at card by card).

    python -m tests.bench.bench_engines [--engines tesseract,rapidocr] [--sets dev,work,check]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_reader import TreeMemory

REPO = Path(__file__).resolve().parents[2]
SHARED = next((p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()),
              REPO.parent / "shared")
NOTES = next((p for p in (REPO.parent / "notes", REPO.parent.parent / "notes") if p.is_dir()), REPO.parent / "notes")
# name -> (labels, folder of the images)
SETS = {
    "dev": (SHARED / "cards" / "dev" / "labels.json", SHARED / "cards" / "dev"),
    "dev2": (SHARED / "cards" / "dev2" / "labels.json", SHARED / "cards" / "dev2"),
    "work": (NOTES / "splits" / "dev2_work.json", SHARED / "cards" / "dev2"),
    "check": (NOTES / "splits" / "dev2_check.json", SHARED / "cards" / "dev2"),
}
ENGINES = ("tesseract", "rapidocr-cascade", "rapidocr", "rapidocr-second", "rapidocr-script")
SCORER = SHARED / "bench" / "score_cards.py"


def run(engine: str, labels: Path, folder: Path) -> dict:
    """Read the set's images with ``engine``; its score, CPU time and memory."""
    names = list(dict.fromkeys(card["file"] for card in json.loads(labels.read_text())))
    paths = [str(folder / name) for name in names]
    exe = Path(sys.executable).with_name("netcapture")
    env = dict(os.environ, NETCAPTURE_ENGINE=engine)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "read", "--json", *paths], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"netcapture read ({engine}) failed: {err[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as preds:
        preds.write(out)
    try:
        scored = subprocess.run([sys.executable, str(SCORER), "--labels", str(labels), "--images", str(folder),
                                 "--predictions", preds.name], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(preds.name)
    summary = re.search(r"field F1 ([\d.]+).*?every field right (\d+)/(\d+)", scored)
    fields = {m[1]: m[2] for m in re.finditer(r"^(\w+)\s+\d+\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+)$", scored, re.M)}
    return {"f1": float(summary[1]), "right": f"{summary[2]}/{summary[3]}", "fields": fields,
            "cpu_per_card": cpu / len(paths), "wall": wall, "tree_mb": memory.peak_total / 2**20,
            "single_mb": memory.peak_single / 2**20, "images": len(paths)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--sets", default="dev,work,check")
    args = parser.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    missing = [s for s in sets if s not in SETS or not SETS[s][0].is_file()]
    if missing or not SCORER.is_file():
        print(f"bench_engines: labelled sets not found ({', '.join(missing) or SCORER}): skipped", file=sys.stderr)
        return 0
    print(f"engines on the development sets, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for name in sets:
        labels, folder = SETS[name]
        for engine in (e for e in args.engines.split(",") if e):
            r = run(engine, labels, folder)
            fields = " ".join(f"{k} {v}" for k, v in r["fields"].items())
            print(f"  {name:<5} {engine:<16} F1 {r['f1']:.3f} ({r['right']} cards right; {fields}); "
                  f"{r['cpu_per_card']:.2f} CPU-s per image ({r['images']}), wall {r['wall']:.0f} s; peak "
                  f"{r['single_mb']:.0f} MB largest process, {r['tree_mb']:.0f} MB process tree", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

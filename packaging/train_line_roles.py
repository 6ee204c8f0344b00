"""Train the line-role classifier (ocr/line_roles.py) and write ocr/models/line_roles.json.

    .venv/bin/python packaging/train_line_roles.py              # synthetic + the real dev photos
    .venv/bin/python packaging/train_line_roles.py --no-real    # synthetic only

Data, all deterministic:
- synthetic cards of fictional people: the world generator (tests/synthetic/world.py, every locale)
  and the original generator (tests/synthetic/identity.py), laid out by tests/synthetic/layout.py
  and turned into word boxes as a perfect OCR would give them, with each role's type size and the
  word confidences jittered per card so no single cue (such as "the name is the largest") decides;
  training seeds 0..N-1, threshold-tuning seeds 500..529 (held apart from training);
- synthetic world cards rendered (seeds 100000+), 60% of them at low resolution with blur, and read
  by Tesseract with English plus the locale's language (eng+spa...): the noise real OCR makes, with
  known truth (--cache keeps their word boxes between runs);
- the real development photos ../shared/cards/dev (10 photos of real people): read with the
  reader at training time, their lines labelled from labels.json. Only fitted weights are written:
  no text from these photos is stored. ../shared/cards/dev2 is never used here: it is the held-out set.
Report scores on dev2 and on fresh synthetic seeds (python -m tests.synthetic.breadth --seeds 1000:1040),
never on the data above.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ocr import line_roles  # noqa: E402
from ocr.fields import judge_card, line_evidence  # noqa: E402
from ocr.reading import WordBox  # noqa: E402
from tests.synthetic.breadth import layout_words  # noqa: E402

OUT = REPO / "ocr" / "models" / "line_roles.json"


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def role_of(text: str, truth: dict) -> str:
    """The role a line plays, from what the card is known to say."""
    t = fold(text)
    if not t:
        return "other"
    for name in [truth.get("name"), *truth.get("name_alt", [])]:
        if name and (sorted(t.split()) == sorted(fold(name).split())
                     or (t.startswith(fold(name)) and len(t) - len(fold(name)) <= 12)):
            return "name"
    for role in ("title", "company"):
        for value in [truth.get(role), *truth.get(role + "_alt", [])]:
            if value and difflib.SequenceMatcher(None, t, fold(value)).ratio() >= 0.9:
                return role
    return "other"


def _jitter(words: list[WordBox], layout, rng: np.random.Generator) -> list[WordBox]:
    """Per card, scale each role's type size and shake confidences."""
    factor = {role: float(rng.uniform(0.4, 1.5)) for role in ("name", "title", "company", "wordmark")}
    by_line = sorted((ln for ln in layout.lines if ln.text.strip()), key=lambda ln: (ln.box[1], ln.box[0]))
    out = []
    for w in words:
        role = by_line[w.line].role
        f = factor.get(role, 1.0)
        out.append(WordBox(w.text, w.left, w.top, max(1, int(w.width * f)), max(1, int(w.height * f)),
                           float(rng.uniform(0.55, 0.97)), w.line))
    return out


_SLOGANS = ["Your partner for growth", "cowork. network. grow", "Quality since 1987", "Soluções que inspiram",
            "Innovación y confianza", "Ensemble, plus loin", "Qualität aus Tradition", "Passione e precisione",
            "Samen bouwen", "Think global, act local", "ISO 9001 certified", "Trusted by 500+ clients"]


def _noise(rng: np.random.Generator) -> str:
    """A line OCR makes of a logo or an ornament: short scraps of letters and symbols."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    scraps = []
    for _ in range(int(rng.integers(1, 4))):
        n = int(rng.integers(1, 6))
        scrap = "".join(letters[int(rng.integers(len(letters)))] for _ in range(n))
        scraps.append(scrap if rng.random() < 0.7 else scrap + "=|-_©"[int(rng.integers(5))])
    return " ".join(scraps)


def _with_noise(words: list[WordBox], rng: np.random.Generator) -> list[WordBox]:
    """Add a logo scrap or a slogan line above, below or between the card's lines."""
    if not words:
        return words
    lines = sorted({w.line for w in words})
    out = list(words)
    for _ in range(int(rng.integers(1, 3))):
        text = _SLOGANS[int(rng.integers(len(_SLOGANS)))] if rng.random() < 0.35 else _noise(rng)
        at = lines[int(rng.integers(len(lines)))]
        ref = next(w for w in words if w.line == at)
        h = int(ref.height * rng.uniform(0.6, 2.0))
        top = ref.top - h - 4 if rng.random() < 0.5 else ref.top + ref.height + 4
        conf = float(rng.uniform(0.1, 0.9))
        x = ref.left
        for tok in text.split():
            out.append(WordBox(tok, x, top, max(1, int(len(tok) * h * 0.55)), h, conf, -1))
            x += int(len(tok) * h * 0.55) + h // 3
    # renumber lines in reading order
    order = sorted({(w.top, w.line) for w in out})
    first_top: dict[int, int] = {}
    for top, ln in order:
        first_top.setdefault(ln if ln >= 0 else -top - 1, top)
    keys = sorted(first_top, key=lambda k: first_top[k])
    index = {k: i for i, k in enumerate(keys)}
    return [WordBox(w.text, w.left, w.top, w.width, w.height, w.conf,
                    index[w.line if w.line >= 0 else -w.top - 1]) for w in sorted(out, key=lambda w: (w.top, w.left))]


_KANA = ["コリン", "ミドリ", "サクラ", "ヒカリ", "アオバ", "ホシノ", "ミライ"]
_HANZI = ["金海", "丰源", "白水", "星河", "云桥", "玉池"]


def _with_cjk_company(words: list[WordBox], labels: dict, locale: str, rng: np.random.Generator) -> list[WordBox]:
    """Japanese and Chinese cards print the firm's own-script name too: "株式会社コリン", "金海有限公司"."""
    stem = _KANA[int(rng.integers(len(_KANA)))] if locale == "ja" else _HANZI[int(rng.integers(len(_HANZI)))]
    text = ("株式会社" + stem if rng.random() < 0.6 else stem + "株式会社") if locale == "ja" else stem + "有限公司"
    labels.setdefault("company_alt", []).append(text)
    h = max(w.height for w in words) if words else 30
    h = int(h * rng.uniform(0.6, 1.1))
    top = min(w.top for w in words) - h - 8 if words else 0
    shifted = [WordBox(w.text, w.left, w.top, w.width, w.height, w.conf, w.line + 1) for w in words]
    return [WordBox(text, min((w.left for w in words), default=0), top, h * len(text), h, 0.8, 0), *shifted]


def synthetic_rows(seeds: range) -> tuple[list, list]:
    from tests.synthetic.identity import make_card_truth
    from tests.synthetic.layout import layout_card
    from tests.synthetic.style import random_style
    from tests.synthetic.world import LOCALES, make_world_truth

    xs, ys = [], []
    for seed in seeds:
        for k, locale in enumerate((*LOCALES, "classic")):
            rng = np.random.default_rng([seed, k, 7])
            truth = make_card_truth(rng) if locale == "classic" else make_world_truth(rng, locale)
            style = random_style(rng)
            layout = layout_card(truth, style)
            words = layout_words(layout)
            if rng.random() < 0.7:
                words = _jitter(words, layout, rng)
            if rng.random() < 0.5:
                words = _with_noise(words, rng)
            labels = truth.to_dict()
            if locale in ("ja", "zh") and rng.random() < 0.3:
                words = _with_cjk_company(words, labels, locale, rng)
            add_card(words, labels, xs, ys)
    return xs, ys


def add_card(words: list[WordBox], labels: dict, xs: list, ys: list) -> None:
    reading, judged = judge_card(words)
    if not judged:
        return
    usable, rows = line_evidence(judged, reading)
    for j, row in zip(usable, rows, strict=True):
        xs.append(row)
        ys.append(line_roles.ROLES.index(role_of(j.text, labels)))


def rendered_rows(count: int, cache: Path | None) -> tuple[list, list]:
    """Synthetic world cards rendered, degraded (low resolution, blur) and read by Tesseract:
    the noise real OCR makes (logo glyphs, broken words) with known truth. Word boxes can be cached."""
    from ocr.pipeline import recognize_card
    from tests.synthetic.breadth import _degrade, locale_lang, world_card
    from tests.synthetic.render import render_card
    from tests.synthetic.world import LOCALES

    stored = json.loads(cache.read_text()) if cache and cache.exists() else {}
    xs, ys = [], []
    for i in range(count):
        locale = LOCALES[i % len(LOCALES)]
        key = f"{i}:{locale}"
        if key not in stored:
            truth, style, _, rng = world_card(100_000 + i, locale)
            card = render_card(truth, style, rng)
            if rng.random() < 0.6:
                card = _degrade(card, rng)
            words, _ = recognize_card(card, lang=locale_lang(locale))  # as a user there sets the app up
            stored[key] = {"truth": truth.to_dict(), "words": [w.__dict__ for w in words]}
        add_card([WordBox(**w) for w in stored[key]["words"]], stored[key]["truth"], xs, ys)
    if cache:
        cache.write_text(json.dumps(stored))
    return xs, ys


def real_rows(shared: Path, words_file: str | None = None) -> tuple[list, list]:
    """Lines of the real dev photos, labelled from labels.json (read at training time only)."""
    from ocr import read_cards

    labels = json.loads((shared / "cards" / "dev" / "labels.json").read_text())
    xs, ys = [], []
    read = {}
    if words_file:  # word boxes already read: JSON Lines of `netcapture read --json --words`
        for line in Path(words_file).read_text().splitlines():
            if line.startswith("{"):
                card = json.loads(line)
                read.setdefault(Path(card["source"]).name, []).append([WordBox(**w) for w in card["words"]])
    for card in labels:
        pages = read.get(card["file"]) or [r.words for r in read_cards(shared / "cards" / "dev" / card["file"])]
        start = len(xs)
        for words in pages:
            add_card(words, card, xs, ys)
        PHOTOS[card["file"]] = (range(start, len(xs)), pages)
    return xs, ys


PHOTOS: dict[str, tuple[range, list]] = {}  # dev photo -> (its rows in real_rows' output, its word boxes)


def tune_thresholds(model, seeds: range) -> dict[str, float]:
    """Per role, the probability floor with the best line-level F1 on held-apart synthetic seeds."""
    xs, ys = synthetic_rows(seeds)
    p = model.predict_proba(np.asarray(xs))
    y = np.asarray(ys)
    out = {}
    for r, role in enumerate(line_roles.ROLES):
        if role == "other":
            continue
        best = (0.0, 0.5)
        for t in np.arange(0.2, 0.8, 0.05):
            pred = p[:, r] >= t
            tp = float(np.sum(pred & (y == r)))
            f = 2 * tp / max(1.0, float(pred.sum() + np.sum(y == r)))
            best = max(best, (f, round(float(t), 2)))
        out[role] = best[1]
    return out


def export(model) -> dict:
    """The fitted trees as plain arrays: (left, right, feature, threshold, value) per tree."""
    stages = []
    for stage in model.estimators_:
        trees = []
        for est in stage:
            t = est.tree_
            trees.append([t.children_left.tolist(), t.children_right.tolist(), t.feature.tolist(),
                          [round(float(v), 6) for v in t.threshold], [round(float(v), 6) for v in t.value[:, 0, 0]]])
        stages.append(trees)
    prior = model.init_.class_prior_
    return {"init": [round(float(v), 6) for v in np.log(np.maximum(prior, 1e-12))],
            "learning_rate": model.learning_rate, "trees": stages}


def _fit(xs: list, ys: list):
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(n_estimators=120, max_depth=3, learning_rate=0.15, subsample=0.8,
                                       random_state=0)
    model.fit(np.asarray(xs, dtype=float), np.asarray(ys))
    return model


def cross_validate_dev(sx: list, sy: list, rx: list, ry: list, shared: Path, out: Path) -> None:
    """Leave-one-photo-out on the dev set: each photo is read by a model that never saw it."""
    from ocr.fields import extract_fields

    lines = []
    for photo, (rows, pages) in PHOTOS.items():
        keep = [i for i in range(len(rx)) if i not in rows]
        model = _fit(sx + [rx[i] for i in keep] * 5, sy + [ry[i] for i in keep] * 5)
        line_roles.use_model({"features": list(line_roles.FEATURES), "roles": list(line_roles.ROLES),
                              **export(model), "thresholds": line_roles.thresholds()})
        for index, words in enumerate(pages):
            reading = extract_fields(words)
            reading.source, reading.index = str(shared / "cards" / "dev" / photo), index
            lines.append(json.dumps(reading.to_dict(), ensure_ascii=False))
        line_roles.use_model(None)
        print(f"  held out one dev photo ({len(lines)} readings)", file=sys.stderr)
    out.write_text("\n".join(lines) + "\n")


def main() -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=60, help="synthetic training seeds (x12 cards each)")
    ap.add_argument("--rendered", type=int, default=330, help="synthetic cards rendered and read by Tesseract")
    ap.add_argument("--cache", default=None, help="JSON file keeping the rendered cards' word boxes between runs")
    ap.add_argument("--dev-words", default=None, help="the dev photos' word boxes, already read (JSON Lines)")
    ap.add_argument("--out", default=str(OUT), help="where the model goes (default: the shipped one)")
    ap.add_argument("--cv-dev", default=None, metavar="PREDICTIONS.jsonl",
                    help="instead of training: leave each dev photo out in turn, fit on the rest, and write "
                         "the held-out photos' readings for ../shared/bench/score_cards.py --predictions")
    ap.add_argument("--no-real", action="store_true", help="leave the real dev photos out")
    ap.add_argument("--shared", default=None, help="the shared folder (default: ../shared or ../../shared)")
    args = ap.parse_args()

    xs, ys = synthetic_rows(range(args.seeds))
    print(f"synthetic: {len(xs)} lines", file=sys.stderr)
    if args.rendered:
        rx, ry = rendered_rows(args.rendered, Path(args.cache) if args.cache else None)
        xs += rx * 2
        ys += ry * 2
        print(f"rendered synthetic cards read by Tesseract: {len(rx)} lines (weight 2)", file=sys.stderr)
    shared = Path(args.shared) if args.shared else next(
        (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared" / "cards" / "dev").is_dir()), None)
    synthetic_count = len(xs)
    rx, ry = [], []
    if not args.no_real and shared is not None:
        rx, ry = real_rows(shared, args.dev_words)
        # the real photos are few: count each of their lines several times
        xs += rx * 5
        ys += ry * 5
        print(f"real dev photos: {len(rx)} lines (weight 5)", file=sys.stderr)
    if args.cv_dev:
        cross_validate_dev(xs[:synthetic_count], ys[:synthetic_count], rx, ry, shared, Path(args.cv_dev))
        return
    x = np.asarray(xs, dtype=float)
    model = GradientBoostingClassifier(n_estimators=120, max_depth=3, learning_rate=0.15, subsample=0.8,
                                       random_state=0)
    model.fit(x, np.asarray(ys))
    thresholds = tune_thresholds(model, range(500, 530))
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "about": "line-role classifier for ocr/line_roles.py; written by packaging/train_line_roles.py",
        "features": list(line_roles.FEATURES), "roles": list(line_roles.ROLES),
        **export(model), "thresholds": thresholds, "training_lines": len(xs),
    }, separators=(",", ":")) + "\n")
    print(f"wrote {out}; thresholds {thresholds}", file=sys.stderr)


if __name__ == "__main__":
    main()

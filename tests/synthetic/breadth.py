"""Breadth score of the field logic over the world generator: per locale, per field, fresh seeds.

    .venv/bin/python -m tests.synthetic.breadth --seeds 1000:1040        # perfect OCR of each layout
    .venv/bin/python -m tests.synthetic.breadth --seeds 1000:1010 --ocr  # rendered, low-res, Tesseract
    .venv/bin/python -m tests.synthetic.breadth --seeds 1000:1010 --ocr --user-lang  # eng+spa for es, ...

Scoring follows ../shared/bench/score_cards.py: text folded for case and punctuation (names in any
word order), phones by digits, websites without scheme or "www.". Field F1 over all fields.
"""
from __future__ import annotations

import argparse
import difflib
import re
import unicodedata
from collections import defaultdict

import numpy as np

from ocr.reading import WordBox

FIELDS = ("name", "title", "company", "emails", "phones", "websites")


def fold(s: str | None) -> str:
    """Text compared without case, punctuation or spacing differences."""
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def phone_digits(s: str) -> str:
    return re.sub(r"\D", "", s.replace("(0)", "")).lstrip("0")


def same_phone(a: str, b: str) -> bool:
    x, y = phone_digits(a), phone_digits(b)
    short, long_ = sorted((x, y), key=len)
    return bool(short) and (x == y or (len(short) >= 7 and long_.endswith(short) and len(long_) - len(short) <= 3))


def norm_site(s: str) -> str:
    return re.sub(r"^[a-z]+:/*", "", s.strip().casefold()).removeprefix("www.").rstrip("/")


def field_hits(truth: dict, got: dict) -> dict[str, tuple[int, int, int]]:
    """(right, labelled, predicted) per field."""
    out = {}
    for f in ("name", "title", "company"):
        want, have = truth.get(f), got.get(f)
        if f == "name":  # a partner's name under the owner's is accepted too, as on real labels
            ok = bool(want and have) and any(sorted(fold(w).split()) == sorted(fold(have).split())
                                             for w in [want, *truth.get("name_alt", [])])
        else:
            ok = bool(want and have) and difflib.SequenceMatcher(None, fold(want), fold(have)).ratio() >= 0.9
        out[f] = (int(ok), int(bool(want)), int(bool(have)))
    emails_t, emails_g = [e.casefold() for e in truth["emails"]], [e.casefold() for e in got.get("emails") or []]
    out["emails"] = (sum(e in emails_g for e in emails_t), len(emails_t), len(emails_g))
    sites_t, sites_g = [norm_site(w) for w in truth["websites"]], [norm_site(w) for w in got.get("websites") or []]
    out["websites"] = (sum(w in sites_g for w in sites_t), len(sites_t), len(sites_g))
    numbers = [p["number"] for p in got.get("phones") or []]
    right = sum(any(same_phone(p["number"], n) for n in numbers) for p in truth["phones"])
    out["phones"] = (min(right, len(numbers)), len(truth["phones"]), len(numbers))
    return out


def layout_words(layout) -> list[WordBox]:
    """Word boxes of a perfect OCR of a synthetic layout (reading order: top to bottom)."""
    lines = sorted((ln for ln in layout.lines if ln.text.strip()), key=lambda ln: (ln.box[1], ln.box[0]))
    out = []
    for i, ln in enumerate(lines):
        x0, y0, x1, y1 = ln.box
        n = max(1, len(ln.text))
        for m in re.finditer(r"\S+", ln.text):
            a, b = x0 + (x1 - x0) * m.start() / n, x0 + (x1 - x0) * m.end() / n
            out.append(WordBox(m.group(0), int(a), y0, max(1, int(b - a)), y1 - y0, 0.93, i))
    return out


def world_card(seed: int, locale: str):
    """(truth, style, layout) of one world card; deterministic per seed and locale."""
    from tests.synthetic.layout import layout_card
    from tests.synthetic.style import random_style
    from tests.synthetic.world import LOCALES, make_world_truth

    rng = np.random.default_rng([seed, LOCALES.index(locale)])
    truth = make_world_truth(rng, locale)
    style = random_style(rng)
    return truth, style, layout_card(truth, style), rng


def f1(hits: list[tuple[int, int, int]]) -> float:
    r, lab, pred = (sum(h[i] for h in hits) for i in range(3))
    p, rc = (r / pred if pred else 1.0), (r / lab if lab else 1.0)
    return 2 * p * rc / (p + rc) if p + rc else 0.0


# The Tesseract language a user of each locale adds to English (Settings / read --lang eng+por).
LOCALE_LANGUAGE = {"pt": "por", "es": "spa", "fr": "fra", "de": "deu", "it": "ita", "nl": "nld", "vi": "vie"}


def locale_lang(locale: str) -> str:
    """ "eng+spa" for a Spanish card when Spanish is installed, else "eng"."""
    from ocr.languages import installed_languages

    extra = LOCALE_LANGUAGE.get(locale)
    return f"eng+{extra}" if extra and extra in installed_languages() else "eng"


def breadth(seeds: range, ocr: bool = False, locales=None, user_lang: bool = False,
            verbose: bool = False) -> dict[str, dict[str, list]]:
    """{locale: {field: [(right, labelled, predicted), ...]}}. With ``user_lang``, rendered cards are read
    with English plus the locale's language, as a user there sets the app up. With ``verbose``, every
    missed field is printed (the cards are fictional)."""
    from ocr.fields import extract_fields
    from tests.synthetic.world import LOCALES

    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for locale in locales or LOCALES:
        for seed in seeds:
            truth, style, layout, rng = world_card(seed, locale)
            if ocr:
                from ocr.pipeline import read_card_image
                from tests.synthetic.render import render_card

                card = render_card(truth, style, rng)
                reading = read_card_image(_degrade(card, rng), lang=locale_lang(locale) if user_lang else "eng")
            else:
                reading = extract_fields(layout_words(layout))
            want, got = truth.to_dict(), reading.to_dict()
            for f, h in field_hits(want, got).items():
                out[locale][f].append(h)
                if verbose and h != (h[1], h[1], h[1]):
                    print(f"{locale} {seed} {f}: want {_shown(want, f)!r} got {_shown(got, f)!r}")
    return out


def _shown(card: dict, field: str):
    value = card.get(field)
    return [p["number"] for p in value] if field == "phones" and value else value


def _degrade(card: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Low resolution (card 500-900 px wide) and a little blur, as phone photos of far cards are."""
    import cv2

    width = int(rng.integers(500, 900))
    small = cv2.resize(card, (width, round(card.shape[0] * width / card.shape[1])), interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (0, 0), float(rng.uniform(0.3, 0.9)))


def report(result) -> str:
    rows = [f"{'locale':8}" + "".join(f"{f:>9}" for f in FIELDS) + f"{'F1':>8}"]
    for locale, per in result.items():
        rows.append(f"{locale:8}" + "".join(f"{f1(per[f]):9.3f}" for f in FIELDS)
                    + f"{f1([h for f in FIELDS for h in per[f]]):8.3f}")
    every = [h for per in result.values() for f in FIELDS for h in per[f]]
    rows.append(f"{'all':8}" + "".join(f"{f1([h for per in result.values() for h in per[f]]):9.3f}" for f in FIELDS)
                + f"{f1(every):8.3f}")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1000:1040")
    ap.add_argument("--ocr", action="store_true", help="render, degrade and read with Tesseract")
    ap.add_argument("--user-lang", action="store_true",
                    help="with --ocr: read each locale with English plus its language (eng+spa), when installed")
    ap.add_argument("--locales", help="comma-separated subset of the locales, e.g. it,vi")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every missed field")
    args = ap.parse_args()
    a, b = (int(x) for x in args.seeds.split(":"))
    locales = args.locales.split(",") if args.locales else None
    print(report(breadth(range(a, b), ocr=args.ocr, locales=locales, user_lang=args.user_lang,
                         verbose=args.verbose)))


if __name__ == "__main__":
    main()

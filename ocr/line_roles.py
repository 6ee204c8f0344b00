"""Which line of a card is the person's name, their job title or the company: a learned classifier.

Each candidate line is described by evidence (type size against the card's other lines, position,
letter width as a boldness proxy, case pattern, gazetteer hits, agreement with the e-mail local
part and domain, what its neighbours look like); gradient-boosted decision trees turn that into
probabilities for ROLES. It is trained by packaging/train_line_roles.py (synthetic world cards plus
the real development photos read from ../shared at training time) and ships as plain numbers in
ocr/models/line_roles.json (the trees of a scikit-learn GradientBoostingClassifier): it loads in
milliseconds and runs on numpy alone, so the reader does not import scikit-learn.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np

from . import gazetteers
from .lexicon import COUNTRY_REGIONS, POSTNOMINALS, is_org_word

ROLES = ("other", "name", "title", "company")
_DEGREES = {p.replace(".", "") for p in POSTNOMINALS}


@dataclass
class CardContext:
    """What every line is judged against."""

    median_height: float
    max_height: float
    lines: int
    top: float
    bottom: float
    left: float
    right: float
    emails: list[str]
    owners: list[str]  # registrable labels of the card's own (not free-mail) domains
    free_mail: bool


FEATURES = (
    "height_vs_median", "height_vs_max", "tallest", "order", "y", "x_centre", "tokens", "upper_share",
    "capitalised_share", "lower_share", "digit_share", "letter_width",
    "rule_company", "rule_title", "rule_department", "rule_address", "rule_name_shape",
    "legal_form", "title_word_share", "title_word", "first_name_share", "first_word_first_name",
    "name_email_match", "domain_match", "free_mail_card", "org_word_share",
    "prev_title", "next_title", "prev_name_shape", "next_name_shape", "prev_taller", "next_taller",
    "conf", "plausible", "had_contact", "comma", "degree_after", "long_line", "letters", "honorific",
    "ampersand", "place_line",
)
# "CLARKSTON, MICHIGAN", "Muscat, Oman": two comma-separated words or pairs, no digits
_PLACE_RE = re.compile(r"^[^\W\d_][^,\d]{1,30},\s*[^\W\d_][^,\d]{1,25}$")
# Words printed before a name: courtesy titles and the Indian "Prop." (proprietor) or "CA." (accountant).
_BEFORE_NAME = {"mr", "mrs", "ms", "miss", "dr", "prof", "sr", "sra", "srta", "dott", "ing", "herr", "frau", "m",
                "mme", "mlle", "sig", "prop", "ca", "er", "adv", "shri", "smt", "dipl-ing"}


def _is_place(text: str) -> bool:
    if not _PLACE_RE.match(text):
        return False
    last = text.rsplit(",", 1)[-1].strip()
    if last.replace(".", "").lower() in _DEGREES:
        return False
    return (last.isupper() and len(last) > 4) or last.lower() in COUNTRY_REGIONS


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _cores(tokens: list[str]) -> list[str]:
    return [c for c in (t.strip(".,;:()[]{}\"'“”‘’!?*|") for t in tokens) if c]


def title_words(tokens: list[str]) -> tuple[float, bool]:
    """(share of words that title words are made of, whether one names a job on its own)."""
    # a compound title is read by its parts: "Sócio-Diretor", "Vice-President"
    words = [part for c in _cores(tokens) for part in gazetteers.fold(c).split("-") if part]
    hits = [w in gazetteers.TITLE_WORDS for w in words]
    # Vietnamese titles are two syllables: "giam doc", "truong phong"
    pairs = {" ".join(words[i:i + 2]) for i in range(len(words) - 1)}
    if pairs & {"giam doc", "truong phong", "ky su", "chuyen vien"}:
        return max(_share(hits), 0.6), True
    return _share(hits), any(w in gazetteers.TITLE_WORDS and w not in gazetteers.TITLE_QUALIFIERS for w in words)


def features(j, prev, nxt, ctx: CardContext, name_match: float, domain_match: float) -> list[float]:
    """The evidence for one line (a fields._Judged), in FEATURES order."""
    cores = _cores(j.tokens)
    folded = [gazetteers.fold(c) for c in cores]
    letters = [c for c in cores if any(ch.isalpha() for ch in c)]
    names = gazetteers.first_names()
    height = j.line.height
    span_y = max(1.0, ctx.bottom - ctx.top)
    span_x = max(1.0, ctx.right - ctx.left)
    box = j.box
    title_share, title_word = title_words(j.tokens)
    chars = max(1, len(j.text.replace(" ", "")))

    def near(other, attr: str) -> float:
        return float(getattr(other, attr)) if other is not None else 0.0

    return [
        height / ctx.median_height if ctx.median_height else 1.0,
        height / ctx.max_height if ctx.max_height else 1.0,
        float(ctx.max_height > 0 and height >= 0.97 * ctx.max_height),
        j.line.order / max(1, ctx.lines - 1),
        ((box[1] + box[3]) / 2 - ctx.top) / span_y,
        ((box[0] + box[2]) / 2 - ctx.left) / span_x,
        min(len(cores), 8) / 4,
        _share([c.isupper() and len(c) > 1 for c in letters]),
        _share([c[:1].isupper() and not c.isupper() for c in letters]),
        _share([c.islower() for c in letters]),
        _share([any(ch.isdigit() for ch in c) for c in cores]),
        (box[2] - box[0]) / chars / height if height else 0.0,
        j.company, j.title, j.department, min(j.address, 1.5), j.name,
        float(gazetteers.legal_form_in(j.text)),
        title_share, float(title_word),
        _share([w in names for w in folded if len(w) > 1]),
        float(bool(folded) and folded[0] in names),
        name_match, domain_match, float(ctx.free_mail),
        _share([is_org_word(w) for w in folded]),
        near(prev, "title_hint"), near(nxt, "title_hint"), near(prev, "name"), near(nxt, "name"),
        float(prev is not None and prev.line.height > 1.15 * height),
        float(nxt is not None and nxt.line.height > 1.15 * height),
        j.conf, j.plausible, float(j.line.had_contact), float("," in j.text),
        float(bool(folded) and folded[-1].replace(".", "") in _DEGREES
              or bool(re.search(r",\s*(?:[A-Z]\.?){2,5}\.?$", j.text))),
        float(len(cores) > 6),
        min(sum(ch.isalpha() for ch in j.text), 40) / 40,
        float(bool(folded) and folded[0].replace(".", "") in _BEFORE_NAME and len(folded) >= 2),
        float("&" in j.text or " and " in f" {j.text.lower()} "),
        float(_is_place(j.text)),
    ]


_override: dict | None = None


def use_model(exported: dict | None) -> None:
    """Judge with this exported model instead of the shipped one (cross-validation); None restores."""
    global _override
    _override = exported
    _model.cache_clear()


@functools.cache
def _model() -> dict:
    if _override is not None:
        m = _override
    else:
        m = json.loads(resources.files("ocr").joinpath("models/line_roles.json").read_text(encoding="utf-8"))
    if tuple(m["features"]) != FEATURES or tuple(m["roles"]) != ROLES:
        raise RuntimeError("ocr/models/line_roles.json was trained on other features: "
                           "re-run packaging/train_line_roles.py")
    return {"init": np.asarray(m["init"]), "rate": m["learning_rate"], "forest": _Forest(m["trees"]),
            "thresholds": m["thresholds"]}


class _Forest:
    """Every regression tree of the model in one set of node arrays, walked for all trees and rows at
    once: a tree at a time cost ~30 ms a card (480 small NumPy walks), all at once ~1 ms."""

    def __init__(self, stages: list[list[list[list[float]]]]):
        self.stages, self.classes = len(stages), len(stages[0])
        left, right, feature, threshold, value, roots = [], [], [], [], [], []
        for stage in stages:
            for tree_left, tree_right, tree_feature, tree_threshold, tree_value in stage:
                base = len(left)
                roots.append(base)
                # a leaf (child -1) points at itself: walking on from it stays put
                left += [base + (c if c >= 0 else i) for i, c in enumerate(tree_left)]
                right += [base + (c if c >= 0 else i) for i, c in enumerate(tree_right)]
                feature += [max(int(f), 0) for f in tree_feature]
                threshold += tree_threshold
                value += tree_value
        self.left, self.right = np.asarray(left), np.asarray(right)
        self.feature, self.threshold = np.asarray(feature), np.asarray(threshold, dtype=float)
        self.value = np.asarray(value, dtype=float)
        self.roots = np.asarray(roots)
        self.leaf = self.left == np.arange(len(left))

    def values(self, x: np.ndarray) -> np.ndarray:
        """Leaf value of every tree for every row: (rows, stages, classes)."""
        node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()
        rows = np.arange(len(x))[:, None]
        for _ in range(64):
            if self.leaf[node].all():
                break
            go_left = x[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node].reshape(len(x), self.stages, self.classes)


def probabilities(rows: list[list[float]]) -> np.ndarray:
    """One row of ROLES probabilities per line (gradient-boosted trees, softmax over the roles)."""
    if not rows:
        return np.zeros((0, len(ROLES)))
    m = _model()
    x = np.asarray(rows, dtype=float)
    z = np.tile(m["init"], (len(x), 1))
    values = m["forest"].values(x)
    for stage in range(values.shape[1]):  # summed stage by stage, as the trees were trained: same floats
        z += m["rate"] * values[:, stage]
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def thresholds() -> dict[str, float]:
    return _model()["thresholds"]

"""The line-role model's tree walk: all trees at once gives what walking each tree alone gives."""
from __future__ import annotations

import numpy as np
import pytest

from ocr import line_roles


def _walk(tree, row) -> float:
    """One tree walked node by node, as the exported arrays describe it."""
    left, right, feature, threshold, value = tree
    node = 0
    while left[node] >= 0:
        node = left[node] if row[feature[node]] <= threshold[node] else right[node]
    return value[node]


def _reference(model: dict, rows: np.ndarray) -> np.ndarray:
    z = np.tile(np.asarray(model["init"], dtype=float), (len(rows), 1))
    for stage in model["trees"]:
        for k, tree in enumerate(stage):
            z[:, k] += model["learning_rate"] * np.array([_walk(tree, row) for row in rows])
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _shipped() -> dict:
    import json
    from importlib import resources

    return json.loads(resources.files("ocr").joinpath("models/line_roles.json").read_text(encoding="utf-8"))


@pytest.fixture
def model():
    yield
    line_roles.use_model(None)


def test_shipped_model_same_probabilities_as_tree_by_tree():
    shipped = _shipped()
    rng = np.random.default_rng(9001)
    # rows drawn around the model's own split points, so both branches of most nodes are taken
    cuts = [t for stage in shipped["trees"] for tree in stage for t in tree[3] if t != -2]
    rows = rng.choice(cuts, size=(200, len(line_roles.FEATURES))) + rng.normal(0, 0.05, (200, len(line_roles.FEATURES)))
    got = line_roles.probabilities(rows.tolist())
    want = _reference(shipped, rows)
    assert got.shape == (200, len(line_roles.ROLES))
    assert np.array_equal(got.argmax(axis=1), want.argmax(axis=1))
    assert np.allclose(got, want, rtol=0, atol=1e-12)


def test_trees_of_different_depths_and_a_lone_leaf(model):
    features = len(line_roles.FEATURES)
    stump = [[-1], [-1], [-2], [-2.0], [0.5]]  # a tree that is one leaf
    deep = [[1, 3, -1, -1, 5, -1, -1], [2, 4, -1, -1, 6, -1, -1], [0, 1, -2, -2, 2, -2, -2],
            [0.5, 0.2, -2.0, -2.0, 0.7, -2.0, -2.0], [0.0, 0.0, -1.0, 2.0, 0.0, 3.0, -3.0]]
    shallow = [[1, -1, -1], [2, -1, -1], [3, -2, -2], [0.0, -2.0, -2.0], [0.0, 1.5, -1.5]]
    exported = {"features": list(line_roles.FEATURES), "roles": list(line_roles.ROLES),
                "init": [0.0, -0.5, -1.0, -1.5], "learning_rate": 0.1,
                "trees": [[deep, shallow, stump, deep], [stump, deep, shallow, shallow]], "thresholds": {}}
    line_roles.use_model(exported)
    rows = np.zeros((6, features))
    rows[:, :4] = [[0.4, 0.1, 0.0, -1.0], [0.4, 0.3, 0.0, 1.0], [0.6, 0.0, 0.9, 0.0],
                   [0.6, 0.0, 0.5, 0.0], [0.5, 0.2, 0.7, 0.0], [np.nan, 0.0, 0.0, np.nan]]
    assert np.allclose(line_roles.probabilities(rows.tolist()), _reference(exported, rows), rtol=0, atol=1e-15)


def test_no_lines_no_probabilities():
    assert line_roles.probabilities([]).shape == (0, len(line_roles.ROLES))

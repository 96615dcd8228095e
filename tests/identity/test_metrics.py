"""Pairwise and B-cubed precision/recall on hand-made clusterings."""

from __future__ import annotations

import pytest

from heron.identity.evaluate import bcubed_scores, group_by_label, pairwise_scores

TRUTH = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}


def test_perfect_clustering_scores_one() -> None:
    found = group_by_label(TRUTH)
    for scores in (pairwise_scores(found, TRUTH), bcubed_scores(found, TRUTH)):
        assert scores.precision == scores.recall == scores.f1 == 1.0


def test_merging_two_people_costs_precision_only() -> None:
    found = [["a1", "a2", "a3", "b1", "b2"], ["c1"]]
    pairwise = pairwise_scores(found, TRUTH)
    assert pairwise.recall == 1.0
    assert pairwise.precision == pytest.approx(4 / 10)  # 3 + 1 true of 10 pairs
    bcubed = bcubed_scores(found, TRUTH)
    assert bcubed.recall == 1.0
    assert bcubed.precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5 + 1) / 6)


def test_splitting_a_person_costs_recall_only() -> None:
    found = [["a1", "a2"], ["a3"], ["b1", "b2"], ["c1"]]
    pairwise = pairwise_scores(found, TRUTH)
    assert pairwise.precision == 1.0
    assert pairwise.recall == pytest.approx(2 / 4)  # a1-a2 and b1-b2 of 4 true pairs
    bcubed = bcubed_scores(found, TRUTH)
    assert bcubed.precision == 1.0
    assert bcubed.recall == pytest.approx((2 * 2 / 3 + 1 / 3 + 2 + 1) / 6)


def test_keys_without_truth_are_ignored() -> None:
    found = [["a1", "a2", "a3", "x"], ["b1", "b2", "y"], ["c1"]]
    assert pairwise_scores(found, TRUTH).f1 == 1.0

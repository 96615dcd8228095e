"""Child alert candidates: which levels raise one, and the score on the networks' 0–1 scale."""

from __future__ import annotations

from datetime import datetime

from heron.alerts.candidates import child_candidates, child_score
from heron.indicators import child_view_from_records, evaluate, load_rules
from heron.indicators.inputs import Level


def test_a_child_just_at_high_scores_one_half_and_more_concern_scores_more() -> None:
    high = load_rules().thresholds[Level.HIGH]
    assert child_score(high, high) == 0.5
    assert child_score(2 * high, high) == 0.75
    scores = [child_score(s, high) for s in range(0, 10 * high, 3)]
    assert scores == sorted(scores) and all(0 <= s < 1 for s in scores)


def test_only_children_at_an_alerting_level_become_candidates() -> None:
    quiet = evaluate(child_view_from_records("P1", []), datetime(2008, 6, 1))
    floored = evaluate(
        child_view_from_records("P2", [], practitioner_level="high"), datetime(2008, 6, 1)
    )
    assert quiet.level.label == "none" and floored.level.label == "high"
    [candidate] = child_candidates([quiet, floored])
    assert candidate.subject == "P2" and candidate.kind == "child"
    assert candidate.level == "high" and 0 <= candidate.score <= 1
    assert "indicator score" in candidate.summary

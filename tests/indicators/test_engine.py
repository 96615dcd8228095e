"""Levels, floors, the practitioner's floor, uncertainty wording and as-of boundaries."""

from __future__ import annotations

from datetime import datetime

from heron.indicators import Level, evaluate, load_rules, parse_rules
from tests.indicators.builders import ADULT, D, child, missing, rec


def test_a_child_with_no_records_has_no_level_and_says_what_is_missing() -> None:
    risk = evaluate(child([]), D)
    assert risk.level is Level.NONE
    assert risk.indicators == ()
    assert "No indicators" in risk.explanation
    assert "Decision support, not a prediction" in risk.uncertainty
    assert "Based on 0 records from 0 agencies" in risk.uncertainty
    assert "no police records" in risk.uncertainty
    assert "date of birth unknown" in risk.uncertainty


def test_levels_follow_the_documented_thresholds() -> None:
    rules = load_rules()
    assert [rules.level_for(n) for n in (0, 1, 4, 5, 9, 10, 30)] == [
        Level.NONE,
        Level.LOW,
        Level.LOW,
        Level.MEDIUM,
        Level.MEDIUM,
        Level.HIGH,
        Level.HIGH,
    ]


def test_score_is_the_sum_of_weights_and_the_explanation_lists_them() -> None:
    recs = [
        missing(
            "M1",
            "2008-05-01T22:00",
            "2008-05-02T02:00",
            persons=[ADULT],
            attributes={"found_with": ["a1"]},
        )
    ]
    risk = evaluate(child(recs), D)
    assert [i.rule_id for i in risk.indicators] == ["MIS-01", "MIS-05"]
    assert risk.score == 4
    assert risk.level is Level.LOW
    assert "Found with adults (MIS-05, weight 3)" in risk.explanation
    assert "Based on 1 record from 1 agency" in risk.uncertainty


def test_a_rule_floor_lifts_the_level_and_says_why() -> None:
    recs = [rec("C1", "assessment", sector="social_care", agency="occ", codes=["11A"])]
    risk = evaluate(child(recs), D)
    assert risk.score == 4
    assert risk.level is Level.MEDIUM
    assert "CIN-11A brings it to at least medium" in risk.explanation


def test_the_level_never_goes_below_the_practitioners_own() -> None:
    recs = [missing("M1", "2008-05-01T22:00", "2008-05-02T02:00")]
    risk = evaluate(child(recs, practitioner_level="high"), D)
    assert risk.computed_level is Level.LOW
    assert risk.level is Level.HIGH
    assert "Raised from low to high" in risk.explanation
    assert "practitioner's own recorded concern level is high" in risk.explanation


def test_a_lower_practitioner_level_does_not_lower_heron_and_is_not_mentioned() -> None:
    recs = [rec("C1", "assessment", sector="social_care", agency="occ", codes=["11A"])]
    risk = evaluate(child(recs, practitioner_level=Level.LOW), D)
    assert risk.level is Level.MEDIUM
    assert "Raised" not in risk.explanation


def test_practitioner_floor_applies_with_no_records_at_all() -> None:
    risk = evaluate(child([], practitioner_level="medium"), D)
    assert risk.level is Level.MEDIUM
    assert "Raised from none to medium" in risk.explanation


def test_a_record_recorded_after_the_date_does_not_count() -> None:
    late = rec("C1", "assessment", at="2008-05-01", recorded="2008-06-01T12:01", codes=["11A"])
    on_time = rec("C2", "assessment", at="2008-05-01", recorded="2008-06-01T12:00", codes=["11A"])
    assert evaluate(child([late]), D).indicators == ()
    assert evaluate(child([late]), D).records_considered == 0
    assert [i.rule_id for i in evaluate(child([on_time]), D).indicators] == ["CIN-11A"]


def test_an_episode_end_recorded_later_is_not_known_at_the_date() -> None:
    # Recorded while the child was still missing: the record itself is visible, and the
    # episode is open; a later version with the return is not.
    open_rec = missing("M1", "2008-05-31T22:00", recorded="2008-05-31T23:00")
    risk = evaluate(child([open_rec]), datetime(2008, 6, 1, 23, 0))
    assert "MIS-03" in {i.rule_id for i in risk.indicators}
    assert (
        "still open" in next(i for i in risk.indicators if i.rule_id == "MIS-03").evidence[0].reason
    )


def test_agencies_and_sectors_shape_the_uncertainty() -> None:
    recs = [
        missing("M1", "2008-05-01T22:00", "2008-05-02T02:00"),
        rec(
            "H1",
            "health_attendance",
            sector="health",
            agency="ouh",
            attributes={"reasons": ["sti"]},
        ),
    ]
    risk = evaluate(child(recs), D)
    assert risk.agencies == ("ouh", "tvp")
    assert "2 records from 2 agencies" in risk.uncertainty
    assert "no social care records; no education records" in risk.uncertainty
    assert "no health records" not in risk.uncertainty


def test_a_custom_rule_set_is_used_and_its_version_reported() -> None:
    data = {
        "version": "test-1",
        "levels": {"low": 1, "medium": 2, "high": 3},
        "rules": [
            {
                "id": "T-1",
                "name": "Any note",
                "domain": "test",
                "detects": "A case note.",
                "evaluator": "count_in_window",
                "params": {"match": {"type": "case_note"}},
                "weight": 3,
                "rationale": "test",
                "sources": ["test"],
            }
        ],
    }
    risk = evaluate(child([rec("N1", "case_note")]), D, parse_rules(data))
    assert risk.rules_version == "test-1"
    assert risk.level is Level.HIGH

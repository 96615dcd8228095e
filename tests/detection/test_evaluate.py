"""Scoring a replay against planted truth: matching, delays, precision, decoys, flag rates."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from heron.detection.evaluate import (
    StepView,
    TruthGroup,
    classify,
    evaluate_replay,
    persons_to_truth,
)

NET = TruthGroup(
    id="N01",
    kind="exploitation",
    size="small",
    children=frozenset({"T1", "T2", "T3"}),
    adults=frozenset({"T9"}),
    discoverable_at=datetime(2008, 1, 10),
)
FRIENDS = TruthGroup(
    id="D001",
    kind="decoy_friends",
    size=None,
    children=frozenset({"T4", "T5"}),
    adults=frozenset(),
    discoverable_at=datetime(2007, 5, 1),
)
GROUPS = [NET, FRIENDS]
TO_TRUTH = {"P1": "T1", "P2": "T2", "P3": "T3", "P4": "T4", "P5": "T5", "P6": "T6", "P9": "T9"}


def _alert(alert_id: str, raised: str, children: list[str], adults: list[str]) -> dict[str, object]:
    return {
        "alert_id": alert_id,
        "kind": "network",
        "raised_at": raised,
        "children": children,
        "adults": adults,
    }


def test_persons_map_to_the_true_person_most_of_their_mentions_belong_to() -> None:
    assignment = [("a#0", "P1"), ("b#0", "P1"), ("c#0", "P1"), ("d#0", "P2")]
    truth = {"a#0": "T1", "b#0": "T1", "c#0": "T7", "d#0": "T2"}
    assert persons_to_truth(assignment, truth) == {"P1": "T1", "P2": "T2"}


def test_members_are_about_a_group_with_two_of_its_children_or_a_child_and_an_adult() -> None:
    assert classify(["P1", "P2"], [], TO_TRUTH, GROUPS) == NET
    assert classify(["P1"], ["P9"], TO_TRUTH, GROUPS) == NET
    assert classify(["P1", "P6"], [], TO_TRUTH, GROUPS) is None
    assert classify(["P4", "P5"], [], TO_TRUTH, GROUPS) == FRIENDS
    # A network is preferred when members match both it and a decoy.
    assert classify(["P1", "P2", "P4", "P5"], [], TO_TRUTH, GROUPS) == NET


def test_a_replay_is_scored_on_delay_precision_decoys_and_flag_rates() -> None:
    early = StepView(
        as_of=datetime(2008, 1, 31),
        child_levels={"P1": "medium", "P2": "low", "P4": "none", "P5": "none", "P6": "none"},
        findings=[(0.9, ("P1", "P2"), ("P9",)), (0.4, ("P4", "P5"), ())],
        to_truth=TO_TRUTH,
    )
    late = StepView(
        as_of=datetime(2008, 6, 30),
        child_levels={"P1": "high", "P2": "high", "P3": "high", "P4": "medium", "P5": "none"},
        findings=[(0.3, ("P1", "P2"), ()), (0.6, ("P4", "P5"), ())],
        to_truth=TO_TRUTH,
    )
    alerts = [
        _alert("A00001", "2008-01-31", ["P1", "P2"], ["P9"]),
        _alert("A00002", "2008-06-30", ["P4", "P5"], []),
        _alert("A00003", "2008-06-30", ["P6"], ["P9"]),
        {"alert_id": "A00004", "kind": "child", "raised_at": "2008-01-31", "children": ["P1"]},
    ]
    result = evaluate_replay(GROUPS, [early, late], alerts, TO_TRUTH)
    [row] = result.networks
    assert row.first_alert_at == datetime(2008, 1, 31) and round(row.days or 0) == 21
    assert row.in_time and row.alert_ids == ("A00001",)
    assert row.victims == 3 and row.victims_flagged == 1  # only P1 by the 90-day deadline
    assert result.network_alerts == 3 and result.real_alerts == 1
    assert result.decoy_alerts == {"decoy_friends": 1} and result.other_alerts == 1
    assert abs(result.precision - 1 / 3) < 1e-9
    assert result.decoy_above_real_steps == (datetime(2008, 6, 30),)
    [above] = result.decoy_above_real
    assert (above.decoy_kind, above.decoy_score, above.network, above.network_score) == (
        "decoy_friends",
        0.6,
        "N01",
        0.3,
    )
    assert not above.network_named_discoverable  # NET has no named_discoverable_at
    assert result.decoy_above_named_steps == ()
    named = replace(NET, named_discoverable_at=datetime(2008, 3, 1))
    again = evaluate_replay([named, FRIENDS], [early, late], alerts, TO_TRUTH)
    assert again.decoy_above_named_steps == (datetime(2008, 6, 30),)
    # Late, P4 of the two other children assessed (P4, P5) is flagged; ever, P4 of three.
    assert result.other_children_peak_rate == result.other_children_final_rate == 0.5
    assert result.other_children_ever_rate == 1 / 3


def test_a_network_never_alerted_is_late_and_one_never_discoverable_is_not() -> None:
    hidden = TruthGroup("N02", "exploitation", "small", frozenset({"T6"}), frozenset(), None)
    result = evaluate_replay([NET, hidden], [], [], TO_TRUTH)
    by_id = {row.id: row for row in result.networks}
    assert not by_id["N01"].in_time and by_id["N01"].days is None
    assert by_id["N02"].in_time
    assert result.precision == 1.0


def test_victims_are_judged_from_their_own_ties_and_apart_from_bare_first_names() -> None:
    net = replace(
        NET,
        children_discoverable_at={
            "T1": datetime(2008, 1, 10),
            "T2": datetime(2008, 1, 10),
            "T3": datetime(2009, 3, 1),  # drawn in a year later, named only "Lynda"
        },
        children_named_discoverable_at={"T1": datetime(2008, 1, 10), "T2": datetime(2008, 1, 10)},
    )
    step = StepView(
        as_of=datetime(2008, 2, 29),
        child_levels={"P1": "medium", "P2": "high", "P3": "low"},
        findings=[(0.9, ("P1", "P2"), ("P9",))],
        to_truth=TO_TRUTH,
    )
    result = evaluate_replay([net], [step], [], TO_TRUTH)
    [row] = result.networks
    assert (row.victims_tied, row.victims_tied_flagged) == (3, 2)
    assert (row.victims_named, row.victims_named_flagged) == (2, 2)
    assert abs(result.victims_recall - 2 / 3) < 1e-9
    assert result.victims_recall_named == 1.0

"""Scoring the people alerts ask a person to identify: victims tied to their network only
by records naming them by a first name, shown in time, with the right child suggested."""

from __future__ import annotations

from datetime import datetime

from heron.detection.evaluate import StepView, TruthGroup, evaluate_replay
from heron.detection.evaluate_identify import FirstNamed, first_named_victims
from heron.patterns import NETWORK_ALERT_THRESHOLD

NET = TruthGroup(
    id="N01",
    kind="exploitation",
    size="small",
    children=frozenset({"T1", "T2", "T3", "T4"}),
    adults=frozenset({"T9"}),
    discoverable_at=datetime(2008, 1, 10),
    children_discoverable_at={
        "T1": datetime(2008, 1, 10),
        "T2": datetime(2008, 1, 10),
        "T3": datetime(2008, 3, 5),  # "Anne" beside the adult in intelligence
        "T4": datetime(2008, 3, 5),  # "Elliot", the same
    },
    children_named_discoverable_at={
        "T1": datetime(2008, 1, 10),
        "T2": datetime(2008, 2, 1),
        "T4": datetime(2009, 1, 1),  # named by a family name, but months after his deadline
    },
)
# P31 is the "Anne" mention's person, P3 the child she is; P41 "Elliot", P4 the boy he is.
TO_TRUTH = {"P1": "T1", "P2": "T2", "P3": "T3", "P31": "T3", "P4": "T4", "P41": "T4"}


def _step(as_of: datetime, to_identify: list[tuple[str, tuple[str, ...]]]) -> StepView:
    return StepView(as_of, {}, [], TO_TRUTH, to_identify)


def test_first_named_victims_count_those_shown_in_time_and_those_rightly_suggested() -> None:
    steps = [
        _step(datetime(2008, 2, 29), []),
        _step(datetime(2008, 3, 31), [("P31", ("P2", "P3")), ("P41", ())]),
    ]
    assert first_named_victims(NET, steps, 90) == FirstNamed(victims=2, shown=2, suggested=1)
    evaluation = evaluate_replay([NET], steps, [], TO_TRUTH)
    assert evaluation.first_named == FirstNamed(2, 2, 1)


def test_a_first_named_victim_shown_only_after_the_deadline_is_not_shown_in_time() -> None:
    late = [_step(datetime(2008, 7, 31), [("P31", ("P3",)), ("P41", ("P4",))])]
    assert first_named_victims(NET, late, 90) == FirstNamed(victims=2, shown=0, suggested=0)
    before = [_step(datetime(2008, 2, 29), [("P31", ("P3",))])]  # before she was tied
    assert first_named_victims(NET, before, 90) == FirstNamed(victims=2, shown=0, suggested=0)


def test_a_first_named_victim_an_alert_holds_through_her_own_records_is_counted_as_held() -> None:
    """Anne's own records of concern put her (P3) among an alert's children by her deadline:
    she is held, though never shown to identify; Elliot (P4) is in a finding below the
    alerting threshold only, so he is not."""
    findings = [
        (NETWORK_ALERT_THRESHOLD, ("P1", "P3"), ("P9",)),
        (NETWORK_ALERT_THRESHOLD - 0.01, ("P2", "P4"), ()),
    ]
    steps = [StepView(datetime(2008, 4, 30), {}, findings, TO_TRUTH, [])]
    assert first_named_victims(NET, steps, 90) == FirstNamed(2, shown=0, suggested=0, in_alert=1)
    late = [StepView(datetime(2008, 7, 31), {}, findings, TO_TRUTH, [])]
    assert first_named_victims(NET, late, 90) == FirstNamed(2, 0, 0, in_alert=0)

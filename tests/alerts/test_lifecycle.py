"""The lifecycle a person drives, recorded with who, when and why; refusals say why."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from heron.alerts import AlertError, action, assign, close, get_alert, reopen, sync_alerts, triage
from tests.alerts.helpers import ANALYST, SYSTEM, child, day, network


def _raise(engine: Engine) -> str:
    return sync_alerts(engine, SYSTEM, day("2008-01-31"), [child("P1", ("tvp:1",))]).raised[0]


def test_the_whole_lifecycle_is_recorded_with_who_when_and_why(engine: Engine) -> None:
    alert = _raise(engine)
    triage(engine, ANALYST, alert, "looked at: credible", at=datetime(2008, 2, 1, 9))
    assign(engine, ANALYST, alert, "CSE team (DS Khan)", "allocate", at=datetime(2008, 2, 1, 10))
    action(engine, ANALYST, alert, "strategy meeting held", at=datetime(2008, 2, 4, 14))
    close(engine, ANALYST, alert, "safety plan in place; risk reduced", at=datetime(2008, 3, 1))
    reopen(engine, ANALYST, alert, "new concern from school", at=datetime(2008, 3, 5))
    row, history = get_alert(engine, ANALYST, alert)
    assert row.state == "reopened" and row.assigned_to == "CSE team (DS Khan)"
    steps = [(e.kind, e.from_state, e.to_state, e.actor) for e in history]
    assert steps == [
        ("raised", None, "new", "system:detect-test"),
        ("triage", "new", "triaged", "tvp:Priya Shah"),
        ("assign", "triaged", "assigned", "tvp:Priya Shah"),
        ("action", "assigned", "actioned", "tvp:Priya Shah"),
        ("close", "actioned", "closed", "tvp:Priya Shah"),
        ("reopen", "closed", "reopened", "tvp:Priya Shah"),
    ]
    assert history[4].note == "safety plan in place; risk reduced"
    assert history[4].at == datetime(2008, 3, 1)


def test_closing_needs_a_person_and_a_rationale(engine: Engine) -> None:
    alert = _raise(engine)
    with pytest.raises(AlertError, match="rationale"):
        close(engine, ANALYST, alert, "  ")
    with pytest.raises(AlertError, match="never closes a concern on its own"):
        close(engine, SYSTEM, alert, "no longer seen")
    assert get_alert(engine, ANALYST, alert)[0].state == "new"


@pytest.mark.parametrize(
    ("steps", "refused", "message"),
    [
        ((), "reopen", "it is new"),
        ((), "action", "it is new"),
        (("triage",), "triage", "it is triaged"),
        (("close",), "triage", "it is closed"),
        (("close",), "close", "it is closed"),
    ],
)
def test_invalid_transitions_are_refused(
    engine: Engine, steps: tuple[str, ...], refused: str, message: str
) -> None:
    alert = _raise(engine)
    do = {
        "triage": lambda: triage(engine, ANALYST, alert, "note"),
        "action": lambda: action(engine, ANALYST, alert, "note"),
        "close": lambda: close(engine, ANALYST, alert, "rationale"),
        "reopen": lambda: reopen(engine, ANALYST, alert, "note"),
    }
    for step in steps:
        do[step]()
    with pytest.raises(AlertError, match=message):
        do[refused]()


def test_assign_needs_someone_and_merged_alerts_refuse_steps(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P1", "P2"), (), ("a:1",))])
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P3", "P4"), (), ("a:2",))])
    with pytest.raises(AlertError, match="--to"):
        assign(engine, ANALYST, "A00001", " ", "note")
    sync_alerts(
        engine, SYSTEM, day("2008-02-29"), [network(("P1", "P2", "P3", "P4"), (), ("a:3",))]
    )
    with pytest.raises(AlertError, match="merged into A00001"):
        triage(engine, ANALYST, "A00002", "note")
    with pytest.raises(AlertError, match="no alert A09999"):
        triage(engine, ANALYST, "A09999", "note")

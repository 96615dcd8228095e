"""Escalation in working days (England and Wales bank holidays), once per rule and spell."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from heron.alerts import (
    AlertRulesError,
    add_working_days,
    assign,
    escalate,
    load_rules,
    sync_alerts,
    triage,
)
from heron.alerts.rules import parse_rules
from tests.alerts.helpers import ANALYST, SYSTEM, child, day, network

CALENDAR = load_rules().calendar


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    thursday = datetime(2008, 3, 20, 17)  # Good Friday 21st, Easter Monday 24th
    assert add_working_days(thursday, 1, CALENDAR) == datetime(2008, 3, 25, 17)
    assert add_working_days(thursday, 2, CALENDAR) == datetime(2008, 3, 26, 17)
    friday = datetime(2008, 11, 28, 9)
    assert add_working_days(friday, 2, CALENDAR) == datetime(2008, 12, 2, 9)
    christmas_eve = datetime(2008, 12, 24, 12)
    assert add_working_days(christmas_eve, 1, CALENDAR) == datetime(2008, 12, 29, 12)


def test_an_unacknowledged_network_alert_escalates_after_2_then_5_working_days(
    engine: Engine,
) -> None:
    sync_alerts(engine, SYSTEM, day("2008-03-20"), [network(("P1", "P2"), ("P9",), ("a:1",))])
    assert escalate(engine, SYSTEM, datetime(2008, 3, 26, 12)) == []  # Easter: not yet
    first = escalate(engine, SYSTEM, datetime(2008, 3, 27, 9))
    assert [(e.alert_id, e.to) for e in first] == [("A00001", "exploitation team lead")]
    assert escalate(engine, SYSTEM, datetime(2008, 3, 28, 9)) == []  # recorded once
    second = escalate(engine, SYSTEM, datetime(2008, 4, 1, 9))
    assert [e.to for e in second] == ["partnership senior leads"]
    assert escalate(engine, SYSTEM, datetime(2008, 5, 1)) == []


def test_a_triaged_network_alert_does_not_escalate(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-03-20"), [network(("P1", "P2"), ("P9",), ("a:1",))])
    triage(engine, ANALYST, "A00001", "looked at", at=datetime(2008, 3, 21, 9))
    assert escalate(engine, SYSTEM, datetime(2008, 4, 30)) == []


def test_a_high_child_alert_escalates_until_there_is_a_plan(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-06-02"), [child("P1", ("tvp:1",))])
    sync_alerts(engine, SYSTEM, day("2008-06-02"), [child("P2", ("tvp:2",), level="medium")])
    triage(engine, ANALYST, "A00001", "looked at", at=datetime(2008, 6, 3, 9))
    made = escalate(engine, SYSTEM, datetime(2008, 6, 6, 9))  # 2 working days after triage
    assert [(e.alert_id, e.rule) for e in made] == [("A00001", "child-high-no-plan-2wd")]
    assign(engine, ANALYST, "A00001", "Children's social care", "plan", at=datetime(2008, 6, 6))
    assert escalate(engine, SYSTEM, datetime(2008, 7, 1)) == []


def test_rules_are_validated_on_load() -> None:
    with pytest.raises(AlertRulesError, match="cannot be escalated"):
        parse_rules(
            '{"version": "x", "child_alert_levels": ["high"], '
            '"network_match": {"min_shared_children_of_smaller": 0.5, '
            '"min_shared_adults_of_smaller": 0.5}, '
            '"calendar": {"country": "GB", "subdivision": "ENG", "name": "E&W"}, '
            '"escalation": [{"id": "r", "kind": "network", "states": ["closed"], '
            '"after_working_days": 2, "to": "lead", "reason": "why"}]}'
        )
    with pytest.raises(AlertRulesError, match="invalid"):
        parse_rules('{"version": "x"}')

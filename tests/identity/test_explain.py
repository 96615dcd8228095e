"""``explain_pair`` on pairs a run never linked: scored on demand, every hard rule stated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from heron.access import person_actor, system_actor
from heron.identity import DecisionKind, explain_pair, link_persons, record_decision
from heron.ingest import ingest_paths
from heron.settings import Settings
from tests.identity.households import JESS, _rec, first_batch, write

ACTOR = system_actor("test-explain")


def _extra() -> list[dict[str, Any]]:
    """A hotel and a taxi record naming someone by first name only (no date of birth, no
    age), another Jessica Smith with a different valid NHS number, and another Amy Brown
    with a different valid UPN."""
    return [
        _rec("BR-1", "hotel", "business", "business_report", "2007-02-02", [
            {"given_name": "Wendy", "sex": "F", "role": "other"}]),
        _rec("MAN-1", "taxi", "business", "business_report", "2007-02-03", [
            {"given_name": "Jordan", "sex": "M", "role": "other"}]),
        _rec("ED-9", "ouh", "health", "health_attendance", "2007-02-04", [
            {**JESS, "role": "subject", "identifiers": {"nhs_number": "9434765927"}}]),
        _rec("ATT-9", "school", "education", "school_attendance", "2007-02-05", [
            {"given_name": "Amy", "family_name": "Brown", "date_of_birth": "2000-03-03",
             "sex": "F", "role": "subject", "identifiers": {"upn": "P123456789013"}}]),
    ]  # fmt: skip


@pytest.fixture
def linked(engine: Engine, tmp_path: Path) -> Engine:
    path = write(tmp_path / "in", [*first_batch(), *_extra()], "records.jsonl")
    ingest_paths(engine, [path], ACTOR, Settings())
    link_persons(engine, ACTOR)
    return engine


def test_a_pair_without_any_birth_date_or_age_is_scored_on_demand(linked: Engine) -> None:
    """Scored from plain dicts, DuckDB could not type two missing birth dates and failed
    with ``date_diff(…, NULL, NULL)``."""
    explained = explain_pair(linked, ACTOR, "hotel:BR-1#0", "taxi:MAN-1#0")
    assert not explained.stored
    assert explained.match_probability < 0.5
    birth = next(e for e in explained.evidence if e.comparison == "birth")
    assert birth.missing and birth.weight == 0.0
    assert "date of birth or age" in explained.text()


def test_every_hard_rule_that_applies_is_stated(linked: Engine) -> None:
    def rules(left: str, right: str) -> str:
        return " | ".join(explain_pair(linked, ACTOR, left, right).rules)

    assert "one record" in rules("occ:CN-1#0", "occ:CN-1#1")
    assert "two different valid NHS numbers" in rules("ouh:ED-1#0", "ouh:ED-9#0")
    assert "two different valid unique pupil numbers" in rules("school:ATT-1#0", "school:ATT-9#0")
    assert "a child and an adult" in rules("ouh:ED-1#0", "tvp:INC-2#0")
    assert "twins" in rules("school:ATT-1#0", "school:ATT-2#0")
    assert rules("ouh:ED-1#0", "ouh:ED-2#0") == ""  # linked, nothing keeps them apart
    record_decision(
        linked, person_actor("ann"), DecisionKind.REJECT, "ouh:ED-2#0", "tvp:INC-1#0",
        "a different Jess: checked with the school",
    )  # fmt: skip
    rejected = explain_pair(linked, ACTOR, "tvp:INC-1#0", "ouh:ED-2#0")
    assert "a person decided they are different people" in " ".join(rejected.rules)
    assert "user:ann" in rejected.text() and "checked with the school" in rejected.text()

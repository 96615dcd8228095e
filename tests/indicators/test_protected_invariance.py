"""Names, ethnicity, religion and nationality never change an indicator or a level."""

from __future__ import annotations

import copy
from typing import Any

from heron.indicators import ChildRisk, evaluate
from tests.indicators.builders import ADULT, PEER, D, child, missing, rec

PROTECTED_ATTRIBUTES = ("ethnicity", "religion", "nationality", "ethnic_origin")


def children() -> dict[str, list[dict[str, Any]]]:
    """A few hand-built children, some records carrying protected attributes."""
    hotel = {"kind": "hotel", "name": "Fir Tree Hotel", "postcode": "OX4 1AB"}
    return {
        "P1": [
            missing(
                "M1",
                "2008-05-01T22:00",
                "2008-05-03T09:00",
                persons=[ADULT],
                attributes={"found_with": ["a1"], "found_at": hotel, "ethnicity": "White British"},
            ),
            rec(
                "N1",
                "case_note",
                sector="social_care",
                agency="occ",
                text="Jess says her boyfriend Mo gave her a new phone.",
                attributes={"religion": "Christian", "nationality": "British"},
            ),
        ],
        "P2": [
            rec(
                "H1",
                "health_attendance",
                sector="health",
                agency="ouh",
                attributes={"setting": "ed", "reasons": ["intoxication"], "ethnic_origin": "Asian"},
            ),
            rec(
                "C1",
                "assessment",
                sector="social_care",
                agency="occ",
                codes=["11A", "2A"],
                persons=[{**PEER, "description": "Pakistani heritage, Muslim"}],
            ),
        ],
        "P3": [
            rec(
                "I1",
                "police_incident",
                persons=[{**ADULT, "description": "Polish national"}],
                attributes={"category": "found_in_company", "nationality": "Polish"},
            ),
            rec(
                "S1",
                "school_attendance",
                sector="education",
                agency="school",
                attributes={"sessions_possible": 100, "sessions_missed": 60, "religion": "Sikh"},
            ),
        ],
    }


def _swap(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every name, description and protected-like attribute replaced by other values."""
    swapped = copy.deepcopy(records)
    for i, r in enumerate(swapped):
        for p in r["persons"]:
            p["given_name"], p["family_name"] = f"Given{i}", f"Family{i}"
            p["aliases"] = ["Alias"]
            p["description"] = "Irish Traveller, Jewish, Romanian citizen"
        attrs = r.setdefault("attributes", {})
        for name in PROTECTED_ATTRIBUTES:
            attrs[name] = "Black Caribbean" if name in attrs else "Hindu"
        if "found_at" in attrs:
            attrs["found_at"]["religion"] = "Jain"
        for old in ("Jess", "Mo"):
            r["text"] = r["text"].replace(old, "Someone")
    return swapped


def _outcome(risk: ChildRisk) -> tuple[object, ...]:
    return (risk.level, risk.score, tuple((i.rule_id, i.evidence) for i in risk.indicators))


def test_no_indicator_or_level_changes_when_protected_characteristics_change() -> None:
    outcomes = []
    for person_id, records in children().items():
        home = {"home_postcode": "OX1 2AA"}
        before = evaluate(child(records, **home), D)
        after = evaluate(child(_swap(records), **home), D)
        assert _outcome(before) == _outcome(after), person_id
        assert before.explanation == after.explanation
        assert before.uncertainty == after.uncertainty
        outcomes.append(before.level)
    # The children are not trivially empty: the invariance is over real indicators.
    assert all(o.value > 0 for o in outcomes)

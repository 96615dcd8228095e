"""Each shipped rule's hand-built cases: records it must fire on, and records it must not.

``CASES[rule_id]`` is (positive, negative); ``case`` gives a fresh copy to change.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.indicators.builders import ADULT, PEER, missing, rec

HOTEL = {"kind": "hotel", "name": "Fir Tree Hotel", "postcode": "OX4 1AB"}
HOME = {"kind": "home", "postcode": "OX1 2AA"}


def attendance(rid: str, possible: int, missed: int, at: str = "2008-04-01") -> dict[str, Any]:
    attrs = {
        "period_start": at,
        "period_end": "2008-05-20",
        "sessions_possible": possible,
        "sessions_missed": missed,
    }
    return rec(
        rid,
        "school_attendance",
        at=at,
        recorded="2008-05-21T09:00",
        sector="education",
        agency="school",
        attributes=attrs,
    )


def health(
    rid: str, *reasons: str, setting: str = "ed", at: str = "2008-05-01T22:00"
) -> dict[str, Any]:
    attrs = {"setting": setting, "reasons": list(reasons)}
    return rec(rid, "health_attendance", at=at, sector="health", agency="ouh", attributes=attrs)


def placement(rid: str, at: str, kind: str = "foster") -> dict[str, Any]:
    return rec(
        rid,
        "placement",
        at=at,
        sector="social_care",
        agency="occ",
        attributes={"placement_type": kind},
    )


def coded(rid: str, code: str, at: str = "2008-05-01") -> dict[str, Any]:
    return rec(rid, "assessment", at=at, sector="social_care", agency="occ", codes=[code])


def born(date_of_birth: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record with the child's mention given another date of birth."""
    record["persons"][0]["date_of_birth"] = date_of_birth
    return record


def three_missing(days: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [missing(f"M{i}", f"{d}T22:00", f"{d}T23:30") for i, d in enumerate(days)]


# rule id → (records that make it fire, records that must not)
CASES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
    "MIS-01": (
        [missing("M1", "2008-05-01T22:00", "2008-05-02T01:00")],
        [missing("M1", "2007-11-01T22:00", "2007-11-02T01:00")],
    ),
    "MIS-02": (
        three_missing(("2008-03-10", "2008-04-10", "2008-05-10")),
        three_missing(("2008-02-10", "2008-04-10", "2008-05-10")),
    ),
    "MIS-03": (
        [missing("M1", "2008-05-01T22:00", "2008-05-03T09:00")],
        [missing("M1", "2008-05-01T22:00", "2008-05-02T21:00")],
    ),
    "MIS-04": (
        [missing("M1", "2008-05-01T22:00", "2008-05-02T02:00", attributes={"found_at": HOTEL})],
        [missing("M1", "2008-05-01T22:00", "2008-05-02T02:00", attributes={"found_at": HOME})],
    ),
    "MIS-05": (
        [
            missing(
                "M1",
                "2008-05-01T22:00",
                "2008-05-02T02:00",
                persons=[ADULT, PEER],
                attributes={"found_with": ["a1"]},
            )
        ],
        [
            missing(
                "M1",
                "2008-05-01T22:00",
                "2008-05-02T02:00",
                persons=[ADULT, PEER],
                attributes={"found_with": ["k2"]},
            )
        ],
    ),
    "MIS-06": (
        [missing("M1", "2008-05-01T22:00", "2008-05-02T02:00", attributes={"found_at": HOTEL})],
        [
            missing(
                "M1",
                "2008-05-01T22:00",
                "2008-05-02T02:00",
                attributes={"found_at": {"kind": "park", "postcode": "OX1 4ZZ"}},
            )
        ],
    ),
    "EDU-01": ([attendance("A1", 100, 10)], [attendance("A1", 100, 9)]),
    "EDU-02": ([attendance("A1", 100, 50)], [attendance("A1", 100, 49)]),
    "EDU-03": (
        [rec("X1", "exclusion", sector="education", attributes={"kind": "fixed", "days": 3})],
        [rec("X1", "case_note", sector="education", text="Spoke to Jess about lateness.")],
    ),
    "EDU-04": (
        [rec("E1", "case_note", sector="education", codes=["CME"])],
        [rec("E1", "case_note", sector="education", text="On roll and attending.")],
    ),
    "HLT-01": ([health("H1", "intoxication")], [health("H1", "intoxication", setting="gp")]),
    "HLT-02": ([health("H1", "self_harm", setting="camhs")], [health("H1", "injury")]),
    "HLT-03": ([health("H1", "sti", setting="sexual_health")], [health("H1", "injury")]),
    "HLT-04": (
        [health("H1", "emergency_contraception", setting="sexual_health")],
        [born("1992-04-30", health("H1", "emergency_contraception", setting="sexual_health"))],
    ),
    "HLT-05": ([health("H1", "assault")], [health("H1", "injury")]),
    "ADU-01": (
        [
            rec(
                "I1",
                "police_incident",
                persons=[ADULT],
                attributes={"category": "found_in_company"},
            )
        ],
        [
            rec(
                "I1",
                "police_incident",
                persons=[{**ADULT, "role": "parent"}, PEER],
                attributes={"category": "disturbance"},
            )
        ],
    ),
    "ADU-02": (
        [rec("N1", "case_note", text="Jess says her boyfriend is 24 and drives.")],
        [rec("N1", "case_note", text="Jess denies having a boyfriend.")],
    ),
    "ADU-04": (
        [
            rec(
                "H1",
                "helpline_contact",
                sector="helpline",
                persons=[{**ADULT, "role": "other"}],
                attributes={"caller_kind": "child", "anonymous": True},
                text="Caller says she is scared of a man who keeps texting her.",
            )
        ],
        [
            rec(
                "H1",
                "helpline_contact",
                sector="helpline",
                persons=[{**ADULT, "role": "parent"}, PEER],
                attributes={"caller_kind": "child", "anonymous": True},
                text="Caller says her mum and her friend argue a lot.",
            )
        ],
    ),
    "ADU-03": (
        [rec("N1", "case_note", text="Came home with a new phone and cash she can't explain.")],
        [rec("N1", "case_note", text="Jess came home on time and went to bed.")],
    ),
    "VEH-01": (
        [
            rec(
                "I1",
                "police_incident",
                vehicles=[{"registration": "AB12 CDE", "role": "collected"}],
            )
        ],
        [rec("T1", "case_note", vehicles=[{"registration": "TX01 SCH", "role": "taxi"}])],
    ),
    "DIS-01": (
        [
            rec(
                "D1",
                "disclosure",
                sector="social_care",
                attributes={"to_role": "teacher", "retracted": True},
            )
        ],
        [rec("D1", "referral", sector="social_care", attributes={"outcome": "nfa"})],
    ),
    "INT-01": (
        [rec("L1", "intelligence", attributes={"source_grade": "B", "information_grade": 2})],
        [rec("L1", "police_incident", attributes={"category": "disturbance"})],
    ),
    "PLC-01": (
        [
            placement("P1", "2007-08-01"),
            placement("P2", "2007-12-01"),
            placement("P3", "2008-03-01"),
        ],
        [
            placement("P1", "2007-05-01"),
            placement("P2", "2007-12-01"),
            placement("P3", "2008-03-01"),
        ],
    ),
    "PLC-02": (
        [placement("P1", "2008-03-01", "out_of_area")],
        [placement("P1", "2008-03-01", "foster")],
    ),
    "CIN-11A": ([coded("C1", "11A")], [coded("C1", "21")]),
    "CIN-10A": ([coded("C1", "10A")], [coded("C1", "10A", at="2007-05-01")]),
    "CIN-12A": ([coded("C1", "12A")], [coded("C1", "1A")]),
    "CIN-13A": ([coded("C1", "13A")], [coded("C1", "3A")]),
    "CIN-24A": ([coded("C1", "24A")], [coded("C1", "4A")]),
    "CIN-15A": ([coded("C1", "15A")], [coded("C1", "5A")]),
    "CIN-2A": ([coded("C1", "2A")], [coded("C1", "2B")]),
}


def case(rule_id: str, positive: bool = True) -> list[dict[str, Any]]:
    """A fresh copy of a rule's case, safe to change."""
    return copy.deepcopy(CASES[rule_id][0 if positive else 1])

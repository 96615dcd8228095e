"""One-line summaries: one per record type, and the fallback for any other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from heron.chronology import Facts, summarise
from heron.chronology.summary import SUMMARISERS

AT = datetime(2007, 3, 1, 22, 0)


def facts(
    rtype: str, end: datetime | None = None, refs: tuple[str, ...] = ("p1",), **payload: Any
) -> Facts:
    return Facts(rtype, payload, AT, end, refs)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (facts("missing_episode", datetime(2007, 3, 2, 9, 10), refs=("c",), attributes={
            "reported_by": "childrens_home", "found_with": ["a1", "a2"],
            "found_at": {"kind": "hotel", "name": "Fir Tree Hotel"}}),
         "Missing 22:00 → 09:10 next day (11 h); found at Fir Tree Hotel (hotel) with 2 others; "
         "reported by children's home"),
        (facts("missing_episode", datetime(2007, 3, 1, 22, 40), attributes={
            "absent_only": True, "return_interview": {"offered": True, "done": False}}),
         "Absent 22:00 → 22:40 (40 min); return interview offered, not done"),
        (facts("missing_episode", attributes={"reported_by": "parent"}),
         "Missing from 22:00, no return recorded; reported by parent"),
        (facts("missing_episode", datetime(2007, 3, 5, 8, 0), refs=("a1",), attributes={
            "found_with": ["a1", "c"], "return_interview": {"done": True}}),
         "Missing 22:00 → 2007-03-05 08:00 (3 days); found with 1 other; return interview done"),
        (facts("police_incident", attributes={"category": "found_in_company", "outcome": "nfa"}),
         "Police incident: found in company; outcome no further action"),
        (facts("intelligence", attributes={"source_grade": "B", "information_grade": 2},
               text="x" * 100),
         "Intelligence (grade B2): " + "x" * 79 + "…"),
        (facts("referral", attributes={"referrer_sector": "health", "outcome": "s47"}),
         "Referral from health; outcome section 47"),
        (facts("assessment", attributes={"kind": "cse_screening", "outcome": "nfa"},
               codes=["6A", "1B"]),
         "Assessment (CSE screening); outcome no further action; factors 6A, 1B"),
        (facts("case_note", text="Seen  at\nhome."), "Case note: Seen at home."),
        (facts("strategy_meeting", attributes={"attendees_sectors": ["police", "social_care"],
                                               "decision": "s47"}),
         "Strategy meeting (police, social care); decision section 47"),
        (facts("placement", datetime(2008, 1, 31), attributes={
            "placement_type": "childrens_home",
            "location": {"name": "Oak Lodge", "kind": "childrens_home"}}),
         "Placement: children's home at Oak Lodge (children's home) until 2008-01-31"),
        (facts("health_attendance", attributes={"setting": "ed", "reasons": ["intoxication"]}),
         "A&E: intoxication"),
        (facts("health_attendance", attributes={"setting": "ed", "reasons": []},
               text="Fell from bike; wrist X-ray, no fracture."),
         "A&E: Fell from bike; wrist X-ray, no fracture."),
        (facts("health_attendance", attributes={"setting": "gp"}, text="Asthma review."),
         "GP: Asthma review."),
        (facts("health_attendance", attributes={"setting": "sexual_health",
                                                "reasons": ["sti", "emergency_contraception"]}),
         "Sexual health: STI, emergency contraception"),
        (facts("school_attendance", attributes={
            "period_start": "2007-09-01", "period_end": "2007-12-20",
            "sessions_possible": 120, "sessions_missed": 38}),
         "School attendance 2007-09-01–2007-12-20: 38 of 120 sessions missed (32%)"),
        (facts("school_attendance", attributes={"sessions_possible": 10, "sessions_missed": 4,
                                                "unauthorised": 3}),
         "School attendance: 4 of 10 sessions missed (40%), 3 unauthorised"),
        (facts("exclusion", attributes={"kind": "fixed", "days": 4}, text="Fighting."),
         "Fixed-term exclusion: 4 days; Fighting."),
        (facts("disclosure", attributes={"to_role": "teacher", "retracted": True},
               text="Said she was hurt."),
         "Disclosure to teacher (later withdrawn): Said she was hurt."),
        (facts("vehicle_sighting", attributes={"how": "anpr"},
               vehicles=[{"registration": "AB12 CDE", "colour": "silver", "make": "Ford"}],
               location={"name": "Leisure Centre car park", "kind": "car_park"}),
         "Vehicle sighting (ANPR): AB12 CDE silver Ford; at Leisure Centre car park (car park)"),
        (facts("business_report", attributes={"business_kind": "taxi"}, text="Girls collected."),
         "Report from taxi: Girls collected."),
        (facts("helpline_contact", attributes={"caller_kind": "child", "anonymous": True}),
         "Helpline contact from child (anonymous)"),
        (facts("disruption", attributes={"action": "cawn", "against": "p2"},
               persons=[{"ref": "p1"},
                        {"ref": "p2", "given_name": "Dean", "family_name": "Walsh"}]),
         "Disruption: child abduction warning notice against Dean Walsh"),
        (facts("disruption", attributes={"action": "sro", "against": "p1"}),
         "Disruption: sexual risk order against this person"),
        (facts("other", attributes={"activity": "youth_club", "nested": {"a": 1}}),
         "Other: activity youth club"),
        (facts("other", text="Youth club session."), "Other: Youth club session."),
        (facts("future_type"), "Future type"),
    ],
)  # fmt: skip
def test_summaries(given: Facts, expected: str) -> None:
    assert summarise(given) == expected


def test_every_type_has_words_even_with_no_attributes() -> None:
    for rtype in [*SUMMARISERS, "other"]:
        line = summarise(Facts(rtype, {"attributes": None}, AT, None))
        assert line and "None" not in line and "\n" not in line

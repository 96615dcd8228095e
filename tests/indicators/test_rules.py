"""Each shipped rule on hand-built children: it fires on its positive case, not on its negative."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from heron.indicators import CoMissing, Level, NetworkTie, evaluate
from tests.indicators.builders import ADULT, NO_AGE, D, child, missing, rec
from tests.indicators.rule_cases import (
    CASES,
    case,
    health,
    placement,
    three_missing,
)


def fired(records: list[dict[str, Any]], as_of: datetime = D, **kw: Any) -> set[str]:
    co = kw.pop("co_missing", ())
    view = child(records, home_postcode="OX1 2AA", **kw)
    return {i.rule_id for i in evaluate(view, as_of, co_missing=co).indicators}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_its_positive_case(rule_id: str) -> None:
    assert rule_id in fired(case(rule_id))


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_stays_quiet_on_its_negative_case(rule_id: str) -> None:
    assert rule_id not in fired(case(rule_id, positive=False))


def test_every_shipped_rule_has_cases() -> None:
    from heron.indicators import load_rules

    assert {r.id for r in load_rules().rules} == set(CASES) | {"MIS-07", "NET-01"}


def test_a_child_among_a_networks_children_is_at_least_medium_with_its_records() -> None:
    recs = [missing("M1", "2008-05-01T22:00", "2008-05-02T02:00")]
    tie = NetworkTie("3 children with concern were found with the same adult", 0.8, ("tvp:M1",))
    view = child(recs, home_postcode="OX1 2AA")
    risk = evaluate(view, D, networks=[tie])
    [ind] = [i for i in risk.indicators if i.rule_id == "NET-01"]
    assert ind.record_keys == ("tvp:M1",) and ind.evidence[0].mention_keys
    assert "found with the same adult" in ind.evidence[0].reason
    assert risk.level >= Level.MEDIUM and "(NET-01, weight 4)" in risk.explanation
    assert "NET-01" not in {i.rule_id for i in evaluate(view, D).indicators}
    weak = NetworkTie("2 children tied to a youth centre", 0.3, ("tvp:M1",))
    assert "NET-01" not in {i.rule_id for i in evaluate(view, D, networks=[weak]).indicators}
    old = NetworkTie("an old network", 0.9, ("tvp:OLD",))  # none of the child's records
    assert "NET-01" not in {i.rule_id for i in evaluate(view, D, networks=[old]).indicators}


def test_co_missing_counts_other_children_within_its_window() -> None:
    recs = [missing("M1", "2008-05-01T22:00", "2008-05-02T02:00")]
    link = CoMissing("P2", datetime(2008, 5, 1).date(), ("tvp:M1",))
    old = CoMissing("P2", datetime(2007, 5, 1).date(), ("tvp:M1",))
    assert "MIS-07" in fired(recs, co_missing=[link])
    assert "MIS-07" not in fired(recs, co_missing=[old])
    assert "MIS-07" not in fired(recs)


def test_repeat_missing_window_edge_is_ninety_days_before_the_date() -> None:
    # Windows are (D - 90 days, D]; D - 90 days is 2008-03-03 12:00.
    recent = three_missing(("2008-05-10", "2008-05-20", "2008-05-25"))[:2]
    on_edge = missing("M9", "2008-03-03T10:00", "2008-03-03T12:00")
    just_inside = missing("M9", "2008-03-03T10:00", "2008-03-03T12:01")
    assert "MIS-02" not in fired([on_edge, *recent])
    assert "MIS-02" in fired([just_inside, *recent])


def test_two_agencies_recording_one_episode_count_once() -> None:
    police = three_missing(("2008-04-10", "2008-05-10", "2008-05-10"))
    police[2]["agency"] = "occ"
    police[2]["sector"] = "social_care"
    assert "MIS-02" not in fired(police)


def test_retracted_disclosure_still_counts_and_says_so() -> None:
    view = child(case("DIS-01"))
    [ind] = [i for i in evaluate(view, D).indicators if i.rule_id == "DIS-01"]
    assert "retracted: True" in ind.evidence[0].reason


def test_under_16_rule_needs_a_date_of_birth_and_says_so() -> None:
    recs = case("HLT-04")
    for r in recs:
        r["persons"][0].pop("date_of_birth")
    risk = evaluate(child(recs), D)
    assert "HLT-04" not in {i.rule_id for i in risk.indicators}
    assert any("date of birth unknown" in m for m in risk.missing_data)


def test_adults_found_with_are_listed_as_mention_evidence() -> None:
    risk = evaluate(child(case("MIS-05")), D)
    [ind] = [i for i in risk.indicators if i.rule_id == "MIS-05"]
    assert ind.evidence[0].mention_keys == ("tvp:M1#c", "tvp:M1#a1")
    assert "aged 31" in ind.evidence[0].reason


def test_unknown_ages_are_missing_data_not_adults() -> None:
    recs = [
        missing(
            "M1",
            "2008-05-01T22:00",
            "2008-05-02T02:00",
            persons=[NO_AGE],
            attributes={"found_with": ["u1"]},
        )
    ]
    risk = evaluate(child(recs), D)
    assert "MIS-05" not in {i.rule_id for i in risk.indicators}
    assert any("age unknown" in m for m in risk.missing_data)


def test_far_from_home_needs_a_home_postcode() -> None:
    risk = evaluate(child(case("MIS-06")), D)
    assert "MIS-06" not in {i.rule_id for i in risk.indicators}
    assert any("home postcode unknown" in m for m in risk.missing_data)


def test_open_episode_counts_as_long_up_to_the_date() -> None:
    assert "MIS-03" in fired([missing("M1", "2008-05-30T22:00")])
    assert "MIS-03" not in fired([missing("M1", "2008-05-31T22:00")])


def test_under_16_ends_the_day_before_the_16th_birthday() -> None:
    # The child is born 1993-05-02: 15 on 2009-05-01, 16 on 2009-05-02.
    after_both = datetime(2009, 6, 1, 12, 0)
    eve = health("H1", "emergency_contraception", setting="sexual_health", at="2009-05-01T10:00")
    birthday = health(
        "H1", "emergency_contraception", setting="sexual_health", at="2009-05-02T10:00"
    )
    assert "HLT-04" in fired([eve], after_both)
    assert "HLT-04" not in fired([birthday], after_both)


def test_vehicle_sighting_naming_the_child_counts_whatever_the_role() -> None:
    recs = [rec("V1", "vehicle_sighting", vehicles=[{"registration": "AB12 CDE", "role": "seen"}])]
    assert "VEH-01" in fired(recs)
    assert "VEH-01" in fired([rec("N1", "case_note", text="She got into a car outside school.")])


def test_an_out_of_area_placement_still_running_counts_however_old() -> None:
    old = placement("P1", "2006-01-01", "out_of_area")
    assert "PLC-02" in fired([old])
    old["ended_at"] = "2007-01-01"
    assert "PLC-02" not in fired([old])


def test_age_stated_on_the_childs_mention_serves_when_no_date_of_birth() -> None:
    recs = case("HLT-04")
    for r in recs:
        del r["persons"][0]["date_of_birth"]
        r["persons"][0]["age"] = 15
    assert "HLT-04" in fired(recs)
    recs[0]["persons"][0]["age"] = 16
    assert "HLT-04" not in fired(recs)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_evidence_points_at_real_records_and_mentions_with_a_reason(rule_id: str) -> None:
    view = child(case(rule_id), home_postcode="OX1 2AA")
    keys = {r.key for r in view.records}
    mentions = {k for r in view.records for k in r.child_mention_keys()}
    mentions |= {m.key for r in view.records for m in r.others}
    mentions |= {v.key for r in view.records for v in r.vehicles}
    [ind] = [i for i in evaluate(view, D).indicators if i.rule_id == rule_id]
    for e in ind.evidence:
        assert e.record_key in keys
        assert e.mention_keys and set(e.mention_keys) <= mentions
        assert e.reason and "\n" not in e.reason


def test_an_adult_described_by_apparent_age_counts_as_found_with_the_child() -> None:
    """Police often describe, not name, the man a child was found with."""
    seen = {"ref": "u1", "role": "associate", "aliases": ["Diesel"],
            "description": "male, about 29-34, slim build"}  # fmt: skip
    youth = {"ref": "u2", "role": "associate", "description": "male, about 17-23"}
    found = missing("M1", "2008-05-01T22:00", "2008-05-02T02:00", persons=[seen],
                    attributes={"found_with": ["u1"]})  # fmt: skip
    risk = evaluate(child([found]), D)
    [ind] = [i for i in risk.indicators if i.rule_id == "MIS-05"]
    assert "associate apparently aged 29-34" in ind.evidence[0].reason
    unsure = missing("M1", "2008-05-01T22:00", "2008-05-02T02:00", persons=[youth],
                     attributes={"found_with": ["u2"]})  # fmt: skip
    assert "MIS-05" not in fired([unsure])  # 17-23 could be a child: age unknown


def test_an_unrelated_adult_with_the_child_at_a_and_e_counts_and_a_parent_does_not() -> None:
    with_man = rec("E1", "health_attendance", sector="health", persons=[ADULT],
                   attributes={"setting": "ed", "reasons": ["intoxication"]})  # fmt: skip
    assert "ADU-01" in fired([with_man])
    with_mum = rec("E1", "health_attendance", sector="health",
                   persons=[{**ADULT, "role": "parent"}],
                   attributes={"setting": "ed", "reasons": ["injury"]})  # fmt: skip
    assert "ADU-01" not in fired([with_mum])

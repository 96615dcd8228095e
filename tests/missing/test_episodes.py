"""Missing episodes: merging agencies' records, found at / with, return interviews."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from heron.missing import INTERVIEW_DUE, episodes, overdue_interviews
from tests.indicators.builders import ADULT, PEER, D, child, missing, rec

HOTEL = {"kind": "hotel", "name": "Fir Tree Hotel", "postcode": "OX4 1AB", "address": "3 Mill Lane"}


def test_one_record_one_episode_with_its_details() -> None:
    r = missing(
        "M1",
        "2008-05-01T22:00",
        "2008-05-03T10:00",
        persons=[ADULT, PEER],
        attributes={"reported_by": "childrens_home", "found_at": HOTEL, "found_with": ["a1", "k2"]},
    )
    [ep] = episodes(child([r]), D)
    assert (ep.start, ep.end) == (datetime(2008, 5, 1, 22), datetime(2008, 5, 3, 10))
    assert ep.duration == timedelta(hours=36)
    assert not ep.ongoing
    assert ep.reported_by == ("childrens_home",)
    assert ep.record_keys == ("tvp:M1",)
    assert ep.child_mention_keys == ("tvp:M1#c",)
    assert [(f.kind, f.name, f.postcode, f.address) for f in ep.found_at] == [
        ("hotel", "Fir Tree Hotel", "OX4 1AB", "3 Mill Lane")
    ]
    assert ep.found_at[0].describe() == "hotel: Fir Tree Hotel, 3 Mill Lane, OX4 1AB"
    assert [(w.mention_key, w.role, w.age, w.is_child) for w in ep.found_with] == [
        ("tvp:M1#a1", "associate", 31, False),
        ("tvp:M1#k2", "associate", 14, True),
    ]


def test_police_and_social_care_records_of_one_episode_merge() -> None:
    police = missing("M1", "2008-05-01T22:00", "2008-05-02T08:00", attributes={"found_at": HOTEL})
    care = missing(
        "CS7",
        "2008-05-01T21:30",
        "2008-05-02T09:00",
        sector="social_care",
        agency="occ",
        attributes={"reported_by": "childrens_home"},
    )
    later = missing("M2", "2008-05-10T22:00", "2008-05-11T01:00")
    first, second = episodes(child([police, care, later]), D)
    assert first.record_keys == ("occ:CS7", "tvp:M1")
    assert first.agencies == ("occ", "tvp")
    assert (first.start, first.end) == (datetime(2008, 5, 1, 21, 30), datetime(2008, 5, 2, 9))
    assert first.reported_by == ("childrens_home", "carer")
    assert second.record_keys == ("tvp:M2",)


def test_absences_are_episodes_flagged_as_such() -> None:
    absent = missing("M1", "2008-05-01T22:00", "2008-05-02T01:00", attributes={"absent_only": True})
    [ep] = episodes(child([absent, rec("N1", "case_note")]), D)
    assert ep.absent_only


def test_records_after_the_date_and_returns_not_yet_known_are_left_out() -> None:
    early = missing("M1", "2008-05-31T22:00", recorded="2008-05-31T23:00")
    late = missing("M2", "2008-05-30T22:00", "2008-05-31T02:00", recorded="2008-06-01T12:01")
    [ep] = episodes(child([early, late]), D)
    assert ep.record_keys == ("tvp:M1",)
    assert ep.ongoing and ep.duration is None
    assert ep.interview.due is None and not ep.interview.overdue


def interview(**ri: object) -> dict[str, object]:
    return {"return_interview": ri}


def test_interview_done_within_72_hours() -> None:
    r = missing(
        "M1",
        "2008-05-01T22:00",
        "2008-05-02T10:00",
        attributes=interview(offered=True, done=True, date="2008-05-05T10:00"),
    )
    ri = episodes(child([r]), D)[0].interview
    assert ri.due == datetime(2008, 5, 2, 10) + INTERVIEW_DUE
    assert (ri.offered, ri.done, ri.within_72h, ri.overdue) == (True, True, True, False)


def test_interview_done_late_is_not_within_72_hours_nor_overdue() -> None:
    r = missing(
        "M1",
        "2008-05-01T22:00",
        "2008-05-02T10:00",
        attributes=interview(offered=True, done=True, date="2008-05-05T10:01", disclosed=True),
    )
    ri = episodes(child([r]), D)[0].interview
    assert (ri.done, ri.within_72h, ri.overdue, ri.disclosed) == (True, False, False, True)
    assert ri.late and ri.hours_after_return == 72
    assert ri.describe() == "offered; done late (72 h after return)"


def test_interview_not_done_is_overdue_only_after_72_hours() -> None:
    r = missing(
        "M1", "2008-05-01T22:00", "2008-05-02T10:00", attributes=interview(offered=True, done=False)
    )
    view = child([r])
    assert not episodes(view, datetime(2008, 5, 5, 10))[0].interview.overdue
    ri = episodes(view, datetime(2008, 5, 5, 10, 1))[0].interview
    assert ri.overdue and ri.offered is True and ri.within_72h is None


def test_interview_dated_after_the_date_is_not_yet_done() -> None:
    r = missing(
        "M1",
        "2008-05-01T22:00",
        "2008-05-02T10:00",
        recorded="2008-05-02T11:00",
        attributes=interview(offered=True, done=True, date="2008-06-02T10:00"),
    )
    assert episodes(child([r]), D)[0].interview.overdue


def test_interview_done_on_the_other_agencys_record_counts_for_the_episode() -> None:
    police = missing("M1", "2008-05-01T22:00", "2008-05-02T10:00")
    care = missing(
        "CS1",
        "2008-05-01T22:30",
        "2008-05-02T10:00",
        agency="occ",
        sector="social_care",
        attributes=interview(offered=True, done=True, date="2008-05-03T10:00"),
    )
    [ep] = episodes(child([police, care]), D)
    assert ep.interview.done and ep.interview.within_72h
    assert ep.interview.record_keys == ("occ:CS1",)


def test_no_interview_details_means_offered_unknown_and_overdue() -> None:
    [ep] = episodes(child([missing("M1", "2008-05-01T22:00", "2008-05-02T10:00")]), D)
    assert ep.interview.offered is None and ep.interview.overdue


def test_overdue_interviews_are_listed_across_children_most_overdue_first() -> None:
    done = interview(offered=True, done=True, date="2008-05-03T10:00")
    a = episodes(child([missing("M1", "2008-05-20T22:00", "2008-05-21T10:00")]), D)
    b = episodes(
        child(
            [
                missing("M2", "2008-05-01T22:00", "2008-05-02T10:00"),
                missing("M3", "2008-05-01T22:00", "2008-05-02T10:00", agency="x", attributes=done),
            ]
        ),
        D,
    )
    c = episodes(child([missing("M4", "2008-05-10T22:00", "2008-05-11T10:00")]), D)
    recent = episodes(child([missing("M5", "2008-05-31T01:00", "2008-05-31T10:00")]), D)
    found = overdue_interviews({"A": a, "B": b, "C": c, "R": recent}, D)
    assert [o.child_id for o in found] == ["C", "A"]
    assert found[0].record_keys == ("tvp:M4",)
    assert found[0].due == datetime(2008, 5, 14, 10)
    assert found[0].hours_overdue == (D - datetime(2008, 5, 14, 10)).days * 24 + 2


def test_found_at_describes_whatever_the_record_gives() -> None:
    places = [{"kind": "park"}, {"postcode": "OX4 1AB"}, {"kind": "home", "address": "1 Elm Rd"}]
    recs = [
        missing(f"M{i}", f"2008-05-0{i + 1}T22:00", f"2008-05-0{i + 1}T23:00",
                attributes={"found_at": p})
        for i, p in enumerate(places)
    ]  # fmt: skip
    found = [f.describe() for ep in episodes(child(recs), D) for f in ep.found_at]
    assert found == ["park", "OX4 1AB", "home: 1 Elm Rd"]


@pytest.mark.parametrize(
    ("details", "as_of", "shown"),
    [
        ({"offered": True, "done": True, "date": "2008-05-03T10:00"}, D,
         "offered; done within 72 h"),
        ({"offered": True, "done": True, "date": "2008-05-06T12:00"}, D,
         "offered; done late (98 h after return)"),
        ({"offered": True, "done": True}, D, "offered; done (date not recorded)"),
        ({"offered": False, "done": False}, datetime(2008, 5, 3), "not offered; not done"),
        ({"offered": False, "done": False}, D, "not offered; OVERDUE"),
        ({}, D, "offer not recorded; OVERDUE"),
    ],
)  # fmt: skip
def test_the_interview_is_described_by_offer_and_timeliness(
    details: dict[str, object], as_of: datetime, shown: str
) -> None:
    attributes = interview(**details) if details else {}
    r = missing("M1", "2008-05-01T22:00", "2008-05-02T10:00", attributes=attributes)
    assert episodes(child([r]), as_of)[0].interview.describe() == shown


def test_a_child_still_missing_has_no_interview_due() -> None:
    [ep] = episodes(child([missing("M1", "2008-05-31T22:00")]), D)
    assert ep.interview.describe() == "offer not recorded; not due: still missing"


def test_interviews_done_late_are_listed_with_when_they_were_done() -> None:
    late = interview(offered=True, done=True, date="2008-05-06T12:00")
    on_time = interview(offered=True, done=True, date="2008-05-04T12:00")
    a = episodes(child([missing("M1", "2008-05-01T22:00", "2008-05-02T10:00", attributes=late)]), D)
    b = episodes(
        child([missing("M2", "2008-05-01T22:00", "2008-05-02T10:00", attributes=on_time)]), D
    )
    [item] = overdue_interviews({"A": a, "B": b}, D)
    assert (item.child_id, item.done, item.hours_overdue) == ("A", datetime(2008, 5, 6, 12), 26)

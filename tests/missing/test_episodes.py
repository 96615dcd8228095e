"""Missing episodes: merging agencies' records, found at / with, return interviews."""

from __future__ import annotations

from datetime import datetime, timedelta

from heron.missing import INTERVIEW_DUE, episodes, overdue_interviews
from tests.indicators.builders import ADULT, PEER, D, child, missing, rec

HOTEL = {"kind": "hotel", "name": "Fir Tree Hotel", "postcode": "OX4 1AB"}


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
    assert [(f.kind, f.name, f.postcode) for f in ep.found_at] == [
        ("hotel", "Fir Tree Hotel", "OX4 1AB")
    ]
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

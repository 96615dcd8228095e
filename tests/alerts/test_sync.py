"""Alerts keep one identity across syncs: they grow, never duplicate, merge when bridged,
follow identity merges, keep raised_at through replays, and are never closed by a sync."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from heron.alerts import alert_lines, alert_steps, close, get_alert, list_alerts, sync_alerts
from heron.store.models import AlertEvent, AlertRow
from tests.alerts.helpers import ANALYST, SYSTEM, child, day, identity_merge, network


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(AlertRow)).scalar_one()


def test_a_network_grows_as_evidence_arrives_and_never_duplicates(engine: Engine) -> None:
    first = sync_alerts(
        engine, SYSTEM, day("2008-01-31"), [network(("P1", "P2"), ("P9",), ("tvp:1",))]
    )
    assert first.raised == ("A00001",)
    grown = network(("P1", "P2", "P3"), ("P9", "P8"), ("tvp:1", "ouh:2"), score=0.9)
    second = sync_alerts(engine, SYSTEM, day("2008-02-29"), [grown])
    assert second.raised == () and second.grew == ("A00001",)
    third = sync_alerts(engine, SYSTEM, day("2008-03-31"), [grown])
    assert third.unchanged == ("A00001",)
    assert _count(engine) == 1
    row, history = get_alert(engine, ANALYST, "A00001")
    assert row.children == ["P1", "P2", "P3"] and row.adults == ["P8", "P9"]
    assert row.evidence == ["ouh:2", "tvp:1"] and row.score == 0.9
    grew = [e for e in history if e.kind == "grew"]
    assert len(grew) == 1 and grew[0].details["added"]["children"] == ["P3"]
    assert grew[0].at == day("2008-02-29")


def test_separate_networks_stay_separate(engine: Engine) -> None:
    sync_alerts(
        engine,
        SYSTEM,
        day("2008-01-31"),
        [network(("P1", "P2"), ("P9",), ("tvp:1",)), network(("P5", "P6"), ("P7",), ("tvp:2",))],
    )
    assert _count(engine) == 2


def test_a_finding_bridging_two_alerts_merges_them_into_the_older(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P1", "P2"), ("P9",), ("tvp:1",))])
    sync_alerts(engine, SYSTEM, day("2008-02-29"), [network(("P5", "P6"), ("P7",), ("tvp:2",))])
    bridge = network(("P1", "P2", "P5", "P6"), ("P7", "P9"), ("tvp:1", "tvp:2", "tvp:3"))
    summary = sync_alerts(engine, SYSTEM, day("2008-03-31"), [bridge])
    assert summary.merged == (("A00001", "A00002"),)
    assert [r.alert_id for r in list_alerts(engine, ANALYST)] == ["A00001"]
    absorbed, history = get_alert(engine, ANALYST, "A00002")
    assert absorbed.state == "merged" and absorbed.merged_into == "A00001"
    assert history[-1].kind == "merged"
    lines = list(alert_lines(engine, ANALYST, day("2008-03-31")))
    assert [(x["alert_id"], x["raised_at"]) for x in lines] == [("A00001", "2008-01-31")]
    assert lines[0]["children"] == ["P1", "P2", "P5", "P6"]
    before = list(alert_lines(engine, ANALYST, day("2008-02-29")))  # as they were then
    assert [x["alert_id"] for x in before] == ["A00001", "A00002"]


def test_an_alert_shows_the_records_that_existed_at_each_step(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P1", "P2"), ("P9",), ("tvp:1",))])
    sync_alerts(engine, SYSTEM, day("2008-02-29"), [network(("P5", "P6"), ("P7",), ("tvp:2",))])
    bridge = network(("P1", "P2", "P5", "P6"), ("P7", "P9"), ("tvp:1", "tvp:2", "tvp:3"))
    sync_alerts(engine, SYSTEM, day("2008-03-31"), [bridge])
    steps = alert_steps(engine, ANALYST, "A00001")
    assert [s.view.as_of for s in steps] == [day(d) for d in ("2008-01-31", "2008-02-29",
                                                              "2008-03-31")]  # fmt: skip
    assert [s.view.evidence for s in steps] == [
        ("tvp:1",),
        ("tvp:1", "tvp:2"),
        ("tvp:1", "tvp:2", "tvp:3"),
    ]  # the absorbed alert's records count from its own first date
    assert [s.new_evidence for s in steps] == [("tvp:1",), ("tvp:2",), ("tvp:3",)]
    assert all(s.view.raised_at == day("2008-01-31") for s in steps)
    assert alert_steps(engine, ANALYST, "A09999") == []


def test_a_child_alert_follows_its_child_through_an_identity_merge(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [child("P000010", ("tvp:1",))])
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [child("P000011", ("ouh:1",))])
    assert _count(engine) == 2
    identity_merge(engine, "P000010", ("P000011",), day("2008-02-15"))
    summary = sync_alerts(engine, SYSTEM, day("2008-02-29"), [child("P000010", ("tvp:1", "ouh:1"))])
    assert summary.merged == (("A00001", "A00002"),)
    line = next(iter(alert_lines(engine, ANALYST, day("2008-02-29"))))
    assert line["children"] == ["P000010"] and line["evidence"] == ["ouh:1", "tvp:1"]


def test_network_members_retired_by_identity_still_match(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P000001", "P000002"), (), ("a:1",))])
    identity_merge(engine, "P000003", ("P000001", "P000002"), day("2008-02-10"))
    summary = sync_alerts(
        engine, SYSTEM, day("2008-02-29"), [network(("P000003",), (), ("a:1", "a:2"))]
    )
    assert summary.raised == () and summary.grew == ("A00001",)
    old = next(iter(alert_lines(engine, ANALYST, day("2008-01-31"))))
    assert old["children"] == ["P000001", "P000002"]  # as they were known then
    now = next(iter(alert_lines(engine, ANALYST, day("2008-02-29"))))
    assert now["children"] == ["P000003"]


def test_raised_at_survives_a_replay_run_again_from_the_start(engine: Engine) -> None:
    steps = [
        (day("2008-01-31"), [child("P1", ("tvp:1",))]),
        (
            day("2008-02-29"),
            [child("P1", ("tvp:1", "tvp:2")), network(("P1", "P2"), ("P9",), ("x:1",))],
        ),
        (
            day("2008-03-31"),
            [child("P1", ("tvp:1", "tvp:2")), network(("P1", "P2"), ("P9",), ("x:1", "x:2"))],
        ),
    ]
    for as_of, candidates in steps:
        sync_alerts(engine, SYSTEM, as_of, candidates)
    first = [list(alert_lines(engine, ANALYST, as_of)) for as_of, _ in steps]
    with Session(engine) as session:
        events = session.execute(select(func.count()).select_from(AlertEvent)).scalar_one()
    for as_of, candidates in steps:  # the same replay again over the same database
        sync_alerts(engine, SYSTEM, as_of, candidates)
    assert [list(alert_lines(engine, ANALYST, as_of)) for as_of, _ in steps] == first
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(AlertEvent)).scalar_one() == events
    assert [(x["alert_id"], x["raised_at"]) for x in first[-1]] == [
        ("A00001", "2008-01-31"),
        ("A00002", "2008-02-29"),
    ]


def test_a_sync_at_an_earlier_as_of_moves_raised_at_back_and_keeps_later_history(
    engine: Engine,
) -> None:
    sync_alerts(engine, SYSTEM, day("2008-03-31"), [child("P1", ("tvp:1", "tvp:2"))])
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [child("P1", ("tvp:1",))])
    assert _count(engine) == 1
    assert list(alert_lines(engine, ANALYST, day("2007-12-31"))) == []
    early = next(iter(alert_lines(engine, ANALYST, day("2008-01-31"))))
    late = next(iter(alert_lines(engine, ANALYST, day("2008-03-31"))))
    assert early["raised_at"] == late["raised_at"] == "2008-01-31"
    assert early["evidence"] == ["tvp:1"] and late["evidence"] == ["tvp:1", "tvp:2"]
    row, _ = get_alert(engine, ANALYST, "A00001")
    assert row.evidence == ["tvp:1", "tvp:2"] and row.last_seen_as_of == day("2008-03-31")


def test_a_finding_no_longer_seen_leaves_the_alert_as_it_was(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P1", "P2"), ("P9",), ("tvp:1",))])
    summary = sync_alerts(engine, SYSTEM, day("2008-02-29"), [])
    again = sync_alerts(engine, SYSTEM, day("2008-03-31"), [])
    assert summary.unseen == ("A00001",) and again.unseen == ()
    row, history = get_alert(engine, ANALYST, "A00001")
    assert row.state == "new" and row.evidence == ["tvp:1"]
    assert [e.kind for e in history] == ["raised", "unseen"]
    assert len(list(alert_lines(engine, ANALYST, day("2008-03-31")))) == 1


def test_new_evidence_reopens_a_closed_alert_and_old_evidence_does_not(engine: Engine) -> None:
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [child("P1", ("tvp:1",))])
    close(engine, ANALYST, "A00001", "strategy meeting: risk reduced, plan in place")
    same = sync_alerts(engine, SYSTEM, day("2008-02-29"), [child("P1", ("tvp:1",))])
    assert same.reopened == ()
    assert get_alert(engine, ANALYST, "A00001")[0].state == "closed"
    more = sync_alerts(engine, SYSTEM, day("2008-03-31"), [child("P1", ("tvp:1", "ouh:7"))])
    assert more.reopened == ("A00001",)
    row, history = get_alert(engine, ANALYST, "A00001")
    assert row.state == "reopened" and _count(engine) == 1
    assert history[-1].kind == "reopened" and "ouh:7" in (history[-1].note or "")


def test_an_alert_is_matched_by_its_current_members_not_everyone_it_ever_held(
    engine: Engine,
) -> None:
    """A network whose children changed over the years does not take in a later finding
    that shares only a child from its past: that is a new alert."""
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [network(("P1", "P2"), ("P9",), ("tvp:1",))])
    moved_on = network(("P2", "P3", "P4"), ("P9",), ("tvp:2",))
    assert sync_alerts(engine, SYSTEM, day("2008-06-30"), [moved_on]).grew == ("A00001",)
    row, _ = get_alert(engine, ANALYST, "A00001")
    assert row.children == ["P1", "P2", "P3", "P4"]  # the alert keeps everyone it held
    elsewhere = network(("P1", "P7"), ("P6",), ("tvp:3",))  # shares P1 with its past
    later = sync_alerts(engine, SYSTEM, day("2009-06-30"), [moved_on, elsewhere])
    assert later.raised == ("A00002",) and later.unchanged == ("A00001",)
    assert _count(engine) == 2


def test_two_networks_sharing_one_child_and_one_of_many_adults_stay_two(engine: Engine) -> None:
    """Two networks that used the same hotel, one child seen with both: two alerts."""
    first = network(("P1", "P2", "P3", "P4"), ("P90", "P91", "P92", "P93"), ("tvp:1",))
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [first])
    other = network(("P4", "P5", "P6", "P7"), ("P93", "P80", "P81", "P82"), ("tvp:2",))
    assert sync_alerts(engine, SYSTEM, day("2008-02-29"), [first, other]).raised == ("A00002",)
    same_men = network(("P3", "P8", "P9"), ("P90", "P91", "P92"), ("tvp:3",))
    assert sync_alerts(engine, SYSTEM, day("2008-03-31"), [same_men]).grew == ("A00001",)


def test_a_finding_matching_an_alert_by_members_it_borrowed_does_not_glue_two_networks(
    engine: Engine,
) -> None:
    """Two networks that share only a place: for a while one's finding also held two
    children of the other. When the other is found on its own, it is a new alert, and each
    alert goes on with its own network rather than one alert holding both for good."""
    ours = network(("P1", "P2", "P3", "P4", "P5"), ("P90", "P91"), ("tvp:1",))
    sync_alerts(engine, SYSTEM, day("2007-04-30"), [ours])
    borrowing = network(("P1", "P2", "P3", "P4", "P5", "P6", "P7"), ("P90", "P91"), ("tvp:2",))
    assert sync_alerts(engine, SYSTEM, day("2007-09-30"), [borrowing]).grew == ("A00001",)
    theirs = network(("P6", "P7", "P8"), ("P80", "P90"), ("tvp:3",))  # and one of our men
    step = sync_alerts(engine, SYSTEM, day("2008-01-31"), [ours, theirs])
    assert step.raised == ("A00002",) and step.unchanged == ("A00001",)
    assert step.apart == (("A00002", "A00001"),) and step.merged == ()
    _, history = get_alert(engine, ANALYST, "A00002")
    apart = [e for e in history if e.kind == "apart"]
    assert {k: apart[0].details[k] for k in ("from", "children", "adults")} == {
        "from": "A00001",
        "children": 2,
        "adults": 1,
    }
    assert "shares 2 children and 1 adult" in (apart[0].note or "")
    later = sync_alerts(engine, SYSTEM, day("2008-02-29"), [ours, theirs])
    assert later.unchanged == ("A00001", "A00002") and later.apart == ()
    lines = {x["alert_id"]: x for x in alert_lines(engine, ANALYST, day("2008-02-29"))}
    assert lines["A00002"]["children"] == ["P6", "P7", "P8"]
    assert lines["A00002"]["raised_at"] == "2008-01-31"


def test_a_network_found_in_two_halves_keeps_its_alert_and_merges_back(engine: Engine) -> None:
    """A network one run finds as two halves, one with a child the alert never held: the
    half sharing most keeps the alert, the other is raised with an ``apart`` note; when a
    later run finds it whole again, the two alerts merge into the older."""
    whole = network(("P1", "P2", "P3", "P4", "P5"), ("P90", "P91"), ("tvp:1",))
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [whole])
    most = network(("P1", "P2", "P3"), ("P90",), ("tvp:2",), score=0.7)
    rest = network(("P4", "P5", "P6"), ("P91",), ("tvp:3",), score=0.9)
    halves = sync_alerts(engine, SYSTEM, day("2008-02-29"), [rest, most])
    assert halves.raised == ("A00002",) and halves.apart == (("A00002", "A00001"),)
    row, _ = get_alert(engine, ANALYST, "A00002")
    assert row.children == ["P4", "P5", "P6"]
    grown = network(("P1", "P2", "P3", "P4", "P5", "P6"), ("P90", "P91"), ("tvp:4",))
    again = sync_alerts(engine, SYSTEM, day("2008-03-31"), [grown])
    assert again.merged == (("A00001", "A00002"),)
    assert [r.alert_id for r in list_alerts(engine, ANALYST)] == ["A00001"]


def test_a_piece_of_a_network_its_alert_already_holds_stays_with_it(engine: Engine) -> None:
    """A run that finds, beside the network, one of its children with one of its men: that
    piece brings no one new, so it is part of the network's alert, not a second alert."""
    whole = network(("P1", "P2", "P3", "P4"), ("P90", "P91"), ("tvp:1",))
    sync_alerts(engine, SYSTEM, day("2008-01-31"), [whole])
    most = network(("P1", "P2", "P3"), ("P90",), ("tvp:2",))
    piece = network(("P4",), ("P91",), ("tvp:3",))
    step = sync_alerts(engine, SYSTEM, day("2008-02-29"), [most, piece])
    assert step.raised == () and step.apart == () and step.grew == ("A00001",)
    row, _ = get_alert(engine, ANALYST, "A00001")
    assert row.children == ["P1", "P2", "P3", "P4"] and "tvp:3" in row.evidence
    assert _count(engine) == 1

"""Children missing on the same nights, grouped; each child's links for the indicators."""

from __future__ import annotations

from datetime import date, datetime

from heron.indicators import evaluate
from heron.missing import Episode, co_missing, co_missing_for, episodes, night_of
from heron.missing.comissing import nights
from tests.indicators.builders import D, child, missing


def eps(*spans: tuple[str, str | None], agency: str = "tvp") -> list[Episode]:
    recs = [missing(f"{agency}{i}", s, e, agency=agency) for i, (s, e) in enumerate(spans)]
    return episodes(child(recs), D)


def test_night_runs_noon_to_noon() -> None:
    assert night_of(datetime(2008, 5, 2, 2, 0)) == date(2008, 5, 1)
    assert night_of(datetime(2008, 5, 1, 22, 0)) == date(2008, 5, 1)
    assert night_of(datetime(2008, 5, 2, 12, 0)) == date(2008, 5, 2)


def test_an_episode_touches_every_night_it_spans() -> None:
    [ep] = eps(("2008-05-01T22:00", "2008-05-03T09:00"))
    assert nights(ep) == [date(2008, 5, 1), date(2008, 5, 2)]
    [open_ep] = eps(("2008-05-01T22:00", None))
    assert nights(open_ep) == [date(2008, 5, 1), date(2008, 5, 2)]


def test_children_missing_the_same_night_are_grouped() -> None:
    groups = co_missing(
        {
            "A": eps(
                ("2008-05-01T21:00", "2008-05-02T03:00"), ("2008-05-10T21:00", "2008-05-10T23:00")
            ),
            "B": eps(("2008-05-02T01:00", "2008-05-02T06:00"), agency="occ"),
            "C": eps(("2008-05-01T19:00", "2008-05-01T20:00")),
            "D": eps(("2008-05-20T19:00", "2008-05-20T20:00")),
        }
    )
    [group] = groups
    assert group.night == date(2008, 5, 1)
    assert group.child_ids == ("A", "B", "C")
    assert not group.overlapping  # C was back before B went
    assert group.members[1].record_keys == ("occ:occ0",)


def test_overlapping_pair_is_marked_and_a_lone_child_is_no_group() -> None:
    [group] = co_missing(
        {
            "A": eps(("2008-05-01T21:00", "2008-05-02T03:00")),
            "B": eps(("2008-05-01T23:00", "2008-05-02T02:00")),
        }
    )
    assert group.overlapping
    assert co_missing({"A": eps(("2008-05-01T21:00", "2008-05-02T03:00"))}) == []
    assert co_missing({}) == []


def test_a_long_episode_meets_others_on_each_night() -> None:
    groups = co_missing(
        {
            "A": eps(("2008-05-01T21:00", "2008-05-04T10:00")),
            "B": eps(("2008-05-01T23:00", "2008-05-02T02:00")),
            "C": eps(("2008-05-03T23:00", "2008-05-04T02:00")),
        }
    )
    assert [(g.night, g.child_ids) for g in groups] == [
        (date(2008, 5, 1), ("A", "B")),
        (date(2008, 5, 3), ("A", "C")),
    ]


def test_links_feed_the_co_missing_indicator() -> None:
    a_records = [missing("M1", "2008-05-01T21:00", "2008-05-02T03:00")]
    groups = co_missing(
        {
            "P1": episodes(child(a_records), D),
            "P2": eps(("2008-05-01T23:00", "2008-05-02T02:00"), agency="occ"),
        }
    )
    links = co_missing_for("P1", groups)
    assert [(link.other_child_id, link.night, link.record_keys) for link in links] == [
        ("P2", date(2008, 5, 1), ("tvp:M1",)),
    ]
    assert co_missing_for("P9", groups) == []
    risk = evaluate(child(a_records), D, co_missing=links)
    [ind] = [i for i in risk.indicators if i.rule_id == "MIS-07"]
    assert (ind.evidence[0].record_key, ind.evidence[0].mention_keys) == ("tvp:M1", ("tvp:M1#c",))
    assert "with child P2" in ind.evidence[0].reason

"""Stable person ids between runs, and the merges and splits they record."""

from __future__ import annotations

from datetime import date

from heron.identity.features import MentionInput
from heron.identity.persons import assign_ids, summarise


def test_first_run_numbers_persons_from_one() -> None:
    result = assign_ids([["a"], ["b", "c"]], {}, 1)
    assert result.person_ids == ["P000001", "P000002"]
    assert [c.kind for c in result.changes] == ["new", "new"]
    assert result.next_number == 3


def test_a_person_keeps_their_id_when_new_mentions_arrive() -> None:
    previous = {"a": "P000007", "b": "P000009"}
    result = assign_ids([["a", "new1"], ["b"], ["new2"]], previous, 10)
    assert result.person_ids == ["P000007", "P000009", "P000010"]
    assert [(c.kind, c.person_id) for c in result.changes] == [("new", "P000010")]


def test_a_merge_keeps_the_larger_persons_id_and_retires_the_other() -> None:
    previous = {"a": "P000001", "b": "P000001", "c": "P000002"}
    result = assign_ids([["a", "b", "c"]], previous, 3)
    assert result.person_ids == ["P000001"]
    kinds = {(c.kind, c.person_id, c.others) for c in result.changes}
    assert ("merge", "P000001", ("P000002",)) in kinds
    assert ("retired", "P000002", ()) in kinds


def test_a_split_keeps_the_id_on_the_larger_part() -> None:
    previous = {"a": "P000001", "b": "P000001", "c": "P000001"}
    result = assign_ids([["a", "b"], ["c"]], previous, 2)
    assert result.person_ids == ["P000001", "P000002"]
    kinds = {(c.kind, c.person_id, c.others) for c in result.changes}
    assert ("split", "P000001", ("P000002",)) in kinds
    assert ("new", "P000002", ("P000001",)) in kinds


def test_summary_takes_the_commonest_name_and_dob_and_child_at_the_latest_record() -> None:
    def m(key: str, given: str, dob: str | None, on: date) -> MentionInput:
        return MentionInput(key, "x", on, given_name=given, family_name="Smith", date_of_birth=dob)

    mentions = [
        m("x:1#0", "Jess", "1993-05-02", date(2007, 1, 1)),
        m("x:2#0", "Jessica", "1993-05-02", date(2008, 1, 1)),
        m("x:3#0", "Jess", "1993-02-05", date(2012, 1, 1)),
    ]
    summary = summarise(mentions)
    assert (summary.given_name, summary.family_name) == ("Jess", "Smith")
    assert summary.date_of_birth == "1993-05-02"
    assert summary.is_child is False  # 18 by 2012
    assert summarise(mentions[:2]).is_child is True


def test_persons_not_yet_visible_are_not_retired() -> None:
    previous = {"a": "P000001", "b": "P000002"}
    result = assign_ids([["a"]], previous, 3)
    assert result.person_ids == ["P000001"] and result.changes == []


def test_with_no_stated_age_a_description_settles_child_or_adult_only_when_clear() -> None:
    def seen(key: str, apparent: tuple[int, int] | None, on: date) -> MentionInput:
        return MentionInput(key, "x", on, aliases=("Diesel",), apparent=apparent)

    man = [seen("x:1#0", (29, 34), date(2007, 1, 1)), seen("x:2#0", (17, 23), date(2007, 2, 1))]
    assert summarise(man).is_child is False  # the straddling one settles nothing
    assert summarise(man[1:]).is_child is None
    assert summarise([seen("x:3#0", (12, 14), date(2007, 1, 1))]).is_child is True
    stated = MentionInput("x:4#0", "x", date(2007, 1, 1), age=15, apparent=(29, 34))
    assert summarise([stated]).is_child is True  # a stated age comes first
    both = [seen("x:5#0", (29, 34), date(2007, 1, 1)), seen("x:6#0", (12, 14), date(2007, 1, 1))]
    assert summarise(both).is_child is None  # descriptions that disagree settle nothing


def test_a_helplines_child_caller_is_a_child_when_nothing_says_how_old() -> None:
    caller = MentionInput("hl:1#p1", "hl", date(2007, 9, 8), given_name="Sophie", said_child=True)
    assert summarise([caller]).is_child is True
    assert summarise([MentionInput("hl:2#p1", "hl", date(2007, 9, 8))]).is_child is None
    man = MentionInput("x:1#0", "x", date(2007, 1, 1), apparent=(29, 34))
    assert summarise([caller, man]).is_child is None  # they disagree: nothing settled
    aged = MentionInput("x:2#0", "x", date(2007, 1, 1), age=19)
    assert summarise([caller, aged]).is_child is False  # a stated age comes first

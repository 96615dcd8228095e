"""Building a child's view from records-v1 dicts (``heron.indicators.views``): the child's
own mentions, other mentions' ages and childhood, times, and protected attributes dropped."""

from __future__ import annotations

from datetime import date, datetime

from heron.indicators import child_view_from_records
from tests.factories import record
from tests.indicators.builders import ADULT, NO_AGE, PEER, child, missing, rec


def test_record_view_carries_keys_times_and_the_child_mention() -> None:
    view = child([missing("M1", "2008-05-01T22:00", "2008-05-02T02:00", persons=[ADULT])])
    [r] = view.records
    assert (r.key, r.agency, r.sector, r.type) == ("tvp:M1", "tvp", "police", "missing_episode")
    assert r.occurred_at == datetime(2008, 5, 1, 22, 0)
    assert r.ended_at == datetime(2008, 5, 2, 2, 0)
    assert r.child_refs == ("c",)
    assert r.child_mention_keys() == ("tvp:M1#c",)
    assert [m.key for m in r.others] == ["tvp:M1#a1"]


def test_dob_and_sex_come_from_the_childs_own_mention() -> None:
    view = child([rec("N1", "case_note")])
    assert view.date_of_birth == date(1993, 5, 2)
    assert view.sex == "F"


def test_ages_and_childhood_of_other_mentions() -> None:
    born = {"ref": "b", "role": "associate", "date_of_birth": "1980-06-01"}
    [r] = child([rec("N1", "case_note", persons=[ADULT, PEER, NO_AGE, born])]).records
    ages = {m.ref: (m.age, m.is_child) for m in r.others}
    assert ages == {"a1": (31, False), "k2": (14, True), "u1": (None, None), "b": (27, False)}


def test_mention_refs_default_to_their_index() -> None:
    rec_ = record("N1", persons=[{"role": "subject"}, {"role": "associate", "age": 40}])
    [r] = child_view_from_records("P1", [rec_]).records
    assert r.child_refs == ("0",)
    assert r.others[0].key == "tvp:N1#1"


def test_person_ids_pick_the_childs_mention_and_resolve_others() -> None:
    ids = {"tvp:M1#a1": "P1", "tvp:M1#c": "P9"}
    [r] = child([missing("M1", "2008-05-01T22:00", persons=[ADULT])], person_ids=ids).records
    assert r.child_refs == ("a1",)
    assert r.others[0].person_id == "P9"


def test_explicit_child_refs_win() -> None:
    [r] = child([rec("N1", "case_note", persons=[PEER])], child_refs={"tvp:N1": ["k2"]}).records
    assert r.child_refs == ("k2",)


def test_offset_times_become_uk_local() -> None:
    [r] = child([rec("N1", "case_note", at="2008-05-01T21:00+00:00")]).records
    assert r.occurred_at == datetime(2008, 5, 1, 22, 0)


def test_protected_attributes_are_dropped_at_the_door() -> None:
    attrs = {"ethnicity": "x", "found_at": {"kind": "hotel", "Religion": "y"}, "nationality": "z"}
    [r] = child([missing("M1", "2008-05-01T22:00", attributes=attrs)]).records
    assert r.attributes == {"reported_by": "carer", "found_at": {"kind": "hotel"}}


def test_is_child_from_identity_serves_when_no_age_is_stated() -> None:
    recs = [rec("N1", "case_note", persons=[NO_AGE, ADULT])]
    flags = {"tvp:N1#u1": False, "tvp:N1#a1": True}  # the stated age (31) wins for a1
    [r] = child(recs, is_child=flags).records
    assert [(m.ref, m.is_child) for m in r.others] == [("u1", False), ("a1", False)]

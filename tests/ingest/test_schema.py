"""Validation of single records: what passes, and the precise reason for what does not."""

from __future__ import annotations

from typing import Any

import pytest

from heron.ingest.schema import RecordError, validate
from tests.factories import record


def reason_for(obj: Any) -> tuple[str | None, str]:
    with pytest.raises(RecordError) as caught:
        validate(obj)
    return caught.value.field, caught.value.reason


def test_a_full_record_validates_with_times_in_uk_local_time() -> None:
    valid = validate(record(recorded_at="2007-07-02T00:30:00+00:00"))
    assert valid.key == "tvp:INC-1"
    assert valid.recorded_at.isoformat() == "2007-07-02T01:30:00"  # BST
    assert valid.occurred_is_date is False


def test_date_only_occurred_at_is_marked() -> None:
    assert validate(record(occurred_at="2007-03-01")).occurred_is_date is True


def test_unknown_fields_are_allowed() -> None:
    validate(
        record(custom_field={"kept": True}, persons=[{"given_name": "A", "shoe": 5}], attributes={})
    )


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"sector": "pol"}, "sector", "expected one of business"),
        ({"type": "arrest"}, "type", "Invalid enum value 'arrest'"),
        ({"id": 42}, "id", "Expected `str`"),
        ({"id": ""}, "id", "length >= 1"),
        ({"occurred_at": "2007-02-30"}, "occurred_at", "not a real ISO 8601 date"),
        ({"recorded_at": "yesterday"}, "recorded_at", "not a real ISO 8601 date"),
        ({"persons": None}, "persons", "Expected `array`"),
        ({"persons": [{"role": "boss"}]}, "persons[0].role", "expected one of associate"),
        ({"persons": [{"age": "14"}]}, "persons[0].age", "Expected `int | null`"),
        ({"persons": [{"date_of_birth": "02/05/1993"}]}, "persons[0].date_of_birth", "YYYY"),
        ({"persons": [{"date_of_birth": "1993-02-30"}]}, "persons[0].date_of_birth", "real date"),
        ({"persons": [{"ref": "x"}, {"ref": "x"}]}, "persons[1].ref", "used twice"),
        ({"phones": [{"role": "x"}]}, "phones[0].number", "required field is missing"),
        ({"attributes": {"found_at": {"kind": "moon"}}}, "attributes.found_at.kind", "hotel"),
        ({"attributes": {"found_with": ["zz"]}}, "attributes.found_with[0]", "names no person"),
    ],
)
def test_bad_fields_are_named_with_what_was_expected(
    change: dict[str, Any], field: str, expected: str
) -> None:
    got_field, reason = reason_for(record(**change))
    assert got_field == field
    assert expected in reason


def test_missing_required_field_is_named() -> None:
    obj = record()
    del obj["recorded_at"]
    assert reason_for(obj) == ("recorded_at", "required field is missing")


def test_a_json_value_that_is_not_an_object_is_rejected() -> None:
    assert reason_for([1, 2]) == (None, "expected a JSON object, got list")


def test_type_specific_attributes_are_checked() -> None:
    bad = record(type="intelligence", attributes={"source_grade": "F"})
    assert reason_for(bad)[0] == "attributes.source_grade"
    school = record(type="school_attendance", attributes={"period_start": "2007-13-01"})
    assert reason_for(school)[0] == "attributes.period_start"

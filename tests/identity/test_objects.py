"""Phones, vehicles and places: one object however it was written."""

from __future__ import annotations

from heron.identity.objects import (
    ObjectAssignment,
    resolve_locations,
    resolve_phones,
    resolve_vehicles,
)


def _ids(assignments: list[ObjectAssignment]) -> dict[str, str]:
    return {a.object_key: a.object_id for a in assignments}


def test_a_phone_written_three_ways_is_one_phone() -> None:
    ids = _ids(resolve_phones([("a", "07700 900123"), ("b", "+44 7700 900123"),
                               ("c", "0044-7700-900-123"), ("d", "not a number")]))  # fmt: skip
    assert ids["a"] == ids["b"] == ids["c"] == "PH:+447700900123"
    assert ids["d"].startswith("PH?")


def test_confusable_and_partial_plates_join_the_one_vehicle_they_fit() -> None:
    result = resolve_vehicles(
        [("a", "AB12 CDE"), ("b", "AB12CDE"), ("c", "A812 CDE"), ("d", "AB1? C?E"),
         ("e", "XY11 ZZZ"), ("f", "??1? ???")]
    )  # fmt: skip
    ids = _ids(result)
    assert ids["a"] == ids["b"] == ids["c"] == ids["d"] == "V:AB12CDE"
    partial = next(r for r in result if r.object_key == "d")
    assert partial.method == "partial" and 0 < partial.confidence < 1
    assert ids["e"] == "V:XY11ZZZ"
    assert ids["f"].startswith("V?")  # fits both: kept apart rather than guessed


def test_one_flat_written_three_ways_is_one_place() -> None:
    ids = _ids(
        resolve_locations(
            [("a", None, "Flat 3, 12 High Street", "OX4 1AB"),
             ("b", None, "3/12 High St", "OX4 1AB"),
             ("c", None, "Flat 3, 12 High St, Oxford", None),
             ("d", None, "Flat 4, 12 High Street", "OX4 1AB")]
        )
    )  # fmt: skip
    assert ids["a"] == ids["b"] == ids["c"]
    assert ids["d"] != ids["a"]

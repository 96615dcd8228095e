"""The shared wording helper: counts read as English."""

from __future__ import annotations

from heron.wording import count


def test_a_count_is_singular_for_one_and_plural_otherwise() -> None:
    assert count(1, "record") == "1 record"
    assert count(0, "record") == "0 records"
    assert count(3, "agency", "agencies") == "3 agencies"
    assert count(1, "child", "children") == "1 child"

"""Clustering under cannot-link constraints: strongest links first, no forbidden merges."""

from __future__ import annotations

from datetime import date
from typing import Any

from heron.identity.cluster import Constraints, cluster_pairs, conflicts
from heron.identity.linker import ScoredPair


def row(key: str, born: int | None = None, **ids: str) -> dict[str, Any]:
    lo = date(born, 1, 1) if born else None
    hi = date(born, 12, 31) if born else None
    return {"unique_id": key, "birth_lo": lo, "birth_hi": hi, **ids}


def pair(a: str, b: str, weight: float, probability: float = 0.99) -> ScoredPair:
    return ScoredPair(a, b, weight, probability, ())


def test_every_row_lands_in_exactly_one_group() -> None:
    rows = [row("r:1#0"), row("r:2#0"), row("r:3#0")]
    result = cluster_pairs(rows, [pair("r:1#0", "r:2#0", 9)], 0.8, Constraints())
    assert result.groups == [["r:1#0", "r:2#0"], ["r:3#0"]]
    assert [(j.left, j.right) for j in result.joins] == [("r:1#0", "r:2#0")]


def test_pairs_below_the_threshold_do_not_link() -> None:
    rows = [row("r:1#0"), row("r:2#0")]
    result = cluster_pairs(rows, [pair("r:1#0", "r:2#0", 1, 0.6)], 0.8, Constraints())
    assert len(result.groups) == 2


def test_a_chain_cannot_merge_a_child_with_an_adult() -> None:
    # child (1995) ~ vague mention (no birth) ~ parent (1970): each link alone is allowed,
    # both together would put a child and an adult in one person.
    rows = [row("a:1#0", 1995), row("b:1#0"), row("c:1#0", 1970)]
    pairs = [pair("a:1#0", "b:1#0", 12), pair("b:1#0", "c:1#0", 8)]
    result = cluster_pairs(rows, pairs, 0.8, Constraints())
    assert ["a:1#0", "b:1#0"] in result.groups and ["c:1#0"] in result.groups


def test_two_valid_nhs_numbers_are_two_people() -> None:
    rows = [row("a:1#0", nhs="9434765919"), row("b:1#0"), row("c:1#0", nhs="9434765870")]
    pairs = [pair("a:1#0", "b:1#0", 5), pair("b:1#0", "c:1#0", 7)]
    result = cluster_pairs(rows, pairs, 0.8, Constraints())
    assert ["b:1#0", "c:1#0"] in result.groups and ["a:1#0"] in result.groups


def test_two_mentions_of_one_record_are_two_people() -> None:
    # twins named together in one record, each also in a record of their own
    rows = [row("a:1#0"), row("a:1#1"), row("b:7#0")]
    pairs = [pair("a:1#0", "b:7#0", 9), pair("a:1#1", "b:7#0", 8)]
    result = cluster_pairs(rows, pairs, 0.8, Constraints())
    assert ["a:1#0", "b:7#0"] in result.groups and ["a:1#1"] in result.groups


def test_a_rejected_pair_is_never_merged_even_through_others() -> None:
    rows = [row("a:1#0"), row("b:1#0"), row("c:1#0")]
    pairs = [pair("a:1#0", "b:1#0", 9), pair("b:1#0", "c:1#0", 8)]
    result = cluster_pairs(rows, pairs, 0.8, Constraints(), must_not_link=[("a:1#0", "c:1#0")])
    assert ["a:1#0", "b:1#0"] in result.groups and ["c:1#0"] in result.groups


def bare(key: str, seen: date) -> dict[str, Any]:
    """A mention that says nothing of birth, in a record of ``seen``."""
    return {**row(key), "seen_on": seen}


def test_a_name_in_a_record_before_a_birth_is_another_person() -> None:
    # "Simon Wright" in a hotel's report of August 2005; a Simon Wright born 2005-11-16
    rows = [bare("h:1#0", date(2005, 8, 20)), {**row("s:1#0"), "birth_lo": date(2005, 11, 16),
            "birth_hi": date(2005, 11, 16)}]  # fmt: skip
    result = cluster_pairs(rows, [pair("h:1#0", "s:1#0", 9)], 0.8, Constraints())
    assert len(result.groups) == 2
    assert conflicts([rows[0]], [rows[1]], Constraints()) == [
        "named (no date of birth or age) in a record dated before the other's birth"
    ]


def test_a_chain_cannot_put_a_name_before_a_birth() -> None:
    # 2005 report ~ a later report of the same name (no birth either) ~ the child born 2005
    born = {"birth_lo": date(2005, 11, 16), "birth_hi": date(2005, 11, 16)}
    rows = [bare("h:1#0", date(2005, 8, 20)), bare("p:1#0", date(2011, 2, 1)),
            {**row("s:1#0"), **born}]  # fmt: skip
    pairs = [pair("h:1#0", "p:1#0", 9), pair("p:1#0", "s:1#0", 8)]
    result = cluster_pairs(rows, pairs, 0.8, Constraints())
    assert ["h:1#0", "p:1#0"] in result.groups and ["s:1#0"] in result.groups


def test_a_name_after_the_birth_links() -> None:
    rows = [bare("p:1#0", date(2011, 2, 1)), row("s:1#0", 2005)]
    result = cluster_pairs(rows, [pair("p:1#0", "s:1#0", 9)], 0.8, Constraints())
    assert result.groups == [["p:1#0", "s:1#0"]]

"""Aliases in network detection: a street name joins the records that name someone by it
alone, a child's own nickname is no anchor, and a man named with his alias counts once."""

from __future__ import annotations

from datetime import datetime

from heron.graph import Entity, Named, RecordNode
from heron.patterns import NETWORK_ALERT_THRESHOLD
from heron.patterns.ties import collect_ties
from tests.patterns.builders import HIGH, GraphBuilder, found_with_alias, top_finding


def test_two_children_found_with_the_same_street_name_cross_the_threshold() -> None:
    """Two missing children each found with someone named only "Sonic": linking keeps the
    two nameless mentions apart, the alias joins them (as a person of unknown age)."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2")
    for holder in ("P51", "P52"):  # one person each record, of unknown age
        b.entities.append(Entity(holder, "person", roles=(("associate", 1),)))
    b.entities.append(Entity("A:sonic", "alias", label="'Sonic'", roles=(("associate", 2),)))
    found_with_alias(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P51", "A:sonic")
    found_with_alias(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P52", "A:sonic")
    best = top_finding(b)
    assert best.children == ("P1", "P2") and best.objects == ("A:sonic",)
    assert best.adults == ()  # an alias is a lead to a person, not a person
    assert best.score >= NETWORK_ALERT_THRESHOLD
    assert any(
        "someone named only as 'Sonic' was found with 2 of the children in 2 records" in r
        for r in best.reasons
    )


def test_a_childs_own_nickname_is_no_anchor() -> None:
    """An alias given only for children ("Jess" for a girl of 14) ties nothing to them."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.child("P3", home="h3")
    b.entities.append(Entity("A:jj", "alias", label="'JJ'", is_child=True))
    found_with_alias(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P3", "A:jj")
    found_with_alias(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P3", "A:jj")
    ties = collect_ties(b.graph(), {0, 1})
    assert not [t for t in ties.anchor_ties if b.entities[t.anchor].kind == "alias"]


def test_a_man_named_with_his_alias_counts_once() -> None:
    """A man named "John 'Smudge'" found with two children: the alias node stands for
    him in that record, so the finding scores as it would without the alias; a later record
    naming someone else only as 'Smudge' with a third child adds what it brings."""

    def county(alias: bool, later: bool = False) -> GraphBuilder:
        b = GraphBuilder()
        b.child("P1", home="h1"), b.child("P2", home="h2"), b.child("P3", home="h3")
        b.adult("P9")
        b.entities.append(Entity("P50", "person", roles=(("associate", 1),)))
        b.entities.append(Entity("A:smudge", "alias", label="'Smudge'", is_child=False, age=30))
        index = {e.id: i for i, e in enumerate(b.entities)}
        named = [
            Named(index["P1"], "missing_person", "mention", ref="P1"),
            Named(index["P2"], "associate", "mention", ref="P2"),
            Named(index["P9"], "associate", "mention", ref="P9"),
        ]
        if alias:
            smudge = Named(index["A:smudge"], "associate", "alias", ref="P9", holder=index["P9"])
            named.append(smudge)
        b.records.append(
            RecordNode("wsp:MIS-1", "police", "missing_episode",
                       datetime(2008, 1, 4, 22), tuple(named), {"found_with": ["P2", "P9"]})
        )  # fmt: skip
        if later:
            found_with_alias(b, "wsp:MIS-2", "2008-02-09T23:00", "P3", "P50", "A:smudge")
        return b

    levels = {**HIGH, "P3": "high"}
    alone, aliased = top_finding(county(False), levels), top_finding(county(True), levels)
    assert aliased.score == alone.score and aliased.objects == ("A:smudge",)
    assert not any("'Smudge'" in r for r in aliased.reasons)
    joined = top_finding(county(True, later=True), levels)
    assert joined.children == ("P1", "P2", "P3") and joined.score > aliased.score
    assert any(
        "someone named only as 'Smudge' was found with 3 of the children in 2 records" in r
        for r in joined.reasons
    ), joined.reasons

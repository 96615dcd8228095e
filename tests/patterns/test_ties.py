"""The ties detection reads from a record: children with concern, anchors, and the persons a
record of concern names by a first name alone beside a child (possible children)."""

from __future__ import annotations

from heron.graph import Entity
from heron.patterns import NETWORK_ALERT_THRESHOLD, detect_networks
from heron.patterns.context import UNKNOWN_AGE
from heron.patterns.ties import collect_ties
from tests.patterns.builders import GraphBuilder

LEVELS = {"P1": "low", "P2": "low"}


def _first_named(b: GraphBuilder, pid: str, given: str, role: str = "other") -> str:
    """A person named by ``given`` alone: no family name, alias or age anywhere."""
    b.entities.append(Entity(pid, "person", roles=((role, 1),), given_name=given))
    return pid


def _taxi_report(b: GraphBuilder, key: str, when: str, *named: tuple[str, str, str]) -> None:
    b.record(key, "business_report", when, list(named), sector="business", business_kind="taxi")


def test_a_girl_named_by_a_first_name_in_a_taxi_report_counts_as_a_possible_child() -> None:
    """A driver's report: a man booked a taxi at 23:30 for "Jill" and a child with concern,
    from his phone. Nothing says how old Jill is, nor who she is; she is taken for a
    possible child of that record, so the man and his phone are tied to two children."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.adult("P9"), b.thing("PH:1", "phone")
    _first_named(b, "P60", "Jill")
    _taxi_report(b, "kestrel-cars:BR-1", "2007-10-13T23:30",
                 ("P9", "other", "mention"), ("P1", "other", "mention"),
                 ("P60", "other", "mention"), ("PH:1", "booking", "phone"))  # fmt: skip
    graph = b.graph()
    ties = collect_ties(graph, {graph.index["P1"]})
    jill = graph.index["P60"]
    assert ties.possible == {jill}
    to_jill = [t for t in ties.anchor_ties if t.child == jill]
    assert {graph.entities[t.anchor].id for t in to_jill} == {"P9", "PH:1"}
    assert all(t.weight <= UNKNOWN_AGE for t in to_jill)
    assert not [t for t in ties.anchor_ties if t.anchor == jill], "she is no anchor in it"
    [best] = detect_networks(graph, {"P1": "low"})
    assert best.children == ("P1",) and best.first_named == ("P60",)
    assert best.adults == ("P9",)
    assert best.score >= NETWORK_ALERT_THRESHOLD
    assert "1 child with concern (1 low) and 1 named only by a first name" in best.summary
    [line] = best.to_identify
    assert "P60 (kestrel-cars:BR-1)" in line, "she is listed for a person to identify"


def test_only_a_record_of_concern_makes_a_possible_child() -> None:
    """A youth club's attendance naming "Jill" beside a child is no concern: she stays a
    person of unknown age there, an anchor like any other, never a possible child."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.adult("P9", roles={"professional": 3})
    _first_named(b, "P60", "Jill", role="subject")
    b.record("wcc-youth:YS-1", "other", "2007-10-13T18:00",
             [("P9", "professional", "mention"), ("P1", "subject", "mention"),
              ("P60", "subject", "mention")], sector="youth")  # fmt: skip
    graph = b.graph()
    ties = collect_ties(graph, {graph.index["P1"]})
    assert ties.possible == set()
    assert any(t.anchor == graph.index["P60"] for t in ties.anchor_ties)


def test_a_person_in_an_adults_role_or_with_a_family_name_is_never_a_possible_child() -> None:
    """A first name alone as a suspect is an adult's role; "Dean Cole" of unknown age is a
    named person linking can follow: both stay anchors."""
    b = GraphBuilder()
    b.child("P1", home="h1")
    _first_named(b, "P60", "Dave", role="suspect")
    b.entities.append(
        Entity("P61", "person", roles=(("associate", 1),), given_name="Dean", family_name="cole")
    )
    b.record("wsp:INT-1", "intelligence", "2007-10-13T23:30",
             [("P1", "victim", "mention"), ("P60", "suspect", "mention"),
              ("P61", "associate", "mention")])  # fmt: skip
    graph = b.graph()
    ties = collect_ties(graph, {graph.index["P1"]})
    assert ties.possible == set()
    assert {graph.entities[t.anchor].id for t in ties.anchor_ties} == {"P60", "P61"}


def test_no_possible_child_where_the_record_names_no_child_with_concern() -> None:
    """Two girls named by first names alone with a man, and no child with concern: nothing
    ties to anyone Heron assesses, so no network is made of possible children alone."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.adult("P9")
    _first_named(b, "P60", "Jill"), _first_named(b, "P61", "Lucy")
    _taxi_report(b, "kestrel-cars:BR-1", "2007-10-13T23:30",
                 ("P9", "other", "mention"), ("P60", "other", "mention"),
                 ("P61", "other", "mention"))  # fmt: skip
    graph = b.graph()
    assert collect_ties(graph, {graph.index["P1"]}).possible == set()
    assert detect_networks(graph, {"P1": "low"}) == []

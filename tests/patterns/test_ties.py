"""The ties detection reads from a record: children with concern, anchors, the persons a
record of concern names by a first name alone beside a child (possible children), and an
adult a record names by a name alone, once."""

from __future__ import annotations

from datetime import datetime

from heron.graph import Entity, Named, RecordNode
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


def _found_with_named(b: GraphBuilder, key: str, when: str, bare: bool) -> None:
    """P1 missing, found with P2 and the adult P9; the record names P9 by a name alone
    (``bare``: no date of birth, age or anything else), or with more."""
    index = {e.id: i for i, e in enumerate(b.entities)}
    named = (
        Named(index["P1"], "missing_person", "mention", ref="P1"),
        Named(index["P2"], "associate", "mention", ref="P2"),
        Named(index["P9"], "associate", "mention", ref="P9", bare=bare),
    )
    b.records.append(
        RecordNode(key, "police", "missing_episode", datetime.fromisoformat(when), named,
                   {"found_with": ["P2", "P9"]})
    )  # fmt: skip


def test_an_adult_named_once_by_a_name_alone_with_two_children_is_context() -> None:
    """Friends found together with "Clare Jones", no age: linking matched her by the name
    alone to an adult Clare Jones. One such record is context; the same adult with a date
    of birth in the record, or in a second record, is found with them."""
    levels = {"P1": "medium", "P2": "medium"}
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    _found_with_named(b, "wsp:MIS-1", "2009-02-24T18:00", bare=True)
    findings = detect_networks(b.graph(), levels)
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert any("by a name alone" in c for c in findings[0].context)
    assert findings[0].context_persons == ("P9",)

    stated = GraphBuilder()
    stated.child("P1", home="h1"), stated.child("P2", home="h2"), stated.adult("P9")
    _found_with_named(stated, "wsp:MIS-1", "2009-02-24T18:00", bare=False)
    assert detect_networks(stated.graph(), levels)[0].score >= NETWORK_ALERT_THRESHOLD

    _found_with_named(b, "wsp:MIS-2", "2009-03-20T20:00", bare=True)
    again = detect_networks(b.graph(), levels)[0]
    assert again.score >= NETWORK_ALERT_THRESHOLD and again.adults == ("P9",)


def test_a_record_describing_an_older_partner_ties_its_adults_strongly_and_only_them() -> None:
    """A case note flagged by an older-partner indicator: its adult's tie is strong and of
    kind older_partner; the place it names keeps its own kind and weight."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.adult("P9"), b.thing("L1", "location", "private_address")
    b.record("wcc:CN-1", "case_note", "2007-09-20T12:00",
             [("P1", "subject", "mention"), ("P9", "associate", "mention"),
              ("L1", None, "scene")], sector="social_care")  # fmt: skip
    graph = b.graph()
    kid = {graph.index["P1"]}
    plain = {graph.entities[t.anchor].id: t for t in collect_ties(graph, kid).anchor_ties}
    flagged = {
        graph.entities[t.anchor].id: t for t in collect_ties(graph, kid, {"wcc:CN-1"}).anchor_ties
    }
    assert (plain["P9"].kind, plain["P9"].weight) == ("named_together", 0.3)
    assert (flagged["P9"].kind, flagged["P9"].weight) == ("older_partner", 1.0)
    assert (flagged["L1"].kind, flagged["L1"].weight) == (plain["L1"].kind, plain["L1"].weight)

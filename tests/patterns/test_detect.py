"""Network detection on hand-built graphs: each seed kind crosses the alerting threshold,
each decoy kind stays below it with its context stated, and the words carry the counts."""

from __future__ import annotations

from datetime import datetime

from heron.graph import Entity, PoleGraph
from heron.patterns import CONTEXT_CAP, NETWORK_ALERT_THRESHOLD, detect_networks
from heron.patterns.detect import clean_core
from heron.patterns.score import score_network
from heron.patterns.ties import AnchorTie, collect_ties
from tests.patterns.builders import HIGH, GraphBuilder, found_with, top_finding


def test_two_children_found_with_one_adult_cross_the_threshold() -> None:
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    best = top_finding(b)
    assert best.children == ("P1", "P2") and best.adults == ("P9",)
    assert best.score >= NETWORK_ALERT_THRESHOLD
    assert best.evidence == ("wsp:MIS-1", "wsp:MIS-2")
    assert "adult P9 was found with 2 of the children in 2 records" in best.reasons[0]
    assert best.summary.startswith("2 children with concern (1 high, 1 medium) were found with")
    assert not best.context


def test_two_children_found_at_one_hotel_cross_the_threshold() -> None:
    b = GraphBuilder()
    b.child("P1"), b.child("P2"), b.thing("L:hotel", "location", "hotel")
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", place="L:hotel")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", place="L:hotel")
    assert top_finding(b).score >= NETWORK_ALERT_THRESHOLD


def test_a_shared_vehicle_and_phone_grow_the_network_and_raise_it() -> None:
    b = GraphBuilder()
    for c in ("P1", "P2", "P3"):
        b.child(c, home=f"h{c}")
    b.adult("P9"), b.thing("V:AB12CDE", "vehicle"), b.thing("PH:+447700900123", "phone")
    for i, c in enumerate(("P1", "P2", "P3")):
        b.record(f"wsp:INC-{i}", "police_incident", f"2008-0{i + 1}-05T23:30",
                 [(c, "victim", "mention"), ("V:AB12CDE", "at_scene", "vehicle")],
                 category="found_in_company")  # fmt: skip
    b.record("wsp:INT-1", "intelligence", "2008-03-01T12:00",
             [("P9", "subject", "mention"), ("V:AB12CDE", "used", "vehicle"),
              ("PH:+447700900123", "used", "phone"), ("P1", "victim", "mention")])  # fmt: skip
    best = top_finding(b)
    assert set(best.objects) == {"V:AB12CDE", "PH:+447700900123"} and best.adults == ("P9",)
    assert best.score > 0.8
    assert any("vehicle V:AB12CDE was found with 3 of the children" in r for r in best.reasons)


def test_a_youth_worker_with_many_children_stays_below_with_context() -> None:
    b = GraphBuilder()
    kids = [b.child(f"P{i}") for i in range(1, 9)]
    b.adult("P90", roles={"professional": 20})
    b.thing("L:youth", "location", "other")
    for i in range(12):
        present = [(k, "subject", "mention") for k in kids[i % 6 : i % 6 + 3]]
        b.record(f"wcc-youth:YS-{i}", "other", f"2008-01-{i + 1:02d}T18:00",
                 [("P90", "professional", "mention"), ("L:youth", None, "location"), *present],
                 sector="youth")  # fmt: skip
    levels = {k: "low" for k in kids}
    findings = detect_networks(b.graph(), levels)
    assert findings and all(f.score < NETWORK_ALERT_THRESHOLD for f in findings)
    # named as context, never listed with the adults a disruption would be aimed at
    assert any("P90" in f.context_persons for f in findings)
    assert all("P90" not in f.adults for f in findings)
    assert findings[0].score <= CONTEXT_CAP
    assert any("professionals and carers" in c for c in findings[0].context)


def test_fellow_attendees_of_a_youth_session_are_context() -> None:
    """A youth club's attendance names an attendee of unknown age (or one stated 18) with
    the children session after session: another attendee, explained by the session, so the
    youth worker's finding stays at the context cap. The same person named with the
    children in a record of concern counts as before."""
    b = GraphBuilder()
    kids = [b.child(f"P{i}") for i in range(1, 5)]
    b.adult("P90", roles={"professional": 20})
    b.entities.append(Entity("P60", "person", roles=(("subject", 6),)))  # no age recorded
    for i in range(6):
        present = [(k, "subject", "mention") for k in kids[i % 3 : i % 3 + 2]]
        b.record(f"wcc-youth:YS-{i}", "other", f"2008-01-{i + 1:02d}T18:00",
                 [("P90", "professional", "mention"), ("P60", "subject", "mention"),
                  *present], sector="youth")  # fmt: skip
    levels = {k: "low" for k in kids}
    [best] = detect_networks(b.graph(), levels)
    assert best.score <= CONTEXT_CAP
    assert any("a session a professional runs" in c for c in best.context)
    assert "P60" not in best.adults
    for i, kid in enumerate(kids[:2]):
        found_with(b, f"wsp:MIS-{i}", f"2008-02-{i + 1:02d}T23:00", kid, "P60")
    [best] = detect_networks(b.graph(), levels)
    assert best.score > CONTEXT_CAP and "P60" in best.adults


def test_a_childrens_home_and_its_carers_stay_below() -> None:
    b = GraphBuilder()
    kids = [b.child(f"P{i}", home="L:home") for i in range(1, 5)]
    b.adult("P80", roles={"reporter": 5, "carer": 5})
    b.thing("L:home", "location", "childrens_home")
    for i, k in enumerate(kids * 2):
        b.record(f"wsp:MIS-{i}", "missing_episode", f"2008-0{i % 9 + 1}-02T21:00",
                 [(k, "missing_person", "mention"), ("P80", "reporter", "mention"),
                  ("L:home", None, "location")])  # fmt: skip
    findings = detect_networks(b.graph(), {k: "medium" for k in kids})
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    text = " ".join(findings[0].context)
    assert "children's homes" in text and "professionals and carers" in text


def test_school_transport_stays_below() -> None:
    b = GraphBuilder()
    kids = [b.child(f"P{i}") for i in range(1, 5)]
    b.adult("P70", roles={"driver": 9}), b.thing("V:TAXI1", "vehicle")
    for i in range(6):
        b.record(f"kestrel-cars:MAN-{i}", "other", f"2008-01-{i + 7:02d}T08:10",
                 [("P70", "driver", "mention"), ("V:TAXI1", "taxi", "vehicle")]
                 + [(k, "other", "mention") for k in kids], sector="business",
                 document="school_transport_manifest")  # fmt: skip
    findings = detect_networks(b.graph(), {k: "low" for k in kids})
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert any("school transport" in c for c in findings[0].context)


def test_siblings_and_their_parent_stay_below() -> None:
    b = GraphBuilder()
    b.child("P1", home="h"), b.child("P2", home="h"), b.adult("P5", roles={"parent": 4}, home="h")
    for i in range(3):
        b.record(f"wcc-csc:REF-{i}", "referral", f"2008-0{i + 1}-10T10:00",
                 [("P1", "subject", "mention"), ("P2", "subject", "mention"),
                  ("P5", "parent", "mention")], sector="social_care")  # fmt: skip
    findings = detect_networks(b.graph(), HIGH)
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert any("parents" in c for c in findings[0].context)


def test_friends_missing_together_with_no_adult_stay_below() -> None:
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.child("P3", home="h3")
    b.thing("L:park", "location", "park"), b.thing("L:h3", "location", "home")
    for n, place in enumerate(("L:park", "L:h3", "L:park")):
        for c in ("P1", "P2", "P3"):
            others = [o for o in ("P1", "P2", "P3") if o != c]
            found_with(b, f"wsp:MIS-{n}{c}", f"2008-0{n + 1}-05T22:00", c, *others, place=place)
    findings = detect_networks(b.graph(), HIGH)
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert any("no adult" in c for c in findings[0].context)


def test_a_real_network_outranks_a_decoy() -> None:
    b = GraphBuilder()
    for c in ("P1", "P2", "P3", "P4"):
        b.child(c, home=f"h{c}")
    b.adult("P9"), b.adult("P90", roles={"professional": 9})
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-01-04T22:30", "P2", "P9")
    for i in range(4):
        b.record(f"wcc-youth:YS-{i}", "other", f"2008-02-0{i + 1}T18:00",
                 [("P90", "professional", "mention"), ("P3", "subject", "mention"),
                  ("P4", "subject", "mention")], sector="youth")  # fmt: skip
    findings = detect_networks(b.graph(), HIGH)
    assert [f.children for f in findings] == [("P1", "P2"), ("P3", "P4")]
    assert findings[0].score >= NETWORK_ALERT_THRESHOLD > findings[1].score
    assert any("missing on the same night" in r for r in findings[0].reasons)


def test_children_without_concern_are_not_networks() -> None:
    b = GraphBuilder()
    b.child("P1"), b.child("P2"), b.adult("P9")
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    assert detect_networks(b.graph(), {"P1": "none", "P2": "none"}) == []


def test_a_suspect_in_ordinary_incidents_with_two_children_stays_below() -> None:
    """A neighbourhood adult named as suspect in two anti-social-behaviour incidents, each
    with a different child, is not a network: the tie is ordinary, and says so."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9", roles={"suspect": 2})
    for i, kid in enumerate(("P1", "P2")):
        b.record(f"wsp:INC-{i}", "police_incident", f"200{6 + i * 3}-05-02T16:00",
                 [(kid, "witness", "mention"), ("P9", "suspect", "mention")],
                 category="asb")  # fmt: skip
    findings = detect_networks(b.graph(), HIGH)
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert any("ordinary ties" in c for c in findings[0].context)


def test_a_suspect_named_in_two_disclosures_is_strong() -> None:
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    for i, kid in enumerate(("P1", "P2")):
        b.record(f"wcc-csc:DIS-{i}", "disclosure", f"2008-0{i + 1}-02T16:00",
                 [(kid, "subject", "mention"), ("P9", "suspect", "mention")],
                 sector="social_care", retracted=True)  # fmt: skip
    assert top_finding(b).score >= NETWORK_ALERT_THRESHOLD


def test_ordinary_ties_to_several_unknown_people_never_reach_the_threshold() -> None:
    """Three people of unknown age named as associates beside two children in youth
    workers' notes, with a youth centre and youth workers as context: weak evidence stays
    under the threshold however much of it there is. (As fellow attendees, subjects of the
    session, they would be context too: test_fellow_attendees_of_a_youth_session_are_context.)"""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2")
    b.adult("P90", roles={"professional": 30}), b.thing("L:youth", "location", "other")
    unknown = []
    for i in range(3):
        b.entities.append(Entity(f"P5{i}", "person", roles=(("subject", 1),)))
        unknown.append(f"P5{i}")
    for i in range(12):
        named = [("P1", "subject", "mention"), ("P2", "subject", "mention"),
                 ("P90", "professional", "mention"), ("L:youth", None, "location"),
                 (unknown[i % 3], "associate", "mention")]  # fmt: skip
        b.record(f"wcc-youth:YS-{i}", "other", f"2008-01-{i + 1:02d}T18:00", named,
                 sector="youth")  # fmt: skip
    findings = detect_networks(b.graph(), {"P1": "medium", "P2": "high"})
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert findings[0].raw_score > NETWORK_ALERT_THRESHOLD  # the evidence was there, lowered
    assert any("ordinary ties" in c for c in findings[0].context)


def test_children_joined_only_through_context_are_listed_not_counted() -> None:
    """Two children found with one adult, and two more who only share their children's
    home: the network is the two; the others are named in its context."""
    b = GraphBuilder()
    kids = [b.child(f"P{i}", home=f"h{i}") for i in range(1, 5)]
    (
        b.adult("P9"),
        b.adult("P80", roles={"carer": 9}),
        b.thing("L:home", "location", "childrens_home"),
    )
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    for i, kid in enumerate(kids * 2):
        b.record(f"wsp:MIS-H{i}", "missing_episode", f"2008-03-{i + 1:02d}T21:00",
                 [(kid, "missing_person", "mention"), ("P80", "carer", "mention"),
                  ("L:home", None, "location")])  # fmt: skip
    levels = {k: "medium" for k in kids}
    best = detect_networks(b.graph(), levels)[0]
    assert best.children == ("P1", "P2") and best.score >= NETWORK_ALERT_THRESHOLD


def test_the_clean_core_keeps_children_an_anchor_ties_without_context() -> None:
    def tie(child: int, anchor: int, context: str | None = None) -> AnchorTie:
        return AnchorTie(child, anchor, record=0, kind="found_with", weight=1.0, context=context)

    by_anchor = {
        10: [tie(1, 10), tie(2, 10), tie(3, 10, "institution")],  # an adult: 1 and 2 cleanly
        11: [tie(3, 11, "institution"), tie(4, 11, "institution")],  # a children's home
        12: [tie(4, 12)],  # one clean tie alone is no pattern
    }
    assert clean_core({1, 2, 3, 4}, {10, 11, 12}, by_anchor) == {1, 2}
    assert clean_core({3, 4}, {11, 12}, by_anchor) == set()


def test_a_finding_names_the_children_it_does_not_count() -> None:
    b = GraphBuilder()
    for c in ("P1", "P2", "P3"):
        b.child(c, home=f"h{c}")
    b.adult("P9")
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    graph = b.graph()
    ties = collect_ties(graph, {0, 1, 2})
    finding = score_network(
        graph, {0, 1}, {3}, ties.by_anchor(), ties.nights, {0: "high", 1: "high"}, {2}
    )
    assert finding.children == ("P1", "P2") and finding.context_children == ("P3",)
    assert any("1 other children with concern (P3)" in c for c in finding.context)


def test_a_nameless_person_found_once_with_two_missing_children_stays_below() -> None:
    """Friends missing together, found with a third whose age no record gives: context."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2")
    b.entities.append(Entity("P50", "person", roles=(("associate", 1),)))
    b.record("wsp:MIS-1", "missing_episode", "2008-03-01T22:00",
             [("P1", "missing_person", "mention"), ("P2", "associate", "mention"),
              ("P50", "associate", "mention")], found_with=["P2", "P50"])  # fmt: skip
    findings = detect_networks(b.graph(), {"P1": "medium", "P2": "medium"})
    assert findings and findings[0].score < NETWORK_ALERT_THRESHOLD
    assert any("may be another child" in c for c in findings[0].context)
    b.record("wsp:MIS-2", "missing_episode", "2008-04-01T22:00",
             [("P1", "missing_person", "mention"), ("P50", "associate", "mention")],
             found_with=["P50"])  # fmt: skip
    b.record("wsp:MIS-3", "missing_episode", "2008-05-01T22:00",
             [("P2", "missing_person", "mention"), ("P50", "associate", "mention")],
             found_with=["P50"])  # fmt: skip
    again = detect_networks(b.graph(), {"P1": "medium", "P2": "medium"})
    assert again[0].score >= NETWORK_ALERT_THRESHOLD  # the same unknown person, three times


def test_an_adult_with_two_children_at_a_and_e_is_strong_and_a_parent_is_not() -> None:
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    for i, kid in enumerate(("P1", "P2")):
        b.record(f"wgh:ED-{i}", "health_attendance", f"2008-0{i + 1}-03T02:00",
                 [(kid, "subject", "mention"), ("P9", "associate", "mention")],
                 sector="health", reasons=["intoxication"])  # fmt: skip
    assert top_finding(b).score >= NETWORK_ALERT_THRESHOLD
    p = GraphBuilder()
    (
        p.child("P1", home="h1"),
        p.child("P2", home="h1"),
        p.adult("P5", roles={"parent": 3}, home="h1"),
    )
    for i, kid in enumerate(("P1", "P2")):
        p.record(f"wgh:ED-{i}", "health_attendance", f"2008-0{i + 1}-03T02:00",
                 [(kid, "subject", "mention"), ("P5", "parent", "mention")],
                 sector="health", reasons=["injury"])  # fmt: skip
    findings = detect_networks(p.graph(), HIGH)
    assert not findings or findings[0].score < NETWORK_ALERT_THRESHOLD


def test_an_adult_tied_only_to_children_not_counted_is_not_among_its_adults() -> None:
    b = GraphBuilder()
    for c in ("P1", "P2", "P3"):
        b.child(c, home=f"h{c}")
    b.adult("P9"), b.adult("P8")
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    found_with(b, "wsp:MIS-3", "2008-03-09T23:00", "P3", "P8")
    graph = b.graph()
    ties = collect_ties(graph, {0, 1, 2})
    levels = {0: "high", 1: "high", 2: "high"}
    finding = score_network(graph, {0, 1}, {3, 4}, ties.by_anchor(), ties.nights, levels, {2})
    assert finding.adults == ("P9",) and "P8" not in finding.context_persons


def test_a_former_child_is_never_one_of_the_adults_of_records_from_her_childhood() -> None:
    """P7 was found with the network's adult and another girl at 15; at 19 she is an adult,
    but in those records she was a child, so she must not be listed among the adults a
    disruption would aim at."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    b.entities.append(Entity("P7", "person", is_child=False, age=19, roles=(("associate", 2),)))
    for n, child in enumerate(("P1", "P2")):
        found_with(b, f"wsp:MIS-{n}", f"2008-0{n + 1}-04T22:00", child, "P9", "P7")
    graph = b.graph()
    now = PoleGraph(datetime(2012, 1, 1), None, graph.entities, graph.records)
    best = detect_networks(now, HIGH)[0]
    assert best.children == ("P1", "P2") and best.adults == ("P9",)
    assert "P7" not in best.context_persons
    b.entities[-1] = Entity("P7", "person", is_child=False, age=30, roles=(("associate", 2),))
    adult = PoleGraph(datetime(2012, 1, 1), None, b.entities, graph.records)
    assert detect_networks(adult, HIGH)[0].adults == ("P7", "P9"), "an adult then is one"

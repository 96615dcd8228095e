"""People a network's records name whom linking cannot identify: listed for a person to
find out, with the children of the same first name they may be (a suggestion only)."""

from __future__ import annotations

from heron.graph import Entity
from tests.patterns.builders import GraphBuilder, found_with, top_finding


def test_people_of_unknown_age_in_its_records_are_listed_for_a_person_to_identify() -> None:
    """A girl named only "Amber" beside a missing child and the network's adult: linking
    cannot say who she is, so the finding asks a person to find out."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    b.entities.append(Entity("P60", "person", roles=(("associate", 1),)))  # "Amber", no age
    b.entities.append(Entity("P61", "person", roles=(("subject", 1),)))  # at a youth club
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    b.record("wcc-youth:YS-1", "other", "2008-01-10T18:00",
             [("P1", "subject", "mention"), ("P2", "subject", "mention"),
              ("P61", "subject", "mention")], sector="youth")  # fmt: skip
    b.record("wsp:MIS-2", "missing_episode", "2008-02-09T23:00",
             [("P2", "missing_person", "mention"), ("P9", "associate", "mention"),
              ("P60", "other", "mention")], found_with=["P9"])  # fmt: skip
    best = top_finding(b)
    assert best.children == ("P1", "P2") and best.adults == ("P9",)
    assert best.unidentified == (("P60", ("wsp:MIS-2",)),), "a youth club's list is no concern"
    [line] = best.to_identify
    assert "1 person of unknown age named in its records is not identified" in line
    assert "P60 (wsp:MIS-2)" in line
    assert "find out who they are" in line
    plain = GraphBuilder()
    plain.child("P1", home="h1"), plain.child("P2", home="h2"), plain.adult("P9")
    found_with(plain, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(plain, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    assert top_finding(plain).to_identify == ()


def test_an_unidentified_first_name_suggests_the_children_it_may_be() -> None:
    """A girl named only "Amber", of unknown age, beside the network's adult: the children
    with concern whose first name may be the same are suggested, but not the Amber named
    beside her in that record, who is another girl; nothing else moves."""
    b = GraphBuilder()
    for pid, given in (("P1", "Jess"), ("P2", "Amber"), ("P3", "Amber"), ("P4", "Jessica")):
        b.entities.append(Entity(pid, "person", is_child=True, age=14, home=pid,
                                 given_name=given))  # fmt: skip
    b.adult("P9")
    b.entities.append(Entity("P60", "person", roles=(("associate", 1),), given_name="Amber"))
    b.entities.append(Entity("P61", "person", roles=(("associate", 1),), given_name="Mo"))
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    b.record("wsp:MIS-2", "missing_episode", "2008-02-09T23:00",
             [("P2", "missing_person", "mention"), ("P9", "associate", "mention"),
              ("P60", "other", "mention"), ("P61", "other", "mention")],
             found_with=["P9"])  # fmt: skip
    found_with(b, "wsp:MIS-3", "2008-03-09T23:00", "P3", "P4")  # the other Amber, elsewhere
    best = top_finding(b)
    assert best.children == ("P1", "P2")
    assert best.first_named == ("P60", "P61")  # named by a first name alone: possible children
    assert best.may_be == (("P60", ("P3",)),)  # not P2, beside her; Mo matches no child
    [line] = best.to_identify
    assert "P60 (wsp:MIS-2; perhaps P3)" in line and "P61 (wsp:MIS-2)" in line
    assert "A suggestion to check, not a link" in line
    renamed = GraphBuilder()
    renamed.entities = [
        e if e.id != "P60" else Entity("P60", "person", roles=e.roles, given_name="Zelda")
        for e in b.entities
    ]
    renamed.records = b.records
    assert top_finding(renamed).score == best.score  # a suggestion changes no score
    assert top_finding(renamed).may_be == ()


def test_suggestions_put_its_own_children_then_those_seen_with_her_companions_first() -> None:
    """ "Amber", named only so in intelligence beside the network's adult and its child P2:
    the network's own Amber comes first, then an Amber a youth worker saw with P2, then one
    nothing ties to her — whatever their ids."""
    b = GraphBuilder()
    for pid, given in (("P1", "Jess"), ("P2", "Lucy"), ("P5", "Amber"), ("P6", "Amber"),
                       ("P7", "Amber"), ("P8", "Mia")):  # fmt: skip
        b.entities.append(Entity(pid, "person", is_child=True, age=14, home=pid,
                                 given_name=given))  # fmt: skip
    b.adult("P9")
    b.entities.append(Entity("P60", "person", roles=(("associate", 1),), given_name="Amber"))
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-01-20T22:00", "P7", "P9")  # the network's own Amber
    b.record("wsp:INT-1", "intelligence", "2008-02-09T23:00",
             [("P9", "subject", "mention"), ("P2", "victim", "mention"),
              ("P60", "associate", "mention")])  # fmt: skip
    b.record("wcc-youth:YS-1", "other", "2008-02-20T18:00",
             [("P2", "subject", "mention"), ("P6", "subject", "mention"),
              ("P8", "subject", "mention")], sector="youth")  # fmt: skip
    levels = {p: "low" for p in ("P1", "P2", "P5", "P6", "P7", "P8")}
    best = top_finding(b, levels)
    assert set(best.children) == {"P1", "P2", "P7"}
    assert best.may_be == (("P60", ("P7", "P6", "P5")),)


def test_children_with_no_concern_yet_are_suggested_those_of_an_exploited_age_first() -> None:
    """ "Elliot", named only so in intelligence beside the network's man: the Elliot of 13
    whom no record has yet raised a concern about is suggested, and before an Elliot of 5
    with a concern; an Elliot born after the record is not suggested at all. (The
    intelligence may be the first concern about him: Heron used to suggest only children
    with one already, so he was never put to a person.)"""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    # ages as of the graph's date, 2010-01-01: 15, 7 and 0 (so 13, 5 and unborn in December 2008)
    for pid, age in (("P5", 7), ("P6", 15), ("P7", 0)):
        b.entities.append(Entity(pid, "person", is_child=True, age=age, home=pid,
                                 given_name="Elliot"))  # fmt: skip
    b.entities.append(Entity("P70", "person", roles=(("associate", 1),), given_name="Elliot"))
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    b.record("wsp:INT-1", "intelligence", "2008-12-01T12:00",
             [("P9", "subject", "mention"), ("P70", "associate", "mention")])  # fmt: skip
    b.record("wcc-csc:CN-1", "case_note", "2010-01-01T12:00", [("P5", "subject", "mention")],
             sector="social_care")  # fmt: skip
    levels = {"P1": "high", "P2": "medium", "P5": "low"}  # P6 and P7: no concern
    best = top_finding(b, levels)
    assert best.children == ("P1", "P2")
    assert best.may_be == (("P70", ("P6", "P5")),)
    [line] = best.to_identify
    assert "P70 (wsp:INT-1; perhaps P6 or P5)" in line
    assert "a child no record has yet raised a concern about may be one" in line


def test_people_named_beside_its_adults_elsewhere_are_listed_and_come_first() -> None:
    """Intelligence naming the network's adult with "Elliot" (no age, no child beside
    him) is no tie to a child, yet a person must find out who Elliot is: he is listed, and
    before a person named more often but never beside the network's adults, vehicles,
    phones or places."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.child("P3", home="h3"), b.adult("P9")
    b.entities.append(Entity("P61", "person", roles=(("other", 1),), given_name="Mo"))
    b.entities.append(Entity("P70", "person", roles=(("associate", 1),), given_name="Elliot"))
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    for night, when in enumerate(("2008-03-01T23:00", "2008-04-01T23:00")):  # together
        b.record(
            f"wsp:MIS-{night}a",
            "missing_episode",
            when,
            [("P1", "missing_person", "mention"), ("P61", "other", "mention")],
        )
        b.record(f"wsp:MIS-{night}b", "missing_episode", when,
                 [("P2", "missing_person", "mention")])  # fmt: skip
    b.record(
        "wsp:INT-1",
        "intelligence",
        "2008-05-01T12:00",
        [("P9", "subject", "mention"), ("P70", "associate", "mention")],
    )
    best = top_finding(b)
    assert best.children == ("P1", "P2") and best.adults == ("P9",)
    assert [pid for pid, _ in best.unidentified] == ["P70", "P61"]
    assert best.unidentified[0] == ("P70", ("wsp:INT-1",))


def test_people_who_may_be_children_it_does_not_hold_come_before_its_own_and_the_nameless() -> None:
    """Newest first within each group, but "Anne" (who may be a child outside the network)
    before "Lucy" (whom every suggestion makes one of its own children), and both before a
    man described with no name — though he and Lucy were named later."""
    b = GraphBuilder()
    for pid, given in (("P1", "Jess"), ("P2", "Lucy"), ("P5", "Anne")):
        b.entities.append(Entity(pid, "person", is_child=True, age=14, home=pid,
                                 given_name=given))  # fmt: skip
    b.adult("P9")
    for pid, given in (("P60", "Anne"), ("P61", "Lucy"), ("P62", None)):
        b.entities.append(Entity(pid, "person", roles=(("associate", 1),), given_name=given))
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-01-20T22:00", "P2", "P9")
    b.record("wsp:INT-1", "intelligence", "2008-02-09T23:00",
             [("P9", "subject", "mention"), ("P60", "associate", "mention")])  # fmt: skip
    b.record("wsp:INT-2", "intelligence", "2008-03-09T23:00",
             [("P9", "subject", "mention"), ("P61", "associate", "mention")])  # fmt: skip
    b.record("wsp:INT-3", "intelligence", "2008-04-09T23:00",
             [("P9", "subject", "mention"), ("P62", "associate", "mention")])  # fmt: skip
    levels = {"P1": "low", "P2": "low", "P5": "low"}
    best = top_finding(b, levels)
    assert best.children == ("P1", "P2")
    assert [pid for pid, _ in best.unidentified] == ["P60", "P61", "P62"]
    assert best.shown_to_identify == (("P60", ("P5",)), ("P61", ("P2",)), ("P62", ()))
    [line] = best.to_identify
    assert "P60 (wsp:INT-1; perhaps P5); P61 (wsp:INT-2; perhaps P2); P62 (wsp:INT-3)" in line


def test_past_the_first_five_every_other_person_to_identify_is_listed_too() -> None:
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    others = [f"P7{i}" for i in range(7)]
    for pid in others:
        b.entities.append(Entity(pid, "person", roles=(("associate", 1),)))
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-01-20T22:00", "P2", "P9")
    for day, pid in enumerate(others, start=1):
        b.record(f"wsp:INT-{pid}", "intelligence", f"2008-03-{day:02d}T12:00",
                 [("P9", "subject", "mention"), (pid, "associate", "mention")])  # fmt: skip
    head, rest = top_finding(b).to_identify
    assert head.startswith("7 people of unknown age") and "; and 2 more." in head
    assert "P76 (wsp:INT-P76)" in head  # the newest first
    assert rest == "The 2 more not identified: P71 (wsp:INT-P71); P70 (wsp:INT-P70)."


def test_a_name_written_the_same_is_suggested_before_names_that_only_share_a_root() -> None:
    """ "Jill", named only so in intelligence beside the network's man: a Jill nothing else
    ties to him comes before a Julia (Jill can be short for Julia), and both before a Julie
    a hotel saw with him (Julie is also short for Julia, but she is not a Jill). Ranking by
    shared records first put the Julie on top, and with many Julies the one Jill fell off."""
    b = _two_children_found_with_a_man()
    _named_children(b, ("P5", "Julie", None), ("P6", "Jill", None), ("P7", "Julia", None))
    b.entities.append(Entity("P70", "person", roles=(("associate", 1),), given_name="Jill"))
    b.record("wsp:INT-1", "intelligence", "2008-03-01T12:00",
             [("P9", "subject", "mention"), ("P70", "associate", "mention")])  # fmt: skip
    b.record("greystone-hotels:HB-1", "business_report", "2007-06-01T23:00",
             [("P9", "subject", "mention"), ("P5", "subject", "mention")],
             sector="business")  # fmt: skip
    best = top_finding(b)
    assert best.children == ("P1", "P2")
    assert best.may_be == (("P70", ("P6", "P7", "P5")),)
    [line] = best.to_identify
    assert "perhaps P6 or P7 or P5" in line and "(Jill, Julia, Julie)" in line


def test_a_misspelt_name_suggests_the_child_of_that_family_whose_name_sounds_the_same() -> None:
    """Intelligence that the network's man supplies "Lesleie Gallagher" (no age) with
    alcohol: no nickname or spelling list knows "Lesleie", so nothing was suggested. Now
    Lesley Gallagher is (the same family name, a first name that sounds the same), but not
    a Lesley of another family; and "Elliot" (no family name) brings an Elliott too, after
    the Elliot whose name is written the same."""
    b = _two_children_found_with_a_man()
    _named_children(b, ("P5", "Lesley", "Gallagher"), ("P6", "Lesley", "Smith"),
                    ("P7", "Elliott", "Hume"), ("P8", "Elliot", "Stone"))  # fmt: skip
    b.entities.append(Entity("P70", "person", roles=(("victim", 1),), given_name="Lesleie",
                             family_name="Gallagher"))  # fmt: skip
    b.entities.append(Entity("P71", "person", roles=(("associate", 1),), given_name="Elliot"))
    b.record("wsp:INT-1", "intelligence", "2008-03-01T12:00",
             [("P9", "subject", "mention"), ("P70", "victim", "mention")])  # fmt: skip
    b.record("wsp:INT-2", "intelligence", "2008-03-02T12:00",
             [("P9", "subject", "mention"), ("P71", "associate", "mention")])  # fmt: skip
    best = top_finding(b)
    assert best.children == ("P1", "P2")
    assert dict(best.may_be) == {"P70": ("P5",), "P71": ("P8", "P7")}


def _two_children_found_with_a_man() -> GraphBuilder:
    """P1 and P2, each found with the man P9 on a missing episode: a network to start from."""
    b = GraphBuilder()
    b.child("P1", home="h1"), b.child("P2", home="h2"), b.adult("P9")
    found_with(b, "wsp:MIS-1", "2008-01-04T22:00", "P1", "P9")
    found_with(b, "wsp:MIS-2", "2008-02-09T23:00", "P2", "P9")
    return b


def _named_children(b: GraphBuilder, *children: tuple[str, str, str | None]) -> None:
    """Children of 14 with these (id, first name, family name), none with a concern."""
    for pid, given, family in children:
        b.entities.append(Entity(pid, "person", is_child=True, age=14, home=pid,
                                 given_name=given, family_name=family))  # fmt: skip


def test_a_double_barrelled_family_name_is_not_the_same_as_its_first_part() -> None:
    """ "Lesleie Smith" sounds like Lesley Smith, not like Lesley Smith-Jones: the family
    name is compared whole, so the other family's girl is not suggested by sound."""
    b = _two_children_found_with_a_man()
    _named_children(b, ("P5", "Lesley", "Smith-Jones"), ("P6", "Lesley", "Smith"))
    b.entities.append(Entity("P70", "person", roles=(("victim", 1),), given_name="Lesleie",
                             family_name="Smith"))  # fmt: skip
    b.record("wsp:INT-1", "intelligence", "2008-03-01T12:00",
             [("P9", "subject", "mention"), ("P70", "victim", "mention")])  # fmt: skip
    assert top_finding(b).may_be == (("P70", ("P6",)),)

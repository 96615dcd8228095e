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
    with concern whose first name may be the same are suggested, its own children first;
    nothing else moves."""
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
    assert best.may_be == (("P60", ("P2", "P3")),)  # Mo matches no child
    [line] = best.to_identify
    assert "P60 (wsp:MIS-2; perhaps P2 or P3)" in line and "P61 (wsp:MIS-2)" in line
    assert "a suggestion from the name alone" in line
    renamed = GraphBuilder()
    renamed.entities = [
        e if e.id != "P60" else Entity("P60", "person", roles=e.roles, given_name="Zelda")
        for e in b.entities
    ]
    renamed.records = b.records
    assert top_finding(renamed).score == best.score  # a suggestion changes no score
    assert top_finding(renamed).may_be == ()

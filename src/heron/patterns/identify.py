"""People a network's records name whom linking cannot say who they are, for a person to
identify, and the children with a concern each may be by first name.

Owns ``unidentified`` (persons of unknown age named in a finding's records of concern and
in none of its lists), ``children_by_name`` and ``may_be`` (the suggestions, from the first
name alone) and the sentence an alert shows. Nothing here changes a score or a child's
level: attributing a record to a child is a person's decision. It must not read the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from heron.graph import PoleGraph
from heron.identity.normalise.variants import given_name_variants
from heron.patterns.context import of_concern

#: Person ids, each with the record keys naming them (or the children they may be).
Listing = tuple[tuple[str, tuple[str, ...]], ...]

MAY_BE_WHY = (
    " 'Perhaps' names children with a concern whose first name may be the same: a "
    "suggestion from the name alone."
)


def unidentified(graph: PoleGraph, records: set[int], listed: set[int]) -> Listing:
    """Persons whose age nothing records, named in those of these records that are
    themselves a concern (a missing episode, intelligence, a hotel or taxi report, …; not
    a youth club's attendance) and in no list of the finding, each with the records naming
    them; the most often named first."""
    named: dict[str, set[str]] = defaultdict(set)
    for r in records:
        rec = graph.records[r]
        if not of_concern(rec):
            continue
        for n in rec.named:
            entity = graph.entities[n.entity]
            if entity.kind == "person" and entity.is_child is None and n.entity not in listed:
                named[entity.id].add(rec.key)
    ranked = sorted(named.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple((pid, tuple(sorted(keys))) for pid, keys in ranked)


def children_by_name(graph: PoleGraph, children: Mapping[int, str]) -> dict[str, list[int]]:
    """The children (entity indexes) under each canonical form of their first name, so two
    names "may be the same" (``names_may_be_same``) when they meet under one form."""
    out: dict[str, list[int]] = defaultdict(list)
    for child in children:
        for form in given_name_variants(graph.entities[child].given_name):
            out[form].append(child)
    return out


def may_be(
    graph: PoleGraph,
    people: Listing,
    names: Mapping[str, Sequence[int]],
    children: set[int],
    context_children: set[int] | frozenset[int],
) -> Listing:
    """Each of ``people`` with a first name: the children in ``names`` whose first name may
    be the same, this finding's children first, then its context's, at most five."""
    out = []
    for pid, _ in people:
        forms = given_name_variants(graph.entity(pid).given_name)
        same = sorted(
            {c for form in forms for c in names.get(form, ())},
            key=lambda c: (c not in children, c not in context_children, graph.entities[c].id),
        )
        if same:
            out.append((pid, tuple(graph.entities[c].id for c in same[:5])))
    return tuple(out)


def to_identify(people: Listing, suggestions: Listing) -> tuple[str, ...]:
    """The sentence asking a person to find out who ``people`` are, with the suggestions."""
    if not people:
        return ()
    maybe = dict(suggestions)
    listed = people[:5]
    shown = [_person(pid, keys, maybe.get(pid, ())) for pid, keys in listed]
    more = len(people) - len(shown)
    who, verb = ("person", "is") if len(people) == 1 else ("people", "are")
    suggested = any(pid in maybe for pid, _ in listed)
    return (
        f"{len(people)} {who} of unknown age named in its records {verb} not "
        f"identified: {'; '.join(shown)}{f'; and {more} more' if more > 0 else ''}. "
        "They may be children of this network whom linking cannot name; find out who "
        "they are." + (MAY_BE_WHY if suggested else ""),
    )


def _person(pid: str, keys: Sequence[str], maybe: Sequence[str]) -> str:
    """'P003631 (wsp:MIS-2007-0001395; perhaps P000387)': the records, then suggestions."""
    records = ", ".join(keys[:2]) + (" …" if len(keys) > 2 else "")
    perhaps = "; perhaps " + " or ".join(maybe[:3]) if maybe else ""
    return f"{pid} ({records}{perhaps})"

"""People a network's records name whom linking cannot say who they are, for a person to
identify, and the children each may be by name.

Owns ``unidentified`` (persons of unknown age named in a finding's records of concern and
in none of its lists), ``children_by_name`` and ``may_be`` (the suggestions: children whose
first name may be the same or sounds the same, whether or not any record yet raises a
concern about them) and the sentence an alert shows. Nothing here changes a score or a
child's level: attributing a record to a child is a person's decision. It must not read
the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from heron.graph import Entity, PoleGraph
from heron.identity.normalise.names import normalise_name, phonetic_keys
from heron.identity.normalise.variants import given_name_closeness, given_name_variants
from heron.patterns.context import of_concern
from heron.timeutil import now_uk

#: Person ids, each with the record keys naming them (or the children they may be).
Listing = tuple[tuple[str, tuple[str, ...]], ...]

#: How many people the alert's sentence shows, and how many suggestions for each.
SHOWN_PEOPLE = 5
SHOWN_SUGGESTIONS = 3
#: How many suggestions a finding keeps for each person.
KEPT_SUGGESTIONS = 5
#: Ages at which exploitation is most often found (81% of children assessed with CSE in
#: the DfE's children-in-need data are 10 or older); a suggestion of those ages at the
#: record comes before a younger child, but no age is ruled out except "not yet born".
EXPLOITED_AGES = range(10, 18)
DAYS_A_YEAR = 365.25

MAY_BE_WHY = (
    " 'Perhaps' names children whose first name may be the same, or sounds the same where "
    "the family names do not differ, and whom no record names beside them: the network's "
    "own children first, then those of the same family name; then the first name as "
    "written before its nicknames and spellings, those before names that only share a "
    "formal one (Jill, Julia, Julie), and those before names that only sound the same; "
    "within each, those named elsewhere with the same people, vehicles, phones or places, "
    "then those of 10 to 17 at the record, those with a concern first — a child no record "
    "has yet raised a concern about may be one. "
    "A suggestion to check, not a link."
)


def unidentified(
    graph: PoleGraph, records: set[int], listed: set[int], anchors: set[int] | frozenset[int]
) -> Listing:
    """Persons whose age nothing records and whom no list of the finding holds, named in
    a record that is itself a concern (a missing episode, intelligence, a hotel or taxi
    report, …; not a youth club's attendance): one of the finding's ``records``, or another
    naming one of its ``anchors`` (its adults, vehicles, phones and places, not those only
    context ties) — each with the records naming them. The most recently named first (what
    is new to the alert), then those named beside its anchors, then the most often named."""
    reach = set(records).union(*(graph.records_naming.get(a, ()) for a in anchors))
    named: dict[str, set[str]] = defaultdict(set)
    beside: Counter[str] = Counter()
    latest: dict[str, datetime] = {}
    for r in reach:
        rec = graph.records[r]
        if not of_concern(rec):
            continue
        with_anchor = any(n.entity in anchors for n in rec.named)
        for index in {n.entity for n in rec.named if n.entity not in listed}:
            if _unknown(graph, index):
                pid = graph.entities[index].id
                named[pid].add(rec.key)
                beside[pid] += with_anchor
                latest[pid] = max(latest.get(pid, rec.occurred_at), rec.occurred_at)
    ranked = sorted(
        named.items(),
        key=lambda item: (-latest[item[0]].timestamp(), -beside[item[0]], -len(item[1]), item[0]),
    )
    return tuple((pid, tuple(sorted(keys))) for pid, keys in ranked)


def _unknown(graph: PoleGraph, index: int) -> bool:
    entity = graph.entities[index]
    return entity.kind == "person" and entity.is_child is None


def every_child(graph: PoleGraph) -> list[Entity]:
    """Every person the identity run knows to be a child: the graph's, then its others
    (``PoleGraph.other_children``, whom no record ties to anyone yet)."""
    named = [e for e in graph.entities if e.kind == "person" and e.is_child]
    return named + list(graph.other_children)


@dataclass(frozen=True, slots=True)
class ChildNames:
    """Children indexed for suggestions: under each canonical form of their first name (two
    names "may be the same", ``names_may_be_same``, when they meet under one form), and
    under its sound (metaphone: "Lesleie" and "Lesley", "Elliot" and "Elliott")."""

    by_form: Mapping[str, Sequence[Entity]]
    by_sound: Mapping[str, Sequence[Entity]]


def children_by_name(children: Iterable[Entity]) -> ChildNames:
    """``ChildNames`` of ``children``."""
    by_form: dict[str, list[Entity]] = defaultdict(list)
    by_sound: dict[str, list[Entity]] = defaultdict(list)
    for child in children:
        for form in given_name_variants(child.given_name):
            by_form[form].append(child)
        if sound := _sound(child.given_name):
            by_sound[sound].append(child)
    return ChildNames(by_form, by_sound)


def _sound(name: str | None) -> str | None:
    """The metaphone of a name's first word, where it has one."""
    normalised = normalise_name(name)
    keys = phonetic_keys(normalised.split()[0]) if normalised else None
    return keys.metaphone if keys and keys.metaphone else None


def _family_rank(person: Entity, child: Entity) -> int:
    """0 when both family names are recorded and are or sound the same ("Mcdynald",
    "McDonald"), 1 when either is not recorded, 2 when they differ."""
    mine, theirs = normalise_name(person.family_name), normalise_name(child.family_name)
    if mine is None or theirs is None:
        return 1
    if mine == theirs:
        return 0
    sounds = phonetic_keys(mine), phonetic_keys(theirs)  # the whole name, not its first word
    return 0 if sounds[0] and sounds[1] and sounds[0].metaphone == sounds[1].metaphone else 2


def may_be(
    graph: PoleGraph,
    people: Listing,
    names: ChildNames,
    children: set[int],
    context_children: set[int] | frozenset[int],
    concern: Collection[int] = frozenset(),
) -> Listing:
    """Each of ``people`` with a first name: the children in ``names`` whose first name may
    be the same or sounds the same (then only if their family names do not differ), who
    were born by the person's last record and who share no record with them (two people
    one record names are two), at most ``KEPT_SUGGESTIONS`` — this finding's ``children``
    first, then those whose family name agrees with the person's (``_family_rank``), then
    by how near the first names are (``given_name_closeness``: "Jill" for a Jill, then a
    Julia, then a Julie, then a first name that only sounds the same), then those named
    elsewhere with the same people, vehicles, phones or places as them (most records
    first), then its context's, then those of ``EXPLOITED_AGES`` at that record, then those
    with a ``concern`` (entity indexes)."""
    today = graph.as_of or now_uk()
    out = []
    for pid, _ in people:
        person = graph.index[pid]
        own = set(graph.records_naming.get(person, ()))
        beside = {n.entity for r in own for n in graph.records[r].named} - {person}
        beside_ids = {graph.entities[b].id for b in beside}
        latest = max((graph.records[r].occurred_at for r in own), default=today)
        years_since = (today - latest).days / DAYS_A_YEAR
        entity = graph.entity(pid)
        name = entity.given_name
        forms = given_name_variants(name)
        found = [c for form in forms for c in names.by_form.get(form, ())]
        sounds = names.by_sound.get(_sound(name) or "", ())
        found += [c for c in sounds if _family_rank(entity, c) < 2]
        same = {c.id: c for c in found if c.id not in beside_ids}
        family = {c: _family_rank(entity, e) for c, e in same.items()}
        nearness = {c: _closeness(name, e.given_name) for c, e in same.items()}
        ages = {c: _age_then(e, years_since) for c, e in same.items()}
        born = [c for c, age in ages.items() if age is None or age > -1]
        index = {c: graph.index.get(c) for c in born}  # None: one of its other children
        shared = {c: 0 if i is None else _shared(graph, i, beside, own) for c, i in index.items()}
        ranked = sorted(
            born,
            key=lambda c: (
                index[c] not in children,
                family[c],
                nearness[c],
                -shared[c],
                index[c] not in context_children,
                _age_rank(ages[c]),
                index[c] not in concern,
                c,
            ),
        )
        if ranked:
            out.append((pid, tuple(ranked[:KEPT_SUGGESTIONS])))
    return tuple(out)


def _closeness(name: str | None, other: str | None) -> int:
    """``given_name_closeness``, or 3 for a name that only sounds the same."""
    closeness = given_name_closeness(name, other)
    return 3 if closeness is None else closeness


def _age_then(child: Entity, years_since: float) -> float | None:
    """The child's age (in years, to within one) ``years_since`` before the graph's date,
    where known."""
    return None if child.age is None else child.age - years_since


def _age_rank(age: float | None) -> int:
    """0 for an age in ``EXPLOITED_AGES`` (to within the year), 1 unknown, 2 other."""
    if age is None:
        return 1
    return 0 if EXPLOITED_AGES.start - 1 < age < EXPLOITED_AGES.stop else 2


def _shared(graph: PoleGraph, child: int, beside: set[int], own: set[int]) -> int:
    """Records naming ``child`` and one of ``beside`` (those named with the person), other
    than the person's own records."""
    return sum(
        1
        for r in graph.records_naming.get(child, ())
        if r not in own and any(n.entity in beside for n in graph.records[r].named)
    )


def first_to_identify(
    graph: PoleGraph, people: Listing, suggestions: Listing, own: set[int]
) -> Listing:
    """``people`` in the order a person should look at them, keeping ``people``'s order
    within each group: first those named by a first name who may be a child the network
    does not yet hold (no suggestion, or one beyond its ``own`` children); then those each
    suggestion says may be one of its own children; then those named with no first name
    (a description only)."""
    maybe = dict(suggestions)
    ids = {graph.entities[c].id for c in own}

    def group(pid: str) -> int:
        if not graph.entity(pid).given_name:
            return 2
        return 1 if pid in maybe and set(maybe[pid]) <= ids else 0

    return tuple(sorted(people, key=lambda item: group(item[0])))


def shown(people: Listing, suggestions: Listing, limit: int | None = SHOWN_PEOPLE) -> Listing:
    """What the alert's sentences show: the first ``limit`` of ``people`` (None: all), each
    with its first ``SHOWN_SUGGESTIONS`` suggestions (none for those without)."""
    maybe = dict(suggestions)
    return tuple((pid, maybe.get(pid, ())[:SHOWN_SUGGESTIONS]) for pid, _ in people[:limit])


def to_identify(people: Listing, suggestions: Listing) -> tuple[str, ...]:
    """The sentence asking a person to find out who ``people`` are, with the suggestions,
    in the order of ``people`` (``first_to_identify``); past the first ``SHOWN_PEOPLE``, a
    second sentence lists every other one the same way, so none is hidden."""
    if not people:
        return ()
    keys = dict(people)
    parts = [_person(pid, keys[pid], maybe) for pid, maybe in shown(people, suggestions, None)]
    head_parts, rest = parts[:SHOWN_PEOPLE], parts[SHOWN_PEOPLE:]
    who, verb = ("person", "is") if len(people) == 1 else ("people", "are")
    head = (
        f"{len(people)} {who} of unknown age named in its records {verb} not "
        f"identified: {'; '.join(head_parts)}{f'; and {len(rest)} more' if rest else ''}. "
        "They may be children of this network whom linking cannot name; find out who "
        "they are, first those who may be children it does not yet hold, the most "
        "recently named first." + (MAY_BE_WHY if suggestions else "")
    )
    return (head, f"The {len(rest)} more not identified: {'; '.join(rest)}.") if rest else (head,)


def _person(pid: str, keys: Sequence[str], maybe: Sequence[str]) -> str:
    """'P003631 (wsp:MIS-2007-0001395; perhaps P000387)': the records, then suggestions."""
    records = ", ".join(keys[:2]) + (" …" if len(keys) > 2 else "")
    perhaps = "; perhaps " + " or ".join(maybe) if maybe else ""
    return f"{pid} ({records}{perhaps})"

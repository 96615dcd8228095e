"""The ties network detection starts from: children with concern tied to anchors, and
children missing on the same nights from different homes.

Owns reading, from a POLE graph, every tie one record makes between a child with a concern
and an anchor (an adult, vehicle, phone, handle or place), judged by ``context.judge``;
the ties between two such children; the nights two of them went missing from different
homes; and the children a record of concern names by a first name alone beside a child
with a concern (``possible``: "Jill" in a taxi driver's report), whose ties count as a
child's would, for less. It must not read the store or score networks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from heron.graph import PERSON_KINDS, Named, PoleGraph, RecordNode, related
from heron.graph.model import tie_kind
from heron.missing.comissing import night_of
from heron.patterns.context import (
    FAMILY_ROLES,
    OLDER_PARTNER,
    PROFESSIONAL_ROLES,
    STRONG_ROLES,
    UNKNOWN_AGE,
    judge,
    of_concern,
)
from heron.timeutil import now_uk


@dataclass(frozen=True, slots=True)
class AnchorTie:
    """One record tying a child with concern to an anchor."""

    child: int  # entity index
    anchor: int  # entity index
    record: int  # index into graph.records
    kind: str  # tie kind (heron.graph.TIE_KINDS, or context.OLDER_PARTNER)
    weight: float
    context: str | None
    holder: int | None = None  # an alias's tie: the person it was given for in this record
    bare: bool = False  # the record names the anchor by a name alone (``Named.bare``)


@dataclass(frozen=True, slots=True)
class MissingNight:
    """Children with concern missing on one night from different homes, and the records."""

    night: date
    children: frozenset[int]
    records: tuple[int, ...]


@dataclass(slots=True)
class Ties:
    """Everything detection reads from the graph about the children with concern."""

    anchor_ties: list[AnchorTie] = field(default_factory=list)
    # children found together (found_with, found in company) → the records
    child_pairs: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    nights: list[MissingNight] = field(default_factory=list)
    co_named: dict[tuple[int, int], int] = field(default_factory=dict)  # anchors → records
    # persons named by a first name alone, of unknown age, in a record of concern beside a
    # child with concern: possibly children, tied to that record's anchors as children
    possible: set[int] = field(default_factory=set)

    def by_anchor(self) -> dict[int, list[AnchorTie]]:
        out: dict[int, list[AnchorTie]] = defaultdict(list)
        for tie in self.anchor_ties:
            out[tie.anchor].append(tie)
        return out


#: Adulthood, in years.
ADULT_AGE = 18
#: Roles an adult is named in (a suspect or driver, a parent or reporter, a professional or
#: carer): a person named in one is never taken for a possible child.
ADULT_ROLES = STRONG_ROLES | FAMILY_ROLES | PROFESSIONAL_ROLES


def _is_anchor(graph: PoleGraph, named: Named, concern: set[int], years_since: float) -> bool:
    """Whether ``named`` can be an anchor of a record made ``years_since`` before the graph's
    date. A person is judged by their age then: a girl found with a network's adults at 15
    is one of its children in that record, never one of its adults, however old she is by
    the graph's date (whole years of age now, less the years since, so near the birthday
    this errs towards a child)."""
    entity = graph.entities[named.entity]
    if named.entity in concern:
        return False
    if entity.kind not in PERSON_KINDS:
        return True
    if entity.is_child:
        return False
    return entity.age is None or entity.age - years_since >= ADULT_AGE


def collect_ties(
    graph: PoleGraph, concern: set[int], partner_records: Collection[str] = frozenset()
) -> Ties:
    """The ties of every record naming a child with concern (``concern``: entity indexes).
    ``partner_records`` (record keys): records an indicator found describing an adult's
    relationship with the child (``context.PARTNER_RULES``); their adults' ties are strong
    and of kind ``older_partner``."""
    out = Ties()
    pairs: dict[tuple[int, int], list[int]] = defaultdict(list)
    co_named: dict[tuple[int, int], int] = defaultdict(int)
    missing: dict[date, list[tuple[int, str, int]]] = defaultdict(list)
    when = graph.as_of or now_uk()  # the date the entities' ages are given at
    for r, rec in enumerate(graph.records):
        kids = [n for n in rec.named if n.entity in concern]
        if not kids:
            continue
        years_since = (when - rec.occurred_at).days / 365.25
        partner = rec.key in partner_records
        possible = possible_children(graph, rec, concern)
        out.possible.update(n.entity for n in possible)
        anchors = [
            n for n in rec.named if n not in possible and _is_anchor(graph, n, concern, years_since)
        ]
        for kid in kids + possible:
            for anchor in anchors:
                if anchor.entity == kid.entity or not related(anchor, kid):
                    continue
                kind = tie_kind(graph, rec, kid, anchor)
                found = judge(graph, rec, kid, anchor, kind, partner)
                if (
                    partner
                    and kind == "named_together"
                    and found.context is None
                    and graph.entities[anchor.entity].kind in PERSON_KINDS
                ):
                    kind = OLDER_PARTNER  # the partner rule strengthens adults only
                weight = found.weight * (UNKNOWN_AGE if kid in possible else 1.0)
                holder = anchor.holder if anchor.context == "alias" else None
                out.anchor_ties.append(
                    AnchorTie(
                        kid.entity,
                        anchor.entity,
                        r,
                        kind,
                        weight,
                        found.context,
                        holder,
                        anchor.bare,
                    )
                )
        together = rec.type == "missing_episode" and bool(rec.found_with)
        together = together or rec.attributes.get("category") == "found_in_company"
        for i, left in enumerate(kids if together else ()):
            for right in kids[i + 1 :]:
                if left.entity != right.entity:
                    pairs[_pair(left.entity, right.entity)].append(r)
        for i, left in enumerate(anchors):
            for right in anchors[i + 1 :]:
                if left.entity != right.entity:
                    co_named[_pair(left.entity, right.entity)] += 1
        if rec.type == "missing_episode":
            for kid in kids:
                if kid.role == "missing_person":
                    missing[night_of(rec.occurred_at)].append((kid.entity, _home(graph, rec), r))
    out.child_pairs = dict(pairs)
    out.co_named = dict(co_named)
    out.nights = list(_nights(missing, graph))
    out.anchor_ties = _one_occasion(graph, out.anchor_ties)
    return out


def possible_children(graph: PoleGraph, rec: RecordNode, concern: set[int]) -> list[Named]:
    """The persons ``rec`` names by a first name alone (no family name, alias or date of
    birth, nor any age in any record), in no adult's role, when it is itself a concern and
    names a child with concern too: a taxi driver's report of "Jill" and "Lucy, 10" picked
    up at 23:30 for a man. Nothing says Jill is a child, nor that she is not; linking cannot
    say which Jill she is. Taken for a possible child of that record (her ties counting
    ``UNKNOWN_AGE`` of a child's), she is no anchor in it."""
    if not of_concern(rec) or not any(n.entity in concern for n in rec.named):
        return []
    aliased = {n.holder for n in rec.named if n.context == "alias"}
    out = []
    for named in rec.named:
        entity = graph.entities[named.entity]
        if (
            named.context == "mention"
            and entity.kind == "person"
            and entity.is_child is None
            and entity.family_name is None
            and entity.given_name
            and named.role not in ADULT_ROLES
            and named.entity not in aliased
            and named.entity not in concern
        ):
            out.append(named)
    return out


def _one_occasion(graph: PoleGraph, ties: list[AnchorTie]) -> list[AnchorTie]:
    """Ties through a person named with the children in one record only are context when
    nothing in that record says who the person is: one of unknown age (a nameless friend
    found with two missing children is more likely a third child than an adult), or one
    the record names by a name alone ("Clare Jones" found with two missing friends, linked
    by the name only to an adult Clare Jones; the friends' Claire may be meant). One
    occasion is no pattern."""
    records: dict[int, set[int]] = defaultdict(set)
    named_only: dict[int, bool] = {}
    for tie in ties:
        entity = graph.entities[tie.anchor]
        if entity.kind in PERSON_KINDS:
            records[tie.anchor].add(tie.record)
            named_only[tie.anchor] = named_only.get(tie.anchor, True) and tie.bare
    context: dict[int, str] = {}
    for anchor, seen in records.items():
        if len(seen) != 1:
            continue
        if graph.entities[anchor].is_child is None:
            context[anchor] = "unknown_once"
        elif named_only[anchor] and graph.entities[anchor].kind == "person":
            context[anchor] = "name_once"
    return [
        replace(t, context=t.context or context[t.anchor]) if t.anchor in context else t
        for t in ties
    ]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _home(graph: PoleGraph, rec: RecordNode) -> str:
    """Where a missing child went missing from: the record's place, else their home."""
    for named in rec.named:
        if named.context == "location":
            return graph.entities[named.entity].id
    kid = next(n for n in rec.named if n.role == "missing_person")
    return graph.entities[kid.entity].home or graph.entities[kid.entity].id


def _nights(
    missing: dict[date, list[tuple[int, str, int]]], graph: PoleGraph
) -> Iterable[MissingNight]:
    for night, seen in sorted(missing.items()):
        homes = {home for _, home, _ in seen}
        children = frozenset(child for child, _, _ in seen)
        if len(children) >= 2 and len(homes) >= 2:
            yield MissingNight(night, children, tuple(sorted({r for _, _, r in seen})))


def missing_from_different_homes(night: MissingNight, graph: PoleGraph, among: set[int]) -> bool:
    """Whether at least two of ``among`` went missing that night from different homes."""
    homes = {
        _home(graph, graph.records[r])
        for r in night.records
        if any(n.entity in among and n.role == "missing_person" for n in graph.records[r].named)
    }
    return len(night.children & among) >= 2 and len(homes) >= 2

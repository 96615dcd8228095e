"""The POLE graph in memory: persons, objects, places and records, and the ties between them.

Owns the node and tie types, the igraph form of the graph (entities and records as
vertices, "named in" as edges) and the projection of records into typed ties between two
entities (found with, collected by, same address, called, named together in intelligence,
named together). It must not read the store (``heron.graph.build`` does) and it scores
nothing (``heron.patterns`` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import igraph as ig

#: Entity kinds, as node kinds; records are nodes of kind ``record``.
ENTITY_KINDS = ("person", "vehicle", "phone", "handle", "location", "alias")
#: Kinds that stand for a person: a resolved person, or an alias (street name) given for
#: someone a record names by it alone (no family name, no date of birth), one node per
#: alias across records, since linking cannot resolve a name like "Sonic" on its own.
PERSON_KINDS = frozenset({"person", "alias"})

#: How a place is named in a record (``location_mentions.context``).
PLACE_CONTEXTS = ("location", "found_at", "placement")

#: Tie kinds between two entities named by one record.
TIE_KINDS = (
    "found_with",  # named in a missing episode's found_with, or found at the place
    "collected_by",  # a child and a vehicle (or its driver) in one record
    "same_address",  # two persons whose mentions give the same home address
    "called",  # a phone or handle named with a person
    "intelligence",  # named together in a police intelligence log
    "named_together",  # any other record naming both
)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, vehicle, phone, handle, place or alias as one identity run resolved it."""

    id: str  # person id (P…) or object id as in object_assignments (PH:…, V:…, L:…), H:… handles,
    # A:… aliases
    kind: str  # one of ENTITY_KINDS
    label: str = ""  # a short readable form: a plate, a number, a place name
    is_child: bool | None = None  # persons; aliases: False if one it stands for is an adult
    age: int | None = None  # persons: age at the graph's date, where known
    roles: tuple[tuple[str, int], ...] = ()  # persons: (role, mentions) most common first
    family_name: str | None = None  # persons: as the identity run summarises them
    given_name: str | None = None  # persons: as the identity run summarises them
    home: str | None = None  # persons: the place key their own mentions give most often
    place_kind: str | None = None  # places: records-v1 location kind, most common


@dataclass(frozen=True, slots=True)
class Named:
    """One entity named in one record: which, in what role, and how."""

    entity: int  # index into PoleGraph.entities
    role: str | None  # the mention's role, or the object's role (``returned_in``, ``booking``)
    context: str = "mention"  # mention, vehicle, phone, holder (a mention's own phone),
    # handle, alias (a mention's alias), or a PLACE_CONTEXTS value for places
    ref: str | None = None  # person mentions and their aliases: the mention ref
    holder: int | None = None  # a mention's own phone or alias: the person entity it is of
    # a person mention that records a name alone: no date of birth, age, description,
    # address, phone or identifier (linking could match it by the name only)
    bare: bool = False


@dataclass(frozen=True, slots=True)
class RecordNode:
    """A visible record version that names at least two entities."""

    key: str  # agency:id
    sector: str
    type: str
    occurred_at: datetime
    named: tuple[Named, ...]
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def agency(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def found_with(self) -> frozenset[str]:
        """The refs a missing episode says the child was found with."""
        refs = self.attributes.get("found_with") or ()
        return frozenset(str(r) for r in refs) if isinstance(refs, list) else frozenset()


@dataclass(frozen=True, slots=True)
class Tie:
    """Two entities tied by one record: the tie's kind, time, sector and source."""

    a: int
    b: int
    kind: str  # one of TIE_KINDS
    occurred_at: datetime
    sector: str
    record: str  # agency:id


@dataclass
class PoleGraph:
    """The graph as of one date for one identity run."""

    as_of: datetime | None
    run_id: int | None
    entities: list[Entity]
    records: list[RecordNode]
    index: dict[str, int] = field(default_factory=dict)
    # children of the run whom no tying record names (each of their records names them
    # alone): not vertices, tied to nothing; kept so a suggestion of who an unidentified
    # "Elliot" may be can name a child no record has yet connected to anyone
    other_children: tuple[Entity, ...] = ()

    def __post_init__(self) -> None:
        if not self.index:
            self.index = {e.id: i for i, e in enumerate(self.entities)}

    def entity(self, entity_id: str) -> Entity:
        return self.entities[self.index[entity_id]]

    @cached_property
    def igraph(self) -> ig.Graph:
        """Entities then records as vertices; an edge for each entity named in a record."""
        n = len(self.entities)
        edges = [(named.entity, n + r) for r, rec in enumerate(self.records) for named in rec.named]
        graph = ig.Graph(n=n + len(self.records), edges=edges)
        graph.vs["name"] = [e.id for e in self.entities] + [r.key for r in self.records]
        graph.vs["kind"] = [e.kind for e in self.entities] + ["record"] * len(self.records)
        graph.es["role"] = [nm.role for rec in self.records for nm in rec.named]
        graph.es["context"] = [nm.context for rec in self.records for nm in rec.named]
        return graph

    @cached_property
    def records_naming(self) -> dict[int, tuple[int, ...]]:
        """Each entity's records (indexes into ``records``), in order, each once."""
        out: dict[int, dict[int, None]] = {}
        for r, rec in enumerate(self.records):
            for named in rec.named:
                out.setdefault(named.entity, {})[r] = None
        return {entity: tuple(records) for entity, records in out.items()}

    def ties(self) -> Iterator[Tie]:
        """Every tie between two distinct entities that some record makes."""
        for rec in self.records:
            yield from record_ties(self, rec)

    def households(self) -> dict[str, list[int]]:
        """Persons by the home address their own mentions give most often (``same_address``)."""
        out: dict[str, list[int]] = {}
        for i, entity in enumerate(self.entities):
            if entity.home:
                out.setdefault(entity.home, []).append(i)
        return out


def record_ties(graph: PoleGraph, rec: RecordNode) -> Iterator[Tie]:
    """The ties one record makes, each pair of its entities once, with the tie's kind."""
    named = rec.named
    for i, left in enumerate(named):
        for right in named[i + 1 :]:
            if left.entity == right.entity or not related(left, right):
                continue
            kind = tie_kind(graph, rec, left, right)
            yield Tie(left.entity, right.entity, kind, rec.occurred_at, rec.sector, rec.key)


def related(left: Named, right: Named) -> bool:
    """Whether one record ties these two: a mention's own phone ties only to the person who
    gave it, and a mention's alias to everyone but that person (it stands in for them)."""
    for one, other in ((left, right), (right, left)):
        if one.context == "holder" and one.holder != other.entity:
            return False
        if one.context == "alias" and one.holder == other.entity:
            return False
    return True


def tie_kind(graph: PoleGraph, rec: RecordNode, left: Named, right: Named) -> str:
    """Which kind of tie one record makes between two of the entities it names."""
    kinds = {graph.entities[left.entity].kind, graph.entities[right.entity].kind}
    contexts = {left.context, right.context}
    if rec.type == "missing_episode" and (
        "found_at" in contexts or {left.ref, right.ref} & rec.found_with
    ):
        return "found_with"
    if rec.type == "police_incident" and rec.attributes.get("category") == "found_in_company":
        return "found_with"
    if "vehicle" in kinds or "driver" in {left.role, right.role}:
        return "collected_by"
    if kinds & {"phone", "handle"}:
        return "called"
    if rec.type == "intelligence":
        return "intelligence"
    return "named_together"

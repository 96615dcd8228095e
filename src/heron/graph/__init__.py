"""The POLE graph: persons, objects, locations and records, and their ties, as of a date.

``build_graph`` reads one identity run's view of the store; ``PoleGraph`` is the graph in
memory (with its igraph form), for ``heron.patterns`` to search.
"""

from heron.graph.build import build_graph
from heron.graph.model import (
    ENTITY_KINDS,
    PERSON_KINDS,
    TIE_KINDS,
    Entity,
    Named,
    PoleGraph,
    RecordNode,
    Tie,
    record_ties,
    related,
)

__all__ = [
    "ENTITY_KINDS",
    "PERSON_KINDS",
    "TIE_KINDS",
    "Entity",
    "Named",
    "PoleGraph",
    "RecordNode",
    "Tie",
    "build_graph",
    "record_ties",
    "related",
]

"""The table of entities a graph build fills: each entity id once, with its index.

Owns ``EntityTable``; ``build`` adds entities as records name them and ``persons`` fills
in the person and alias entities afterwards. It reads nothing and writes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from heron.graph.model import Entity


class EntityTable:
    """The graph's entities as they are named: each id once, in order; person entities
    and aliases are filled in afterwards (``persons.fill_persons``)."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.index: dict[str, int] = {}
        self.persons: list[int] = []  # indexes of person entities, to fill in afterwards
        # alias index → the persons it is given for, and the roles they are named in
        self.aliases: dict[int, set[int]] = defaultdict(set)
        self.alias_roles: dict[int, Counter[str]] = defaultdict(Counter)

    def add(self, entity_id: str, kind: str, label: str = "") -> int:
        found = self.index.get(entity_id)
        if found is None:
            found = self.index[entity_id] = len(self.entities)
            self.entities.append(Entity(entity_id, kind, label=label))
            if kind == "person":
                self.persons.append(found)
        return found

"""Hand-built POLE graphs for network-detection tests."""

from __future__ import annotations

from datetime import datetime

from heron.graph import Entity, Named, PoleGraph, RecordNode
from heron.patterns import NetworkFinding, detect_networks

#: Levels of the children most tests name: P1 to P4, each with a concern.
HIGH = {"P1": "high", "P2": "medium", "P3": "high", "P4": "low"}


class GraphBuilder:
    """Entities and records added one by one; ``graph()`` freezes them."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.records: list[RecordNode] = []

    def child(self, pid: str, home: str | None = None) -> str:
        self.entities.append(Entity(pid, "person", is_child=True, age=14, home=home))
        return pid

    def adult(self, pid: str, roles: dict[str, int] | None = None, home: str | None = None) -> str:
        counts = tuple((roles or {"associate": 1}).items())
        self.entities.append(Entity(pid, "person", is_child=False, age=30, roles=counts, home=home))
        return pid

    def thing(self, oid: str, kind: str, place_kind: str | None = None) -> str:
        self.entities.append(Entity(oid, kind, label=oid, place_kind=place_kind))
        return oid

    def record(
        self,
        key: str,
        type_: str,
        when: str,
        named: list[tuple[str, str | None, str]],
        sector: str = "police",
        **attributes: object,
    ) -> None:
        """``named``: (entity id, role, context); person refs are their ids."""
        index = {e.id: i for i, e in enumerate(self.entities)}
        self.records.append(
            RecordNode(
                key,
                sector,
                type_,
                datetime.fromisoformat(when),
                tuple(Named(index[e], role, ctx, ref=e) for e, role, ctx in named),
                dict(attributes),
            )
        )

    def graph(self) -> PoleGraph:
        """As of its last record: the ages given are the ages then."""
        last = max((r.occurred_at for r in self.records), default=None)
        return PoleGraph(last, None, self.entities, self.records)


def found_with_alias(
    b: GraphBuilder, key: str, when: str, child: str, holder: str, alias: str
) -> None:
    """A missing episode: ``child`` found with ``holder``, named by ``alias`` alone."""
    index = {e.id: i for i, e in enumerate(b.entities)}
    named = (
        Named(index[child], "missing_person", "mention", ref=child),
        Named(index[holder], "associate", "mention", ref=holder),
        Named(index[alias], "associate", "alias", ref=holder, holder=index[holder]),
    )
    attributes: dict[str, object] = {"found_with": [holder]}
    b.records.append(
        RecordNode(key, "police", "missing_episode", datetime.fromisoformat(when), named,
                   attributes)
    )  # fmt: skip


def found_with(
    b: GraphBuilder, key: str, when: str, child: str, *others: str, place: str | None = None
) -> None:
    """A missing episode: ``child`` found with ``others`` (and at ``place``)."""
    named = [(child, "missing_person", "mention")] + [(o, "associate", "mention") for o in others]
    if place:
        named.append((place, None, "found_at"))
    b.record(key, "missing_episode", when, named, found_with=list(others))


def top_finding(builder: GraphBuilder, levels: dict[str, str] = HIGH) -> NetworkFinding:
    """The highest-ranked finding on ``builder``'s graph (there must be one)."""
    findings = detect_networks(builder.graph(), levels)
    assert findings, "expected a finding"
    return findings[0]

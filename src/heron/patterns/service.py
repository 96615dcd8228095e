"""Network detection over the store: the graph as of a date, searched for networks.

Owns ``find_networks``, the one call the orchestration (``heron detect``, ``heron replay``)
makes: it builds the POLE graph for one identity run (``heron.graph.build_graph``) and
returns ``detect_networks`` on it, ranked. Reads only; the alerts capability stores what
it returns.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import Engine

from heron.access import Actor
from heron.graph import build_graph
from heron.patterns.detect import detect_networks
from heron.patterns.score import NetworkFinding


def find_networks(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    run_id: int,
    child_levels: Mapping[str, str],
    partner_records: Collection[str] = frozenset(),
) -> list[NetworkFinding]:
    """Ranked, best first. child_levels: person id -> indicator level label ('none'|'low'|
    'medium'|'high') for every assessed child; partner_records: the records indicators of
    ``context.PARTNER_RULES`` found describing an adult's relationship with a child."""
    graph = build_graph(engine, actor, as_of, run_id)
    return detect_networks(graph, child_levels, as_of, partner_records)

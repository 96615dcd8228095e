"""Network detection over a POLE graph: seeds, growth by community detection, ranking.

Owns finding candidate networks: the seeds are anchors (adults, aliases, vehicles, phones,
handles, places) tied to two or more children with concern, and children with concern missing on
the same nights from different homes; growth adds the anchors named together with a seed
(a second adult, the car an adult drives, the phone booked from). Leiden community
detection (igraph, leidenalg) on the weighted graph of those ties splits what is joined
only weakly — a youth worker or a children's home between two groups — so each community
is one candidate, scored and explained by ``heron.patterns.score``. Pure: it reads only
the graph and the children's levels.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime

import igraph as ig
import leidenalg

from heron.graph import PoleGraph
from heron.patterns.identify import children_by_name, every_child
from heron.patterns.score import FIRST_NAME_ONLY, NetworkFinding, score_network
from heron.patterns.ties import AnchorTie, Ties, collect_ties

#: Levels that make a child "with concern" for network detection.
CONCERN_LEVELS = frozenset({"low", "medium", "high"})
#: How much an edge the context explains weighs in community detection, against 1 for a
#: clean one, so a professional or a children's home does not glue two groups together.
CONTEXT_EDGE = 0.05
ANCHOR_EDGE = 0.5  # two anchors named together (an adult and the car he drives)
CHILD_EDGE = 0.3  # two children named together, or missing the same night from different homes
LEIDEN_SEED = 1
#: Below 1, Leiden prefers larger communities: one network rather than its halves.
RESOLUTION = 0.5


def detect_networks(
    graph: PoleGraph,
    child_levels: Mapping[str, str],
    as_of: datetime | None = None,
    partner_records: Collection[str] = frozenset(),
) -> list[NetworkFinding]:
    """Candidate networks in ``graph``, best first (``child_levels``: person id → level;
    ``partner_records``: see ``ties.collect_ties``)."""
    del as_of  # the graph is already as of its date; kept so callers can say which
    levels = {
        graph.index[pid]: level
        for pid, level in child_levels.items()
        if level in CONCERN_LEVELS and pid in graph.index
    }
    ties = collect_ties(graph, set(levels), partner_records)
    names = children_by_name(every_child(graph))  # with a concern or not
    levels.update(dict.fromkeys(ties.possible - set(levels), FIRST_NAME_ONLY))
    by_anchor = ties.by_anchor()
    seeds = {a for a, own in by_anchor.items() if len({t.child for t in own}) >= 2}
    members = _grow(ties, by_anchor, seeds)
    findings = []
    for community in _communities(graph, ties, by_anchor, members):
        children = {v for v in community if v in levels}
        # a seed stays with every community holding two of its children, whatever Leiden cut
        shared = {a for a in seeds if len({t.child for t in by_anchor[a]} & children) >= 2}
        anchors = (community - children) | shared
        if len(children) < 2 or all(levels[c] == FIRST_NAME_ONLY for c in children):
            continue
        core = clean_core(children, anchors, by_anchor)
        outside = children - core if len(core) >= 2 else set()
        findings.append(
            score_network(
                graph,
                children - outside,
                anchors,
                by_anchor,
                ties.nights,
                levels,
                outside,
                names=names,
            )
        )
    findings.sort(key=lambda f: (-f.score, -f.raw_score, f.children))
    return findings


def clean_core(
    children: set[int], anchors: set[int], by_anchor: Mapping[int, list[AnchorTie]]
) -> set[int]:
    """The children an anchor ties, with a tie no context explains, to another of them.

    Leiden keeps a community together through weak edges too (a children's home, a car
    park, a parent): the children joined only that way are context of the network, not its
    members, so its alert does not grow through them into unrelated children.
    """
    core: set[int] = set()
    for anchor in anchors:
        clean = {t.child for t in by_anchor.get(anchor, ()) if t.context is None}
        clean &= children
        if len(clean) >= 2:
            core |= clean
    return core


def _grow(ties: Ties, by_anchor: Mapping[int, list[AnchorTie]], seeds: set[int]) -> set[int]:
    """Seeds, their children, anchors named with a seed and a child, co-missing children."""
    members = set(seeds)
    for seed in seeds:
        members.update(t.child for t in by_anchor[seed])
    for a, b in ties.co_named:
        for one, other in ((a, b), (b, a)):
            if one in seeds and other not in members and other in by_anchor:
                members.add(other)
    for night in ties.nights:
        members.update(night.children)
    return members


def _communities(
    graph: PoleGraph,
    ties: Ties,
    by_anchor: Mapping[int, list[AnchorTie]],
    members: set[int],
) -> list[set[int]]:
    order = sorted(members)
    position = {v: i for i, v in enumerate(order)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for anchor, own in by_anchor.items():
        if anchor not in position:
            continue
        per_child: dict[int, list[AnchorTie]] = defaultdict(list)
        for tie in own:
            if tie.child in position:
                per_child[tie.child].append(tie)
        for child, child_ties in per_child.items():
            strength = max(
                t.weight * (1.0 if t.context is None else CONTEXT_EDGE) for t in child_ties
            )
            weights[_edge(position[anchor], position[child])] += strength * (
                1 + math.log2(len({t.record for t in child_ties}))
            )
    for (a, b), count in ties.co_named.items():
        if a in position and b in position:
            weights[_edge(position[a], position[b])] += ANCHOR_EDGE * min(count, 3)
    for (a, b), records in ties.child_pairs.items():  # found together
        if a in position and b in position:
            weights[_edge(position[a], position[b])] += CHILD_EDGE * min(len(records), 3)
    for night in ties.nights:
        kids = sorted(position[c] for c in night.children if c in position)
        for i, left in enumerate(kids):
            for right in kids[i + 1 :]:
                weights[_edge(left, right)] += CHILD_EDGE
    if not weights:
        return []
    edges = sorted(weights)
    projected = ig.Graph(n=len(order), edges=edges)
    projected.es["weight"] = [weights[e] for e in edges]
    partition = leidenalg.find_partition(
        projected,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        resolution_parameter=RESOLUTION,
        seed=LEIDEN_SEED,
    )
    return [{order[v] for v in community} for community in partition if len(community) >= 2]


def _edge(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)

"""Which candidates of one run and which existing alerts are one alert from this run on.

Owns ``match_candidates`` and ``same_network``: child and watch alerts by subject, network
alerts by shared members per ``rules.json`` ``network_match``, with each network alert
going to the one finding of a run it shares most with. Must not read or write the store;
``heron.alerts.sync`` applies what this decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from heron.alerts.candidates import AlertCandidate
from heron.alerts.history import mapped
from heron.alerts.rules import AlertRules, NetworkMatch
from heron.store.models import AlertRow

Members = tuple[set[str], set[str]]  # (children, adults), person ids after identity merges


@dataclass
class Match:
    """Candidates and existing alerts that are one alert from this sync on.

    ``apart_from`` lists alerts a network candidate matched but that went to another
    finding of the same run which shares more with them, each with the number of children
    and adults it shares: the run found apart what those alerts held together.
    """

    candidates: list[AlertCandidate] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)
    apart_from: list[tuple[str, int, int]] = field(default_factory=list)


def same_network(a: Members, b: Members, rule: NetworkMatch) -> bool:
    """Whether two networks (children, adults) are one alert under the matching rule."""
    shared = len(a[0] & b[0])
    if shared == 0:
        return False
    if shared >= rule.min_shared_children_of_smaller * min(len(a[0]), len(b[0])):
        return True
    adults = len(a[1] & b[1])
    return adults > 0 and adults >= rule.min_shared_adults_of_smaller * min(len(a[1]), len(b[1]))


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


@dataclass(frozen=True, slots=True)
class _Node:
    kind: str
    subject: str | None
    members: Members
    score: float = 0.0


def match_candidates(
    candidates: Sequence[AlertCandidate],
    live: Sequence[AlertRow],
    mapping: Mapping[str, str],
    rules: AlertRules,
    current: Mapping[str, tuple[Sequence[str], Sequence[str]]] | None = None,
) -> list[Match]:
    """Connect each candidate with the alerts (and other candidates) it is the same as.

    A network alert is matched by its ``current`` members (its latest snapshot), not by
    everyone it ever held: an alert that grew over years would otherwise take in any
    finding that shares one child with its past. Candidates of one run that match each
    other are one finding. A network alert then goes to the one finding it shares most
    with (children, then adults, then score): a finding that matched it only by members
    the alert picked up from a neighbouring network is left to match another alert or to
    be raised, rather than gluing two networks the run found apart into one alert for
    good; but a finding whose children and adults the alert already holds (a piece of it)
    stays with it, since it would raise nothing new. A finding that matches several alerts
    (each sharing most with it) bridges them.
    """
    nodes: dict[str, _Node] = {}
    for row in live:
        subject = mapping.get(row.subject, row.subject) if row.subject else None
        kids, grown = (current or {}).get(row.alert_id, (row.children, row.adults))
        members = (set(mapped(kids, mapping)), set(mapped(grown, mapping)))
        nodes[f"a:{row.alert_id}"] = _Node(row.kind, subject, members)
    for i, cand in enumerate(candidates):
        subject = mapping.get(cand.subject, cand.subject) if cand.subject else None
        members = (set(mapped(cand.children, mapping)), set(mapped(cand.adults, mapping)))
        nodes[f"c:{i}"] = _Node(cand.kind, subject, members, cand.score)
    union = _Union()
    _join_by_subject(nodes, union)
    near = _near(nodes)
    alert_matches: dict[str, set[str]] = defaultdict(set)  # alert node → candidate nodes
    for node, others in near.items():
        if not node.startswith("c:"):
            continue
        for other in others:
            if not same_network(nodes[node].members, nodes[other].members, rules.network_match):
                continue
            if other.startswith("c:"):
                union.join(node, other)
            else:
                alert_matches[other].add(node)
    apart: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    findings = _findings(nodes, union)
    lost: dict[str, list[str]] = defaultdict(list)  # finding → alerts it lost
    winners = set()
    for alert, matched in sorted(alert_matches.items()):
        roots = {union.find(c) for c in matched}
        in_order = sorted(roots, key=lambda r: int(r[2:]))  # ties go to the earlier finding
        ranked = sorted(in_order, key=lambda r: _overlap(nodes[alert], findings[r]), reverse=True)
        union.join(alert, ranked[0])
        winners.add(ranked[0])
        for loser in ranked[1:]:
            lost[loser].append(alert)
    for loser, alerts in lost.items():
        held = next((a for a in alerts if _within(findings[loser], nodes[a])), None)
        if loser not in winners and held is not None:
            union.join(loser, held)  # a part of what the alert holds: nothing new to raise
            continue
        for alert in alerts:
            children, adults, _ = _overlap(nodes[alert], findings[loser])
            apart[loser].append((alert[2:], children, adults))
    return _matches(nodes, union, candidates, live, apart)


def _within(finding: _Node, alert: _Node) -> bool:
    """Whether every child and adult of ``finding`` is among ``alert``'s members."""
    return finding.members[0] <= alert.members[0] and finding.members[1] <= alert.members[1]


def _join_by_subject(nodes: Mapping[str, _Node], union: _Union) -> None:
    by_subject: dict[tuple[str, str], str] = {}
    for name, node in nodes.items():
        union.find(name)
        if node.kind != "network" and node.subject is not None:
            key = (node.kind, node.subject)
            if key in by_subject:
                union.join(name, by_subject[key])
            else:
                by_subject[key] = name


def _near(nodes: Mapping[str, _Node]) -> dict[str, set[str]]:
    """Each network node's other network nodes sharing a child (alerts never pair)."""
    by_child: dict[str, list[str]] = defaultdict(list)
    for name, node in nodes.items():
        if node.kind == "network":
            for kid in node.members[0]:
                by_child[kid].append(name)
    return {
        name: {
            other
            for kid in node.members[0]
            for other in by_child[kid]
            if other != name and (name.startswith("c:") or other.startswith("c:"))
        }
        for name, node in nodes.items()
        if node.kind == "network"
    }


def _findings(nodes: Mapping[str, _Node], union: _Union) -> dict[str, _Node]:
    """Each group of this run's candidates as one finding: its members and best score."""
    out: dict[str, _Node] = {}
    for name, node in nodes.items():
        if not name.startswith("c:") or node.kind != "network":
            continue
        root = union.find(name)
        seen = out.get(root, _Node(node.kind, None, (set(), set()), node.score))
        members = (seen.members[0] | node.members[0], seen.members[1] | node.members[1])
        out[root] = _Node(node.kind, None, members, max(seen.score, node.score))
    return out


def _overlap(alert: _Node, finding: _Node) -> tuple[int, int, float]:
    return (
        len(alert.members[0] & finding.members[0]),
        len(alert.members[1] & finding.members[1]),
        finding.score,
    )


def _matches(
    nodes: Mapping[str, _Node],
    union: _Union,
    candidates: Sequence[AlertCandidate],
    live: Sequence[AlertRow],
    apart: Mapping[str, list[tuple[str, int, int]]],
) -> list[Match]:
    groups: dict[str, Match] = defaultdict(Match)
    rows = {f"a:{row.alert_id}": row for row in live}
    for name in nodes:
        group = groups[union.find(name)]
        if name in rows:
            group.alerts.append(rows[name])
        else:
            group.candidates.append(candidates[int(name[2:])])
    for root, lost in apart.items():
        groups[union.find(root)].apart_from.extend(lost)
    return [g for g in groups.values() if g.candidates]

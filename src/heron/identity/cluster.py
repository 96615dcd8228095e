"""Mentions → clusters: greedy merging of scored pairs under cannot-link constraints.

Owns turning scored pairs into groups of mention keys. Pairs are merged strongest first
(by match weight), and two clusters are never merged when the result would hold two
different valid NHS numbers or UPNs (their check digits catch every single-digit keying
error, so two valid numbers mean two people), two mentions of one record (a record names
each person once), mentions whose birth dates lie too far apart (so a child is never
merged with an adult, whatever chain of weaker links joins them), or a mention that says
nothing of birth in a record dated before the earliest birth date of another (no one is
named in a record before they were born). Plain connected
components would let one wrong link chain a whole household together. This module must
not score pairs, read the store or assign person ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from heron.identity.linker import ScoredPair


@dataclass(slots=True)
class _Cluster:
    members: list[str]
    max_lo: date | None = None  # latest earliest-possible birth date of any member
    min_hi: date | None = None  # earliest latest-possible birth date of any member
    ids: dict[str, set[str]] = field(default_factory=dict)
    records: set[str] = field(default_factory=set)
    # the earliest record date of a member that says nothing of birth (``seen_on``)
    first_seen: date | None = None


@dataclass(frozen=True, slots=True)
class Constraints:
    """What may never end up in one cluster."""

    birth_gap_days: int = 1830
    identifiers: tuple[str, ...] = ("nhs", "upn")
    one_per_record: bool = True  # two mentions in one record are two people


def _new(key: str, row: Mapping[str, Any], constraints: Constraints) -> _Cluster:
    ids = {name: {row[name]} for name in constraints.identifiers if row.get(name)}
    return _Cluster(
        [key], row.get("birth_lo"), row.get("birth_hi"), ids, {record_of(key)},
        row.get("seen_on"),
    )  # fmt: skip


def _whole(
    keys: Sequence[str], rows: Mapping[str, Mapping[str, Any]], constraints: Constraints
) -> _Cluster:
    """One cluster of ``keys`` (rows by key), as ``_new`` and ``_absorb`` would build it."""
    chosen = [rows[k] for k in keys]
    ids: dict[str, set[str]] = {}
    for name in constraints.identifiers:
        if values := {v for row in chosen if (v := row.get(name))}:
            ids[name] = values
    return _Cluster(
        list(keys),
        max((d for row in chosen if (d := row.get("birth_lo"))), default=None),
        min((d for row in chosen if (d := row.get("birth_hi"))), default=None),
        ids,
        {record_of(k) for k in keys},
        min((d for row in chosen if (d := row.get("seen_on"))), default=None),
    )


def record_of(mention_key: str) -> str:
    """The record key (``agency:id``) of a mention key (``agency:id#ref``)."""
    return mention_key.rsplit("#", 1)[0]


def _compatible(a: _Cluster, b: _Cluster, constraints: Constraints) -> bool:
    if constraints.one_per_record and not a.records.isdisjoint(b.records):
        return False
    for name in constraints.identifiers:
        left, right = a.ids.get(name), b.ids.get(name)
        if left and right and left != right:
            return False
    if _named_before_birth(a, b):
        return False
    gap = constraints.birth_gap_days
    if a.max_lo and b.min_hi and (a.max_lo - b.min_hi).days > gap:
        return False
    return not (b.max_lo and a.min_hi and (b.max_lo - a.min_hi).days > gap)


def _named_before_birth(a: _Cluster, b: _Cluster) -> bool:
    """Whether one cluster has a mention that says nothing of birth in a record dated
    before the other's earliest possible birth date ("Simon Wright" in a 2005 hotel report
    is not the Simon Wright born that November)."""
    return bool(
        (a.first_seen and b.max_lo and a.first_seen < b.max_lo)
        or (b.first_seen and a.max_lo and b.first_seen < a.max_lo)
    )


def _absorb(a: _Cluster, b: _Cluster) -> None:
    a.members.extend(b.members)
    if b.max_lo and (a.max_lo is None or b.max_lo > a.max_lo):
        a.max_lo = b.max_lo
    if b.min_hi and (a.min_hi is None or b.min_hi < a.min_hi):
        a.min_hi = b.min_hi
    for name, values in b.ids.items():
        a.ids.setdefault(name, set()).update(values)
    a.records.update(b.records)
    if b.first_seen and (a.first_seen is None or b.first_seen < a.first_seen):
        a.first_seen = b.first_seen


@dataclass(frozen=True, slots=True)
class Clustering:
    """Groups of mention keys (each sorted, ordered by first key) and the pairs that joined them."""

    groups: list[list[str]]
    joins: list[ScoredPair]


def cluster_pairs(
    rows: Sequence[Mapping[str, Any]],
    pairs: Iterable[ScoredPair],
    threshold: float,
    constraints: Constraints,
    must_not_link: Iterable[tuple[str, str]] = (),
    initial: Iterable[Sequence[str]] = (),
) -> Clustering:
    """Every row's ``unique_id`` in exactly one group.

    ``rows`` are feature rows; ``pairs`` at or above ``threshold`` probability are merged
    strongest first unless a constraint or a ``must_not_link`` pair forbids it. ``initial``
    groups (an earlier run's persons, for incremental linking) start out as clusters;
    rows in none of them start alone.
    """
    by_key = {str(row["unique_id"]): row for row in rows}
    clusters: dict[str, _Cluster] = {}
    owner: dict[str, str] = {}
    for group in initial:
        members = [k for k in group if k in by_key and k not in owner]
        if members:
            clusters[members[0]] = _whole(members, by_key, constraints)
            owner.update(dict.fromkeys(members, members[0]))
    for key, row in by_key.items():
        if key not in owner:
            clusters[key] = _new(key, row, constraints)
            owner[key] = key
    forbidden: dict[str, set[str]] = {}
    for one, other in must_not_link:
        forbidden.setdefault(one, set()).add(other)
        forbidden.setdefault(other, set()).add(one)
    ranked = sorted(
        (p for p in pairs if p.match_probability >= threshold),
        key=lambda p: (-p.match_weight, p.left, p.right),
    )
    joins: list[ScoredPair] = []
    for pair in ranked:
        ra, rb = owner.get(pair.left), owner.get(pair.right)
        if ra is None or rb is None or ra == rb:
            continue
        a, b = clusters[ra], clusters[rb]
        if not _compatible(a, b, constraints) or _forbids(a, b, forbidden):
            continue
        if len(a.members) < len(b.members):
            ra, rb, a, b = rb, ra, b, a
        for key in b.members:
            owner[key] = ra
        _absorb(a, b)
        del clusters[rb]
        joins.append(pair)
    groups = [sorted(c.members) for c in clusters.values()]
    groups.sort(key=lambda g: g[0])
    return Clustering(groups, joins)


def _forbids(a: _Cluster, b: _Cluster, forbidden: Mapping[str, set[str]]) -> bool:
    if not forbidden:
        return False
    small, large = (a, b) if len(a.members) <= len(b.members) else (b, a)
    # A partner can only be in ``large`` if its record is: a cheap test before the scan.
    partners = {
        p for key in small.members for p in forbidden.get(key, ()) if record_of(p) in large.records
    }
    return bool(partners) and not partners.isdisjoint(large.members)


def conflicts(
    left: Sequence[Mapping[str, Any]], right: Sequence[Mapping[str, Any]], constraints: Constraints
) -> list[str]:
    """The hard rules that keep two groups of feature rows from being one person, in words."""
    if not left or not right:
        return []
    a, b = (_group(rows, constraints) for rows in (left, right))
    out: list[str] = []
    if constraints.one_per_record and not a.records.isdisjoint(b.records):
        out.append("both are named in one record, which names each person once")
    for name in constraints.identifiers:
        one, other = a.ids.get(name), b.ids.get(name)
        if one and other and one != other:
            out.append(f"two different valid {_IDENTIFIER_WORDS.get(name, name)}s")
    gap = constraints.birth_gap_days
    apart = (a.max_lo and b.min_hi and (a.max_lo - b.min_hi).days > gap) or (
        b.max_lo and a.min_hi and (b.max_lo - a.min_hi).days > gap
    )
    if apart:
        out.append("birth dates more than five years apart (a child and an adult)")
    if _named_before_birth(a, b):
        out.append("named (no date of birth or age) in a record dated before the other's birth")
    return out


_IDENTIFIER_WORDS = {"nhs": "NHS number", "upn": "unique pupil number"}


def _group(rows: Sequence[Mapping[str, Any]], constraints: Constraints) -> _Cluster:
    first = _new(str(rows[0]["unique_id"]), rows[0], constraints)
    for row in rows[1:]:
        _absorb(first, _new(str(row["unique_id"]), row, constraints))
    return first

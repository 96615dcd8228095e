"""Scoring a replay against a synthetic county's planted truth (``make eval``).

Owns matching alerts and findings to the planted exploitation networks and decoy groups
(``truth/networks.json``), and the measures issue #5 sets: days from a network becoming
discoverable to its first alert, alert precision, decoy alerts, decoys ranked above a real
network, victims at level medium or above by the deadline, and the flag rate among other
children. It reads truth files only (never imports ``heron.synth``) and writes nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from heron.detection.evaluate_identify import FirstNamed, first_named_victims

#: An alert or finding is about a planted group when it names at least this many of the
#: group's children, or one of its children and one of its adults.
MIN_SHARED_CHILDREN = 2
#: Alerting within this many days of a network becoming discoverable meets the target.
DEADLINE_DAYS = 90
#: A network ended this many days ago is no longer expected at the top of the findings.
LIVE_AFTER_DAYS = 365
FLAGGED = frozenset({"medium", "high"})


@dataclass(frozen=True, slots=True)
class TruthGroup:
    """A planted exploitation network or decoy group, by true person ids."""

    id: str
    kind: str  # "exploitation" or a decoy kind
    size: str | None
    children: frozenset[str]
    adults: frozenset[str]
    discoverable_at: datetime | None  # networks: discoverable_at; decoys: naive_trigger_at
    active_from: datetime | None = None
    active_to: datetime | None = None
    # each child's own discoverability (tied to an anchor of the group, with a concern)
    children_discoverable_at: Mapping[str, datetime] = field(default_factory=dict)
    # the same, by records naming the child by more than a first name (what linking can use)
    children_named_discoverable_at: Mapping[str, datetime] = field(default_factory=dict)
    # discoverable_at counting only ties by records naming the children (None: never)
    named_discoverable_at: datetime | None = None

    @property
    def is_network(self) -> bool:
        return self.kind == "exploitation"


def read_groups(county: Path) -> list[TruthGroup]:
    """Every planted group of a county made by ``heron synth``."""
    data = json.loads((county / "truth" / "networks.json").read_text())
    groups = []
    for g in data["groups"]:
        when = g.get("discoverable_at") or g.get("naive_trigger_at")
        groups.append(
            TruthGroup(
                id=g["id"],
                kind=g["kind"],
                size=g.get("size"),
                children=frozenset(g["core_children"]) | frozenset(g["peripheral_children"]),
                adults=frozenset(g["adults"]),
                discoverable_at=datetime.fromisoformat(when) if when else None,
                active_from=_day(g.get("active_from")),
                active_to=_day(g.get("active_to")),
                children_discoverable_at=_times(g.get("children_discoverable_at")),
                children_named_discoverable_at=_times(g.get("children_named_discoverable_at")),
                named_discoverable_at=_day(
                    g.get("named_discoverable_at") or g.get("named_naive_trigger_at")
                ),
            )
        )
    return groups


def _times(value: Mapping[str, str] | None) -> dict[str, datetime]:
    return {kid: datetime.fromisoformat(at) for kid, at in (value or {}).items()}


def _day(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def persons_to_truth(
    assignment: Iterable[tuple[str, str]], truth: Mapping[str, str]
) -> dict[str, str]:
    """Person id → the true person most of its mentions belong to."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention_key, person_id in assignment:
        true_id = truth.get(mention_key)
        if true_id is not None:
            votes[person_id][true_id] += 1
    return {pid: counts.most_common(1)[0][0] for pid, counts in votes.items()}


def matches(children: set[str], adults: set[str], group: TruthGroup) -> bool:
    """Whether members (true ids) name enough of ``group`` to be about it."""
    shared_children = len(children & group.children)
    shared_adults = len(adults & group.adults)
    return shared_children >= MIN_SHARED_CHILDREN or (shared_children >= 1 and shared_adults >= 1)


def classify(
    children: Iterable[str],
    adults: Iterable[str],
    to_truth: Mapping[str, str],
    groups: Sequence[TruthGroup],
) -> TruthGroup | None:
    """The planted network these members are about, else a decoy they match, else None."""
    kids = {to_truth[p] for p in children if p in to_truth}
    grown = {to_truth[p] for p in adults if p in to_truth}
    hits = [g for g in groups if matches(kids, grown, g)]
    networks = [g for g in hits if g.is_network]
    chosen = networks or hits
    if not chosen:
        return None
    return max(chosen, key=lambda g: len(kids & g.children) + len(grown & g.adults))


@dataclass(frozen=True, slots=True)
class StepView:
    """What one replayed date gives the evaluation: levels, ranked findings, the mapping."""

    as_of: datetime
    child_levels: Mapping[str, str]
    findings: Sequence[tuple[float, tuple[str, ...], tuple[str, ...]]]  # score, children, adults
    to_truth: Mapping[str, str]
    # the people alerted findings' sentences show to identify, with the suggestions shown
    to_identify: Sequence[tuple[str, tuple[str, ...]]] = ()


@dataclass(frozen=True, slots=True)
class NetworkRow:
    """One planted network: when it became discoverable and when it was first alerted."""

    id: str
    size: str | None
    discoverable_at: datetime | None
    first_alert_at: datetime | None
    alert_ids: tuple[str, ...]
    victims: int
    victims_flagged: int  # at medium or above by the network's deadline
    # victims the records tied to the network, and those of them at medium or above within
    # DEADLINE_DAYS of their own discoverability (or the network's, whichever is later)
    victims_tied: int = 0
    victims_tied_flagged: int = 0
    # the same for ties by records naming the child by more than a first name
    victims_named: int = 0
    victims_named_flagged: int = 0
    named_discoverable_at: datetime | None = None  # by records naming its children
    # victims tied only by first-name records: shown to identify, the right child suggested
    first_named: FirstNamed = field(default_factory=FirstNamed)

    @property
    def days(self) -> float | None:
        if self.discoverable_at is None or self.first_alert_at is None:
            return None
        return (self.first_alert_at - self.discoverable_at) / timedelta(days=1)

    @property
    def in_time(self) -> bool:
        """Alerted within the deadline (a network never discoverable needs no alert)."""
        if self.discoverable_at is None:
            return True
        return self.days is not None and self.days <= DEADLINE_DAYS


@dataclass(frozen=True, slots=True)
class DecoyAbove:
    """A replayed date at which a finding about a decoy outscored a live real network's best
    finding: which decoy and network, and both scores (so a reader sees whether either
    reached the alerting threshold)."""

    as_of: datetime
    decoy: str
    decoy_kind: str
    decoy_score: float
    network: str
    network_score: float
    # whether records naming its children (by more than a first name) made it discoverable
    network_named_discoverable: bool = True


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The measures for one replayed county."""

    networks: tuple[NetworkRow, ...]
    network_alerts: int
    real_alerts: int
    decoy_alerts: Counter[str]  # decoy kind → alerts about such a group
    other_alerts: int  # about no planted group
    decoy_above_real: tuple[DecoyAbove, ...]  # each date a decoy outranked a real network
    other_children_peak_rate: float  # the highest share of other children flagged at one date
    other_children_final_rate: float
    other_children_ever_rate: float  # flagged at any date

    @property
    def decoy_above_real_steps(self) -> tuple[datetime, ...]:
        return tuple(d.as_of for d in self.decoy_above_real)

    @property
    def decoy_above_named_steps(self) -> tuple[datetime, ...]:
        """Those dates at which the network outranked was discoverable by records that name
        its children by more than a first name."""
        return tuple(d.as_of for d in self.decoy_above_real if d.network_named_discoverable)

    @property
    def precision(self) -> float:
        return self.real_alerts / self.network_alerts if self.network_alerts else 1.0

    @property
    def victims_recall(self) -> float:
        """Victims at medium or above within the deadline of their own discoverability: a
        child drawn into a network a year after it became discoverable could not have been
        flagged at the network's deadline, but can be within 90 days of their own first tie."""
        return self._share(lambda n: (n.victims_tied, n.victims_tied_flagged))

    @property
    def victims_recall_named(self) -> float:
        """As ``victims_recall``, counting only ties by records that name the child by more
        than a first name: a child tied only as "Lynda" in a hotel report is left out, since
        no linking can tell which Lynda (the network's finding lists such a person apart)."""
        return self._share(lambda n: (n.victims_named, n.victims_named_flagged))

    @property
    def victims_recall_at_network_deadline(self) -> float:
        """Every victim of a discoverable network (tied by the records or not), at medium or
        above by the network's own deadline: the strictest reading."""
        return self._share(lambda n: (n.victims, n.victims_flagged))

    @property
    def first_named(self) -> FirstNamed:
        """Victims tied only by a first name by their deadline, over the networks."""
        return sum((n.first_named for n in self.networks), FirstNamed())

    def _share(self, counts: Callable[[NetworkRow], tuple[int, int]]) -> float:
        """Flagged over victims, ``counts(network)`` summed over the discoverable networks."""
        pairs = [counts(n) for n in self.networks if n.discoverable_at is not None]
        victims = sum(v for v, _ in pairs)
        return sum(f for _, f in pairs) / victims if victims else 1.0


def evaluate_replay(
    groups: Sequence[TruthGroup],
    steps: Sequence[StepView],
    alerts: Sequence[Mapping[str, object]],
    final_to_truth: Mapping[str, str],
) -> Evaluation:
    """Score a replay: ``steps`` in date order, ``alerts`` as ``export alerts`` lines."""
    networks = [g for g in groups if g.is_network]
    first_alert: dict[str, datetime] = {}
    alert_ids: dict[str, list[str]] = defaultdict(list)
    decoys: Counter[str] = Counter()
    real = other = 0
    network_alerts = [a for a in alerts if a["kind"] == "network"]
    for alert in network_alerts:
        group = classify(_ids(alert["children"]), _ids(alert["adults"]), final_to_truth, groups)
        if group is None:
            other += 1
            continue
        if not group.is_network:
            decoys[group.kind] += 1
            continue
        real += 1
        raised = datetime.fromisoformat(str(alert["raised_at"]))
        alert_ids[group.id].append(str(alert["alert_id"]))
        if group.id not in first_alert or raised < first_alert[group.id]:
            first_alert[group.id] = raised
    rows = tuple(
        _network_row(net, first_alert.get(net.id), alert_ids.get(net.id, []), steps)
        for net in networks
    )
    victims = set().union(*(n.children for n in networks)) if networks else set()
    peak, final, ever = _other_children(steps, victims)
    return Evaluation(
        networks=rows,
        network_alerts=len(network_alerts),
        real_alerts=real,
        decoy_alerts=decoys,
        other_alerts=other,
        decoy_above_real=tuple(_decoy_above_real(steps, groups)),
        other_children_peak_rate=peak,
        other_children_final_rate=final,
        other_children_ever_rate=ever,
    )


def _ids(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _network_row(
    net: TruthGroup, first: datetime | None, ids: list[str], steps: Sequence[StepView]
) -> NetworkRow:
    first_flagged: dict[str, datetime] = {}
    for step in steps:
        for pid, level in step.child_levels.items():
            true_id = step.to_truth.get(pid)
            if level in FLAGGED and true_id in net.children:
                first_flagged.setdefault(true_id, step.as_of)
    deadline = net.discoverable_at + timedelta(days=DEADLINE_DAYS) if net.discoverable_at else None
    by_deadline = {kid for kid, at in first_flagged.items() if deadline is None or at <= deadline}
    tied = _in_own_time(net, net.children_discoverable_at, first_flagged)
    named = _in_own_time(net, net.children_named_discoverable_at, first_flagged)
    return NetworkRow(
        id=net.id,
        size=net.size,
        discoverable_at=net.discoverable_at,
        first_alert_at=first,
        alert_ids=tuple(sorted(ids)),
        victims=len(net.children),
        victims_flagged=len(by_deadline),
        victims_tied=len(tied),
        victims_tied_flagged=sum(tied.values()),
        victims_named=len(named),
        victims_named_flagged=sum(named.values()),
        named_discoverable_at=net.named_discoverable_at,
        first_named=first_named_victims(net, steps, DEADLINE_DAYS),
    )


def _in_own_time(
    net: TruthGroup, tied_at: Mapping[str, datetime], first_flagged: Mapping[str, datetime]
) -> dict[str, bool]:
    """Each tied child of ``net``: flagged within the deadline of the later of the network's
    and the child's own discoverability?"""
    out = {}
    for kid, at in tied_at.items():
        if kid in net.children:
            due = max(at, net.discoverable_at or at) + timedelta(days=DEADLINE_DAYS)
            out[kid] = kid in first_flagged and first_flagged[kid] <= due
    return out


def _other_children(steps: Sequence[StepView], victims: set[str]) -> tuple[float, float, float]:
    """Share of other children at medium or above: peak over dates, last date, ever."""
    peak = final = 0.0
    seen: set[str] = set()
    ever: set[str] = set()
    for step in steps:
        others = [
            (true_id, level)
            for pid, level in step.child_levels.items()
            if (true_id := step.to_truth.get(pid)) is not None and true_id not in victims
        ]
        if not others:
            continue
        flagged = {t for t, level in others if level in FLAGGED}
        seen.update(t for t, _ in others)
        ever |= flagged
        final = len(flagged) / len(others)
        peak = max(peak, final)
    return peak, final, (len(ever) / len(seen) if seen else 0.0)


def live(group: TruthGroup, when: datetime) -> bool:
    """Whether a network is one a ranking should put first at ``when``: discoverable by
    then, and active or ended less than ``LIVE_AFTER_DAYS`` before (its children's
    indicators look back a year, so an ended network fades from the findings after that)."""
    if group.discoverable_at is None or group.discoverable_at > when:
        return False
    return group.active_to is None or when <= group.active_to + timedelta(days=LIVE_AFTER_DAYS)


def _decoy_above_real(steps: Sequence[StepView], groups: Sequence[TruthGroup]) -> list[DecoyAbove]:
    """Dates at which a finding about a decoy ranked above a live real network's best
    finding (a network is ranked where its strongest finding is), with both scores."""
    found = []
    by_id = {group.id: group for group in groups}
    for step in steps:
        best_real: dict[str, float] = {}
        highest: tuple[float, TruthGroup] | None = None
        for score, children, adults in step.findings:
            group = classify(children, adults, step.to_truth, groups)
            if group is None:
                continue
            if group.is_network:
                if live(group, step.as_of):
                    best_real[group.id] = max(score, best_real.get(group.id, 0.0))
            elif highest is None or score > highest[0]:
                highest = (score, group)
        if not best_real or highest is None:
            continue
        network, weakest = min(best_real.items(), key=lambda item: (item[1], item[0]))
        if highest[0] > weakest:
            decoy = highest[1]
            named = by_id[network].named_discoverable_at
            found.append(
                DecoyAbove(
                    step.as_of, decoy.id, decoy.kind, highest[0], network, weakest,
                    named is not None and named <= step.as_of,
                )
            )  # fmt: skip
    return found

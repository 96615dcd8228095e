"""Scoring one candidate network and explaining it in words.

Owns ``NetworkFinding``, the alerting threshold and the scoring rule: each anchor tied to
two or more of the network's children adds evidence (more children, more occasions, more
for an adult found with them than for a takeaway); nights missing together from different
homes add more; records from several sectors add a little. Evidence that decoy context
explains (``heron.patterns.context``) is kept apart and can lift a score by at most
``CONTEXT_CAP``, so context alone never crosses ``NETWORK_ALERT_THRESHOLD``. Every lowered
score says why. Must not read the store or decide alerts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from heron.graph import PoleGraph
from heron.patterns.context import CONTEXT_WHY
from heron.patterns.identify import (
    ChildNames,
    Listing,
    children_by_name,
    every_child,
    first_to_identify,
    may_be,
    shown,
    to_identify,
    unidentified,
)
from heron.patterns.ties import AnchorTie, MissingNight, missing_from_different_homes
from heron.wording import count

#: A network at or above this score is worth an alert. Two children with concern found
#: with one adult score 0.63, at one hotel or private flat 0.59 (with low concern 0.57 and
#: 0.53); evidence that context explains scores at most ``CONTEXT_CAP`` (0.2).
NETWORK_ALERT_THRESHOLD = 0.5
NETWORK_ALERT_THRESHOLD_REASON = (
    "the smallest network worth a person's attention, two children with a concern found "
    "with the same adult or at the same hotel or private flat, scores above it; a youth "
    "worker, a children's home, school transport, siblings or friends cannot reach it"
)
#: Evidence that context explains lifts a score by at most this much: less than ordinary
#: evidence at ``WEAK_CAP``, so a finding whose every tie context explains (a school taxi,
#: a friends' group) never ranks above one with a tie nothing explains at that cap.
CONTEXT_CAP = 0.2
#: The level a possible child has in a finding (``ties.possible_children``: "Jill" in a
#: taxi driver's report): none was assessed, and her ties already count for less.
FIRST_NAME_ONLY = "first name only"
LEVEL_WEIGHT = {"high": 1.0, "medium": 1.0, "low": 0.85, FIRST_NAME_ONLY: 0.85}
CO_MISSING_WEIGHT = 0.3
OCCASION_WEIGHT = 0.15
SECTOR_BONUS = 0.1
#: Nights missing together count in full only beside an anchor at least this strong.
STRONG_ANCHOR = 0.5
#: Without one such anchor (only ordinary ties: adults named beside the children in case
#: notes or youth sessions, people of unknown age), the evidence no context explains counts
#: for at most this much, so with context at its cap a network still stays under the
#: threshold: (1 − WEAK_CAP) × (1 − CONTEXT_CAP) > 1 − NETWORK_ALERT_THRESHOLD.
WEAK_CAP = 0.25


@dataclass(frozen=True, slots=True)
class NetworkFinding:
    """A network of children, adults and objects, scored, explained and evidenced."""

    children: tuple[str, ...]
    adults: tuple[str, ...]  # adults whose ties to the children count in full
    objects: tuple[str, ...]
    score: float
    raw_score: float
    summary: str
    reasons: tuple[str, ...]
    context: tuple[str, ...]
    evidence: tuple[str, ...]
    sectors: tuple[str, ...]
    # Persons in the network only through context (a parent, carer or professional in role):
    # named so nothing is hidden, never listed beside the adults a disruption would target.
    context_persons: tuple[str, ...] = ()
    # Children in the same community only through ties context explains (a children's home,
    # a car park): named so nothing is hidden, never counted as the network's children.
    context_children: tuple[str, ...] = ()
    # Persons of unknown age named in its records of concern, neither its children nor its
    # adults (a girl named only "Amber" beside a missing child, a context person too): each
    # with the records naming them, for a person to identify. Linking cannot say who they
    # are; they may be children of it.
    unidentified: Listing = ()
    # For those of them a first name is recorded for: the children with concern whose first
    # name may be the same ("Jess", "Jessica"), its own children first. A suggestion from
    # the name alone, for a person to check; it changes no score and no child's level.
    may_be: Listing = ()
    # Persons named by a first name alone in its records of concern, of unknown age, whose
    # ties count as a child's would, for less (``ties.possible_children``): not among its
    # ``children``, which are assessed children; listed to identify too.
    first_named: tuple[str, ...] = ()

    @property
    def alert(self) -> bool:
        return self.score >= NETWORK_ALERT_THRESHOLD

    @property
    def to_identify(self) -> tuple[str, ...]:
        """The sentence asking a person to find out who the unidentified people are."""
        return to_identify(self.unidentified, self.may_be)

    @property
    def shown_to_identify(self) -> Listing:
        """The people the alert's sentence shows, each with the suggestions it shows."""
        return shown(self.unidentified, self.may_be)


def spread(n: float) -> float:
    """Evidence from an anchor shared by ``n`` children: 1 for two, growing slowly after."""
    return max(0.0, n - 1) if n <= 2 else 1 + math.log2(n - 1)


@dataclass(slots=True)
class _Part:
    anchor: int
    clean: float
    contexted: float
    children: set[int]
    records: set[int]
    kinds: Counter[str]
    contexts: Counter[str]
    strength: float = 0.0  # its second-strongest clean tie, by the children's level


def _anchor_part(ties: Sequence[AnchorTie], levels: Mapping[int, str]) -> _Part:
    best: dict[int, AnchorTie] = {}
    for tie in ties:
        old = best.get(tie.child)
        if old is None or (tie.context is None, tie.weight) > (old.context is None, old.weight):
            best[tie.child] = tie
    clean = [t for t in best.values() if t.context is None]
    level = sum(LEVEL_WEIGHT.get(levels.get(c, "low"), 0.85) for c in best) / len(best)
    weight = sum(t.weight for t in best.values()) / len(best) * level
    records = {t.record for t in ties}
    bonus = min(0.6, OCCASION_WEIGHT * math.log2(1 + max(0, len(records) - len(best))))
    if len(clean) >= 2:  # as strong as its second-strongest child: one strong tie is no pattern
        clean_weight = sorted((t.weight for t in clean), reverse=True)[1] * level
        clean_part = clean_weight * spread(len(clean)) + bonus
        contexted = weight * (spread(len(best)) - spread(len(clean)))
    else:
        clean_weight = 0.0
        clean_part, contexted = 0.0, weight * spread(len(best)) + (bonus if len(best) >= 2 else 0)
    return _Part(
        ties[0].anchor,
        clean_part,
        contexted,
        set(best),
        records,
        Counter(t.kind for t in ties),
        Counter(t.context for t in ties if t.context),
        clean_weight,
    )


def _parts(
    graph: PoleGraph,
    children: set[int],
    anchors: set[int],
    ties_by_anchor: Mapping[int, Sequence[AnchorTie]],
    levels: Mapping[int, str],
) -> list[_Part]:
    """Each anchor's evidence from its ties to ``children``.

    In a record that names a man with his alias ("John 'Smudge'"), the alias stands for
    him: where his own ties count, the alias adds only what it brings beyond that record
    (the other records naming someone by it), so one man in one record is counted once. The
    alias was made to join records, not to double one."""
    own = {a: [t for t in ties_by_anchor.get(a, ()) if t.child in children] for a in anchors}
    own = {a: ties for a, ties in own.items() if ties}
    parts = {a: _anchor_part(ties, levels) for a, ties in own.items()}
    counted = {
        (t.anchor, t.child, t.record)
        for a, part in parts.items()
        if part.clean > 0 and graph.entities[a].kind != "alias"
        for t in own[a]
        if t.context is None
    }
    for a, ties in own.items():
        held = [t for t in ties if (t.holder, t.child, t.record) in counted]
        if held:
            part, his = parts[a], _anchor_part(held, levels)
            part.clean = max(0.0, part.clean - his.clean)
            part.contexted = max(0.0, part.contexted - his.contexted)
    return list(parts.values())


def score_network(
    graph: PoleGraph,
    children: set[int],
    anchors: set[int],
    ties_by_anchor: Mapping[int, Sequence[AnchorTie]],
    nights: Sequence[MissingNight],
    levels: Mapping[int, str],
    context_children: set[int] | frozenset[int] = frozenset(),
    names: ChildNames | None = None,
) -> NetworkFinding:
    """Score and explain one candidate: its children, its anchors and their ties.

    ``context_children`` were in the same community only through ties context explains:
    they are named in the finding's context, not counted as its members. ``names`` is
    ``identify.children_by_name`` of every child, made once per graph by the caller of many
    (made here if not given).
    """
    parts = _parts(graph, children, anchors, ties_by_anchor, levels)
    parts.sort(key=lambda p: (-(p.clean + p.contexted), graph.entities[p.anchor].id))
    together = [n for n in nights if missing_from_different_homes(n, graph, children)]
    clean = sum(p.clean for p in parts)
    contexted = sum(p.contexted for p in parts)
    context_keys: Counter[str] = Counter()
    for part in parts:
        context_keys.update(part.contexts)
    missing = CO_MISSING_WEIGHT * math.log2(1 + len(together))
    strong = any(p.strength >= STRONG_ANCHOR for p in parts)
    if strong:  # an adult, car, phone or flat they share
        clean += missing
    else:
        contexted += missing
        if together:
            context_keys["peer_group"] += len(together)
    homes = {graph.entities[c].home for c in children}
    if len(homes) == 1 and None not in homes and clean > 0:
        contexted, clean = contexted + clean, 0.0
        context_keys["siblings"] += len(children)
    records = {r for p in parts for r in p.records} | {r for n in together for r in n.records}
    sectors = sorted({graph.records[r].sector for r in records})
    clean_records = {r for p in parts if p.clean > 0 for r in p.records}
    clean_sectors = {graph.records[r].sector for r in clean_records}
    clean *= 1 + min(3, max(0, len(clean_sectors) - 1)) * SECTOR_BONUS
    p_clean = 1 - math.exp(-clean)
    weak = not strong and p_clean > WEAK_CAP
    if weak:
        p_clean = WEAK_CAP
    p_context = CONTEXT_CAP * (1 - math.exp(-contexted))
    score = 1 - (1 - p_clean) * (1 - p_context)
    raw = 1 - math.exp(-(clean + contexted))
    ids = graph.entities
    only_context = {p.anchor for p in parts if sum(p.contexts.values()) >= p.kinds.total()}
    tied = {p.anchor for p in parts}  # an anchor tied only to children not counted is not one
    people = [a for a in anchors if ids[a].kind == "person" and a in tied]
    adults = sorted(ids[a].id for a in people if a not in only_context)
    first_named = {c for c in children if levels.get(c) == FIRST_NAME_ONLY}
    listed = (children - first_named) | context_children
    listed |= {a for a in people if a not in only_context}
    people_to_identify = unidentified(graph, records, listed, tied - only_context)
    if names is None:
        names = children_by_name(every_child(graph))
    objects = sorted(ids[a].id for a in anchors if ids[a].kind != "person" and a in tied)
    concern = {c for c, v in levels.items() if v != FIRST_NAME_ONLY}
    suggestions = may_be(graph, people_to_identify, names, children, context_children, concern)
    people_to_identify = first_to_identify(graph, people_to_identify, suggestions, children)
    return NetworkFinding(
        children=tuple(sorted(ids[c].id for c in children - first_named)),
        adults=tuple(adults),
        objects=tuple(objects),
        score=round(score, 4),
        raw_score=round(max(raw, score), 4),
        summary=_summary(graph, children, parts, together, sectors, levels),
        reasons=tuple(_reason(graph, p) for p in parts if p.clean + p.contexted > 0)
        + _night_reason(together, children),
        context=tuple(_context(graph, key, parts, together) for key in sorted(context_keys))
        + _outside(graph, context_children)
        + ((WEAK_WHY,) if weak else ()),
        evidence=tuple(sorted({graph.records[r].key for r in records})),
        sectors=tuple(sectors),
        context_persons=tuple(sorted(ids[a].id for a in people if a in only_context)),
        context_children=tuple(sorted(ids[c].id for c in context_children)),
        unidentified=people_to_identify,
        may_be=suggestions,
        first_named=tuple(sorted(ids[c].id for c in first_named)),
    )


WEAK_WHY = (
    "No adult, vehicle, phone or private place is tied to two of the children by a record "
    "that is itself a concern (found with them, intelligence, a hotel or taxi report, a "
    f"disclosure): ordinary ties like these count for at most {WEAK_CAP}."
)


def _outside(graph: PoleGraph, children: set[int] | frozenset[int]) -> tuple[str, ...]:
    if not children:
        return ()
    named = ", ".join(sorted(graph.entities[c].id for c in children)[:5])
    more = f" and {len(children) - 5} more" if len(children) > 5 else ""
    return (
        f"{len(children)} other children with concern ({named}{more}) are tied to these only "
        "through places or people that context explains; they are listed, not counted.",
    )


def describe(graph: PoleGraph, index: int) -> str:
    """An entity in a few words: "adult P000123", "vehicle AB12CDE", "Greystone Hotel (hotel)"."""
    entity = graph.entities[index]
    if entity.kind == "person":
        return f"{'adult' if entity.is_child is False else 'person'} {entity.id}"
    if entity.kind == "alias":
        return f"someone named only as {entity.label}"
    if entity.kind == "location":
        kind = (entity.place_kind or "place").replace("_", " ")
        return f"{entity.label or entity.id} ({kind})"
    return f"{entity.kind} {entity.label or entity.id}"


_VERBS = {
    "found_with": "was found with",
    "collected_by": "carried or collected",
    "called": "was in contact with",
    "intelligence": "was named in intelligence with",
    "named_together": "was named with",
    "older_partner": "was described as the older partner of",
}


def _reason(graph: PoleGraph, part: _Part) -> str:
    kind = part.kinds.most_common(1)[0][0]
    who = describe(graph, part.anchor)
    verb = _VERBS.get(kind, "was named with")
    if graph.entities[part.anchor].kind == "location":
        verb = "is where these were found:" if kind == "found_with" else "is named with"
    kinds = ", ".join(k.replace("_", " ") for k, _ in part.kinds.most_common())
    n = len(part.children)
    note = "" if part.clean > 0 else " (context only, see below)"
    records = count(len(part.records), "record")
    return f"{who} {verb} {n} of the children in {records} ({kinds}){note}."


def _night_reason(together: Sequence[MissingNight], children: set[int]) -> tuple[str, ...]:
    if not together:
        return ()
    most = max(len(n.children & children) for n in together)
    return (
        f"{most} of the children went missing on the same night from different homes "
        f"on {len(together)} night{'s' if len(together) != 1 else ''}.",
    )


def _summary(
    graph: PoleGraph,
    children: set[int],
    parts: Sequence[_Part],
    together: Sequence[MissingNight],
    sectors: Sequence[str],
    levels: Mapping[int, str],
) -> str:
    counts = Counter(levels.get(c, "low") for c in children)
    concern = ", ".join(f"{counts[k]} {k}" for k in ("high", "medium", "low") if counts[k])
    shared = [p for p in parts if len(p.children) >= 2]
    adults = [p for p in shared if graph.entities[p.anchor].kind == "person"]
    found = sum(p.kinds["found_with"] for p in adults)
    first = counts[FIRST_NAME_ONLY]
    named = len(children) - first
    who = [f"{count(named, 'child', 'children')} with concern ({concern})"]
    who = (who if named else []) + ([f"{first} named only by a first name"] if first else [])
    phrase = [" and ".join(who)]
    if together:
        phrase.append(f"went missing together on {len(together)} nights")
    if adults:
        verb = "were found with" if found else "were tied to"
        phrase.append(f"{verb} the same {len(adults)} adult{'s' if len(adults) != 1 else ''}")
    text = " ".join([phrase[0], " and ".join(phrase[1:])]) if len(phrase) > 1 else phrase[0]
    objects = [p for p in shared if graph.entities[p.anchor].kind != "person"]
    if objects:
        top = objects[0]
        text += (
            f"; {describe(graph, top.anchor)} was named with {len(top.children)} of them "
            f"on {count(len(top.records), 'occasion')}"
        )
    by_sector = defaultdict(int, Counter(sectors))
    names = [s.replace("_", " ") for s in sorted(by_sector)]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return f"{text}; records from {listed}." if names else f"{text}."


def _context(
    graph: PoleGraph, key: str, parts: Sequence[_Part], together: Sequence[MissingNight]
) -> str:
    why = CONTEXT_WHY[key]
    if key == "peer_group":
        return (
            f"The children went missing together on {len(together)} nights with no adult, "
            f"vehicle, phone or private place tied to them: {why}, so this counts only as "
            f"context (at most {CONTEXT_CAP})."
        )
    if key == "siblings":
        return (
            f"The children live at one address: {why}, so their ties count only as context "
            f"(at most {CONTEXT_CAP})."
        )
    hit = [p for p in parts if p.contexts[key]]
    named = ", ".join(describe(graph, p.anchor) for p in hit[:3])
    more = f" and {len(hit) - 3} more" if len(hit) > 3 else ""
    ties = sum(p.contexts[key] for p in hit)
    return (
        f"{ties} ties through {named}{more} count only as context (at most {CONTEXT_CAP}): {why}."
    )

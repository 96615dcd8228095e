"""Stable person ids across runs, the merges and splits between runs, and person summaries.

Owns mapping a run's clusters onto the previous run's persons by mention overlap (so a
person keeps their id when new records arrive), naming what changed (new, merge, split,
retired), and summarising each person for exports (name, date of birth, child or adult).
Pure functions: it must not read or write the store (``heron.identity.service`` does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from heron.identity.features import MentionInput
from heron.identity.normalise import BirthRange, birth_range, is_child, parse_dob
from heron.identity.normalise.apparent import ApparentAge, birth_range_from_apparent


def format_person_id(number: int) -> str:
    """``P000123``: at least six digits, more when the county needs them."""
    return f"P{number:06d}"


def person_number(person_id: str) -> int:
    return int(person_id[1:])


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one person id in a run."""

    kind: str  # new, merge, split, retired
    person_id: str
    others: tuple[str, ...]
    mentions: int


@dataclass(slots=True)
class Assignment:
    """Each cluster's person id (in cluster order) and the changes since the last run."""

    person_ids: list[str]
    changes: list[Change] = field(default_factory=list)
    next_number: int = 1


def assign_ids(
    groups: Sequence[Sequence[str]], previous: Mapping[str, str], next_number: int
) -> Assignment:
    """Give each group a person id, keeping previous ids where mentions overlap.

    A previous id goes to the group holding most of that person's mentions (ties: the
    group whose first key sorts first), and each group keeps at most one previous id, the
    one with most overlap. Groups left without one get new ids from ``next_number``.
    """
    overlaps: list[tuple[int, int, str]] = []
    for index, group in enumerate(groups):
        counts = Counter(previous[k] for k in group if k in previous)
        overlaps.extend((n, index, pid) for pid, n in counts.items())
    overlaps.sort(key=lambda t: (-t[0], t[1], t[2]))
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for _, index, pid in overlaps:
        if index in chosen or pid in taken:
            continue
        chosen[index] = pid
        taken.add(pid)
    ids: list[str] = []
    changes: list[Change] = []
    for index, group in enumerate(groups):
        kept = chosen.get(index)
        if kept is None:
            pid = format_person_id(next_number)
            next_number += 1
        else:
            pid = kept
        ids.append(pid)
        came_from = Counter(previous[k] for k in group if k in previous)
        others = tuple(sorted(p for p in came_from if p != pid))
        if pid not in came_from:  # a new person, possibly split off from ``others``
            changes.append(Change("new", pid, others, len(group)))
        elif others:
            moved = sum(came_from[p] for p in others)
            changes.append(Change("merge", pid, others, moved))
    changes.extend(_splits(groups, ids, previous))
    changes.extend(_retired(groups, ids, previous))
    return Assignment(ids, changes, next_number)


def _splits(
    groups: Sequence[Sequence[str]], ids: Sequence[str], previous: Mapping[str, str]
) -> list[Change]:
    went_to: dict[str, Counter[str]] = {}
    for pid, group in zip(ids, groups, strict=True):
        for key in group:
            old = previous.get(key)
            if old is not None:
                went_to.setdefault(old, Counter())[pid] += 1
    out: list[Change] = []
    for old, targets in sorted(went_to.items()):
        others = tuple(sorted(p for p in targets if p != old))
        if len(targets) > 1 and others:
            out.append(Change("split", old, others, sum(targets[p] for p in others)))
    return out


def _retired(
    groups: Sequence[Sequence[str]], ids: Sequence[str], previous: Mapping[str, str]
) -> list[Change]:
    """Previous ids whose mentions are all still here but under other ids (merged away).

    A person whose mentions are not visible in this run (an earlier ``as_of``) is not
    retired: they simply did not exist yet.
    """
    alive = set(ids)
    gone = Counter(
        previous[k] for group in groups for k in group if k in previous and previous[k] not in alive
    )
    return [Change("retired", pid, (), n) for pid, n in sorted(gone.items())]


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """What an export shows of a person besides their mentions."""

    given_name: str | None
    family_name: str | None
    date_of_birth: str | None
    is_child: bool | None


def summarise(mentions: Sequence[MentionInput]) -> PersonSummary:
    """Most common recorded name and date of birth; child at their latest record's date.

    ``is_child`` says whether the person was under 18 on the date of the latest record
    that names them (None when nothing says how old they are).
    """
    dobs = [m.date_of_birth for m in mentions if m.date_of_birth and len(m.date_of_birth) == 10]
    latest = max((d for m in mentions if (d := _day(m.occurred_at))), default=None)
    dob = _mode(dobs)
    born: BirthRange | None = None
    if dob is not None:
        born = birth_range(parse_dob(dob), None, None)
    else:
        ranges = [
            r
            for m in mentions
            if (r := birth_range(parse_dob(m.date_of_birth), m.age, _day(m.occurred_at)))
        ]
        if ranges:
            ranges.sort(key=lambda r: r.earliest)
            born = ranges[len(ranges) // 2]
    child = is_child(born, latest) if born and latest else None
    if born is None and latest is not None:  # nothing stated: how old they looked, if settled
        child = _apparently_child(mentions, latest)
    return PersonSummary(
        given_name=_mode([m.given_name.strip() for m in mentions if m.given_name]),
        family_name=_mode([m.family_name.strip() for m in mentions if m.family_name]),
        date_of_birth=dob,
        is_child=child,
    )


def _apparently_child(mentions: Sequence[MentionInput], latest: date) -> bool | None:
    """Child or adult at ``latest`` by the descriptions' apparent ages and the records that
    say a mention is a child (a helpline's child caller, ``said_child``), when those that
    settle it agree (a range that straddles 18 settles nothing)."""
    verdicts = {
        is_child(birth_range_from_apparent(ApparentAge(*m.apparent), at), latest)
        for m in mentions
        if m.apparent is not None and (at := _day(m.occurred_at)) is not None
    } - {None}
    if any(m.said_child for m in mentions):
        verdicts.add(True)
    return verdicts.pop() if len(verdicts) == 1 else None


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _mode(values: Sequence[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))

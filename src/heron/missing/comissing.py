"""Children missing on the same nights: groups across children, and each child's links.

Owns ``co_missing`` (children whose episodes overlap in time or fall on the same night,
grouped by night) and ``co_missing_for`` (one child's links, the input the indicators
take). Must not decide whether a group is exploitation: it only lists who was missing
when.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from heron.indicators.inputs import CoMissing
from heron.missing.episodes import Episode

#: A night runs from noon to noon: an episode at 02:00 belongs to the previous evening.
_NIGHT_SHIFT = timedelta(hours=12)
#: An episode still open counts on the nights up to this long after its start.
_OPEN_NIGHTS = timedelta(hours=24)


def night_of(when: datetime) -> date:
    """The night a moment belongs to, named by the evening's date (noon to noon)."""
    return (when - _NIGHT_SHIFT).date()


def nights(episode: Episode) -> list[date]:
    """Every night an episode touches, from the night it began to the night it ended."""
    end = episode.end if episode.end is not None else episode.start + _OPEN_NIGHTS
    first, last = night_of(episode.start), night_of(max(end, episode.start))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True)
class CoMissingMember:
    """One child in a group, with their episode of that night."""

    child_id: str
    start: datetime
    end: datetime | None
    record_keys: tuple[str, ...]


@dataclass(frozen=True)
class CoMissingGroup:
    """Two or more children missing on the same night."""

    night: date
    members: tuple[CoMissingMember, ...]
    overlapping: bool  # whether every member's time missing overlapped every other's

    @property
    def child_ids(self) -> tuple[str, ...]:
        return tuple(m.child_id for m in self.members)


def _overlap(a: CoMissingMember, b: CoMissingMember) -> bool:
    a_end = a.end if a.end is not None else a.start + _OPEN_NIGHTS
    b_end = b.end if b.end is not None else b.start + _OPEN_NIGHTS
    return a.start <= b_end and b.start <= a_end


def co_missing(children_episodes: Mapping[str, Sequence[Episode]]) -> list[CoMissingGroup]:
    """Groups of two or more children missing on the same night, by night then child id.

    An episode counts on every night it touches (noon to noon); an episode still open
    counts for its first 24 hours. A child with two episodes on one night appears once.
    """
    by_night: dict[date, dict[str, CoMissingMember]] = defaultdict(dict)
    for child_id, child_episodes in children_episodes.items():
        for ep in child_episodes:
            member = CoMissingMember(child_id, ep.start, ep.end, ep.record_keys)
            for night in nights(ep):
                by_night[night].setdefault(child_id, member)
    groups = []
    for night in sorted(by_night):
        members = tuple(sorted(by_night[night].values(), key=lambda m: m.child_id))
        if len(members) < 2:
            continue
        overlapping = all(_overlap(a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        groups.append(CoMissingGroup(night, members, overlapping))
    return groups


def co_missing_for(child_id: str, groups: Sequence[CoMissingGroup]) -> list[CoMissing]:
    """One child's co-missing links, as ``heron.indicators.evaluate`` takes them."""
    links = []
    for group in groups:
        mine = next((m for m in group.members if m.child_id == child_id), None)
        if mine is None:
            continue
        for other in group.members:
            if other.child_id != child_id:
                links.append(CoMissing(other.child_id, group.night, mine.record_keys))
    return links

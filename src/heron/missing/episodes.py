"""A child's missing episodes as of a date, one per episode however many agencies wrote it.

Owns ``Episode`` and ``episodes``: start, end, duration, who reported it, where and with
whom the child was found, and the return home interview (offered, done, within 72 hours
of the return, overdue). Records by two agencies (police and social care) of the same
episode (times overlapping) become one episode that keeps both record keys. Must not
score risk (that is ``heron.indicators``) or read the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from heron.indicators.inputs import ChildView, RecordView, group_overlapping
from heron.timeutil import parse_when

#: Statutory guidance: return interviews within 72 hours of the child's return.
INTERVIEW_DUE = timedelta(hours=72)


@dataclass(frozen=True)
class FoundAt:
    """Where a record says the child was found."""

    record_key: str
    kind: str | None
    name: str | None
    postcode: str | None
    address: str | None = None

    def describe(self) -> str:
        """``hotel: Fir Tree Hotel, 3 Mill Lane, OX4 1AB``: every part the record gives."""
        place = ", ".join(filter(None, (self.name, self.address, self.postcode)))
        return f"{self.kind}: {place}" if self.kind and place else self.kind or place


@dataclass(frozen=True)
class FoundWith:
    """Someone the child was found with (a mention named by ``found_with``)."""

    mention_key: str
    role: str
    age: int | None
    is_child: bool | None
    person_id: str | None


@dataclass(frozen=True)
class ReturnInterview:
    """The return home interview of one episode, as known at the date."""

    offered: bool | None  # None: no record says
    done: bool
    date: datetime | None
    due: datetime | None  # return + 72 hours; None while the child is still missing
    within_72h: bool | None  # None when not done
    overdue: bool  # not done and more than 72 hours since the return
    disclosed: bool | None
    record_keys: tuple[str, ...]  # records that carry interview details
    hours_after_return: int | None = None  # when done, dated, and the return is known

    @property
    def late(self) -> bool:
        """Done, but more than 72 hours after the return."""
        return self.within_72h is False

    def describe(self) -> str:
        """``offered; done late (80 h after return)``: the offer and where the interview is."""
        offer = {True: "offered", False: "not offered", None: "offer not recorded"}
        if self.done and self.within_72h:
            state = "done within 72 h"
        elif self.done and self.within_72h is False:
            state = f"done late ({self.hours_after_return} h after return)"
        elif self.done:
            state = "done (date not recorded)"
        elif self.due is None:
            state = "not due: still missing"
        else:
            state = "OVERDUE" if self.overdue else "not done"
        return f"{offer[self.offered]}; {state}"


@dataclass(frozen=True)
class Episode:
    """One missing (or absent) episode of one child."""

    child_id: str
    start: datetime
    end: datetime | None  # None while still missing at the date
    record_keys: tuple[str, ...]
    child_mention_keys: tuple[str, ...]
    agencies: tuple[str, ...]
    reported_by: tuple[str, ...]
    found_at: tuple[FoundAt, ...]
    found_with: tuple[FoundWith, ...]
    absent_only: bool  # every record calls it an absence, not missing
    interview: ReturnInterview

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def duration(self) -> timedelta | None:
        return None if self.end is None else self.end - self.start


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _interview(
    group: Sequence[RecordView], end: datetime | None, as_of: datetime
) -> ReturnInterview:
    details = [(r, _dict(r.attributes.get("return_interview"))) for r in group]
    details = [(r, ri) for r, ri in details if ri]
    offered_values = [bool(ri["offered"]) for _, ri in details if "offered" in ri]
    dates = []
    for _, ri in details:
        if ri.get("done") and ri.get("date"):
            when = parse_when(str(ri["date"]))[0]
            if when <= as_of:
                dates.append(when)
    done_undated = any(ri.get("done") and not ri.get("date") for _, ri in details)
    done_at = min(dates, default=None)
    done = done_at is not None or done_undated
    due = None if end is None else end + INTERVIEW_DUE
    within = None if done_at is None or due is None else done_at <= due
    after = None if done_at is None or end is None else (done_at - end).total_seconds() // 3600
    disclosed = [bool(ri["disclosed"]) for _, ri in details if "disclosed" in ri]
    return ReturnInterview(
        offered=any(offered_values) if offered_values else (True if done else None),
        done=done,
        date=done_at,
        due=due,
        within_72h=within,
        overdue=not done and due is not None and as_of > due,
        disclosed=any(disclosed) if disclosed else None,
        record_keys=tuple(r.key for r, _ in details),
        hours_after_return=None if after is None else int(after),
    )


def _found_with(rec: RecordView) -> list[FoundWith]:
    refs = rec.attributes.get("found_with") or []
    people = []
    for ref in refs if isinstance(refs, list) else []:
        mention = rec.other(str(ref))
        if mention is not None:
            people.append(FoundWith(mention.key, mention.role, mention.age, mention.is_child,
                                    mention.person_id))  # fmt: skip
    return people


def _episode(child_id: str, group: Sequence[RecordView], as_of: datetime) -> Episode:
    ends = [r.ended_at for r in group if r.ended_at is not None and r.ended_at <= as_of]
    end = max(ends, default=None)
    places = []
    for rec in group:
        place = _dict(rec.attributes.get("found_at"))
        if place:
            parts = (place.get(k) for k in ("kind", "name", "postcode", "address"))
            places.append(FoundAt(rec.key, *(str(p) if p else None for p in parts)))
    reporters = [str(r.attributes["reported_by"]) for r in group if r.attributes.get("reported_by")]
    return Episode(
        child_id=child_id,
        start=min(r.occurred_at for r in group),
        end=end,
        record_keys=tuple(r.key for r in group),
        child_mention_keys=tuple(k for r in group for k in r.child_mention_keys()),
        agencies=tuple(sorted({r.agency for r in group})),
        reported_by=tuple(dict.fromkeys(reporters)),
        found_at=tuple(places),
        found_with=tuple(dict.fromkeys(fw for r in group for fw in _found_with(r))),
        absent_only=all(r.attributes.get("absent_only") is True for r in group),
        interview=_interview(group, end, as_of),
    )


def episodes(child: ChildView, as_of: datetime) -> list[Episode]:
    """The child's missing episodes known at ``as_of``, oldest first, duplicates merged.

    Records of ``missing_episode`` type (absences flagged ``absent_only`` included) join
    one episode when their times overlap; a record without a return time is taken to
    last 24 hours for that matching only. An end recorded after ``as_of`` is not known.
    """
    missing = [r for r in child.visible(as_of) if r.type == "missing_episode"]
    return [_episode(child.person_id, g, as_of) for g in group_overlapping(missing)]


@dataclass(frozen=True)
class OverdueInterview:
    """A return home interview not done within 72 hours of the child's return: still not
    done (``done`` None), or done late."""

    child_id: str
    episode_start: datetime
    returned: datetime
    due: datetime
    hours_overdue: int  # past due: until it was done, or until the date when still not done
    record_keys: tuple[str, ...]
    done: datetime | None = None  # when a late interview was done


def overdue_interviews(
    children_episodes: Mapping[str, Sequence[Episode]], as_of: datetime
) -> list[OverdueInterview]:
    """Every episode whose return interview was not done within 72 hours of the return:
    those still not done more than 72 hours after it, and those done late.

    ``children_episodes`` maps child id → that child's episodes computed at ``as_of``;
    the earliest due come first.
    """
    found = []
    for child_id, child_episodes in children_episodes.items():
        for ep in child_episodes:
            ri, due = ep.interview, ep.interview.due
            if due is None or ep.end is None or not (ri.overdue or ri.late):
                continue
            until = ri.date if ri.late and ri.date is not None else as_of
            late = int((until - due).total_seconds() // 3600)
            done = ri.date if ri.late else None
            found.append(
                OverdueInterview(child_id, ep.start, ep.end, due, late, ep.record_keys, done)
            )
    return sorted(found, key=lambda o: (o.due, o.child_id))

"""Ground truth: true groups (networks and decoys), when each became discoverable, and the
truth files (persons, objects, groups) written next to the records.

A group is *discoverable* at the earliest ``recorded_at`` by which the records written so far
tie at least two of its children to one shared anchor (an adult of the group, or one of its
vehicles, phones, handles or places) — each tie being one record naming both the child and
the anchor — and each of those children has at least one concern record (see ``is_concern``).
Only records that occurred while the group was active count, so a child's unrelated incident
at a public car park years before a network formed does not make the network discoverable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from heron.synth.objects import Handle, Phone, Vehicle
from heron.synth.places import Location
from heron.synth.population import Person, Population
from heron.synth.writer import JsonlGzWriter

CONCERN_TYPES = frozenset(
    {
        "missing_episode",
        "police_incident",
        "intelligence",
        "referral",
        "strategy_meeting",
        "disclosure",
        "helpline_contact",
        "business_report",
        "disruption",
    }
)
CONCERN_REASONS = frozenset(
    {
        "intoxication",
        "overdose",
        "self_harm",
        "sti",
        "pregnancy",
        "termination",
        "emergency_contraception",
        "assault",
    }
)


def is_concern(rtype: str, attributes: dict[str, Any] | None, codes: list[str] | None) -> bool:
    """Whether a record is a *concern record* for every child it names."""
    if rtype in CONCERN_TYPES:
        return True
    if rtype == "assessment":
        return bool(codes) and codes != ["21"]
    if rtype == "health_attendance" and attributes:
        return any(r in CONCERN_REASONS for r in attributes.get("reasons", ()))
    return False


@dataclass(slots=True, eq=False)
class Group:
    """A true network (``kind`` = exploitation) or a decoy group (``kind`` = decoy_…)."""

    gid: str
    kind: str
    active_from: date
    active_to: date
    size: str | None = None
    adults: list[Person] = field(default_factory=list)
    core: list[Person] = field(default_factory=list)
    peripheral: list[Person] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    places: list[Location] = field(default_factory=list)
    note: str = ""

    @property
    def children(self) -> list[Person]:
        return self.core + self.peripheral

    def anchor_ids(self) -> set[str]:
        return (
            {p.pid for p in self.adults}
            | {v.vid for v in self.vehicles}
            | {p.phid for p in self.phones}
            | {h.ohid for h in self.handles}
            | {loc.lid for loc in self.places}
        )


@dataclass(slots=True)
class _Event:
    recorded: datetime
    key: str
    children: list[str]
    anchors: list[str]
    concern: bool
    named: frozenset[str] = frozenset()  # children the record names by more than a first name


class Tracker:
    """Watches every written record and keeps the few that matter to a group's discovery."""

    def __init__(self, groups: Iterable[Group]) -> None:
        self.groups = list(groups)
        self._by_child: dict[str, list[int]] = {}
        self._children: list[set[str]] = []
        self._anchors: list[set[str]] = []
        self._events: list[list[_Event]] = []
        self.records: list[int] = []
        for i, group in enumerate(self.groups):
            self._children.append({p.pid for p in group.children})
            self._anchors.append(group.anchor_ids())
            self._events.append([])
            self.records.append(0)
            for p in group.children:
                self._by_child.setdefault(p.pid, []).append(i)

    def observe(
        self,
        key: str,
        occurred: date,
        recorded: datetime,
        pids: list[str],
        objects: list[str],
        concern: bool,
        named: frozenset[str] = frozenset(),
    ) -> None:
        """Note one written record. ``named``: the persons it names by a family name or a
        date of birth, not a first name (or nickname) alone."""
        touched: set[int] = set()
        for pid in pids:
            hit = self._by_child.get(pid)
            if hit:
                touched.update(hit)
        for i in touched:
            kids = [p for p in pids if p in self._children[i]]
            anchors = [x for x in pids + objects if x in self._anchors[i]]
            self.records[i] += 1
            group = self.groups[i]
            active = group.active_from <= occurred <= group.active_to
            if active and (anchors or concern):
                self._events[i].append(_Event(recorded, key, kids, anchors, concern, named))

    def children_tied(self, index: int, named: bool = False) -> dict[str, datetime]:
        """When each child of group ``index`` was first tied to one of its anchors by a record
        (while the group was active) and had a concern record: the child's own discoverability.

        ``named``: only ties by records that name the child by more than a first name, the
        ties linking could resolve to the child (a girl named only "Lynda" in a hotel
        report could be any Lynda)."""
        tied: dict[str, datetime] = {}
        concern: dict[str, datetime] = {}
        for event in sorted(self._events[index], key=lambda e: (e.recorded, e.key)):
            for kid in event.children:
                if event.concern:
                    concern.setdefault(kid, event.recorded)
                if event.anchors and (not named or kid in event.named):
                    tied.setdefault(kid, event.recorded)
        return {kid: max(at, concern[kid]) for kid, at in sorted(tied.items()) if kid in concern}

    def discovery(self, index: int, named: bool = False) -> tuple[datetime, dict[str, Any]] | None:
        """When group ``index`` first met the discoverability rule, with the evidence.

        ``named``: counting only ties by records that name the child by more than a first
        name (a network whose second child is only "Amber" in a missing episode is not yet
        discoverable by records linking can resolve)."""
        ties: dict[str, dict[str, str]] = {}
        concern_at: dict[str, str] = {}
        for event in sorted(self._events[index], key=lambda e: (e.recorded, e.key)):
            if event.concern:
                for kid in event.children:
                    concern_at.setdefault(kid, event.key)
            for anchor in event.anchors:
                tied = ties.setdefault(anchor, {})
                for kid in event.children:
                    if not named or kid in event.named:
                        tied.setdefault(kid, event.key)
            for anchor, tied in ties.items():
                ready = sorted(kid for kid in tied if kid in concern_at)
                if len(ready) >= 2:
                    kids = ready[:2]
                    return event.recorded, {
                        "anchor": anchor,
                        "children": kids,
                        "tie_records": [tied[k] for k in kids],
                        "concern_records": [concern_at[k] for k in kids],
                    }
        return None


def write_groups(path: Path, tracker: Tracker) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, g in enumerate(tracker.groups):
        found = tracker.discovery(i)
        row: dict[str, Any] = {
            "id": g.gid,
            "kind": g.kind,
            "size": g.size,
            "active_from": g.active_from.isoformat(),
            "active_to": g.active_to.isoformat(),
            "adults": [p.pid for p in g.adults],
            "core_children": [p.pid for p in g.core],
            "peripheral_children": [p.pid for p in g.peripheral],
            "vehicles": [v.vid for v in g.vehicles],
            "phones": [p.phid for p in g.phones],
            "handles": [h.ohid for h in g.handles],
            "places": [loc.lid for loc in g.places],
            "records_naming_children": tracker.records[i],
            "note": g.note,
        }
        label = "discoverable_at" if g.kind == "exploitation" else "naive_trigger_at"
        row[label] = found[0].isoformat() if found else None
        row["evidence"] = found[1] if found else None
        named = tracker.discovery(i, named=True)
        row[f"named_{label}"] = named[0].isoformat() if named else None
        row["children_discoverable_at"] = {
            kid: when.isoformat() for kid, when in tracker.children_tied(i).items()
        }
        row["children_named_discoverable_at"] = {
            kid: when.isoformat() for kid, when in tracker.children_tied(i, named=True).items()
        }
        rows.append(row)
    doc = {"definition": __doc__.split("\n\n", 1)[1].strip() if __doc__ else "", "groups": rows}
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    return rows


def write_persons(path: Path, pop: Population, compresslevel: int) -> None:
    with JsonlGzWriter(path, compresslevel) as out:
        for p in pop.persons:
            out.write(
                {
                    "id": p.pid,
                    "is_child": p.is_child,
                    "sex": p.sex,
                    "given_name": p.given,
                    "family_name": p.family,
                    "date_of_birth": p.dob.isoformat(),
                    "role": p.role,
                    "groups": p.groups,
                    "household": p.household,
                    "home": p.home.lid,
                    "nhs_number": p.nhs,
                    "upn": p.upn,
                    "aliases": p.aliases,
                    "phones": [ph.phid for ph in p.phones],
                    "vehicles": [v.vid for v in p.vehicles],
                    "handles": [h.ohid for h in p.handles],
                    "placements": [
                        {
                            "start": pl.start.isoformat(),
                            "end": pl.end.isoformat() if pl.end else None,
                            "location": pl.location.lid,
                            "placement_type": pl.kind,
                        }
                        for pl in p.placements
                    ],
                }
            )


def write_objects(path: Path, pop: Population, compresslevel: int) -> None:
    with JsonlGzWriter(path, compresslevel) as out:
        for v in pop.vehicles:
            out.write(
                {
                    "id": v.vid,
                    "kind": "vehicle",
                    "registration": v.registration,
                    "make": v.make,
                    "model": v.model,
                    "colour": v.colour,
                    "owner": v.owner,
                }
            )
        for ph in pop.phones:
            out.write(
                {
                    "id": ph.phid,
                    "kind": "phone",
                    "number": ph.national,
                    "e164": "+44" + ph.national[1:],
                    "holder": ph.holder,
                }
            )
        for h in pop.handles:
            out.write(
                {
                    "id": h.ohid,
                    "kind": "handle",
                    "platform": h.platform,
                    "handle": h.handle,
                    "holder": h.holder,
                }
            )
        for loc in pop.county.locations:
            out.write(
                {
                    "id": loc.lid,
                    "kind": "location",
                    "name": loc.name,
                    "address": loc.address,
                    "postcode": loc.postcode,
                    "location_kind": loc.kind,
                    "town": loc.town,
                    "lat": loc.lat,
                    "lon": loc.lon,
                }
            )

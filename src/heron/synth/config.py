"""What ``heron synth`` is asked to make (``SynthConfig``) and what it made (``SynthSummary``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Records written per child per year of window, measured on the default window (all agencies,
# adults' records included). Used only to turn a target record count into a number of children.
RECORDS_PER_CHILD_YEAR = 2.35


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """Arguments of one synthetic county. Same arguments and seed, same bytes."""

    out: Path
    seed: int = 1
    children: int = 1000
    start: date = date(2004, 1, 1)
    end: date = date(2011, 12, 31)
    records: int | None = None  # if set, ``children`` is derived to give about this many records
    networks: int | None = None  # exploitation networks; default about one per 3,000 children
    compresslevel: int = 3

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.children < 1 and self.records is None:
            raise ValueError("children must be at least 1")
        if not 0 <= self.compresslevel <= 9:
            raise ValueError("compresslevel must be 0-9")

    def resolved_children(self) -> int:
        if self.records is None:
            return self.children
        return children_for_records(self.records, self.start, self.end)

    def arguments(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "children": self.resolved_children(),
            "requested_records": self.records,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "networks": self.networks,
            "compresslevel": self.compresslevel,
        }


def children_for_records(records: int, start: date, end: date) -> int:
    """How many children give roughly ``records`` records over the window."""
    years = max((end - start).days / 365.25, 0.25)
    return max(30, round(records / (RECORDS_PER_CHILD_YEAR * years)))


@dataclass(slots=True)
class SynthSummary:
    """Counts of what one run wrote (the same numbers go into ``manifest.json``)."""

    out: Path
    seed: int
    children: int
    persons: int
    records: int
    mentions: int
    reissued: int
    superseding: int
    networks: int
    decoys: int
    seconds: float
    by_agency: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

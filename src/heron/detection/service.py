"""``detect``: link (when needed), assess every child, find networks, sync alerts, as of D.

Each step reads only what the step before it wrote, as of the same date, through the same
identity run, so a replayed date and a live one cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from time import perf_counter
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from heron.access import Actor
from heron.timeutil import now_uk

if TYPE_CHECKING:
    from heron.alerts import SyncSummary
    from heron.patterns import NetworkFinding


@dataclass(frozen=True, slots=True)
class DetectResult:
    """What one detection pass found as of a date."""

    as_of: datetime
    run_id: int
    child_levels: dict[str, str]  # person id → level label, every assessed child
    findings: list[NetworkFinding]  # every network found, ranked, alerted or not
    alerted_findings: int  # findings at or above the alerting threshold
    alerts: SyncSummary
    seconds: dict[str, float] = field(default_factory=dict)  # per stage

    @property
    def levels(self) -> Counter[str]:
        """Children by level."""
        return Counter(self.child_levels.values())


def detect(engine: Engine, actor: Actor, as_of: datetime | None = None) -> DetectResult:
    """Run the whole pipeline as of ``as_of`` (None: now) and store its alerts.

    Links first when no identity run exists for exactly that date; otherwise reuses it.
    A live run (``as_of`` None) also records the escalations now due.
    """
    from heron.alerts import (
        child_candidates,
        escalate,
        network_candidate,
        sync_alerts,
        watch_candidates,
    )
    from heron.indicators.service import assess_children, identity_run
    from heron.patterns import NETWORK_ALERT_THRESHOLD, find_networks

    when = as_of or now_uk()
    seconds: dict[str, float] = {}
    clock = perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = perf_counter()
        seconds[stage] = now - clock
        clock = now

    run_id = identity_run(engine, actor, as_of)
    lap("link")
    risks = list(assess_children(engine, actor, as_of))
    child_levels = {risk.person_id: risk.level.label for risk in risks}
    lap("indicators")
    findings = find_networks(engine, actor, as_of, run_id, child_levels)
    lap("networks")
    alerted = [f for f in findings if f.score >= NETWORK_ALERT_THRESHOLD]
    candidates = [network_candidate(f) for f in alerted]
    candidates += child_candidates(risks)
    candidates += watch_candidates(engine, actor, when, run_id)
    summary = sync_alerts(engine, actor, when, candidates)
    if as_of is None:  # escalation counts real working days, so only a live run escalates
        escalate(engine, actor, when)
    lap("alerts")
    return DetectResult(
        as_of=when,
        run_id=run_id,
        child_levels=child_levels,
        findings=findings,
        alerted_findings=len(alerted),
        alerts=summary,
        seconds=seconds,
    )

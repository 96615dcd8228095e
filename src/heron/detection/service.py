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
    from heron.indicators import ChildRisk
    from heron.indicators.viewcache import ViewCache
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


def assess_with_networks(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    run_id: int,
    cache: ViewCache | None = None,
) -> tuple[list[ChildRisk], list[NetworkFinding], dict[str, float]]:
    """Every child's risk, the networks found with those levels, and the time of each stage.

    Two passes, so data still flows one way: indicators from each child's own records give
    the levels network detection starts from; then the children of every network at or
    above the alerting threshold are assessed again with that network as an input
    (indicator NET-01), so a child the records tie to a network is seen at once.
    """
    from heron.indicators import NetworkTie
    from heron.indicators.service import ChildAssessor
    from heron.patterns import NETWORK_ALERT_THRESHOLD, find_networks
    from heron.patterns.context import PARTNER_RULES

    seconds: dict[str, float] = {}
    clock = perf_counter()
    assessor = ChildAssessor(engine, actor, as_of, cache=cache, run_id=run_id)
    risks = list(assessor.assess())
    seconds["indicators"] = perf_counter() - clock
    levels = {risk.person_id: risk.level.label for risk in risks}
    partner_records = {
        key
        for risk in risks
        for indicator in risk.indicators
        if indicator.rule_id in PARTNER_RULES
        for key in indicator.record_keys
    }
    findings = find_networks(engine, actor, as_of, run_id, levels, partner_records)
    seconds["networks"] = perf_counter() - clock - seconds["indicators"]
    ties: dict[str, list[NetworkTie]] = {}
    for finding in findings:
        if finding.score >= NETWORK_ALERT_THRESHOLD:
            tie = NetworkTie(finding.summary, finding.score, finding.evidence)
            for child in finding.children:
                ties.setdefault(child, []).append(tie)
    if ties:
        # The same record lists, persons and missing nights as the first pass, read once.
        again = {risk.person_id: risk for risk in assessor.assess(only=set(ties), networks=ties)}
        risks = [again.get(risk.person_id, risk) for risk in risks]
    seconds["network indicators"] = (
        perf_counter() - clock - seconds["indicators"] - seconds["networks"]
    )
    return risks, findings, seconds


def detect(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None = None,
    cache: ViewCache | None = None,
    run_id: int | None = None,
) -> DetectResult:
    """Run the whole pipeline as of ``as_of`` (None: now) and store its alerts.

    Links first when no identity run exists for exactly that date; otherwise reuses it
    (``run_id`` names the run to use: a replay passes the one it has just made).
    A live run (``as_of`` None) also records the escalations now due. ``cache`` keeps
    record views for the next call (``replay`` passes one through its steps).
    """
    from heron.alerts import (
        child_candidates,
        escalate,
        network_candidate,
        sync_alerts,
        watch_candidates,
    )
    from heron.indicators.service import identity_run
    from heron.patterns import NETWORK_ALERT_THRESHOLD

    when = as_of or now_uk()
    seconds: dict[str, float] = {}
    clock = perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = perf_counter()
        seconds[stage] = now - clock
        clock = now

    run_id = run_id if run_id is not None else identity_run(engine, actor, as_of)
    lap("link")
    risks, findings, stages = assess_with_networks(engine, actor, as_of, run_id, cache)
    child_levels = {risk.person_id: risk.level.label for risk in risks}
    seconds.update(stages)
    clock = perf_counter()
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

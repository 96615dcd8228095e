"""What may become an alert: ``AlertCandidate`` and the candidates made from child risks
and network findings.

Owns the candidate type and the threshold (``rules.json`` ``child_alert_levels``) that turns
a child's risk into a child alert. Must not read or write the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from heron.alerts.rules import AlertRules, load_rules

if TYPE_CHECKING:
    from heron.indicators.engine import ChildRisk
    from heron.patterns import NetworkFinding  # type: ignore[import-not-found, attr-defined, unused-ignore]


@dataclass(frozen=True, slots=True)
class AlertCandidate:
    """A finding of one detection run that should be (or grow) an alert."""

    kind: str  # "network" | "child" | "watch"
    children: tuple[str, ...]  # person ids
    adults: tuple[str, ...]
    objects: tuple[str, ...]  # object ids (phones "PH:…", vehicles "V:…", places "L:…",
    # handles "H:…", aliases "A:…")
    score: float
    summary: str
    explanation: tuple[str, ...]  # sentences; for networks the finding's reasons + context
    evidence: tuple[str, ...]  # record keys (agency:id)
    level: str | None = None  # child alerts: the child's level
    subject: str | None = None  # child alerts: the child's person id; watch: the watch id


def record_key(key: str) -> str:
    """The record key (``agency:id``) of a record, mention or object key."""
    return key.split("#", 1)[0]


def child_score(indicator_score: int, high_at: int) -> float:
    """A child's indicator score on the 0–1 scale of network alerts: 0.5 at the score that
    makes a child "high", rising towards 1 (``1 − 2^(−score / high_at)``)."""
    return round(1 - 2 ** (-indicator_score / max(high_at, 1)), 3)


def child_candidates(
    risks: Iterable[ChildRisk], rules: AlertRules | None = None
) -> list[AlertCandidate]:
    """A child alert for each child whose level is one of the rules' alert levels."""
    from heron.indicators import Level
    from heron.indicators import load_rules as load_indicator_rules

    levels = set((rules or load_rules()).child_alert_levels)
    high_at = load_indicator_rules().thresholds[Level.HIGH]
    out: list[AlertCandidate] = []
    for risk in risks:
        if risk.level.label not in levels:
            continue
        evidence = tuple(dict.fromkeys(k for i in risk.indicators for k in i.record_keys))
        reasons = tuple(
            f"{i.name} ({i.domain}, weight {i.weight}): "
            + "; ".join(dict.fromkeys(e.reason for e in i.evidence))
            for i in risk.indicators
        )
        out.append(
            AlertCandidate(
                kind="child",
                children=(risk.person_id,),
                adults=(),
                objects=(),
                score=child_score(risk.score, high_at),
                summary=f"{risk.person_id}: {risk.level.label} level of concern, "
                f"{len(risk.indicators)} indicators across {len(risk.agencies)} agencies "
                f"(indicator score {risk.score})",
                explanation=(risk.explanation, *reasons),
                evidence=evidence,
                level=risk.level.label,
                subject=risk.person_id,
            )
        )
    return out


def network_candidate(finding: NetworkFinding) -> AlertCandidate:
    """A network alert candidate from a pattern finding: its members, reasons and evidence."""
    return AlertCandidate(
        kind="network",
        children=tuple(finding.children),
        adults=tuple(finding.adults),
        objects=tuple(finding.objects),
        score=float(finding.score),
        summary=finding.summary,
        explanation=(*finding.reasons, *finding.context, *finding.to_identify),
        evidence=tuple(dict.fromkeys(record_key(k) for k in finding.evidence)),
    )

"""Evaluate a rule set on one child as of a date: indicators, level and its explanation.

Owns ``evaluate`` and the ``Indicator``/``ChildRisk`` results: which records count (those
recorded by the date), the score from the indicators' weights, the level from the rule
set's thresholds and floors, the practitioner's floor, and the uncertainty statement.
Must not read the store or contain rule-specific logic (that is ``rules.json``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from heron.indicators.evaluators import EVALUATORS, Context, Evidence
from heron.indicators.inputs import (
    ChildView,
    CoMissing,
    Level,
    NetworkTie,
    RecordedConcern,
    RecordView,
    recorded_concern,
)
from heron.indicators.ruleset import Rule, RuleSet, load_rules
from heron.wording import count

#: The sectors whose absence from a child's records is reported as missing data.
CORE_SECTORS: tuple[str, ...] = ("police", "social_care", "health", "education")

DISCLAIMER = (
    "Decision support, not a prediction: CSE risk indicators have weak predictive validity "
    "and no tool has been validated, so this level must be weighed with professional "
    "judgement and what the child says."
)


@dataclass(frozen=True)
class Indicator:
    """A rule that fired for the child, with its evidence."""

    rule_id: str
    name: str
    domain: str
    weight: int
    evidence: tuple[Evidence, ...]
    floor: Level | None = None  # the level this indicator alone brings the child to

    @property
    def record_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.record_key for e in self.evidence))


@dataclass(frozen=True)
class ChildRisk:
    """The indicators on one child as of a date, the level and why."""

    person_id: str
    as_of: datetime
    rules_version: str
    indicators: tuple[Indicator, ...]
    score: int
    computed_level: Level  # from the indicators alone
    level: Level  # after the practitioner's floor
    explanation: str
    uncertainty: str
    records_considered: int
    agencies: tuple[str, ...]
    missing_data: tuple[str, ...]
    practitioner_level: Level | None = None  # the practitioner's own, given or recorded
    practitioner_record: str | None = None  # the record that states it, when recorded


def _fire(rule: Rule, params: Mapping[str, Any], ctx: Context) -> Indicator | None:
    evidence = EVALUATORS[rule.evaluator](ctx, params)
    if not evidence:
        return None
    unique = tuple(dict.fromkeys(evidence))
    return Indicator(rule.id, rule.name, rule.domain, rule.weight, unique, rule.floor)


def _explain(
    indicators: Sequence[Indicator],
    rules: RuleSet,
    score: int,
    computed: Level,
    level: Level,
    practitioner: Level | None,
    source: str | None = None,
) -> str:
    if not indicators:
        text = "No indicators found in the records known at this date."
    else:
        listed = "; ".join(f"{i.name} ({i.rule_id}, weight {i.weight})" for i in indicators)
        thresholds = ", ".join(f"{lvl.label} ≥ {n}" for lvl, n in sorted(rules.thresholds.items()))
        text = (
            f"Level {computed.label} from {count(len(indicators), 'indicator')} with total "
            f"weight {score} (thresholds: {thresholds}): {listed}."
        )
        by_score = rules.level_for(score)
        floors = [i for i in indicators if i.floor is not None and i.floor > by_score]
        if floors:
            listed = ", ".join(
                f"{i.rule_id} brings it to at least {i.floor.label}" for i in floors if i.floor
            )
            text += f" The weights alone give {by_score.label}, but {listed}."
    if practitioner is not None and practitioner > computed:
        text += (
            f" Raised from {computed.label} to {level.label} because the practitioner's own "
            f"recorded concern level is {practitioner.label}"
            + (f" (record {source})" if source else "")
            + "; Heron never goes below it."
        )
    return text


def evaluate(
    child: ChildView,
    as_of: datetime,
    rules: RuleSet | None = None,
    *,
    co_missing: Sequence[CoMissing] = (),
    networks: Sequence[NetworkTie] = (),
) -> ChildRisk:
    """The child's indicators, level and explanation from the records known at ``as_of``.

    ``co_missing`` lists the nights other children went missing with this one (see
    ``heron.missing.co_missing_for``); only those up to ``as_of`` count. ``networks`` are
    the networks found as of ``as_of`` with this child among their children.
    """
    rules = rules or load_rules()
    visible = child.visible(as_of)
    pool = _within_reach(visible, as_of, *rules.reach)
    ctx = Context(
        child=child,
        as_of=as_of,
        records=pool,
        co_missing=tuple(co_missing),
        networks=tuple(networks),
    )
    indicators = tuple(
        i for rule, params in rules.defaulted if (i := _fire(rule, params, ctx)) is not None
    )
    score = sum(i.weight for i in indicators)
    floors = [i.floor for i in indicators if i.floor is not None]
    computed = max([rules.level_for(score), *floors])
    practitioner, source = _practitioner(child, visible)
    level = max(computed, practitioner) if practitioner is not None else computed

    agencies = tuple(sorted({r.agency for r in visible}))
    sectors = {r.sector for r in visible}
    missing = sorted(ctx.notes)
    missing += [f"no {s.replace('_', ' ')} records" for s in CORE_SECTORS if s not in sectors]
    if child.date_of_birth is None and not any("date of birth" in m for m in missing):
        missing.append("date of birth unknown")
    uncertainty = (
        f"{DISCLAIMER} Based on {count(len(visible), 'record')} from "
        f"{count(len(agencies), 'agency', 'agencies')} "
        f"known at {as_of:%Y-%m-%d %H:%M}; missing data: {'; '.join(missing) or 'none noted'}."
    )
    return ChildRisk(
        person_id=child.person_id,
        as_of=as_of,
        rules_version=rules.version,
        indicators=indicators,
        score=score,
        computed_level=computed,
        level=level,
        explanation=_explain(indicators, rules, score, computed, level, practitioner, source),
        uncertainty=uncertainty,
        records_considered=len(visible),
        practitioner_level=practitioner,
        practitioner_record=source,
        agencies=agencies,
        missing_data=tuple(missing),
    )


def _within_reach(
    records: tuple[RecordView, ...], as_of: datetime, days: int | None, open_ended: bool
) -> tuple[RecordView, ...]:
    """Only the records some rule's window can reach (``RuleSet.reach``): the same result, far less
    work for a child with years of records (every rule's window ends at ``as_of``)."""
    if days is None:
        return records
    since = as_of - timedelta(days=days)
    return tuple(
        r
        for r in records
        if (r.ended_at if r.ended_at is not None and r.ended_at > r.occurred_at else r.occurred_at)
        > since
        or (open_ended and r.ended_at is None)
    )


def _practitioner(
    child: ChildView, visible: Sequence[RecordView]
) -> tuple[Level | None, str | None]:
    """The practitioner's concern: the higher of the one given and the latest recorded one."""
    recorded: RecordedConcern | None = recorded_concern(visible)
    given = child.practitioner_level
    if recorded is None or (given is not None and given >= recorded.level):
        return given, None
    return recorded.level, recorded.record_key

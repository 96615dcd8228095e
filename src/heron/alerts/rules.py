"""The alert rules as data (``rules.json``): which risks become alerts, how network alerts
match across syncs, the working-day calendar and the escalation rules; validated on load.

Owns ``AlertRules``, ``load_rules`` and the lifecycle's state names. Must not read the store.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

#: Every state an alert can be in; ``merged`` alerts live on in the alert they joined.
STATES = ("new", "triaged", "assigned", "actioned", "closed", "reopened", "merged")
KINDS = ("network", "child", "watch")
LEVELS = ("none", "low", "medium", "high")


class AlertRulesError(ValueError):
    """A rules file Heron refuses to run, with the reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NetworkMatch(_Strict):
    """When a network finding is the same alert as an earlier one."""

    min_shared_children_of_smaller: float = Field(gt=0, le=1)
    # with at least one child shared, this share of the smaller one's adults also makes it
    # the same network (its children changed, its adults did not)
    min_shared_adults_of_smaller: float = Field(gt=0, le=1)


class Calendar(_Strict):
    """Whose bank holidays make a day not a working day (``holidays`` country/subdivision)."""

    country: str
    subdivision: str | None
    name: str


class EscalationRule(_Strict):
    """Escalate an alert of ``kind`` still in one of ``states`` after so many working days."""

    id: str = Field(min_length=1)
    kind: str
    states: tuple[str, ...] = Field(min_length=1)
    after_working_days: int = Field(ge=1)
    to: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    levels: tuple[str, ...] | None = None  # child alerts: only at these levels

    @model_validator(mode="after")
    def _known(self) -> EscalationRule:
        if self.kind not in KINDS:
            raise ValueError(f"unknown alert kind {self.kind!r}")
        if bad := [s for s in self.states if s not in STATES or s in ("closed", "merged")]:
            raise ValueError(f"states {bad} cannot be escalated")
        if self.levels is not None and (bad := [v for v in self.levels if v not in LEVELS]):
            raise ValueError(f"unknown levels {bad}")
        return self


class AlertRules(_Strict):
    version: str
    child_alert_levels: tuple[str, ...] = Field(min_length=1)
    network_match: NetworkMatch
    calendar: Calendar
    escalation: tuple[EscalationRule, ...]

    @model_validator(mode="after")
    def _consistent(self) -> AlertRules:
        if bad := [v for v in self.child_alert_levels if v not in LEVELS]:
            raise ValueError(f"unknown child alert levels {bad}")
        ids = [rule.id for rule in self.escalation]
        if len(ids) != len(set(ids)):
            raise ValueError("escalation rule ids must be unique")
        return self


def parse_rules(text: str) -> AlertRules:
    """Validate a rules document, raising ``AlertRulesError`` with every problem found."""
    try:
        return AlertRules.model_validate(json.loads(text))
    except (ValidationError, json.JSONDecodeError) as exc:
        raise AlertRulesError(f"invalid alert rules: {exc}") from exc


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> AlertRules:
    """The packaged rules (or those at ``path``)."""
    if path is not None:
        return parse_rules(path.read_text(encoding="utf-8"))
    return parse_rules(resources.files("heron.alerts").joinpath("rules.json").read_text("utf-8"))

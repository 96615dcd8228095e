"""The versioned rule set: loading ``rules.json`` and refusing rules Heron must not run.

Owns the ``Rule`` and ``RuleSet`` types, the level thresholds, what a rule set reaches back
(``RuleSet.reach``, worked out once per rule set), and validation: every rule
names a known evaluator (and ``language_flag`` known language rules), has a weight, a
rationale and a source, and no rule reads a field or looks for a term that names a
protected characteristic (ethnicity, religion, nationality and the like). Must not
evaluate anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from heron.indicators.inputs import Level, is_protected


class RuleSetError(ValueError):
    """A rule set that Heron refuses to run, with the reason."""


@dataclass(frozen=True)
class Rule:
    """One indicator: what it detects, how (an evaluator and its parameters), and why."""

    id: str
    name: str
    domain: str
    detects: str
    evaluator: str
    params: Mapping[str, Any] = field(hash=False)
    weight: int
    rationale: str
    sources: tuple[str, ...]
    floor: Level | None = None  # the level this indicator alone brings a child to


@dataclass(frozen=True)
class RuleSet:
    """A versioned list of rules with the score thresholds of each level."""

    version: str
    rules: tuple[Rule, ...]
    thresholds: Mapping[Level, int] = field(hash=False)

    def level_for(self, score: int) -> Level:
        reached = [lvl for lvl, at_least in self.thresholds.items() if score >= at_least]
        return max(reached, default=Level.NONE)

    @cached_property
    def defaulted(self) -> tuple[tuple[Rule, Mapping[str, Any]], ...]:
        """Each rule with its parameters, ``window_days`` None unless given (worked out once
        per rule set, not for every child)."""
        return tuple((rule, {"window_days": None, **rule.params}) for rule in self.rules)

    @cached_property
    def reach(self) -> tuple[int | None, bool]:
        """The longest window any rule (or sub-check) looks back, None when one has none, and
        whether any rule counts records still open whatever their age."""
        from heron.indicators.evaluators import WHOLE_HISTORY

        days: list[int | None] = []
        open_ended = False
        for rule in self.rules:
            if rule.evaluator in WHOLE_HISTORY:
                continue
            params = rule.params
            open_ended = open_ended or bool(params.get("open_ended"))
            days.append(params.get("window_days"))
            for check in params.get("checks", []):
                sub = check.get("params", {})
                open_ended = open_ended or bool(sub.get("open_ended"))
                days.append(sub.get("window_days", params.get("window_days")))
        if not days or any(d is None for d in days):
            return None, open_ended
        return max(int(d) for d in days if d is not None), open_ended


def _strings(value: Any) -> Iterator[str]:
    """Every key and string value inside a parameters tree."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def _check_params(rule_id: str, evaluator: str, params: Mapping[str, Any]) -> None:
    from heron.indicators.evaluators import EVALUATORS, language_rule_ids

    if evaluator not in EVALUATORS:
        raise RuleSetError(f"rule {rule_id}: unknown evaluator {evaluator!r}")
    if evaluator == "language_flag":
        named = params.get("rules")
        if not isinstance(named, list) or not named:
            raise RuleSetError(f"rule {rule_id}: language_flag needs a list of language rules")
        unknown = sorted(set(map(str, named)) - language_rule_ids())
        if unknown:
            raise RuleSetError(f"rule {rule_id}: unknown language rule(s) {', '.join(unknown)}")
    for text in _strings(params):
        if is_protected(text):
            raise RuleSetError(
                f"rule {rule_id}: refers to a protected characteristic ({text!r}); "
                "ethnicity, religion and nationality are never inputs"
            )
    for sub in params.get("checks", []) if evaluator == "any_of" else []:
        _check_params(rule_id, str(sub.get("evaluator")), sub.get("params", {}))


def parse_rules(data: Mapping[str, Any]) -> RuleSet:
    """Build and validate a rule set from its JSON form; raise ``RuleSetError`` if unsafe."""
    try:
        version = str(data["version"])
        thresholds = {Level.parse(k): int(v) for k, v in data["levels"].items()}
        raw_rules = list(data["rules"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleSetError(f"rule set is missing or has a bad field: {exc}") from exc
    if set(thresholds) != {Level.LOW, Level.MEDIUM, Level.HIGH}:
        raise RuleSetError("levels must give thresholds for low, medium and high")
    if not thresholds[Level.LOW] <= thresholds[Level.MEDIUM] <= thresholds[Level.HIGH]:
        raise RuleSetError("level thresholds must rise from low to high")
    rules: list[Rule] = []
    for raw in raw_rules:
        rule_id = str(raw.get("id", "?"))
        missing = [k for k in ("id", "name", "domain", "detects", "evaluator", "weight",
                               "rationale", "sources") if not raw.get(k)]  # fmt: skip
        if missing:
            raise RuleSetError(f"rule {rule_id}: missing {', '.join(missing)}")
        params = raw.get("params", {})
        _check_params(rule_id, str(raw["evaluator"]), params)
        for text in (raw["name"], raw["detects"]):
            if is_protected(str(text)):
                raise RuleSetError(f"rule {rule_id}: refers to a protected characteristic")
        rules.append(
            Rule(
                id=rule_id,
                name=str(raw["name"]),
                domain=str(raw["domain"]),
                detects=str(raw["detects"]),
                evaluator=str(raw["evaluator"]),
                params=params,
                weight=int(raw["weight"]),
                rationale=str(raw["rationale"]),
                sources=tuple(str(s) for s in raw["sources"]),
                floor=Level.parse(raw["floor"]) if raw.get("floor") else None,
            )
        )
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleSetError("rule ids must be unique")
    return RuleSet(version=version, rules=tuple(rules), thresholds=thresholds)


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The rule set shipped with Heron (``heron/indicators/rules.json``), validated once."""
    text = resources.files("heron.indicators").joinpath("rules.json").read_text("utf-8")
    return parse_rules(json.loads(text))

"""Explainable CSE risk indicators for one child, as of a date: decision support only.

Public API: ``evaluate``, ``load_rules``, ``child_view_from_records`` and the types they
use. The rules are data (``rules.json``); the rest of the package is private.
"""

from heron.indicators.engine import ChildRisk, Indicator, evaluate
from heron.indicators.evaluators import Evidence
from heron.indicators.inputs import (
    ChildView,
    CoMissing,
    Level,
    NetworkTie,
    OtherMention,
    RecordView,
    VehicleView,
)
from heron.indicators.ruleset import Rule, RuleSet, RuleSetError, load_rules, parse_rules
from heron.indicators.views import child_view_from_records

__all__ = [
    "ChildRisk",
    "ChildView",
    "CoMissing",
    "Evidence",
    "Indicator",
    "Level",
    "NetworkTie",
    "OtherMention",
    "RecordView",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "VehicleView",
    "child_view_from_records",
    "evaluate",
    "load_rules",
    "parse_rules",
]

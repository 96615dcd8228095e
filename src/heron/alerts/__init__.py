"""Alerts: network, child and watch alerts with a stable identity across runs, their
lifecycle, escalation in working days, watches, and the ``export alerts`` lines.

Owns the alert tables (alerts, alert_snapshots, alert_events, watches) and every write to
them. Reads person merges (identity_events) and, for watches, one identity run's
assignments; must not write anything upstream, and never closes an alert on its own.
"""

from heron.alerts.candidates import (
    AlertCandidate,
    child_candidates,
    network_candidate,
)
from heron.alerts.escalation import Escalation, add_working_days, escalate
from heron.alerts.history import AlertStep, AlertView, alert_lines, alert_steps, views_as_of
from heron.alerts.lifecycle import (
    AlertError,
    action,
    assign,
    close,
    get_alert,
    list_alerts,
    reopen,
    transition,
    triage,
)
from heron.alerts.rules import AlertRules, AlertRulesError, load_rules
from heron.alerts.sync import SyncSummary, sync_alerts
from heron.alerts.watches import add_watch, list_watches, remove_watch, watch_candidates

__all__ = [
    "AlertCandidate",
    "AlertError",
    "AlertRules",
    "AlertRulesError",
    "AlertStep",
    "AlertView",
    "Escalation",
    "SyncSummary",
    "action",
    "add_watch",
    "add_working_days",
    "alert_lines",
    "alert_steps",
    "assign",
    "child_candidates",
    "close",
    "escalate",
    "get_alert",
    "list_alerts",
    "list_watches",
    "load_rules",
    "network_candidate",
    "remove_watch",
    "reopen",
    "sync_alerts",
    "transition",
    "triage",
    "views_as_of",
    "watch_candidates",
]

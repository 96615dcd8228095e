"""Escalating alerts nobody has picked up, by the rules in ``rules.json``, in working days
(England and Wales bank holidays, from the ``holidays`` package).

Owns ``add_working_days``, ``due_escalations`` and ``escalate``. Must not change an alert's
state: an escalation is an event naming who should now look at it, recorded once per rule
for each spell in a state (a reopened alert can escalate again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heron.access import Actor
from heron.alerts.rules import AlertRules, Calendar, EscalationRule, load_rules
from heron.store.models import AlertEvent, AlertRow
from heron.timeutil import now_uk


@lru_cache(maxsize=8)
def _bank_holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision)


def is_working_day(day: date, calendar: Calendar) -> bool:
    """Monday to Friday, and not a bank holiday of the calendar."""
    return day.weekday() < 5 and day not in _bank_holidays(calendar.country, calendar.subdivision)


def add_working_days(start: datetime, days: int, calendar: Calendar) -> datetime:
    """The same time of day ``days`` working days after ``start``."""
    when = start
    while days > 0:
        when += timedelta(days=1)
        if is_working_day(when.date(), calendar):
            days -= 1
    return when


@dataclass(frozen=True, slots=True)
class Escalation:
    alert_id: str
    rule: str
    to: str
    due: datetime
    reason: str


def _applies(rule: EscalationRule, row: AlertRow) -> bool:
    if rule.kind != row.kind or row.state not in rule.states:
        return False
    return rule.levels is None or row.level in rule.levels


def escalate(
    engine: Engine, actor: Actor, now: datetime | None = None, rules: AlertRules | None = None
) -> list[Escalation]:
    """Record every escalation due by ``now`` that has not been recorded; return them."""
    rules = rules or load_rules()
    now = now or now_uk()
    made: list[Escalation] = []
    with Session(engine) as session, session.begin():
        rows = session.execute(select(AlertRow).where(AlertRow.state != "merged")).scalars()
        for row in rows:
            for rule in rules.escalation:
                if not _applies(rule, row):
                    continue
                due = add_working_days(row.state_since, rule.after_working_days, rules.calendar)
                if due > now:
                    continue
                spell = row.state_since.isoformat()
                done = session.execute(
                    select(AlertEvent.details).where(
                        AlertEvent.alert_id == row.alert_id, AlertEvent.kind == "escalated"
                    )
                ).scalars()
                if any(d.get("rule") == rule.id and d.get("since") == spell for d in done):
                    continue
                note = f"escalated to {rule.to}: {rule.reason} (due {due:%Y-%m-%d %H:%M})"
                session.add(
                    AlertEvent(
                        alert_id=row.alert_id,
                        kind="escalated",
                        actor=actor.label(),
                        at=now,
                        as_of=None,
                        from_state=row.state,
                        to_state=row.state,
                        note=note,
                        details={
                            "rule": rule.id,
                            "to": rule.to,
                            "since": spell,
                            "due": due.isoformat(),
                        },
                    )
                )
                made.append(Escalation(row.alert_id, rule.id, rule.to, due, rule.reason))
    return made

"""Scoring the people an alert asks a person to identify, against the planted truth.

Owns ``first_named_victims``: of a network's victims whom, by their own deadline, only
records naming them by a first name tie to it (a girl named "Anne" beside the network's
men in intelligence), how many an alert held anyway (its own records of concern put the
child in the network), how many an alert showed a person to identify in time, and how many
of those it suggested the right child for. No linking can put such a record on a child's
chronology, so a person has to; this measures whether Heron put the question in front of
them. It reads replayed steps only and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from heron.patterns import NETWORK_ALERT_THRESHOLD

if TYPE_CHECKING:  # evaluate imports this module; these are for the annotations only
    from heron.detection.evaluate import StepView, TruthGroup


@dataclass(frozen=True, slots=True)
class FirstNamed:
    """Victims tied only by a first name by their deadline; of them, held by an alert by
    then anyway (one of its children, through records of their own); shown to identify in
    an alert by then; and of those shown, with themselves among the suggestions shown."""

    victims: int = 0
    shown: int = 0
    suggested: int = 0
    in_alert: int = 0

    def __add__(self, other: FirstNamed) -> FirstNamed:
        return FirstNamed(
            self.victims + other.victims,
            self.shown + other.shown,
            self.suggested + other.suggested,
            self.in_alert + other.in_alert,
        )


def first_named_victims(
    net: TruthGroup, steps: Sequence[StepView], deadline_days: int
) -> FirstNamed:
    """``FirstNamed`` for one network: each victim's deadline is ``deadline_days`` after the
    later of the network's and their own discoverability, as for the victims' target."""
    victims = shown = suggested = in_alert = 0
    for kid, tied_at in net.children_discoverable_at.items():
        if kid not in net.children:
            continue
        due = max(tied_at, net.discoverable_at or tied_at) + timedelta(days=deadline_days)
        named_at = net.children_named_discoverable_at.get(kid)
        if named_at is not None and named_at <= due:
            continue  # records naming them tie them in time: linking can, no person need
        victims += 1
        seen = right = held = False
        for step in steps:
            if tied_at <= step.as_of <= due:
                for pid, maybe in step.to_identify:
                    if step.to_truth.get(pid) == kid:
                        seen = True
                        right |= any(step.to_truth.get(c) == kid for c in maybe)
                held |= any(
                    step.to_truth.get(c) == kid
                    for score, children, _ in step.findings
                    if score >= NETWORK_ALERT_THRESHOLD
                    for c in children
                )
        shown += seen
        suggested += right
        in_alert += held
    return FirstNamed(victims, shown, suggested, in_alert)

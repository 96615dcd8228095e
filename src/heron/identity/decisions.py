"""Human decisions about identity: "these two mentions are the same person" or "are not".

Owns recording a decision (who, when, why), withdrawing it, and handing the standing
decisions to the next linking run, which merges confirmed pairs first and never merges a
rejected pair. A confirmed pair still cannot override the hard constraints (two valid NHS
numbers, a child and an adult): those conflicts go back to a person to resolve. Splitting
a person is a reject between their mentions; merging two persons is a confirm between one
mention of each. It must not run linking itself.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from sqlalchemy import Engine, insert, select, update

from heron.access import Actor
from heron.store.models import IdentityDecision
from heron.timeutil import now_uk

Pair = tuple[str, str]


class DecisionKind(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"


def record_decision(
    engine: Engine, actor: Actor, kind: DecisionKind, left: str, right: str, reason: str
) -> int:
    """Store a decision about two mention keys; ``reason`` is required, in words."""
    if left == right:
        raise ValueError("a decision needs two different mentions")
    if not reason.strip():
        raise ValueError("say why: a decision without a reason cannot be reviewed")
    a, b = sorted((left, right))
    with engine.begin() as conn:
        row = conn.execute(
            insert(IdentityDecision)
            .values(
                kind=kind.value,
                left_key=a,
                right_key=b,
                actor=actor.label(),
                decided_at=now_uk(),
                reason=reason.strip(),
            )
            .returning(IdentityDecision.id)
        )
        return int(row.scalar_one())


def withdraw_decision(engine: Engine, actor: Actor, decision_id: int) -> None:
    """Withdraw a decision; it is kept, marked withdrawn, and no longer applied."""
    del actor  # the audit seam; the decision row keeps who made it
    with engine.begin() as conn:
        conn.execute(
            update(IdentityDecision)
            .where(IdentityDecision.id == decision_id, IdentityDecision.withdrawn_at.is_(None))
            .values(withdrawn_at=now_uk())
        )


def active_decisions(
    engine: Engine, actor: Actor, keys: Collection[str]
) -> tuple[list[Pair], list[Pair]]:
    """(confirmed pairs, rejected pairs) standing now, among mentions in ``keys``.

    When one pair has both, the latest decision stands.
    """
    del actor
    latest: dict[Pair, str] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(IdentityDecision.kind, IdentityDecision.left_key, IdentityDecision.right_key)
            .where(IdentityDecision.withdrawn_at.is_(None))
            .order_by(IdentityDecision.decided_at, IdentityDecision.id)
        )
        for kind, left, right in rows:
            if left in keys and right in keys:
                latest[(left, right)] = kind
    confirm = sorted(p for p, k in latest.items() if k == DecisionKind.CONFIRM)
    reject = sorted(p for p, k in latest.items() if k == DecisionKind.REJECT)
    return confirm, reject

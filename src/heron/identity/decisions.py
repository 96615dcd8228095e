"""Human decisions about identity: "these two mentions are the same person" or "are not".

Owns recording a decision (who, when, why), withdrawing it, and handing the standing
decisions to the next linking run, which merges confirmed pairs first and never merges a
rejected pair. A confirmed pair still cannot override the hard constraints (two valid NHS
numbers, a child and an adult): those conflicts go back to a person to resolve. Splitting
a person (``split_person``) confirms the split-off mentions together and rejects them
against the rest; merging two persons (``merge_persons``) confirms one mention of each.
It must not run linking itself.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from itertools import pairwise

from sqlalchemy import Engine, insert, select, update

from heron.access import Actor
from heron.store.models import IdentityDecision, IdentityRun, PersonMention
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


def _members(engine: Engine, person_id: str) -> list[str]:
    """The person's mention keys in the latest finished run."""
    with engine.connect() as conn:
        run_id = conn.execute(
            select(IdentityRun.id)
            .where(IdentityRun.finished_at.is_not(None))
            .order_by(IdentityRun.id.desc())
            .limit(1)
        ).scalar()
        keys = conn.execute(
            select(PersonMention.mention_key).where(
                PersonMention.run_id == run_id, PersonMention.person_id == person_id
            )
        ).scalars()
        members = sorted(keys)
    if not members:
        raise LookupError(f"no person {person_id} in the latest linking run")
    return members


def split_person(
    engine: Engine, actor: Actor, person_id: str, mentions: Collection[str], reason: str
) -> list[int]:
    """``mentions`` of ``person_id`` become another person: they are confirmed together
    and rejected against each of the person's other mentions. Returns the decision ids."""
    members = _members(engine, person_id)
    part = sorted(set(mentions))
    stray = [k for k in part if k not in members]
    if stray:
        raise ValueError(f"not mentions of {person_id}: {', '.join(stray)}")
    rest = [k for k in members if k not in part]
    if not part or not rest:
        raise ValueError("a split needs some, but not all, of the person's mentions")
    ids = [
        record_decision(engine, actor, DecisionKind.CONFIRM, a, b, reason)
        for a, b in pairwise(part)
    ]
    ids += [
        record_decision(engine, actor, DecisionKind.REJECT, a, b, reason)
        for a in part
        for b in rest
    ]
    return ids


def merge_persons(engine: Engine, actor: Actor, first: str, second: str, reason: str) -> int:
    """Two persons are one: a confirmation between the first mention of each."""
    if first == second:
        raise ValueError("a merge needs two different persons")
    return record_decision(
        engine,
        actor,
        DecisionKind.CONFIRM,
        _members(engine, first)[0],
        _members(engine, second)[0],
        reason,
    )

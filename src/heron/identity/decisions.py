"""Human decisions about identity: "these two mentions are the same person" or "are not".

Owns recording a decision (who, when, why), withdrawing it, and handing the standing
decisions to the next linking run, which merges confirmed pairs first and never merges a
rejected pair. A confirmed pair still cannot override the hard constraints (two valid NHS
numbers, a child and an adult): the run puts those conflicts in the review queue for a
person to resolve. Splitting a person (``split_person``) confirms the split-off mentions
together and rejects them against the rest, as one group of decisions; merging two
persons (``merge_persons``) confirms one mention of each. A withdrawal is a decision event
of its own (``withdraw``) and withdraws the whole group; nothing is ever deleted. Only
mention keys that exist can be decided on. It must not run linking itself.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from sqlalchemy import Connection, Engine, insert, select, update

from heron.access import Actor
from heron.identity.runs import find_run
from heron.store.models import IdentityDecision, Mention, PersonMention
from heron.timeutil import now_uk

Pair = tuple[str, str]


class DecisionKind(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"
    WITHDRAW = "withdraw"  # stops an earlier decision applying (``withdraws`` names it)


def record_decision(
    engine: Engine, actor: Actor, kind: DecisionKind, left: str, right: str, reason: str
) -> int:
    """Store a decision about two mention keys; ``reason`` is required, in words."""
    return record_decisions(engine, actor, [(kind, left, right)], reason)[0]


def record_decisions(
    engine: Engine, actor: Actor, decisions: Sequence[tuple[DecisionKind, str, str]], reason: str
) -> list[int]:
    """Store decisions made as one (same who, when and why) under one group id: the first
    decision's id. Refuses unknown mention keys, a pair of one mention, and no reason."""
    if not reason.strip():
        raise ValueError("say why: a decision without a reason cannot be reviewed")
    if not decisions:
        raise ValueError("no decision to store")
    for kind, left, right in decisions:
        if kind == DecisionKind.WITHDRAW:
            raise ValueError("use withdraw_decision to withdraw a decision")
        if left == right:
            raise ValueError("a decision needs two different mentions")
    when = now_uk()
    with engine.begin() as conn:
        _known(conn, {k for _, left, right in decisions for k in (left, right)})
        ids: list[int] = []
        for kind, left, right in decisions:
            a, b = sorted((left, right))
            values = {"kind": kind.value, "left_key": a, "right_key": b, "actor": actor.label(),
                      "decided_at": when, "reason": reason.strip(),
                      "group_id": ids[0] if ids else None}  # fmt: skip
            row = conn.execute(
                insert(IdentityDecision).values(**values).returning(IdentityDecision.id)
            )
            ids.append(int(row.scalar_one()))
        conn.execute(
            update(IdentityDecision).where(IdentityDecision.id == ids[0]).values(group_id=ids[0])
        )
    return ids


def _known(conn: Connection, keys: Collection[str]) -> None:
    """Raise ValueError naming any mention key no stored record has."""
    wanted = sorted(keys)
    found = set(
        conn.execute(
            select(Mention.mention_key).where(Mention.mention_key.in_(wanted)).distinct()
        ).scalars()
    )
    unknown = [k for k in wanted if k not in found]
    if unknown:
        raise ValueError(
            f"no such mention: {', '.join(unknown)} (a mention key is agency:record-id#ref, "
            "as `heron export persons` lists them)"
        )


def withdraw_decision(engine: Engine, actor: Actor, decision_id: int, reason: str) -> list[int]:
    """Withdraw a decision and the rest of its group (a split is one decision): each gets
    a ``withdraw`` event saying who, when and why, and stops applying; the decisions
    themselves are kept. Returns the ids withdrawn."""
    if not reason.strip():
        raise ValueError("say why: a withdrawal without a reason cannot be reviewed")
    when = now_uk()
    with engine.begin() as conn:
        decision = conn.execute(
            select(IdentityDecision.kind, IdentityDecision.group_id).where(
                IdentityDecision.id == decision_id
            )
        ).first()
        if decision is None:
            raise LookupError(f"no decision {decision_id}")
        if decision.kind == DecisionKind.WITHDRAW:
            raise ValueError(f"decision {decision_id} is itself a withdrawal")
        group = decision.group_id if decision.group_id is not None else decision_id
        standing = conn.execute(
            select(IdentityDecision.id, IdentityDecision.left_key, IdentityDecision.right_key)
            .where(
                (IdentityDecision.group_id == group) | (IdentityDecision.id == decision_id),
                IdentityDecision.kind != DecisionKind.WITHDRAW.value,
                IdentityDecision.withdrawn_at.is_(None),
            )
            .order_by(IdentityDecision.id)
        ).all()
        if not standing:
            raise ValueError(f"decision {decision_id} was already withdrawn")
        first: int | None = None
        for row in standing:
            values = {"kind": DecisionKind.WITHDRAW.value, "left_key": row.left_key,
                      "right_key": row.right_key, "actor": actor.label(), "decided_at": when,
                      "reason": reason.strip(), "group_id": first, "withdraws": row.id}  # fmt: skip
            made = conn.execute(
                insert(IdentityDecision).values(**values).returning(IdentityDecision.id)
            ).scalar_one()
            first = first if first is not None else int(made)
        conn.execute(
            update(IdentityDecision).where(IdentityDecision.id == first).values(group_id=first)
        )
        withdrawn = [row.id for row in standing]
        conn.execute(
            update(IdentityDecision)
            .where(IdentityDecision.id.in_(withdrawn))
            .values(withdrawn_at=when)
        )
    return withdrawn


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
            .where(
                IdentityDecision.withdrawn_at.is_(None),
                IdentityDecision.kind.in_([DecisionKind.CONFIRM.value, DecisionKind.REJECT.value]),
            )
            .order_by(IdentityDecision.decided_at, IdentityDecision.id)
        )
        for kind, left, right in rows:
            if left in keys and right in keys:
                latest[(left, right)] = kind
    confirm = sorted(p for p, k in latest.items() if k == DecisionKind.CONFIRM)
    reject = sorted(p for p, k in latest.items() if k == DecisionKind.REJECT)
    return confirm, reject


@dataclass(frozen=True, slots=True)
class Decision:
    """One stored decision, as a reader shows it."""

    id: int
    kind: str
    actor: str
    reason: str


def standing_decision(engine: Engine, actor: Actor, left: str, right: str) -> Decision | None:
    """The decision about these two mentions that stands now (the latest confirm or reject
    not withdrawn), if any."""
    del actor
    a, b = sorted((left, right))
    with engine.connect() as conn:
        row = conn.execute(
            select(
                IdentityDecision.id,
                IdentityDecision.kind,
                IdentityDecision.actor,
                IdentityDecision.reason,
            )
            .where(
                IdentityDecision.left_key == a,
                IdentityDecision.right_key == b,
                IdentityDecision.withdrawn_at.is_(None),
                IdentityDecision.kind.in_([DecisionKind.CONFIRM.value, DecisionKind.REJECT.value]),
            )
            .order_by(IdentityDecision.decided_at.desc(), IdentityDecision.id.desc())
            .limit(1)
        ).first()
    return None if row is None else Decision(row.id, row.kind, row.actor, row.reason)


def _members(engine: Engine, person_id: str, run_id: int | None = None) -> list[str]:
    """The person's mention keys in the given run, else the current one (``find_run``)."""
    with engine.connect() as conn:
        run = find_run(conn, run_id)
        keys = conn.execute(
            select(PersonMention.mention_key).where(
                PersonMention.run_id == run.id, PersonMention.person_id == person_id
            )
        ).scalars()
        members = sorted(keys)
    if not members:
        raise LookupError(f"no person {person_id} in linking run {run.id}")
    return members


def split_person(
    engine: Engine,
    actor: Actor,
    person_id: str,
    mentions: Collection[str],
    reason: str,
    run_id: int | None = None,
) -> list[int]:
    """``mentions`` of ``person_id`` (in the current run, or ``run_id``) become another
    person: they are confirmed together and rejected against each of the person's other
    mentions, as one group. Returns the decision ids (the first is the group id)."""
    members = _members(engine, person_id, run_id)
    part = sorted(set(mentions))
    stray = [k for k in part if k not in members]
    if stray:
        raise ValueError(f"not mentions of {person_id}: {', '.join(stray)}")
    rest = [k for k in members if k not in part]
    if not part or not rest:
        raise ValueError("a split needs some, but not all, of the person's mentions")
    decisions = [(DecisionKind.CONFIRM, a, b) for a, b in pairwise(part)]
    decisions += [(DecisionKind.REJECT, a, b) for a in part for b in rest]
    return record_decisions(engine, actor, decisions, reason)


def merge_persons(
    engine: Engine,
    actor: Actor,
    first: str,
    second: str,
    reason: str,
    run_id: int | None = None,
) -> int:
    """Two persons (of the current run, or ``run_id``) are one: a confirmation between the
    first mention of each."""
    if first == second:
        raise ValueError("a merge needs two different persons")
    return record_decision(
        engine,
        actor,
        DecisionKind.CONFIRM,
        _members(engine, first, run_id)[0],
        _members(engine, second, run_id)[0],
        reason,
    )

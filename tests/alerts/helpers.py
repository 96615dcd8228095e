"""Builders for alert tests: candidates, dates, and identity rows written as identity does."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Engine, insert

from heron.access import Actor, system_actor
from heron.alerts import AlertCandidate
from heron.store.models import IdentityEvent, IdentityRun

SYSTEM = system_actor("detect-test")
ANALYST = Actor(name="Priya Shah", role="analyst", agency="tvp")


def day(text: str) -> datetime:
    """The end of a day, as ``--as-of 2008-03-05`` means."""
    return datetime.combine(date.fromisoformat(text), time.max)


def network(
    children: tuple[str, ...],
    adults: tuple[str, ...],
    evidence: tuple[str, ...],
    score: float = 0.8,
    objects: tuple[str, ...] = (),
) -> AlertCandidate:
    return AlertCandidate(
        kind="network",
        children=children,
        adults=adults,
        objects=objects,
        score=score,
        summary=f"{len(children)} children linked to the same {len(adults)} adults",
        explanation=("children seen with the same adults",),
        evidence=evidence,
    )


def child(person_id: str, evidence: tuple[str, ...], level: str = "high") -> AlertCandidate:
    return AlertCandidate(
        kind="child",
        children=(person_id,),
        adults=(),
        objects=(),
        score=9.0,
        summary=f"{person_id}: {level} level of concern",
        explanation=("indicators crossed the threshold",),
        evidence=evidence,
        level=level,
        subject=person_id,
    )


def identity_merge(engine: Engine, survivor: str, retired: tuple[str, ...], as_of: datetime) -> int:
    """A linking run as of ``as_of`` in which ``survivor`` absorbed ``retired``."""
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(IdentityRun)
            .values(
                as_of=as_of,
                actor="system:test",
                started_at=as_of,
                finished_at=as_of,
                model_name="test",
                model={},
                threshold=0.9,
                mentions=0,
                persons=0,
                new_persons=0,
                merges=1,
                splits=0,
            )
            .returning(IdentityRun.id)
        ).scalar_one()
        conn.execute(
            insert(IdentityEvent).values(
                run_id=run_id, kind="merge", person_id=survivor, others=list(retired), mentions=1
            )
        )
    return int(run_id)

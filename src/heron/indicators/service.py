"""Indicators over the store: every child's view as of a date, assessed.

Owns reading, for one identity run, the visible records that mention each child (through
``store.asof``) and feeding them to ``evaluate``: a first pass over missing episodes finds
children missing on the same nights, a second assesses each child with that context.
Streams one child at a time, so memory stays flat. Must not change records or persons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Engine, select

from heron.access import Actor
from heron.indicators.engine import ChildRisk, evaluate
from heron.indicators.inputs import ChildView, child_view_from_records
from heron.missing import Episode, co_missing, co_missing_for, episodes
from heron.store.asof import visible_at
from heron.store.models import Mention, PersonMention, PersonRow, Record
from heron.timeutil import now_uk


def identity_run(engine: Engine, actor: Actor, as_of: datetime | None) -> int:
    """The identity run for ``as_of``: the current one, or a new linking run."""
    from heron.identity.service import link_persons, run_for  # Splink loads only when needed

    run_id = run_for(engine, actor, as_of)
    return run_id if run_id is not None else link_persons(engine, actor, as_of).run_id


def _assignments(engine: Engine, run_id: int) -> tuple[dict[str, str], dict[str, bool]]:
    """Mention key → person id, and mention key → whether its person is a child."""
    query = (
        select(PersonMention.mention_key, PersonMention.person_id, PersonRow.is_child)
        .join(
            PersonRow,
            (PersonRow.person_id == PersonMention.person_id) & (PersonRow.run_id == run_id),
        )
        .where(PersonMention.run_id == run_id)
    )
    person_of: dict[str, str] = {}
    is_child: dict[str, bool] = {}
    with engine.connect() as conn:
        for key, person_id, child in conn.execute(query):
            person_of[key] = person_id
            if child is not None:
                is_child[key] = bool(child)
    return person_of, is_child


def child_views(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    run_id: int,
    *,
    types: tuple[str, ...] | None = None,
) -> Iterator[ChildView]:
    """Each child person's view of the records visible at ``as_of``, one child at a time."""
    person_of, is_child = _assignments(engine, run_id)
    query = (
        select(PersonMention.person_id, Record.id, Record.payload)
        .join(Mention, Mention.record_pk == Record.id)
        .join(
            PersonMention,
            (PersonMention.mention_key == Mention.mention_key) & (PersonMention.run_id == run_id),
        )
        .join(
            PersonRow,
            (PersonRow.person_id == PersonMention.person_id) & (PersonRow.run_id == run_id),
        )
        .where(visible_at(as_of), PersonRow.is_child.is_(True))
        .order_by(PersonMention.person_id, Record.occurred_at, Record.id)
        .execution_options(yield_per=2000)
    )
    if types:
        query = query.where(Record.type.in_(types))
    current: str | None = None
    records: list[dict[str, Any]] = []
    last_record = -1
    with engine.connect() as conn:
        for person_id, record_pk, payload in conn.execute(query):
            if person_id != current and current is not None:
                yield _view(current, records, person_of, is_child)
                records = []
            if person_id == current and record_pk == last_record:
                continue  # the child is named twice in one record
            current, last_record = person_id, record_pk
            records.append(payload if isinstance(payload, dict) else orjson.loads(payload))
    if current is not None:
        yield _view(current, records, person_of, is_child)


def _view(
    person_id: str,
    records: list[dict[str, Any]],
    person_of: dict[str, str],
    is_child: dict[str, bool],
) -> ChildView:
    return child_view_from_records(
        person_id,
        records,
        person_ids=person_of,
        is_child=is_child,
        home_postcode=_home_postcode(person_id, records, person_of),
    )


def _home_postcode(
    person_id: str, records: list[dict[str, Any]], person_of: dict[str, str]
) -> str | None:
    """The postcode the child's own mentions give most often (their home, as agencies know it)."""
    seen: Counter[str] = Counter()
    for rec in records:
        for index, mention in enumerate(rec.get("persons") or ()):
            key = f"{rec['agency']}:{rec['id']}#{mention.get('ref', index)}"
            if person_of.get(key) == person_id and mention.get("postcode"):
                seen[str(mention["postcode"])] += 1
    return seen.most_common(1)[0][0] if seen else None


def missing_by_child(
    engine: Engine, actor: Actor, as_of: datetime | None, run_id: int | None = None
) -> dict[str, list[Episode]]:
    """Every child's missing episodes known at ``as_of`` (None: now), by person id."""
    when = as_of or now_uk()
    run = run_id if run_id is not None else identity_run(engine, actor, as_of)
    views = child_views(engine, actor, as_of, run, types=("missing_episode",))
    return {view.person_id: episodes(view, when) for view in views}


def assess_children(
    engine: Engine, actor: Actor, as_of: datetime | None = None
) -> Iterator[ChildRisk]:
    """Every child's indicators and level as of ``as_of`` (None: now), strongest data first."""
    when = as_of or now_uk()
    run_id = identity_run(engine, actor, as_of)
    groups = co_missing(missing_by_child(engine, actor, as_of, run_id))
    for view in child_views(engine, actor, as_of, run_id):
        yield evaluate(view, when, co_missing=co_missing_for(view.person_id, groups))


def risk_line(risk: ChildRisk) -> dict[str, Any]:
    """One ``export risk`` line (cli-and-exports-v1, with explanation and record keys added)."""
    return {
        "person_id": risk.person_id,
        "level": risk.level.label,
        "indicators": [
            {
                "id": ind.rule_id,
                "name": ind.name,
                "evidence": sorted({k for e in ind.evidence for k in e.mention_keys}),
                "records": list(ind.record_keys),
            }
            for ind in risk.indicators
        ],
        "explanation": risk.explanation,
        "uncertainty": risk.uncertainty,
        "as_of": risk.as_of.isoformat(),
        "rules_version": risk.rules_version,
    }

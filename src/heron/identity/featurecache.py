"""Feature rows cached per mention version, so a run re-features only what changed.

Owns the ``mention_features`` table: the feature row (``heron.identity.features``) of each
mention version (``mentions.id``; a replaced record version has new mention rows, so it
is re-featured by construction), tagged with a fingerprint of the feature code so that a
change to normalisation invalidates the cache. Also owns the cheap index of which mention
versions are visible as of a date, with when each was ingested and recorded (what an
incremental run compares with the previous run). It must not compare or link mentions.
"""

from __future__ import annotations

import hashlib
import io
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import orjson
import pyarrow as pa  # pyarrow ships no type hints
import pyarrow.json as pa_json
from sqlalchemy import Engine, Text, and_, case, cast, delete, func, insert, select

from heron.access import Actor
from heron.identity.features import (
    SCHEMA,
    MentionInput,
    feature_row,
    input_select,
    mention_input,
)
from heron.store.asof import visible_at
from heron.store.models import Mention, MentionFeatures, Record

_DATES = tuple(f.name for f in SCHEMA if str(f.type) == "date32[day]")
# Stored rows hold dates as ISO text; Arrow's JSON reader parses them as strings first.
_JSON_SCHEMA = pa.schema([pa.field(f.name, pa.string()) if f.name in _DATES else f for f in SCHEMA])


@dataclass(frozen=True, slots=True)
class VisibleMention:
    """One visible person-mention version and when its record version arrived."""

    mention_id: int
    mention_key: str
    ingested_at: datetime
    recorded_at: datetime


@cache
def fingerprint() -> str:
    """A hash of the code that computes feature rows (features and normalise modules)."""
    digest = hashlib.sha256()
    package = resources.files("heron.identity")
    files = [package / "features.py"]
    files += sorted(
        (p for p in (package / "normalise").iterdir() if p.name.endswith((".py", ".json"))),
        key=lambda p: p.name,
    )
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def visible_index(engine: Engine, actor: Actor, as_of: datetime | None) -> list[VisibleMention]:
    """Every person-mention version visible at ``as_of``, in key order (no field values)."""
    del actor
    query = (
        select(Mention.id, Mention.mention_key, Record.ingested_at, Record.recorded_at)
        .join(Record, Record.id == Mention.record_pk)
        .where(visible_at(as_of))
        .order_by(Mention.mention_key)
    )
    with engine.connect() as conn:
        return [VisibleMention(*row) for row in conn.execute(query)]


@dataclass(slots=True)
class _Memo:
    """The last feature table built for one engine, by mention id (versions never change)."""

    fingerprint: str
    rows: dict[int, int]  # mention id → its row in ``table``
    keys: list[str]  # each row's mention key
    table: pa.Table


# One table per live engine: a replay links month after month in one process, and most of
# each month's mentions were featured the month before.
_MEMO: weakref.WeakKeyDictionary[Engine, _Memo] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class VisibleVersions:
    """The visible person-mention versions in key order, as columns (plain lists: a county's
    worth of small objects would only keep the garbage collector busy)."""

    ids: list[int]  # mentions.id
    keys: list[str]
    seen: list[bool]  # whether an earlier run could have seen the version


def visible_table(
    engine: Engine,
    actor: Actor,
    as_of: datetime | None,
    seen_by: tuple[datetime, datetime | None],
) -> tuple[VisibleVersions, pa.Table]:
    """The person-mention versions visible at ``as_of`` in key order, each saying whether a
    run started at ``seen_by[0]`` as of ``seen_by[1]`` could have seen it (it had been
    ingested before the run started and recorded by its as-of), and their feature table
    (``SCHEMA``, same order). Rows come from this process's last table for ``engine``,
    else from the cache table, else are featured (and cached) now."""
    tag = fingerprint()
    started, seen_as_of = seen_by
    saw = Record.ingested_at < started
    if seen_as_of is not None:
        saw = and_(saw, Record.recorded_at <= seen_as_of)
    query = (
        select(Mention.id, Mention.mention_key, case((saw, 1), else_=0))
        .join(Record, Record.id == Mention.record_pk)
        .where(visible_at(as_of))
        .order_by(Mention.mention_key)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    ids, keys, seen = ([*c] for c in zip(*rows, strict=True)) if rows else ([], [], [])
    visible = VisibleVersions(ids, keys, [bool(s) for s in seen])
    memo = _MEMO.get(engine)
    if memo is None or memo.fingerprint != tag:
        memo = _Memo(tag, {}, [], SCHEMA.empty_table())
    take: list[int] = []
    wanted: list[int] = []
    for mention_id, key in zip(ids, keys, strict=True):
        known = memo.rows.get(mention_id)
        if known is not None and memo.keys[known] == key:
            take.append(known)
        else:
            take.append(-1)
            wanted.append(mention_id)
    texts = _cached_texts(engine, wanted, tag)
    missing = [i for i in wanted if i not in texts]
    if missing:
        inputs = load_inputs(engine, actor, missing)
        fresh = {i: feature_row(inputs[i]) for i in missing}
        _store(engine, fresh)
        texts.update({i: orjson.dumps(_encode(row)) for i, row in fresh.items()})
    order = sorted(texts)
    at = {mention_id: memo.table.num_rows + n for n, mention_id in enumerate(order)}
    source = pa.concat_tables([memo.table, _table([texts[i] for i in order])])
    indices = [t if t >= 0 else at[i] for t, i in zip(take, ids, strict=True)]
    table = source.take(pa.array(indices, type=pa.int64())).combine_chunks()
    _MEMO[engine] = _Memo(tag, dict(zip(ids, range(len(ids)), strict=True)), keys, table)
    return visible, table


def _cached_texts(engine: Engine, mention_ids: Sequence[int], tag: str) -> dict[int, bytes]:
    """Stored feature rows (JSON text) of these mention versions, by this feature code."""
    out: dict[int, bytes] = {}
    columns = (MentionFeatures.mention_id, cast(MentionFeatures.features, Text))
    with engine.connect() as conn:
        if len(mention_ids) > 5000:  # most of the county: one scan beats many look-ups
            wanted = set(mention_ids)
            scan = select(*columns).where(MentionFeatures.fingerprint == tag)
            out.update((i, text.encode()) for i, text in conn.execute(scan) if i in wanted)
            return out
        for start in range(0, len(mention_ids), 500):
            query = select(*columns).where(
                MentionFeatures.mention_id.in_(mention_ids[start : start + 500]),
                MentionFeatures.fingerprint == tag,
            )
            out.update((i, text.encode()) for i, text in conn.execute(query))
    return out


def _table(texts: Sequence[bytes]) -> pa.Table:
    """Stored feature rows (JSON) → an Arrow table with ``SCHEMA``, parsed in C++."""
    if not texts:
        return SCHEMA.empty_table()
    options = pa_json.ParseOptions(explicit_schema=_JSON_SCHEMA, unexpected_field_behavior="ignore")
    read = pa_json.read_json(io.BytesIO(b"\n".join(texts)), parse_options=options)
    return pa.table([read.column(n).cast(SCHEMA.field(n).type) for n in SCHEMA.names], SCHEMA)


def visible_count(engine: Engine, actor: Actor, as_of: datetime | None) -> int:
    """How many person-mention versions are visible at ``as_of``."""
    del actor
    query = select(func.count()).select_from(Mention).join(Record, Record.id == Mention.record_pk)
    with engine.connect() as conn:
        return int(conn.execute(query.where(visible_at(as_of))).scalar_one())


def load_inputs(
    engine: Engine, actor: Actor, mention_ids: Iterable[int]
) -> dict[int, MentionInput]:
    """The stored fields of these mention versions, by mention id."""
    del actor
    wanted = sorted(set(mention_ids))
    out: dict[int, MentionInput] = {}
    with engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = input_select(Mention.id.label("mention_pk")).where(Mention.id.in_(chunk))
            for row in conn.execute(query):
                out[row.mention_pk] = mention_input(row._mapping)
    return out


def summary_inputs(
    engine: Engine, actor: Actor, mention_ids: Iterable[int]
) -> dict[str, MentionInput]:
    """What a person summary reads of these mention versions (names, date of birth, age,
    the description's apparent age, whether the record says they are a child, the record's
    date), by mention key: as ``load_inputs`` gives them, so an incremental run summarises
    a person as a full run does."""
    return {m.mention_key: m for m in load_inputs(engine, actor, mention_ids).values()}


def feature_rows(
    engine: Engine,
    actor: Actor,
    visible: Sequence[VisibleMention],
    inputs: Mapping[int, MentionInput] | None = None,
) -> dict[str, dict[str, Any]]:
    """Feature rows of the ``visible`` mention versions by mention key: cached ones read
    back, the rest computed (from ``inputs`` when given, else loaded) and cached."""
    wanted = {v.mention_id for v in visible}
    cached: dict[int, dict[str, Any]] = {}
    with engine.connect() as conn:
        query = select(MentionFeatures.mention_id, MentionFeatures.features).where(
            MentionFeatures.fingerprint == fingerprint()
        )
        for mention_id, features in conn.execute(query):
            if mention_id in wanted:
                cached[mention_id] = _decode(features)
    missing = [v.mention_id for v in visible if v.mention_id not in cached]
    known = inputs or {}
    to_load = [i for i in missing if i not in known]
    loaded = {**known, **(load_inputs(engine, actor, to_load) if to_load else {})}
    fresh = {i: feature_row(loaded[i]) for i in missing}
    _store(engine, fresh)
    rows = {**cached, **fresh}
    return {v.mention_key: rows[v.mention_id] for v in visible}


def _store(engine: Engine, rows: Mapping[int, Mapping[str, Any]]) -> None:
    if not rows:
        return
    ids = sorted(rows)
    tag = fingerprint()
    with engine.begin() as conn:
        stale: set[int] = set()
        for start in range(0, len(ids), 500):
            stale.update(
                conn.execute(
                    select(MentionFeatures.mention_id).where(
                        MentionFeatures.mention_id.in_(ids[start : start + 500])
                    )
                ).scalars()
            )
        if stale:  # computed by an older version of the feature code
            chunks = sorted(stale)
            for start in range(0, len(chunks), 500):
                conn.execute(
                    delete(MentionFeatures).where(
                        MentionFeatures.mention_id.in_(chunks[start : start + 500])
                    )
                )
        values = [{"mention_id": i, "fingerprint": tag, "features": _encode(rows[i])} for i in ids]
        for start in range(0, len(values), 5000):
            conn.execute(insert(MentionFeatures), values[start : start + 5000])


def _encode(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for name in _DATES:
        value = out.get(name)
        if isinstance(value, date):
            out[name] = value.isoformat()
    return out


def _decode(stored: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(stored)
    for name in _DATES:
        value = out.get(name)
        if isinstance(value, str):
            out[name] = date.fromisoformat(value)
    return out

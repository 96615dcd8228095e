"""Tables of the records spine: batches, source files, record versions and what they name.

A record is stored once per version. ``is_latest`` marks the newest version of a key;
``replaced_at`` is the ``recorded_at`` from which a version stops being visible (a newer
version, or a record that ``supersedes`` it). Datetimes are UK local wall-clock time,
naive, the way agencies record them. Mentions and objects hang off one record version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class IdBlock(Base):
    """Counters from which ingest allocates blocks of primary keys inside its transaction."""

    __tablename__ = "id_blocks"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class IngestBatch(Base):
    """One run of ``heron ingest``: who ran it, on what, and what happened."""

    __tablename__ = "ingest_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20))  # running, done, interrupted, failed
    source_format: Mapped[str] = mapped_column(String(40))
    stored: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    amended: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)


class SourceFile(Base):
    """A file read by a batch; its checksum is known once it has been read to the end."""

    __tablename__ = "source_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batches.id"), index=True)
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    lines: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # reading, done, truncated, unreadable


class Record(Base):
    """One version of one record as an agency wrote it, with its provenance."""

    __tablename__ = "records"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        Index("ix_records_visible", "recorded_at", "replaced_at"),
        Index(
            "ix_records_supersedes",
            "supersedes",
            sqlite_where=text("supersedes IS NOT NULL"),
            postgresql_where=text("supersedes IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(300))  # agency:id
    agency: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    is_latest: Mapped[bool] = mapped_column(Boolean)
    content_sha256: Mapped[str] = mapped_column(String(64))
    sector: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    occurred_is_date: Mapped[bool] = mapped_column(Boolean)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime)
    supersedes: Mapped[str | None] = mapped_column(String(200))
    recorded_by_name: Mapped[str | None] = mapped_column(Text)
    recorded_by_role: Mapped[str | None] = mapped_column(Text)
    codes: Mapped[list[Any]] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batches.id"))
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    # indexed (0005): is a run for a date still current, or was anything ingested since?
    ingested_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Mention(Base):
    """A person named in a record version, fields as recorded."""

    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    mention_key: Mapped[str] = mapped_column(String(400), index=True)
    ref: Mapped[str] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(20))
    given_name: Mapped[str | None] = mapped_column(Text)
    family_name: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[list[Any]] = mapped_column(JSON)
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    age: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(1))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(60))
    nhs_number: Mapped[str | None] = mapped_column(String(40))
    upn: Mapped[str | None] = mapped_column(String(40))
    pnc_id: Mapped[str | None] = mapped_column(String(40))
    local_id: Mapped[str | None] = mapped_column(String(100))
    identifiers: Mapped[dict[str, Any]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)


class VehicleMention(Base):
    """A vehicle named in a record version; registration exactly as recorded."""

    __tablename__ = "vehicle_mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    object_key: Mapped[str] = mapped_column(String(400))
    registration: Mapped[str | None] = mapped_column(String(40))
    make: Mapped[str | None] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    colour: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)


class PhoneMention(Base):
    """A phone number named in a record version (record-level or on a person mention)."""

    __tablename__ = "phone_mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    object_key: Mapped[str] = mapped_column(String(400))
    number: Mapped[str] = mapped_column(String(60))
    role: Mapped[str | None] = mapped_column(Text)
    mention_ref: Mapped[str | None] = mapped_column(String(100))


class HandleMention(Base):
    """An online handle named in a record version."""

    __tablename__ = "handle_mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    object_key: Mapped[str] = mapped_column(String(400))
    platform: Mapped[str | None] = mapped_column(Text)
    handle: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)


class LocationMention(Base):
    """A place named in a record version: scene, where a child was found, or a placement."""

    __tablename__ = "location_mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    object_key: Mapped[str] = mapped_column(String(400))
    context: Mapped[str] = mapped_column(String(20))  # location, found_at, placement
    name: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str | None] = mapped_column(String(30))


class QuarantinedLine(Base):
    """An input line that could not be stored, with the reason; the raw bytes are kept."""

    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("source_path", "line_no", "line_sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batches.id"), index=True)
    source_path: Mapped[str] = mapped_column(Text)
    line_no: Mapped[int] = mapped_column(Integer)
    line_sha256: Mapped[str] = mapped_column(String(64))
    line_length: Mapped[int] = mapped_column(Integer)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    raw_truncated: Mapped[bool] = mapped_column(Boolean)
    record_key: Mapped[str | None] = mapped_column(String(300))
    field: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    quarantined_at: Mapped[datetime] = mapped_column(DateTime)


# ─── Identity resolution (owned by heron.identity; see docs/identity.md) ────────────────────
# A linking run resolves the mentions visible at its ``as_of`` into persons. Each run keeps
# its own assignment and person summaries, so earlier answers stay reproducible; person ids
# live in ``person_ids`` and persist across runs.


class IdentityRun(Base):
    """One ``heron link`` run: what it saw (``as_of``), the trained model, what it found."""

    __tablename__ = "identity_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[datetime | None] = mapped_column(DateTime)  # None: everything recorded
    actor: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    model_name: Mapped[str] = mapped_column(String(40))
    model: Mapped[dict[str, Any]] = mapped_column(JSON)  # trained Splink settings
    threshold: Mapped[float] = mapped_column(Float)
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    persons: Mapped[int] = mapped_column(Integer, default=0)
    new_persons: Mapped[int] = mapped_column(Integer, default=0)
    merges: Mapped[int] = mapped_column(Integer, default=0)
    splits: Mapped[int] = mapped_column(Integer, default=0)
    mode: Mapped[str | None] = mapped_column(String(20))  # full, incremental (0004)
    trained_mentions: Mapped[int | None] = mapped_column(Integer)  # model trained on (0004)
    changed: Mapped[int | None] = mapped_column(Integer)  # mentions re-linked (0004)
    # As of a date earlier than a run already stored: no merge/split history (0005).
    historical: Mapped[bool | None] = mapped_column(Boolean)


class PersonId(Base):
    """A person id ever handed out (``P000123``); ids are never reused."""

    __tablename__ = "person_ids"
    person_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"))


class PersonRow(Base):
    """A resolved person as one run found it, with the fields an analyst reads first."""

    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("run_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(12))
    given_name: Mapped[str | None] = mapped_column(Text)
    family_name: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    is_child: Mapped[bool | None] = mapped_column(Boolean)
    mention_count: Mapped[int] = mapped_column(Integer)


class PersonMention(Base):
    """Which person one run assigned a mention to (every visible mention, exactly once)."""

    __tablename__ = "person_mentions"
    __table_args__ = (UniqueConstraint("run_id", "mention_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"), index=True)
    mention_key: Mapped[str] = mapped_column(String(400))
    person_id: Mapped[str] = mapped_column(String(12), index=True)


class IdentityLink(Base):
    """A scored pair that joined two clusters in a run, with each comparison's weight."""

    __tablename__ = "identity_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"), index=True)
    left_key: Mapped[str] = mapped_column(String(400))
    right_key: Mapped[str] = mapped_column(String(400))
    match_weight: Mapped[float] = mapped_column(Float)
    match_probability: Mapped[float] = mapped_column(Float)
    gammas: Mapped[list[Any]] = mapped_column(JSON)
    weights: Mapped[list[Any]] = mapped_column(JSON)


class IdentityEvent(Base):
    """A change between runs: a person created, merged into another, split, or retired."""

    __tablename__ = "identity_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # new, merge, split, retired
    person_id: Mapped[str] = mapped_column(String(12))
    others: Mapped[list[Any]] = mapped_column(JSON)  # the other person ids involved
    mentions: Mapped[int] = mapped_column(Integer)  # mentions that moved


class IdentityDecision(Base):
    """A person's decision about two mentions: the same person (confirm) or not (reject),
    or the withdrawal of an earlier decision (withdraw, naming it in ``withdraws``)."""

    __tablename__ = "identity_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # confirm, reject, withdraw
    left_key: Mapped[str] = mapped_column(String(400))
    right_key: Mapped[str] = mapped_column(String(400))
    actor: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)
    # When a withdraw event stopped it applying (that event holds who and why).
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Decisions made as one (a split's confirmations and rejections): the first one's id (0005).
    group_id: Mapped[int | None] = mapped_column(Integer)
    withdraws: Mapped[int | None] = mapped_column(Integer)  # the decision withdrawn (0005)


class ResolvedObject(Base):
    """Which phone, vehicle or place one run resolved an object mention to, and how surely."""

    __tablename__ = "object_assignments"
    __table_args__ = (UniqueConstraint("run_id", "object_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"), index=True)
    object_key: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(20))  # phone, vehicle, location
    object_id: Mapped[str] = mapped_column(String(500), index=True)
    method: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)


# ─── Alerts (owned by heron.alerts; see docs/alerts.md) ─────────────────────────────────────
# An alert keeps one id across syncs. Each sync that sees its finding stores a snapshot keyed
# by the sync's ``as_of``; the alert as of D is the union of its snapshots up to D. The
# ``alerts`` row caches the newest view and carries the lifecycle state; every transition,
# growth, merge and escalation is an ``alert_events`` row with who and when.


class AlertRow(Base):
    """An alert (``A00017``): its kind, subject, first as-of, newest content and state."""

    __tablename__ = "alerts"
    alert_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # network, child, watch
    subject: Mapped[str | None] = mapped_column(String(500), index=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime)  # earliest as-of a sync saw it
    last_seen_as_of: Mapped[datetime] = mapped_column(DateTime)
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    explanation: Mapped[list[Any]] = mapped_column(JSON)
    children: Mapped[list[Any]] = mapped_column(JSON)
    adults: Mapped[list[Any]] = mapped_column(JSON)
    objects: Mapped[list[Any]] = mapped_column(JSON)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), index=True)
    state_since: Mapped[datetime] = mapped_column(DateTime)
    assigned_to: Mapped[str | None] = mapped_column(Text)
    merged_into: Mapped[str | None] = mapped_column(String(12))
    merged_as_of: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AlertSnapshot(Base):
    """What one sync saw of an alert as of its date: members, evidence, score, summary."""

    __tablename__ = "alert_snapshots"
    __table_args__ = (UniqueConstraint("alert_id", "as_of"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.alert_id"), index=True)
    as_of: Mapped[datetime] = mapped_column(DateTime)
    synced_at: Mapped[datetime] = mapped_column(DateTime)
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    explanation: Mapped[list[Any]] = mapped_column(JSON)
    children: Mapped[list[Any]] = mapped_column(JSON)
    adults: Mapped[list[Any]] = mapped_column(JSON)
    objects: Mapped[list[Any]] = mapped_column(JSON)
    evidence: Mapped[list[Any]] = mapped_column(JSON)


class AlertEvent(Base):
    """A change to an alert: raised, grew, merged, apart, unseen, a lifecycle step, an
    escalation."""

    __tablename__ = "alert_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.alert_id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)  # when it happened (as-of for syncs)
    as_of: Mapped[datetime | None] = mapped_column(DateTime)  # the sync's as-of, if any
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class Watch(Base):
    """A named person, vehicle or place: any agency recording it again raises an alert."""

    __tablename__ = "watches"
    watch_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # person, vehicle, place
    target: Mapped[str] = mapped_column(String(500), index=True)  # person or object id
    reason: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(DateTime)  # records recorded after this count
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    removed_by: Mapped[str | None] = mapped_column(String(200))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_reason: Mapped[str | None] = mapped_column(Text)


# ─── Identity: incremental linking and review (owned by heron.identity; docs/identity.md) ──
# Feature rows are cached per mention version (``mentions.id``), so a later run re-features
# only new or replaced versions; the review queue keeps each run's pairs worth a person's look.


class MentionFeatures(Base):
    """One mention version's feature row, as ``heron.identity.features`` computed it."""

    __tablename__ = "mention_features"
    mention_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    fingerprint: Mapped[str] = mapped_column(String(16))  # the feature code's version
    features: Mapped[dict[str, Any]] = mapped_column(JSON)


class IdentityReviewPair(Base):
    """A pair a run left uncertain (middle band) or kept apart only by a hard rule."""

    __tablename__ = "identity_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("identity_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # uncertain, kept_apart
    left_key: Mapped[str] = mapped_column(String(400))
    right_key: Mapped[str] = mapped_column(String(400))
    match_weight: Mapped[float] = mapped_column(Float)
    match_probability: Mapped[float] = mapped_column(Float)
    gammas: Mapped[list[Any]] = mapped_column(JSON)
    weights: Mapped[list[Any]] = mapped_column(JSON)
    rule: Mapped[str | None] = mapped_column(Text)  # for kept_apart: which rule

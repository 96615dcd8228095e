"""Ingesting records files into the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from heron.access import system_actor
from heron.ingest import IngestError, IngestSummary, ingest_paths
from heron.settings import Settings
from heron.store.models import (
    HandleMention,
    IngestBatch,
    LocationMention,
    Mention,
    PhoneMention,
    QuarantinedLine,
    Record,
    SourceFile,
    VehicleMention,
)
from tests.factories import record, write_jsonl

ACTOR = system_actor("test")


def ingest(engine: Engine, *paths: Path, chunk: int = 3) -> IngestSummary:
    settings = Settings(ingest_chunk_size=chunk)
    return ingest_paths(engine, list(paths), ACTOR, settings)


def counts(summary: IngestSummary) -> tuple[int, int, int, int]:
    c = summary.counts
    return c.stored, c.unchanged, c.amended, c.quarantined


def count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_records_mentions_and_objects_are_stored_with_provenance(
    engine: Engine, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "tvp.jsonl", [record(f"INC-{i}") for i in range(7)])
    assert counts(ingest(engine, path)) == (7, 0, 0, 0)
    assert count(engine, Record) == 7
    assert count(engine, Mention) == 14
    assert count(engine, VehicleMention) == 7
    assert count(engine, PhoneMention) == 14  # one record-level, one on a person
    assert count(engine, HandleMention) == 7
    assert count(engine, LocationMention) == 7
    with Session(engine) as session:
        rec = session.scalars(select(Record).where(Record.key == "tvp:INC-3")).one()
        assert (rec.line_no, rec.version, rec.is_latest) == (4, 1, True)
        assert len(rec.content_sha256) == 64
        source = session.get(SourceFile, rec.source_file_id)
        assert source is not None and source.path == str(path) and source.status == "done"
        assert source.sha256 is not None and source.lines == 7
        batch = session.get(IngestBatch, rec.batch_id)
        assert batch is not None and batch.status == "done" and batch.actor == "system:test"
        assert rec.payload["persons"][1]["aliases"] == ["Bluey"]
        keys = set(session.scalars(select(Mention.mention_key).where(Mention.record_pk == rec.id)))
        assert keys == {"tvp:INC-3#c", "tvp:INC-3#a1"}
        mention = session.scalars(select(Mention).where(Mention.mention_key == "tvp:INC-3#c")).one()
        assert (mention.local_id, mention.date_of_birth, mention.sex) == ("X1", "1993-05-02", "F")
        found_at = session.scalars(
            select(LocationMention).where(
                LocationMention.object_key == "tvp:INC-3#attributes.found_at"
            )
        ).one()
        assert (found_at.kind, found_at.postcode) == ("hotel", "OX4 1AB")


def test_mentions_without_ref_are_keyed_by_index(engine: Engine, tmp_path: Path) -> None:
    rec = record(persons=[{"given_name": "A"}, {"given_name": "B"}], attributes={})
    ingest(engine, write_jsonl(tmp_path / "a.jsonl", [rec]))
    with Session(engine) as session:
        assert set(session.scalars(select(Mention.mention_key))) == {"tvp:INC-1#0", "tvp:INC-1#1"}


def test_reingesting_the_same_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record(f"R{i}") for i in range(5)])
    ingest(engine, path)
    assert counts(ingest(engine, path)) == (0, 5, 0, 0)
    assert count(engine, Record) == 5
    assert count(engine, Mention) == 10


def test_key_order_and_whitespace_are_not_changes(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, write_jsonl(tmp_path / "a.jsonl", [record()]))
    reordered = dict(reversed(list(record().items())))
    again = write_jsonl(tmp_path / "b.jsonl", [reordered])
    assert counts(ingest(engine, again)) == (0, 1, 0, 0)


def test_changed_content_is_a_new_version_and_the_old_one_is_kept(
    engine: Engine, tmp_path: Path
) -> None:
    ingest(engine, write_jsonl(tmp_path / "a.jsonl", [record(text="first")]))
    amended = record(text="second", recorded_at="2007-03-05T09:00")
    assert counts(ingest(engine, write_jsonl(tmp_path / "b.jsonl", [amended]))) == (0, 0, 1, 0)
    with Session(engine) as session:
        versions = session.scalars(select(Record).order_by(Record.version)).all()
        assert [(v.version, v.text, v.is_latest) for v in versions] == [
            (1, "first", False),
            (2, "second", True),
        ]
        assert versions[0].replaced_at is not None
        assert versions[0].replaced_at.isoformat() == "2007-03-05T09:00:00"
        assert versions[1].replaced_at is None
    assert count(engine, Mention) == 4  # each version keeps its own mentions


def test_reingesting_an_original_after_its_reissue_changes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    original = write_jsonl(tmp_path / "a.jsonl", [record(text="first")])
    reissue = write_jsonl(tmp_path / "b.jsonl", [record(text="second")])
    ingest(engine, original)
    ingest(engine, reissue)
    assert counts(ingest(engine, original)) == (0, 1, 0, 0)
    assert counts(ingest(engine, reissue)) == (0, 1, 0, 0)
    assert count(engine, Record) == 2


def test_two_versions_in_one_chunk(engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record(text="a"), record(text="b"), record(text="b")])
    assert counts(ingest(engine, path, chunk=10)) == (1, 1, 1, 0)
    with Session(engine) as session:
        latest = session.scalars(select(Record).where(Record.is_latest.is_(True))).one()
        assert (latest.version, latest.text) == (2, "b")


@pytest.mark.parametrize("order", ["original_first", "amendment_first"])
def test_supersedes_hides_the_earlier_record_in_either_order(
    engine: Engine, tmp_path: Path, order: str
) -> None:
    original = record("INC-1", text="original")
    amendment = record("INC-1A", supersedes="INC-1", recorded_at="2007-03-09T10:00")
    files = [
        write_jsonl(tmp_path / "1.jsonl", [original]),
        write_jsonl(tmp_path / "2.jsonl", [amendment]),
    ]
    if order == "amendment_first":
        files.reverse()
    for path in files:
        ingest(engine, path)
    with Session(engine) as session:
        rows = {r.key: r for r in session.scalars(select(Record))}
    assert rows["tvp:INC-1"].replaced_at is not None
    assert rows["tvp:INC-1"].replaced_at.isoformat() == "2007-03-09T10:00:00"
    assert rows["tvp:INC-1A"].replaced_at is None


def test_bad_lines_are_quarantined_and_the_rest_stored(engine: Engine, tmp_path: Path) -> None:
    lines = [record("A"), "{not json", record("B", sector="pol"), record("C"), b"\xff\xfe{}"]
    summary = ingest(engine, write_jsonl(tmp_path / "a.jsonl", lines))
    assert counts(summary) == (2, 0, 0, 3)
    with Session(engine) as session:
        bad = session.scalars(select(QuarantinedLine).order_by(QuarantinedLine.line_no)).all()
    assert [(q.line_no, q.field) for q in bad] == [(2, None), (3, "sector"), (5, None)]
    assert "not valid JSON" in bad[0].reason
    assert bad[1].record_key == "tvp:B" and "expected one of" in bad[1].reason
    assert "UTF-8" in bad[2].reason and bad[2].raw == b"\xff\xfe{}"


def test_quarantine_is_not_duplicated_on_reingest(engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record("A"), "{bad"])
    ingest(engine, path)
    ingest(engine, path)
    assert count(engine, QuarantinedLine) == 1


def test_truncated_gzip_keeps_what_was_readable(engine: Engine, tmp_path: Path) -> None:
    whole = write_jsonl(tmp_path / "w.jsonl.gz", [record(f"R{i}") for i in range(3000)])
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    summary = ingest(engine, cut, chunk=500)
    stored, _, _, quarantined = counts(summary)
    assert 0 < stored < 3000 and quarantined == 1
    assert summary.files[0].status == "truncated"
    with Session(engine) as session:
        problem = session.scalars(select(QuarantinedLine)).one()
    assert "ends early" in problem.reason and problem.line_no == stored + 1


def test_folders_are_read_recursively(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "police").mkdir()
    write_jsonl(tmp_path / "police" / "a.jsonl", [record("A")])
    write_jsonl(tmp_path / "b.jsonl.gz", [record("B", agency="wgh", sector="health")])
    assert counts(ingest(engine, tmp_path)) == (2, 0, 0, 0)


def test_missing_path_and_unknown_format_are_clear_errors(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest(engine, tmp_path / "nope.jsonl")
    with pytest.raises(IngestError, match="unknown format"):
        ingest_paths(engine, [tmp_path], ACTOR, Settings(), source_format="csv")

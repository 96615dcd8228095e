"""Fuzzing the ingester: broken files and random lines never raise, never lose a good line,
and every bad line is quarantined with its reason."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from heron.access import system_actor
from heron.ingest import ingest_paths
from heron.ingest.parse import Prepared, Rejected, prepare_line
from heron.ingest.reader import BOM, Line
from heron.ingest.rows import RowContext
from heron.settings import Settings
from heron.store.db import open_store
from heron.store.models import QuarantinedLine, Record
from tests.factories import record

CTX = RowContext(1, 1, "2026-01-01 00:00:00.000000")
GOOD = orjson.dumps(record("GOOD-1"))
GOOD2 = orjson.dumps(record("GOOD-2"))


def _broken(name: str) -> bytes:
    """One broken file's bytes: a good line, the breakage, another good line (where possible)."""
    bad: dict[str, bytes] = {
        "invalid_utf8": b'{"id": "\xff\xfe", "agency": "x"}',
        "wrong_types": orjson.dumps(record("W", persons="nobody")),
        "missing_required": orjson.dumps({k: v for k, v in record("M").items() if k != "type"}),
        "unknown_enum": orjson.dumps(record("E", type="burglary")),
        "impossible_date": orjson.dumps(record("D", occurred_at="2007-02-30")),
        "impossible_dob": orjson.dumps(
            record("B", persons=[{"date_of_birth": "2001-02-29"}], attributes={})
        ),
        "very_long_line": orjson.dumps(record("L", text="x" * 3_000_000)),
        "top_level_array": b"[1, 2, 3]",
        "truncated_json": GOOD[:40],
        "nul_character": orjson.dumps(record("N", text="a\u0000b")),
        "lone_surrogate": b'{"id": "\\ud800", "agency": "x"}',
        "deep_nesting": b"[" * 5000 + b"]" * 5000,
        "huge_number": orjson.dumps(record("H"))[:-1] + b', "n": 1' + b"0" * 400 + b"}",
        "binary_garbage": bytes(b for b in range(1, 255) if b not in (10, 13)),
    }
    return GOOD + b"\n" + bad[name] + b"\n" + GOOD2 + b"\n"


BROKEN = [
    "invalid_utf8", "wrong_types", "missing_required", "unknown_enum", "impossible_date",
    "impossible_dob", "very_long_line", "top_level_array", "truncated_json", "nul_character",
    "lone_surrogate", "deep_nesting", "huge_number", "binary_garbage",
]  # fmt: skip

SMALL = Settings(ingest_max_line_bytes=1_000_000, ingest_chunk_size=2)


def keys(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.scalars(select(Record.key)))


def quarantine(engine: Engine) -> list[QuarantinedLine]:
    with Session(engine) as session:
        return list(session.scalars(select(QuarantinedLine).order_by(QuarantinedLine.line_no)))


@pytest.mark.parametrize("name", BROKEN)
def test_broken_line_is_quarantined_and_neighbours_stored(
    engine: Engine, tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(_broken(name))
    summary = ingest_paths(engine, [path], system_actor("fuzz"), SMALL)
    assert keys(engine) == {"tvp:GOOD-1", "tvp:GOOD-2"}
    [bad] = quarantine(engine)
    assert bad.line_no == 2 and bad.reason
    assert summary.counts.quarantined == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom", b"\xef\xbb\xbf" + GOOD + b"\n" + GOOD2 + b"\n"),
        ("windows_line_endings", GOOD + b"\r\n" + GOOD2 + b"\r\n"),
        ("no_final_newline", GOOD + b"\n" + GOOD2),
        ("blank_lines", b"\n\n" + GOOD + b"\n   \n" + GOOD2 + b"\n\n"),
    ],
)
def test_harmless_oddities_are_read_cleanly(
    engine: Engine, tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(data)
    ingest_paths(engine, [path], system_actor("fuzz"), SMALL)
    assert keys(engine) == {"tvp:GOOD-1", "tvp:GOOD-2"}
    assert quarantine(engine) == []


def test_empty_file_and_truncated_gzip(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    packed = gzip.compress(b"\n".join([GOOD, GOOD2] * 2000))
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) - 50])
    summary = ingest_paths(engine, [tmp_path], system_actor("fuzz"), Settings())
    assert keys(engine) == {"tvp:GOOD-1", "tvp:GOOD-2"}
    assert summary.counts.quarantined == 1
    assert "ends early" in quarantine(engine)[0].reason


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300))
def test_parse_line_never_raises_on_any_bytes(raw: bytes) -> None:
    result = prepare_line(Line(1, raw, len(raw)), 10_000, CTX)
    assert isinstance(result, Prepared | Rejected)
    if isinstance(result, Rejected):
        assert result.reason


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=["Cs"]), max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text("abcdefgh", max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = ["id", "agency", "sector", "type", "occurred_at", "recorded_at", "persons", "vehicles",
          "phones", "attributes", "text", "codes", "supersedes", "location"]  # fmt: skip


@st.composite
def lines(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A line and whether it is a good record by construction."""
    text = draw(
        st.text(
            st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=30
        )
    )
    rec: dict[str, Any] = record(f"R{draw(st.integers(0, 30))}", text=text)
    kind = draw(st.sampled_from(["good", "drop", "replace", "bytes"]))
    if kind == "good":
        return orjson.dumps(rec), True
    if kind == "drop":
        rec.pop(draw(st.sampled_from(FIELDS)), None)
    elif kind == "replace":
        rec[draw(st.sampled_from(FIELDS))] = draw(json_values)
    else:
        return draw(st.binary(min_size=1, max_size=80)).replace(b"\n", b" "), False
    return orjson.dumps(rec), False


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines(), min_size=1, max_size=25))
def test_random_files_every_line_is_stored_or_quarantined(items: list[tuple[bytes, bool]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(raw for raw, _ in items) + b"\n")
        engine = open_store(f"sqlite:///{folder}/fuzz.db")
        summary = ingest_paths(engine, [path], system_actor("fuzz"), SMALL)
        c = summary.counts
        # The reader drops a byte-order mark at the start of the file and trailing CR/LF.
        items = [
            (raw.removeprefix(BOM) if i == 0 else raw, good) for i, (raw, good) in enumerate(items)
        ]
        items = [(raw.rstrip(b"\r\n"), good) for raw, good in items]
        non_blank = sum(1 for raw, _ in items if raw.strip())
        assert c.stored + c.unchanged + c.amended + c.quarantined == non_blank
        with Session(engine) as session:
            stored = {(r.key, r.content_sha256) for r in session.scalars(select(Record))}
            quarantined = set(session.scalars(select(QuarantinedLine.line_no)))
        for line_no, (raw, good) in enumerate(items, start=1):
            parsed = prepare_line(Line(line_no, raw, len(raw)), SMALL.ingest_max_line_bytes, CTX)
            if good:
                assert isinstance(parsed, Prepared)
            if isinstance(parsed, Prepared):
                assert (parsed.key, parsed.content_sha256) in stored, "a good line was lost"
            elif raw.strip():
                assert line_no in quarantined, "a bad line was not quarantined"
        engine.dispose()

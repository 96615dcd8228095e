"""``heron link``, ``heron export persons`` and ``heron identity`` from the command line."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from heron.access import system_actor
from heron.cli.main import app
from heron.ingest import ingest_paths
from heron.settings import Settings, get_settings
from heron.store.db import open_store
from heron.store.models import IdentityDecision
from tests.identity.households import first_batch, write

runner = CliRunner()


def _ingested(db_url: str, tmp_path: Path) -> None:
    engine = open_store(db_url)
    ingest_paths(engine, [write(tmp_path, first_batch(), "a.jsonl")], system_actor("t"), Settings())
    engine.dispose()


def test_link_then_export_persons_as_json_lines(db_url: str, tmp_path: Path) -> None:
    _ingested(db_url, tmp_path)
    linked = runner.invoke(app, ["link", "--db", db_url])
    assert linked.exit_code == 0, linked.output
    assert "11 mentions" in linked.stdout
    exported = runner.invoke(app, ["export", "persons", "--db", db_url])
    assert exported.exit_code == 0, exported.output
    rows = [orjson.loads(line) for line in exported.stdout.splitlines()]
    assert sum(len(r["mentions"]) for r in rows) == 11
    earlier = runner.invoke(app, ["export", "persons", "--as-of", "2006-12-31", "--db", db_url])
    keys = {k for line in earlier.stdout.splitlines() for k in orjson.loads(line)["mentions"]}
    assert keys == {"ouh:ED-1#0", "ouh:ED-2#0", "tvp:INC-1#0", "tvp:INC-1#1"}


def test_explain_and_decide(db_url: str, tmp_path: Path) -> None:
    _ingested(db_url, tmp_path)
    runner.invoke(app, ["link", "--db", db_url])
    explained = runner.invoke(
        app, ["identity", "explain", "ouh:ED-1#0", "ouh:ED-2#0", "--db", db_url]
    )
    assert explained.exit_code == 0, explained.output
    assert "same NHS number" in explained.stdout
    rejected = runner.invoke(
        app,
        ["identity", "reject", "ouh:ED-1#0", "ouh:ED-2#0", "--reason", "checked", "--by", "ann",
         "--db", db_url],
    )  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    assert "stored" in rejected.stdout
    bad = runner.invoke(app, ["link", "--as-of", "yesterday-ish", "--db", db_url])
    assert bad.exit_code != 0


def test_an_empty_store_links_to_no_persons(db_url: str) -> None:
    linked = runner.invoke(app, ["link", "--db", db_url])
    assert linked.exit_code == 0, linked.output
    exported = runner.invoke(app, ["export", "persons", "--db", db_url])
    assert exported.exit_code == 0 and exported.stdout == ""
    missing = runner.invoke(app, ["identity", "explain", "a:1#0", "b:1#0", "--db", db_url])
    assert missing.exit_code == 1


def _decisions(db_url: str) -> list[tuple[int, str, str, int | None]]:
    engine = open_store(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                IdentityDecision.id,
                IdentityDecision.kind,
                IdentityDecision.actor,
                IdentityDecision.withdraws,
            ).order_by(IdentityDecision.id)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_decisions_name_the_analyst_and_can_be_withdrawn(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingested(db_url, tmp_path)
    runner.invoke(app, ["link", "--db", db_url])
    pair = ["ouh:ED-1#0", "ouh:ED-2#0"]
    unknown = runner.invoke(
        app, ["identity", "confirm", "ouh:ED-1#0", "ouh:ED-77#0", "--reason", "x", "--by", "ann",
              "--db", db_url],
    )  # fmt: skip
    assert unknown.exit_code != 0 and "no such mention: ouh:ED-77#0" in unknown.output
    nobody = runner.invoke(app, ["identity", "reject", *pair, "--reason", "x", "--db", db_url])
    assert nobody.exit_code != 0 and "say who is deciding" in nobody.output
    rejected = runner.invoke(
        app, ["identity", "reject", *pair, "--reason", "checked", "--by", "ann", "--db", db_url]
    )
    assert rejected.exit_code == 0, rejected.output
    monkeypatch.setenv("HERON_ANALYST", "bob.k")
    get_settings.cache_clear()
    try:
        withdrawn = runner.invoke(
            app, ["identity", "withdraw", "1", "--reason", "wrong pair", "--db", db_url]
        )
    finally:
        get_settings.cache_clear()
    assert withdrawn.exit_code == 0, withdrawn.output
    assert _decisions(db_url) == [(1, "reject", "user:ann", None), (2, "withdraw", "user:bob.k", 1)]

"""``heron export alerts`` lines exactly per cli-and-exports-v1, and the alerts commands."""

from __future__ import annotations

import orjson
from sqlalchemy import Engine
from typer.testing import CliRunner

from heron.alerts import sync_alerts
from heron.cli.main import app
from tests.alerts.helpers import SYSTEM, child, day, network

runner = CliRunner()
FIELDS = ["alert_id", "kind", "raised_at", "score", "persons", "children", "adults", "summary",
          "evidence"]  # fmt: skip


def test_export_alerts_follows_the_contract(engine: Engine, db_url: str) -> None:
    found = network(("P000123",), ("P000456",), ("tvp:INC-2007-0042", "ouh:ED-88"), 0.93)
    sync_alerts(engine, SYSTEM, day("2008-11-30"), [found])
    sync_alerts(engine, SYSTEM, day("2008-12-31"), [child("P000123", ("tvp:INC-2007-0042",))])
    result = runner.invoke(app, ["export", "alerts", "--db", db_url])
    assert result.exit_code == 0, result.output
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {
        "alert_id": "A00001", "kind": "network", "raised_at": "2008-11-30", "score": 0.93,
        "persons": ["P000123", "P000456"], "children": ["P000123"], "adults": ["P000456"],
        "summary": "1 children linked to the same 1 adults",
        "evidence": ["ouh:ED-88", "tvp:INC-2007-0042"],
    }  # fmt: skip
    assert all(list(line) == FIELDS for line in lines)
    assert [x["kind"] for x in lines] == ["network", "child"]
    earlier = runner.invoke(app, ["export", "alerts", "--as-of", "2008-12-01", "--db", db_url])
    assert [orjson.loads(x)["alert_id"] for x in earlier.stdout.splitlines()] == ["A00001"]


def test_the_alert_commands_drive_the_lifecycle(engine: Engine, db_url: str) -> None:
    sync_alerts(engine, SYSTEM, day("2008-11-30"), [child("P000123", ("tvp:1",))])
    base = ["--db", db_url]
    ok = runner.invoke(app, ["alerts", "triage", "A00001", "--by", "DS Khan", "--note", "seen",
                             "--at", "2008-12-01", *base])  # fmt: skip
    assert ok.exit_code == 0 and "triaged" in ok.stdout
    refused = runner.invoke(app, ["alerts", "close", "A00001", "--by", "DS Khan",
                                  "--rationale", " ", *base])  # fmt: skip
    assert refused.exit_code == 1
    shown = runner.invoke(app, ["alerts", "show", "A00001", *base])
    assert "triage new→triaged by user:DS Khan: seen" in shown.stdout
    assert "\nchildren P" in shown.stdout and "[b]" not in shown.stdout  # no markup shown
    stepped = runner.invoke(app, ["alerts", "show", "A00001", "--steps", *base])
    assert stepped.exit_code == 0 and "at each synced date" in stepped.stdout
    listed = runner.invoke(app, ["alerts", "list", "--state", "triaged", *base])
    assert "A00001" in listed.stdout
    added = runner.invoke(app, ["watch", "add", "vehicle", "AB12 CDE", "--by", "DS Khan",
                                "--reason", "collects children", *base])  # fmt: skip
    assert added.exit_code == 0 and "W0001 watches vehicle V:AB12CDE" in added.stdout
    escalated = runner.invoke(app, ["alerts", "escalate", "--now", "2009-01-31", *base])
    assert "A00001 → exploitation team lead" in escalated.stdout

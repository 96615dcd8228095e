"""``heron demo`` end to end on a small county (synthetic data only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from heron.cli.main import app
from heron.store.db import open_store
from heron.store.models import Mention, QuarantinedLine, Record

runner = CliRunner()


@pytest.mark.slow
def test_demo_makes_and_ingests_a_county(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    args = ["demo", "--children", "120", "--dir", str(tmp_path / "county"), "--db", url]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Heron holds the county" in result.stdout
    assert "replayed every 6m" in result.stdout  # linked and detected at each step
    engine = open_store(url)
    with Session(engine) as session:
        records = session.scalar(select(func.count()).select_from(Record)) or 0
        mentions = session.scalar(select(func.count()).select_from(Mention)) or 0
        bad = session.scalar(select(func.count()).select_from(QuarantinedLine)) or 0
    assert records > 1000 and mentions > records and bad == 0
    assert (tmp_path / "county" / "truth").is_dir()

"""The files synth writes: deterministic, strictly records-v1, inside the window, amended."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import datetime, time
from pathlib import Path

import orjson
import pytest

from heron.synth import SynthConfig, children_for_records

from .conftest import END, START, County, make_county, read_jsonl
from .records_v1 import Invalid, check_record, parse_when


def _digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path, county: County) -> None:
    again = make_county(tmp_path / "again", seed=county.summary.seed, children=60)
    assert _digests(again.out) == _digests(county.out)


def test_another_seed_another_county(tmp_path: Path, county: County) -> None:
    other = make_county(tmp_path / "other", seed=county.summary.seed + 1, children=60)
    assert _digests(other.out) != _digests(county.out)


def test_every_line_is_strict_records_v1(town: County) -> None:
    seen = 0
    for path in town.record_files():
        for n, rec in enumerate(read_jsonl(path), 1):
            try:
                check_record(rec)
            except (Invalid, ValueError, KeyError, TypeError) as exc:
                pytest.fail(f"{path.name} line {n}: {exc}\n{rec}")
            seen += 1
    assert seen == town.summary.records + town.summary.reissued


def test_checker_rejects_bad_records() -> None:
    good = {
        "id": "1",
        "agency": "wsp",
        "sector": "police",
        "type": "case_note",
        "occurred_at": "2005-01-01",
        "recorded_at": "2005-01-02T10:00",
        "persons": [],
    }
    check_record(good)
    for bad in (
        {**good, "sector": "army"},
        {**good, "recorded_at": "2005-01-02"},
        {**good, "persons": [{"role": "boss"}]},
        {**good, "colour": "red"},
        {**good, "persons": [{"role": "subject", "date_of_birth": "1990-02-30"}]},
    ):
        with pytest.raises((Invalid, ValueError)):
            check_record(bad)


def test_keys_unique_and_agency_matches_file(town: County) -> None:
    keys = Counter((r["agency"], r["id"]) for r in town.first_issues())
    assert keys and max(keys.values()) == 1
    for path in town.record_files():
        agency = path.name.split(".")[0]
        assert {r["agency"] for r in read_jsonl(path)} == {agency}


def test_dates_inside_the_window(town: County) -> None:
    lo = datetime.combine(START, time.min)
    hi = datetime.combine(END, time.max)
    for rec in town.first_issues() + town.reissues():
        assert lo <= parse_when(rec["occurred_at"], "o") <= hi, rec
        assert lo <= parse_when(rec["recorded_at"], "r") <= hi, rec
        if "ended_at" in rec:
            assert parse_when(rec["ended_at"], "e") <= hi, rec


def test_recording_lags_are_realistic(town: County) -> None:
    lags: dict[str, list[float]] = {}
    for rec in town.first_issues():
        days = parse_when(rec["recorded_at"], "r") - parse_when(rec["occurred_at"], "o")
        lags.setdefault(rec["type"], []).append(days.total_seconds() / 86400)
    median = {t: sorted(v)[len(v) // 2] for t, v in lags.items()}
    assert median["missing_episode"] < 1
    assert median["health_attendance"] < 1
    assert median["intelligence"] >= 2
    assert median["school_attendance"] > 60  # written after the end of term


def test_amendments_reissued_and_superseding(town: County) -> None:
    originals = {(r["agency"], r["id"]): r for r in town.first_issues()}
    reissues = town.reissues()
    assert reissues
    for rec in reissues:
        first = originals[(rec["agency"], rec["id"])]
        assert rec != first
        assert rec["recorded_at"] > first["recorded_at"]
    superseding = [r for r in originals.values() if "supersedes" in r]
    assert superseding
    for rec in superseding:
        earlier = originals[(rec["agency"], rec["supersedes"])]
        assert earlier["recorded_at"] < rec["recorded_at"]
        assert earlier["type"] == rec["type"]


def test_small_county_also_has_amendments(county: County) -> None:
    assert county.reissues()
    assert any("supersedes" in r for r in county.first_issues())


def test_manifest_counts(town: County) -> None:
    manifest = orjson.loads((town.out / "manifest.json").read_bytes())
    assert manifest["arguments"]["seed"] == town.summary.seed
    assert manifest["heron_version"]
    counts = manifest["counts"]
    assert counts["records"] == town.summary.records == sum(counts["by_agency"].values())
    per_agency = Counter(r["agency"] for r in town.first_issues())
    assert dict(per_agency) == counts["by_agency"]
    assert set(manifest["files"]["records"]) == {
        str(p.relative_to(town.out)) for p in town.record_files()
    }


def test_most_children_are_ordinary(town: County) -> None:
    persons = town.truth("persons.jsonl.gz")
    children = [p for p in persons if p["is_child"]]
    victims = [p for p in children if p["role"].startswith("victim")]
    assert victims
    assert len(victims) / len(children) < 0.05


def test_records_target_scales_children() -> None:
    small = children_for_records(100_000, START, END)
    big = children_for_records(1_000_000, START, END)
    assert 9 * small <= big <= 11 * small
    config = SynthConfig(out=Path("x"), records=1_000_000)
    assert config.resolved_children() == big

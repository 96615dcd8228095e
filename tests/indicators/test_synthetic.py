"""On a synthetic county with planted truth, the indicators separate exploited children.

Records are grouped by their true person (identity resolution is not under test here),
and every child is evaluated at the end of the exploitation network's activity. The
floors are loose on purpose: they catch a rule set that stops seeing the planted children
or starts flagging everyone, not small changes of weight.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from heron.indicators import ChildRisk, Level, child_view_from_records, evaluate, parse_rules
from heron.missing import co_missing, co_missing_for, episodes, overdue_interviews
from heron.synth import SynthConfig, generate


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _visible(out: Path, as_of: str) -> list[dict[str, Any]]:
    """The latest version of each record recorded by ``as_of``, superseded ones hidden."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted((out / "records").glob("*.jsonl.gz")):
        for rec in _lines(path):
            key, current = (rec["agency"], rec["id"]), latest.get((rec["agency"], rec["id"]))
            if rec["recorded_at"] > as_of:
                continue
            if current is None or rec["recorded_at"] >= current["recorded_at"]:
                latest[key] = rec
    hidden = {(r["agency"], r["supersedes"]) for r in latest.values() if r.get("supersedes")}
    return [r for k, r in latest.items() if k not in hidden]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, ChildRisk], set[str], Any]:
    out = tmp_path_factory.mktemp("county")
    generate(SynthConfig(out=out, seed=3, children=400))
    truth: dict[str, str] = {m["key"]: m["truth"] for m in _lines(out / "truth/mentions.jsonl.gz")}
    children = {p["id"] for p in _lines(out / "truth/persons.jsonl.gz") if p["is_child"]}
    [network] = [g for g in json.loads((out / "truth/networks.json").read_text())["groups"]
                 if g["kind"] == "exploitation"]  # fmt: skip
    victims = set(network["core_children"]) | set(network["peripheral_children"])
    as_of = datetime.fromisoformat(network["active_to"]).replace(hour=23, minute=59)

    by_child: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in _visible(out, as_of.isoformat()):
        keys = [
            f"{rec['agency']}:{rec['id']}#{m.get('ref', i)}" for i, m in enumerate(rec["persons"])
        ]
        for person in {truth[k] for k in keys if k in truth} & children:
            by_child[person].append(rec)
    views = {c: child_view_from_records(c, recs, person_ids=truth) for c, recs in by_child.items()}
    child_episodes = {c: episodes(v, as_of) for c, v in views.items()}
    groups = co_missing(child_episodes)
    risks = {c: evaluate(v, as_of, co_missing=co_missing_for(c, groups)) for c, v in views.items()}
    return risks, victims, (child_episodes, groups, as_of, views)


def test_exploited_children_mostly_reach_medium_or_high(county: Any) -> None:
    risks, victims, _ = county
    flagged = [c for c in victims if c in risks and risks[c].level >= Level.MEDIUM]
    assert len(flagged) >= 0.75 * len(victims)


def test_other_children_are_rarely_flagged_and_never_high(county: Any) -> None:
    risks, victims, _ = county
    others = [r for c, r in risks.items() if c not in victims]
    assert len(others) > 200
    assert sum(r.level >= Level.MEDIUM for r in others) <= 0.05 * len(others)
    assert not [r.person_id for r in others if r.level is Level.HIGH]


def test_exploited_children_are_missing_together(county: Any) -> None:
    _, victims, (child_episodes, groups, as_of, _) = county
    assert any(len(victims.intersection(g.child_ids)) >= 2 for g in groups)
    assert all(o.child_id in child_episodes for o in overdue_interviews(child_episodes, as_of))


def test_looking_only_within_the_rules_windows_changes_nothing(county: Any) -> None:
    """The engine skips records older than every rule's window; a rule set with one rule
    that has no window (and can never fire) makes it read everything: same results."""
    risks, _, (_, groups, as_of, views) = county
    data = json.loads(resources.files("heron.indicators").joinpath("rules.json").read_text())
    data["rules"].append({
        "id": "ZZZ-01", "name": "Never fires", "domain": "test", "detects": "nothing",
        "evaluator": "code_present", "params": {"codes": ["no-such-code"]}, "weight": 1,
        "rationale": "Test only.", "sources": ["none"],
    })  # fmt: skip
    everything = parse_rules(data)
    for c, view in views.items():
        full = evaluate(view, as_of, everything, co_missing=co_missing_for(c, groups))
        assert (full.indicators, full.level, full.explanation, full.uncertainty) == (
            risks[c].indicators,
            risks[c].level,
            risks[c].explanation,
            risks[c].uncertainty,
        ), c
    assert sum(bool(r.indicators) for r in risks.values()) > 20

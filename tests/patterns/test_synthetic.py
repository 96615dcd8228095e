"""End to end on seeded synthetic counties: synth → ingest → link → assess → find_networks.

Each planted exploitation network must be found (a finding at or above the alerting
threshold shares children with it), and no finding made mostly of a decoy's members may
outrank the best finding of a real network. Person ids map to truth through
truth/mentions.jsonl.gz.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from heron.access import system_actor
from heron.graph import build_graph
from heron.identity.evaluate import read_truth
from heron.identity.service import link_persons
from heron.indicators import evaluate
from heron.indicators.service import child_views, missing_by_child
from heron.ingest import ingest_paths
from heron.missing import co_missing, co_missing_for
from heron.patterns import NETWORK_ALERT_THRESHOLD, find_networks
from heron.settings import Settings
from heron.store.db import open_store
from heron.store.models import PersonMention
from heron.synth import SynthConfig, generate

ACTOR = system_actor("test-patterns")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=(3, 21))
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp(f"county{request.param}")
    generate(SynthConfig(out=out, seed=request.param, children=400))
    engine = open_store(f"sqlite:///{out / 'heron.db'}")
    ingest_paths(engine, [out / "records"], ACTOR, Settings())
    groups = json.loads((out / "truth/networks.json").read_text())["groups"]
    network = next(g for g in groups if g["kind"] == "exploitation")
    as_of = datetime.fromisoformat(network["active_to"]).replace(hour=23, minute=59)
    run_id = link_persons(engine, ACTOR, as_of).run_id
    nights = co_missing(missing_by_child(engine, ACTOR, as_of, run_id))
    levels = {
        view.person_id: evaluate(
            view, as_of, co_missing=co_missing_for(view.person_id, nights)
        ).level.label
        for view in child_views(engine, ACTOR, as_of, run_id)
    }
    findings = find_networks(engine, ACTOR, as_of, run_id, levels)
    truth = read_truth(out)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    with engine.connect() as conn:
        query = select(PersonMention.mention_key, PersonMention.person_id)
        for key, person in conn.execute(query.where(PersonMention.run_id == run_id)):
            if key in truth:
                votes[person][truth[key]] += 1
    graph = build_graph(engine, ACTOR, as_of, run_id)
    engine.dispose()
    true_of = {p: c.most_common(1)[0][0] for p, c in votes.items()}
    return findings, groups, true_of, graph


def _group_of(members: tuple[str, ...], true_of: dict[str, str], groups: list[Any]) -> str:
    """'exploitation' when two of a finding's children are one network's, else a decoy kind
    when two are one decoy group's, else ''."""
    shared: Counter[str] = Counter()
    for g in groups:
        kids = set(g.get("core_children", [])) | set(g.get("peripheral_children", []))
        shared[g["kind"]] = max(shared[g["kind"]], sum(true_of.get(p) in kids for p in members))
    if shared["exploitation"] >= 2:
        return "exploitation"
    decoys = [k for k, n in shared.most_common() if n >= 2]
    return decoys[0] if decoys else ""


def test_every_planted_network_is_found_above_the_threshold(county: Any) -> None:
    findings, groups, true_of, _ = county
    for network in (g for g in groups if g["kind"] == "exploitation"):
        victims = set(network["core_children"]) | set(network["peripheral_children"])
        hits = [f for f in findings if victims & {true_of.get(p) for p in f.children}]
        assert hits and hits[0].score >= NETWORK_ALERT_THRESHOLD, network["id"]
        assert hits[0].reasons and hits[0].evidence and len(hits[0].sectors) >= 2


def test_no_decoy_outranks_a_real_network(county: Any) -> None:
    findings, groups, true_of, _ = county
    kinds = [_group_of(f.children, true_of, groups) for f in findings]
    best_real = min(i for i, k in enumerate(kinds) if k == "exploitation")
    decoys = [i for i, k in enumerate(kinds) if k.startswith("decoy")]
    assert all(i > best_real for i in decoys)
    assert all(findings[i].score < NETWORK_ALERT_THRESHOLD for i in decoys)
    assert all(findings[i].context for i in decoys)


def test_the_graph_holds_every_entity_kind_and_tie_kind(county: Any) -> None:
    *_, graph = county
    assert {e.kind for e in graph.entities} >= {"person", "vehicle", "phone", "location"}
    assert {t.kind for t in graph.ties()} >= {"found_with", "collected_by", "called"}
    assert graph.igraph.vcount() == len(graph.entities) + len(graph.records)

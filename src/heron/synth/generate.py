"""Runs one synthetic county end to end: plan people, networks and decoys; stream every
agency's records; write ground truth and the manifest.

Each stage draws from its own ``random.Random`` seeded from the run's seed and the stage's
name, so a change in one stage does not reshuffle the others.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import orjson

from heron.synth.background import Background
from heron.synth.care import Care, plan_family_referrals
from heron.synth.changes import plan_changes
from heron.synth.config import SynthConfig, SynthSummary
from heron.synth.decoys import Decoys
from heron.synth.emitter import Emitter
from heron.synth.exploitation import Exploitation
from heron.synth.networks import NetworkPlanner, network_count
from heron.synth.noise import Renderer
from heron.synth.places import County
from heron.synth.population import Population
from heron.synth.truth import Tracker, write_groups, write_objects, write_persons
from heron.synth.world import World
from heron.synth.writer import JsonlGzWriter, RecordSink

ProgressFn = Callable[[int, int, int], None]
"""Called as ``progress(units_done, units_total, records_written)``."""


def _rng(seed: int, stage: str) -> random.Random:
    return random.Random(f"heron-synth/{seed}/{stage}")


def heron_version() -> str:
    try:
        return version("heron")
    except PackageNotFoundError:
        return "unknown"


def generate(config: SynthConfig, progress: ProgressFn | None = None) -> SynthSummary:
    """Write a synthetic county to ``config.out``; see docs/synth.md for the layout."""
    began = time.perf_counter()
    out = config.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(exist_ok=True)
    n_children = config.resolved_children()
    seed = config.seed

    county = County(_rng(seed, "county"), n_children)
    pop = Population(_rng(seed, "population"), county, config.start, config.end)
    pop.build(n_children)
    pop.plan_background_care()
    planner = NetworkPlanner(_rng(seed, "networks"), pop, county, config.start, config.end)
    networks = planner.plan(
        config.networks if config.networks is not None else network_count(n_children), n_children
    )

    plan_changes(_rng(seed, "changes"), pop, config.start, config.end)

    sink = RecordSink(out, config.compresslevel)
    mentions = JsonlGzWriter(out / "truth" / "mentions.jsonl.gz", config.compresslevel)
    emitter = Emitter(
        _rng(seed, "emit"),
        Renderer(_rng(seed, "noise"), _rng(seed, "noise-changes")),
        sink,
        mentions,
        Tracker(()),
        pop.staff,
        config.start,
        config.end,
    )
    world = World(_rng(seed, "records"), county, pop, emitter, config.start, config.end)
    family_referrals = plan_family_referrals(
        World(_rng(seed, "families"), county, pop, emitter, config.start, config.end)
    )
    decoys = Decoys(World(_rng(seed, "decoys"), county, pop, emitter, config.start, config.end))
    taken = {k.pid for g in networks for k in g.children}
    decoy_groups = decoys.plan(taken, family_referrals)
    groups = networks + decoy_groups
    for g in groups:
        for p in g.adults + g.children:
            p.groups.append(g.gid)
    emitter.tracker = Tracker(groups)

    background = Background(world)
    care = Care(world, family_referrals)
    exploitation = Exploitation(world, care)
    loners = [
        p
        for p in pop.persons
        if p.role in ("background", "offender") and not p.is_child and p.household is None
    ]
    total = len(pop.households) + len(loners) + len(networks) + 1
    done = 0

    def tick(step: int = 1) -> None:
        nonlocal done
        done += step
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total, sink.total)

    for hh in pop.households:
        background.household(hh)
        care.household(hh)
        tick()
    for adult in loners:
        background.adult(adult, None)
        tick()
    for g in networks:
        exploitation.network(g)
        tick()
    decoys.emit()
    sink.close()
    mentions.close()
    tick()

    rows = write_groups(out / "truth" / "networks.json", emitter.tracker)
    write_persons(out / "truth" / "persons.jsonl.gz", pop, config.compresslevel)
    write_objects(out / "truth" / "objects.jsonl.gz", pop, config.compresslevel)
    summary = SynthSummary(
        out=out,
        seed=seed,
        children=len(pop.children),
        persons=len(pop.persons),
        records=sink.total,
        mentions=emitter.mention_count,
        reissued=sum(sink.reissued.values()),
        superseding=sum(sink.superseding.values()),
        networks=len(networks),
        decoys=len(decoy_groups),
        seconds=time.perf_counter() - began,
        by_agency=dict(sorted(sink.by_agency.items())),
        by_type=dict(sorted(sink.by_type.items())),
        files=sink.files,
    )
    _manifest(out, config, summary, sink, rows)
    return summary


def _manifest(
    out: Path,
    config: SynthConfig,
    summary: SynthSummary,
    sink: RecordSink,
    rows: list[dict[str, Any]],
) -> None:
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    doc = {
        "format": "heron-records-v1",
        "generator": "heron synth",
        "heron_version": heron_version(),
        "arguments": config.arguments(),
        "counts": {
            "records": summary.records,
            "mentions": summary.mentions,
            "persons": summary.persons,
            "children": summary.children,
            "networks": summary.networks,
            "groups_by_kind": dict(sorted(kinds.items())),
            "by_agency": summary.by_agency,
            "by_type": summary.by_type,
            "reissued_by_agency": dict(sorted(sink.reissued.items())),
            "superseding_by_agency": dict(sorted(sink.superseding.items())),
        },
        "files": {
            "records": [str(p.relative_to(out)) for p in summary.files],
            "truth": [
                "truth/mentions.jsonl.gz",
                "truth/persons.jsonl.gz",
                "truth/objects.jsonl.gz",
                "truth/networks.json",
            ],
        },
    }
    (out / "manifest.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))

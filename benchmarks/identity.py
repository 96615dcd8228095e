"""Identity benchmark: Heron's person model against a plain Splink model on one county.

python -m benchmarks.identity [--mentions 100000] [--seed 7] [--data DIR] [--write-reference]

Makes (once) a synthetic county of about ``--mentions`` visible person mentions, ingests
it into SQLite, then runs each model in its own process (so its peak memory is its own):
features, training, prediction and clustering, timed end to end, scored against the
planted truth with pairwise and B-cubed precision, recall and F1. Prints a Markdown
table. ``--write-reference`` also retrains the reference parameters that small inputs use
(``src/heron/identity/reference_model.json``) on this county.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.machine import peak_rss_mib
from heron.access import system_actor
from heron.identity.evaluate import (
    Evaluation,
    bcubed_scores,
    evaluate,
    object_scores,
    pairwise_scores,
    read_truth,
)
from heron.identity.features import MentionInput, feature_table, load_mentions
from heron.identity.linker import DuckDBEngine
from heron.identity.model import generic_model, heron_model
from heron.identity.objects import resolve_objects
from heron.identity.reference import FILE, reference_payload
from heron.identity.splink_duckdb import plain_splink_clusters
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.synth import SynthConfig, generate

ACTOR = system_actor("bench-identity")
MENTIONS_PER_CHILD = 20.8  # visible person mentions per child, measured on seed 2010
MODELS = {"heron": heron_model, "generic": generic_model}
MODELS_OF_OBJECTS = ("phone", "vehicle", "location")
LABELS = {"heron": "Heron", "generic": "plain Splink, generic model"}


def county(root: Path, mentions: int, seed: int) -> tuple[Path, str]:
    """A county of about ``mentions`` mentions and its SQLite URL, made once and reused."""
    children = max(50, round(mentions / MENTIONS_PER_CHILD))
    out = root / f"identity-{children}-{seed}"
    url = f"sqlite:///{out / 'heron.db'}"
    if not (out / "ingested").exists():
        generate(SynthConfig(out=out, seed=seed, children=children))
        engine = open_store(url)
        ingest_paths(engine, [out / "records"], ACTOR, Settings())
        engine.dispose()  # the write-ahead log goes into the file (others copy it)
        (out / "ingested").touch()
    return out, url


def run_one(name: str, folder: Path, url: str, seed: int) -> dict[str, Any]:
    """Evaluate one model (in this process) and return its figures.

    ``heron`` is Heron's whole pipeline (``evaluate``: features, training, prediction with
    duplicate rows collapsed, clustering under the hard rules); ``generic`` is plain
    Splink with the generic model (``plain_splink``).
    """
    started = time.perf_counter()
    mentions = load_mentions(open_store(url), ACTOR, None)
    loaded = time.perf_counter() - started
    truth = read_truth(folder)
    if name == "heron":
        result = evaluate(mentions, truth, heron_model(), DuckDBEngine(), seed=seed).as_dict()
    else:
        result = plain_splink(mentions, truth, seed).as_dict()
    result["load_seconds"] = round(loaded, 1)
    result["peak_mib"] = peak_rss_mib()
    return result


def plain_splink(mentions: list[MentionInput], truth: dict[str, str], seed: int) -> Evaluation:
    """The generic model as a Splink tutorial runs it: the same feature table, trained the
    same way on every mention, every blocked pair scored, Splink's own clustering."""
    model = generic_model()
    started = time.perf_counter()
    table = feature_table(mentions)
    engine = DuckDBEngine(collapse=False)
    trained = engine.train(table, model, seed)
    groups = plain_splink_clusters(
        table, trained.splink_settings, model.threshold, engine.memory_limit
    )
    seconds = time.perf_counter() - started
    keys = {m.mention_key for m in mentions}
    scoped = {k: v for k, v in truth.items() if k in keys}
    return Evaluation(
        model=model.name,
        mentions=len(mentions),
        persons_true=len(set(scoped.values())),
        persons_found=len(groups),
        pairwise=pairwise_scores(groups, scoped),
        bcubed=bcubed_scores(groups, scoped),
        seconds=seconds,
    )


def run_isolated(name: str, folder: Path, url: str, seed: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.identity", "--one", name]
    command += ["--county", str(folder), "--db", url, "--seed", str(seed)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def write_reference(url: str) -> Path:
    mentions = load_mentions(open_store(url), ACTOR, None)
    trained = DuckDBEngine().train(feature_table(mentions), heron_model(), seed=1)
    target = Path(__file__).resolve().parents[1] / "src" / "heron" / "identity" / FILE
    target.write_text(reference_payload(trained, len(mentions)))
    return target


def table(results: list[dict[str, Any]], seed: int) -> str:
    lines = [
        f"County seed {seed}: {results[0]['mentions']:,} mentions of "
        f"{results[0]['persons_true']:,} true persons.",
        "",
        "| model | persons found | pairwise P | R | F1 | B-cubed P | R | F1 | seconds | peak |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        label = LABELS.get(r["model"], r["model"])
        lines.append(
            f"| {label} | {r['persons_found']:,} | {r['pairwise_precision']:.4f} | "
            f"{r['pairwise_recall']:.4f} | {r['pairwise_f1']:.4f} | {r['bcubed_precision']:.4f} "
            f"| {r['bcubed_recall']:.4f} | {r['bcubed_f1']:.4f} | {r['seconds']:.1f} | "
            f"{r['peak_mib']:,.0f} MiB |"
        )
    return "\n".join(lines)


def objects_table(folder: Path, url: str) -> str:
    assignments = resolve_objects(open_store(url), ACTOR, None)
    lines = ["| objects | mentions | pairwise P | R | F1 |", "|---|---:|---:|---:|---:|"]
    counts = {kind: sum(1 for a in assignments if a.kind == kind) for kind in MODELS_OF_OBJECTS}
    for kind, s in object_scores(assignments, folder).items():
        lines.append(
            f"| {kind} | {counts[kind]:,} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "heron-bench")
    parser.add_argument("--models", default="heron,generic")
    parser.add_argument("--write-reference", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--county", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.county, args.db, args.seed)))
        return
    folder, url = county(args.data, args.mentions, args.seed)
    results = [run_isolated(m, folder, url, args.seed) for m in args.models.split(",")]
    print(table(results, args.seed))
    print()
    print(objects_table(folder, url))
    if args.write_reference:
        print(f"wrote {write_reference(url)}")


if __name__ == "__main__":
    main()

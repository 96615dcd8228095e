"""Accuracy of person resolution against planted truth: pairwise and B-cubed P/R/F1.

Owns the metrics and one-call evaluations on a synthetic county's records (``evaluate``
for persons, ``object_scores`` for phones, vehicles and places) that tests and
``benchmarks/identity.py`` share. It reads the truth
files a synthetic county writes (``truth/mentions.jsonl.gz``) but never imports
``heron.synth``, and it never writes to a store.
"""

from __future__ import annotations

import gzip
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from heron.identity.features import MentionInput, feature_rows
from heron.identity.linker import DuckDBEngine, LinkEngine
from heron.identity.model import LinkModel
from heron.identity.objects import ObjectAssignment
from heron.identity.resolve import resolve_rows


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of one kind (pairwise or B-cubed)."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How one model did on one set of mentions."""

    model: str
    mentions: int
    persons_true: int
    persons_found: int
    pairwise: Scores
    bcubed: Scores
    seconds: float

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "model": self.model,
            "mentions": self.mentions,
            "persons_true": self.persons_true,
            "persons_found": self.persons_found,
            "pairwise_precision": round(self.pairwise.precision, 4),
            "pairwise_recall": round(self.pairwise.recall, 4),
            "pairwise_f1": round(self.pairwise.f1, 4),
            "bcubed_precision": round(self.bcubed.precision, 4),
            "bcubed_recall": round(self.bcubed.recall, 4),
            "bcubed_f1": round(self.bcubed.f1, 4),
            "seconds": round(self.seconds, 2),
        }


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(found: Sequence[Sequence[str]], truth: Mapping[str, str]) -> Scores:
    """Pairwise precision and recall of ``found`` clusters over the keys in ``truth``."""
    true_sizes: Counter[str] = Counter()
    found_pairs = correct = 0
    for group in found:
        labels = Counter(truth[k] for k in group if k in truth)
        found_pairs += _pairs(sum(labels.values()))
        correct += sum(_pairs(n) for n in labels.values())
        true_sizes.update(labels)
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    return Scores(
        precision=correct / found_pairs if found_pairs else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
    )


def bcubed_scores(found: Sequence[Sequence[str]], truth: Mapping[str, str]) -> Scores:
    """B-cubed precision and recall: per mention, averaged over mentions."""
    true_sizes: Counter[str] = Counter()
    for group in found:
        true_sizes.update(truth[k] for k in group if k in truth)
    total = precision = recall = 0.0
    for group in found:
        labels = Counter(truth[k] for k in group if k in truth)
        size = sum(labels.values())
        for label, n in labels.items():
            precision += n * n / size
            recall += n * n / true_sizes[label]
            total += n
    if not total:
        return Scores(1.0, 1.0)
    return Scores(precision / total, recall / total)


def read_truth(county: Path, kind: str = "person") -> dict[str, str]:
    """Mention key → true id, for one kind of mention (person, phone, vehicle, location)."""
    out: dict[str, str] = {}
    with gzip.open(county / "truth" / "mentions.jsonl.gz", "rb") as handle:
        for line in handle:
            row = orjson.loads(line)
            if row.get("kind") == kind:
                out[row["key"]] = row["truth"]
    return out


def object_scores(assignments: Iterable[ObjectAssignment], county: Path) -> dict[str, Scores]:
    """Pairwise precision and recall of resolved phones, vehicles and places, per kind."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in assignments:
        groups[a.kind][a.object_id].append(a.object_key)
    return {
        kind: pairwise_scores(list(groups[kind].values()), read_truth(county, kind))
        for kind in ("phone", "vehicle", "location")
    }


def evaluate(
    mentions: Sequence[MentionInput],
    truth: Mapping[str, str],
    model: LinkModel,
    engine: LinkEngine | None = None,
    seed: int = 1,
    keep_groups: list[list[str]] | None = None,
) -> Evaluation:
    """Train ``model`` on ``mentions``, resolve them, and score the result against truth.

    ``keep_groups``, when given, receives the clusters found (for further checks).
    """
    engine = engine or DuckDBEngine()
    started = time.perf_counter()
    rows = feature_rows(mentions)
    result = resolve_rows(rows, model, engine, seed=seed)
    seconds = time.perf_counter() - started
    if keep_groups is not None:
        keep_groups.extend(result.groups)
    keys = {m.mention_key for m in mentions}
    scoped = {k: v for k, v in truth.items() if k in keys}
    return Evaluation(
        model=model.name,
        mentions=len(mentions),
        persons_true=len(set(scoped.values())),
        persons_found=len(result.groups),
        pairwise=pairwise_scores(result.groups, scoped),
        bcubed=bcubed_scores(result.groups, scoped),
        seconds=seconds,
    )


def group_by_label(labels: Mapping[str, str]) -> list[list[str]]:
    """Clusters from a key → label mapping (e.g. the truth itself)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, label in labels.items():
        groups[label].append(key)
    return [sorted(g) for g in groups.values()]


def only_keys(groups: Iterable[Sequence[str]], keys: set[str]) -> list[list[str]]:
    """``groups`` restricted to ``keys``, dropping groups left empty."""
    return [kept for g in groups if (kept := [k for k in g if k in keys])]

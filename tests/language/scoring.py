"""Scores the checker against the labelled corpora (precision and recall, per sentence and flag)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from heron.language import Flag, check

HERE = Path(__file__).parent
CORPORA = {"dev": HERE / "corpus_dev.jsonl", "held-out": HERE / "corpus_heldout.jsonl"}


@dataclass(frozen=True)
class Example:
    id: str
    agency: str
    text: str
    expected: tuple[tuple[int, int], ...]


@dataclass
class Score:
    """Counts for one corpus; precision and recall are derived."""

    name: str
    sentences: int = 0
    sentence_tp: int = 0
    sentence_fp: int = 0
    sentence_fn: int = 0
    flag_tp: int = 0
    flag_fp: int = 0
    flag_fn: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(hit: int, miss: int) -> float:
        return hit / (hit + miss) if hit + miss else 1.0

    @property
    def sentence_precision(self) -> float:
        return self._ratio(self.sentence_tp, self.sentence_fp)

    @property
    def sentence_recall(self) -> float:
        return self._ratio(self.sentence_tp, self.sentence_fn)

    @property
    def flag_precision(self) -> float:
        return self._ratio(self.flag_tp, self.flag_fp)

    @property
    def flag_recall(self) -> float:
        return self._ratio(self.flag_tp, self.flag_fn)

    def line(self) -> str:
        return (
            f"{self.name:<9} n={self.sentences:<4} "
            f"sentence P={self.sentence_precision:.3f} R={self.sentence_recall:.3f}   "
            f"flag P={self.flag_precision:.3f} R={self.flag_recall:.3f} "
            f"(tp={self.flag_tp} fp={self.flag_fp} fn={self.flag_fn})"
        )


def load(path: Path) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text: str = row["text"]
        spans: list[tuple[int, int]] = []
        for flag in row["flags"]:
            start = text.find(flag["text"])
            while start >= 0 and any(s == start for s, _ in spans):
                start = text.find(flag["text"], start + 1)
            assert start >= 0, (row["id"], flag)
            spans.append((start, start + len(flag["text"])))
        examples.append(Example(row["id"], row["agency"], text, tuple(spans)))
    return examples


def score(name: str, examples: Iterable[Example], check: Callable[[str], Sequence[Flag]]) -> Score:
    result = Score(name)
    for example in examples:
        flags = check(example.text)
        result.sentences += 1
        expected, predicted = bool(example.expected), bool(flags)
        result.sentence_tp += expected and predicted
        result.sentence_fp += predicted and not expected
        result.sentence_fn += expected and not predicted
        unmatched = list(example.expected)
        for flag in flags:
            hit = next((s for s in unmatched if s[0] < flag.end and flag.start < s[1]), None)
            if hit is None:
                result.flag_fp += 1
                result.errors.append(f"FP {example.id} {flag.rule}:{flag.text!r} | {example.text}")
            else:
                unmatched.remove(hit)
                result.flag_tp += 1
        for start, end in unmatched:
            result.flag_fn += 1
            result.errors.append(f"FN {example.id} {example.text[start:end]!r} | {example.text}")
    return result


@lru_cache(maxsize=1)
def scores() -> tuple[Score, ...]:
    """Scores on the development corpus, the held-out corpus, and both together."""
    dev, held_out = (load(CORPORA[name]) for name in ("dev", "held-out"))
    return (
        score("dev", dev, check),
        score("held-out", held_out, check),
        score("all", dev + held_out, check),
    )


def summary_lines() -> list[str]:
    lines = [s.line() for s in scores()]
    return [*lines, "(per sentence: any flag vs none; per flag: overlap with a labelled span)"]

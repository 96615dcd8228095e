"""One small county per test session (and cached readers of its files)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from heron.synth import SynthConfig, SynthSummary, generate

START = date(2004, 1, 1)
END = date(2011, 12, 31)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rb") as fh:
        for line in fh:
            yield orjson.loads(line)


@dataclass
class County:
    """A generated county and cached readers of its files (tests must not mutate them)."""

    summary: SynthSummary
    out: Path
    _cache: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def record_files(self) -> list[Path]:
        return sorted((self.out / "records").glob("*.jsonl.gz"))

    def _read(self, key: str, paths: list[Path]) -> list[dict[str, Any]]:
        if key not in self._cache:
            self._cache[key] = [r for p in paths for r in read_jsonl(p)]
        return self._cache[key]

    def first_issues(self) -> list[dict[str, Any]]:
        paths = [p for p in self.record_files() if ".reissued." not in p.name]
        return self._read("first", paths)

    def reissues(self) -> list[dict[str, Any]]:
        paths = [p for p in self.record_files() if ".reissued." in p.name]
        return self._read("reissued", paths)

    def truth(self, name: str) -> list[dict[str, Any]]:
        return self._read(name, [self.out / "truth" / name])

    def groups(self) -> list[dict[str, Any]]:
        doc: dict[str, Any] = orjson.loads((self.out / "truth" / "networks.json").read_bytes())
        return list(doc["groups"])


def make_county(out: Path, seed: int, children: int) -> County:
    summary = generate(SynthConfig(out=out, seed=seed, children=children, start=START, end=END))
    return County(summary, out)


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    """60 children, the smallest county the brief asks for."""
    return make_county(tmp_path_factory.mktemp("county60"), seed=7, children=60)


@pytest.fixture(scope="session")
def town(tmp_path_factory: pytest.TempPathFactory) -> County:
    """1,000 children: big enough for every kind of noise and decoy to show up."""
    return make_county(tmp_path_factory.mktemp("county1000"), seed=11, children=1000)

"""The one narrow seam between Heron and a record-linkage backend (Splink on DuckDB today).

Owns the ``LinkEngine`` protocol and its DuckDB implementation: train a ``LinkModel``
(u by random sampling, m by EM, the prior from deterministic rules), score candidate
pairs, and score one given pair for an explanation. Everything backend-specific (Splink's
API, DuckDB connections) stays in this module, so a Spark engine can be added beside it.
It must not touch Heron's store, cluster, or assign person ids.
"""

from __future__ import annotations

import gc
import logging
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import duckdb
import pyarrow as pa  # pyarrow ships no type hints
from splink import DuckDBAPI, Linker

from heron.identity.features import rows_to_table
from heron.identity.model import LinkModel

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LevelWeight:
    """One comparison level of a trained model and the evidence it carries."""

    comparison: str
    description: str
    gamma: int
    label: str
    weight: float  # log2 Bayes factor; 0 for a null level


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two mentions scored by the model; ``gammas`` index each comparison's level."""

    left: str
    right: str
    match_weight: float
    match_probability: float
    gammas: tuple[int, ...]
    weights: tuple[float, ...] = ()  # per comparison, term-frequency adjustment included


@dataclass(frozen=True, slots=True)
class TrainedModel:
    """A trained model: its Splink settings with parameters, and each level's weight."""

    name: str
    splink_settings: dict[str, Any]
    prior_weight: float
    levels: tuple[tuple[LevelWeight, ...], ...]  # per comparison, per level

    @property
    def comparisons(self) -> list[str]:
        return [c[0].comparison for c in self.levels]

    def level(self, comparison_index: int, gamma: int) -> LevelWeight:
        for level in self.levels[comparison_index]:
            if level.gamma == gamma:
                return level
        raise KeyError(gamma)


class LinkEngine(Protocol):
    """What identity resolution needs from a linkage backend."""

    def train(self, features: pa.Table, model: LinkModel, seed: int) -> TrainedModel:
        """Estimate the model's parameters on ``features`` without labels."""
        ...

    def predict(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> list[ScoredPair]:
        """Candidate pairs from the blocking rules scoring at least ``threshold``."""
        ...

    def score(
        self, left: Mapping[str, Any], right: Mapping[str, Any], trained: TrainedModel
    ) -> ScoredPair:
        """Score one pair of feature rows, whether or not blocking would find it."""
        ...

    def predict_touching(
        self,
        features: pa.Table,
        keys: Collection[str],
        trained: TrainedModel,
        threshold: float,
        among_only: bool = False,
    ) -> list[ScoredPair]:
        """Candidate pairs with at least one side in ``keys`` (``keys`` × the rest and
        within ``keys``; only within ``keys`` when ``among_only``), scored as ``predict``
        would score them on all of ``features`` (term frequencies from the whole table)."""
        ...


class DuckDBEngine:
    """Splink on an in-process DuckDB database; each call uses a fresh connection."""

    def __init__(self, u_pairs: float = 2e6, threads: int | None = None) -> None:
        self.u_pairs = u_pairs
        self.threads = threads
        # Splink reports untrainable levels (common on small tables) as warnings; Heron
        # keeps the starting values for those levels, which is the intended behaviour.
        logging.getLogger("splink").setLevel(logging.ERROR)

    def _linker(
        self, features: pa.Table, settings: Mapping[str, Any]
    ) -> tuple[Linker, duckdb.DuckDBPyConnection]:
        con = duckdb.connect()
        if self.threads:
            con.execute(f"SET threads TO {int(self.threads)}")
        api = DuckDBAPI(connection=con)
        table = api.register(features, dataset_display_name="mentions")
        return Linker(table, dict(settings), log_level=None), con

    def train(self, features: pa.Table, model: LinkModel, seed: int) -> TrainedModel:
        linker, con = self._linker(features, model.settings())
        training = linker.training
        try:
            training.estimate_probability_two_random_records_match(
                list(model.deterministic_rules), recall=model.deterministic_recall
            )
        except Exception as exc:  # too few records to estimate: keep the default prior
            log.info("prior not estimated: %s", exc)
        try:
            training.estimate_u_using_random_sampling(max_pairs=self.u_pairs, seed=seed)
        except Exception as exc:
            log.info("u not estimated: %s", exc)
        for rule in model.em_blocking_rules:
            try:
                training.estimate_parameters_using_expectation_maximisation(
                    rule, record_sample_proportion=1.0
                )
            except Exception as exc:  # e.g. no pairs in a tiny table: keep defaults
                log.info("EM on %s skipped: %s", rule, exc)
        settings = linker.misc.save_model_to_json()
        del linker, training
        _close(con)
        return trained_from_settings(model.name, settings)

    def predict(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> list[ScoredPair]:
        if features.num_rows < 2:
            return []
        linker, con = self._linker(features, trained.splink_settings)
        frame = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        # Read only what a ScoredPair needs, straight from DuckDB: the predictions table
        # also holds both sides' features, which would cost gigabytes as Python dicts.
        pairs = _fetch_pairs(con, frame.physical_name, trained)
        del linker, frame
        _close(con)
        return pairs

    def score(
        self, left: Mapping[str, Any], right: Mapping[str, Any], trained: TrainedModel
    ) -> ScoredPair:
        features = rows_to_table([left, right])
        linker, con = self._linker(features, trained.splink_settings)
        frame = linker.inference.score_pair(dict(left), dict(right))
        pairs = _fetch_pairs(con, frame.physical_name, trained)
        del linker, frame
        _close(con)
        return pairs[0]

    # identity-incremental: score only the pairs that touch new or changed mentions.
    def predict_touching(
        self,
        features: pa.Table,
        keys: Collection[str],
        trained: TrainedModel,
        threshold: float,
        among_only: bool = False,
    ) -> list[ScoredPair]:
        import pyarrow.compute as pc  # pyarrow ships no type hints

        wanted = pa.array(sorted(set(keys)), type=pa.string())
        chosen = pc.is_in(features.column("unique_id"), value_set=wanted)
        touching = features.filter(chosen)
        if touching.num_rows == 0:
            return []
        rest = features.filter(pc.invert(chosen))
        linker, con = self._linker(features, trained.splink_settings)
        api = linker._db_api
        for column in _tf_columns(trained.splink_settings):
            linker.table_management.compute_tf_table(column)
        inference = linker.inference
        frames = []
        if touching.num_rows > 1:
            new = api.register(touching, dataset_display_name="touching")
            frames.append(
                inference.predict_within(
                    new, threshold_match_probability=threshold, warning_mode="never"
                )
            )
        if rest.num_rows and not among_only:
            new = api.register(touching, dataset_display_name="touching_l")
            old = api.register(rest, dataset_display_name="rest")
            frames.append(
                inference.predict_between(
                    new, old, threshold_match_probability=threshold, warning_mode="never"
                )
            )
        pairs = [p for f in frames for p in _fetch_pairs(con, f.physical_name, trained)]
        del linker, inference, frames
        _close(con)
        return pairs


def _tf_columns(settings: Mapping[str, Any]) -> list[str]:
    """The columns whose term frequencies a model's levels adjust for."""
    columns = {
        level["tf_adjustment_column"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    return sorted(columns)


def _close(con: duckdb.DuckDBPyConnection) -> None:
    """Close the connection and collect Splink's cyclic garbage now, in this process.

    Left to the collector, DuckDB objects can be finalised later in a process forked from
    this one (ingest's worker pool), where DuckDB's threads do not exist: a crash.
    """
    con.close()
    gc.collect()


def _fetch_pairs(
    con: duckdb.DuckDBPyConnection, table: str, trained: TrainedModel
) -> list[ScoredPair]:
    names = trained.comparisons
    present = {d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description}
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    columns += [f"gamma_{c}" for c in names]
    columns += [_weight_sql(c, present) for c in names]
    cursor = con.execute(f"SELECT {', '.join(columns)} FROM {table}")
    n = len(names)
    out: list[ScoredPair] = []
    while batch := cursor.fetchmany(100_000):
        for row in batch:
            left, right = str(row[0]), str(row[1])
            if right < left:
                left, right = right, left
            out.append(
                ScoredPair(
                    left=left,
                    right=right,
                    match_weight=float(row[2]),
                    match_probability=float(row[3]),
                    gammas=tuple(int(g) for g in row[4 : 4 + n]),
                    weights=tuple(round(float(w), 3) for w in row[4 + n :]),
                )
            )
    return out


def _weight_sql(comparison: str, columns: Collection[str]) -> str:
    """One comparison's weight, with its term-frequency adjustment when it has one."""
    weight = f"coalesce(mw_{comparison}, 0)" if f"mw_{comparison}" in columns else "0"
    if f"mw_tf_adj_{comparison}" in columns:
        weight += f" + coalesce(mw_tf_adj_{comparison}, 0)"
    return weight


def trained_from_settings(name: str, settings: Mapping[str, Any]) -> TrainedModel:
    """A ``TrainedModel`` from trained Splink settings (also rebuilt from a stored run)."""
    p = float(settings.get("probability_two_random_records_match") or 0.0)
    if not 1e-9 <= p <= 0.5:  # nothing found by the deterministic rules: a neutral prior
        p = 1e-4
    fixed = {**settings, "probability_two_random_records_match": p}
    return TrainedModel(
        name=name,
        splink_settings=fixed,
        prior_weight=math.log2(p / (1 - p)),
        levels=_levels(fixed),
    )


def _levels(settings: Mapping[str, Any]) -> tuple[tuple[LevelWeight, ...], ...]:
    out: list[tuple[LevelWeight, ...]] = []
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        gamma = sum(1 for lv in levels if not lv.get("is_null_level")) - 1
        rows: list[LevelWeight] = []
        for lv in levels:
            if lv.get("is_null_level"):
                g, weight = -1, 0.0
            else:
                g, gamma = gamma, gamma - 1
                weight = _weight(lv.get("m_probability"), lv.get("u_probability"))
            rows.append(
                LevelWeight(
                    comparison=comparison["output_column_name"],
                    description=comparison.get("comparison_description", ""),
                    gamma=g,
                    label=lv.get("label_for_charts", ""),
                    weight=weight,
                )
            )
        out.append(tuple(rows))
    return tuple(out)


def _weight(m: object, u: object) -> float:
    """log2(m/u); Splink writes "level not observed" for a level training never saw."""
    m_value = m if isinstance(m, float) else 1e-6 if isinstance(m, str) else None
    u_value = u if isinstance(u, float) else 1e-6 if isinstance(u, str) else None
    if not m_value or not u_value:
        return 0.0
    return math.log2(m_value / u_value)

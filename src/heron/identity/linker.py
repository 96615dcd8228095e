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
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import duckdb
import pyarrow as pa  # pyarrow ships no type hints
from splink import DuckDBAPI, Linker

from heron.identity.expand import Score, expand_pairs
from heron.identity.features import rows_to_table
from heron.identity.model import LinkModel
from heron.identity.parameters import LevelWeight as LevelWeight
from heron.identity.parameters import TrainedModel as TrainedModel
from heron.identity.parameters import trained_from_settings as trained_from_settings
from heron.identity.splink_duckdb import (
    count_rows,
    distinct_rows,
    register_tf,
    rule_sql,
    run_sql,
    scores,
    self_pairs_table,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two mentions scored by the model; ``gammas`` index each comparison's level."""

    left: str
    right: str
    match_weight: float
    match_probability: float
    gammas: tuple[int, ...]
    weights: tuple[float, ...] = ()  # per comparison, term-frequency adjustment included

    def outranks(self, held: ScoredPair | None) -> bool:
        """Stronger than ``held``; among equals the first by key, whatever order they came
        in (so the pair kept for a slot never depends on the order pairs arrive)."""
        return held is None or (self.match_weight, held.left, held.right) > (
            held.match_weight,
            self.left,
            self.right,
        )


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

    def touching(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> AbstractContextManager[PairsTouching]:
        """A scorer of the candidate pairs scoring at least ``threshold`` that touch given
        mentions, each scored as ``predict`` would score it on all of ``features`` (term
        frequencies from the whole table): ``pairs(keys)`` gives those with a side in
        ``keys`` (``keys`` × the rest and within ``keys``); ``pairs(keys, apart)`` only
        those with both sides in ``apart`` under different values (and one in ``keys``)."""
        ...


class PairsTouching(Protocol):
    """``LinkEngine.touching``'s scorer."""

    def __call__(
        self, keys: Collection[str], apart: Mapping[str, int] | None = None
    ) -> list[ScoredPair]: ...


class DuckDBEngine:
    """Splink on an in-process DuckDB database; each call (or ``touching`` session) uses a
    fresh connection."""

    def __init__(
        self,
        u_pairs: float = 2e6,
        threads: int | None = None,
        collapse: bool = True,
        memory_limit: str | None = "2GB",
        chunk_rows: int = 200_000,
    ) -> None:
        """``collapse`` scores each distinct feature row once (see ``heron.identity.expand``);
        off, every mention is scored as plain Splink would. DuckDB spills to disk beyond
        ``memory_limit``; prediction is chunked so that each chunk has at most about
        ``chunk_rows`` rows a side."""
        self.u_pairs = u_pairs
        self.threads = threads
        self.collapse = collapse
        self.memory_limit = memory_limit
        self.chunk_rows = chunk_rows
        # Splink reports untrainable levels (common on small tables) as warnings; Heron
        # keeps the starting values for those levels, which is the intended behaviour.
        logging.getLogger("splink").setLevel(logging.ERROR)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        if self.threads:
            run_sql(con, f"SET threads TO {int(self.threads)}")
        if self.memory_limit:
            run_sql(con, f"SET memory_limit = '{self.memory_limit}'")
        return con

    def _linker(
        self, features: pa.Table, settings: Mapping[str, Any]
    ) -> tuple[Linker, duckdb.DuckDBPyConnection]:
        con = self._connect()
        api = DuckDBAPI(connection=con)
        table = api.register(features, dataset_display_name="mentions")
        return Linker(table, dict(settings), log_level=None), con

    def _distinct_linker(
        self, features: pa.Table, settings: Mapping[str, Any]
    ) -> tuple[Linker, duckdb.DuckDBPyConnection]:
        """A linker over the distinct feature rows, with term frequencies of all rows."""
        con = self._connect()
        api = DuckDBAPI(connection=con)
        distinct_rows(con, features)
        table = api.register("heron_reps", dataset_display_name="mentions")
        linker = Linker(table, dict(settings), log_level=None)
        register_tf(con, api, linker, _tf_columns(settings))
        return linker, con

    def train(self, features: pa.Table, model: LinkModel, seed: int) -> TrainedModel:
        linker, con = self._linker(features, model.settings())
        try:  # the prior is about pairs of mentions, so it is counted on every mention
            linker.training.estimate_probability_two_random_records_match(
                list(model.deterministic_rules), recall=model.deterministic_recall
            )
        except Exception as exc:  # too few records to estimate: keep the default prior
            log.info("prior not estimated: %s", exc)
        if self.collapse:  # u and m: identical rows would only repeat the same evidence
            prior = linker.misc.save_model_to_json()["probability_two_random_records_match"]
            del linker
            _close(con)
            settings = {**model.settings(), "probability_two_random_records_match": prior}
            linker, con = self._distinct_linker(features, settings)
        training = linker.training
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
        if self.collapse:
            return self._predict_distinct(features, trained, threshold)
        linker, con = self._linker(features, trained.splink_settings)
        frame = linker.inference.predict(
            threshold_match_probability=threshold,
            warning_mode="never",
            **self._chunks(features.num_rows),
        )
        # Read only what a ScoredPair needs, straight from DuckDB: the predictions table
        # also holds both sides' features, which would cost gigabytes as Python dicts.
        pairs = _fetch_pairs(con, frame.physical_name, trained)
        del linker, frame
        _close(con)
        return pairs

    def _chunks(self, rows: int) -> dict[str, int]:
        n = math.ceil(rows / self.chunk_rows)
        return {"num_chunks_left": n, "num_chunks_right": n} if n > 1 else {}

    def _predict_distinct(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> list[ScoredPair]:
        """Score distinct rows, and each duplicated row against itself, then expand."""
        settings = trained.splink_settings
        linker, con = self._distinct_linker(features, settings)
        reps = count_rows(con, "heron_reps")
        between: list[Score] = []
        if reps > 1:
            frame = linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never", **self._chunks(reps)
            )
            between = list(scores(con, frame.physical_name, trained.comparisons))
            frame.drop_table_from_database_and_remove_from_cache()
        selves: dict[str, Score] = {}
        if self_pairs_table(con):
            rules = [rule_sql(r) for r in settings["blocking_rules_to_generate_predictions"]]
            any_rule = " OR ".join(f"({rule})" for rule in rules)
            own = {
                **settings,
                "blocking_rules_to_generate_predictions": [
                    f"l.heron_group = r.heron_group AND ({any_rule})"
                ],
            }
            api = DuckDBAPI(connection=con)
            table = api.register("heron_selves", dataset_display_name="selves")
            self_linker = Linker(table, own, log_level=None)
            register_tf(con, api, self_linker, _tf_columns(own))
            frame = self_linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never"
            )
            for score in scores(con, frame.physical_name, trained.comparisons):
                selves[score.left.rsplit("|", 1)[0]] = score
            del self_linker, frame
        members = dict(
            con.execute(
                "SELECT rep, list(unique_id ORDER BY unique_id) FROM heron_members "
                "WHERE n > 1 GROUP BY rep"
            ).fetchall()
        )
        pairs = [
            ScoredPair(a, b, s.match_weight, s.match_probability, s.gammas, s.weights)
            for a, b, s in expand_pairs(between, selves, members)
        ]
        del linker
        _close(con)
        return pairs

    def score(
        self, left: Mapping[str, Any], right: Mapping[str, Any], trained: TrainedModel
    ) -> ScoredPair:
        # Typed tables, not dicts: from a dict DuckDB infers each column's type from its
        # value, and a side with no birth dates would compare NULL with NULL untyped.
        features = _with_tf(rows_to_table([left, right]), [left, right])
        con = self._connect()
        api = DuckDBAPI(connection=con)
        linker = Linker(
            api.register(features, dataset_display_name="pair"),
            dict(trained.splink_settings),
            log_level=None,
            validate_settings=False,
        )
        sides = [
            api.register(features.slice(i, 1), dataset_display_name=f"side{i}") for i in (0, 1)
        ]
        frame = linker.inference.score_pair(sides[0], sides[1])
        pairs = _fetch_pairs(con, frame.physical_name, trained)
        del linker, frame, sides
        con.close()  # two rows: nothing worth collecting now
        return pairs[0]

    @contextmanager
    def touching(
        self, features: pa.Table, trained: TrainedModel, threshold: float
    ) -> Iterator[PairsTouching]:
        from heron.identity.touching import TouchingSession

        session = TouchingSession(
            self._connect(), features, trained, threshold, _tf_columns(trained.splink_settings)
        )
        try:
            yield session.pairs
        finally:
            session.close()


def _tf_columns(settings: Mapping[str, Any]) -> list[str]:
    """The columns whose term frequencies a model's levels adjust for."""
    columns = {
        level["tf_adjustment_column"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    return sorted(columns)


def _with_tf(table: pa.Table, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """``table`` with the ``tf_<column>`` values the rows carry, as float columns."""
    names = sorted({k for row in rows for k in row if k.startswith("tf_")})
    for name in names:
        values = [None if row.get(name) is None else float(row[name]) for row in rows]
        table = table.append_column(name, pa.array(values, type=pa.float64()))
    return table


def _close(con: duckdb.DuckDBPyConnection) -> None:
    """Close the connection and collect Splink's cyclic garbage now: a whole-county run's
    DuckDB objects are freed before the next stage, not whenever the collector next runs.

    (This once also kept DuckDB objects from being finalised in ingest's forked workers;
    those now fork from a clean forkserver. ``score`` and an incremental run's
    ``touching`` session do not collect: about 0.15 s a time, several times a step.)
    """
    con.close()
    gc.collect()


def _fetch_pairs(
    con: duckdb.DuckDBPyConnection, table: str, trained: TrainedModel
) -> list[ScoredPair]:
    out: list[ScoredPair] = []
    for s in scores(con, table, trained.comparisons):
        left, right = (s.left, s.right) if s.left <= s.right else (s.right, s.left)
        out.append(
            ScoredPair(left, right, s.match_weight, s.match_probability, s.gammas, s.weights)
        )
    return out

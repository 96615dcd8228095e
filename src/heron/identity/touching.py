"""Scoring the pairs that touch some mentions, for incremental runs (part of the linker seam).

Owns ``TouchingSession``: one DuckDB connection over the whole feature table, its term
frequencies counted once, and one Splink linker, asked again and again for the pairs
touching a few mentions (the changed ones, then those of persons linked afresh, then the
pairs between persons a strong pair chains together). Each request is a single Splink
pipeline over just the rows it can pair. Only ``heron.identity.linker`` uses it; it must
not touch Heron's store or cluster.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import duckdb
import pyarrow as pa  # pyarrow ships no type hints
from splink import DuckDBAPI, Linker

from heron.identity.linker import ScoredPair
from heron.identity.parameters import TrainedModel
from heron.identity.splink_duckdb import _weight_sql, register_tf, rule_sql, run_sql

SPLIT_SIDES_ROWS = 10_000  # rows in a request above which each rule is given once a side


class TouchingSession:
    """Pairs touching given mentions, each scored exactly as a run over all of ``features``
    scores it (term frequencies from the whole table); see ``LinkEngine.touching``."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        features: pa.Table,
        trained: TrainedModel,
        threshold: float,
        tf_columns: Collection[str],
    ) -> None:
        self.con, self.trained, self.threshold = con, trained, threshold
        self.rules = [
            rule_sql(r) for r in trained.splink_settings["blocking_rules_to_generate_predictions"]
        ]
        # A DuckDB table, not the Arrow table itself: each request scans it once a rule.
        con.register("heron_arrow", features)
        run_sql(con, "CREATE TABLE heron_input AS SELECT * FROM heron_arrow")
        con.unregister("heron_arrow")
        self.api = DuckDBAPI(connection=con)
        self.linker = Linker(
            self.api.register("heron_input", dataset_display_name="mentions"),
            dict(trained.splink_settings), log_level=None, validate_settings=False,
        )  # fmt: skip
        register_tf(con, self.api, self.linker, tf_columns)
        self.calls = 0

    def close(self) -> None:
        del self.linker, self.api
        self.con.close()

    def pairs(
        self, keys: Collection[str], apart: Mapping[str, int] | None = None
    ) -> list[ScoredPair]:
        if not keys:
            return []
        self.calls += 1
        name = f"heron_cand_{self.calls}"
        if apart is None:
            self._near(name, keys)
        else:
            picked = pa.table(
                {
                    "unique_id": pa.array(list(apart), type=pa.string()),
                    "heron_touch": pa.array([k in keys for k in apart], type=pa.bool_()),
                    "heron_apart": pa.array(list(apart.values()), type=pa.int64()),
                }
            )
            self.con.register("heron_picked", picked)
            run_sql(
                self.con,
                f"CREATE TABLE {name} AS SELECT i.*, p.heron_touch, p.heron_apart "
                "FROM heron_input i JOIN heron_picked p ON i.unique_id = p.unique_id",
            )
            self.con.unregister("heron_picked")
        rows = self.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        if rows < 2:
            run_sql(self.con, f"DROP TABLE {name}")
            return []
        # Every blocking rule, restricted to pairs with a touching side whose sides are
        # apart: one pipeline instead of Splink's predict_within plus predict_between.
        # On many rows, the rows near the touching ones would pair among themselves by
        # the million before the filter; one rule a side keeps each join to touching rows.
        apart_sql = "l.heron_apart <> r.heron_apart"
        if rows > SPLIT_SIDES_ROWS:
            sides = ["l.heron_touch", "r.heron_touch"]
        else:
            sides = ["(l.heron_touch OR r.heron_touch)"]
        rules: list[Any] = [
            f"({rule}) AND {side} AND {apart_sql}" for side in sides for rule in self.rules
        ]
        frame = self.linker.inference.predict_within(
            self.api.register(name, dataset_display_name=name),
            blocking_rules_to_generate_predictions=rules,
            threshold_match_probability=self.threshold,
            warning_mode="never",
        )
        out = read_pairs(self.con, frame.physical_name, self.trained)
        frame.drop_table_from_database_and_remove_from_cache()
        run_sql(self.con, f"DROP TABLE {name}")
        return out

    def _near(self, name: str, keys: Collection[str]) -> None:
        """Table ``name``: the touching rows, and the rows some blocking rule pairs with
        one of them (only those can score), each row apart from every other."""
        self.con.register(
            "heron_keys", pa.table({"unique_id": pa.array(sorted(keys), type=pa.string())})
        )
        run_sql(
            self.con,
            "CREATE TEMP TABLE heron_touching AS SELECT * FROM heron_input "
            "WHERE unique_id IN (SELECT unique_id FROM heron_keys)",
        )
        near = " UNION ".join(
            f"SELECT r.unique_id FROM heron_input r JOIN heron_touching l ON {rule}"
            for rule in self.rules
        )
        run_sql(
            self.con,
            f"CREATE TABLE {name} AS SELECT *, unique_id IN (SELECT unique_id FROM heron_keys) "
            "AS heron_touch, row_number() OVER () AS heron_apart FROM heron_input "
            f"WHERE unique_id IN ({near})",
        )
        run_sql(self.con, "DROP TABLE heron_touching")
        self.con.unregister("heron_keys")


def read_pairs(
    con: duckdb.DuckDBPyConnection, table: str, trained: TrainedModel
) -> list[ScoredPair]:
    """A predictions table's pairs (left < right), read column-wise: as ``scores`` reads
    them, weights rounded the same way, each distinct set of weights rounded once."""
    probe = con.execute(f"SELECT * FROM {table} LIMIT 0")
    present = {d[0] for d in probe.description}
    probe.fetchall()
    names = trained.comparisons
    columns = ["least(unique_id_l, unique_id_r)", "greatest(unique_id_l, unique_id_r)"]
    columns += ["match_weight", "match_probability"]
    columns += [f"gamma_{c}" for c in names]
    columns += [_weight_sql(c, present) for c in names]
    read = con.sql(f"SELECT {', '.join(columns)} FROM {table}").to_arrow_table()
    if read is None or read.num_rows == 0:
        return []
    values = [column.to_pylist() for column in read.columns]
    n = len(names)
    gammas: dict[tuple[Any, ...], tuple[int, ...]] = {}
    weights: dict[tuple[Any, ...], tuple[float, ...]] = {}
    out: list[ScoredPair] = []
    gamma_rows = zip(*values[4 : 4 + n], strict=True)
    weight_rows = zip(*values[4 + n :], strict=True)
    rows = zip(*values[:4], gamma_rows, weight_rows, strict=True)
    for left, right, weight, probability, gamma, raw in rows:
        rounded = weights.get(raw)
        if rounded is None:
            rounded = weights[raw] = tuple(round(w, 3) for w in raw)
        out.append(
            ScoredPair(left, right, weight, probability, gammas.setdefault(gamma, gamma), rounded)
        )
    return out

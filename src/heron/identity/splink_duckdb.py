"""DuckDB tables and reads behind ``heron.identity.linker.DuckDBEngine`` (part of that seam).

Owns the SQL the engine runs around Splink: the distinct feature rows and each row's
representative, the self pairs of duplicated rows, term frequencies counted over every
row, and reading scored pairs out of a predictions table. Only the linker calls it; it
must not touch Heron's store or cluster.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa  # pyarrow ships no type hints
from splink import DuckDBAPI, Linker

from heron.identity.expand import Score
from heron.identity.features import NOT_SCORED


def distinct_rows(con: duckdb.DuckDBPyConnection, features: pa.Table) -> None:
    """Tables ``heron_input`` (all rows), ``heron_members`` (each row's representative: the
    first key of the rows with identical features, and how many they are) and
    ``heron_reps`` (one row per distinct feature row, keyed by its representative).
    Columns no comparison reads (``NOT_SCORED``) do not make rows distinct."""
    con.register("heron_input", features)
    skip = {"unique_id", *NOT_SCORED}
    columns = ", ".join(f'"{c}"' for c in features.column_names if c not in skip)
    run_sql(
        con,
        "CREATE TABLE heron_members AS SELECT unique_id, min(unique_id) OVER w AS rep, "
        f"count(*) OVER w AS n FROM heron_input WINDOW w AS (PARTITION BY {columns})",
    )
    run_sql(
        con,
        "CREATE TABLE heron_reps AS SELECT i.* FROM heron_input i "
        "JOIN heron_members m ON i.unique_id = m.unique_id AND m.unique_id = m.rep "
        "ORDER BY i.unique_id",
    )


def self_pairs_table(con: duckdb.DuckDBPyConnection) -> int:
    """``heron_selves``: two copies of each duplicated row, grouped; returns its size."""
    run_sql(
        con,
        "CREATE TABLE heron_selves AS "
        "WITH d AS (SELECT r.*, r.unique_id AS heron_group FROM heron_reps r "
        "  WHERE r.unique_id IN (SELECT rep FROM heron_members WHERE n > 1)) "
        "SELECT * REPLACE (unique_id || '|a' AS unique_id) FROM d "
        "UNION ALL SELECT * REPLACE (unique_id || '|b' AS unique_id) FROM d",
    )
    return count_rows(con, "heron_selves")


def register_tf(
    con: duckdb.DuckDBPyConnection, api: DuckDBAPI, linker: Linker, columns: Iterable[str]
) -> None:
    """Term frequencies counted over every row (``heron_input``), not the distinct ones:
    a pair's score is then the same however many duplicates its rows have."""
    for column in columns:
        table = f"heron_tf_{column}"
        run_sql(
            con,
            f"CREATE TABLE IF NOT EXISTS {table} AS SELECT {column}, CAST(count(*) AS DOUBLE) "
            f"/ (SELECT count({column}) FROM heron_input) AS tf_{column} FROM heron_input "
            f"WHERE {column} IS NOT NULL GROUP BY {column}",
        )
        linker.table_management.register_term_frequency_lookup(api.register(table), column)


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run a statement to completion (DuckDB refuses other work while a result is open)."""
    con.execute(sql).fetchall()


def rule_sql(rule: str | Mapping[str, Any]) -> str:
    return rule if isinstance(rule, str) else str(rule["blocking_rule"])


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def scores(con: duckdb.DuckDBPyConnection, table: str, names: Sequence[str]) -> Iterator[Score]:
    """The scored pairs of a predictions table, as Splink wrote them."""
    result = con.execute(f"SELECT * FROM {table} LIMIT 0")
    present = {d[0] for d in result.description}
    result.fetchall()
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    columns += [f"gamma_{c}" for c in names]
    columns += [_weight_sql(c, present) for c in names]
    cursor = con.execute(f"SELECT {', '.join(columns)} FROM {table}")
    n = len(names)
    shared: dict[tuple[Any, ...], Any] = {}  # one tuple object per distinct value
    while batch := cursor.fetchmany(100_000):
        for row in batch:
            gammas = tuple(int(g) for g in row[4 : 4 + n])
            weights = tuple(round(float(w), 3) for w in row[4 + n :])
            yield Score(
                left=str(row[0]),
                right=str(row[1]),
                match_weight=float(row[2]),
                match_probability=float(row[3]),
                gammas=shared.setdefault(gammas, gammas),
                weights=shared.setdefault(weights, weights),
            )


def _weight_sql(comparison: str, columns: Collection[str]) -> str:
    """One comparison's weight, with its term-frequency adjustment when it has one."""
    weight = f"coalesce(mw_{comparison}, 0)" if f"mw_{comparison}" in columns else "0"
    if f"mw_tf_adj_{comparison}" in columns:
        weight += f" + coalesce(mw_tf_adj_{comparison}, 0)"
    return weight


def plain_splink_clusters(
    features: pa.Table, settings: Mapping[str, Any], threshold: float, memory_limit: str | None
) -> list[list[str]]:
    """Plain Splink end to end, the baseline Heron is measured against: score every
    blocked pair of mentions and cluster at ``threshold`` with Splink's own connected
    components, as a tutorial does (no duplicate collapsing, no hard rules)."""
    con = duckdb.connect()
    if memory_limit:
        run_sql(con, f"SET memory_limit = '{memory_limit}'")
    api = DuckDBAPI(connection=con)
    table = api.register(features, dataset_display_name="mentions")
    linker = Linker(table, dict(settings), log_level=None)
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    rows = con.execute(
        f"SELECT list(unique_id ORDER BY unique_id) FROM {clusters.physical_name} "
        "GROUP BY cluster_id"
    ).fetchall()
    del linker, predictions, clusters
    con.close()
    return sorted(list(r[0]) for r in rows)

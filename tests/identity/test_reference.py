"""The shipped reference parameters belong to the current model."""

from __future__ import annotations

from typing import Any

from heron.identity.model import heron_model
from heron.identity.reference import MAX_PRIOR, load_reference, reference_model


def _shape(comparisons: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    return [
        (c["output_column_name"], [lv["label_for_charts"] for lv in c["comparison_levels"]])
        for c in comparisons
    ]


def test_reference_matches_the_model_comparisons() -> None:
    stored = load_reference()["settings"]["comparisons"]
    assert _shape(stored) == _shape(heron_model().comparisons), (
        "the model changed: run `python -m benchmarks.identity --write-reference`"
    )


def test_the_prior_grows_for_small_inputs_but_stays_small() -> None:
    large = reference_model("heron", 60_000).prior_weight
    small = reference_model("heron", 500).prior_weight
    tiny = reference_model("heron", 5).splink_settings["probability_two_random_records_match"]
    assert large < small < 0 and tiny == MAX_PRIOR

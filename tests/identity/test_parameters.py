"""Trained parameters are bounded: no single non-identifier disagreement vetoes a link."""

from __future__ import annotations

import copy
import math
from datetime import datetime
from typing import Any

import pytest

from heron.identity.explain import _without_tf
from heron.identity.features import MentionInput, feature_row
from heron.identity.linker import DuckDBEngine
from heron.identity.model import heron_model
from heron.identity.parameters import (
    IDENTIFIERS,
    M_FLOOR,
    M_FLOOR_IDENTIFIER,
    bound_parameters,
    trained_from_settings,
)
from heron.identity.reference import load_reference, reference_model

LOWEST = math.log2(M_FLOOR) - 0.01  # a disagreement whose u is 1, at the floor
LOWEST_IDENTIFIER = math.log2(M_FLOOR_IDENTIFIER) - 0.01


def _extreme() -> dict[str, Any]:
    """The heron model's settings with parameters as EM gives them on data where nobody
    changes phone or is mis-keyed: "different" levels with m of 1e-17 to 1e-23, and
    levels EM never saw."""
    settings = copy.deepcopy(heron_model().settings())  # the model's levels are shared
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for i, level in enumerate(levels):
            if i == 0:
                level["m_probability"], level["u_probability"] = 0.97, 0.001
            elif i == len(levels) - 1:
                level["m_probability"], level["u_probability"] = 1e-23, 0.99
            elif i % 2:
                level["m_probability"], level["u_probability"] = "level not observed", 0.004
    settings["probability_two_random_records_match"] = 0.0004
    return settings


@pytest.mark.parametrize("source", ["extreme", "reference"])
def test_every_level_is_bounded_and_finite(source: str) -> None:
    settings = _extreme() if source == "extreme" else load_reference()["settings"]
    trained = trained_from_settings("heron", settings)
    for levels in trained.levels:
        floor = LOWEST_IDENTIFIER if levels[0].comparison in IDENTIFIERS else LOWEST
        top = max(level.weight for level in levels)
        for level in levels:
            assert floor <= level.weight <= top, (level.comparison, level.label, level.weight)
    for comparison in trained.splink_settings["comparisons"]:
        m = [lv["m_probability"] for lv in comparison["comparison_levels"] if "m_probability" in lv]
        assert all(isinstance(v, float) and v > 0 for v in m) and sum(m) == pytest.approx(1.0)
    again = trained_from_settings("heron", bound_parameters(trained.splink_settings))
    weights = [lv.weight for lvs in again.levels for lv in lvs]  # bounding is idempotent
    assert weights == pytest.approx([lv.weight for lvs in trained.levels for lv in lvs])


def _jess(key: str, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "given_name": "Jessica", "family_name": "Smith", "date_of_birth": "1993-05-02",
        "sex": "F", "address": "12 High Street, Oxford", "postcode": "OX4 1AB",
        "phone": "07700 900123",
    }  # fmt: skip
    fields.update(changes)
    agency = key.split(":")[0]
    return feature_row(MentionInput(key, agency, datetime(2007, 1, 1), **fields))


@pytest.mark.parametrize(
    "change",
    [{"phone": "07700 900456"}, {"sex": "M"}, {"family_name": "Smith-Jones"}],
    ids=["a new phone", "sex mis-keyed", "a double-barrelled family name"],
)
def test_one_disagreement_does_not_stop_a_link(change: dict[str, Any]) -> None:
    """The same name, date of birth and address, and one field that changed."""
    trained = reference_model("heron", 60_000)
    left, right = _jess("ouh:ED-1#0"), _jess("tvp:INC-1#0", **change)
    pair = DuckDBEngine().score(_without_tf(left, trained), _without_tf(right, trained), trained)
    assert pair.match_probability >= heron_model().threshold, pair

"""The shipped rule set is complete and documented; unsafe rule sets are refused."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from heron.indicators import Level, RuleSetError, load_rules, parse_rules


def shipped() -> dict[str, Any]:
    text = resources.files("heron.indicators").joinpath("rules.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_shipped_rules_load_with_a_version_and_every_field() -> None:
    rules = load_rules()
    assert rules.version == shipped()["version"]
    assert len(rules.rules) >= 30
    for rule in rules.rules:
        assert rule.name and rule.detects and rule.rationale and rule.sources
        assert 1 <= rule.weight <= 5


def test_shipped_rules_cover_the_cin_factors_asked_for() -> None:
    codes = {
        c for r in load_rules().rules if r.evaluator == "code_present" for c in r.params["codes"]
    }
    assert {"11A", "10A", "12A", "13A", "24A", "15A", "2A"} <= codes


def test_thresholds_rise() -> None:
    assert load_rules().thresholds == {Level.LOW: 1, Level.MEDIUM: 5, Level.HIGH: 10}
    data = shipped()
    data["levels"] = {"low": 5, "medium": 2, "high": 10}
    with pytest.raises(RuleSetError, match="rise"):
        parse_rules(data)


@pytest.mark.parametrize(
    "params",
    [
        {"match": {"attributes": {"ethnicity": "x"}}},
        {"match": {"attributes": {"subject.religion": ["x"]}}},
        {"match": {"attributes": {"nationality": "x"}}},
        {"cues": ["asylum", "Ethnic origin"]},
        {"checks": [{"evaluator": "text_cue", "params": {"attributes": ["faith_group"]}}]},
    ],
)
def test_rules_that_reference_protected_characteristics_are_refused(params: dict[str, Any]) -> None:
    data = shipped()
    rule = copy.deepcopy(data["rules"][0])
    rule.update(id="BAD-1", evaluator="any_of" if "checks" in params else "text_cue", params=params)
    data["rules"].append(rule)
    with pytest.raises(RuleSetError, match="protected characteristic"):
        parse_rules(data)


def test_a_rule_named_after_a_protected_characteristic_is_refused() -> None:
    data = shipped()
    data["rules"][0]["name"] = "Child's nationality"
    with pytest.raises(RuleSetError, match="protected"):
        parse_rules(data)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"evaluator": "gut_feeling"}, "unknown evaluator"),
        ({"sources": []}, "missing sources"),
        ({"rationale": ""}, "missing rationale"),
    ],
)
def test_incomplete_rules_are_refused(change: dict[str, Any], reason: str) -> None:
    data = shipped()
    data["rules"][0].update(change)
    with pytest.raises(RuleSetError, match=reason):
        parse_rules(data)


def test_duplicate_ids_and_missing_version_are_refused() -> None:
    data = shipped()
    data["rules"].append(data["rules"][0])
    with pytest.raises(RuleSetError, match="unique"):
        parse_rules(data)
    with pytest.raises(RuleSetError, match="version"):
        parse_rules({k: v for k, v in shipped().items() if k != "version"})


@pytest.mark.parametrize(
    ("rules", "reason"),
    [
        (["adult-boyfriend", "no-such-rule"], "unknown language rule.*no-such-rule"),
        ([], "needs a list of language rules"),
        ("adult-boyfriend", "needs a list of language rules"),
    ],
)
def test_language_flag_rules_must_name_known_language_rules(rules: Any, reason: str) -> None:
    data = shipped()
    [adu] = [r for r in data["rules"] if r["id"] == "ADU-02"]
    assert adu["evaluator"] == "language_flag"
    parse_rules(data)  # the shipped names are accepted
    adu["params"]["rules"] = rules
    with pytest.raises(RuleSetError, match=reason):
        parse_rules(data)
    nested = shipped()
    nested["rules"][0].update(
        evaluator="any_of",
        params={"checks": [{"evaluator": "language_flag", "params": {"rules": rules}}]},
    )
    with pytest.raises(RuleSetError, match=reason):
        parse_rules(nested)


def test_a_rule_sets_reach_is_its_longest_window_and_none_when_one_has_none() -> None:
    assert load_rules().reach == (365, True)  # a year back; open records count, whatever age
    data = shipped()
    for rule in data["rules"]:
        if rule["evaluator"] != "network_member":
            rule["params"]["window_days"] = 30
            for check in rule["params"].get("checks", []):
                check.get("params", {}).pop("window_days", None)
    data["rules"][0]["params"]["window_days"] = 400
    assert parse_rules(data).reach[0] == 400
    data["rules"][0]["params"]["window_days"] = None
    assert parse_rules(data).reach[0] is None
    assert all("window_days" in params for _, params in parse_rules(data).defaulted)

"""The shipped rule file: valid, sourced, and each rule does what its own examples say."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from heron.language import Checker, RuleFileError, check, load_rules
from heron.language.rules import parse_rules

RULES = load_rules()
BRIEF_TERMS = [
    "streetwise", "prostituting herself", "prostituting himself", "child prostitute",
    "putting herself at risk", "sexually active", "boyfriend", "lifestyle choice",
    "involved in CSE", "in a relationship with", "wilful", "willful", "promiscuous",
    "consensual", "sexually available", "risk-taking behaviour", "choosing to go missing",
    "absconding", "runaway", "rent boy", "giving sex for", "exchanging sex",
    "young woman", "manipulative", "attention seeking", "out of control", "difficult to engage",
]  # fmt: skip


def shipped() -> dict[str, Any]:
    raw = resources.files("heron.language").joinpath("rules.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def test_the_shipped_file_is_versioned_and_every_rule_cites_a_known_source() -> None:
    data = shipped()
    assert data["format"] == "heron.language.rules/1"
    assert RULES.version == data["version"]
    for rule in data["rules"]:
        assert set(rule["sources"]) <= set(data["sources"]), rule["id"]
        assert rule["basis"] in ("listed", "principle")
        assert all(str(p) in data["principles"] for p in rule.get("principles", []))


@pytest.mark.parametrize("term", BRIEF_TERMS)
def test_every_term_in_the_brief_has_a_rule(term: str) -> None:
    assert any(rule.pattern.search(term) for rule in RULES.rules), term


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_each_rule_flags_its_examples_and_not_its_counter_examples(rule: Any) -> None:
    for example in rule.examples:
        assert rule.id in {f.rule for f in check(example)}, example
    for example in rule.counter_examples:
        assert check(example) == [], example


def test_reasons_name_their_sources() -> None:
    for rule in RULES.rules:
        assert "(Source: " in rule.reason


def edited(**changes: Any) -> str:
    data = shipped()
    first = data["rules"][0]
    for key, value in changes.items():
        first[key] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phrases": ["{nosuchform} x"]}, "unknown form"),
        ({"sources": ["NOWHERE"]}, "unknown sources"),
        ({"checks": ["astrology"]}, "checks"),
        ({"id": "Not An Id"}, "id"),
    ],
)
def test_a_broken_rule_file_is_refused_with_the_rule_named(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(RuleFileError, match=message):
        parse_rules(edited(**change))


def test_duplicate_rule_ids_are_refused() -> None:
    data = shipped()
    data["rules"].append(data["rules"][0])
    with pytest.raises(RuleFileError, match="duplicate rule id"):
        parse_rules(json.dumps(data))


def test_a_rule_file_can_be_loaded_from_a_path(tmp_path: Path) -> None:
    data = shipped()
    data["rules"] = [r for r in data["rules"] if r["id"] == "streetwise"]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    checker = Checker(load_rules(path))
    assert [f.rule for f in checker.check("She is streetwise and promiscuous.")] == ["streetwise"]

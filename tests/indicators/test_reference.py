"""docs/indicators.md shows the shipped rule set exactly."""

from __future__ import annotations

from pathlib import Path

from heron.indicators.reference import END, START, rules_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_rules_section_of_the_docs_is_current() -> None:
    text = (DOCS / "indicators.md").read_text("utf-8")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section == "\n" + rules_reference(), "run python -m heron.indicators.reference"


def test_reference_names_every_rule_with_its_sources() -> None:
    text = rules_reference()
    assert "### CIN-11A Assessment factor: child sexual exploitation" in text
    assert "CIN census assessment factors" in text
    assert "low ≥ 1, medium ≥ 5, high ≥ 10" in text

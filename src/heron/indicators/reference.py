"""The rule set as Markdown, for ``docs/indicators.md``, generated from ``rules.json``.

Owns the generated section of the indicators page and rewriting it in place
(``python -m heron.indicators.reference docs/indicators.md``). Must not change rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from heron.indicators.ruleset import RuleSet, load_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def _params(rule_params: object) -> str:
    return json.dumps(rule_params, ensure_ascii=False, sort_keys=True).replace("|", "\\|")


def rules_reference(rules: RuleSet | None = None) -> str:
    """The Markdown rule table and per-rule details of a rule set."""
    rules = rules or load_rules()
    lines = [
        f"Rule set version **{rules.version}**, {len(rules.rules)} rules. Level thresholds on "
        "the total weight: "
        + ", ".join(f"{lvl.label} ≥ {n}" for lvl, n in sorted(rules.thresholds.items()))
        + ".",
        "",
        "| id | indicator | domain | weight | floor | evaluator |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules.rules:
        floor = r.floor.label if r.floor is not None else ""
        lines.append(f"| {r.id} | {r.name} | {r.domain} | {r.weight} | {floor} | `{r.evaluator}` |")
    for r in rules.rules:
        lines += [
            "",
            f"### {r.id} {r.name}",
            "",
            f"- **Detects:** {r.detects}",
            f"- **Parameters:** `{_params(r.params)}`",
            f"- **Why:** {r.rationale}",
            f"- **Sources:** {'; '.join(r.sources)}",
        ]
    return "\n".join(lines) + "\n"


def rewrite(path: Path) -> None:
    """Replace the generated section of a Markdown file with the current rule set."""
    text = path.read_text("utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{rules_reference()}{END}{tail}", "utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/indicators.md"))

"""Counts of flagged wording per agency, team and period, and per rule.

Owns the ``TextItem`` input, the ``Report`` it produces and its renderings (rich tables,
CSV rows). It takes plain iterables so any source can feed it (the store, a file, a test);
it must not read the database or files itself, and must not decide what is flagged (it
calls the checker).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TextIO

from rich.table import Table

from heron.language.checker import Flag, check

Period = Literal["month", "quarter"]
GROUP_COLUMNS = ("agency", "team", "period", "texts", "texts_flagged", "flags")


@dataclass(frozen=True, slots=True)
class TextItem:
    """One piece of recorded text: which agency and team wrote it, when, and what it says."""

    agency: str
    team: str
    when: date
    text: str


@dataclass(frozen=True, slots=True)
class GroupCount:
    """Flagged wording of one agency's team in one period."""

    agency: str
    team: str
    period: str
    texts: int
    texts_flagged: int
    flags: int
    by_rule: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule fired across all the texts, and in how many texts."""

    rule: str
    flags: int
    texts_flagged: int


@dataclass(frozen=True, slots=True)
class Report:
    """The counts, sorted by agency, team and period, and rules by frequency."""

    period: Period
    groups: tuple[GroupCount, ...]
    rules: tuple[RuleCount, ...]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.rule for r in self.rules)

    def csv_rows(self) -> list[list[str]]:
        """Header and one row per agency/team/period, with a column per rule that fired."""
        rows = [[*GROUP_COLUMNS, *self.rule_ids]]
        for g in self.groups:
            counts = (
                g.texts,
                g.texts_flagged,
                g.flags,
                *(g.by_rule.get(r, 0) for r in self.rule_ids),
            )
            rows.append([g.agency, g.team, g.period, *map(str, counts)])
        return rows

    def rule_csv_rows(self) -> list[list[str]]:
        """Header and one row per rule."""
        return [["rule", "flags", "texts_flagged"]] + [
            [r.rule, str(r.flags), str(r.texts_flagged)] for r in self.rules
        ]

    def write_csv(self, out: TextIO) -> None:
        csv.writer(out).writerows(self.csv_rows())

    def group_table(self) -> Table:
        table = Table(title=f"Flagged wording by agency, team and {self.period}")
        for column in GROUP_COLUMNS:
            table.add_column(
                column.replace("_", " "), justify="left" if column in GROUP_COLUMNS[:3] else "right"
            )
        table.add_column("most frequent")
        for g in self.groups:
            top = ", ".join(f"{rule} {n}" for rule, n in Counter(g.by_rule).most_common(3))
            table.add_row(
                g.agency, g.team, g.period, str(g.texts), str(g.texts_flagged), str(g.flags), top
            )
        return table

    def rule_table(self) -> Table:
        table = Table(title="Flagged wording by rule")
        table.add_column("rule")
        table.add_column("flags", justify="right")
        table.add_column("texts flagged", justify="right")
        for r in self.rules:
            table.add_row(r.rule, str(r.flags), str(r.texts_flagged))
        return table


def period_of(when: date, period: Period) -> str:
    """``2008-03`` for a month, ``2008-Q1`` for a quarter."""
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return f"{when.year:04d}-Q{(when.month - 1) // 3 + 1}"


def flag_report(
    items: Iterable[TextItem],
    *,
    period: Period = "month",
    checker: Callable[[str], Sequence[Flag]] = check,
) -> Report:
    """Check every item and count its flags per agency, team and period, and per rule."""
    if period not in ("month", "quarter"):
        raise ValueError(f"period must be 'month' or 'quarter', not {period!r}")
    texts: Counter[tuple[str, str, str]] = Counter()
    flagged: Counter[tuple[str, str, str]] = Counter()
    by_rule: defaultdict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    rule_flags: Counter[str] = Counter()
    rule_texts: Counter[str] = Counter()
    for item in items:
        key = (item.agency, item.team, period_of(item.when, period))
        flags = checker(item.text)
        texts[key] += 1
        flagged[key] += bool(flags)
        fired = Counter(f.rule for f in flags)
        by_rule[key].update(fired)
        rule_flags.update(fired)
        rule_texts.update(fired.keys())
    groups = tuple(
        GroupCount(*key, texts[key], flagged[key], sum(by_rule[key].values()), dict(by_rule[key]))
        for key in sorted(texts)
    )
    rules = tuple(
        RuleCount(rule, n, rule_texts[rule])
        for rule, n in sorted(rule_flags.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return Report(period, groups, rules)

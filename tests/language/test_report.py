"""Counts of flagged wording per agency, team and period, and per rule."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from heron.language.report import TextItem, flag_report, period_of

ITEMS = [
    TextItem("police", "CSE team", date(2008, 1, 5), "She is streetwise and a runaway."),
    TextItem("police", "CSE team", date(2008, 1, 20), 'She said "he\'s my boyfriend".'),
    TextItem("police", "CSE team", date(2008, 2, 2), "She is streetwise."),
    TextItem("school", "DSL", date(2008, 3, 30), "She is prostituting herself."),
    TextItem("school", "DSL", date(2008, 3, 31), "Attended all lessons."),
]


def test_period_labels() -> None:
    assert period_of(date(2008, 3, 31), "month") == "2008-03"
    assert period_of(date(2008, 3, 31), "quarter") == "2008-Q1"
    assert period_of(date(2008, 10, 1), "quarter") == "2008-Q4"


def test_counts_per_agency_team_and_month() -> None:
    report = flag_report(ITEMS)
    rows = [(g.agency, g.team, g.period, g.texts, g.texts_flagged, g.flags) for g in report.groups]
    assert rows == [
        ("police", "CSE team", "2008-01", 2, 1, 2),
        ("police", "CSE team", "2008-02", 1, 1, 1),
        ("school", "DSL", "2008-03", 2, 1, 1),
    ]
    assert report.groups[0].by_rule == {"streetwise": 1, "runaway": 1}


def test_counts_per_quarter_and_per_rule() -> None:
    report = flag_report(ITEMS, period="quarter")
    assert [(g.agency, g.period, g.flags) for g in report.groups] == [
        ("police", "2008-Q1", 3),
        ("school", "2008-Q1", 1),
    ]
    assert [(r.rule, r.flags, r.texts_flagged) for r in report.rules] == [
        ("streetwise", 2, 2),
        ("prostituting-self", 1, 1),
        ("runaway", 1, 1),
    ]


def test_csv_rows_have_a_column_per_rule_that_fired() -> None:
    report = flag_report(ITEMS, period="quarter")
    header, *rows = report.csv_rows()
    assert header == [
        "agency", "team", "period", "texts", "texts_flagged", "flags",
        "streetwise", "prostituting-self", "runaway",
    ]  # fmt: skip
    assert rows[0] == ["police", "CSE team", "2008-Q1", "3", "2", "3", "2", "0", "1"]
    out = io.StringIO()
    report.write_csv(out)
    assert out.getvalue().splitlines()[0].startswith("agency,team,period")
    assert report.rule_csv_rows()[1] == ["streetwise", "2", "2"]


def test_renders_as_rich_tables() -> None:
    report = flag_report(ITEMS)
    console = Console(file=io.StringIO(), width=160)
    console.print(report.group_table())
    console.print(report.rule_table())
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "CSE team" in text and "streetwise" in text and "2008-02" in text


def test_takes_any_iterable_and_any_checker() -> None:
    report = flag_report(iter(ITEMS[:1]), checker=lambda text: [])
    assert report.groups[0].flags == 0 and report.rules == ()


def test_rejects_an_unknown_period() -> None:
    with pytest.raises(ValueError, match="period"):
        flag_report(ITEMS, period="week")  # type: ignore[arg-type]

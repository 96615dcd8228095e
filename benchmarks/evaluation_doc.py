"""What ``make eval`` writes: docs/evaluation.md's targets, tables and column notes, from
the scored county runs of ``benchmarks.evaluation``. Formats only; it runs nothing.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.machine import describe
from heron.detection.evaluate import DEADLINE_DAYS, LIVE_AFTER_DAYS
from heron.detection.evaluate_identify import FirstNamed
from heron.patterns import NETWORK_ALERT_THRESHOLD

if TYPE_CHECKING:  # benchmarks.evaluation imports this module
    from benchmarks.evaluation import CountyRun

DOC = Path(__file__).resolve().parent.parent / "docs" / "evaluation.md"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def summary_table(runs: list[CountyRun]) -> list[str]:
    lines = [
        "| county | records | networks alerted in time | days to first alert (median / max) "
        "| network alerts | real | decoy alerts | decoy above a real network (dates / named) "
        "| victims ≥ medium (own deadline / named / network's) "
        "| other children ≥ medium (peak / final / ever) | replay |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        e = run.evaluation
        discoverable = [n for n in e.networks if n.discoverable_at is not None]
        days = [n.days for n in discoverable if n.days is not None]
        in_time = sum(n.in_time for n in discoverable)
        spread = f"{statistics.median(days):.0f} / {max(days):.0f}" if days else "—"
        decoys = ", ".join(f"{k} {v}" for k, v in sorted(e.decoy_alerts.items())) or "0"
        lines.append(
            f"| {run.children:,} children, seed {run.seed} | {run.records:,} "
            f"| {in_time} of {len(discoverable)} | {spread} | {e.network_alerts} "
            f"| {_pct(e.precision)} | {decoys} "
            f"| {len(e.decoy_above_real_steps)} / {len(e.decoy_above_named_steps)} "
            f"| {_pct(e.victims_recall)} / {_pct(e.victims_recall_named)} / "
            f"{_pct(e.victims_recall_at_network_deadline)} "
            f"| {_pct(e.other_children_peak_rate)} / "
            f"{_pct(e.other_children_final_rate)} / {_pct(e.other_children_ever_rate)} "
            f"| {run.steps} steps, {run.seconds:,.0f} s |"
        )
    return lines


def network_table(runs: list[CountyRun]) -> list[str]:
    lines = [
        "| county | network | size | discoverable | by naming records | first alert | days "
        "| victims tied by records | of them ≥ medium in time | tied by records naming them "
        "| of them ≥ medium in time | all victims ≥ medium by the network's deadline "
        "| tied only by a first name (in an alert anyway / shown to identify / right child "
        "suggested) |",
        "|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for n in run.evaluation.networks:
            found = f"{n.discoverable_at:%Y-%m-%d}" if n.discoverable_at else "never"
            named = n.named_discoverable_at
            named_text = f"{named:%Y-%m-%d}" if named else "never"
            first = f"{n.first_alert_at:%Y-%m-%d}" if n.first_alert_at else "none"
            days = f"{n.days:.0f}" if n.days is not None else "—"
            lines.append(
                f"| {run.children:,}/{run.seed} | {n.id} | {n.size} | {found} | {named_text} "
                f"| {first} "
                f"| {days} | {n.victims_tied} of {n.victims} | {n.victims_tied_flagged} "
                f"| {n.victims_named} | {n.victims_named_flagged} "
                f"| {n.victims_flagged} of {n.victims} | {_first_named(n.first_named)} |"
            )
    return lines


def _first_named(counts: FirstNamed) -> str:
    if not counts.victims:
        return "0"
    return f"{counts.victims} ({counts.in_alert} / {counts.shown} / {counts.suggested})"


def decoy_table(runs: list[CountyRun]) -> list[str]:
    """Each date a decoy outscored a live real network, with both scores."""
    rows = [
        f"| {run.children:,}/{run.seed} | {d.as_of:%Y-%m-%d} | {d.decoy} ({d.decoy_kind}) "
        f"| {d.decoy_score:.2f} | {d.network} | {d.network_score:.2f} "
        f"| {'yes' if max(d.decoy_score, d.network_score) >= NETWORK_ALERT_THRESHOLD else 'no'} "
        f"| {'yes' if d.network_named_discoverable else 'no'} |"
        for run in runs
        for d in run.evaluation.decoy_above_real
    ]
    if not rows:
        return ["No decoy finding scored above a live real network's best finding."]
    return [
        "| county | date | decoy | its finding's score | network | the network's best "
        f"finding then | either at the alerting threshold ({NETWORK_ALERT_THRESHOLD}) "
        "| the network discoverable by records naming its children then |",
        "|---|---|---|---:|---|---:|---|---|",
        *rows,
    ]


def pooled_victims(runs: list[CountyRun]) -> str:
    """The victims' measure over every county together, beside the per-county figures."""
    networks = [n for r in runs for n in r.evaluation.networks if n.discoverable_at is not None]
    tied = sum(n.victims_tied for n in networks)
    flagged = sum(n.victims_tied_flagged for n in networks)
    share = flagged / tied if tied else 1.0
    named = sum(n.victims_named for n in networks)
    named_flagged = sum(n.victims_named_flagged for n in networks)
    named_share = named_flagged / named if named else 1.0
    return (
        f"Over all {len(runs)} counties together, {flagged} of {tied} victims tied by records "
        f"({_pct(share)}) were at medium or above within {DEADLINE_DAYS} days of their own "
        "discoverability; the target above is judged county by county, on that measure. "
        f"Counting only ties by records that name the child by more than a first name, "
        f"{named_flagged} of {named} ({_pct(named_share)}). "
        f"{first_named_sentence(runs)}"
    )


def first_named_sentence(runs: list[CountyRun]) -> str:
    """What the alerts did about the victims only first-name records tied to a network."""
    counts = sum((r.evaluation.first_named for r in runs), FirstNamed())
    if not counts.victims:
        return "No victim was tied to a network only by records naming them by a first name."
    return (
        f"{counts.victims} victims were tied to their network, by their deadline, only by "
        "records naming them by a first name, which no linking can put on a child's "
        "chronology; a person identifies them ([decision 0003]"
        "(decisions/0003-first-names-are-for-people-to-identify.md)). "
        f"{counts.in_alert} of them were among an alert's children in time "
        "anyway, through records of their own; an alert showed "
        f"{counts.shown} of them to a person to identify in time, and for "
        f"{counts.suggested} of those it suggested the right child "
        "(*tied only by a first name* below)."
    )


def targets(runs: list[CountyRun]) -> list[str]:
    every_in_time = all(n.in_time for r in runs for n in r.evaluation.networks)
    checks: list[tuple[str, bool]] = [
        (
            f"every planted network alerted within {DEADLINE_DAYS} days of becoming discoverable",
            every_in_time,
        ),
        (
            "at least 80% of network alerts are real networks",
            all(r.evaluation.precision >= 0.8 for r in runs),
        ),
        (
            "no decoy ranked above a real network",
            all(not r.evaluation.decoy_above_real_steps for r in runs),
        ),
        (
            "at least 90% of victims at medium or above by then",
            all(r.evaluation.victims_recall >= 0.9 for r in runs),
        ),
        (
            "at most 3% of other children at medium or above (peak over the replayed dates)",
            all(r.evaluation.other_children_peak_rate <= 0.03 for r in runs),
        ),
    ]
    return [f"- {text}: **{'met' if ok else 'not met'}**" for text, ok in checks]


def write_doc(runs: list[CountyRun], every: str, window: tuple[datetime, datetime]) -> None:
    """docs/evaluation.md: the targets, the tables and what each column means."""
    body = [
        "# Evaluation: does Heron raise the planted networks, early, and not the decoys?",
        "",
        f"Measured {date.today():%Y-%m-%d} on {describe()} by `make eval` "
        "(`python -m benchmarks.evaluation`). Each county is made by `heron synth`, "
        "ingested into SQLite, and replayed with `heron replay --every "
        f"{every}` over {window[0]:%Y-%m-%d} – {window[1]:%Y-%m-%d}: link and detect as of "
        "each date on what had been recorded by then. Alerts and levels are then matched "
        "to the planted truth (`truth/networks.json`): an alert is about a planted group "
        "when it names two of the group's children, or one child and one adult of it "
        "(`heron.detection.evaluate`).",
        "",
        "## Targets",
        "",
        *targets(runs),
        "",
        pooled_victims(runs),
        "",
        "## Counties",
        "",
        *summary_table(runs),
        "",
        "- *days to first alert*: from the network's `discoverable_at` (the first moment two "
        "of its children with a concern record were each tied by one record to the same "
        "adult, vehicle, phone, handle or place) to the `raised_at` of its first alert; "
        f"replayed {every} apart, so a day count includes the wait for the next step.",
        "- *victims ≥ medium*, the target's measure (*own deadline*): of the networks' "
        "children whom the records tied to the network (a record naming the child and one of "
        "its adults, vehicles, phones or places, and a concern record: the child's own "
        "`children_discoverable_at` in the truth), the share whose level reached medium or "
        f"above no later than {DEADLINE_DAYS} days after the later of the network's and the "
        "child's own discoverability. A child drawn in a year after the network became "
        "discoverable cannot be flagged by the network's deadline, and a child no record "
        "ties to it cannot be found through it. *named*: the same, counting only ties by "
        "records that name the child by a family name or a date of birth "
        '(`children_named_discoverable_at`): a girl named only "Lynda" in a hotel report '
        "beside the network's adult could be any Lynda, so no linking can put that record "
        "on her own chronology (the finding lists such a person apart, of unknown age, for "
        "a person to identify). Shown beside the target's measure, not instead of it. "
        "*network's*: the strictest reading, every "
        "child of the network (tied or not) at medium or above by the network's own "
        "deadline.",
        "- *decoy above a real network*: replayed dates at which a finding about a decoy "
        "scored above the best finding of a real network that was live then (discoverable, "
        f"and active or ended less than {LIVE_AFTER_DAYS} days before: the children's "
        "indicators look back a year, so an ended network fades from the findings); "
        "*named*: those of them at which the network was discoverable by records naming "
        "its children by a family name or a date of birth (`named_discoverable_at` in the "
        "truth), not only by a record such as a missing episode whose second child is "
        '"Amber" and nothing more.',
        "- *other children*: every other child assessed at a date; *peak* is the highest "
        "share at any one replayed date, *final* the last date, *ever* the share flagged at "
        "any date over the eight years.",
        "",
        "## Planted networks",
        "",
        *network_table(runs),
        "",
        "- *tied only by a first name*: victims whom, by their own deadline, only records "
        "naming them by a first name tied to the network (`children_discoverable_at` "
        "without `children_named_discoverable_at` by then); *in an alert anyway*: those "
        "an alert held among its children at a replayed date by the deadline, through "
        "records of their own (their own concern and ties); *shown to identify*: those an "
        "alert's sentence of people to identify showed (its first five) at a replayed date "
        "by the deadline; *right child suggested*: of those, the ones whose own record "
        "was among the children it suggested for them (its first three). Heron never puts "
        "such a record on a child itself: a person decides.",
        "",
        "## Decoys above a real network",
        "",
        "A real network's *best finding* is the highest-scored finding that names two of "
        "its children (or one child and one of its adults); before the network's own ties "
        "form a finding, that can be a finding mostly about others (a car park where many "
        "children are seen) that happens to name two of them.",
        "",
        *decoy_table(runs),
        "",
    ]
    DOC.write_text("\n".join(body))

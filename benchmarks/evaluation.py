"""``make eval``: replay synthetic counties month by month and score the alerts against truth.

python -m benchmarks.evaluation [--seeds 1 2 3] [--children 1500 3000] [--every 1m]
                                [--networks 3] [--data DIR] [--no-write]

For each county size and seed: make the county once (``heron synth``, with ``--networks``
planted exploitation networks, more than synth's default one per 3,000 children so that
each county tests several), ingest it into a
fresh SQLite store, replay link + detect as of each month end over the whole window, and
score the result with ``heron.detection.evaluate`` (days from each planted network
becoming discoverable to its first alert, alert precision, decoy alerts, decoys ranked
above a real network, victims at medium or above by the deadline, and the flag rate among
other children). Writes the tables to docs/evaluation.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from benchmarks.machine import children_peak_rss_mib, describe, peak_rss_mib
from heron.access import system_actor
from heron.detection import parse_every, replay
from heron.detection.evaluate import (
    DEADLINE_DAYS,
    LIVE_AFTER_DAYS,
    Evaluation,
    StepView,
    evaluate_replay,
    persons_to_truth,
    read_groups,
)
from heron.detection.evaluate_identify import FirstNamed
from heron.identity.evaluate import read_truth
from heron.ingest import ingest_paths
from heron.patterns import NETWORK_ALERT_THRESHOLD
from heron.settings import Settings
from heron.store.db import open_store
from heron.store.models import PersonMention, Record
from heron.synth import SynthConfig, generate

ACTOR = system_actor("eval")
DOC = Path(__file__).resolve().parent.parent / "docs" / "evaluation.md"
WINDOW = (datetime(2004, 1, 31), datetime(2011, 12, 31))


@dataclass(frozen=True, slots=True)
class CountyRun:
    """One replayed county and its scores."""

    seed: int
    children: int
    records: int
    steps: int
    seconds: float
    peak_mib: float
    evaluation: Evaluation
    worker_peak_mib: float = 0.0  # the linking worker's (heron.detection.linkahead)


def make_county(
    root: Path, children: int, seed: int, networks: int | None = None
) -> tuple[Path, Path]:
    """The county folder and a SQLite file with it ingested (made once, then reused)."""
    out = root / f"eval-{children}-{seed}-{networks or 'default'}"
    base = out / "ingested.db"
    if not base.exists():
        generate(SynthConfig(out=out, seed=seed, children=children, networks=networks))
        partial = out / "ingesting.db"
        partial.unlink(missing_ok=True)
        engine = open_store(f"sqlite:///{partial}")
        ingest_paths(engine, [out / "records"], ACTOR, Settings())
        engine.dispose()  # checkpoints the write-ahead log into the file before it moves
        partial.rename(base)
    return out, base


def _assignment(engine: Engine, run_id: int) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(PersonMention.mention_key, PersonMention.person_id).where(
                PersonMention.run_id == run_id
            )
        )
        return [(str(k), str(p)) for k, p in rows]


def run_county(
    root: Path,
    children: int,
    seed: int,
    every: str,
    networks: int | None = None,
    link_ahead: bool | None = None,
) -> CountyRun:
    """Replay one county from a fresh copy of its ingested store and score it."""
    from heron.alerts import alert_lines

    county, base = make_county(root, children, seed, networks)
    work = Path(tempfile.mkdtemp(prefix="heron-eval-"))
    try:
        db = work / "heron.db"
        shutil.copyfile(base, db)
        engine = open_store(f"sqlite:///{db}")
        truth = read_truth(county)
        groups = read_groups(county)
        steps: list[StepView] = []
        started = time.perf_counter()
        for step in replay(engine, ACTOR, *WINDOW, parse_every(every), link_ahead=link_ahead):
            result = step.result
            steps.append(
                StepView(
                    as_of=step.as_of,
                    child_levels=result.child_levels,
                    findings=[(f.score, f.children, f.adults) for f in result.findings],
                    to_truth=persons_to_truth(_assignment(engine, result.run_id), truth),
                    to_identify=[
                        shown for f in result.findings if f.alert for shown in f.shown_to_identify
                    ],
                )
            )
            print(
                f"  {step.as_of:%Y-%m-%d}: {step.mentions:,} mentions, "
                f"{result.alerted_findings} networks alerted, {step.seconds:.1f} s",
                flush=True,
            )
        seconds = time.perf_counter() - started
        alerts = list(alert_lines(engine, ACTOR, WINDOW[1]))
        evaluation = evaluate_replay(groups, steps, alerts, steps[-1].to_truth)
        with engine.connect() as conn:
            records = conn.execute(select(func.count(Record.key.distinct()))).scalar_one()
        engine.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return CountyRun(
        seed, children, records, len(steps), seconds, peak_rss_mib(), evaluation,
        children_peak_rss_mib(),
    )  # fmt: skip


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


def write_doc(runs: list[CountyRun], every: str) -> None:
    body = [
        "# Evaluation: does Heron raise the planted networks, early, and not the decoys?",
        "",
        f"Measured {date.today():%Y-%m-%d} on {describe()} by `make eval` "
        "(`python -m benchmarks.evaluation`). Each county is made by `heron synth`, "
        "ingested into SQLite, and replayed with `heron replay --every "
        f"{every}` over {WINDOW[0]:%Y-%m-%d} – {WINDOW[1]:%Y-%m-%d}: link and detect as of "
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--children", type=int, nargs="+", default=[1500, 3000])
    parser.add_argument("--every", default="1m")
    parser.add_argument(
        "--networks", type=int, default=3, help="exploitation networks planted in each county"
    )
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs")
    args = parser.parse_args(argv)
    runs: list[CountyRun] = []
    for children in args.children:
        for seed in args.seeds:
            print(f"County of {children:,} children, seed {seed}", flush=True)
            runs.append(run_county(args.data, children, seed, args.every, args.networks))
            print("\n".join(summary_table(runs[-1:])), flush=True)
    if not args.no_write:
        write_doc(runs, args.every)
        print(f"wrote {DOC}")
    print("\n".join(targets(runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

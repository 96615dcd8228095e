"""``heron link`` and ``heron identity …``: thin commands over ``heron.identity``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from heron.access import Actor, person_actor, system_actor
from heron.cli.common import (
    AsOfOption,
    DbOption,
    console,
    open_db,
    out,
    parse_date_option,
    settings_for,
)
from heron.settings import Settings

identity_app = typer.Typer(
    help="Why mentions were linked, and people's decisions about them.", no_args_is_help=True
)


def link(
    as_of: AsOfOption = None,
    reuse_model: Annotated[
        bool,
        typer.Option("--reuse-model", help="Never retrain: reuse the latest run's parameters."),
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Link every mention again instead of only what changed."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Resolve mentions into persons (stable ids), phones, vehicles and places, as of a date.

    Links only new and changed mentions onto the previous run's persons when a usable
    previous run exists (same model, as-of not later); ``--full`` re-links everything.
    """
    from heron.identity import link_persons  # Splink and DuckDB load only when linking

    engine = open_db(settings_for(db))
    with console.status("Linking person mentions"):
        summary = link_persons(
            engine,
            system_actor("link-cli"),
            as_of,
            reuse_model=reuse_model,
            incremental=False if full else None,
        )
    out.print(
        f"run {summary.run_id} ({summary.mode}, {summary.changed:,} mentions linked afresh): "
        f"{summary.mentions:,} mentions → {summary.persons:,} persons "
        f"({summary.new_persons:,} new, {summary.merges:,} merges, {summary.splits:,} splits); "
        f"{summary.objects:,} phone, vehicle and place mentions resolved"
    )


Pair = Annotated[list[str], typer.Argument(help="Two mention keys (agency:id#ref).")]
Reason = Annotated[str, typer.Option("--reason", help="Why, in words a reviewer can check.")]
By = Annotated[
    str | None,
    typer.Option(
        "--by",
        "--analyst",
        help="Who decided: a person's name or staff id (default: HERON_ANALYST).",
        show_default=False,
    ),
]
Run = Annotated[
    int | None,
    typer.Option("--run", help="Linking run (default: the current one, not a past as-of run)."),
]
RunAsOf = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        parser=parse_date_option,
        metavar="D",
        help="The latest linking run as of exactly D (as `heron link --as-of D` made it).",
        show_default=False,
    ),
]


def _two(keys: list[str]) -> tuple[str, str]:
    if len(keys) != 2:
        raise typer.BadParameter("give exactly two mention keys")
    return keys[0], keys[1]


def _analyst(by: str | None, settings: Settings) -> Actor:
    """The person deciding, from ``--by`` or ``HERON_ANALYST``: a person actor, never a
    system one, so the decision says who made it."""
    name = by or settings.analyst
    if not name or not name.strip():
        raise typer.BadParameter("say who is deciding: --by NAME (or set HERON_ANALYST)")
    return person_actor(name)


@identity_app.command("explain")
def explain(keys: Pair, run: Run = None, as_of: RunAsOf = None, db: DbOption = None) -> None:
    """Explain, comparison by comparison, why two mentions are or are not one person."""
    from heron.identity import explain_pair

    left, right = _two(keys)
    engine = open_db(settings_for(db))
    try:
        explanation = explain_pair(engine, system_actor("link-cli"), left, right, run, as_of=as_of)
    except LookupError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    out.print(explanation.text(), markup=False, highlight=False, soft_wrap=True)


def _decide(kind: str, keys: list[str], reason: str, by: str | None, db: str | None) -> None:
    from heron.identity import DecisionKind, record_decision

    left, right = _two(keys)
    settings = settings_for(db)
    actor = _analyst(by, settings)
    engine = open_db(settings)
    try:
        decision = record_decision(engine, actor, DecisionKind(kind), left, right, reason)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    out.print(f"decision {decision} stored; the next `heron link` applies it.")


@identity_app.command("confirm")
def confirm(keys: Pair, reason: Reason, by: By = None, db: DbOption = None) -> None:
    """Record that two mentions are the same person (merges their persons)."""
    _decide("confirm", keys, reason, by, db)


@identity_app.command("reject")
def reject(keys: Pair, reason: Reason, by: By = None, db: DbOption = None) -> None:
    """Record that two mentions are different people (splits them if linked)."""
    _decide("reject", keys, reason, by, db)


@identity_app.command("withdraw")
def withdraw(
    decision: Annotated[
        int, typer.Argument(help="Decision id, as confirm/reject/split/merge printed.")
    ],
    reason: Reason,
    by: By = None,
    db: DbOption = None,
) -> None:
    """Withdraw a decision and the rest of its group (e.g. a whole split): kept, not applied."""
    from heron.identity.decisions import withdraw_decision

    settings = settings_for(db)
    actor = _analyst(by, settings)
    engine = open_db(settings)
    try:
        ids = withdraw_decision(engine, actor, decision, reason)
    except (ValueError, LookupError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    shown = ", ".join(str(i) for i in ids)
    out.print(
        f"withdrew decision{'s' if len(ids) > 1 else ''} {shown}; the next `heron link` applies it."
    )


@identity_app.command("split")
def split(
    person: Annotated[str, typer.Argument(help="Person id (P000123).")],
    mentions: Annotated[
        str, typer.Option("--mentions", help="Comma-separated mention keys that are someone else.")
    ],
    reason: Reason,
    by: By = None,
    run: Run = None,
    db: DbOption = None,
) -> None:
    """Split a person: these mentions become another person (every later run keeps it)."""
    from heron.identity.decisions import split_person

    settings = settings_for(db)
    actor = _analyst(by, settings)
    engine = open_db(settings)
    keys = [k.strip() for k in mentions.split(",") if k.strip()]
    try:
        ids = split_person(engine, actor, person, keys, reason, run)
    except (ValueError, LookupError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    out.print(
        f"{len(ids)} decisions stored as group {ids[0]} (withdraw them together with "
        f"`heron identity withdraw {ids[0]}`); the next `heron link` applies them."
    )


@identity_app.command("merge")
def merge(
    persons: Annotated[list[str], typer.Argument(help="Two person ids.")],
    reason: Reason,
    by: By = None,
    run: Run = None,
    db: DbOption = None,
) -> None:
    """Merge two persons into one (every later run keeps it, within the hard rules)."""
    from heron.identity.decisions import merge_persons

    first, second = _two(persons)
    settings = settings_for(db)
    actor = _analyst(by, settings)
    engine = open_db(settings)
    try:
        decision = merge_persons(engine, actor, first, second, reason, run)
    except (ValueError, LookupError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    out.print(f"decision {decision} stored; the next `heron link` applies it.")


@identity_app.command("review")
def review(
    limit: Annotated[int, typer.Option("--limit", help="How many pairs to show.")] = 20,
    run: Run = None,
    as_of: RunAsOf = None,
    db: DbOption = None,
) -> None:
    """Uncertain pairs, pairs kept apart by a hard rule and confirmations a hard rule
    overrides, most consequential first."""
    from heron.identity.review import review_queue

    engine = open_db(settings_for(db))
    try:
        entries = review_queue(engine, system_actor("link-cli"), limit, run, as_of)
    except LookupError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if not entries:
        out.print("nothing to review")
    for entry in entries:
        out.print(entry.text() + "\n", markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("link")(link)
    app.add_typer(identity_app, name="identity")

"""``heron language check``: a thin command over ``heron.language``.

Reads JSON Lines ``{"id", "text"}`` (or plain lines of text, numbered from 1) from a file or
standard input and writes one JSON line per input, ``{"id", "flags": [...]}``, as the
command-line contract (spec ``cli-and-exports-v1``) fixes. No wording or checking logic
lives here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer

from heron.access import system_actor
from heron.cli.common import AsOfOption, DbOption, console, open_db, out, settings_for
from heron.language import Checker, RuleFileError, load_rules
from heron.language.report import flag_report
from heron.language.stored import stored_texts

_STDIN = "-"


class InputError(ValueError):
    """A line of input that cannot be read as the contract requires."""


def register(app: typer.Typer) -> None:
    """Add the ``language`` command group to ``app``."""
    group = typer.Typer(
        name="language",
        help="Child-centred language: flag victim-blaming and adultifying wording.",
        no_args_is_help=True,
    )
    group.command("check")(check)
    group.command("report")(report)
    app.add_typer(group, name="language")


def check(
    path: Annotated[
        str, typer.Argument(help="JSON Lines {id, text} or plain text lines; '-' reads stdin.")
    ] = _STDIN,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules", help="A rule file to use instead of the one shipped.", dir_okay=False
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Accepted like every command; this one reads no database."),
    ] = None,
) -> None:
    """Flag wording about children to change; one JSON line out per input line."""
    try:
        checker = Checker(load_rules(rules))
    except (OSError, RuleFileError) as exc:
        _fail(f"cannot use rule file {rules}: {exc}")
    try:
        with _open(path) as stream:
            for item_id, text in read_items(stream):
                flags = [flag.as_json() for flag in checker.check(text)]
                typer.echo(json.dumps({"id": item_id, "flags": flags}, ensure_ascii=False))
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        _fail(f"cannot read {path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    except InputError as exc:
        _fail(f"{path}: {exc}")


def read_items(lines: Iterable[str]) -> Iterator[tuple[Any, str]]:
    """``(id, text)`` per input line; the first non-blank line decides the format.

    JSON Lines when it is a JSON object with a ``text`` string; otherwise plain text, where
    each line's id is its line number (blank lines keep their number and are skipped).
    """
    is_json: bool | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if is_json is None:
            is_json = _json_object(line) is not None
        if not is_json:
            yield number, line
            continue
        row = _json_object(line)
        if row is None:
            raise InputError(f"line {number}: not a JSON object")
        text = row.get("text")
        if not isinstance(text, str):
            raise InputError(f'line {number}: "text" must be a string')
        yield row.get("id", number), text


def _json_object(line: str) -> dict[str, Any] | None:
    if not line.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) and "text" in value else None


def _open(path: str) -> AbstractContextManager[TextIO]:
    if path == _STDIN:
        return nullcontext(sys.stdin)  # read, but do not close, standard input
    return open(path, encoding="utf-8")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def report(
    period: Annotated[str, typer.Option(help="Count per `month` or `quarter`.")] = "quarter",
    as_of: AsOfOption = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write the counts to this CSV file.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Flagged wording in stored records, per agency, team and period, and per rule."""
    if period not in ("month", "quarter"):
        raise typer.BadParameter("use month or quarter", param_hint="--period")
    engine = open_db(settings_for(db))
    texts = stored_texts(engine, system_actor("language-report"), as_of)
    result = flag_report(texts, period=period)  # type: ignore[arg-type]
    out.print(result.group_table())
    out.print(result.rule_table())
    if csv_path is not None:
        with csv_path.open("w", newline="") as handle:
            result.write_csv(handle)
        console.print(f"Wrote {csv_path}")

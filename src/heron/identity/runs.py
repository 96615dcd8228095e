"""Which stored linking run a reader means, and whether a run is history.

Owns choosing the run that review, explain, split and merge read by default (the current
one: the latest with no as-of date, never a run made later as of a past date) or the one
asked for (``--run``, ``--as-of``), and telling a historical run (as of a date before a run
already stored) from one that moves time forward. Cheap: no Splink import. It must not
write anything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, or_, select

from heron.store.models import IdentityRun


def find_run(
    conn: Connection, run_id: int | None = None, as_of: datetime | None = None
) -> Row[Any]:
    """The finished run a reader means: ``run_id`` if given; else the latest run as of
    exactly ``as_of`` if given; else the current run — the latest with no as-of date, or,
    when every run has one, the latest of those with the latest as-of. A run made later
    as of an earlier date (``heron link --as-of`` a past date) is history, never current.
    """
    query = select(
        IdentityRun.id,
        IdentityRun.as_of,
        IdentityRun.model_name,
        IdentityRun.model,
        IdentityRun.threshold,
    ).where(IdentityRun.finished_at.is_not(None))
    if run_id is not None:
        query = query.where(IdentityRun.id == run_id)
    elif as_of is not None:
        query = query.where(IdentityRun.as_of == as_of).order_by(IdentityRun.id.desc())
    else:  # NULLs (no as-of: everything recorded) first, on SQLite and PostgreSQL alike
        query = query.order_by(
            IdentityRun.as_of.is_(None).desc(), IdentityRun.as_of.desc(), IdentityRun.id.desc()
        )
    run = conn.execute(query.limit(1)).first()
    if run is None:
        if run_id is not None:
            raise LookupError(f"no finished linking run {run_id}")
        if as_of is not None:
            raise LookupError(f"no linking run as of {as_of:%Y-%m-%d %H:%M}: run `heron link "
                              "--as-of` that date first")  # fmt: skip
        raise LookupError("no linking run yet: run `heron link` first")
    return run


def is_historical(conn: Connection, as_of: datetime | None) -> bool:
    """A run as of ``as_of`` is history when a finished run already saw a later date (a
    run with no as-of date counts as later than every date): the ids it inherits come from
    that later knowledge, so its changes are not what happened between runs."""
    if as_of is None:
        return False
    later = select(IdentityRun.id).where(
        IdentityRun.finished_at.is_not(None),
        or_(IdentityRun.as_of.is_(None), IdentityRun.as_of > as_of),
    )
    return conn.execute(later.limit(1)).first() is not None

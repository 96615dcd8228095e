"""Recorded text from the store, for the flagged-wording report.

Owns reading the narrative text of record versions visible as of a date (through
``store.asof``) and turning each into a ``TextItem``: agency, team (the recorder's role, or
"unknown"), the day it happened, the text. Must not write anything or decide what is flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Engine, select

from heron.access import Actor
from heron.language.report import TextItem
from heron.store.asof import visible_at
from heron.store.models import Record


def stored_texts(engine: Engine, actor: Actor, as_of: datetime | None = None) -> Iterator[TextItem]:
    """Every visible record's text, oldest first, streamed."""
    query = (
        select(Record.agency, Record.recorded_by_role, Record.occurred_at, Record.text)
        .where(visible_at(as_of), Record.text.is_not(None))
        .order_by(Record.occurred_at, Record.id)
        .execution_options(yield_per=2000)
    )
    with engine.connect() as conn:
        for agency, role, occurred_at, text in conn.execute(query):
            if text:
                yield TextItem(agency, role or "unknown", occurred_at.date(), text)

"""The identity review queue: the pairs a person should look at first, each explained.

Owns reading a run's review pairs (``identity_review``: middle-band pairs, pairs kept
apart only by a hard rule, and confirmations a hard rule overrode), ranking them by what
a decision could change — pairs touching a child with a concern first (a child named in
any record of a concern type, or with concern codes), then by how many records a merge
would join, then by closeness to the threshold — and explaining each (``explain``). It
must not change stored results; the person's answer goes through ``decisions``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from heron.access import Actor
from heron.identity.explain import Explanation, explain_pair, explain_scored
from heron.identity.features import feature_row, load_mentions_by_key
from heron.identity.linker import ScoredPair, trained_from_settings
from heron.identity.runs import find_run
from heron.store.models import (
    IdentityReviewPair,
    Mention,
    PersonMention,
    PersonRow,
    Record,
)

CONCERN_TYPES = frozenset(
    {"missing_episode", "intelligence", "referral", "strategy_meeting", "disclosure", "disruption"}
)


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One pair to review, the two persons it would join, and why it is here."""

    kind: str  # uncertain, kept_apart
    left: str
    right: str
    persons: tuple[str, str]
    mentions: int  # mentions the two persons hold together
    concern: bool  # touches a child with a concern
    match_probability: float
    rule: str | None
    explanation: Explanation

    def text(self) -> str:
        why = {
            "kept_apart": f"kept apart by a hard rule: {self.rule}",
            "conflict": f"a person confirmed they are one, but a hard rule overrides it: "
            f"{self.rule}; withdraw the confirmation or correct the records",
        }.get(self.kind, f"uncertain ({self.match_probability:.1%})")
        head = (
            f"{self.persons[0]} + {self.persons[1]}: {why}; a merge would join "
            f"{self.mentions} mentions{'; a child with a concern' if self.concern else ''}"
        )
        return f"{head}\n{self.explanation.text()}"


def review_queue(
    engine: Engine,
    actor: Actor,
    limit: int = 20,
    run_id: int | None = None,
    as_of: datetime | None = None,
) -> list[ReviewEntry]:
    """The current run's review pairs (or the given run's, or the latest run as of
    exactly ``as_of``), most consequential first, explained (see ``runs.find_run``)."""
    with engine.connect() as conn:
        run = find_run(conn, run_id, as_of)
        pairs = conn.execute(
            select(*IdentityReviewPair.__table__.c).where(IdentityReviewPair.run_id == run.id)
        ).all()
        keys = {k for p in pairs for k in (p.left_key, p.right_key)}
        person_of = {
            k: pid
            for k, pid in conn.execute(
                select(PersonMention.mention_key, PersonMention.person_id).where(
                    PersonMention.run_id == run.id
                )
            )
        }
        wanted = {person_of[k] for k in keys if k in person_of}
        sizes = {
            pid: n
            for pid, n in conn.execute(
                select(PersonRow.person_id, PersonRow.mention_count).where(
                    PersonRow.run_id == run.id
                )
            )
            if pid in wanted
        }
    concern = _children_with_concern(engine, run.id, wanted)
    ranked = sorted(
        (p for p in pairs if p.left_key in person_of and p.right_key in person_of),
        key=lambda p: (
            -int(person_of[p.left_key] in concern or person_of[p.right_key] in concern),
            -(sizes.get(person_of[p.left_key], 0) + sizes.get(person_of[p.right_key], 0)),
            abs(p.match_probability - run.threshold),
            p.left_key,
            p.right_key,
        ),
    )[:limit]
    trained = trained_from_settings(run.model_name, run.model)
    shown = {k for p in ranked for k in (p.left_key, p.right_key)}
    rows = {m.mention_key: feature_row(m) for m in load_mentions_by_key(engine, actor, shown)}
    out: list[ReviewEntry] = []
    for p in ranked:
        a, b = person_of[p.left_key], person_of[p.right_key]
        scored = ScoredPair(
            p.left_key,
            p.right_key,
            p.match_weight,
            p.match_probability,
            tuple(int(g) for g in p.gammas),
            tuple(float(w) for w in p.weights),
        )
        if p.gammas:
            explanation = explain_scored(scored, trained, rows, stored=True)
        else:  # a confirmed pair the run never scored: score it now
            explanation = explain_pair(engine, actor, p.left_key, p.right_key, run.id)
        out.append(
            ReviewEntry(
                kind=p.kind,
                left=p.left_key,
                right=p.right_key,
                persons=(a, b),
                mentions=sizes.get(a, 0) + sizes.get(b, 0),
                concern=a in concern or b in concern,
                match_probability=explanation.match_probability,
                rule=p.rule,
                explanation=explanation,
            )
        )
    return out


def _children_with_concern(engine: Engine, run_id: int, persons: Collection[str]) -> set[str]:
    """Children (in this run) named in any current record of a concern type or with codes."""
    if not persons:
        return set()
    out: set[str] = set()
    wanted = sorted(persons)
    with engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            children = set(
                conn.execute(
                    select(PersonRow.person_id).where(
                        PersonRow.run_id == run_id,
                        PersonRow.person_id.in_(chunk),
                        PersonRow.is_child.is_(True),
                    )
                ).scalars()
            )
            if not children:
                continue
            rows = conn.execute(
                select(PersonMention.person_id, Record.type, Record.codes)
                .join(Mention, Mention.mention_key == PersonMention.mention_key)
                .join(Record, Record.id == Mention.record_pk)
                .where(
                    PersonMention.run_id == run_id,
                    PersonMention.person_id.in_(sorted(children)),
                    Record.replaced_at.is_(None),
                )
            )
            for pid, kind, codes in rows:
                if kind in CONCERN_TYPES or codes:
                    out.add(pid)
    return out

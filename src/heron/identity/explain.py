"""Why two mentions were (or were not) linked, in words an analyst can judge.

Owns turning a scored pair (each comparison's level and Splink match weight) into an
``Explanation``: one line per comparison with what each side recorded, which way the
evidence points and how strongly, plus the starting point (the prior). A pair that joined
two clusters in a run is read from ``identity_links``; any other pair is scored on demand
with the run's trained model. It must not change any stored result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from heron.access import Actor
from heron.identity.cluster import Constraints, conflicts
from heron.identity.decisions import DecisionKind, standing_decision
from heron.identity.features import feature_row, load_mentions_by_key
from heron.identity.linker import DuckDBEngine, LinkEngine, ScoredPair, TrainedModel
from heron.identity.linker import trained_from_settings as _trained_from_settings
from heron.identity.resolve import likely_twins
from heron.identity.runs import find_run
from heron.store.models import IdentityLink

# What each comparison is about, in words (Splink does not keep descriptions of custom ones).
_ABOUT = {
    "nhs": "NHS number",
    "upn": "unique pupil number",
    "local_id": "agency person id",
    "pnc": "PNC id",
    "given_name": "given name",
    "family_name": "family name",
    "birth": "date of birth or age",
    "sex": "sex",
    "address": "address",
    "postcode": "postcode",
    "phone": "phone number",
    "aliases": "aliases",
}

# Which feature columns to show for each comparison.
_SHOWN = {
    "nhs": ("nhs",),
    "upn": ("upn",),
    "local_id": ("local_id",),
    "pnc": ("pnc",),
    "given_name": ("given",),
    "family_name": ("family",),
    "birth": ("dob", "birth_lo", "birth_hi"),
    "sex": ("sex",),
    "address": ("address_key", "postcode"),
    "postcode": ("postcode",),
    "phone": ("phone",),
    "aliases": ("aliases",),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One comparison's contribution to a pair's score."""

    comparison: str
    label: str
    weight: float
    left: str
    right: str
    missing: bool = False  # not recorded on one side or both

    def sentence(self) -> str:
        values = f" ({self.left} / {self.right})" if self.left or self.right else ""
        return f"{self.weight:+6.1f}  {self.label}{values}: {strength(self.weight)}"


@dataclass(frozen=True, slots=True)
class Explanation:
    """The evidence for and against two mentions being one person."""

    left: str
    right: str
    match_weight: float
    match_probability: float
    prior_weight: float
    evidence: tuple[Evidence, ...]
    stored: bool  # True: the pair joined two clusters in the run; False: scored now
    rules: tuple[str, ...] = ()  # rules that keep the pair apart whatever the score

    def text(self) -> str:
        verdict = "the same person" if self.match_probability >= 0.5 else "different people"
        lines = [
            f"{self.left} and {self.right}: probably {verdict} "
            f"(probability {self.match_probability:.1%}, match weight {self.match_weight:+.1f})",
            f"{self.prior_weight:+6.1f}  starting point: two mentions picked at random "
            "are rarely the same person",
        ]
        recorded = [e for e in self.evidence if not e.missing]
        ranked = sorted(recorded, key=lambda e: -abs(e.weight))
        lines.extend(e.sentence() for e in ranked)
        missing = [e.label for e in self.evidence if e.missing]
        if missing:
            lines.append(f"   0.0  not recorded on both, so no evidence: {', '.join(missing)}")
        lines.extend(f"kept apart: {rule}" for rule in self.rules)
        if not self.stored:
            lines.append(
                "(scored now with the run's model, without adjusting for how common names are)"
            )
        return "\n".join(lines)


def strength(weight: float) -> str:
    """How strongly a weight (log2 of a Bayes factor) points, in words."""
    if abs(weight) < 0.5:
        return "no real evidence either way"
    direction = "for" if weight > 0 else "against"
    size = abs(weight)
    word = (
        "very strong"
        if size >= 10
        else "strong"
        if size >= 5
        else "moderate"
        if size >= 2
        else "weak"
    )
    times = "over a million" if size > 20 else f"{2**size:,.0f}"
    return f"{word} evidence {direction} ({times} times {_likelier(weight)})"


def _likelier(weight: float) -> str:
    return "more likely if the same person" if weight > 0 else "more likely if different people"


def _shown(row: Mapping[str, Any] | None, comparison: str) -> str:
    if row is None:
        return ""
    values = [row.get(c) for c in _SHOWN.get(comparison, ())]
    shown = [", ".join(v) if isinstance(v, list) else str(v) for v in values if v not in (None, [])]
    return " ".join(shown[:1] if comparison == "birth" and shown else shown) or "-"


def explain_scored(
    pair: ScoredPair,
    trained: TrainedModel,
    rows: Mapping[str, Mapping[str, Any]],
    stored: bool,
    rejected: str | None = None,
    constraints: Constraints | None = None,
) -> Explanation:
    """Words for a scored pair, given the feature rows of its two mentions.

    ``rejected`` describes a person's standing rejection of the pair, if any. Every hard
    rule that applies to the two mentions is stated, whatever the score (``hard_rules``).
    """
    left, right = rows.get(pair.left), rows.get(pair.right)
    evidence: list[Evidence] = []
    for index, gamma in enumerate(pair.gammas):
        level = trained.level(index, gamma)
        weight = pair.weights[index] if pair.weights else level.weight
        about = _ABOUT.get(level.comparison, level.comparison)
        evidence.append(
            Evidence(
                comparison=level.comparison,
                label=level.label if gamma >= 0 else about,
                weight=weight,
                left=_shown(left, level.comparison),
                right=_shown(right, level.comparison),
                missing=gamma < 0,
            )
        )
    return Explanation(
        left=pair.left,
        right=pair.right,
        match_weight=pair.match_weight,
        match_probability=pair.match_probability,
        prior_weight=trained.prior_weight,
        evidence=tuple(evidence),
        stored=stored,
        rules=tuple(hard_rules(pair, trained, left, right, rejected, constraints)),
    )


def hard_rules(
    pair: ScoredPair,
    trained: TrainedModel,
    left: Mapping[str, Any] | None,
    right: Mapping[str, Any] | None,
    rejected: str | None = None,
    constraints: Constraints | None = None,
) -> list[str]:
    """Every rule that keeps these two mentions apart whatever their score, in words: one
    record, two different valid NHS numbers or UPNs, a child and an adult (``conflicts``),
    a person's rejection, and the twin rule."""
    out: list[str] = []
    if left is not None and right is not None:
        out += conflicts(
            [{**left, "unique_id": pair.left}],
            [{**right, "unique_id": pair.right}],
            constraints or Constraints(),
        )
    if rejected:
        out.append(f"a person decided they are different people ({rejected})")
    if likely_twins([pair], trained):
        out.append(
            "the same date of birth with clearly different given names reads as twins or "
            "siblings, so these two are not merged unless a person confirms this pair"
        )
    return out


def explain_pair(
    engine: Engine,
    actor: Actor,
    left: str,
    right: str,
    run_id: int | None = None,
    link_engine: LinkEngine | None = None,
    as_of: datetime | None = None,
) -> Explanation:
    """Explain two mention keys with a run's model: the given run, else the latest run as
    of exactly ``as_of``, else the current run (see ``runs.find_run``)."""
    a, b = sorted((left, right))
    with engine.connect() as conn:
        run = find_run(conn, run_id, as_of)
        trained = _trained_from_settings(run.model_name, run.model)
        link = conn.execute(
            select(
                IdentityLink.match_weight,
                IdentityLink.match_probability,
                IdentityLink.gammas,
                IdentityLink.weights,
            ).where(
                IdentityLink.run_id == run.id,
                IdentityLink.left_key == a,
                IdentityLink.right_key == b,
            )
        ).first()
    decision = standing_decision(engine, actor, a, b)
    rejected = None
    if decision is not None and decision.kind == DecisionKind.REJECT:
        rejected = f"decision {decision.id} by {decision.actor}: {decision.reason}"
    mentions = load_mentions_by_key(engine, actor, [a, b])
    rows = {m.mention_key: feature_row(m) for m in mentions}
    if len(rows) < 2:
        missing = sorted({a, b} - set(rows))
        raise LookupError(f"no such mention: {', '.join(missing)}")
    if link is not None and link.gammas:
        pair = ScoredPair(
            a,
            b,
            link.match_weight,
            link.match_probability,
            tuple(int(g) for g in link.gammas),
            tuple(float(w) for w in link.weights),
        )
        return explain_scored(pair, trained, rows, stored=True, rejected=rejected)
    scorer = link_engine or DuckDBEngine()
    pair = scorer.score(_without_tf(rows[a], trained), _without_tf(rows[b], trained), trained)
    return explain_scored(pair, trained, rows, stored=False, rejected=rejected)


def _without_tf(row: Mapping[str, Any], trained: TrainedModel) -> dict[str, Any]:
    """The row with term-frequency columns that cancel the adjustment (a neutral score).

    Scored alone, a pair has no county to count name frequencies in; setting each
    ``tf_<column>`` to the level's own u probability makes the adjustment zero.
    """
    out = dict(row)
    for comparison in trained.splink_settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            u = level.get("u_probability")
            if column and isinstance(u, float):
                out[f"tf_{column}"] = u
    return out

"""The generic evaluators that rules reference by name, and the record selector they share.

Owns how a rule's parameters are read: the time window, the record selector (``match``),
and the handful of evaluators (count in a rolling window, code present, text cue, language
flag, attendance threshold, duration, adults present, vehicle role, far from home,
co-missing, any of). Each returns the evidence it found, one line per record. Must not hold
rule knowledge (which codes, which words, which weights): that is data in ``rules.json``
(and, for ``language_flag``, the language checker's own rule file).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from heron.indicators.inputs import (
    ChildView,
    CoMissing,
    NetworkTie,
    RecordView,
    group_overlapping,
)
from heron.language import Checker, Flag


@dataclass(frozen=True)
class Evidence:
    """One record (and the mentions in it) behind an indicator, with the reason."""

    record_key: str
    mention_keys: tuple[str, ...]
    reason: str


@dataclass
class Context:
    """What every evaluator may read: the child, the date, and the records known then."""

    child: ChildView
    as_of: datetime
    records: tuple[RecordView, ...]
    co_missing: tuple[CoMissing, ...] = ()
    networks: tuple[NetworkTie, ...] = ()
    notes: set[str] = field(default_factory=set)  # missing data met while evaluating
    _by_type: dict[str, list[RecordView]] | None = field(default=None, repr=False)

    def of_types(self, wanted: Any) -> list[RecordView]:
        """The records of one type or a list of types, in order (indexed once per child)."""
        if self._by_type is None:
            self._by_type = {}
            for rec in self.records:
                self._by_type.setdefault(rec.type, []).append(rec)
        if not isinstance(wanted, list):
            return self._by_type.get(wanted, [])
        if len(wanted) == 1:
            return self._by_type.get(wanted[0], [])
        chosen = {id(r) for t in wanted for r in self._by_type.get(t, ())}
        return [r for r in self.records if id(r) in chosen]


Params = Mapping[str, Any]
Evaluator = Callable[[Context, Params], list[Evidence]]


def attribute(rec: RecordView, path: str) -> Any:
    """The value at a dotted attribute path (``found_at.kind``), or None."""
    value: Any = rec.attributes
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _matches(value: Any, wanted: Any) -> bool:
    options = wanted if isinstance(wanted, list) else [wanted]
    values = value if isinstance(value, list) else [value]
    return any(v in options for v in values if v is not None)


def _last(rec: RecordView) -> datetime:
    """When a record was last going on: its end, when it ended after it began."""
    ended = rec.ended_at
    return ended if ended is not None and ended > rec.occurred_at else rec.occurred_at


def select(
    ctx: Context, params: Params, pool: Sequence[RecordView] | None = None
) -> list[RecordView]:
    """Records in the rule's window (``window_days``) that satisfy its ``match``.

    A record is in the window when it occurred or ended in the last ``window_days`` days
    (or, with ``open_ended``, has no end yet). ``match`` may give ``type``, ``sector`` (a
    value or a list), ``attributes`` (dotted path → value or list of values) and
    ``child_under`` (the child's age at the event, from the date of birth or the age the
    child's own mention states). ``pool`` narrows the records looked at (an evaluator
    that can only fire on records with codes, say).
    """
    match: Mapping[str, Any] = params.get("match", {})
    check_type = "type" in match and pool is not None  # of_types gives only that type
    if pool is None:
        pool = ctx.of_types(match["type"]) if "type" in match else ctx.records
    # A record is in the window when it occurred or ended in it, or (``open_ended``) has no
    # end yet: the window read once for the pool, not for every record.
    days = params.get("window_days")
    open_ended = bool(params.get("open_ended"))
    since = ctx.as_of - timedelta(days=days) if days is not None else None
    attrs: Mapping[str, Any] = match.get("attributes", {})
    chosen = []
    for rec in pool:
        if since is not None and not (open_ended and rec.ended_at is None) and _last(rec) <= since:
            continue
        if check_type and not _matches(rec.type, match["type"]):
            continue
        if "sector" in match and not _matches(rec.sector, match["sector"]):
            continue
        if attrs and not all(_matches(attribute(rec, p), want) for p, want in attrs.items()):
            continue
        if "child_under" in match:
            age = ctx.child.age_at(rec.occurred_at)
            age = rec.child_age if age is None else age
            if age is None:
                ctx.notes.add("date of birth unknown, so age-dependent rules could not apply")
                continue
            if age >= int(match["child_under"]):
                continue
        chosen.append(rec)
    return chosen


def describe(rec: RecordView, params: Params, detail: str = "") -> str:
    """A one-line reason: the record's type and date, the described attributes, a detail."""
    parts = [f"{rec.type.replace('_', ' ')} on {rec.occurred_at:%Y-%m-%d}"]
    for path in params.get("describe", []):
        value = attribute(rec, path)
        if value not in (None, "", []):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            parts.append(f"{path.replace('_', ' ').replace('.', ' ')}: {shown}")
    if detail:
        parts.append(detail)
    return "; ".join(parts)


def _evidence(
    rec: RecordView, params: Params, detail: str = "", others: Sequence[str] = ()
) -> Evidence:
    return Evidence(rec.key, (*rec.child_mention_keys(), *others), describe(rec, params, detail))


def count_in_window(ctx: Context, params: Params) -> list[Evidence]:
    """At least ``min_count`` matching events in the window (overlapping records merged)."""
    chosen = select(ctx, params)
    groups = group_overlapping(chosen) if params.get("merge_overlapping") else [[r] for r in chosen]
    if len(groups) < int(params.get("min_count", 1)):
        return []
    detail = f"{len(groups)} in {params.get('window_days')} days" if "min_count" in params else ""
    return [_evidence(r, params, detail) for group in groups for r in group]


def code_present(ctx: Context, params: Params) -> list[Evidence]:
    """Any of ``codes`` ticked on a record in the window."""
    wanted = set(params["codes"])
    found = []
    for rec in select(ctx, params, [r for r in ctx.records if r.codes]):
        hits = sorted(wanted.intersection(rec.codes))
        if hits:
            found.append(_evidence(rec, params, f"code {', '.join(hits)}"))
    return found


_NEGATION = re.compile(r"\b(no|not|denies|denied|never|without)\b[^.!?]{0,25}$", re.IGNORECASE)


@lru_cache(maxsize=256)
def _cue_patterns(cues: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((cue, re.compile(rf"\b{re.escape(cue)}\b", re.IGNORECASE)) for cue in cues)


_WORD_BEFORE = re.compile(r"([\w']+)[\s-]*$")


def _cue_in(text: str, cues: Sequence[str], not_after: frozenset[str] = frozenset()) -> str | None:
    for cue, pattern in _cue_patterns(tuple(cues)):
        for hit in pattern.finditer(text):
            before = text[: hit.start()]
            if _NEGATION.search(before):
                continue
            word = _WORD_BEFORE.search(before[-40:])
            if word is None or word.group(1).lower() not in not_after:
                return cue
    return None


def text_cue(ctx: Context, params: Params) -> list[Evidence]:
    """A cue phrase in the text (or in named attributes), not plainly negated before it
    and not straight after one of the words in ``not_after`` ("pocket" money)."""
    paths = params.get("attributes", [])
    not_after = frozenset(w.lower() for w in params.get("not_after", []))
    worded = [r for r in ctx.records if r.text or any(attribute(r, p) for p in paths)]
    found = []
    for rec in select(ctx, params, worded if "type" not in params.get("match", {}) else None):
        texts = [rec.text, *(str(attribute(rec, p) or "") for p in paths)]
        cue = _cue_in("\n".join(texts), params["cues"], not_after)
        if cue is not None:
            found.append(_evidence(rec, params, f'mentions "{cue}"'))
    return found


@lru_cache(maxsize=1)
def _checker() -> Checker:
    """The language checker with its shipped rules, loaded once."""
    return Checker()


@lru_cache(maxsize=1)
def language_rule_ids() -> frozenset[str]:
    """The ids of the language checker's shipped rules (what ``language_flag`` may name)."""
    return frozenset(rule.id for rule in _checker().rules.rules)


@lru_cache(maxsize=8192)
def _flags(text: str, rules: frozenset[str]) -> tuple[Flag, ...]:
    """The checker's flags of ``rules`` in ``text``; the full check runs only when one of
    those rules' phrases occurs at all (most texts have none)."""
    checker = _checker()
    if not any(r.id in rules and r.pattern.search(text) for r in checker.rules.rules):
        return ()
    return tuple(f for f in checker.check(text) if f.rule in rules)


def language_flag(ctx: Context, params: Params) -> list[Evidence]:
    """The language checker flags one of ``rules`` in the text (or a named attribute).

    The checker, not this evaluator, decides what the wording means: whether the
    "boyfriend" described is an adult, say (heron.language, rule ``adult-boyfriend``).
    """
    wanted, paths = frozenset(params["rules"]), params.get("attributes", [])
    worded = [r for r in ctx.records if r.text or any(attribute(r, p) for p in paths)]
    found = []
    for rec in select(ctx, params, worded if "type" not in params.get("match", {}) else None):
        texts = [rec.text, *(str(attribute(rec, p) or "") for p in paths)]
        flags = [f for text in texts for f in _flags(text, wanted)]
        if flags:
            words = ", ".join(dict.fromkeys(f'"{f.text}" ({f.rule})' for f in flags))
            found.append(_evidence(rec, params, f"wording flagged: {words}"))
    return found


def attendance_threshold(ctx: Context, params: Params) -> list[Evidence]:
    """A school attendance period with at least ``min_ratio`` of possible sessions missed."""
    found = []
    for rec in select(
        ctx, {**params, "match": {**params.get("match", {}), "type": "school_attendance"}}
    ):
        possible, missed = attribute(rec, "sessions_possible"), attribute(rec, "sessions_missed")
        if not isinstance(possible, int | float) or not isinstance(missed, int | float):
            continue
        if possible > 0 and missed / possible >= float(params["min_ratio"]):
            share = f"missed {missed:g} of {possible:g} sessions ({missed / possible:.0%})"
            found.append(_evidence(rec, params, share))
    return found


def duration_over(ctx: Context, params: Params) -> list[Evidence]:
    """A matching record lasting more than ``hours`` (still open ones count up to the date)."""
    limit = timedelta(hours=float(params["hours"]))
    found = []
    for rec in select(ctx, params):
        still_open = rec.ended_at is None or rec.ended_at > ctx.as_of
        end = ctx.as_of if still_open or rec.ended_at is None else rec.ended_at
        if end - rec.occurred_at > limit:
            hours = (end - rec.occurred_at).total_seconds() / 3600
            open_note = ", still open" if still_open else ""
            found.append(_evidence(rec, params, f"lasted {hours:.0f} hours{open_note}"))
    return found


def adults_present(ctx: Context, params: Params) -> list[Evidence]:
    """Adults (18+) named in ``refs_attribute`` (e.g. found_with) or in the same record.

    Without ``refs_attribute`` every other mention counts except ``exclude_roles``.
    """
    refs_attr, excluded = params.get("refs_attribute"), set(params.get("exclude_roles", []))
    found = []
    for rec in select(ctx, params):
        if refs_attr:
            named = attribute(rec, refs_attr) or []
            people = [m for ref in named if (m := rec.other(str(ref))) is not None]
        else:
            people = [m for m in rec.others if m.role not in excluded]
        adults = [m for m in people if m.is_child is False]
        unknown = [m for m in people if m.is_child is None]
        if unknown:
            ctx.notes.add("age unknown for some people named with the child")
        if adults:
            ages = ", ".join(f"{m.role} {m.age_words()}" for m in adults)
            found.append(_evidence(rec, params, f"with {ages}", [m.key for m in adults]))
    return found


def vehicle_role(ctx: Context, params: Params) -> list[Evidence]:
    """Vehicles in a collecting role in a record naming the child, or a sighting of them."""
    roles, sightings = set(params["roles"]), set(params.get("sighting_types", []))
    found = []
    for rec in select(ctx, params):
        vehicles = [v for v in rec.vehicles if v.role in roles or rec.type in sightings]
        if vehicles:
            plates = ", ".join(f"{v.registration or 'unknown plate'} ({v.role})" for v in vehicles)
            found.append(Evidence(rec.key, (*rec.child_mention_keys(), *(v.key for v in vehicles)),
                                  describe(rec, params, f"vehicle {plates}")))  # fmt: skip
    return found


def _district(postcode: str | None) -> str | None:
    """The outward code (district) of a UK postcode: ``OX4 1AB`` → ``OX4``."""
    if not postcode:
        return None
    compact = postcode.replace(" ", "").upper()
    return compact[:-3] if len(compact) > 4 else compact


def far_from_home(ctx: Context, params: Params) -> list[Evidence]:
    """Found (``found_at.postcode``) in another postcode district than the child's home."""
    home = _district(ctx.child.home_postcode)
    if home is None:
        ctx.notes.add("home postcode unknown, so 'found far from home' could not apply")
        return []
    found = []
    for rec in select(ctx, params):
        place = _district(attribute(rec, "found_at.postcode"))
        if place is not None and place != home:
            found.append(_evidence(rec, params, f"found in {place}, home district {home}"))
    return found


def co_missing(ctx: Context, params: Params) -> list[Evidence]:
    """Missing on the same nights as other children, on at least ``min_nights`` nights."""
    since = ctx.as_of - timedelta(days=int(params["window_days"]))
    links = [c for c in ctx.co_missing if since.date() < c.night <= ctx.as_of.date()]
    if len({c.night for c in links}) < int(params.get("min_nights", 1)):
        return []
    mentions = {r.key: r.child_mention_keys() for r in ctx.child.records}
    return [
        Evidence(
            key,
            mentions.get(key, ()),
            f"missing on the night of {c.night:%Y-%m-%d} with child {c.other_child_id}",
        )
        for c in sorted(links, key=lambda c: (c.night, c.other_child_id))
        for key in c.record_keys
    ]


def network_member(ctx: Context, params: Params) -> list[Evidence]:
    """The child is one of the children of a network found at or above ``min_score``; the
    evidence is the child's own records known at the date among the network's, however old:
    the network is as of the date, and its children are children with a concern now."""
    found = []
    known = ctx.child.visible(ctx.as_of)
    for tie in ctx.networks:
        if tie.score < float(params.get("min_score", 0.0)):
            continue
        keys = set(tie.record_keys)
        why = f"one of the children of a network (score {tie.score:.2f}): {tie.summary}"
        found += [Evidence(r.key, r.child_mention_keys(), why) for r in known if r.key in keys]
    return found


#: Evaluators that read the child's whole history themselves, not the records in reach of
#: the rules' windows.
WHOLE_HISTORY = frozenset({"network_member"})


def any_of(ctx: Context, params: Params) -> list[Evidence]:
    """The evidence of every sub-check in ``checks`` (each ``{evaluator, params}``)."""
    found: list[Evidence] = []
    for check in params["checks"]:
        sub = {"window_days": params.get("window_days"), **check.get("params", {})}
        found.extend(EVALUATORS[check["evaluator"]](ctx, sub))
    return found


EVALUATORS: dict[str, Evaluator] = {
    "count_in_window": count_in_window,
    "code_present": code_present,
    "text_cue": text_cue,
    "language_flag": language_flag,
    "attendance_threshold": attendance_threshold,
    "duration_over": duration_over,
    "adults_present": adults_present,
    "vehicle_role": vehicle_role,
    "far_from_home": far_from_home,
    "co_missing": co_missing,
    "network_member": network_member,
    "any_of": any_of,
}

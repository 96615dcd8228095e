"""The checker: finds rule phrases in a text, keeps those their context allows, returns flags.

Owns the ``Flag`` type and the order of work (match every rule, filter each match through
``context.Context``, keep the longest of overlapping matches). It must not hold wording or
context heuristics (those are ``rules.json``, ``context`` and ``referents``) and must not do
I/O beyond loading the rule file once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from heron.language.context import Context
from heron.language.rules import Rule, RuleSet, load_rules
from heron.language.text import Document


@dataclass(frozen=True, slots=True)
class Flag:
    """One piece of wording to change: where it is, what to write instead, and why."""

    start: int
    end: int
    text: str
    rule: str
    suggestion: str
    reason: str

    def as_json(self) -> dict[str, int | str]:
        """The fields of the ``heron language check`` contract, in its order."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "reason": self.reason,
        }


class Checker:
    """Checks texts against one rule set (the shipped one unless given)."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules if rules is not None else load_rules()

    def check(self, text: str) -> list[Flag]:
        """Flags for ``text``, in order of position, never overlapping."""
        if not text.strip():
            return []
        context = Context(Document(text), self.rules)
        candidates: list[tuple[int, int, int, Rule]] = []
        for order, rule in enumerate(self.rules.rules):
            for match in rule.pattern.finditer(text):
                start, end = match.span()
                if context.allows(rule, start, end):
                    candidates.append((start, end, order, rule))
        kept: list[tuple[int, int, int, Rule]] = []
        for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
            if all(candidate[1] <= k[0] or k[1] <= candidate[0] for k in kept):
                kept.append(candidate)
        return [_flag(text, start, end, rule) for start, end, _, rule in sorted(kept)]


def _flag(text: str, start: int, end: int, rule: Rule) -> Flag:
    return Flag(start, end, text[start:end], rule.id, rule.suggestion, rule.reason)


def check(text: str) -> list[Flag]:
    """Flags for ``text`` under the rule file shipped with Heron."""
    return _shipped().check(text)


@lru_cache(maxsize=1)
def _shipped() -> Checker:
    return Checker()

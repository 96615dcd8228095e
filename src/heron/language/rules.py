"""The rule file: loading, validating and compiling ``rules.json``.

Owns the data model of the versioned rule file shipped in this package (rules, their
phrase templates, suggestions, reasons and sources, the shared word lists and settings)
and turns it into compiled, immutable objects. It must not decide whether a match should be
flagged: that is ``context`` and ``checker``'s job. Adding or changing wording is an edit
to ``rules.json``, never to code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from heron.language.templates import TemplateError, compile_templates

RULES_FORMAT = "heron.language.rules/1"
Check = Literal["child_referent", "partner_adult", "names_the_child"]
Gender = Literal["f", "m"]


class RuleFileError(ValueError):
    """The rule file is malformed; the message names the rule or field at fault."""


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    short: str
    url: str


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    negation_window: int = Field(ge=1, le=20)
    meta_window: int = Field(ge=0, le=10)
    referent_window: int = Field(ge=1, le=40)
    partner_window_after: int = Field(ge=0, le=40)
    attached_age_window: int = Field(ge=0, le=20)
    adult_age: int = Field(ge=10, le=25)
    min_age_gap: int = Field(ge=1, le=20)


class _Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    professional_nouns: list[str]
    family_nouns: list[str]
    adult_nouns: list[str]
    child_nouns: list[str]
    non_person_nouns: list[str]
    modified_nouns: list[str]
    female_words: list[str]
    male_words: list[str]
    child_gender_cues: dict[Gender, list[str]]
    adult_gender_cues: dict[Gender, list[str]]
    speech_verbs: list[str]
    speech_first_person: list[str]
    negations: list[str]
    negation_exceptions: list[str]
    meta_words: list[str]
    clause_words: list[str]
    auxiliaries: list[str]
    agent_words: list[str]
    source_words: list[str]
    prepositions: list[str]
    determiners: list[str]
    challenge: list[str]
    peer_cues: list[str]
    adult_cues: list[str]
    group_adult_cues: list[str]


class _RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    category: Literal["victim-blaming", "implies-consent", "adultifying", "shaming", "minimising"]
    phrases: list[str] = Field(min_length=1)
    suggestion: str = Field(min_length=10)
    reason: str = Field(min_length=20)
    sources: list[str] = Field(min_length=1)
    principles: list[int] = Field(default_factory=list)
    basis: Literal["listed", "principle"]
    checks: list[Check] = Field(default_factory=list)
    partner_default: Literal["flag", "skip"] = "skip"
    unless_before: list[str] = Field(default_factory=list)
    unless_after: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    counter_examples: list[str] = Field(default_factory=list)


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["heron.language.rules/1"]
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    description: str
    sources: dict[str, _Source]
    principles: dict[str, str]
    settings: _Settings
    forms: dict[str, list[str]]
    lexicon: _Lexicon
    rules: list[_RuleSpec] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[_RuleSpec]) -> list[_RuleSpec]:
        seen: set[str] = set()
        for spec in rules:
            if spec.id in seen:
                raise ValueError(f"duplicate rule id {spec.id!r}")
            seen.add(spec.id)
        return rules


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule: what to find, what to suggest, why, and which checks apply."""

    id: str
    category: str
    pattern: re.Pattern[str]
    suggestion: str
    reason: str
    sources: tuple[str, ...]
    basis: str
    checks: frozenset[str]
    partner_default: str
    unless_before: re.Pattern[str] | None
    unless_after: re.Pattern[str] | None
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists and cue patterns the context filters use, as fast lookups."""

    professional: frozenset[str]
    family: frozenset[str]
    adult: frozenset[str]
    child: frozenset[str]
    non_person: frozenset[str]
    modified: frozenset[str]
    gender_words: Mapping[str, Gender]
    child_gender_cues: Mapping[str, Gender]
    adult_gender_cues: Mapping[str, Gender]
    speech_verbs: frozenset[str]
    first_person: frozenset[str]
    negations: frozenset[str]
    negation_exceptions: frozenset[str]  # "no longer": a negation word that asserts
    meta_words: frozenset[str]
    clause_words: frozenset[str]
    auxiliaries: frozenset[str]
    agent_words: frozenset[str]
    source_words: frozenset[str]
    prepositions: frozenset[str]
    determiners: frozenset[str]
    challenge: re.Pattern[str]
    peer_cues: re.Pattern[str]
    adult_cues: re.Pattern[str]
    group_adult_cues: re.Pattern[str]  # what says a group ("they") is adults


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything loaded from one rule file."""

    version: str
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    settings: _Settings
    sources: Mapping[str, _Source]


def load_rules(path: Path | None = None) -> RuleSet:
    """Load and compile a rule file (default: the one shipped with Heron)."""
    if path is None:
        return _default_rules()
    return parse_rules(path.read_text(encoding="utf-8"))


def parse_rules(raw: str) -> RuleSet:
    """Validate and compile rule-file JSON text."""
    try:
        spec = _RuleFile.model_validate(json.loads(raw))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise RuleFileError(f"invalid rule file: {exc}") from exc
    lexicon = _compile_lexicon(spec.lexicon, spec.forms)
    rules = tuple(_compile_rule(r, spec) for r in spec.rules)
    return RuleSet(spec.version, rules, lexicon, spec.settings, spec.sources)


@lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    raw = resources.files("heron.language").joinpath("rules.json").read_text(encoding="utf-8")
    return parse_rules(raw)


def _compile_rule(spec: _RuleSpec, file: _RuleFile) -> Rule:
    unknown = [s for s in spec.sources if s not in file.sources]
    if unknown:
        raise RuleFileError(f"rule {spec.id!r} cites unknown sources {unknown}")
    cited = "; ".join(file.sources[s].short for s in spec.sources)
    try:
        return Rule(
            id=spec.id,
            category=spec.category,
            pattern=compile_templates(spec.phrases, file.forms),
            suggestion=spec.suggestion,
            reason=f"{spec.reason} (Source: {cited}.)",
            sources=tuple(spec.sources),
            basis=spec.basis,
            checks=frozenset(spec.checks),
            partner_default=spec.partner_default,
            unless_before=_edge(spec.unless_before, file.forms, before=True),
            unless_after=_edge(spec.unless_after, file.forms, before=False),
            examples=tuple(spec.examples),
            counter_examples=tuple(spec.counter_examples),
        )
    except TemplateError as exc:
        raise RuleFileError(f"rule {spec.id!r}: {exc}") from exc


def _edge(
    templates: Sequence[str], forms: Mapping[str, Sequence[str]], *, before: bool
) -> re.Pattern[str] | None:
    """A pattern for words right before (``…$``) or right after (``^…``) a match."""
    if not templates:
        return None
    inner = compile_templates(templates, forms).pattern
    gap = r"[\s\"'“”‘’(),-]*"
    source = f"(?:{inner}){gap}$" if before else f"^{gap}(?:{inner})"
    return re.compile(source, re.IGNORECASE)


def _compile_lexicon(spec: _Lexicon, forms: Mapping[str, Sequence[str]]) -> Lexicon:
    def words(items: Sequence[str]) -> frozenset[str]:
        return frozenset(item.lower() for item in items)

    def genders(table: Mapping[Gender, Sequence[str]]) -> dict[str, Gender]:
        return {word.lower(): gender for gender, items in table.items() for word in items}

    try:
        return Lexicon(
            professional=words(spec.professional_nouns),
            family=words(spec.family_nouns),
            adult=words(spec.adult_nouns)
            | words(spec.family_nouns)
            | words(spec.professional_nouns),
            child=words(spec.child_nouns),
            non_person=words(spec.non_person_nouns),
            modified=words(spec.modified_nouns),
            gender_words=genders({"f": spec.female_words, "m": spec.male_words}),
            child_gender_cues=genders(spec.child_gender_cues),
            adult_gender_cues=genders(spec.adult_gender_cues),
            speech_verbs=words(spec.speech_verbs),
            first_person=words(spec.speech_first_person),
            negations=words(spec.negations),
            negation_exceptions=words(spec.negation_exceptions),
            meta_words=words(spec.meta_words),
            clause_words=words(spec.clause_words),
            auxiliaries=words(spec.auxiliaries),
            agent_words=words(spec.agent_words),
            source_words=words(spec.source_words),
            prepositions=words(spec.prepositions),
            determiners=words(spec.determiners),
            challenge=compile_templates(spec.challenge, forms),
            peer_cues=compile_templates(spec.peer_cues, forms),
            adult_cues=compile_templates(spec.adult_cues, forms),
            group_adult_cues=compile_templates(spec.group_adult_cues, forms),
        )
    except TemplateError as exc:
        raise RuleFileError(f"lexicon: {exc}") from exc

"""The shape of one piece of text: tokens, sentences, quotations and stated ages.

Owns the purely textual analysis the context filters rely on, computed once per text in a
``Document``. It must not know about rules, word lists or what makes wording harmful; it
only answers "where are the words, sentences, quoted passages and ages in this text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

_TOKEN = re.compile(r"\d+(?:[-–]\w+)*|\w+(?:['’]\w+)*(?:[-–]\w+(?:['’]\w+)*)*|[^\w\s]")
_CLAUSE_END = re.compile(r"[.!?;]+[\"'”’)]*(?=\s|$)|\n\s*\n|\n(?=\s*[-•*\d])")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)|\n\s*\n|\n(?=\s*[-•*\d])")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "pc", "ds", "dc", "sgt", "st", "no", "approx", "e.g", "i.e", "vs"}
)
_DECADES = {
    "teens": 17,
    "twenties": 25,
    "20s": 25,
    "thirties": 35,
    "30s": 35,
    "forties": 45,
    "40s": 45,
    "fifties": 55,
    "50s": 55,
    "sixties": 65,
    "60s": 65,
    "seventies": 75,
    "70s": 75,
}
_NUMBER_WORDS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_N = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_AGE_PATTERNS = (
    re.compile(rf"\b{_N}[-\s]?(?:years?|yrs?)[-\s]?old\b|\b{_N}\s?(?:yo|yrs)\b", re.IGNORECASE),
    re.compile(rf"\b(?:aged|age)\s+{_N}\b", re.IGNORECASE),
    re.compile(r"\((\d{2})\s*(?:yrs?|years?)?\)", re.IGNORECASE),
    re.compile(r"(?<=\w),\s*(\d{2}),"),
    re.compile(
        rf"\b(?:who\s+is|is|was|now|he's|she's|of)\s+(?:only\s+|just\s+)?{_N}\b(?![:.]\d)"
        r"(?!\s*(?:%|am\b|pm\b|times|minutes|mins|hours|miles|days|weeks|months|"
        r"times|occasions|pounds|calls|missing|or\b|to\b))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bin\s+(?:his|her|their)\s+(?:early\s+|mid[-\s]?|late\s+)?"
        r"(teens|twenties|thirties|forties|fifties|sixties|seventies|[2-7]0s)\b",
        re.IGNORECASE,
    ),
)
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "'": "'"}


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number or punctuation mark, with its character offsets."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage: ``start``/``end`` bound its inside, without the marks."""

    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass(frozen=True, slots=True)
class Age:
    """A stated age ("aged 24", "(15)", "a 31-year-old", "in his twenties")."""

    years: int
    start: int
    end: int


@dataclass
class Document:
    """A text with its analysis, computed lazily and at most once."""

    text: str
    _token_index: dict[int, int] = field(default_factory=dict, repr=False)

    @cached_property
    def tokens(self) -> list[Token]:
        return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.text)]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of sentences; ``;`` also ends one, as it joins separate claims."""
        return self._split(_CLAUSE_END)

    @cached_property
    def full_sentences(self) -> list[tuple[int, int]]:
        """Character spans of sentences ended only by ``.``, ``!``, ``?`` or a blank line."""
        return self._split(_SENTENCE_END)

    def _split(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        start = 0
        for m in pattern.finditer(self.text):
            before = self.text[start : m.start()].split()
            if m.group().startswith(".") and before and before[-1].lower() in _ABBREVIATIONS:
                continue
            spans.append((start, m.end()))
            start = m.end()
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans or [(0, 0)]

    @cached_property
    def quotes(self) -> list[Quote]:
        return _find_quotes(self.text)

    @cached_property
    def ages(self) -> list[Age]:
        found: dict[tuple[int, int], Age] = {}
        for pattern in _AGE_PATTERNS:
            for m in pattern.finditer(self.text):
                years = _years(next(g for g in m.groups() if g))
                if years is not None and not any(
                    s <= m.start() < e or m.start() <= s < m.end() for s, e in found
                ):
                    found[(m.start(), m.end())] = Age(years, m.start(), m.end())
        return sorted(found.values(), key=lambda age: age.start)

    def sentence_of(self, offset: int, *, full: bool = False) -> tuple[int, int]:
        spans = self.full_sentences if full else self.sentences
        for start, end in spans:
            if start <= offset < end:
                return start, end
        return spans[-1]

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        if not self._token_index:
            for index, token in enumerate(self.tokens):
                self._token_index.setdefault(token.start, index)
        if offset in self._token_index:
            return self._token_index[offset]
        return next((i for i, t in enumerate(self.tokens) if t.start >= offset), len(self.tokens))

    def quote_around(self, start: int, end: int) -> Quote | None:
        return next((q for q in self.quotes if q.contains(start, end)), None)

    def age_over(self, token: Token) -> Age | None:
        """The stated age that this token is part of, if any."""
        return next((a for a in self.ages if a.start <= token.start < a.end), None)


def _years(word: str) -> int | None:
    lowered = word.lower()
    if lowered.isdigit():
        return int(lowered) if 1 <= int(lowered) <= 99 else None
    return _NUMBER_WORDS.get(lowered, _DECADES.get(lowered))


def _find_quotes(text: str) -> list[Quote]:
    """Quoted passages; a straight ``'`` counts only where it cannot be an apostrophe."""
    quotes: list[Quote] = []
    i = 0
    while i < len(text):
        char = text[i]
        closer = _QUOTE_PAIRS.get(char)
        if closer is not None and _can_open(text, i):
            end = _find_closer(text, i + 1, closer)
            if end is not None:
                quotes.append(Quote(i + 1, end))
                i = end + 1
                continue
        i += 1
    return quotes


def _can_open(text: str, i: int) -> bool:
    if text[i] in "'’" and i > 0 and (text[i - 1].isalnum()):
        return False
    return i + 1 < len(text) and not text[i + 1].isspace()


def _find_closer(text: str, start: int, closer: str) -> int | None:
    for j in range(start, min(len(text), start + 400)):
        if text[j] != closer or text[j - 1].isspace():
            continue
        after = text[j + 1] if j + 1 < len(text) else " "
        if closer in "'’" and after.isalnum():
            continue  # an apostrophe inside a word: she's, girls’
        return j
    return None

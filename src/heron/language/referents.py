"""Who a phrase is about: the child, an adult, or a thing; and how old a partner is.

Owns the heuristics that resolve referents inside one text: the child's likely gender,
the subject (or the noun) a phrase describes, whether a phrase names the child, and whether
a "boyfriend" or relationship partner is an adult or a peer. It reads word lists and
settings from the rule file's lexicon and offsets from ``text.Document``; it must not know
about individual rules, quotations or negation, and must not decide on flags by itself.
Vocabulary belongs in the rule file; only closed grammar words (pronouns, "is", "of") are
written here.

These are heuristics, not parsing: a record is assumed to be about a child, so anything
unresolved counts as the child. ``docs/language.md`` lists the known limits.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import Literal

from heron.language.rules import Gender, Lexicon, RuleSet
from heron.language.text import Age, Document, Token

Who = Literal["child", "adult", "other"]
Partner = Literal["adult", "peer"]

_HARD_STOPS = frozenset(".;:!?—–")
_PRONOUNS = frozenset(
    {"she", "her", "herself", "hers", "she's", "he", "him", "himself", "his", "he's"}
)
_PLURAL_REFLEXIVE = "themselves"
_POSSESSIVES = frozenset({"his", "her"})
_AGE_GLUE = frozenset({"is", "was", "who", "aged", "age", "(", ",", "a", "an", "now", "only"})


class People:
    """Referent heuristics for one document under one rule set."""

    def __init__(self, doc: Document, rules: RuleSet) -> None:
        self.doc = doc
        self.lex: Lexicon = rules.lexicon
        self.settings = rules.settings

    @cached_property
    def child_gender(self) -> Gender | None:
        """The child's likely gender; ``None`` when the text gives no usable cue."""
        child: Counter[Gender] = Counter()
        adult: Counter[Gender] = Counter()
        pronouns: Counter[Gender] = Counter()
        for token in self.doc.tokens:
            word = _base(token)
            if word in self.lex.child_gender_cues:
                child[self.lex.child_gender_cues[word]] += 1
            if word in self.lex.adult_gender_cues:
                adult[self.lex.adult_gender_cues[word]] += 1
            if word in _PRONOUNS:
                pronouns[self.lex.gender_words[word]] += 1
        for age in self.doc.ages:
            gender = self._gender_near_age(age)
            if gender is not None:
                (adult if age.years >= self.settings.adult_age else child)[gender] += 1
        if child:
            ranked = child.most_common()
            tied = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
            return None if tied else ranked[0][0]
        if len(adult) == 1:
            other: Gender = "f" if "m" in adult else "m"
            return other if pronouns[other] else None
        if len(pronouns) == 1:
            return next(iter(pronouns))
        # Both genders, no other cue: most records Heron reads are about girls exploited by
        # men, so a mixed-pronoun text is read that way (documented as a known bias).
        return "f" if pronouns else None

    def referent(self, start: int, end: int) -> Who | None:
        """Who the phrase at ``start:end`` describes; ``None`` when nobody is found.

        An adjective's noun comes first ("manipulative *adults*"); a phrase ending in a
        preposition ("sex with …") has its object there instead, so only the subject counts.
        """
        words = self.doc.text[start:end].split()
        if words and words[-1].lower() not in self.lex.prepositions:
            after = self._noun_after(end)
            if after is not None:
                return after
        plural = any(w.lower() == _PLURAL_REFLEXIVE for w in words)
        who = self._subject_before(start, plural=plural)
        if who is None and plural and self._group_is_adult(end):
            return "adult"
        return who

    def _group_is_adult(self, end: int) -> bool:
        """Whether the rest of the sentence says the group a plural phrase is about is
        adults ("… put themselves at risk *driving drunk*")."""
        _, sentence_end = self.doc.sentence_of(end)
        return bool(self.lex.group_adult_cues.search(self.doc.text[end:sentence_end]))

    def names_the_child(self, start: int, end: int) -> bool:
        """Whether a noun phrase such as "young woman" at ``start:end`` is the child."""
        age = self._attached_age(start, end)
        if age is not None:
            return age < self.settings.adult_age
        genders = {self.lex.gender_words.get(w.lower()) for w in self.doc.text[start:end].split()}
        genders.discard(None)
        child = self.child_gender
        return child is None or not genders or child in genders

    def partner(self, start: int, end: int, word_gender: Gender | None) -> Partner | None:
        """Whether the partner named at ``start:end`` is an adult, a peer, or unknown."""
        doc = self.doc
        sentence_start, sentence_end = doc.sentence_of(start)
        after_end = self._window_end(end, sentence_end, self.settings.partner_window_after)
        before = [a for a in doc.ages if a.end <= start and _adjacent(doc.text[a.end : start])]
        after = [
            a
            for a in doc.ages
            if end <= a.start and a.end <= after_end and not _possessor(doc.text[end : a.start])
        ]
        ages = before[-1:] + after[:1]
        if ages:
            return self._partner_by_age(ages[0], sentence_start, sentence_end)
        near = doc.text[max(sentence_start, start - 16) : after_end]
        if self.lex.peer_cues.search(doc.text[end:after_end]):
            return "peer"
        if self.lex.adult_cues.search(near):
            return "adult"
        named = self._partner_named_elsewhere(start, end)
        if named is not None:
            return named
        return self._other_party_adult(sentence_start, sentence_end, word_gender)

    def said_by_other_adult(self, verb: int) -> bool:
        """Whether the speaker of the verb at token ``verb`` is an adult other than family
        or a professional (a suspect, "the male", "he" in a record about a girl)."""
        tokens = self.doc.tokens
        for index in range(verb - 1, max(-1, verb - 5), -1):
            if tokens[index].text in _HARD_STOPS:
                return False
            kind = self._kind(index, pronouns=True)
            if kind is not None:
                word = _base(tokens[index])
                ordinary = word in self.lex.family or word in self.lex.professional
                return kind == "adult" and not ordinary
        return False

    # -- helpers ------------------------------------------------------------------------

    def _partner_by_age(self, age: Age, sentence_start: int, sentence_end: int) -> Partner:
        if age.years >= self.settings.adult_age:
            return "adult"
        younger = [
            a.years
            for a in self.doc.ages
            if a is not age and sentence_start <= a.start < sentence_end and a.years < age.years
        ]
        gap = age.years - min(younger) if younger else 0
        return "adult" if gap >= self.settings.min_age_gap else "peer"

    def _partner_named_elsewhere(self, start: int, end: int) -> Partner | None:
        """What the text says elsewhere about the partner's name.

        ``her boyfriend (Darren Hale). … Darren Hale is much older`` or ``Darren Hale is
        her boyfriend. Darren Hale (31) …``: the name ties the partner to its other mentions.
        """
        beside = self._name_beside(start, end)
        if beside is None:
            return None
        name, offset = beside
        text = self.doc.text
        for mention in re.finditer(rf"\b{re.escape(name)}\b", text):
            if mention.start() == offset:
                continue  # the mention that names the partner itself
            sentence_start, sentence_end = self.doc.sentence_of(mention.start())
            limit = self._window_end(mention.end(), sentence_end, self.settings.attached_age_window)
            after = text[mention.end() : limit]
            ages = [a for a in self.doc.ages if mention.end() <= a.start and a.end <= limit]
            if ages:
                return self._partner_by_age(ages[0], sentence_start, sentence_end)
            if self.lex.peer_cues.search(after):
                return "peer"
            if self.lex.adult_cues.search(after):
                return "adult"
        return None

    def _name_beside(self, start: int, end: int) -> tuple[str, int] | None:
        """A capitalised name right after the partner word ("boyfriend (Darren Hale)") or
        before "is her boyfriend" ("Darren Hale is her boyfriend")."""
        tokens = self.doc.tokens
        after = self.doc.token_at(end)
        while after < len(tokens) and tokens[after].text in {"(", ","}:
            after += 1
        names = _capitalised_run(tokens, after, step=1)
        if not names:
            before = self.doc.token_at(start) - 1
            link = [t.lower for t in tokens[max(0, before - 1) : before + 1]]
            if len(link) == 2 and link[0] in {"is", "was", "as"} and link[1] in _PRONOUNS:
                names = _capitalised_run(tokens, before - 2, step=-1)
        if not names:
            return None
        names.sort(key=lambda t: t.start)
        return " ".join(t.text for t in names), names[0].start

    def _other_party_adult(
        self, sentence_start: int, sentence_end: int, word_gender: Gender | None
    ) -> Partner | None:
        child = self.child_gender
        other: Gender | None = word_gender if child is None else ("m" if child == "f" else "f")
        for age in self.doc.ages:
            in_sentence = sentence_start <= age.start < sentence_end
            adult = age.years >= self.settings.adult_age
            if in_sentence and adult and (other is None or self._gender_near_age(age) == other):
                return "adult"
        return None

    def _gender_near_age(self, age: Age) -> Gender | None:
        """Gender of the person a stated age belongs to ("he is 24", "a 31-year-old man")."""
        tokens = self.doc.tokens
        first = self.doc.token_at(age.start)
        last = self.doc.token_at(age.end)
        for index in range(first - 1, max(-1, first - 4), -1):
            word = _base(tokens[index])
            if word in self.lex.gender_words:
                return self.lex.gender_words[word]
            if word not in _AGE_GLUE:
                break
        for index in range(last, min(len(tokens), last + 2)):
            word = _base(tokens[index])
            if word in self.lex.gender_words:
                return self.lex.gender_words[word]
        return None

    def _kind(self, index: int, *, pronouns: bool) -> Who | None:
        """What one token refers to, if it is a person, a thing or a stated age."""
        tokens = self.doc.tokens
        token = tokens[index]
        age = self.doc.age_over(token)
        if age is not None:
            return "adult" if age.years >= self.settings.adult_age else "child"
        word = _base(token)
        if index + 1 < len(tokens) and _base(tokens[index + 1]) in self.lex.modified:
            return None  # "male attention": a modifier, not a person
        if index > 0 and f"{_base(tokens[index - 1])} {word}" in self.lex.child:
            return self._with_age(index, "child")
        if word in self.lex.adult:
            return self._with_age(index, "adult")
        if word in self.lex.child:
            return self._with_age(index, "child")
        if word in self.lex.non_person:
            return "other"
        if pronouns and word in _PRONOUNS:
            gender = self.lex.gender_words[word]
            child = self.child_gender
            return "adult" if child is not None and gender != child else "child"
        return None

    def _with_age(self, index: int, default: Who) -> Who:
        """A noun followed by its age ("the male (27)", "her sister, 22,") takes that age."""
        token = self.doc.tokens[index]
        age = self._attached_age(token.start, token.end, window=4)
        if age is None:
            return default
        return "adult" if age >= self.settings.adult_age else "child"

    def _attached_age(self, start: int, end: int, window: int | None = None) -> int | None:
        doc = self.doc
        _, sentence_end = doc.sentence_of(start)
        limit = self._window_end(
            end, sentence_end, self.settings.attached_age_window if window is None else window
        )
        for age in doc.ages:
            if end <= age.start < limit or (
                age.end <= start and _adjacent(doc.text[age.end : start])
            ):
                return age.years
        return None

    def _noun_after(self, end: int) -> Who | None:
        tokens = self.doc.tokens
        first = self.doc.token_at(end)
        for index in range(first, min(len(tokens), first + 3)):
            token = tokens[index]
            kind = self._kind(index, pronouns=index == first)
            if kind is not None:
                return kind
            if not token.is_word or _base(token) not in self.lex.determiners:
                return None
        return None

    def _subject_before(self, start: int, *, plural: bool = False) -> Who | None:
        """The nearest person before ``start`` in the clause. For a plural phrase
        ("themselves") a possessive ("Mo and *his* friends") is not the subject."""
        tokens = self.doc.tokens
        sentence_start, _ = self.doc.sentence_of(start)
        index = self.doc.token_at(start) - 1
        # "described [at the meeting] as complicit": any prepositional phrase before "as"
        # names where or by whom, not who is described.
        words_before = [t for t in tokens[max(0, index - 2) : index + 1] if t.is_word]
        complement = bool(words_before) and words_before[-1].lower == "as"
        stop = max(-1, index - self.settings.referent_window)
        while index > stop and tokens[index].start >= sentence_start:
            token = tokens[index]
            word = _base(token)
            if token.text in _HARD_STOPS or word in self.lex.speech_verbs:
                return None
            agent = self._agent_before(index, complement=complement)
            if agent is not None:
                index = agent - 1  # skip "by her foster carer" in "described by … as"
                continue
            if plural and word in _POSSESSIVES:
                index -= 1
                continue
            kind = self._kind(index, pronouns=True)
            if kind is not None:
                return kind
            index -= 1
        return None

    def _agent_before(self, index: int, *, complement: bool) -> int | None:
        """Index of "by" when token ``index`` ends the agent of a description.

        ``described by her foster carer as wilful``: the carer describes, so the phrase is
        about someone else.
        """
        tokens = self.doc.tokens
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        if not tokens[index].is_word or (
            following not in self.lex.prepositions and following != "as"
        ):
            return None
        for back in range(index - 1, max(-1, index - 4), -1):
            if not tokens[back].is_word:
                return None
            word = _base(tokens[back])
            if word in self.lex.agent_words or (complement and word in self.lex.prepositions):
                return back
        return None

    def _window_end(self, end: int, limit: int, tokens_after: int) -> int:
        """Offset ``tokens_after`` tokens past ``end``, stopping at a hard stop or ``limit``."""
        tokens = self.doc.tokens
        index = self.doc.token_at(end)
        last = end
        for token in tokens[index : index + tokens_after]:
            if token.start >= limit or token.text in _HARD_STOPS:
                break
            last = token.end
        return last


def _capitalised_run(tokens: list[Token], index: int, *, step: int) -> list[Token]:
    """Up to three capitalised words from ``index`` onwards (``step`` 1) or backwards (-1)."""
    run: list[Token] = []
    while 0 <= index < len(tokens) and len(run) < 3:
        token = tokens[index]
        if not (token.is_word and token.text[0].isupper() and token.lower not in _PRONOUNS):
            break
        run.append(token)
        index += step
    return run


def _base(token: Token) -> str:
    word = token.lower
    return word[:-2] if word.endswith("'s") and word not in _PRONOUNS else word


def _possessor(gap: str) -> bool:
    """Whether an age after a partner word belongs to someone else ("boyfriend *of* the 14-…")."""
    return gap.split()[:1] == ["of"]


def _adjacent(gap: str) -> bool:
    """Whether an age directly qualifies what follows ("26-year-old boyfriend")."""
    words = gap.split()
    return len(words) <= 1 and all(
        w.lower() in {"older", "adult", "male", "year-old"} for w in words
    )

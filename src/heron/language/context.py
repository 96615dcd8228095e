"""Context filters: whether a phrase match, in its surroundings, needs a flag.

Owns the decisions that look around a match: reported speech inside quotation marks,
negations and challenges ("not 'streetwise'", "which is inappropriate language"),
a rule's other-sense exclusions (``unless_before`` / ``unless_after``) and the named
per-rule checks (``child_referent``, ``partner_adult``, ``names_the_child``), whose
heuristics live in ``referents``. It must not search for phrases or build flags
(``checker`` does) and must not hold vocabulary: the words it looks for come from the rule
file's lexicon (only grammar such as "to" and "-ing" is written here).
"""

from __future__ import annotations

from typing import Literal

from heron.language.referents import People
from heron.language.rules import Gender, Rule, RuleSet
from heron.language.text import Document, Quote

Speaker = Literal["professional", "other"]

_CLAUSE_PUNCT = frozenset(",;:.!?()—–")
_SENTENCE_PUNCT = frozenset(".;!?")


class Context:
    """The filters for one document; build once per text, ask ``allows`` per match."""

    def __init__(self, doc: Document, rules: RuleSet) -> None:
        self.doc = doc
        self.rules = rules
        self.lex = rules.lexicon
        self.people = People(doc, rules)

    def allows(self, rule: Rule, start: int, end: int) -> bool:
        """Whether the match ``start:end`` of ``rule`` should be flagged."""
        return not (
            self._other_sense(rule, start, end)
            or self._reported_speech(start, end)
            or self._adult_account(start)
            or self._negated(start)
            or self._challenged(start)
            or not all(self._check(name, rule, start, end) for name in sorted(rule.checks))
        )

    # -- named checks -------------------------------------------------------------------

    def _check(self, name: str, rule: Rule, start: int, end: int) -> bool:
        if name == "child_referent":
            return self.people.referent(start, end) not in ("adult", "other")
        if name == "names_the_child":
            return self.people.names_the_child(start, end)
        if name == "partner_adult":
            verdict = self.people.partner(start, end, self._gender_of(start, end))
            return verdict == "adult" or (verdict is None and rule.partner_default == "flag")
        raise ValueError(f"unknown check {name!r} in rule {rule.id!r}")

    # -- other senses -------------------------------------------------------------------

    def _other_sense(self, rule: Rule, start: int, end: int) -> bool:
        sentence_start, sentence_end = self.doc.sentence_of(start)
        text = self.doc.text
        before = rule.unless_before
        after = rule.unless_after
        return bool(
            (before is not None and before.search(text[max(sentence_start, start - 80) : start]))
            or (after is not None and after.search(text[end : min(sentence_end, end + 80)]))
        )

    # -- negation and challenge ---------------------------------------------------------

    def _negated(self, start: int) -> bool:
        """A negation or a word about wording just before the match, in the same clause."""
        tokens = self.doc.tokens
        index = self.doc.token_at(start) - 1
        seen = 0
        while index >= 0 and seen < self.rules.settings.negation_window:
            token = tokens[index]
            word = token.lower
            if token.text in _CLAUSE_PUNCT or word in self.lex.clause_words:
                return False
            if token.is_word:
                seen += 1
                if word in self.lex.negations and not self._asserts(index):
                    return True
                if seen <= self.rules.settings.meta_window and word in self.lex.meta_words:
                    return True
            index -= 1
        return False

    def _asserts(self, index: int) -> bool:
        """The negation word at token ``index`` starts a phrase that still asserts what
        follows ("*no longer* putting herself at risk", "*not only* streetwise")."""
        tokens = self.doc.tokens
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        return f"{tokens[index].lower} {following}" in self.lex.negation_exceptions

    def _challenged(self, start: int) -> bool:
        """The sentence says the wording is wrong ("which is inappropriate language")."""
        sentence_start, sentence_end = self.doc.sentence_of(start, full=True)
        return bool(self.lex.challenge.search(self.doc.text[sentence_start:sentence_end]))

    # -- quotations ---------------------------------------------------------------------

    def _reported_speech(self, start: int, end: int) -> bool:
        """Inside quotation marks and said by the child or another non-professional.

        A quotation attributed to a professional (``PC Evans' report describes her as
        "…"``) and a bare scare-quote (``her 'boyfriend' (29)``) are still the record's own
        wording, so they are not exempt.
        """
        quote = self.doc.quote_around(start, end)
        if quote is None:
            return False
        speaker, attributed = self._speaker(quote)
        if speaker == "professional":
            return False
        return attributed or self._first_person(quote)

    def _adult_account(self, start: int) -> bool:
        """Indirect speech of a suspect or other adult ("the male states it was consensual").

        Recording what an alleged abuser claims is evidence, not the recorder's framing.
        Accounts by the child, family or professionals are still the record's wording.
        """
        tokens = self.doc.tokens
        sentence_start, _ = self.doc.sentence_of(start)
        index = self.doc.token_at(start) - 1
        for back in range(index, max(-1, index - 12), -1):
            token = tokens[back]
            if token.start < sentence_start:
                return False
            if token.lower in self.lex.speech_verbs:
                if self._passive(back):
                    return False
                return self.people.said_by_other_adult(back)
        return False

    def _passive(self, verb: int) -> bool:
        """ "is considered", "was described", "said to be": nobody named is speaking."""
        tokens = self.doc.tokens
        if verb + 1 < len(tokens) and tokens[verb + 1].lower == "to":
            return True
        participle = not tokens[verb].lower.endswith("ing")  # not "been calling"
        return participle and verb > 0 and tokens[verb - 1].lower in self.lex.auxiliaries

    def _speaker(self, quote: Quote) -> tuple[Speaker | None, bool]:
        """Who is quoted (if known) and whether the quote is attributed speech at all."""
        tokens = self.doc.tokens
        sentence_start, sentence_end = self.doc.sentence_of(quote.start)
        opener = self.doc.token_at(quote.start - 1)
        closer = self.doc.token_at(quote.end)
        by_whom = self._agent_after(closer + 1, sentence_end)
        for index in range(opener - 1, max(-1, opener - 13), -1):
            token = tokens[index]
            if token.start < sentence_start or token.text in _SENTENCE_PUNCT:
                break
            if token.text == ":" and index == opener - 1:
                return by_whom or self._noun_before(index), True
            if token.lower in self.lex.speech_verbs:
                between = self._source_between(index + 1, opener)
                source = by_whom or between
                if self._passive(index):
                    return source, source is not None  # "is considered a '…'": whose words?
                return source or self._noun_before(index), True
        for index in range(closer + 1, min(len(tokens), closer + 5)):
            token = tokens[index]
            if token.start >= sentence_end:
                break
            if token.lower in self.lex.speech_verbs:
                return by_whom or self._classify(index - 1) or self._classify(index + 1), True
        return by_whom, by_whom is not None

    def _source_between(self, start: int, stop: int) -> Speaker | None:
        """A source named between the verb and the quote ("described *in the referral* as")."""
        for index in range(start, stop):
            if self.doc.tokens[index].lower in self.lex.source_words:
                found = self._agent_after(index, self.doc.tokens[stop].start)
                if found is not None:
                    return found
        return None

    def _noun_before(self, index: int) -> Speaker | None:
        tokens = self.doc.tokens
        for back in range(index - 1, max(-1, index - 5), -1):
            if tokens[back].text in _SENTENCE_PUNCT:
                break
            speaker = self._classify(back)
            if speaker is not None:
                return speaker
        return None

    def _agent_after(self, index: int, sentence_end: int) -> Speaker | None:
        """The source named after a quote: ``… "streetwise" by staff`` (a professional),
        ``'on the game' according to a shopkeeper`` (someone else)."""
        tokens = self.doc.tokens
        window = [t for t in tokens[index : index + 6] if t.start < sentence_end]
        if not window or window[0].lower not in self.lex.source_words:
            return None
        for token in window[1:]:
            word = token.lower.removesuffix("'s")
            if word in self.lex.professional:
                return "professional"
            if token.is_word and word not in self.lex.determiners | self.lex.prepositions:
                return "other"
        return None

    def _classify(self, index: int) -> Speaker | None:
        if not 0 <= index < len(self.doc.tokens):
            return None
        token = self.doc.tokens[index]
        word = token.lower.removesuffix("'s")
        titled = index > 0 and self.doc.tokens[index - 1].lower in self.lex.professional
        if word in self.lex.professional or (titled and token.text[0].isupper()):
            return "professional"  # "staff", or a name with a title: "PC Evans"
        if token.is_word and (
            word in self.lex.adult
            or word in self.lex.child
            or word in self.lex.gender_words
            or token.text[0].isupper()
        ):
            return "other"
        return None

    def _gender_of(self, start: int, end: int) -> Gender | None:
        """The gender a phrase names ("boyfriend" → m, "girlfriend" → f), if any."""
        for word in self.doc.text[start:end].lower().replace("-", " ").split():
            gender = self.lex.gender_words.get(word)
            if gender is not None:
                return gender
        return None

    def _first_person(self, quote: Quote) -> bool:
        inside = self.doc.text[quote.start : quote.end].lower().replace("’", "'")
        return any(w.strip(".,!?\"'") in self.lex.first_person for w in inside.split())

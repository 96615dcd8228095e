"""Person names: normalised forms, family-name parts, orderings, phonetic keys, similarity.

Owns the spelling-level treatment of a name as recorded: case, accents, apostrophes
(O'Neil = ONeil), hyphens and double-barrelled family names, given and family names
swapped, and the string comparisons a linkage model will call later. Nicknames and
spelling variants of given names live in ``variants``; aliases and street names are
normalised here but stay a separate field and are never treated as legal names.

It must not decide whether two mentions are the same person: it only prepares features.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import jellyfish

from heron.identity.normalise._text import APOSTROPHES, fold

_NOT_LETTERS = re.compile(r"[\W\d_]+")

# Leading titles dropped when a name field holds more than the title ("Miss Kayleigh").
_TITLES = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr", "master", "sir", "rev"})

# Values that agencies type when they do not know the name; they carry no identity.
_PLACEHOLDERS = frozenset(
    {
        "unknown", "unk", "nk", "n k", "u k", "uk", "not known", "notknown", "no name",
        "not given", "tbc", "tba", "none", "na", "n a", "anon", "anonymous", "refused",
        "withheld", "x", "xx", "xxx", "baby", "unborn",
    }
)  # fmt: skip

# Prefixes written both joined and apart ("Mc Donald", "O Neil", "St John").
_GLUED_PREFIXES = frozenset({"mc", "mac", "o", "st"})

# Particles that belong to the whole family name but are no evidence on their own.
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
     "al", "el", "bin", "bint", "ibn", "abu", "ben", "ap"}
)  # fmt: skip


class PhoneticKeys(NamedTuple):
    """Phonetic codes of one name (computed on the name without spaces)."""

    metaphone: str
    nysiis: str
    soundex: str


def normalise_name(raw: str | None) -> str | None:
    """Case-, accent- and punctuation-free name, or None for empty and placeholder values.

    Apostrophes are dropped ("O'Neil" → "oneil"), other punctuation and hyphens become one
    space ("Smith-Jones" → "smith jones"), and a leading title is dropped.
    """
    if not raw:
        return None
    return _normalise_name(raw)


@lru_cache(maxsize=1 << 16)
def _normalise_name(raw: str) -> str | None:
    text = _NOT_LETTERS.sub(" ", APOSTROPHES.sub("", fold(raw)))
    if not text.isascii():  # \W keeps digits of other scripts ("No"), which are not letters
        text = "".join(ch if ch.isalpha() else " " for ch in text)
    tokens = text.split()
    while len(tokens) > 1 and tokens[0] in _TITLES:
        del tokens[0]
    name = " ".join(tokens)
    if not name or name in _PLACEHOLDERS:
        return None
    return name


def _glued_tokens(name: str) -> list[str]:
    """Tokens of a normalised name with "mc", "o", "st"… joined to the word they precede."""
    tokens = name.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _GLUED_PREFIXES and i + 1 < len(tokens):
            out.append(token + tokens[i + 1])
            i += 2
        else:
            out.append(token)
            i += 1
    return out


def family_name_parts(name: str) -> tuple[str, ...]:
    """The whole family name without spaces, then each part that is evidence on its own.

    "smith jones" → ("smithjones", "smith", "jones"); "van der berg" → ("vanderberg",
    "berg"); "mc donald" → ("mcdonald",). Takes a name from ``normalise_name``.
    """
    tokens = _glued_tokens(name)
    whole = "".join(tokens)
    if len(tokens) == 1:
        return (whole,)
    parts = [whole]
    parts.extend(t for t in tokens if t not in _PARTICLES and t not in parts)
    return tuple(parts)


def name_orderings(given: str | None, family: str | None) -> tuple[tuple[str, str], ...]:
    """Candidate (given, family) readings of two normalised name fields, as recorded first.

    Both present: as recorded and swapped. One present with several words ("jess smith"
    typed into the given-name box): first word as given name, and last word as given name.
    A missing part is the empty string.
    """
    if given and family:
        return ((given, family),) if given == family else ((given, family), (family, given))
    single = given or family
    if not single:
        return ()
    tokens = single.split()
    if len(tokens) == 1:
        return ((given or "", family or ""),)
    return (
        (tokens[0], " ".join(tokens[1:])),
        (tokens[-1], " ".join(tokens[:-1])),
    )


def unordered_name_key(given: str | None, family: str | None) -> str | None:
    """All words of both normalised name fields, sorted: equal when the fields are swapped."""
    tokens = _glued_tokens(f"{given or ''} {family or ''}")
    return " ".join(sorted(tokens)) or None


def normalise_aliases(raw: Iterable[str] | None) -> tuple[str, ...]:
    """Normalised aliases and street names, de-duplicated, in the order given."""
    if not raw:
        return ()
    out: list[str] = []
    for alias in raw:
        name = normalise_name(alias)
        if name and name not in out:
            out.append(name)
    return tuple(out)


def phonetic_keys(name: str | None) -> PhoneticKeys | None:
    """Metaphone, NYSIIS and Soundex codes of a normalised Latin-script name."""
    if not name:
        return None
    return _phonetic_keys(name)


@lru_cache(maxsize=1 << 16)
def _phonetic_keys(name: str) -> PhoneticKeys | None:
    joined = name.replace(" ", "")
    if not joined.isascii():
        return None
    return PhoneticKeys(
        str(jellyfish.metaphone(joined)),
        str(jellyfish.nysiis(joined)),
        str(jellyfish.soundex(joined)),
    )


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1]; kind to typos near the end of a name."""
    return float(jellyfish.jaro_winkler_similarity(a, b))


def damerau_levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) needed to turn ``a`` into ``b``."""
    return int(jellyfish.damerau_levenshtein_distance(a, b))

"""Given-name variants: the formal names a recorded given name may stand for.

"Jess" and "Jessica", "Mo" and "Mohammed", "Katie" and "Catherine" should be able to meet.
This module maps a given name to a set of canonical formal names (itself included) and
one primary canonical form for blocking. It uses the ``nicknames`` package, then the UK
supplement in ``_variant_data``. It owns nothing else: spelling-level normalisation is in
``names``, and whether two names *match* is the linkage model's call.

Rules, so the sets stay useful rather than merely large:

* a package nickname → formal edge is followed only towards a name at least as long
  ("bill" → "william", never "william" → "bill");
* a second step is taken only when the first found no formal name, and only through a
  longer name ("tash" → "tasha" → "natasha"); going further joins unrelated names
  ("fred" → "bill" → "robert");
* every name reached brings its spelling variants ("katherine" → "catherine", "kathryn").

The primary form comes from the curated supplement only: a short form listed there maps to
its first formal name, anything else is itself (as its spelling group's head). The package
alone is too noisy for that ("george" → "georgine", "amy" → "parmelia"); its edges widen
the sets, where a stray name costs little.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple

from nicknames import NickNamer

from heron.identity.normalise._variant_data import FALSE_EDGES, SHORT_FORMS, SPELLING_VARIANTS
from heron.identity.normalise.names import normalise_name

_GROUP_OF: dict[str, tuple[str, ...]] = {
    spelling: group for group in SPELLING_VARIANTS for spelling in group
}


class GivenNameForms(NamedTuple):
    """The canonical forms of one given name."""

    primary: str
    variants: frozenset[str]


def given_name_forms(name: str | None) -> GivenNameForms | None:
    """Primary canonical form and canonical set of the first word of a given name."""
    normalised = normalise_name(name)
    if normalised is None:
        return None
    return _forms(normalised.split()[0])


def given_name_variants(name: str | None) -> frozenset[str]:
    """Canonical formal names ``name`` may stand for, itself included; empty if no name."""
    forms = given_name_forms(name)
    return forms.variants if forms else frozenset()


def names_may_be_same(a: str | None, b: str | None) -> bool:
    """True when two given names share a canonical form ("Jess" / "Jessica")."""
    return not given_name_variants(a).isdisjoint(given_name_variants(b))


def given_name_closeness(a: str | None, b: str | None) -> int | None:
    """How near two given names are, for ranking people who may be the same: 0 written the
    same ("Jill" / "jill"), 1 one is a nickname or spelling of the other ("Jill" / "Julia",
    "Julie" / "Julia"), 2 they only share a formal name ("Jill" / "Julie", both short for
    Julia); None when they may not be the same at all."""
    forms_a, forms_b = given_name_forms(a), given_name_forms(b)
    if forms_a is None or forms_b is None or forms_a.variants.isdisjoint(forms_b.variants):
        return None
    token_a, token_b = _first_word(a), _first_word(b)
    if token_a == token_b:
        return 0
    return 1 if token_a in forms_b.variants or token_b in forms_a.variants else 2


def _first_word(name: str | None) -> str:
    normalised = normalise_name(name)
    return normalised.split()[0] if normalised else ""


@cache
def _namer() -> NickNamer:
    return NickNamer()


def _longer_canonicals(token: str) -> set[str]:
    found = {
        c
        for c in _namer().canonicals_of(token)
        if len(c) >= len(token) and c != token and (token, c) not in FALSE_EDGES
    }
    found.update(SHORT_FORMS.get(token, ()))
    return found


def _is_formal(token: str) -> bool:
    return not _longer_canonicals(token)


def _group_head(token: str) -> str:
    group = _GROUP_OF.get(token)
    return group[0] if group else token


@lru_cache(maxsize=1 << 15)
def _forms(token: str) -> GivenNameForms:
    first = _longer_canonicals(token)
    reached = {token} | first
    if first and not any(_is_formal(c) for c in first):
        # Only through longer names, so "charles" → "charlie" does not go on to "charlotte".
        for name in [c for c in first if len(c) > len(token)]:
            reached |= _longer_canonicals(name)
    variants = set(reached)
    for name in reached:
        variants.update(_GROUP_OF.get(name, ()))
    primary = SHORT_FORMS[token][0] if token in SHORT_FORMS else token
    return GivenNameForms(_group_head(primary), frozenset(variants))

"""Vehicle registrations: canonical form, a confusion-tolerant key, partial plates, formats.

Owns how a registration as recorded (spaces, lower case, a witness's partial "AB12 C??",
O/0 and I/1 mix-ups) becomes comparable, and how much two of them agree. It checks format
only: whether a plate exists needs DVLA or PNC access, which Heron does not have.

Confusable characters, each pair treated as one character by ``plate_key`` and counted
as a substitution by ``plate_match``: O/0 and I/1 (the common ones, on every ANPR and
witness error list), and S/5, B/8, Z/2 (look alike on worn or dirty plates and in
handwriting). Wildcards: ``?`` (or ``_``) is one unknown character, ``*`` any run.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

WILDCARD_ONE = "?"
WILDCARD_ANY = "*"
CONFUSABLE_PAIRS = (("O", "0"), ("I", "1"), ("S", "5"), ("B", "8"), ("Z", "2"))

# Per substitution; two confusions make 0.81, three 0.73.
CONFUSION_FACTOR = 0.9
# A partial plate is weaker evidence than any complete one, scaled by what is known of it.
PARTIAL_CEILING = 0.8
_FULL_LENGTH = 7

_TO_KEY = str.maketrans({digit: letter for letter, digit in CONFUSABLE_PAIRS})
_NOT_PLATE = re.compile(r"[^A-Z0-9?*]")
_STARS = re.compile(r"\*+")

_FORMATS = (
    ("current", re.compile(r"^[A-HJ-PR-Y]{2}(?!00|01|50)[0-9]{2}[A-HJ-PR-Z]{3}$")),
    ("prefix", re.compile(r"^[A-HJ-NPR-TV-Y][0-9]{1,3}[A-Z]{3}$")),
    ("suffix", re.compile(r"^[A-Z]{3}[0-9]{1,3}[A-HJ-NPR-TV-Y]$")),
    ("northern_ireland", re.compile(r"^(?=[A-Z]{0,2}[IZ])[A-Z]{1,3}[0-9]{1,4}$")),
    ("dateless", re.compile(r"^(?:[A-Z]{1,3}[0-9]{1,4}|[0-9]{1,4}[A-Z]{1,3})$")),
)


class PlateFormat(StrEnum):
    """Which DVLA registration scheme a complete plate's shape fits."""

    CURRENT = "current"  # AB12 CDE, since September 2001
    PREFIX = "prefix"  # A123 BCD, 1983-2001
    SUFFIX = "suffix"  # ABC 123D, 1963-1983
    NORTHERN_IRELAND = "northern_ireland"  # ABZ 1234
    DATELESS = "dateless"  # 1-4 digits and 1-3 letters, either order
    PARTIAL = "partial"  # has wildcards
    UNKNOWN = "unknown"


class PlateMatchKind(StrEnum):
    """How two registrations agree."""

    EXACT = "exact"
    CONFUSABLE = "confusable"  # equal once confusable characters are allowed
    PARTIAL = "partial"  # a wildcard plate that the other could complete
    NONE = "none"


class PlateMatch(NamedTuple):
    """Agreement of two registrations, a stated (uncalibrated) confidence, and confusions used."""

    kind: PlateMatchKind
    confidence: float
    substitutions: int


NO_MATCH = PlateMatch(PlateMatchKind.NONE, 0.0, 0)


def canonical_plate(raw: str | None) -> str | None:
    """Upper case, no spaces or punctuation, wildcards kept: " ab12 c?e " → "AB12C?E"."""
    if not raw:
        return None
    plate = _STARS.sub(WILDCARD_ANY, _NOT_PLATE.sub("", raw.upper().replace("_", WILDCARD_ONE)))
    if not plate.strip(WILDCARD_ONE + WILDCARD_ANY):
        return None
    return plate


def plate_key(raw: str | None) -> str | None:
    """Canonical plate with each confusable pair folded to its letter: "AB12CDE" → "ABIZCDE"."""
    plate = canonical_plate(raw)
    return plate.translate(_TO_KEY) if plate else None


def is_partial(plate: str) -> bool:
    """True when a canonical plate holds a wildcard."""
    return WILDCARD_ONE in plate or WILDCARD_ANY in plate


def plate_format(raw: str | None) -> PlateFormat:
    """The registration scheme the plate's shape fits, by format only."""
    plate = canonical_plate(raw)
    if plate is None:
        return PlateFormat.UNKNOWN
    if is_partial(plate):
        return PlateFormat.PARTIAL
    for name, pattern in _FORMATS:
        if pattern.match(plate):
            return PlateFormat(name)
    return PlateFormat.UNKNOWN


def plate_match(a: str | None, b: str | None) -> PlateMatch:
    """How registrations ``a`` and ``b`` agree, allowing confusions and wildcards."""
    pa, pb = canonical_plate(a), canonical_plate(b)
    if pa is None or pb is None:
        return NO_MATCH
    if pa == pb and not is_partial(pa):
        return PlateMatch(PlateMatchKind.EXACT, 1.0, 0)
    cost = _min_substitutions(pa, pb)
    if cost is None:
        return NO_MATCH
    if not is_partial(pa) and not is_partial(pb):
        return PlateMatch(PlateMatchKind.CONFUSABLE, CONFUSION_FACTOR**cost, cost)
    known = min(_known_characters(pa), _known_characters(pb))
    confidence = PARTIAL_CEILING * min(known, _FULL_LENGTH) / _FULL_LENGTH
    return PlateMatch(PlateMatchKind.PARTIAL, confidence * CONFUSION_FACTOR**cost, cost)


def _known_characters(plate: str) -> int:
    return sum(ch not in (WILDCARD_ONE, WILDCARD_ANY) for ch in plate)


def _min_substitutions(p: str, q: str) -> int | None:
    """Fewest confusable substitutions for some plate to fit both patterns; None if none can.

    Dynamic programming over (position in p, position in q); every step moves forward.
    """
    inf = len(p) + len(q) + 1
    best = [[inf] * (len(q) + 1) for _ in range(len(p) + 1)]
    best[0][0] = 0
    for i in range(len(p) + 1):
        for j in range(len(q) + 1):
            cost = best[i][j]
            if cost == inf:
                continue
            p_star = i < len(p) and p[i] == WILDCARD_ANY
            q_star = j < len(q) and q[j] == WILDCARD_ANY
            if p_star:  # the star matches nothing more
                best[i + 1][j] = min(best[i + 1][j], cost)
            if q_star:
                best[i][j + 1] = min(best[i][j + 1], cost)
            if i == len(p) or j == len(q) or (p_star and q_star):
                continue
            step = _character_cost(p[i], q[j])
            if step is None:
                continue
            ni = i if p_star else i + 1
            nj = j if q_star else j + 1
            best[ni][nj] = min(best[ni][nj], cost + step)
    result = best[len(p)][len(q)]
    return None if result == inf else result


def _character_cost(x: str, y: str) -> int | None:
    if x == y or WILDCARD_ONE in (x, y) or WILDCARD_ANY in (x, y):
        return 0
    if x.translate(_TO_KEY) == y.translate(_TO_KEY):
        return 1
    return None

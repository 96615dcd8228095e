"""Places: UK postcodes, addresses as comparable keys, and a key for Location objects.

Owns the text-level treatment of where someone lives or something happened: postcode
format and parts, address abbreviations and flat numbering, best effort. It does not look
postcodes up (existence needs the ONS Postcode Directory) and does not geocode.

Flat numbering is the hard part. "Flat 3, 12 High St" and "3/12 High Street" both give the
key "12 high street #3"; "12c High Street" gives "12 high street #c", because a letter
may be a flat or a separate building. All three share the building key "12 high street".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from heron.identity.normalise._text import APOSTROPHES, fold

# research/data-standards.md §7.5, applied after upper-casing and re-spacing.
_POSTCODE = re.compile(
    r"^(GIR 0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
_NOT_POSTCODE_CHARS = re.compile(r"[^A-Z0-9]")

_AREA = re.compile(r"^[A-Z]+")
_DIGIT_RANGE = re.compile(r"(\d)\s*-\s*(\d)")
_LONE_HYPHEN = re.compile(r"(?<!\d)-|-(?!\d)")
_SPACED_SLASH = re.compile(r"\s*/\s*")
_ADDRESS_PUNCTUATION = re.compile(r"[^\w,/\-]+|_")
_NUMBER = re.compile(r"^(\d+)([a-z]?)$|^(\d+[a-z]?-\d+[a-z]?)$")
_SLASHED = re.compile(r"^(\w+)/(\d+[a-z]?)$")

_ABBREVIATIONS = {
    "rd": "road", "ave": "avenue", "av": "avenue", "avn": "avenue", "ln": "lane",
    "cl": "close", "clo": "close", "cres": "crescent", "cresc": "crescent", "crs": "crescent",
    "dr": "drive", "drv": "drive", "ct": "court", "crt": "court", "gdns": "gardens",
    "gdn": "gardens", "gr": "grove", "gro": "grove", "grv": "grove", "pl": "place",
    "sq": "square", "ter": "terrace", "terr": "terrace", "tce": "terrace", "pk": "park",
    "pde": "parade", "hse": "house", "hts": "heights", "est": "estate", "wk": "walk",
    "wy": "way", "mt": "mount", "cotts": "cottages", "bldgs": "buildings", "ctr": "centre",
    "center": "centre",
}  # fmt: skip
_UNIT_WORDS = frozenset({"flat", "apartment", "apt", "flt", "unit", "room", "rm", "maisonette"})
_THE = "the "
# What is written when there is no address; it must not make people look co-resident.
_NO_ADDRESS = frozenset(
    {"no fixed abode", "nfa", "unknown", "not known", "nk", "n k", "none", "not given", "tbc"}
)


class Postcode(NamedTuple):
    """A UK postcode in canonical form ("OX4 1AB") with its parts."""

    canonical: str
    outward: str
    inward: str

    @property
    def area(self) -> str:
        """Postcode area, the leading letters: "OX"."""
        match = _AREA.match(self.outward)
        return match[0] if match else self.outward

    @property
    def district(self) -> str:
        """Postcode district, the outward code: "OX4"."""
        return self.outward

    @property
    def sector(self) -> str:
        """Postcode sector, outward code and inward digit: "OX4 1"."""
        return f"{self.outward} {self.inward[0]}"


class Address(NamedTuple):
    """An address reduced to what two spellings of it share."""

    key: str
    building_key: str | None
    number: str | None
    unit: str | None
    street: str | None
    postcode: Postcode | None


def parse_postcode(raw: str | None) -> Postcode | None:
    """Canonical UK postcode, or None when the text is not a well-formed postcode.

    NHS pseudo-postcodes (``ZZ99 …``, e.g. no fixed abode) are not places: None.
    """
    if not raw:
        return None
    return _parse_postcode(raw)


@lru_cache(maxsize=1 << 16)
def _parse_postcode(raw: str) -> Postcode | None:
    compact = _NOT_POSTCODE_CHARS.sub("", raw.upper())
    if not 5 <= len(compact) <= 7:
        return None
    outward, inward = compact[:-3], compact[-3:]
    if _POSTCODE.match(f"{outward} {inward}") is None:
        return None
    return Postcode(f"{outward} {inward}", outward, inward)


def is_pseudo_postcode(raw: str | None) -> bool:
    """True for NHS ``ZZ99`` pseudo-postcodes: a recorded "unknown location"."""
    if not raw:
        return False
    return _NOT_POSTCODE_CHARS.sub("", raw.upper()).startswith("ZZ99")


def normalise_address(raw: str | None) -> Address | None:
    """Comparable form of a free-text address; None when nothing usable is left."""
    if not raw:
        return None
    return _normalise_address(raw)


@lru_cache(maxsize=1 << 16)
def _normalise_address(raw: str) -> Address | None:
    text, postcode = _take_postcode(fold(raw))
    text = _LONE_HYPHEN.sub(" ", _DIGIT_RANGE.sub(r"\1-\2", APOSTROPHES.sub("", text)))
    text = _SPACED_SLASH.sub("/", _ADDRESS_PUNCTUATION.sub(" ", text))
    unit: str | None = None
    parts: list[list[str]] = []
    for chunk in text.split(","):
        tokens, chunk_unit = _take_unit(chunk.split())
        unit = unit or chunk_unit
        if tokens:
            parts.append(_expand(tokens))
    number, street, found_unit = _find_number_and_street(parts)
    unit = unit or found_unit
    if number and street:
        building_key: str | None = f"{number} {street}"
        base = building_key
    else:
        building_key = None
        base = " ".join(" ".join(p) for p in parts[:2])
    if not base or base in _NO_ADDRESS:
        return None
    key = f"{base} #{unit}" if unit else base
    return Address(key, building_key, number, unit, street, postcode)


def place_key(name: str | None, address: str | None, postcode: str | None) -> str | None:
    """One key for a Location: postcode and address when known, else the place's name.

    "OX4 1AB|12 high street" from an address and postcode; "OX4 1AB|name:pizza palace"
    when only a name and postcode are known; the postcode alone is a coarse last resort.
    """
    normalised = normalise_address(address)
    code = parse_postcode(postcode) or (normalised.postcode if normalised else None)
    where = normalised.key if normalised else _place_name(name)
    if code and where:
        return f"{code.canonical}|{where}"
    if code:
        return code.canonical
    return where


def _take_postcode(text: str) -> tuple[str, Postcode | None]:
    for match in _POSTCODE_IN_TEXT.finditer(text):
        postcode = parse_postcode(match[1] + match[2])
        if postcode:
            return text[: match.start()] + text[match.end() :], postcode
    return text, None


def _take_unit(tokens: list[str]) -> tuple[list[str], str | None]:
    """Remove "flat 3" / "apartment 3" / "3/12" from tokens; return the rest and the unit.

    A unit word ending its chunk takes the words before it: "ground floor flat".
    """
    for i, token in enumerate(tokens):
        if token in _UNIT_WORDS:
            if i + 1 < len(tokens):
                return tokens[:i] + tokens[i + 2 :], tokens[i + 1]
            if i > 0:
                return [], " ".join(tokens[:i])
        slashed = _SLASHED.match(token)
        if slashed:
            return [*tokens[:i], slashed[2], *tokens[i + 1 :]], slashed[1]
    return tokens, None


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token == "st":
            # "St John's Road" is a saint; "High St" is a street.
            after_number_or_start = i == 0 or tokens[i - 1][:1].isdigit()
            followed_by_word = i + 1 < len(tokens) and tokens[i + 1].isalpha()
            out.append("saint" if after_number_or_start and followed_by_word else "street")
        elif token == "no" and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit():
            continue
        else:
            out.append(_ABBREVIATIONS.get(token, token))
    return out


def _find_number_and_street(
    parts: list[list[str]],
) -> tuple[str | None, str | None, str | None]:
    """House number, street and a letter suffix taken as a unit ("12c" → 12, c)."""
    for index, tokens in enumerate(parts):
        for i, token in enumerate(tokens):
            match = _NUMBER.match(token)
            if match is None:
                continue
            number = match[1] or match[3]
            letter = match[2] or None
            rest = tokens[i + 1 :]
            if not rest and index + 1 < len(parts):
                rest = parts[index + 1]
            street = " ".join(rest) or None
            return number, street, letter
    return None, None, None


def _place_name(name: str | None) -> str | None:
    if not name:
        return None
    text = " ".join(_ADDRESS_PUNCTUATION.sub(" ", APOSTROPHES.sub("", fold(name))).split())
    text = text.removeprefix(_THE)
    return f"name:{text}" if text and text not in _NO_ADDRESS else None

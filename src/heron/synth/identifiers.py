"""Identifiers: NHS numbers, UPNs, postcodes, vehicle registrations and fictional phones.

Every generated identifier is valid in format (NHS mod-11, UPN check letter, DVLA plate and
postcode shapes) but fictional: NHS numbers use the never-issued 9xx range, phones come from
Ofcom's drama ranges and postcodes from the non-existent ``WQ``/``ZQ`` areas.
"""

from __future__ import annotations

import random
from collections.abc import Callable

# UPN characters 2–4 must be a real LA number for CIN validation; 931 is accepted by
# python-stdnum and by the DfE list. Establishment numbers and serials are invented.
UPN_LA = "931"
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

COUNTY_AREA = "WQ"  # not a real UK postcode area; valid in format
OUT_OF_AREA = "ZQ"
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def nhs_check_digit(first9: str) -> int | None:
    """The mod-11 check digit for nine digits, or None where no valid number exists."""
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_is_valid(number: str) -> bool:
    digits = number.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 9xx range, which is never issued to real patients."""
    while True:
        first9 = f"9{rng.randrange(10**8):08d}"
        check = nhs_check_digit(first9)
        if check is not None:
            return first9 + str(check)


def upn_check_letter(last12: str) -> str:
    total = sum(int(c) * w for c, w in zip(last12, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23]


def upn_is_valid(upn: str) -> bool:
    if len(upn) != 13 or not upn[1:].isdigit():
        return False
    return upn[0] == upn_check_letter(upn[1:])


def upn(establishment: int, issued_year: int, serial: int) -> str:
    """A permanent UPN: check letter, LA number, establishment, year of issue, serial."""
    body = f"{UPN_LA}{establishment:04d}{issued_year % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


def corrupt_digits(rng: random.Random, value: str, is_valid: Callable[[str], bool]) -> str:
    """``value`` with one digit changed so that it fails its check (a keying error)."""
    positions = [i for i, c in enumerate(value) if c.isdigit()]
    for _ in range(40):
        i = rng.choice(positions)
        wrong = value[:i] + str((int(value[i]) + rng.randrange(1, 10)) % 10) + value[i + 1 :]
        if not is_valid(wrong):
            return wrong
    return value[:-1] + ("0" if value[-1] != "0" else "1")


def postcode(rng: random.Random, district: int, area: str = COUNTY_AREA) -> str:
    """A UK-format postcode such as ``WQ4 7HD``."""
    return (
        f"{area}{district} {rng.randrange(1, 10)}"
        f"{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    )


_MEMORY_FIRST = "ABCDEFGHKLMNOPRSVWY"
_MEMORY_SECOND = "ABCDEFGHJKLMNOPRSTUVWXY"
_RANDOM_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"
_PREFIX_YEARS = "ABCDEFGHJKLMNPRSTVWXY"  # A (1983) … Y (2001), no I, O, Q, U, Z


def registration(rng: random.Random, first_registered: int) -> str:
    """A DVLA-format plate for a car first registered in that year (current or prefix style)."""
    if first_registered >= 2002:
        age = first_registered % 100 + (50 if rng.random() < 0.5 else 0)
        letters = "".join(rng.choice(_RANDOM_LETTERS) for _ in range(3))
        return f"{rng.choice(_MEMORY_FIRST)}{rng.choice(_MEMORY_SECOND)}{age:02d} {letters}"
    year_letter = _PREFIX_YEARS[min(max(first_registered - 1983, 0), len(_PREFIX_YEARS) - 1)]
    letters = "".join(rng.choice(_RANDOM_LETTERS) for _ in range(3))
    return f"{year_letter}{rng.randrange(1, 1000)} {letters}"


# Ofcom numbers reserved for drama: never connected to a real subscriber.
MOBILE_DRAMA = [f"07700900{n:03d}" for n in range(1000)]
LANDLINE_DRAMA = [
    f"{prefix}{n:03d}"
    for prefix in (
        "01632960",
        "01134960",
        "01144960",
        "01154960",
        "01164960",
        "01174960",
        "01184960",
        "01214960",
        "01314960",
        "01414960",
        "01514960",
        "01614960",
        "01914980",
    )
    for n in range(1000)
]


class PhonePool:
    """Hands out each fictional number at most once, in a seeded order."""

    def __init__(self, rng: random.Random) -> None:
        self._mobiles = list(MOBILE_DRAMA)
        self._landlines = list(LANDLINE_DRAMA)
        rng.shuffle(self._mobiles)
        rng.shuffle(self._landlines)

    def mobile(self) -> str | None:
        return self._mobiles.pop() if self._mobiles else None

    def landline(self) -> str | None:
        return self._landlines.pop() if self._landlines else None

    @property
    def mobiles_left(self) -> int:
        return len(self._mobiles)


def national_to_e164(national: str) -> str:
    return "+44" + national[1:]

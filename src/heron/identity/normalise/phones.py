"""Phone numbers: canonical E.164 via ``phonenumbers``, with validity and fictional flags.

Owns turning a number as recorded ("07700 900123", "(01865) 123456", "447700900123") into
one comparable form. It never raises on bad input: garbage gives a result with no E.164
and a reason. It does not look numbers up or say who holds them.

``valid`` is libphonenumber's view (the number is in an allocated range). Ofcom's drama
ranges, which Heron's synthetic data uses, are not allocated, so such numbers have an
E.164 form, ``valid`` False and ``fictional`` True: they still link.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

DEFAULT_REGION = "GB"

# Ofcom numbers reserved for TV, radio and film; E.164 prefixes.
_FICTIONAL_PREFIXES = (
    "+447700900",  # mobile 07700 900000–900999
    "+441134960", "+441144960", "+441154960", "+441164960", "+441174960", "+441184960",
    "+441214960", "+441314960", "+441414960", "+441514960", "+441614960",  # 0xxx 496 0xxx
    "+441914980",  # Tyneside 0191 498 0xxx
    "+442079460",  # London 020 7946 0xxx
    "+442920180",  # Cardiff 029 2018 0xxx
    "+442896496",  # Belfast 028 9649 6xxx
    "+441632960",  # no area 01632 960xxx
    "+443069990",  # 0306 999 0xxx
    "+448081570",  # 0808 157 0xxx
    "+449098790",  # 0909 879 0xxx
)  # fmt: skip

_KINDS = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


class PhoneNumber(NamedTuple):
    """A recorded phone number and what could be made of it."""

    raw: str
    e164: str | None
    valid: bool
    fictional: bool
    kind: str | None
    reason: str | None


def normalise_phone(raw: str | None, region: str = DEFAULT_REGION) -> PhoneNumber | None:
    """E.164 form and flags for a recorded number; None only when nothing was recorded.

    ``e164`` is set whenever the digits could be a number (libphonenumber's "possible"),
    so a mistyped or fictional number still compares equal to itself.
    """
    if raw is None or not raw.strip():
        return None
    return _normalise_phone(raw, region)


@lru_cache(maxsize=1 << 16)
def _normalise_phone(raw: str, region: str) -> PhoneNumber:
    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException:
        return PhoneNumber(raw, None, False, False, None, "not a phone number")
    if not phonenumbers.is_possible_number(number):
        return PhoneNumber(raw, None, False, False, None, "wrong number of digits")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    fictional = e164.startswith(_FICTIONAL_PREFIXES)
    # number_type is UNKNOWN exactly when is_valid_number is False; one call, not two,
    # halves the cost of the slowest step in normalising a mention.
    kind = _KINDS.get(phonenumbers.number_type(number))
    if kind is not None:
        return PhoneNumber(raw, e164, True, fictional, kind, None)
    reason = "Ofcom drama range" if fictional else "not an allocated range"
    return PhoneNumber(raw, e164, False, fictional, None, reason)

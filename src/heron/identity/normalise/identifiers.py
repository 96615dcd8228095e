"""Person identifiers: NHS number, UPN, and opaque agency ids, checked but never dropped.

Owns the format and check-digit rules of the identifiers a mention may carry. An invalid
identifier is kept, marked untrusted, with the reason; a doubtful one (an LA code we do
not know, an NHS number from the test range) is valid with a warning. It does not look
identifiers up and does not decide which identifier wins when two disagree.

NHS numbers use ``stdnum.gb.nhs``. UPNs use ``stdnum.gb.upn`` for cleaning and the check
letter only: its LA-number list (python-stdnum 2.2) lacks the pseudo-LAs and every
authority created since 2009 (Dorset 838, BCP 839, North and West Northamptonshire
940/941, Cumberland 942, Westmorland and Furness 943), so it would reject real UPNs.
docs/identity-normalisation.md has the comparison.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from stdnum.gb import nhs, upn

# DfE three-digit LA numbers valid in UPN characters 2-4: the post-1998 list and pseudo-LAs
# of CIN census rule 1530 (csc-validator-be-cin), plus 942/943 from the April 2023 Cumbria
# reorganisation, which rule 1530 has not caught up with.
_LA_RANGES = (
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808),
    (810, 813), (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846),
    (850, 852), (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919),
    (921, 921), (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 943),
)  # fmt: skip
LA_CODES = frozenset(code for low, high in _LA_RANGES for code in range(low, high + 1))

# Letters the DfE never uses as a UPN check letter or as a temporary UPN's final letter.
_UPN_UNUSED_LETTERS = frozenset("IOS")
_UPN_BODY = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
# 903 and CIN returns put "UN1"…"UN7" in the UPN field when there is no UPN.
_UPN_UNKNOWN = re.compile(r"^UN[1-7]$")
_EXCEL_FLOAT = re.compile(r"\.0+$")
_SEPARATORS = re.compile(r"[\s\-./]+")


class IdentifierCheck(NamedTuple):
    """An identifier as cleaned, whether it can be trusted, and why not or what is odd."""

    value: str
    valid: bool
    reason: str | None = None
    warnings: tuple[str, ...] = ()


def check_nhs_number(raw: str | int) -> IdentifierCheck:
    """Check an NHS number: 10 digits, modulus-11 check digit, not a filler value."""
    value = _EXCEL_FLOAT.sub("", str(raw).strip())
    value = _SEPARATORS.sub("", value)
    if not value.isdigit():
        return IdentifierCheck(value, False, "not all digits")
    if len(value) != 10:
        return IdentifierCheck(value, False, f"{len(value)} digits, not 10")
    if not nhs.is_valid(value):
        return IdentifierCheck(value, False, "check digit does not match")
    if len(set(value)) == 1:
        # 0000000000, 1111111111…: pass the modulus-11 check, never issued, typed as filler.
        return IdentifierCheck(value, False, "filler value (one repeated digit)")
    return IdentifierCheck(value, True, None, _nhs_range_warnings(value))


def _nhs_range_warnings(value: str) -> tuple[str, ...]:
    # Ranges from research/data-standards.md §7.2.
    leading = int(value[:2])
    if leading >= 90:
        return ("test range (90-99): synthetic or test patient",)
    if int(value[:3]) <= 311:
        return ("Scottish CHI range",)
    if 32 <= leading <= 39:
        return ("Northern Ireland H&C range",)
    if 50 <= leading <= 59:
        return ("range not issued (50-59)",)
    if 80 <= leading <= 85:
        return ("Republic of Ireland range",)
    return ()


def check_upn(raw: str) -> IdentifierCheck:
    """Check a Unique Pupil Number: 13 characters, check letter, known LA code.

    An unknown LA code is a warning, not a failure: the DfE adds codes when councils
    reorganise, and a good check letter is strong evidence the UPN is real.
    """
    value = _SEPARATORS.sub("", upn.compact(raw))
    if _UPN_UNKNOWN.match(value):
        return IdentifierCheck(value, False, f"no UPN (return code {value})")
    if len(value) != 13:
        return IdentifierCheck(value, False, f"{len(value)} characters, not 13")
    if not _UPN_BODY.match(value):
        return IdentifierCheck(value, False, "characters 2-12 must be digits")
    if value[0] in _UPN_UNUSED_LETTERS or value[-1] in _UPN_UNUSED_LETTERS:
        return IdentifierCheck(value, False, "uses I, O or S as a check or final letter")
    if upn.calc_check_digit(value[1:]) != value[0]:
        return IdentifierCheck(value, False, "check letter does not match")
    warnings: list[str] = []
    if int(value[1:4]) not in LA_CODES:
        warnings.append(f"unknown LA code {value[1:4]}")
    if value[-1].isalpha():
        warnings.append("temporary UPN")
    return IdentifierCheck(value, True, None, tuple(warnings))


def clean_opaque_id(raw: str | int) -> str | None:
    """An agency's own id (``pnc_id``, ``local_id``…): trimmed, upper case, Excel ".0" gone.

    Opaque ids have no check digit to test; they are only comparable within one agency.
    """
    value = _EXCEL_FLOAT.sub("", str(raw).strip()).upper()
    return value or None

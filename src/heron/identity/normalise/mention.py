"""One person mention's raw fields → the normalised features a linkage model compares.

Owns the assembly only: each field is handed to the module that owns its rules (names,
variants, dates, places, phones, identifiers) and the results are gathered into one
frozen ``MentionFeatures``. It never raises on bad values, never drops what it cannot
trust (an invalid NHS number stays in ``nhs_number_raw``), and does not compare
mentions: that is the linkage model's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from heron.identity.normalise.dates import DateOfBirth, birth_range, is_child, parse_dob
from heron.identity.normalise.identifiers import check_nhs_number, check_upn, clean_opaque_id
from heron.identity.normalise.names import (
    PhoneticKeys,
    family_name_parts,
    normalise_aliases,
    normalise_name,
    phonetic_keys,
    unordered_name_key,
)
from heron.identity.normalise.phones import normalise_phone
from heron.identity.normalise.places import is_pseudo_postcode, normalise_address, parse_postcode
from heron.identity.normalise.variants import given_name_forms

_SEX = {
    "f": "F", "female": "F", "girl": "F", "woman": "F",
    "m": "M", "male": "M", "boy": "M", "man": "M",
    "x": "X", "other": "X",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MentionFeatures:
    """Normalised, comparable features of one person mention. None means not known."""

    given_name: str | None
    given_name_primary: str | None
    given_name_variants: frozenset[str]
    given_name_phonetic: PhoneticKeys | None
    family_name: str | None
    family_name_parts: tuple[str, ...]
    family_name_phonetic: PhoneticKeys | None
    name_key_unordered: str | None
    aliases: tuple[str, ...]
    sex: str | None
    dob: DateOfBirth | None
    birth_earliest: date | None
    birth_latest: date | None
    is_child_hint: bool | None
    postcode: str | None
    postcode_sector: str | None
    postcode_district: str | None
    address_key: str | None
    address_building_key: str | None
    phone_e164: str | None
    phone_valid: bool
    nhs_number: str | None
    nhs_number_raw: str | None
    upn: str | None
    upn_raw: str | None
    other_ids: tuple[tuple[str, str], ...]

    @property
    def birth_year_min(self) -> int | None:
        """Earliest possible birth year."""
        return self.birth_earliest.year if self.birth_earliest else None

    @property
    def birth_year_max(self) -> int | None:
        """Latest possible birth year."""
        return self.birth_latest.year if self.birth_latest else None


def normalise_mention(
    *,
    given_name: str | None = None,
    family_name: str | None = None,
    aliases: Iterable[str] | None = None,
    date_of_birth: str | None = None,
    age: int | None = None,
    sex: str | None = None,
    address: str | None = None,
    postcode: str | None = None,
    phone: str | None = None,
    identifiers: Mapping[str, str | int] | None = None,
    occurred_at: date | datetime | None = None,
) -> MentionFeatures:
    """Features of one records-v1 Mention; ``occurred_at`` is its record's event date."""
    on = occurred_at.date() if isinstance(occurred_at, datetime) else occurred_at
    given = normalise_name(given_name)
    family = normalise_name(family_name)
    forms = given_name_forms(given)
    dob = parse_dob(date_of_birth)
    born = birth_range(dob, age, on)
    normalised_address = normalise_address(address)
    code = None if is_pseudo_postcode(postcode) else parse_postcode(postcode)
    if code is None and normalised_address is not None:
        code = normalised_address.postcode
    number = normalise_phone(phone)
    nhs_raw, upn_raw, other_ids = _split_identifiers(identifiers)
    nhs = check_nhs_number(nhs_raw) if nhs_raw else None
    pupil = check_upn(upn_raw) if upn_raw else None
    return MentionFeatures(
        given_name=given,
        given_name_primary=forms.primary if forms else None,
        given_name_variants=forms.variants if forms else frozenset(),
        given_name_phonetic=phonetic_keys(given.split()[0]) if given else None,
        family_name=family,
        family_name_parts=family_name_parts(family) if family else (),
        family_name_phonetic=phonetic_keys(family),
        name_key_unordered=unordered_name_key(given, family),
        aliases=normalise_aliases(aliases),
        sex=_SEX.get(sex.strip().lower()) if sex else None,
        dob=dob,
        birth_earliest=born.earliest if born else None,
        birth_latest=born.latest if born else None,
        is_child_hint=is_child(born, on),
        postcode=code.canonical if code else None,
        postcode_sector=code.sector if code else None,
        postcode_district=code.district if code else None,
        address_key=normalised_address.key if normalised_address else None,
        address_building_key=normalised_address.building_key if normalised_address else None,
        phone_e164=number.e164 if number else None,
        phone_valid=number.valid if number else False,
        nhs_number=nhs.value if nhs and nhs.valid else None,
        nhs_number_raw=nhs_raw,
        upn=pupil.value if pupil and pupil.valid else None,
        upn_raw=upn_raw,
        other_ids=other_ids,
    )


def _split_identifiers(
    identifiers: Mapping[str, str | int] | None,
) -> tuple[str | None, str | None, tuple[tuple[str, str], ...]]:
    """(NHS number as given, UPN as given, other ids cleaned and sorted by name)."""
    if not identifiers:
        return None, None, ()
    nhs_raw = _as_text(identifiers.get("nhs_number"))
    upn_raw = _as_text(identifiers.get("upn"))
    others: list[tuple[str, str]] = []
    for name, value in identifiers.items():
        if name in ("nhs_number", "upn"):
            continue
        cleaned = clean_opaque_id(value)
        if cleaned:
            others.append((name, cleaned))
    return nhs_raw, upn_raw, tuple(sorted(others))


def _as_text(value: str | int | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

"""Normalisation: raw mention fields → comparable features, before any linkage.

Pure, fast functions, one module per kind of value: ``names`` and ``variants`` (people's
names), ``dates`` (dates of birth and ages), ``places`` (postcodes, addresses, Location
keys), ``phones``, ``vehicles``, ``identifiers`` (NHS number, UPN, agency ids), and
``mention``, which puts them together for one person mention. Nothing here reads or
writes storage, and nothing here decides that two mentions are the same.
"""

from heron.identity.normalise.dates import (
    BirthRange,
    DateOfBirth,
    DobAgreement,
    age_on,
    birth_range,
    birth_range_from_age,
    compare_dobs,
    day_month_swaps,
    is_child,
    parse_dob,
)
from heron.identity.normalise.identifiers import (
    IdentifierCheck,
    check_nhs_number,
    check_upn,
    clean_opaque_id,
)
from heron.identity.normalise.mention import MentionFeatures, normalise_mention
from heron.identity.normalise.names import (
    PhoneticKeys,
    damerau_levenshtein,
    family_name_parts,
    jaro_winkler,
    name_orderings,
    normalise_aliases,
    normalise_name,
    phonetic_keys,
    unordered_name_key,
)
from heron.identity.normalise.phones import PhoneNumber, normalise_phone
from heron.identity.normalise.places import (
    Address,
    Postcode,
    is_pseudo_postcode,
    normalise_address,
    parse_postcode,
    place_key,
)
from heron.identity.normalise.variants import (
    GivenNameForms,
    given_name_closeness,
    given_name_forms,
    given_name_variants,
    names_may_be_same,
)
from heron.identity.normalise.vehicles import (
    PlateFormat,
    PlateMatch,
    PlateMatchKind,
    canonical_plate,
    plate_format,
    plate_key,
    plate_match,
)

__all__ = [
    "Address",
    "BirthRange",
    "DateOfBirth",
    "DobAgreement",
    "GivenNameForms",
    "IdentifierCheck",
    "MentionFeatures",
    "PhoneNumber",
    "PhoneticKeys",
    "PlateFormat",
    "PlateMatch",
    "PlateMatchKind",
    "Postcode",
    "age_on",
    "birth_range",
    "birth_range_from_age",
    "canonical_plate",
    "check_nhs_number",
    "check_upn",
    "clean_opaque_id",
    "compare_dobs",
    "damerau_levenshtein",
    "day_month_swaps",
    "family_name_parts",
    "given_name_closeness",
    "given_name_forms",
    "given_name_variants",
    "is_child",
    "is_pseudo_postcode",
    "jaro_winkler",
    "name_orderings",
    "names_may_be_same",
    "normalise_address",
    "normalise_aliases",
    "normalise_mention",
    "normalise_name",
    "normalise_phone",
    "parse_dob",
    "parse_postcode",
    "phonetic_keys",
    "place_key",
    "plate_format",
    "plate_key",
    "plate_match",
    "unordered_name_key",
]

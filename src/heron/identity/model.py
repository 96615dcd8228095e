"""The person-linkage model as data: blocking rules, comparisons and training plan.

Owns Heron's model (``heron_model``) and the plain names/DOB/postcode model it is measured
against (``generic_model``), both written as backend-neutral Splink settings dictionaries
over the columns of ``heron.identity.features.SCHEMA``. It must not run anything: engines
(``heron.identity.linker``) train and apply these. Ethnicity, religion and nationality are
never columns here.

Why these comparisons: households and twins are the hard case. Relatives share a family
name, an address, a phone and (in many records) a birth day and month, so the model keeps
separate levels for "year off by one", "month off", "day off", and gives given name, sex and
strong identifiers (NHS number, UPN, one agency's own id, PNC id) their own comparisons, so
that a disagreement on any of them can outweigh a shared surname and address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Level = dict[str, Any]
Comparison = dict[str, Any]


def _null(sql: str) -> Level:
    return {"sql_condition": sql, "label_for_charts": "not recorded on both", "is_null_level": True}


def _level(sql: str, label: str, tf: str | None = None) -> Level:
    level: Level = {"sql_condition": sql, "label_for_charts": label}
    if tf:  # rarer values are stronger evidence (term-frequency adjustment)
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = 1.0
    return level


def _else(label: str) -> Level:
    return {"sql_condition": "ELSE", "label_for_charts": label}


def _comparison(name: str, description: str, levels: list[Level]) -> Comparison:
    return {
        "output_column_name": name,
        "comparison_description": description,
        "comparison_levels": levels,
    }


def _both(column: str) -> str:
    return f"{column}_l IS NULL OR {column}_r IS NULL"


def _identifier(column: str, what: str, same_agency: bool = False) -> Comparison:
    null = _both(column)
    if same_agency:
        null = f"{null} OR agency_l <> agency_r"
    return _comparison(
        column,
        what,
        [
            _null(null),
            _level(f"{column}_l = {column}_r", f"same {what}"),
            _else(f"different {what}s"),
        ],
    )


def _jw(column: str, at: float) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r) >= {at}"


# Given and family name entered the wrong way round: the same words in the other field
# ("Smith Jess" for "Jess Smith"; ``name_key`` holds every word of both, sorted).
_SWAPPED = (
    "{this}_l = {other}_r OR {this}_r = {other}_l "
    "OR (name_key_l = name_key_r AND {other}_l <> {other}_r)"
)

GIVEN_NAME = _comparison(
    "given_name",
    "given name",
    [
        _null(_both("given")),
        _level("given_l = given_r", "same given name", tf="given"),
        _level(
            "given_primary_l = given_primary_r OR list_has_any(given_variants_l, given_variants_r)",
            "given names that are forms of one name (nickname or spelling variant)",
        ),
        _level(_jw("given", 0.92), "given names spelt almost the same"),
        _level(
            _SWAPPED.format(this="given", other="family"),
            "given name of one is the family name of the other (swapped)",
        ),
        _level(
            "starts_with(given_l, given_r) OR starts_with(given_r, given_l)",
            "one given name is the start of the other",
        ),
        _level("given_meta_l = given_meta_r", "given names that sound the same"),
        _level(_jw("given", 0.8), "given names spelt similarly"),
        _else("different given names"),
    ],
)

FAMILY_NAME = _comparison(
    "family_name",
    "family name",
    [
        _null(_both("family")),
        _level("family_l = family_r", "same family name", tf="family"),
        _level(
            _SWAPPED.format(this="family", other="given"),
            "family name of one is the given name of the other (swapped)",
        ),
        _level(_jw("family", 0.92), "family names spelt almost the same"),
        _level(
            "list_has_any(family_parts_l, family_parts_r)",
            "family names share a part (double-barrelled)",
        ),
        _level("family_meta_l = family_meta_r", "family names that sound the same"),
        _level(_jw("family", 0.8), "family names spelt similarly"),
        _else("different family names"),
    ],
)

# Only a stated age (a birth range of a year or more) was recorded on one side.
_STATED_AGE = (
    "(date_diff('day', birth_lo_l, birth_hi_l) > 40 "
    "OR date_diff('day', birth_lo_r, birth_hi_r) > 40)"
)
_YEARS_APART = (
    "greatest(date_diff('day', birth_hi_l, birth_lo_r), date_diff('day', birth_hi_r, birth_lo_l))"
)

BIRTH = _comparison(
    "birth",
    "date of birth or stated age",
    [
        _null(_both("birth_lo")),
        _level("dob_l = dob_r", "same date of birth"),
        _level(
            "dob_year_l = dob_year_r AND dob_month_l = dob_day_r AND dob_day_l = dob_month_r",
            "same date of birth with day and month swapped",
        ),
        _level(
            "dob_year_l = dob_year_r AND dob_month_l = dob_month_r AND dob_day_l <> dob_day_r",
            "dates of birth differing only in the day",
        ),
        _level(
            "dob_year_l = dob_year_r AND dob_day_l = dob_day_r AND dob_month_l <> dob_month_r",
            "dates of birth differing only in the month",
        ),
        _level(
            "abs(dob_year_l - dob_year_r) = 1 AND dob_month_l = dob_month_r "
            "AND dob_day_l = dob_day_r",
            "dates of birth differing only in the year, by one",
        ),
        _level(
            "(dob_l IS NULL OR dob_r IS NULL) "
            "AND birth_lo_l <= birth_hi_r AND birth_lo_r <= birth_hi_l",
            "partial dates of birth or stated ages that agree",
        ),
        _level(f"{_YEARS_APART} <= 400", "birth dates or stated ages within about a year"),
        _level(
            f"{_STATED_AGE} AND {_YEARS_APART} <= 1100",
            "a stated age within three years of the other's birth date or age",
        ),
        _level(f"{_YEARS_APART} <= 1100", "birth dates within three years"),
        _level(f"{_YEARS_APART} <= 1830", "birth dates within five years"),
        _else("birth dates more than five years apart"),
    ],
)

SEX = _comparison(
    "sex",
    "sex",
    [_null(_both("sex")), _level("sex_l = sex_r", "same sex"), _else("different sex")],
)

ADDRESS = _comparison(
    "address",
    "home address or postcode",
    [
        _null(
            "(address_key_l IS NULL AND postcode_l IS NULL) "
            "OR (address_key_r IS NULL AND postcode_r IS NULL)"
        ),
        _level("address_key_l = address_key_r", "same address"),
        _level("building_key_l = building_key_r", "same building, different flat"),
        _level("postcode_l = postcode_r", "same postcode"),
        _level("postcode_sector_l = postcode_sector_r", "same postcode sector"),
        _else("different addresses"),
    ],
)

PHONE = _identifier("phone", "phone number")

ALIASES = _comparison(
    "aliases",
    "aliases or street names",
    [
        _null(_both("aliases")),
        _level("alias1_l = alias1_r", "same alias", tf="alias1"),
        _level("list_has_any(aliases_l, aliases_r)", "share an alias"),
        _else("different aliases"),
    ],
)


@dataclass(frozen=True, slots=True)
class LinkModel:
    """A named model: comparisons, blocking rules, and what to train EM on."""

    name: str
    comparisons: list[Comparison]
    blocking_rules: list[str]
    em_blocking_rules: list[str]
    deterministic_rules: list[str]
    deterministic_recall: float = 0.7
    threshold: float = 0.8  # match probability at or above which two mentions link
    hard_birth_gap_days: int = 1830  # about five years: a child is never an adult
    hard_identifiers: tuple[str, ...] = ()
    use_reference: bool = False  # small inputs use the shipped reference parameters
    twin_rule: bool = False  # same date of birth, different given name: never merge

    def settings(self) -> dict[str, Any]:
        """A Splink settings dictionary for a dedupe job over the feature table."""
        return {
            "link_type": "dedupe_only",
            "unique_id_column_name": "unique_id",
            "comparisons": self.comparisons,
            "blocking_rules_to_generate_predictions": self.blocking_rules,
            "retain_matching_columns": True,
            "retain_intermediate_calculation_columns": True,
            "max_iterations": 20,
            "em_convergence": 0.001,
        }


def heron_model() -> LinkModel:
    """Heron's person model: names, birth, sex, address, phone, aliases and identifiers."""
    return LinkModel(
        name="heron",
        comparisons=[
            _identifier("nhs", "NHS number"),
            _identifier("upn", "unique pupil number"),
            _identifier("local_id", "agency person id", same_agency=True),
            _identifier("pnc", "PNC id"),
            GIVEN_NAME,
            FAMILY_NAME,
            BIRTH,
            SEX,
            ADDRESS,
            PHONE,
            ALIASES,
        ],
        blocking_rules=[
            "l.nhs = r.nhs",
            "l.upn = r.upn",
            "l.local_id = r.local_id",
            "l.pnc = r.pnc",
            "l.given_primary = r.given_primary AND l.family = r.family",
            "l.given_meta = r.given_meta AND l.family = r.family",  # misspelt, no birth date
            "l.family_meta = r.family_meta AND l.birth_year = r.birth_year",
            "l.given_primary = r.given_primary AND l.birth_y2a = r.birth_y2a",
            "l.given_primary = r.given_primary AND l.birth_y2b = r.birth_y2b",
            "l.dob = r.dob",
            "l.given_primary = r.given_primary AND l.postcode = r.postcode",
            "l.alias1 = r.alias1",
            "l.name_key = r.name_key AND l.family <> r.family",  # names swapped
        ],
        em_blocking_rules=[
            "l.given_primary = r.given_primary AND l.family = r.family",
            "l.dob = r.dob",
        ],
        deterministic_rules=[
            "l.nhs = r.nhs",
            "l.upn = r.upn",
            "l.given = r.given AND l.family = r.family AND l.dob = r.dob",
        ],
        hard_identifiers=("nhs", "upn"),
        use_reference=True,
        twin_rule=True,
    )


def generic_model() -> LinkModel:
    """A plain Splink model of the kind tutorials show: names, date of birth, postcode."""
    given = _comparison(
        "given_name",
        "given name",
        [
            _null(_both("given")),
            _level("given_l = given_r", "same given name"),
            _level(_jw("given", 0.9), "given names spelt almost the same"),
            _level(_jw("given", 0.8), "given names spelt similarly"),
            _else("different given names"),
        ],
    )
    family = _comparison(
        "family_name",
        "family name",
        [
            _null(_both("family")),
            _level("family_l = family_r", "same family name"),
            _level(_jw("family", 0.9), "family names spelt almost the same"),
            _level(_jw("family", 0.8), "family names spelt similarly"),
            _else("different family names"),
        ],
    )
    dob = _comparison(
        "birth",
        "date of birth",
        [
            _null(_both("dob")),
            _level("dob_l = dob_r", "same date of birth"),
            _level("dob_year_l = dob_year_r", "same year of birth"),
            _else("different dates of birth"),
        ],
    )
    postcode = _comparison(
        "postcode",
        "postcode",
        [
            _null(_both("postcode")),
            _level("postcode_l = postcode_r", "same postcode"),
            _else("different postcodes"),
        ],
    )
    return LinkModel(
        name="generic",
        comparisons=[given, family, dob, postcode],
        blocking_rules=[
            "l.given = r.given AND l.family = r.family",
            "l.dob = r.dob",
            "l.family = r.family AND l.postcode = r.postcode",
        ],
        em_blocking_rules=["l.given = r.given AND l.family = r.family", "l.dob = r.dob"],
        deterministic_rules=["l.given = r.given AND l.family = r.family AND l.dob = r.dob"],
        hard_birth_gap_days=10**6,  # no such rule in a generic model
    )

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

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

DOB = DateOfBirth


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2008-03-04", DOB(2008, 3, 4)),
        (" 2008-03-04 ", DOB(2008, 3, 4)),
        ("2008-3-4", DOB(2008, 3, 4)),
        ("2008-03", DOB(2008, 3)),
        ("2008", DOB(2008)),
        ("2008-02-29", DOB(2008, 2, 29)),
    ],
)
def test_parse_full_and_partial_dates(raw: str, expected: DateOfBirth) -> None:
    assert parse_dob(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [None, "", "04/03/2008", "2008-13", "2008-02-30", "2007-02-29", "1900-01-01", "0001", "soon"],
)
def test_parse_rejects_impossible_placeholder_and_foreign_forms(raw: str | None) -> None:
    assert parse_dob(raw) is None


@given(st.dates(min_value=date(1901, 1, 2), max_value=date(2100, 12, 31)))  # after fillers
def test_parse_reads_back_what_str_writes(day: date) -> None:
    dob = DOB(day.year, day.month, day.day)
    assert parse_dob(str(dob)) == dob
    assert parse_dob(str(DOB(day.year, day.month))) == DOB(day.year, day.month)


def test_ranges_of_partial_dates() -> None:
    assert DOB(2008).as_range() == BirthRange(date(2008, 1, 1), date(2008, 12, 31))
    assert DOB(2008, 2).as_range() == BirthRange(date(2008, 2, 1), date(2008, 2, 29))
    assert DOB(2008, 2, 3).as_range() == BirthRange(date(2008, 2, 3), date(2008, 2, 3))


def test_day_month_swaps() -> None:
    assert day_month_swaps(DOB(2008, 3, 4)) == (DOB(2008, 3, 4), DOB(2008, 4, 3))
    assert day_month_swaps(DOB(2008, 3, 13)) == (DOB(2008, 3, 13),)
    assert day_month_swaps(DOB(2008, 3, 3)) == (DOB(2008, 3, 3),)
    assert day_month_swaps(DOB(2008, 3)) == (DOB(2008, 3),)


def test_day_month_swap_of_a_december_date() -> None:
    assert day_month_swaps(DOB(2007, 12, 2)) == (DOB(2007, 12, 2), DOB(2007, 2, 12))


@given(st.dates(min_value=date(1900, 1, 2), max_value=date(2100, 12, 31)))
def test_swapping_twice_returns_the_date(day: date) -> None:
    dob = DOB(day.year, day.month, day.day)
    for candidate in day_month_swaps(dob):
        assert dob in day_month_swaps(candidate)


@pytest.mark.parametrize(
    ("a", "b", "agreement"),
    [
        (DOB(2008, 3, 4), DOB(2008, 3, 4), DobAgreement.EXACT),
        (DOB(2008, 3, 4), DOB(2008, 4, 3), DobAgreement.SWAPPED_DAY_MONTH),
        (DOB(2008, 3, 4), DOB(2009, 3, 4), DobAgreement.YEAR_OFF_BY_ONE),
        (DOB(2008, 3, 4), DOB(2008, 5, 4), DobAgreement.MONTH_OFF),
        (DOB(2008, 3, 4), DOB(2008, 3, 14), DobAgreement.DAY_OFF),
        (DOB(2008, 3, 4), DOB(2010, 3, 4), DobAgreement.DISAGREE),
        (DOB(2008, 3, 4), DOB(2008, 5, 6), DobAgreement.DISAGREE),
        (DOB(2008, 3, 4), DOB(2008, 3), DobAgreement.PARTIAL_AGREE),
        (DOB(2008, 3, 4), DOB(2008), DobAgreement.PARTIAL_AGREE),
        (DOB(2008), DOB(2008), DobAgreement.PARTIAL_AGREE),
        (DOB(2008, 3), DOB(2009, 3, 4), DobAgreement.YEAR_OFF_BY_ONE),
        (DOB(2008), DOB(2009), DobAgreement.YEAR_OFF_BY_ONE),
        (DOB(2008, 3), DOB(2008, 5, 4), DobAgreement.MONTH_OFF),
        (DOB(2008, 3), DOB(2011, 3), DobAgreement.DISAGREE),
        (DOB(2008, 3, 4), None, DobAgreement.UNKNOWN),
        (None, None, DobAgreement.UNKNOWN),
    ],
)
def test_compare_dobs(
    a: DateOfBirth | None, b: DateOfBirth | None, agreement: DobAgreement
) -> None:
    assert compare_dobs(a, b) is agreement


dobs = st.builds(
    lambda d, precision: DOB(d.year, *(d.month, d.day)[:precision]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(min_value=0, max_value=2),
)


@given(dobs, dobs)
def test_compare_dobs_is_symmetric(a: DateOfBirth, b: DateOfBirth) -> None:
    assert compare_dobs(a, b) is compare_dobs(b, a)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 3, 4), date(2024, 3, 3), 15),
        (date(2008, 3, 4), date(2024, 3, 4), 16),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), datetime(2026, 3, 1, 12, 0), 18),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_birth_range_from_age_example() -> None:
    assert birth_range_from_age(14, date(2024, 6, 10)) == BirthRange(
        date(2009, 6, 11), date(2010, 6, 10)
    )


def test_birth_range_from_age_on_29_february() -> None:
    assert birth_range_from_age(10, date(2024, 2, 29)) == BirthRange(
        date(2013, 3, 1), date(2014, 2, 28)
    )


@given(
    st.integers(min_value=0, max_value=100),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
)
def test_birth_range_from_age_is_exactly_the_people_of_that_age(age: int, on: date) -> None:
    earliest, latest = birth_range_from_age(age, on)
    one_day = timedelta(days=1)
    assert age_on(earliest, on) == age
    assert age_on(latest, on) == age
    assert age_on(earliest - one_day, on) == age + 1
    assert age_on(latest + one_day, on) == age - 1


def test_birth_range_prefers_the_date_of_birth() -> None:
    assert birth_range(DOB(2008), 30, date(2024, 1, 1)) == DOB(2008).as_range()
    assert birth_range(None, 15, date(2024, 1, 1)) == birth_range_from_age(15, date(2024, 1, 1))
    assert birth_range(None, 15, None) is None
    assert birth_range(None, None, date(2024, 1, 1)) is None
    assert birth_range(None, -1, date(2024, 1, 1)) is None
    assert birth_range(None, 500, date(2024, 1, 1)) is None


@pytest.mark.parametrize(
    ("born", "on", "child"),
    [
        (DOB(2008, 3, 4).as_range(), date(2026, 3, 3), True),
        (DOB(2008, 3, 4).as_range(), date(2026, 3, 4), False),
        (DOB(2008).as_range(), date(2025, 12, 31), True),
        (DOB(2008).as_range(), date(2026, 6, 1), None),
        (DOB(2008).as_range(), date(2027, 1, 1), False),
        (birth_range_from_age(17, date(2024, 1, 1)), date(2024, 1, 1), True),
        (birth_range_from_age(17, date(2024, 1, 1)), date(2024, 6, 1), None),
        (birth_range_from_age(18, date(2024, 1, 1)), date(2024, 1, 1), False),
        (DOB(2030).as_range(), date(2024, 1, 1), None),
        (None, date(2024, 1, 1), None),
        (DOB(2008).as_range(), None, None),
    ],
)
def test_is_child(born: BirthRange | None, on: date | None, child: bool | None) -> None:
    assert is_child(born, on) is child


def test_is_child_accepts_a_datetime() -> None:
    assert is_child(DOB(2008, 3, 4).as_range(), datetime(2026, 3, 3, 23, 59)) is True

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from heron.identity.normalise.identifiers import (
    LA_CODES,
    check_nhs_number,
    check_upn,
    clean_opaque_id,
)


@pytest.mark.parametrize("raw", ["9434765919", "943 476 5919", "943-476-5919", 9434765919])
def test_valid_nhs_numbers(raw: str | int) -> None:
    check = check_nhs_number(raw)
    assert check.valid
    assert check.value == "9434765919"
    assert check.reason is None


def test_excel_float_nhs_number() -> None:
    assert check_nhs_number("9434765919.0").value == "9434765919"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("9434765918", "check digit does not match"),
        ("1234567890", "check digit does not match"),
        ("943476591", "9 digits, not 10"),
        ("94347659190", "11 digits, not 10"),
        ("943476591X", "not all digits"),
        ("1111111111", "filler value (one repeated digit)"),
        ("0000000000", "filler value (one repeated digit)"),
    ],
)
def test_invalid_nhs_numbers_are_kept_with_a_reason(raw: str, reason: str) -> None:
    check = check_nhs_number(raw)
    assert not check.valid
    assert check.reason == reason
    assert check.value


def test_nhs_number_ranges_warn() -> None:
    assert check_nhs_number("9434765919").warnings == (
        "test range (90-99): synthetic or test patient",
    )


def _with_nhs_check_digit(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 10:
        return None
    return nine + str(0 if check == 11 else check)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_generated_nhs_numbers_with_a_good_check_digit_validate(nine: str) -> None:
    number = _with_nhs_check_digit(nine)
    if number is None or len(set(number)) == 1:
        return
    assert check_nhs_number(number).valid


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.integers(0, 9),
    st.integers(1, 9),
)
def test_any_single_digit_error_is_caught(nine: str, position: int, shift: int) -> None:
    number = _with_nhs_check_digit(nine)
    if number is None:
        return
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not check_nhs_number(wrong).valid


@pytest.mark.parametrize(
    "raw", ["B801200005001", "A950000178301", "H243278544154", "P207000016049", "b801 2000 05001"]
)
def test_valid_upns(raw: str) -> None:
    assert check_upn(raw).valid


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("A801200005001", "check letter does not match"),
        # The Arbor/Juniper help pages' worked example: its check letter is wrong.
        ("B207000016049", "check letter does not match"),
        ("X80120000A001", "characters 2-12 must be digits"),
        ("B80120000500", "12 characters, not 13"),
        ("UN3", "no UPN (return code UN3)"),
    ],
)
def test_invalid_upns(raw: str, reason: str) -> None:
    check = check_upn(raw)
    assert not check.valid
    assert check.reason == reason


def _upn(body: str) -> str:
    return stdnum_upn.calc_check_digit(body) + body


@pytest.mark.parametrize("la", ["838", "839", "940", "941", "942", "943", "825", "815", "933"])
def test_upns_of_reorganised_councils_are_valid_without_warning(la: str) -> None:
    check = check_upn(_upn(f"{la}123423001"))
    assert check.valid
    assert check.warnings == ()


def test_stdnum_rejects_upns_we_accept() -> None:
    assert not stdnum_upn.is_valid(_upn("838123423001"))
    assert check_upn(_upn("838123423001")).valid


def test_unknown_la_code_is_a_warning_not_invalid() -> None:
    check = check_upn(_upn("999123423001"))
    assert check.valid
    assert check.warnings == ("unknown LA code 999",)


def test_temporary_upn() -> None:
    check = check_upn(_upn("83812342301A"))
    assert check.valid
    assert check.warnings == ("temporary UPN",)


def test_check_and_final_letters_never_use_i_o_s() -> None:
    assert check_upn("O801200005001").reason == "uses I, O or S as a check or final letter"
    assert check_upn("B83812342301S").reason == "uses I, O or S as a check or final letter"


@given(
    st.sampled_from(sorted(LA_CODES)),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
def test_generated_upns_validate(la: int, rest: str) -> None:
    check = check_upn(_upn(f"{la:03d}{rest}"))
    assert check.valid
    assert check.warnings == ()


def test_la_codes_cover_stdnum_and_the_new_authorities() -> None:
    assert stdnum_upn._la_numbers <= LA_CODES
    assert {825, 838, 839, 940, 941, 942, 943, 815, 933} <= LA_CODES


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [(" ab123 ", "AB123"), ("12345.0", "12345"), (12345, "12345"), ("", None), ("  ", None)],
)
def test_clean_opaque_id(raw: str | int, cleaned: str | None) -> None:
    assert clean_opaque_id(raw) == cleaned

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.identity.normalise.phones import normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "07700 900123",
        "+44 7700 900123",
        "447700900123",
        "07700-900-123",
        "0044 7700 900123",
        "+44 (0) 7700 900123",
        "07700900123",
    ],
)
def test_ways_of_writing_one_mobile(raw: str) -> None:
    phone = normalise_phone(raw)
    assert phone is not None
    assert phone.e164 == "+447700900123"
    assert phone.raw == raw


def test_drama_numbers_are_fictional_not_valid() -> None:
    phone = normalise_phone("07700 900123")
    assert phone is not None
    assert (phone.valid, phone.fictional, phone.reason) == (False, True, "Ofcom drama range")


def test_a_landline_in_brackets() -> None:
    phone = normalise_phone("(01865) 123456")
    assert phone is not None
    assert (phone.e164, phone.valid, phone.kind) == ("+441865123456", True, "fixed_line")


def test_a_real_mobile_range() -> None:
    phone = normalise_phone("07911 123456")
    assert phone is not None
    assert (phone.e164, phone.valid, phone.kind, phone.fictional) == (
        "+447911123456",
        True,
        "mobile",
        False,
    )


def test_fictional_city_range_is_flagged_but_valid() -> None:
    phone = normalise_phone("020 7946 0000")
    assert phone is not None
    assert (phone.valid, phone.fictional) == (True, True)


def test_a_foreign_number_keeps_its_country() -> None:
    phone = normalise_phone("+1 202 555 0123")
    assert phone is not None
    assert phone.e164 == "+12025550123"


@pytest.mark.parametrize("raw", ["garbage", "123", "999", "x" * 300, "call me", "1e10"])
def test_garbage_is_an_invalid_result_not_an_error(raw: str) -> None:
    phone = normalise_phone(raw)
    assert phone is not None
    assert phone.e164 is None
    assert not phone.valid
    assert phone.reason


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_nothing_recorded(raw: str | None) -> None:
    assert normalise_phone(raw) is None


@given(st.text())
def test_never_raises(raw: str) -> None:
    normalise_phone(raw)


uk_numbers = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["07700 900", "07911 ", "01865 ", "0113 496 ", "020 7946 "]),
    st.text(alphabet="0123456789", min_size=3, max_size=6),
)


@given(uk_numbers)
def test_canonical_form_is_a_fixed_point(raw: str) -> None:
    phone = normalise_phone(raw)
    assert phone is not None
    if phone.e164 is not None:
        again = normalise_phone(phone.e164)
        assert again is not None
        assert again.e164 == phone.e164
        assert again.valid == phone.valid


dialled = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["07", "01", "02", "03", "08", "09", "+1", "+33", "+353", "0044", "+44 1534"]),
    st.text(alphabet="0123456789", min_size=5, max_size=11),
)


@given(dialled)
def test_valid_agrees_with_libphonenumber(raw: str) -> None:
    # phones.py reads validity from number_type alone; it must agree with is_valid_number.
    phone = normalise_phone(raw)
    assert phone is not None
    try:
        parsed = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        assert not phone.valid
        return
    assert phone.valid == phonenumbers.is_valid_number(parsed)

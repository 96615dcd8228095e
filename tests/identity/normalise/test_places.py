import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.identity.normalise.places import (
    Postcode,
    is_pseudo_postcode,
    normalise_address,
    parse_postcode,
    place_key,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("OX4 1AB", "OX4 1AB"),
        ("ox41ab", "OX4 1AB"),
        (" o x 4  1 a b ", "OX4 1AB"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("EC1A1BB", "EC1A 1BB"),
        ("NE74LP", "NE7 4LP"),
        ("M1 1AE", "M1 1AE"),
        ("W1A 0AX", "W1A 0AX"),
        ("BF1 4AU", "BF1 4AU"),
        ("GIR0AA", "GIR 0AA"),
        ("OX4-1AB", "OX4 1AB"),
    ],
)
def test_parse_postcode_canonical_form(raw: str, canonical: str) -> None:
    postcode = parse_postcode(raw)
    assert postcode is not None
    assert postcode.canonical == canonical


@pytest.mark.parametrize(
    "raw",
    [None, "", "Z2 1OG", "ZZ99 3VZ", "QX4 1AB", "OX4 1CB", "OX4", "1AB", "OXFORD", "OX4 1AB 2"],
)
def test_parse_postcode_rejects_malformed(raw: str | None) -> None:
    assert parse_postcode(raw) is None


def test_postcode_parts() -> None:
    postcode = Postcode("SW1A 1AA", "SW1A", "1AA")
    assert (postcode.area, postcode.district, postcode.sector) == ("SW", "SW1A", "SW1A 1")
    postcode = Postcode("M1 1AE", "M1", "1AE")
    assert (postcode.area, postcode.district, postcode.sector) == ("M", "M1", "M1 1")


def test_pseudo_postcodes() -> None:
    assert is_pseudo_postcode("ZZ99 3VZ")
    assert is_pseudo_postcode("zz993cz")
    assert not is_pseudo_postcode("OX4 1AB")
    assert not is_pseudo_postcode(None)


postcodes = st.sampled_from(["OX4 1AB", "SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH"])


@given(postcodes, st.sampled_from(["", " ", "  "]), st.booleans())
def test_postcode_canonical_form_is_a_fixed_point(code: str, gap: str, lower: bool) -> None:
    outward, inward = code.split()
    written = f"{outward}{gap}{inward}"
    postcode = parse_postcode(written.lower() if lower else written)
    assert postcode is not None
    assert postcode.canonical == code
    assert parse_postcode(postcode.canonical) == postcode


def test_flat_numbering_written_three_ways() -> None:
    flat = normalise_address("Flat 3, 12 High St")
    slashed = normalise_address("3/12 High Street")
    lettered = normalise_address("12c High Street")
    assert flat is not None and slashed is not None and lettered is not None
    assert flat.key == slashed.key == "12 high street #3"
    assert lettered.key == "12 high street #c"
    assert flat.building_key == slashed.building_key == lettered.building_key == "12 high street"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("12 High St", "12 high street"),
        ("12 HIGH STREET", "12 high street"),
        ("12, High Street", "12 high street"),
        ("12 High St, Oxford, OX4 1AB", "12 high street"),
        ("12 St John's Rd", "12 saint johns road"),
        ("St Clements St", "saint clements street"),
        ("No. 7 Cowley Road", "7 cowley road"),
        ("12-14 Cowley Rd", "12-14 cowley road"),
        ("12 - 14 Cowley Rd", "12-14 cowley road"),
        ("3 / 12 High Street", "12 high street #3"),
        ("Flat A, 12 High St", "12 high street #a"),
        ("5 Park Ave", "5 park avenue"),
        ("5 Mill Ln", "5 mill lane"),
        ("5 Beech Gdns", "5 beech gardens"),
        ("5 Rose Cres.", "5 rose crescent"),
        ("5 Elm Tce", "5 elm terrace"),
        ("Apartment 4b, 9 Park Ave", "9 park avenue #4b"),
        ("9 Park Ave Flat 2", "9 park avenue #2"),
        ("Ground Floor Flat, 12 High St", "12 high street #ground floor"),
        ("Rose Cottage, High St, Oxford", "rose cottage high street"),
        ("Flat 3, Rose House, Mill Lane", "rose house mill lane #3"),
        ("Chemin de l'Église", "chemin de leglise"),
        ("Smith-Jones House, Long Lane", "smith jones house long lane"),
    ],
)
def test_address_keys(raw: str, key: str) -> None:
    address = normalise_address(raw)
    assert address is not None
    assert address.key == key


def test_address_keeps_its_postcode() -> None:
    address = normalise_address("12 High St, Oxford OX41AB")
    assert address is not None
    assert address.postcode == parse_postcode("OX4 1AB")
    assert address.key == "12 high street"


def test_address_parts() -> None:
    address = normalise_address("Flat 3, 12 High St, Oxford")
    assert address is not None
    assert (address.number, address.unit, address.street) == ("12", "3", "high street")


@pytest.mark.parametrize(
    "raw", [None, "", ",,,", "  ", "OX4 1AB", "No Fixed Abode", "NFA", "Unknown, OX4 1AB"]
)
def test_address_with_nothing_usable(raw: str | None) -> None:
    assert normalise_address(raw) is None


@given(st.text())
def test_address_normalisation_never_raises(raw: str) -> None:
    normalise_address(raw)


def test_place_key_from_address_and_postcode() -> None:
    assert place_key("Pizza Palace", "12 High St", "ox4 1ab") == "OX4 1AB|12 high street"


def test_place_key_takes_the_postcode_from_the_address() -> None:
    assert place_key(None, "12 High St, OX4 1AB", None) == "OX4 1AB|12 high street"


def test_place_key_falls_back_to_the_name() -> None:
    assert place_key("The Pizza Palace", None, "OX4 1AB") == "OX4 1AB|name:pizza palace"
    assert place_key("Pizza Palace!", None, None) == "name:pizza palace"


def test_place_key_ignores_no_fixed_abode() -> None:
    assert place_key("Unknown", "No fixed abode", None) is None


def test_place_key_postcode_alone_and_nothing() -> None:
    assert place_key(None, None, "OX4 1AB") == "OX4 1AB"
    assert place_key(None, None, None) is None
    assert place_key("", "", "") is None


def test_place_key_two_spellings_of_one_place_agree() -> None:
    assert place_key("Premier Inn", "12 High Street", "OX4 1AB") == place_key(
        "premier inn oxford", "12 high st.", "OX41AB"
    )

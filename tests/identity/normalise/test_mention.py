import dataclasses
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.identity.normalise.dates import DateOfBirth
from heron.identity.normalise.mention import MentionFeatures, normalise_mention

EVENT = date(2024, 5, 1)


def test_a_full_mention() -> None:
    features = normalise_mention(
        given_name="Jess",
        family_name="O'Neil-Smith",
        aliases=["Bluey", "BLUEY"],
        date_of_birth="2008-03",
        sex="F",
        address="Flat 3, 12 High St, Oxford",
        postcode="ox41ab",
        phone="07700 900123",
        identifiers={"nhs_number": "943 476 5919", "upn": "B801200005001", "local_id": 12345},
        occurred_at=EVENT,
    )
    assert features.given_name == "jess"
    assert features.given_name_primary == "jessica"
    assert "jessica" in features.given_name_variants
    assert features.family_name == "oneil smith"
    assert features.family_name_parts == ("oneilsmith", "oneil", "smith")
    assert features.name_key_unordered == "jess oneil smith"
    assert features.given_name_phonetic is not None
    assert features.family_name_phonetic is not None
    assert features.aliases == ("bluey",)
    assert features.sex == "F"
    assert features.dob == DateOfBirth(2008, 3)
    assert (features.birth_earliest, features.birth_latest) == (date(2008, 3, 1), date(2008, 3, 31))
    assert (features.birth_year_min, features.birth_year_max) == (2008, 2008)
    assert features.is_child_hint is True
    assert (features.postcode, features.postcode_sector, features.postcode_district) == (
        "OX4 1AB",
        "OX4 1",
        "OX4",
    )
    assert features.address_key == "12 high street #3"
    assert features.address_building_key == "12 high street"
    assert (features.phone_e164, features.phone_valid) == ("+447700900123", False)
    assert (features.nhs_number, features.nhs_number_raw) == ("9434765919", "943 476 5919")
    assert (features.upn, features.upn_raw) == ("B801200005001", "B801200005001")
    assert features.other_ids == (("local_id", "12345"),)


def test_an_empty_mention() -> None:
    features = normalise_mention()
    assert features.given_name is None
    assert features.given_name_variants == frozenset()
    assert features.family_name_parts == ()
    assert features.is_child_hint is None
    assert features.birth_year_min is None
    assert features.phone_valid is False
    assert features.other_ids == ()


def test_invalid_identifiers_are_kept_raw_but_not_trusted() -> None:
    features = normalise_mention(identifiers={"nhs_number": "1234567890", "upn": "A801200005001"})
    assert (features.nhs_number, features.nhs_number_raw) == (None, "1234567890")
    assert (features.upn, features.upn_raw) == (None, "A801200005001")


def test_an_age_gives_a_birth_range_and_a_child_hint() -> None:
    features = normalise_mention(age=15, occurred_at=datetime(2024, 5, 1, 22, 30))
    assert (features.birth_earliest, features.birth_latest) == (date(2008, 5, 2), date(2009, 5, 1))
    assert features.is_child_hint is True


def test_an_adult() -> None:
    assert normalise_mention(date_of_birth="1990-01-01", occurred_at=EVENT).is_child_hint is False


def test_the_postcode_can_come_from_the_address() -> None:
    features = normalise_mention(address="12 High St, Oxford OX4 1AB")
    assert features.postcode == "OX4 1AB"


def test_a_pseudo_postcode_is_no_place() -> None:
    features = normalise_mention(postcode="ZZ99 3VZ", address="No fixed abode")
    assert features.postcode is None


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("F", "F"), ("m", "M"), ("Female", "F"), ("boy", "M"), ("X", "X"), ("U", None), ("?", None)],
)
def test_sex(raw: str, sex: str | None) -> None:
    assert normalise_mention(sex=raw).sex == sex


def test_features_are_frozen() -> None:
    features = normalise_mention(given_name="Jess")
    with pytest.raises(dataclasses.FrozenInstanceError):
        features.given_name = "x"  # type: ignore[misc]


def test_features_are_hashable() -> None:
    assert isinstance(hash(normalise_mention(given_name="Jess", aliases=["Mo"])), int)


def test_swapped_names_share_the_unordered_key() -> None:
    a = normalise_mention(given_name="Jess", family_name="Smith")
    b = normalise_mention(given_name="SMITH", family_name="jess")
    assert a.name_key_unordered == b.name_key_unordered


text = st.one_of(st.none(), st.text(max_size=40))


@given(
    given_name=text,
    family_name=text,
    aliases=st.one_of(st.none(), st.lists(st.text(max_size=10), max_size=3)),
    date_of_birth=text,
    age=st.one_of(st.none(), st.integers(-5, 200)),
    sex=text,
    address=text,
    postcode=text,
    phone=text,
    identifiers=st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(["nhs_number", "upn", "pnc_id", "local_id"]),
            st.one_of(st.text(max_size=15), st.integers()),
        ),
    ),
    occurred_at=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1))),
)
def test_never_raises_on_bad_values(
    given_name: str | None,
    family_name: str | None,
    aliases: list[str] | None,
    date_of_birth: str | None,
    age: int | None,
    sex: str | None,
    address: str | None,
    postcode: str | None,
    phone: str | None,
    identifiers: dict[str, str | int] | None,
    occurred_at: date | None,
) -> None:
    features = normalise_mention(
        given_name=given_name,
        family_name=family_name,
        aliases=aliases,
        date_of_birth=date_of_birth,
        age=age,
        sex=sex,
        address=address,
        postcode=postcode,
        phone=phone,
        identifiers=identifiers,
        occurred_at=occurred_at,
    )
    assert isinstance(features, MentionFeatures)

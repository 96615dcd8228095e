import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from heron.identity.normalise.names import normalise_name
from heron.identity.normalise.variants import (
    given_name_closeness,
    given_name_forms,
    given_name_variants,
    names_may_be_same,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jess", "Jessica"),
        ("Mo", "Mohammed"),
        ("Mo", "Muhammad"),
        ("Mohammad", "Mohammed"),
        ("Katie", "Kate"),
        ("Katie", "Katherine"),
        ("Katie", "Catherine"),
        ("Kayleigh", "Kayley"),
        ("Kay", "Kayleigh"),
        ("Tash", "Natasha"),
        ("Bex", "Rebecca"),
        ("Becky", "Rebekah"),
        ("Shaz", "Sharon"),
        ("Saj", "Sajid"),
        ("Kaz", "Karen"),
        ("Ash", "Ashleigh"),
        ("Bill", "William"),
        ("Charlie", "Charlotte"),
        ("Charlie", "Charles"),
        ("Alfie", "Alfred"),
        ("Liv", "Olivia"),
        ("Zoë", "ZOE"),
        ("Sean", "Shaun"),
        ("Jamie", "James"),
        ("Jack", "John"),
        ("Pete", "Peter"),
    ],
)
def test_names_that_may_be_the_same_person(a: str, b: str) -> None:
    assert names_may_be_same(a, b)
    assert names_may_be_same(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("William", "Robert"),
        ("Jessica", "Natasha"),
        ("Mohammed", "Maurice"),
        ("Leah", "Ashley"),
        ("Tony", "Clifton"),
        ("Charles", "Charlotte"),
        ("Jess", None),
    ],
)
def test_names_that_are_not_variants(a: str, b: str | None) -> None:
    assert not names_may_be_same(a, b)


@pytest.mark.parametrize(
    ("name", "primary"),
    [
        ("Jess", "jessica"),
        ("Mo", "muhammad"),
        ("Mohammed", "muhammad"),
        ("mohd", "muhammad"),
        ("Katie", "catherine"),
        ("Katherine", "catherine"),
        ("Tash", "natasha"),
        ("Bill", "william"),
        ("Kayleigh", "kayleigh"),
        ("Jessica", "jessica"),
        ("Xanthe", "xanthe"),
        # Formal names the package also lists as nicknames of odd longer names stay put.
        ("George", "george"),
        ("Amy", "amy"),
        ("John", "john"),
        ("Jack", "jack"),
        ("Chris", "christopher"),
    ],
)
def test_primary_canonical_form(name: str, primary: str) -> None:
    forms = given_name_forms(name)
    assert forms is not None
    assert forms.primary == primary


def test_uses_the_first_word_of_a_given_name() -> None:
    assert given_name_variants("Mary Jane") == given_name_variants("Mary")


def test_formal_names_do_not_spread_to_other_formal_names() -> None:
    assert given_name_variants("William") == frozenset({"william"})


def test_no_name_no_forms() -> None:
    assert given_name_forms(None) is None
    assert given_name_forms("unknown") is None
    assert given_name_variants("") == frozenset()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_a_name_is_among_its_own_variants(name: str) -> None:
    assume(normalise_name(name) is not None)  # "na", "tbc"… are placeholders, not names
    assert name in given_name_variants(name)


@given(st.sampled_from(["jess", "mo", "kate", "bill", "tash", "sam", "alex", "ellie", "zoe"]))
def test_primary_is_among_the_variants(name: str) -> None:
    forms = given_name_forms(name)
    assert forms is not None
    assert forms.primary in forms.variants


@pytest.mark.parametrize(
    ("a", "b", "closeness"),
    [
        ("Jill", "JILL", 0),  # written the same
        ("Becca", "Rebecca", 1),  # a nickname of it
        ("Jill", "Julia", 1),
        ("Julie", "Julia", 1),  # a spelling of it
        ("Jill", "Julie", 2),  # only both short for Julia
        ("Katie", "Kate", 2),
        ("Jill", "Amber", None),
        ("Jill", None, None),
    ],
)
def test_how_near_two_given_names_are(a: str, b: str | None, closeness: int | None) -> None:
    assert given_name_closeness(a, b) == closeness
    assert given_name_closeness(b, a) == closeness
    assert (closeness is not None) == names_may_be_same(a, b)

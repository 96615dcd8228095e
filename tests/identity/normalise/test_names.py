import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JESSICA", "jessica"),
        ("  jessica  ", "jessica"),
        ("Zoë", "zoe"),
        ("O'Neil", "oneil"),
        ("O’Neil", "oneil"),
        ("ONeil", "oneil"),
        ("Smith-Jones", "smith jones"),
        ("Smith  -  Jones", "smith jones"),
        ("Mary-Jane", "mary jane"),
        ("D'Souza", "dsouza"),
        ("Miss Kayleigh", "kayleigh"),
        ("Mr. Mohammed Khan", "mohammed khan"),
        ("Mr", "mr"),
        ("J.", "j"),
        ("Smith2", "smith"),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "UNKNOWN", "n/k", "N.K.", "U/K", "not known", "TBC", "Baby", "xxx", "?"],
)
def test_normalise_name_gives_none_for_no_name(raw: str | None) -> None:
    assert normalise_name(raw) is None


@given(st.text())
def test_normalise_name_is_idempotent(raw: str) -> None:
    once = normalise_name(raw)
    assert normalise_name(once) == once


@given(st.text())
def test_normalised_names_are_lower_case_words(raw: str) -> None:
    name = normalise_name(raw)
    if name is not None:
        assert name == name.casefold().strip()
        assert "  " not in name
        assert all(ch.isalpha() or ch == " " for ch in name)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("smith", ("smith",)),
        ("smith jones", ("smithjones", "smith", "jones")),
        ("van der berg", ("vanderberg", "berg")),
        ("mc donald", ("mcdonald",)),
        ("o neil", ("oneil",)),
        ("al hassan", ("alhassan", "hassan")),
        ("smith smith", ("smithsmith", "smith")),
    ],
)
def test_family_name_parts_keep_the_whole_and_the_parts(name: str, parts: tuple[str, ...]) -> None:
    assert family_name_parts(name) == parts


def test_double_barrelled_written_three_ways_share_the_whole() -> None:
    ways = ["Smith-Jones", "Smith Jones", "SmithJones"]
    wholes = {family_name_parts(normalise_name(w) or "")[0] for w in ways}
    assert wholes == {"smithjones"}


def test_name_orderings_offer_the_swap() -> None:
    assert name_orderings("jess", "smith") == (("jess", "smith"), ("smith", "jess"))


def test_name_orderings_with_one_name_the_same_both_ways() -> None:
    assert name_orderings("lee", "lee") == (("lee", "lee"),)


def test_name_orderings_split_a_full_name_typed_in_one_field() -> None:
    assert name_orderings("mary jane smith", None) == (
        ("mary", "jane smith"),
        ("smith", "mary jane"),
    )


def test_name_orderings_single_word() -> None:
    assert name_orderings(None, "smith") == (("", "smith"),)
    assert name_orderings(None, None) == ()


def test_unordered_key_ignores_which_field_holds_which_name() -> None:
    assert unordered_name_key("jess", "smith") == unordered_name_key("smith", "jess")
    assert unordered_name_key("jess", "smith") == "jess smith"


def test_unordered_key_joins_prefixes() -> None:
    assert unordered_name_key("sean", "mc donald") == unordered_name_key("mcdonald", "sean")


def test_unordered_key_empty() -> None:
    assert unordered_name_key(None, None) is None


def test_aliases_are_normalised_and_deduplicated() -> None:
    assert normalise_aliases(["Bluey", "BLUEY", "Mo", "unknown", ""]) == ("bluey", "mo")
    assert normalise_aliases(None) == ()


def test_phonetic_keys_agree_on_sound_alike_spellings() -> None:
    a, b = phonetic_keys("mohammed"), phonetic_keys("muhammad")
    assert a is not None and b is not None
    assert a.metaphone == b.metaphone
    assert a.soundex == b.soundex


def test_phonetic_keys_ignore_spaces() -> None:
    assert phonetic_keys("smith jones") == phonetic_keys("smithjones")


def test_phonetic_keys_shape() -> None:
    assert phonetic_keys("smith") == PhoneticKeys("SM0", "SNAT", "S530")


def test_phonetic_keys_none_for_empty_or_other_scripts() -> None:
    assert phonetic_keys(None) is None
    assert phonetic_keys("") is None
    assert phonetic_keys("محمد") is None


def test_similarity_helpers() -> None:
    assert jaro_winkler("kayleigh", "kayleigh") == 1.0
    assert jaro_winkler("kayleigh", "kaleigh") > 0.9
    assert jaro_winkler("kayleigh", "smith") < 0.6
    assert damerau_levenshtein("jessica", "jesscia") == 1
    assert damerau_levenshtein("smith", "smyth") == 1

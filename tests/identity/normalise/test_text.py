from hypothesis import given
from hypothesis import strategies as st

from heron.identity.normalise._text import fold


def test_fold_lowercases_ascii() -> None:
    assert fold("ZOE") == "zoe"


def test_fold_strips_accents() -> None:
    assert fold("Zoë Ó Súilleabháin") == "zoe o suilleabhain"


def test_fold_maps_letters_nfkd_leaves_alone() -> None:
    assert fold("Søren Łukasz Æsa Œdipus") == "soren lukasz aesa oedipus"


def test_fold_casefolds_sharp_s() -> None:
    assert fold("Weiß") == "weiss"


def test_fold_maps_letters_left_after_removing_accents() -> None:
    assert fold("Ǽ") == "ae"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)

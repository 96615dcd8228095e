import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.identity.normalise.vehicles import (
    CONFUSABLE_PAIRS,
    PlateFormat,
    PlateMatchKind,
    canonical_plate,
    is_partial,
    plate_format,
    plate_key,
    plate_match,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("AB12 CDE", "AB12CDE"),
        (" ab12cde ", "AB12CDE"),
        ("AB-12-CDE", "AB12CDE"),
        ("AB12 C?E", "AB12C?E"),
        ("AB12 C_E", "AB12C?E"),
        ("AB1**", "AB1*"),
    ],
)
def test_canonical_plate(raw: str, canonical: str) -> None:
    assert canonical_plate(raw) == canonical


@pytest.mark.parametrize("raw", [None, "", "  ", "???", "*", "--"])
def test_canonical_plate_none_when_nothing_known(raw: str | None) -> None:
    assert canonical_plate(raw) is None


def test_plate_key_folds_confusable_characters() -> None:
    assert plate_key("AB12 CDE") == plate_key("A812 CDE") == plate_key("ABI2 CDE")
    assert plate_key("OO51 SBZ") == plate_key("0051 58Z")
    assert plate_key("AB12 CDE") != plate_key("AB12 CDF")


plates = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ?*", min_size=1, max_size=10)


@given(plates)
def test_plate_key_is_idempotent(raw: str) -> None:
    key = plate_key(raw)
    assert plate_key(key) == key


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("AB12 CDE", PlateFormat.CURRENT),
        ("ab12cde", PlateFormat.CURRENT),
        ("AB51 CDE", PlateFormat.CURRENT),
        ("AB00 CDE", PlateFormat.UNKNOWN),
        ("AB50 CDE", PlateFormat.UNKNOWN),
        ("IB12 CDE", PlateFormat.UNKNOWN),
        ("A123 BCD", PlateFormat.PREFIX),
        ("ABC 123D", PlateFormat.SUFFIX),
        ("ABZ 1234", PlateFormat.NORTHERN_IRELAND),
        ("1 ABC", PlateFormat.DATELESS),
        ("CAT 1", PlateFormat.DATELESS),
        ("AB12 C?E", PlateFormat.PARTIAL),
        ("TRUMP", PlateFormat.UNKNOWN),
        (None, PlateFormat.UNKNOWN),
    ],
)
def test_plate_format(raw: str | None, kind: PlateFormat) -> None:
    assert plate_format(raw) is kind


def test_is_partial() -> None:
    assert is_partial("AB12C?E")
    assert is_partial("AB*")
    assert not is_partial("AB12CDE")


def test_exact_match() -> None:
    match = plate_match("AB12 CDE", "ab12cde")
    assert (match.kind, match.confidence, match.substitutions) == (PlateMatchKind.EXACT, 1.0, 0)


def test_confusable_match() -> None:
    one = plate_match("AB12 CDE", "A812 CDE")
    two = plate_match("OB12 CDE", "0812 CDE")
    assert (one.kind, one.substitutions) == (PlateMatchKind.CONFUSABLE, 1)
    assert (two.kind, two.substitutions) == (PlateMatchKind.CONFUSABLE, 2)
    assert 0 < two.confidence < one.confidence < 1


def test_partial_match_weighs_what_is_known() -> None:
    most = plate_match("AB12 CDE", "AB12 C?E")
    some = plate_match("AB12 CDE", "AB1*")
    assert most.kind is some.kind is PlateMatchKind.PARTIAL
    assert 0 < some.confidence < most.confidence <= 0.8


def test_partial_match_with_a_confusion() -> None:
    match = plate_match("AB12 CDE", "A8?2 CDE")
    assert (match.kind, match.substitutions) == (PlateMatchKind.PARTIAL, 1)


def test_two_partial_plates_can_match() -> None:
    assert plate_match("AB12*", "*12CD?").kind is PlateMatchKind.PARTIAL
    assert plate_match("AB1? ???", "*CDE").kind is PlateMatchKind.PARTIAL
    assert plate_match("AB*", "*XY").kind is PlateMatchKind.PARTIAL
    assert plate_match("AB?", "XY*").kind is PlateMatchKind.NONE


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("AB12 CDE", "AB12 CDF"),
        ("AB12CDE", "AB12CDEX"),
        ("AB12 C?E", "AB12 CDF"),
        ("AB12 CDE", None),
        ("*", "AB12 CDE"),
    ],
)
def test_no_match(a: str | None, b: str | None) -> None:
    match = plate_match(a, b)
    assert (match.kind, match.confidence) == (PlateMatchKind.NONE, 0.0)


@given(plates, plates)
def test_plate_match_is_symmetric(a: str, b: str) -> None:
    assert plate_match(a, b) == plate_match(b, a)


complete_plates = st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=2, max_size=7)


@given(complete_plates, st.data())
def test_confusing_characters_still_matches(plate: str, data: st.DataObject) -> None:
    swap = dict(CONFUSABLE_PAIRS) | {digit: letter for letter, digit in CONFUSABLE_PAIRS}
    positions = data.draw(st.sets(st.integers(0, len(plate) - 1)))
    confused = "".join(swap.get(ch, ch) if i in positions else ch for i, ch in enumerate(plate))
    match = plate_match(plate, confused)
    changed = sum(a != b for a, b in zip(plate, confused, strict=True))
    assert match.substitutions == changed
    assert match.kind is (PlateMatchKind.EXACT if changed == 0 else PlateMatchKind.CONFUSABLE)


@given(complete_plates, st.data())
def test_hiding_characters_gives_a_partial_match(plate: str, data: st.DataObject) -> None:
    hidden = data.draw(st.sets(st.integers(0, len(plate) - 1), min_size=1))
    if len(hidden) == len(plate):
        return
    partial = "".join("?" if i in hidden else ch for i, ch in enumerate(plate))
    assert plate_match(plate, partial).kind is PlateMatchKind.PARTIAL

"""Identity noise: names, dates of birth, identifiers, plates and phones as agencies write them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from heron.synth.identifiers import LANDLINE_DRAMA, MOBILE_DRAMA, nhs_is_valid, upn_is_valid

from .conftest import County, make_county


def _mentions(c: County) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    truth = {t["key"]: t["truth"] for t in c.truth("mentions.jsonl.gz")}
    persons = {p["id"]: p for p in c.truth("persons.jsonl.gz")}
    out = []
    for rec in c.first_issues():
        for i, m in enumerate(rec["persons"]):
            pid = truth[f"{rec['agency']}:{rec['id']}#{m.get('ref', i)}"]
            out.append((m, persons[pid]))
    return out


def test_names_as_recorded_differ_from_true_names(town: County) -> None:
    pairs = _mentions(town)
    given = [(m, p) for m, p in pairs if "given_name" in m]
    wrong = [m for m, p in given if m["given_name"] != p["given_name"]]
    assert 0.01 < len(wrong) / len(given) < 0.25
    nicknames = {
        ("Jess", "Jessica"),
        ("Katie", "Katherine"),
        ("Kate", "Katherine"),
        ("Mo", "Mohammed"),
        ("Becky", "Rebecca"),
        ("Sam", "Samantha"),
        ("Chris", "Christopher"),
        ("Tom", "Thomas"),
        ("Dave", "David"),
    }
    assert any((m["given_name"], p["given_name"]) in nicknames for m, p in given)
    assert any("family_name" not in m for m, _ in pairs)
    assert any(m.get("aliases") for m, p in pairs if p["role"] == "offender")


def test_dates_of_birth_swapped_missing_partial_or_replaced_by_age(town: County) -> None:
    pairs = _mentions(town)
    swapped = partial = 0
    for m, p in pairs:
        dob = m.get("date_of_birth")
        if dob is None:
            continue
        y, mo, d = p["date_of_birth"].split("-")
        if dob == f"{y}-{d}-{mo}" and d != mo:
            swapped += 1
        if len(dob) < 10:
            partial += 1
    assert swapped and partial
    assert any("age" in m and "date_of_birth" not in m for m, _ in pairs)
    assert any("age" not in m and "date_of_birth" not in m for m, _ in pairs)


def test_identifiers_valid_with_occasional_errors(town: County) -> None:
    nhs: Counter[bool] = Counter()
    upn: Counter[bool] = Counter()
    local_ids: dict[str, set[str]] = {}
    for rec in town.first_issues():
        for m in rec["persons"]:
            ids = m.get("identifiers", {})
            if "nhs_number" in ids:
                nhs[nhs_is_valid(ids["nhs_number"])] += 1
                assert rec["sector"] in {"health", "social_care"}
            if "upn" in ids:
                upn[upn_is_valid(ids["upn"])] += 1
                assert rec["sector"] in {"education", "social_care"}
            if "local_id" in ids:
                local_ids.setdefault(rec["agency"], set()).add(ids["local_id"])
    assert nhs[True] > 20 * nhs[False] and nhs[False] >= 1
    assert upn[True] > 20 * upn[False] and upn[False] >= 1
    assert len(local_ids) >= 4
    all_ids = [i for ids in local_ids.values() for i in ids]
    assert len(all_ids) == len(set(all_ids))  # each agency numbers its own people


def test_plates_partial_spaced_and_confused(town: County) -> None:
    truth = {t["key"]: t["truth"] for t in town.truth("mentions.jsonl.gz")}
    plates = {
        o["id"]: o["registration"] for o in town.truth("objects.jsonl.gz") if o["kind"] == "vehicle"
    }
    seen: Counter[str] = Counter()
    for rec in town.first_issues():
        for i, v in enumerate(rec.get("vehicles", [])):
            true = plates[truth[f"{rec['agency']}:{rec['id']}#vehicle{i}"]].replace(" ", "")
            reg = v["registration"]
            seen["partial"] += "?" in reg
            seen["spaced"] += " " in reg
            seen["unspaced"] += " " not in reg
            flat = reg.replace(" ", "").upper()
            if "?" not in flat and flat != true:
                seen["confused"] += 1
    assert seen["partial"] and seen["spaced"] and seen["unspaced"] and seen["confused"]


def test_phones_fictional_and_in_many_formats(town: County) -> None:
    fictional = set(MOBILE_DRAMA) | set(LANDLINE_DRAMA)
    shapes = set()
    for rec in town.first_issues():
        numbers = [p["number"] for p in rec.get("phones", [])]
        numbers += [m["phone"] for m in rec["persons"] if "phone" in m]
        for number in numbers:
            digits = re.sub(r"\D", "", number)
            national = "0" + digits[2:] if digits.startswith("44") else digits
            assert national in fictional, number
            shapes.add(re.sub(r"\d", "9", number))
    assert {"99999 999999", "+99 9999 999999", "999999999999", "99999-999-999"} <= shapes


def test_victim_blaming_and_neutral_notes(town: County) -> None:
    notes = [r["text"] for r in town.first_issues() if r["type"] == "case_note" and "text" in r]
    blaming = ("streetwise", "prostituting herself", "at risk", "boyfriend", "lifestyle choice")
    assert any(any(b in n for b in blaming) for n in notes)
    assert sum(not any(b in n for b in blaming) for n in notes) > len(notes) / 2


def test_cse_codes_on_assessments(town: County) -> None:
    codes = Counter(c for r in town.first_issues() if r["type"] == "assessment" for c in r["codes"])
    assert codes["11A"] and codes["10A"]
    assert all(r["type"] == "assessment" for r in town.first_issues() if "codes" in r)


def test_identity_changes_over_time_and_keying_slips(town: County) -> None:
    """A new phone number, a new family name, sex mis-keyed, names swapped: the same true
    person recorded differently, which the linkage model must learn to allow for."""
    truth = {t["key"]: t["truth"] for t in town.truth("mentions.jsonl.gz")}
    numbers: dict[str, set[str]] = {}
    renamed: set[str] = set()
    seen: Counter[str] = Counter()
    for m, p in _mentions(town):
        seen["mentions"] += 1
        if m.get("sex") in ("F", "M") and m["sex"] != p["sex"]:
            seen["sex"] += 1
        if (m.get("given_name"), m.get("family_name")) == (p["family_name"], p["given_name"]):
            seen["swapped"] += 1
        family = m.get("family_name")
        if (
            p["is_child"]
            and family
            and family != p["family_name"]
            and len(family) > 3
            and (family.startswith(p["family_name"] + "-") or family[0] != p["family_name"][0])
        ):
            renamed.add(p["id"])
    for rec in town.first_issues():
        for i, m in enumerate(rec["persons"]):
            key = f"{rec['agency']}:{rec['id']}#{m.get('ref', i)}"
            if "phone" in m:
                numbers.setdefault(truth[key], set()).add(truth[f"{key}.phone"])
    assert 0 < seen["sex"] < 0.01 * seen["mentions"]
    assert 0 < seen["swapped"] < 0.01 * seen["mentions"]
    assert sum(1 for phones in numbers.values() if len(phones) > 1) >= 5
    assert len(renamed) >= 3


def test_identity_changes_leave_the_rest_of_the_county_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn from streams of their own: without them, every record is the same."""
    from heron.synth import changes, noise

    first = make_county(tmp_path / "a", seed=5, children=60)
    for module, name in ((changes, "LANDLINE_CHANGE"), (changes, "MOBILE_CHANGE"),
                         (changes, "SURNAME_CHANGE"), (noise, "SEX_MISKEYED"),
                         (noise, "NAMES_SWAPPED")):  # fmt: skip
        monkeypatch.setattr(module, name, 0.0)
    plain = make_county(tmp_path / "b", seed=5, children=60)
    ignored = {"given_name", "family_name", "sex", "phone"}
    a, b = first.first_issues(), plain.first_issues()
    assert len(a) == len(b)
    for one, other in zip(a, b, strict=True):
        strip = [{k: v for k, v in m.items() if k not in ignored} for m in one["persons"]]
        assert strip == [{k: v for k, v in m.items() if k not in ignored} for m in other["persons"]]
        assert (one["id"], one["recorded_at"]) == (other["id"], other["recorded_at"])

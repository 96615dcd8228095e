"""A small hand-made set of records with the hard cases: a mother and daughter of one name,
twins at one address, nicknames and a misspelling, across police, health and school."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.factories import record, write_jsonl

HOME = {"address": "12 High Street, Oxford", "postcode": "OX4 1AB"}

JESS = {"given_name": "Jessica", "family_name": "Smith", "date_of_birth": "1993-05-02", "sex": "F"}
MUM = {"given_name": "Jessica", "family_name": "Smith", "date_of_birth": "1968-11-20", "sex": "F"}
AMY = {"given_name": "Amy", "family_name": "Brown", "date_of_birth": "2000-03-03", "sex": "F"}
ELLA = {"given_name": "Ella", "family_name": "Brown", "date_of_birth": "2000-03-03", "sex": "F"}
TWINS_HOME = {"address": "4 Mill Lane, Oxford", "postcode": "OX4 2CD"}


def _rec(
    rid: str, agency: str, sector: str, rtype: str, day: str, persons: list[dict[str, Any]]
) -> dict[str, Any]:
    return record(
        rid, agency, sector=sector, type=rtype, occurred_at=f"{day}T10:00",
        recorded_at=f"{day}T12:00", persons=persons, vehicles=[], phones=[], online=[],
        attributes={}, text="",
    )  # fmt: skip


def first_batch() -> list[dict[str, Any]]:
    """Records up to 2007: the Smiths, the Brown twins, and a stranger."""
    p = "subject"
    return [
        _rec("ED-1", "ouh", "health", "health_attendance", "2006-03-01", [
            {**JESS, **HOME, "role": p, "identifiers": {"nhs_number": "9434765919"}}]),
        _rec("ED-2", "ouh", "health", "health_attendance", "2006-09-01", [
            {**JESS, "given_name": "Jess", **HOME, "role": p,
             "identifiers": {"nhs_number": "9434765919"}}]),
        _rec("INC-1", "tvp", "police", "missing_episode", "2006-10-01", [
            {**JESS, "given_name": "Jess", "role": "missing_person", **HOME},
            {**MUM, "role": "reporter", **HOME}]),
        _rec("INC-2", "tvp", "police", "police_incident", "2007-01-05", [
            {**MUM, **HOME, "role": "witness"}]),
        _rec("ATT-1", "school", "education", "school_attendance", "2007-02-01", [
            {**AMY, **TWINS_HOME, "role": p, "identifiers": {"upn": "A123456789012"}}]),
        _rec("ATT-2", "school", "education", "school_attendance", "2007-02-01", [
            {**ELLA, **TWINS_HOME, "role": p}]),
        _rec("CN-1", "occ", "social_care", "case_note", "2007-03-01", [
            {**AMY, **TWINS_HOME, "role": p}, {**ELLA, **TWINS_HOME, "role": "other"}]),
        _rec("CN-2", "occ", "social_care", "case_note", "2007-04-01", [
            {**ELLA, "given_name": "Ela", **TWINS_HOME, "role": p}]),
        _rec("INC-3", "tvp", "police", "police_incident", "2007-05-01", [
            {"given_name": "Dean", "family_name": "Walsh", "age": 35, "sex": "M",
             "role": "suspect"}]),
    ]  # fmt: skip


def second_batch() -> list[dict[str, Any]]:
    """Later records: more of Jess (so her id must hold) and one new person."""
    return [
        _rec("ED-3", "ouh", "health", "health_attendance", "2008-06-01", [
            {**JESS, "family_name": "Smyth", **HOME, "role": "subject",
             "identifiers": {"nhs_number": "9434765919"}}]),
        _rec("INC-4", "tvp", "police", "police_incident", "2008-07-01", [
            {"given_name": "Connor", "family_name": "Hale", "date_of_birth": "1994-08-08",
             "sex": "M", "role": "suspect"}]),
    ]  # fmt: skip


def write(folder: Path, records: list[dict[str, Any]], name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_jsonl(folder / name, records)

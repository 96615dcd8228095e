"""Ground truth: every mention covered, every group well formed and discoverable."""

from __future__ import annotations

import gzip
from collections import defaultdict

from heron.synth import names

from .conftest import County
from .records_v1 import mention_keys

DECOY_KINDS = {"decoy_taxi", "decoy_youth_worker", "decoy_friends", "decoy_hotspot"}


def _truth_by_key(c: County) -> dict[str, dict[str, str]]:
    return {t["key"]: t for t in c.truth("mentions.jsonl.gz")}


def test_truth_covers_every_mention_exactly(town: County) -> None:
    truth = _truth_by_key(town)
    expected: set[str] = set()
    for rec in town.first_issues():
        expected |= mention_keys(rec)
    assert expected == set(truth)
    assert len(truth) == town.summary.mentions


def test_reissues_keep_their_mentions(town: County) -> None:
    truth = _truth_by_key(town)
    for rec in town.reissues():
        assert mention_keys(rec) <= set(truth)


def test_truth_ids_exist(town: County) -> None:
    persons = {p["id"] for p in town.truth("persons.jsonl.gz")}
    objects = {o["id"]: o["kind"] for o in town.truth("objects.jsonl.gz")}
    for t in town.truth("mentions.jsonl.gz"):
        if t["kind"] == "person":
            assert t["truth"] in persons
        elif t["kind"] == "address":
            assert objects[t["truth"]] == "location"
        else:
            assert objects[t["truth"]] == t["kind"], t


def test_everyone_named_from_one_shared_distribution(town: County) -> None:
    given = set(names.FEMALE.names) | set(names.MALE.names)
    family = set(names.SURNAMES.names)
    roles: dict[str, int] = defaultdict(int)
    for p in town.truth("persons.jsonl.gz"):
        assert p["given_name"] in given and p["family_name"] in family
        roles[p["role"]] += 1
    assert roles["offender"] and roles["victim_core"] and roles["background"]


def test_no_ethnicity_religion_or_nationality(town: County) -> None:
    banned = ("ethnic", "religio", "nationality", "faith")
    for path in town.record_files():
        text = gzip.decompress(path.read_bytes()).decode().lower()
        for word in banned:
            assert f'"{word}' not in text


def test_exploitation_networks(county: County, town: County) -> None:
    for c in (county, town):
        networks = [g for g in c.groups() if g["kind"] == "exploitation"]
        assert networks
        for g in networks:
            assert g["adults"] and len(g["core_children"]) >= 2
            assert g["phones"] and g["places"]
            assert g["discoverable_at"] is not None, g["id"]
            assert g["active_from"] <= g["discoverable_at"][:10] <= "2011-12-31"
            assert len(g["evidence"]["children"]) == 2


def test_network_traces_span_four_sectors(county: County, town: County) -> None:
    for c in (county, town):
        truth = c.truth("mentions.jsonl.gz")
        for g in (g for g in c.groups() if g["kind"] == "exploitation"):
            anchors = set(g["adults"] + g["vehicles"] + g["phones"] + g["handles"] + g["places"])
            records = {t["key"].split("#")[0] for t in truth if t["truth"] in anchors}
            sectors = {
                r["sector"] for r in c.first_issues() if f"{r['agency']}:{r['id']}" in records
            }
            assert len(sectors) >= 4, (g["id"], sectors)


def test_network_children_found_with_its_adults(town: County) -> None:
    truth = _truth_by_key(town)
    adults = {a for g in town.groups() if g["kind"] == "exploitation" for a in g["adults"]}
    found_with_adult = 0
    for rec in town.first_issues():
        if rec["type"] != "missing_episode":
            continue
        base = f"{rec['agency']}:{rec['id']}"
        for ref in rec.get("attributes", {}).get("found_with", []):
            if truth[f"{base}#{ref}"]["truth"] in adults:
                found_with_adult += 1
    assert found_with_adult >= 3


def test_simultaneous_missing_from_different_homes(town: County) -> None:
    truth = _truth_by_key(town)
    core = {k for g in town.groups() if g["kind"] == "exploitation" for k in g["core_children"]}
    nights: dict[str, set[str]] = defaultdict(set)
    for rec in town.first_issues():
        if rec["type"] == "missing_episode" and rec["agency"] == "wsp":
            base = f"{rec['agency']}:{rec['id']}"
            who = truth[f"{base}#{rec['persons'][0]['ref']}"]["truth"]
            if who in core:
                nights[rec["occurred_at"][:10]].add(who)
    assert any(len(kids) >= 2 for kids in nights.values())


def test_decoys_present(county: County, town: County) -> None:
    for c in (county, town):
        kinds = {g["kind"] for g in c.groups()}
        assert kinds >= DECOY_KINDS
        assert kinds & {"decoy_siblings", "decoy_twins"}
    kinds = {g["kind"] for g in town.groups()}
    assert {"decoy_twins", "decoy_siblings", "decoy_carer"} <= kinds
    for g in town.groups():
        if g["kind"] != "exploitation":
            assert "discoverable_at" not in g and "naive_trigger_at" in g


def test_children_tied_by_naming_records_are_a_subset_tied_no_earlier(
    county: County, town: County
) -> None:
    for c in (county, town):
        for g in (g for g in c.groups() if g["kind"] == "exploitation"):
            tied, named = g["children_discoverable_at"], g["children_named_discoverable_at"]
            assert named, g["id"]  # most ties name the child in full
            assert set(named) <= set(tied)
            assert all(named[kid] >= tied[kid] for kid in named)


def test_networks_discoverable_by_naming_records_no_earlier(county: County, town: County) -> None:
    for c in (county, town):
        for g in (g for g in c.groups() if g["kind"] == "exploitation"):
            named = g["named_discoverable_at"]
            assert named is None or named >= g["discoverable_at"], g["id"]

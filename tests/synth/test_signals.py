"""The warning signs planted around exploited children are there, and mostly only there."""

from __future__ import annotations

from collections import defaultdict

from .conftest import County


def _subject_truth(c: County) -> dict[str, str]:
    """Record key -> true person of its first mention."""
    truth = {t["key"]: t["truth"] for t in c.truth("mentions.jsonl.gz")}
    out = {}
    for rec in c.first_issues():
        if rec["persons"]:
            base = f"{rec['agency']}:{rec['id']}"
            out[base] = truth[f"{base}#{rec['persons'][0].get('ref', '0')}"]
    return out


def _victims(c: County) -> dict[str, tuple[str, str]]:
    return {
        k: (g["active_from"], g["active_to"])
        for g in c.groups()
        if g["kind"] == "exploitation"
        for k in g["core_children"]
    }


def test_school_absence_rises_during_exploitation(town: County) -> None:
    subjects = _subject_truth(town)
    victims = _victims(town)
    before: dict[str, list[float]] = defaultdict(list)
    during: dict[str, list[float]] = defaultdict(list)
    for rec in town.first_issues():
        if rec["type"] != "school_attendance":
            continue
        who = subjects[f"{rec['agency']}:{rec['id']}"]
        if who not in victims:
            continue
        a = rec["attributes"]
        rate = a["sessions_missed"] / a["sessions_possible"]
        lo, hi = victims[who]
        if a["period_end"] < lo:
            before[who].append(rate)
        elif a["period_start"] > lo and a["period_end"] <= hi:
            during[who].append(rate)
    rises = [
        sum(during[k]) / len(during[k]) > sum(before[k]) / len(before[k])
        for k in victims
        if before[k] and during[k]
    ]
    assert rises and sum(rises) >= 0.8 * len(rises)


def test_concerning_health_visits_cluster_on_victims(town: County) -> None:
    subjects = _subject_truth(town)
    victims = _victims(town)
    hits = {"victims": 0, "others": 0}
    for rec in town.first_issues():
        reasons = set(rec.get("attributes", {}).get("reasons", []))
        if reasons & {"sti", "pregnancy", "emergency_contraception", "intoxication"}:
            who = subjects[f"{rec['agency']}:{rec['id']}"]
            hits["victims" if who in victims else "others"] += 1
    children = sum(1 for p in town.truth("persons.jsonl.gz") if p["is_child"])
    # per child, exploited children have several times more such visits than the rest
    assert hits["victims"] / len(victims) > 4 * hits["others"] / children


def test_pregnancy_and_emergency_contraception_only_for_girls(town: County) -> None:
    subjects = _subject_truth(town)
    sex = {p["id"]: p["sex"] for p in town.truth("persons.jsonl.gz")}
    seen = 0
    for rec in town.first_issues():
        reasons = set(rec.get("attributes", {}).get("reasons", []))
        if reasons & {"pregnancy", "emergency_contraception"}:
            seen += 1
            assert sex[subjects[f"{rec['agency']}:{rec['id']}"]] == "F", rec["id"]
    assert seen


def test_cse_code_only_for_network_children(town: County) -> None:
    subjects = _subject_truth(town)
    networks = {
        k
        for g in town.groups()
        if g["kind"] == "exploitation"
        for k in g["core_children"] + g["peripheral_children"]
    }
    flagged = {
        subjects[f"{r['agency']}:{r['id']}"]
        for r in town.first_issues()
        if "11A" in r.get("codes", [])
    }
    assert flagged and flagged <= networks


def test_intelligence_is_graded_and_names_adults(town: County) -> None:
    truth = {t["key"]: t["truth"] for t in town.truth("mentions.jsonl.gz")}
    adults = {a for g in town.groups() if g["kind"] == "exploitation" for a in g["adults"]}
    logs = [r for r in town.first_issues() if r["type"] == "intelligence"]
    naming = [
        r
        for r in logs
        if any(truth[f"{r['agency']}:{r['id']}#{m['ref']}"] in adults for m in r["persons"])
    ]
    assert len(naming) >= 3
    assert any(r.get("vehicles") for r in naming) and any(r.get("phones") for r in naming)


def test_retracted_disclosures(town: County) -> None:
    retracted = [
        r
        for r in town.first_issues() + town.reissues()
        if r["type"] == "disclosure" and r["attributes"]["retracted"]
    ]
    assert retracted

"""County-wide: swapping every name and protected-like attribute changes no indicator or level.

A synthetic county is ingested twice: as made, and with every person mention's names,
aliases and description replaced by deterministic fakes (in the text too; a description
keeps only the apparent age it gave, the one thing indicators read of it), and ethnicity,
religion and nationality added with random values to records, mentions and attributes.
Who-is-who is held fixed by storing the county's ground truth as the identity run in both
stores (linking itself reads names, so a name swap can change who is linked to whom).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from heron.access import system_actor
from heron.identity.normalise.apparent import apparent_age
from heron.indicators import ChildRisk, Level
from heron.indicators.service import assess_children
from heron.ingest import ingest_paths
from heron.settings import Settings
from heron.store.db import open_store
from heron.synth import SynthConfig, generate
from tests.indicators.truth_run import read_jsonl, store_truth_run

pytestmark = pytest.mark.slow

ACTOR = system_actor("test-protected")
SYLLABLES = ("zo", "rav", "ek", "qui", "lor", "tash", "ven", "ysk", "bra", "dul", "mir", "ox")
ETHNICITIES = ("White British", "Black Caribbean", "Pakistani", "Gypsy/Roma", "Mixed", "Chinese")
RELIGIONS = ("Christian", "Muslim", "Jewish", "Sikh", "Hindu", "None", "Buddhist")
NATIONALITIES = ("British", "Polish", "Romanian", "Somali", "Irish", "Afghan")
DESCRIPTIONS = ("Irish Traveller heritage", "wears a hijab", "Romanian citizen", "Sikh, turban")


def fake(name: str) -> str:
    """A made-up word for a name, the same every time for the same name."""
    digest = hashlib.sha256(name.encode()).digest()
    return "".join(SYLLABLES[b % len(SYLLABLES)] for b in digest[:3]).capitalize()


def protected(rng: random.Random) -> dict[str, str]:
    return {
        "ethnicity": rng.choice(ETHNICITIES),
        "religion": rng.choice(RELIGIONS),
        "nationality": rng.choice(NATIONALITIES),
    }


def swap(rec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The record with every name replaced and protected-like fields added."""
    names: set[str] = set()
    for person in rec.get("persons") or ():
        for field in ("given_name", "family_name"):
            if person.get(field):
                names.add(person[field])
                person[field] = fake(person[field])
        names.update(person.get("aliases") or ())
        person["aliases"] = [fake(a) for a in person.get("aliases") or ()]
        seen = apparent_age(person.get("description"))  # the one thing indicators read
        age = f", aged between {seen.low} and {seen.high}" if seen else ""
        person["description"] = rng.choice(DESCRIPTIONS) + age
        person.update(protected(rng))
    by = rec.get("recorded_by")
    if isinstance(by, dict) and by.get("name"):
        names.update(by["name"].split())
        by["name"] = " ".join(fake(part) for part in by["name"].split())
    if rec.get("text") and names:
        words = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        rec["text"] = re.sub(rf"\b({words})\b", lambda m: fake(m.group(1)), rec["text"])
    rec.update(protected(rng))
    attrs = rec.setdefault("attributes", {})
    attrs.update({**protected(rng), "ethnic_origin": rng.choice(ETHNICITIES)})
    for value in attrs.values():
        if isinstance(value, dict):
            value.update(protected(rng))
    return rec


def swapped_copy(source: Path, target: Path) -> int:
    """Every record file of ``source`` rewritten with names swapped; records whose text
    changed."""
    rng, changed = random.Random(20), 0
    target.mkdir()
    for path in sorted(source.glob("*.jsonl.gz")):
        with gzip.open(target / path.name, "wb") as out:
            for rec in read_jsonl(path):
                text = rec.get("text")
                new = swap(rec, rng)
                changed += new.get("text") != text
                out.write(orjson.dumps(new) + b"\n")
    return changed


def risks(
    url: str, records: Path, truth: Path, dates: list[datetime]
) -> dict[datetime, dict[str, ChildRisk]]:
    """Every child's risk at each date, from ``records`` ingested into a new store."""
    engine = open_store(url)
    try:
        ingest_paths(engine, [records], ACTOR, Settings())
        for when in dates:
            store_truth_run(engine, truth, when)
        return {
            when: {r.person_id: r for r in assess_children(engine, ACTOR, when)} for when in dates
        }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def assessed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[datetime, dict[str, ChildRisk]], ...]:
    out = tmp_path_factory.mktemp("county")
    generate(SynthConfig(out=out, seed=5, children=150))
    swapped = out / "swapped"
    assert swapped_copy(out / "records", swapped) > 100
    network = next(
        g
        for g in json.loads((out / "truth/networks.json").read_text())["groups"]
        if g["kind"] == "exploitation"
    )
    active_to = datetime.combine(datetime.fromisoformat(network["active_to"]).date(), time.max)
    dates = [active_to - timedelta(days=180), active_to, datetime(2011, 12, 31, 23, 59)]
    return tuple(
        risks(f"sqlite:///{out / name}.db", folder, out / "truth", dates)
        for name, folder in (("as-made", out / "records"), ("swapped", swapped))
    )


def test_every_childs_indicators_evidence_and_level_are_unchanged(assessed: Any) -> None:
    before, after = assessed
    for when, risks_then in before.items():
        assert risks_then.keys() == after[when].keys(), when
        for person_id, risk in risks_then.items():
            assert after[when][person_id] == risk, (when, person_id)


def test_the_county_has_real_indicators_to_hold_fixed(assessed: Any) -> None:
    before, _ = assessed
    every = [r for risks_then in before.values() for r in risks_then.values()]
    assert all(r.person_id.startswith("T") for r in every)  # the truth run, not a linking
    assert len(every) > 300
    assert sum(r.level >= Level.MEDIUM for r in every) >= 5
    fired = {i.rule_id for r in every for i in r.indicators}
    assert {"MIS-01", "ADU-02", "ADU-03", "EDU-01"} <= fired

"""Time ``normalise_mention`` on synthetic mentions: ``python -m heron.identity.normalise.bench``.

Owns the benchmark quoted in docs/identity-normalisation.md and nothing else. Mentions come
from Faker's en_GB locale with a fixed seed, with fields left out, partial dates, stated
ages and identifiers in the proportions below, so runs are comparable. The first pass
starts with empty caches (names repeat, addresses and phones mostly do not); the second
pass over the same mentions shows the fully cached cost.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from heron.identity.normalise.mention import normalise_mention
from heron.identity.normalise.phones import DEFAULT_REGION, _normalise_phone


@dataclass(frozen=True, slots=True)
class _RawMention:
    given_name: str | None
    family_name: str | None
    aliases: list[str] | None
    date_of_birth: str | None
    age: int | None
    sex: str
    address: str | None
    postcode: str | None
    phone: str | None
    identifiers: dict[str, str | int]
    occurred_at: date


def _nhs_number(rng: random.Random) -> str:
    while True:
        nine = f"{rng.randrange(400_000_000, 800_000_000):09d}"
        check = 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
        if check != 10:
            return nine + str(check % 11)


def _mentions(count: int, seed: int) -> list[_RawMention]:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    out: list[_RawMention] = []
    for _ in range(count):
        occurred = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
        born = fake.date_of_birth(minimum_age=10, maximum_age=40)
        dob_form = rng.random()
        address_lines = fake.address().split("\n")
        identifiers: dict[str, str | int] = {}
        if rng.random() < 0.3:
            identifiers["nhs_number"] = _nhs_number(rng)
        if rng.random() < 0.1:
            identifiers["local_id"] = str(rng.randrange(10**6))
        out.append(
            _RawMention(
                given_name=fake.first_name() if rng.random() < 0.95 else None,
                family_name=fake.last_name() if rng.random() < 0.85 else None,
                aliases=[fake.first_name()] if rng.random() < 0.1 else None,
                date_of_birth=(
                    born.isoformat()
                    if dob_form < 0.6
                    else born.isoformat()[:7]
                    if dob_form < 0.7
                    else None
                ),
                age=(occurred.year - born.year) if dob_form >= 0.7 and rng.random() < 0.5 else None,
                sex=rng.choice("FFMMU"),
                address=", ".join(address_lines[:-1]) if rng.random() < 0.5 else None,
                postcode=address_lines[-1] if rng.random() < 0.5 else None,
                phone=fake.phone_number() if rng.random() < 0.4 else None,
                identifiers=identifiers,
                occurred_at=occurred,
            )
        )
    return out


def _time_pass(mentions: list[_RawMention]) -> float:
    """Microseconds per mention for one pass."""
    start = time.process_time()
    for m in mentions:
        normalise_mention(
            given_name=m.given_name,
            family_name=m.family_name,
            aliases=m.aliases,
            date_of_birth=m.date_of_birth,
            age=m.age,
            sex=m.sex,
            address=m.address,
            postcode=m.postcode,
            phone=m.phone,
            identifiers=m.identifiers,
            occurred_at=m.occurred_at,
        )
    return (time.process_time() - start) / len(mentions) * 1e6


def _time_new_phones(mentions: list[_RawMention]) -> tuple[int, float]:
    """Distinct phone numbers, and microseconds to normalise each one the first time."""
    phones = sorted({m.phone for m in mentions if m.phone})
    start = time.process_time()
    for phone in phones:
        _normalise_phone.__wrapped__(phone, DEFAULT_REGION)
    return len(phones), (time.process_time() - start) / max(len(phones), 1) * 1e6


def main() -> None:
    """Print µs per mention, cold and warm caches, and the cost of a new phone number."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mentions = _mentions(args.mentions, args.seed)
    cold = _time_pass(mentions)
    warm = _time_pass(mentions)
    print(f"{len(mentions)} mentions: {cold:.1f} µs/mention first pass, {warm:.1f} µs cached")
    count, per_phone = _time_new_phones(mentions)
    print(f"{count} distinct phone numbers: {per_phone:.1f} µs each, uncached")


if __name__ == "__main__":
    main()

"""POLE objects: the true vehicles, phones and online handles of the synthetic county."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

MAKES = (
    ("Vauxhall", ("Astra", "Corsa", "Vectra", "Zafira")),
    ("Ford", ("Focus", "Fiesta", "Mondeo", "Galaxy")),
    ("Volkswagen", ("Golf", "Polo", "Passat", "Touran")),
    ("Peugeot", ("206", "307", "406")),
    ("Renault", ("Clio", "Megane", "Laguna")),
    ("Toyota", ("Corolla", "Avensis", "Prius")),
    ("BMW", ("3 Series", "5 Series")),
    ("Audi", ("A3", "A4")),
    ("Skoda", ("Octavia", "Superb")),
    ("Honda", ("Civic", "Accord")),
    ("Nissan", ("Micra", "Almera", "Primera")),
    ("Mercedes-Benz", ("C-Class", "E-Class", "Vito")),
)
COLOURS = ("silver", "black", "blue", "red", "grey", "white", "green", "gold", "maroon")
# What witnesses say instead of the true colour.
COLOUR_CONFUSIONS = {
    "silver": "grey",
    "grey": "silver",
    "black": "dark blue",
    "blue": "dark blue",
    "maroon": "red",
    "gold": "beige",
    "white": "cream",
}
PLATFORMS = ("MSN", "Bebo", "MySpace", "Facebook", "BBM")


@dataclass(slots=True, eq=False)
class Vehicle:
    vid: str
    registration: str
    make: str
    model: str
    colour: str
    owner: str | None


@dataclass(slots=True, eq=False)
class Phone:
    phid: str
    national: str  # e.g. 07700900123
    holder: str | None
    successor: Phone | None = None  # the number that replaced this one (heron.synth.changes)
    changed_on: date | None = None  # from when


@dataclass(slots=True, eq=False)
class Handle:
    ohid: str
    platform: str
    handle: str
    holder: str | None


def make_model(rng: random.Random) -> tuple[str, str, str]:
    make, models = rng.choice(MAKES)
    return make, rng.choice(models), rng.choice(COLOURS)


def handle_text(rng: random.Random, given: str, alias: str | None) -> str:
    """A plausible username for a person (lower-case, with digits)."""
    stem = (alias or given).lower().replace(" ", "")
    style = rng.randrange(4)
    if style == 0:
        return f"{stem}{rng.randint(1, 99)}"
    if style == 1:
        return f"{stem}_x{rng.randint(1, 9)}"
    if style == 2:
        return f"lil_{stem}{rng.randint(90, 99)}"
    return f"{stem}.{rng.choice(('xo', 'babe', 'boi', 'gurl', 'star'))}{rng.randint(1, 9)}"

"""Names: one shared UK name distribution, nicknames, street names and misspellings.

Every synthetic person — child, parent, professional or offender — draws a name from the same
weighted distribution (Faker's en_GB lists). Names are never chosen by role or ethnicity.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections.abc import Sequence

from faker.providers.person.en_GB import Provider as _EnGb


class WeightedNames:
    """A list of names with cumulative weights, sampled with a caller's ``random.Random``."""

    def __init__(self, names: Sequence[str], weights: Sequence[float]) -> None:
        self.names = list(names)
        self._cum = list(itertools.accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.names[bisect(self._cum, rng.random() * self._total)]


def _rank_weights(count: int) -> list[float]:
    # Faker's first-name lists are in rough order of frequency: a Zipf-like weight keeps
    # common names common without making the tail vanish.
    return [1.0 / (rank + 8) ** 0.9 for rank in range(count)]


FEMALE = WeightedNames(_EnGb.first_names_female, _rank_weights(len(_EnGb.first_names_female)))
MALE = WeightedNames(_EnGb.first_names_male, _rank_weights(len(_EnGb.first_names_male)))
SURNAMES = WeightedNames(list(_EnGb.last_names.keys()), list(_EnGb.last_names.values()))


def given_name(rng: random.Random, sex: str) -> str:
    """A first name for a person of ``sex`` (F or M) from the shared distribution."""
    return (FEMALE if sex == "F" else MALE).pick(rng)


def family_name(rng: random.Random) -> str:
    """A surname from the shared distribution."""
    return SURNAMES.pick(rng)


_NICKNAME_ROWS = """
Jessica: Jess, Jessie
Katherine: Kate, Katie, Kat
Catherine: Cath, Cat, Kate
Kathryn: Kate, Katie
Katie: Kate, Katy
Kate: Katie
Rebecca: Becky, Becca
Samantha: Sam, Sammy
Elizabeth: Liz, Lizzie, Beth
Bethany: Beth
Charlotte: Charlie, Lottie
Victoria: Vicky, Tori
Jennifer: Jen, Jenny
Natasha: Tash, Tasha
Abigail: Abbie, Abi
Danielle: Dani
Stephanie: Steph
Nicola: Nicky, Nikki
Alexandra: Alex, Lexi
Georgina: Gina, George
Georgia: George
Hannah: Han
Emily: Em
Amelia: Millie
Rachel: Rach
Christine: Chris
Margaret: Maggie
Michelle: Shell
Jacqueline: Jackie
Deborah: Debbie, Debs
Patricia: Trish, Pat
Susan: Sue
Joanne: Jo
Amanda: Mandy
Caroline: Caz
Kimberley: Kim
Natalie: Nat
Olivia: Liv
Francesca: Fran, Frankie
Eleanor: Ellie
Harriet: Hattie
Josephine: Josie, Jo
Stacey: Stace
Gemma: Gem
Christopher: Chris
Thomas: Tom, Tommy
Michael: Mike, Mick
Daniel: Dan, Danny
Matthew: Matt
Robert: Rob, Bob, Bobby
Richard: Rich, Ricky
Joshua: Josh
Samuel: Sam, Sammy
Anthony: Tony, Ant
Alexander: Alex
William: Will, Billy
Benjamin: Ben
Philip: Phil
Joseph: Joe, Joey
Jonathan: Jon, Jonny
Nicholas: Nick
Timothy: Tim
Stephen: Steve
Steven: Steve
Andrew: Andy
David: Dave, Davey
James: Jim, Jimmy, Jamie
Edward: Ed, Eddie
Kenneth: Ken, Kenny
Raymond: Ray
Terence: Terry
Jacob: Jake
Patrick: Pat, Paddy
Charles: Charlie
Callum: Cal
Cameron: Cam
Frederick: Fred, Freddie
Gregory: Greg
Leonard: Len, Lenny
Nathan: Nate
Oliver: Ollie
Mohammed: Mo
Mohammad: Mo
Mohamed: Mo
Bradley: Brad
Dominic: Dom
Jeffrey: Jeff
Douglas: Doug
Donald: Don
Vincent: Vince
Stanley: Stan
Victor: Vic
"""

NICKNAMES: dict[str, tuple[str, ...]] = {
    formal.strip(): tuple(n.strip() for n in short.split(","))
    for formal, short in (row.split(":") for row in _NICKNAME_ROWS.strip().splitlines())
}

# Spelling variants that recorders really write; the rest come from random edits.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Mohammad", "Muhammad", "Mohamed"),
    "Mohammad": ("Mohammed", "Muhammad"),
    "Jessica": ("Jesica", "Jessika"),
    "Katie": ("Katy", "Katey"),
    "Leanne": ("Lianne", "Leann"),
    "Stephen": ("Steven",),
    "Steven": ("Stephen",),
    "Rachel": ("Rachael",),
    "Rachael": ("Rachel",),
    "Claire": ("Clare",),
    "Clare": ("Claire",),
    "Hayley": ("Haley", "Hailey"),
    "Kayleigh": ("Kayley", "Kaylee"),
    "Zoe": ("Zoey",),
    "Sean": ("Shaun", "Shawn"),
    "Shaun": ("Sean",),
    "Smith": ("Smyth",),
    "Thompson": ("Thomson", "Tompson"),
    "Davies": ("Davis",),
    "Clarke": ("Clark",),
    "Philips": ("Phillips",),
    "Phillips": ("Philips",),
    "Mathews": ("Matthews",),
    "Matthews": ("Mathews",),
    "Reid": ("Reed", "Read"),
    "Hussain": ("Hussein", "Husain"),
    "Ahmed": ("Ahmad",),
}

_VOWELS = "aeiou"


def misspell(rng: random.Random, name: str) -> str:
    """A plausible misspelling of ``name`` that differs from it."""
    variants = _VARIANTS.get(name)
    if variants and rng.random() < 0.6:
        return rng.choice(variants)
    for _ in range(6):
        candidate = _edit(rng, name)
        if candidate != name and len(candidate) >= 2:
            return candidate
    return name + ("e" if not name.endswith("e") else "s")


def _edit(rng: random.Random, name: str) -> str:
    lower = name.lower()
    op = rng.randrange(5)
    if op == 0:  # drop a doubled letter, or double a consonant that is often doubled
        for i in range(1, len(lower)):
            if lower[i] == lower[i - 1]:
                return _recase(name, lower[:i] + lower[i + 1 :])
        spots = [i for i, c in enumerate(lower) if c in "lnrst" and i > 0]
        if spots:
            i = rng.choice(spots)
            return _recase(name, lower[:i] + lower[i] + lower[i:])
    if op == 1 and len(lower) > 3:  # swap two neighbouring letters (not the first)
        i = rng.randrange(1, len(lower) - 1)
        return _recase(name, lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :])
    if op == 2:  # change a vowel
        spots = [i for i, c in enumerate(lower) if c in _VOWELS and i > 0]
        if spots:
            i = rng.choice(spots)
            repl = rng.choice([v for v in _VOWELS + "y" if v != lower[i]])
            return _recase(name, lower[:i] + repl + lower[i + 1 :])
    if op == 3:  # phonetic respellings
        for a, b in (("ph", "f"), ("ie", "y"), ("y", "ie"), ("ck", "k"), ("c", "k"), ("ee", "ea")):
            if a in lower[1:]:
                return _recase(name, lower[0] + lower[1:].replace(a, b, 1))
    i = rng.randrange(1, len(lower))  # drop a letter
    return _recase(name, lower[:i] + lower[i + 1 :])


def _recase(original: str, lower: str) -> str:
    if original.isupper():
        return lower.upper()
    return lower[:1].upper() + lower[1:]


def nickname(rng: random.Random, given: str) -> str | None:
    """A familiar form of ``given`` (Jess for Jessica, Mo for Mohammed), or None."""
    options = NICKNAMES.get(given)
    return rng.choice(options) if options else None


# Street names used by offenders; deliberately neutral nicknames.
STREET_NAMES = (
    "Bluey",
    "Tiny",
    "Chops",
    "Rocky",
    "Wiz",
    "Smudge",
    "Ghost",
    "Tank",
    "Bones",
    "Spider",
    "Dizzy",
    "Jinx",
    "Sparky",
    "Duke",
    "Cookie",
    "Red",
    "Ace",
    "Boss",
    "Scouse",
    "Taz",
    "Shorty",
    "Lucky",
    "Mac",
    "Junior",
    "Biggie",
    "Ziggy",
    "Benny",
    "Deano",
    "Flash",
    "Sonic",
    "Kid",
    "Blaze",
    "Nitro",
    "Moose",
    "Rabbit",
    "Skinny",
    "Diesel",
    "Pops",
    "Smiley",
    "Zed",
)

_STREET_A = (
    "Ash",
    "Beech",
    "Birch",
    "Bramble",
    "Brook",
    "Castle",
    "Cedar",
    "Chapel",
    "Church",
    "Clover",
    "Coronation",
    "Elm",
    "Fern",
    "Field",
    "Forge",
    "Foxglove",
    "Glebe",
    "Green",
    "Hawthorn",
    "Hazel",
    "Heather",
    "High",
    "Hill",
    "Holly",
    "Kiln",
    "Lark",
    "Laurel",
    "Lime",
    "Linden",
    "Maple",
    "Market",
    "Meadow",
    "Mill",
    "Moor",
    "Oak",
    "Orchard",
    "Park",
    "Pond",
    "Poplar",
    "Priory",
    "Quarry",
    "Rectory",
    "Rose",
    "Rowan",
    "School",
    "Spring",
    "Station",
    "Sycamore",
    "Tanners",
    "Victoria",
    "Willow",
    "Wren",
    "Kings",
    "Queens",
    "Albert",
    "Nelson",
    "Wellington",
    "Gladstone",
    "Tudor",
    "Windsor",
    "Bridge",
    "Canal",
    "Wharf",
    "Abbey",
)
_STREET_B = (
    "Road",
    "Street",
    "Lane",
    "Close",
    "Avenue",
    "Way",
    "Drive",
    "Crescent",
    "Gardens",
    "Grove",
    "Terrace",
    "Place",
    "Court",
    "Rise",
    "View",
    "Walk",
)
STREET_ABBREVIATIONS = {
    "Road": "Rd",
    "Street": "St",
    "Lane": "Ln",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Terrace": "Terr",
    "Place": "Pl",
}


def street_names(rng: random.Random) -> list[str]:
    """Every fictional street name, in a seeded order."""
    names = [f"{a} {b}" for a in _STREET_A for b in _STREET_B]
    rng.shuffle(names)
    return names

"""Narrative text: the free text professionals write, neutral and victim-blaming alike.

The victim-blaming phrases ("streetwise", "prostituting herself", "putting herself at risk",
"boyfriend" for an adult abuser, "lifestyle choice") are here on purpose: real records used
them, and Heron's language checker and indicators must be tested against them.
"""

from __future__ import annotations

import random

VICTIM_BLAMING_PHRASES = (
    "streetwise",
    "prostituting herself",
    "putting herself at risk",
    "boyfriend",
    "lifestyle choice",
    "sexually active",
    "risky behaviour",
    "promiscuous",
    "willful",
    "consensual",
)


def join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pronoun(sex: str) -> tuple[str, str]:
    """(subject, object/possessive) pronouns for a mention's sex."""
    return ("she", "her") if sex == "F" else ("he", "his") if sex == "M" else ("they", "their")


def blaming_note(
    rng: random.Random,
    child: str,
    sex: str,
    adult: str | None,
    age: int,
    adult_age: int | None = None,
) -> str:
    """A victim-blaming note; most that name an adult give the adult's age when known."""
    she, her = pronoun(sex)
    self_word = "herself" if sex == "F" else "himself"
    options = [
        f"{child} is very streetwise and knows how to look after {self_word}.",
        f"{child} continues to put {self_word} at risk by staying out until all hours.",
        f"{child} is putting {self_word} at risk and will not listen to staff.",
        f"Staff feel {child} has made a lifestyle choice and is not engaging.",
        f"{child} is sexually active and is making risky choices.",
        f"{child} is willful and difficult; {she} came back at 4am and refused to say where "
        f"{she} had been.",
    ]
    if sex == "F":
        options.append(f"It appears {child} is prostituting herself for cigarettes and lifts.")
        options.append(f"{child} is promiscuous and this is a consensual relationship.")
    if adult:
        stated = adult_age is not None and rng.random() < 0.6
        older = f"is {adult_age}" if stated else "is much older"
        partner = f"{adult} ({adult_age})" if stated else f"({adult})"
        return rng.choice(
            (
                f"{child} says {adult} is {her} boyfriend. {adult} {older} but "
                f"{she} is adamant it is {her} choice.",
                f"{child} was picked up by {her} boyfriend {partner}. {she.capitalize()} "
                f"is {age} and says {she} loves him.",
                f"{child} has been staying at {adult}'s flat and is putting {self_word} at "
                f"risk; this appears to be a lifestyle choice.",
            )
        )
    return rng.choice(options)


def neutral_note(rng: random.Random, child: str, sex: str) -> str:
    she, her = pronoun(sex)
    return rng.choice(
        (
            f"Home visit. {child} was at home with {her} mum. School discussed; {she} says things "
            f"are better with {her} tutor.",
            f"Telephone call with school. {child} attending and settled this week.",
            f"Visit completed. Bedroom seen. {child} was polite and talked about football and "
            f"{her} friends.",
            "Review meeting held. Plan updated; next review in six weeks.",
            f"Spoke to {child} alone. {she.capitalize()} had no worries to share today.",
            "Letter sent to parent confirming the support plan.",
        )
    )


def concern_note(
    rng: random.Random,
    child: str,
    sex: str,
    adult: str | None,
    place: str | None,
    plate: str | None,
) -> str:
    """A note that describes exploitation indicators without judging the child."""
    she, her = pronoun(sex)
    options = [
        f"{child} returned at 03:40 and had a new phone; {she} would not say who gave it to {her}.",
        f"{child} was seen getting into a car after school. Staff could not see the driver.",
        f"{child} has unexplained money and a hotel key card was found in {her} bag.",
        f"Concern that {child} is being given alcohol and cannabis by older males.",
    ]
    if adult:
        return rng.choice(
            (
                f"{child} may be being groomed by an adult known as {adult}.",
                f"{child} was collected from the home at 22:00 by {adult}, who is much older.",
                f"{adult} has been texting {child} late at night; concern {she} is being "
                f"exploited.",
            )
        )
    if place:
        options.append(f"{child} has repeatedly been found at {place}, a long way from home.")
    if plate:
        options.append(f"{child} was dropped back by a car, registration {plate}.")
    return rng.choice(options)


def missing_text(
    rng: random.Random,
    child: str,
    sex: str,
    from_where: str,
    back: str | None,
    found: str | None,
    with_whom: list[str],
) -> str:
    she, _ = pronoun(sex)
    text = f"{child} reported missing from {from_where}."
    if back:
        text += f" Returned {back}."
    if found:
        text += f" Located at {found}"
        text += f" with {', '.join(with_whom)}." if with_whom else "."
    elif rng.random() < 0.5:
        text += f" {she.capitalize()} would not say where {she} had been."
    return text


def intelligence_text(
    rng: random.Random,
    adults: list[str],
    children: list[str],
    place: str | None,
    plate: str | None,
    phone: str | None,
) -> str:
    who = join(adults) if adults else "Unknown males"
    kids = join(children) if children else "local girls"
    parts = [
        rng.choice(
            (
                f"{who} are believed to be supplying alcohol and cannabis to {kids}",
                f"It is reported that {who} hold parties attended by {kids}",
                f"Source states {who} collect {kids} from near their homes late at night",
                f"{who} are said to take {kids} to addresses where they are sexually abused",
            )
        )
    ]
    if place:
        parts.append(f"at {place}")
    sentence = " ".join(parts) + "."
    if plate:
        sentence += f" Vehicle used: {plate}."
    if phone:
        sentence += f" Contact number {phone}."
    return sentence


def hotel_text(rng: random.Random, guest: str, plate: str | None) -> str:
    text = rng.choice(
        (
            f"Room booked by {guest}, paid in cash. Two girls who looked about 14 went up to the "
            f"room later.",
            f"Night porter concerned: {guest} brought young girls in through the side door.",
            f"Guest {guest} asked for a room away from reception; girls in school uniform seen "
            f"leaving in the morning.",
        )
    )
    if plate:
        text += f" Car in car park: {plate}."
    return text


def taxi_text(rng: random.Random, pickup: str, dropoff: str, booker: str) -> str:
    return rng.choice(
        (
            f"Driver concerned: picked up two young girls from {pickup} at 23:30, booked by "
            f"{booker}, dropped at {dropoff}.",
            f"Account job booked by {booker}: girls collected from {pickup} to {dropoff}. Driver "
            f"thought they were under age.",
        )
    )


def helpline_text(rng: random.Random, caller: str, adult: str | None, place: str | None) -> str:
    if caller == "child":
        base = rng.choice(
            (
                "Young person says an older man gives her and her friends vodka and lifts",
                "Caller says she is scared of a man who keeps texting her",
                "Caller says she has to go to a flat when they call her, or they will hurt "
                "her sister",
            )
        )
    else:
        base = rng.choice(
            (
                "Parent worried daughter is staying out with older men",
                "Caller worried about girls being dropped off late at night by different cars",
            )
        )
    if adult:
        base += f"; names him as {adult}"
    if place:
        base += f"; mentions {place}"
    return base + "."


def disclosure_text(child: str, sex: str, adult: str, place: str | None) -> str:
    them = {"F": "her", "M": "him"}.get(sex, "them")
    where = f" at {place}" if place else ""
    return (
        f"{child} said that {adult} and other men sexually abused {them}{where} after giving "
        f"{them} drink. Does not want to make a statement."
    )


def ed_text(rng: random.Random, reasons: list[str], place: str | None, sex: str = "U") -> str:
    she, _ = pronoun(sex)
    if "intoxication" in reasons:
        where = f" near {place}" if place else ""
        return rng.choice(
            (
                f"Brought in by ambulance heavily intoxicated{where}.",
                f"Intoxicated; says {she} drank vodka with friends{where}.",
            )
        )
    if "overdose" in reasons:
        return "Took 16 paracetamol. Medically fit; CAMHS referral."
    if "self_harm" in reasons:
        return "Superficial cuts to forearm. Seen by mental health liaison."
    if "assault" in reasons:
        return f"Facial bruising; says {she} fell. Account inconsistent."
    return rng.choice(
        (
            "Fell from bike; wrist X-ray, no fracture.",
            "Sprained ankle at football.",
            "Cut to hand; glued.",
            "Head injury, no loss of consciousness.",
            "Asthma attack; nebulised and discharged.",
            "Abdominal pain; discharged.",
            "Burn to hand from kettle; dressed.",
        )
    )


def clinic_text(
    rng: random.Random, reasons: list[str], companion: str | None, sex: str = "F"
) -> str:
    them = {"F": "her", "M": "him"}.get(sex, "them")
    base = {
        "sti": "STI screen; chlamydia positive, treated.",
        "emergency_contraception": "Requested emergency contraception; supplied.",
        "pregnancy": "Pregnancy test positive; options discussed.",
        "termination": "Referred for termination of pregnancy.",
    }
    text = " ".join(base[r] for r in reasons if r in base) or "Routine contraception review."
    if companion:
        text += (
            f" Attended with an older male ({companion}) who said he was a cousin and "
            f"answered for {them}."
        )
    return text


POLICE_ADULT = {
    "disturbance": "Noise complaint at address; words of advice given.",
    "assault": "Assault outside licensed premises; minor injuries; enquiries ongoing.",
    "drunk": "Found drunk and incapable in the town centre; taken home.",
    "criminal_damage": "Damage to a car parked outside the address; no suspects.",
    "theft": "Theft from a parked vehicle; no CCTV.",
    "domestic": "Verbal argument at home address; no offences disclosed.",
}

POLICE_BACKGROUND = {
    "disturbance": "Noise complaint; group dispersed, words of advice given.",
    "assault": "Reported assault outside shop; minor injuries; enquiries ongoing.",
    "drunk": "Found drunk in town centre; taken home to parent.",
    "criminal_damage": "Window broken at address; no suspects.",
    "theft": "Bike stolen from outside school; no CCTV.",
    "asb": "Youths causing annoyance at play park; advice given.",
    "domestic": "Verbal argument at home address; no offences disclosed.",
    "road_traffic": "Minor collision; details exchanged.",
}

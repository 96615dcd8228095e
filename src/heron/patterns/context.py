"""How much one record's tie between a child and an anchor counts, and what context lowers it.

Owns the weights of ties as evidence of exploitation (as data, with the reason for each)
and the decoy context: professionals and carers acting in their role and the fellow
attendees of a session they run, parents and those reporting a child missing, contracted
school transport, children's homes, foster homes and schools as places, family homes, and
public places. It reads only the graph's roles, record types, attributes, times and place
kinds, and whether an indicator found a record describing an adult as the child's partner
(``PARTNER_RULES``); never names, descriptions, text or any protected characteristic. It
must not read the store or rank networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from heron.graph import PERSON_KINDS, Entity, Named, PoleGraph, RecordNode

#: Records in which an adult named with a child is itself a concern: found with them,
#: named together in intelligence or a strategy meeting, a hotel or taxi report, a call to
#: a helpline, a disclosure, disruption, with the child at A&E or a sexual-health clinic
#: (parents, carers and professionals there are context, as everywhere). An adult named
#: with a child anywhere else counts for less than a third.
STRONG_TYPES = frozenset(
    {
        "missing_episode",
        "intelligence",
        "strategy_meeting",
        "disruption",
        "business_report",
        "helpline_contact",
        "disclosure",
        "health_attendance",
    }
)
STRONG_INCIDENTS = frozenset({"found_in_company", "stop_check", "sexual_offence"})
#: Roles that make an adult's tie strong wherever the record is not an ordinary police
#: incident: a suspect in a disclosure or a case note, the driver of a car a child got into.
#: In an ordinary incident (anti-social behaviour, theft, criminal damage, a disturbance) a
#: suspect named beside a child is a neighbourhood matter, not a sign of exploitation.
STRONG_ROLES = frozenset({"suspect", "driver"})
ORDINARY_ADULT = 0.3
#: Indicators whose evidence records make an adult named in them a concern wherever the
#: record is: the recorder's own words say an adult is the child's "boyfriend" or in a
#: "relationship" with them (ADU-02: "picked up by her boyfriend 'Rabbit' (30)" in a case
#: note). An adult in such a relationship with a child is an abuser, so that case note ties
#: him to her as strongly as intelligence would. The detection service passes the records.
PARTNER_RULES = frozenset({"ADU-02"})
#: The tie kind such a record makes (beside ``heron.graph.TIE_KINDS``).
OLDER_PARTNER = "older_partner"

#: Base weight of a tie by what the anchor is. Places by kind: a hotel room or a private
#: flat where two children were found is as telling as a shared adult; a takeaway or a car
#: park is public, so it counts for less.
OBJECT_WEIGHT = {"vehicle": 0.9, "phone": 0.9, "handle": 0.9}
PLACE_WEIGHT = {
    "hotel": 0.9,
    "private_address": 0.9,
    "takeaway": 0.6,
    "car_park": 0.6,
}
UNKNOWN_PLACE = 0.5
SCENE = 0.6  # a hotel or flat as the scene of a record, not where the child was found
UNKNOWN_AGE = 0.7  # a person named with a child whose age nothing records

#: Mention roles in which an adult is named because of their job or their family.
PROFESSIONAL_ROLES = frozenset({"professional", "carer"})
FAMILY_ROLES = frozenset({"parent", "reporter"})
INSTITUTIONS = frozenset({"childrens_home", "foster_home", "school"})
PUBLIC_PLACES = frozenset({"park", "shop", "street", "transport", "other"})

#: Context keys, each with the sentence that explains why it lowers a network's score.
CONTEXT_WHY = {
    "professional": "professionals and carers meet many children in their role",
    "session": "young people named together at a session a professional runs (a youth club, "
    "a group) are there because of it",
    "family": "parents and the people who report a child missing are named with their own children",
    "school_transport": "contracted school transport carries many children in school hours",
    "institution": "children's homes, foster homes and schools are where many children live "
    "or learn",
    "home": "a family home is where children and their friends are found",
    "public": "public places are where many children are seen",
    "siblings": "siblings in one household share their family's adults, places and phones",
    "peer_group": "children who go missing together with no adult are often friends",
    "unknown_once": "a person whose age nothing records, named with the children on one "
    "occasion only, may be another child, and one occasion is no pattern",
    "name_once": "a person named with the children by a name alone, on one occasion only, is "
    "linked to the adult of that name by the name only: the link may be wrong, and one "
    "occasion is no pattern",
}

#: School-run hours on weekdays, when contracted school transport carries children.
SCHOOL_RUNS = ((time(7, 0), time(9, 30)), (time(14, 30), time(17, 30)))
MANIFEST = "school_transport_manifest"


@dataclass(frozen=True, slots=True)
class Judgement:
    """How much one tie counts (0..1) and the context that lowers it, if any."""

    weight: float
    context: str | None = None


def professional(entity: Entity) -> bool:
    """Whether most of a person's mentions name them in a professional or carer role."""
    total = sum(n for _, n in entity.roles)
    work = sum(n for role, n in entity.roles if role in PROFESSIONAL_ROLES)
    return total > 0 and work * 2 >= total


def school_run(when: datetime) -> bool:
    """A weekday moment in school-run hours."""
    return when.weekday() < 5 and any(lo <= when.time() <= hi for lo, hi in SCHOOL_RUNS)


def school_transport(rec: RecordNode) -> bool:
    """A record of contracted school transport: a manifest, or a taxi on a school run."""
    if rec.attributes.get("document") == MANIFEST:
        return True
    taxi = any(n.role == "taxi" for n in rec.named if n.context == "vehicle")
    return taxi and (school_run(rec.occurred_at) or rec.type in ("case_note", "other"))


def of_concern(rec: RecordNode) -> bool:
    """Whether a record is itself a concern (``STRONG_TYPES``, ``STRONG_INCIDENTS``): not a
    youth club's attendance, a school register or an ordinary incident."""
    return rec.type in STRONG_TYPES or rec.attributes.get("category") in STRONG_INCIDENTS


def session(rec: RecordNode, child: Named, other: Named) -> bool:
    """Whether ``rec`` names ``child`` and ``other`` as fellow subjects of a session a
    professional runs: a record that is no concern, naming a professional or carer in role
    and both as its subjects (a youth club's attendance: a young person of unknown age
    there, or one stated 18, is another attendee)."""
    return (
        child.role == "subject"
        and other.role == "subject"
        and not of_concern(rec)
        and any(n.role in PROFESSIONAL_ROLES for n in rec.named if n.context == "mention")
    )


def judge(
    graph: PoleGraph,
    rec: RecordNode,
    child: Named,
    anchor: Named,
    kind: str,
    partner: bool = False,
) -> Judgement:
    """How much the tie (of ``kind``) ``rec`` makes between ``child`` and ``anchor`` counts,
    and the context that lowers it (``partner``: an indicator of ``PARTNER_RULES`` found
    ``rec`` describing an adult's relationship with the child)."""
    entity = graph.entities[anchor.entity]
    kid = graph.entities[child.entity]
    if entity.kind in PERSON_KINDS:  # an alias counts as the person it is given for
        found = _adult(rec, kid, entity, anchor, kind, partner)
        if found.context is None and session(rec, child, anchor):
            found = Judgement(found.weight, "session")
        if entity.is_child is None:  # nothing says how old: perhaps another child
            return Judgement(found.weight * UNKNOWN_AGE, found.context)
        return found
    if entity.kind == "location":
        return _place(entity, anchor, found=kind == "found_with")
    weight = OBJECT_WEIGHT.get(entity.kind, UNKNOWN_PLACE)
    if entity.kind == "vehicle" and school_transport(rec):
        return Judgement(weight, "school_transport")
    return Judgement(weight)


def _adult(
    rec: RecordNode, kid: Entity, adult: Entity, named: Named, kind: str, partner: bool
) -> Judgement:
    category = rec.attributes.get("category")
    strong = (
        partner
        or (rec.type in STRONG_TYPES and (rec.type != "missing_episode" or kind == "found_with"))
        or category in STRONG_INCIDENTS
        or (named.role in STRONG_ROLES and rec.type != "police_incident")
    )
    weight = 1.0 if strong else ORDINARY_ADULT
    if named.role in PROFESSIONAL_ROLES or professional(adult):
        return Judgement(weight, "professional")
    if named.role in FAMILY_ROLES or (kid.home is not None and kid.home == adult.home):
        return Judgement(weight, "family")
    if school_transport(rec):
        return Judgement(weight, "school_transport")
    return Judgement(weight)


def _place(place: Entity, named: Named, found: bool) -> Judgement:
    """A place counts fully where a child was found there; merely as an incident's scene, a
    hotel or private flat counts for less and a takeaway or car park is a public place."""
    kind = place.place_kind
    if named.context == "placement" or kind in INSTITUTIONS:
        return Judgement(PLACE_WEIGHT["hotel"], "institution")
    if kind == "home":
        return Judgement(PLACE_WEIGHT["private_address"], "home")
    weight = PLACE_WEIGHT.get(kind or "", UNKNOWN_PLACE)
    if kind in PUBLIC_PLACES or (not found and weight < PLACE_WEIGHT["hotel"]):
        return Judgement(PLACE_WEIGHT["takeaway"], "public")
    return Judgement(weight if found else weight * SCENE)

"""The mention feature table: one row of comparable columns per visible person mention.

Owns reading the as-of visible person mentions from the store (through
``heron.store.asof``) and turning each into the flat columns the linkage model compares,
using ``heron.identity.normalise.normalise_mention``. It must not compare mentions or decide
matches, and it never reads ethnicity, religion or nationality (records-v1 has no such
fields); of the free-text ``description`` only the apparent age is read
(``normalise.apparent``), and only to tell a child from an adult, never to link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa  # pyarrow ships no type hints
from sqlalchemy import Engine, Select, and_, case, false, select, true

from heron.access import Actor
from heron.identity.normalise import MentionFeatures, normalise_mention
from heron.identity.normalise.apparent import apparent_age
from heron.store.asof import visible_at
from heron.store.models import Mention, Record


@dataclass(frozen=True, slots=True)
class MentionInput:
    """One person mention's raw fields as stored, with its record's agency and date."""

    mention_key: str
    agency: str
    occurred_at: datetime | date | None
    given_name: str | None = None
    family_name: str | None = None
    aliases: tuple[str, ...] = ()
    date_of_birth: str | None = None
    age: int | None = None
    sex: str | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    identifiers: Mapping[str, str] | None = None
    # the age range the description gives (nothing else of it is read); never used to link
    apparent: tuple[int, int] | None = None
    # the record says this person is a child without saying how old: the subject of a
    # helpline contact whose caller is a child (``caller_kind``); never used to link
    said_child: bool = False


SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("agency", pa.string()),
        ("given", pa.string()),
        ("given_primary", pa.string()),
        ("given_variants", pa.list_(pa.string())),
        ("given_meta", pa.string()),
        ("family", pa.string()),
        ("family_parts", pa.list_(pa.string())),
        ("family_meta", pa.string()),
        ("name_key", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("alias1", pa.string()),
        ("sex", pa.string()),
        ("dob", pa.string()),
        ("dob_year", pa.int32()),
        ("dob_month", pa.int32()),
        ("dob_day", pa.int32()),
        ("birth_lo", pa.date32()),
        ("birth_hi", pa.date32()),
        ("birth_year", pa.int32()),
        ("birth_y2a", pa.int32()),
        ("birth_y2b", pa.int32()),
        ("postcode", pa.string()),
        ("postcode_sector", pa.string()),
        ("address_key", pa.string()),
        ("building_key", pa.string()),
        ("phone", pa.string()),
        ("nhs", pa.string()),
        ("upn", pa.string()),
        ("local_id", pa.string()),
        ("pnc", pa.string()),
        # the record's date, for a mention that gives no birth date, age or identifier:
        # never compared, only read by the hard rule that no one is named before birth
        ("seen_on", pa.date32()),
    ]
)
#: Columns only the hard rules read: rows differing in these alone are scored as one.
#: Such a group is merged by its self pair before any pair leaving it (``heron.identity.
#: expand``), so a hard rule reading these columns sees the group whole, as it would when
#: every member was scored on its own (bar ties of equal weight).
NOT_SCORED = ("seen_on",)


#: Whether the record says the mention is a child without an age (``MentionInput.said_child``):
#: the subject of a helpline contact from a child caller. The CASE reads the payload only
#: for helpline subjects.
SAID_CHILD = case(
    (
        and_(
            Record.type == "helpline_contact",
            Mention.role == "subject",
            Record.payload["attributes"]["caller_kind"].as_string() == "child",
        ),
        true(),
    ),
    else_=false(),
).label("said_child")


_MENTION_COLUMNS = (
    "mention_key", "given_name", "family_name", "aliases", "date_of_birth", "age", "sex",
    "address", "postcode", "phone", "nhs_number", "upn", "pnc_id", "local_id", "identifiers",
    "description",
)  # fmt: skip


def input_select(*extra: Any) -> Select[Any]:
    """A query for what ``mention_input`` reads of each person mention (``extra`` columns
    first), joined to its record: the caller adds which mentions."""
    columns = [getattr(Mention, name) for name in _MENTION_COLUMNS]
    return select(*extra, *columns, Record.agency, Record.occurred_at, SAID_CHILD).join(
        Record, Record.id == Mention.record_pk
    )


def load_mentions(engine: Engine, actor: Actor, as_of: datetime | None) -> list[MentionInput]:
    """Every person mention of the record versions visible at ``as_of``, in key order."""
    del actor  # the seam for access control; linking runs as a system actor today
    query = input_select().where(visible_at(as_of)).order_by(Mention.mention_key)
    with engine.connect() as conn:
        return [mention_input(row._mapping) for row in conn.execute(query)]


def mention_input(m: Mapping[Any, Any]) -> MentionInput:
    """One row of ``input_select`` as a ``MentionInput``."""
    ids: dict[str, str] = {k: str(v) for k, v in (m["identifiers"] or {}).items()}
    for name in ("nhs_number", "upn", "pnc_id", "local_id"):
        if m[name]:
            ids[name] = m[name]
    return MentionInput(
        mention_key=m["mention_key"],
        agency=m["agency"],
        occurred_at=m["occurred_at"],
        given_name=m["given_name"],
        family_name=m["family_name"],
        aliases=tuple(str(a) for a in (m["aliases"] or ())),
        date_of_birth=m["date_of_birth"],
        age=m["age"],
        sex=m["sex"],
        address=m["address"],
        postcode=m["postcode"],
        phone=m["phone"],
        identifiers=ids,
        apparent=(seen.low, seen.high) if (seen := apparent_age(m["description"])) else None,
        said_child=bool(m["said_child"]),
    )


def feature_row(mention: MentionInput) -> dict[str, Any]:
    """The comparable columns of one mention (see ``SCHEMA``)."""
    return {**_features(mention), "unique_id": mention.mention_key}


class FeatureRow(Mapping[str, Any]):
    """One mention's feature row that shares its columns with identical mentions.

    A child's many school-attendance records normalise to the same columns; holding
    those once (``base``) and only the mention key per row keeps a million rows small.
    """

    __slots__ = ("base", "key")

    def __init__(self, key: str, base: Mapping[str, Any]) -> None:
        self.key = key
        self.base = base

    def __getitem__(self, name: str) -> Any:
        return self.key if name == "unique_id" else self.base[name]

    def __iter__(self) -> Iterator[str]:
        return iter(SCHEMA.names)

    def __len__(self) -> int:
        return len(SCHEMA.names)


def feature_rows(mentions: Iterable[MentionInput]) -> list[FeatureRow]:
    """``feature_row`` of each mention, normalising each distinct raw mention only once."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    out: list[FeatureRow] = []
    for mention in mentions:
        key = _raw_key(mention)
        base = seen.get(key)
        if base is None:
            base = seen[key] = _features(mention)
        out.append(FeatureRow(mention.mention_key, base))
    return out


def _raw_key(m: MentionInput) -> tuple[Any, ...]:
    """Everything a feature row reads; the record's date matters with a stated age, and
    for a mention that says nothing of birth (``seen_on``)."""
    on = m.occurred_at if m.age is not None or _says_nothing_of_birth(m) else None
    if isinstance(on, datetime):
        on = on.date()
    ids = tuple(sorted(m.identifiers.items())) if m.identifiers else ()
    return (
        m.agency, m.given_name, m.family_name, m.aliases, m.date_of_birth, m.age, m.sex,
        m.address, m.postcode, m.phone, ids, on,
    )  # fmt: skip


def _features(mention: MentionInput) -> dict[str, Any]:
    """The comparable columns of one mention, without its key."""
    f = normalise_mention(
        given_name=mention.given_name,
        family_name=mention.family_name,
        aliases=mention.aliases,
        date_of_birth=mention.date_of_birth,
        age=mention.age,
        sex=mention.sex,
        address=mention.address,
        postcode=mention.postcode,
        phone=mention.phone,
        identifiers=mention.identifiers,
        occurred_at=mention.occurred_at,
    )
    others = dict(f.other_ids)
    local = others.get("local_id")
    dob = f.dob
    year = _mid_year(f)
    return {
        "unique_id": None,
        "agency": mention.agency,
        "given": f.given_name.split()[0] if f.given_name else None,
        "given_primary": f.given_name_primary,
        "given_variants": sorted(f.given_name_variants) or None,
        "given_meta": f.given_name_phonetic.metaphone if f.given_name_phonetic else None,
        "family": f.family_name.replace(" ", "") if f.family_name else None,
        "family_parts": list(f.family_name_parts) or None,
        "family_meta": f.family_name_phonetic.metaphone if f.family_name_phonetic else None,
        # every word of both names, sorted: equal when given and family name are swapped
        "name_key": f.name_key_unordered,
        "aliases": list(f.aliases) or None,
        "alias1": f.aliases[0] if f.aliases else None,
        "sex": f.sex,
        "dob": str(dob) if dob is not None and dob.is_full else None,
        "dob_year": dob.year if dob else None,
        "dob_month": dob.month if dob else None,
        "dob_day": dob.day if dob else None,
        "birth_lo": f.birth_earliest,
        "birth_hi": f.birth_latest,
        "birth_year": year,
        # two-year buckets offset by one: birth years at most one apart share one of them
        "birth_y2a": year // 2 if year is not None else None,
        "birth_y2b": (year + 1) // 2 if year is not None else None,
        "postcode": f.postcode,
        "postcode_sector": f.postcode_sector,
        "address_key": f.address_key,
        "building_key": f.address_building_key,
        "phone": f.phone_e164,
        "nhs": f.nhs_number,
        "upn": f.upn,
        "local_id": f"{mention.agency}:{local}" if local else None,
        "pnc": others.get("pnc_id"),
        "seen_on": _seen_on(mention),
    }


def _says_nothing_of_birth(m: MentionInput) -> bool:
    """No date of birth, no age and no identifier was recorded (as stored, unnormalised)."""
    return m.date_of_birth is None and m.age is None and not m.identifiers


def _seen_on(mention: MentionInput) -> date | None:
    """The record's date when the mention says nothing of the person's birth and carries no
    identifier: a name alone (perhaps with an address or phone) in a record dated before a
    person was born cannot be that person (``heron.identity.cluster``). A mention with a
    date of birth or an identifier is left out, so a pre-birth record naming an unborn
    child by the expected date or the agency's id still joins the child."""
    if not _says_nothing_of_birth(mention):
        return None
    when = mention.occurred_at
    return when.date() if isinstance(when, datetime) else when


def _mid_year(f: MentionFeatures) -> int | None:
    if f.birth_earliest is None or f.birth_latest is None:
        return None
    return f.birth_earliest.year + (f.birth_latest.year - f.birth_earliest.year) // 2


def feature_table(mentions: Iterable[MentionInput]) -> pa.Table:
    """The feature table of ``mentions`` as an Arrow table with a fixed schema."""
    return rows_to_table(feature_rows(mentions))


def rows_to_table(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Feature rows (from ``feature_row``) → an Arrow table with the fixed ``SCHEMA``.

    Rows that share their columns (``FeatureRow``) are converted once and repeated.
    """
    if rows and all(isinstance(row, FeatureRow) for row in rows):
        return _shared_rows_to_table(rows)  # type: ignore[arg-type]
    columns = {name: [row[name] for row in rows] for name in SCHEMA.names}
    return pa.table(columns, schema=SCHEMA)


def _shared_rows_to_table(rows: Sequence[FeatureRow]) -> pa.Table:
    index: dict[int, int] = {}
    bases: list[Mapping[str, Any]] = []
    positions: list[int] = []
    for row in rows:
        at = index.get(id(row.base))
        if at is None:
            at = index[id(row.base)] = len(bases)
            bases.append(row.base)
        positions.append(at)
    names = [name for name in SCHEMA.names if name != "unique_id"]
    distinct = pa.table(
        {name: [base[name] for base in bases] for name in names},
        schema=pa.schema([SCHEMA.field(name) for name in names]),
    ).take(pa.array(positions, type=pa.int64()))
    keys = pa.array([row.key for row in rows], type=pa.string())
    return distinct.add_column(0, SCHEMA.field("unique_id"), keys).select(SCHEMA.names)


def load_mentions_by_key(engine: Engine, actor: Actor, keys: Iterable[str]) -> list[MentionInput]:
    """The latest stored version of each of these person mentions (for explanations)."""
    del actor
    wanted = sorted(set(keys))
    query = (
        input_select()
        .where(Mention.mention_key.in_(wanted), Record.is_latest.is_(True))
        .order_by(Mention.mention_key)
    )
    with engine.connect() as conn:
        return [mention_input(r._mapping) for r in conn.execute(query)]

"""Building a child's view from records-v1 dicts: each record as one child sees it
(``record_view``), the child's own details in it, and the ``ChildView`` they make.

Owns which mentions are the child's own, who else is a child (by age, identity or how old
they looked), and the defaults for date of birth and sex. Protected attributes are
dropped on the way (``strip_protected``). Must not touch the store or score anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from heron.identity.normalise.apparent import apparent_age
from heron.indicators.inputs import (
    CHILD_ROLES,
    ChildView,
    Level,
    OtherMention,
    RecordView,
    VehicleView,
    age_on,
    strip_protected,
)
from heron.timeutil import parse_when


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    return _parsed(str(value))


@lru_cache(maxsize=65536)
def _parsed(text: str) -> datetime:
    """Parsed once: many records share a time (term dates, whole days)."""
    return parse_when(text)[0]


def _full_date(text: Any) -> date | None:
    if isinstance(text, str) and len(text) == 10:
        return _day(text)
    return None


@lru_cache(maxsize=65536)
def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _child_of(is_child: Mapping[str, bool] | None, key: str) -> bool | None:
    return is_child.get(key) if is_child is not None else None


def _mention_age(mention: Mapping[str, Any], occurred: datetime) -> int | None:
    if isinstance(mention.get("age"), int):
        return int(mention["age"])
    return age_on(_full_date(mention.get("date_of_birth")), occurred.date())


def _child_refs(
    key: str,
    persons: Sequence[Mapping[str, Any]],
    person_id: str,
    child_refs: Mapping[str, Sequence[str]] | None,
    person_ids: Mapping[str, str],
) -> tuple[str, ...]:
    if child_refs is not None and key in child_refs:
        return tuple(child_refs[key])
    refs = [_ref(m, i) for i, m in enumerate(persons)]
    by_id = tuple(r for r in refs if person_ids.get(f"{key}#{r}") == person_id)
    if by_id or person_ids:
        return by_id
    return next(
        ((r,) for r, m in zip(refs, persons, strict=True) if m.get("role") in CHILD_ROLES), ()
    )


def _ref(mention: Mapping[str, Any], index: int) -> str:
    return str(mention.get("ref", index))


def record_view(
    rec: Mapping[str, Any],
    person_id: str,
    *,
    child_refs: Mapping[str, Sequence[str]] | None = None,
    person_ids: Mapping[str, str] | None = None,
    is_child: Mapping[str, bool] | None = None,
) -> RecordView:
    """One records-v1 dict as the child ``person_id`` sees it."""
    key = f"{rec['agency']}:{rec['id']}"
    occurred = _when(rec["occurred_at"])
    recorded = _when(rec["recorded_at"])
    assert occurred is not None and recorded is not None, "records-v1 requires both times"
    persons: Sequence[Mapping[str, Any]] = rec.get("persons") or []
    ids = person_ids or {}
    mine = _child_refs(key, persons, person_id, child_refs, ids)
    others, child_age, child_role = [], None, None
    for index, mention in enumerate(persons):
        ref = _ref(mention, index)
        if ref in mine:
            child_age = child_age if child_age is not None else _mention_age(mention, occurred)
            child_role = child_role or str(mention.get("role") or "") or None
            continue
        age = _mention_age(mention, occurred)
        child = _child_of(is_child, f"{key}#{ref}") if age is None else age < 18
        seen = apparent_age(mention.get("description")) if age is None else None
        if child is None and seen is not None:
            child = seen.is_child  # how old they looked, when nothing else says
        others.append(
            OtherMention(
                key=f"{key}#{ref}",
                ref=ref,
                role=str(mention.get("role", "other")),
                person_id=ids.get(f"{key}#{ref}"),
                is_child=child,
                age=age,
                apparent=(seen.low, seen.high) if seen is not None else None,
            )
        )
    vehicles = tuple(
        VehicleView(key=f"{key}#vehicle{i}", registration=v.get("registration"), role=v.get("role"))
        for i, v in enumerate(rec.get("vehicles") or [])
    )
    return RecordView(
        key=key,
        sector=str(rec["sector"]),
        type=str(rec["type"]),
        occurred_at=occurred,
        recorded_at=recorded,
        ended_at=_when(rec.get("ended_at")),
        codes=tuple(str(c) for c in rec.get("codes") or ()),
        attributes=strip_protected(dict(rec.get("attributes") or {})),
        text=str(rec.get("text") or ""),
        child_refs=mine,
        child_age=child_age,
        child_role=child_role,
        others=tuple(others),
        vehicles=vehicles,
    )


#: The child's own mentions in one record: each one's full date of birth and sex, as given.
OwnDetails = tuple[tuple[date | None, Any], ...]


def own_details(rec: Mapping[str, Any], view: RecordView) -> OwnDetails:
    """Each of the child's own mentions in ``rec`` (those ``view`` names): its full date of
    birth and its sex, in the record's order."""
    return tuple(
        (_full_date(mention.get("date_of_birth")), mention.get("sex"))
        for index, mention in enumerate(rec.get("persons") or [])
        if _ref(mention, index) in view.child_refs
    )


def child_view_from_records(
    person_id: str,
    records: Iterable[Mapping[str, Any]],
    *,
    child_refs: Mapping[str, Sequence[str]] | None = None,
    person_ids: Mapping[str, str] | None = None,
    is_child: Mapping[str, bool] | None = None,
    date_of_birth: date | None = None,
    sex: str | None = None,
    practitioner_level: Level | str | None = None,
    home_postcode: str | None = None,
) -> ChildView:
    """Build a ``ChildView`` from records-v1 dicts.

    The child's own mentions in each record are ``child_refs[record key]`` if given, else
    the mentions that ``person_ids`` (mention key → person id) resolves to ``person_id``,
    else the first mention whose role is missing person, subject or victim. Another
    mention is a child when its age at the event says so, else as ``is_child`` (mention
    key → bool, e.g. from identity resolution) says. The date of birth and sex default to
    the first full ones on the child's own mentions.
    """
    recs = list(records)
    views = tuple(
        record_view(r, person_id, child_refs=child_refs, person_ids=person_ids, is_child=is_child)
        for r in recs
    )
    return assemble_child_view(
        person_id,
        views,
        [own_details(rec, view) for rec, view in zip(recs, views, strict=True)],
        date_of_birth=date_of_birth,
        sex=sex,
        practitioner_level=practitioner_level,
        home_postcode=home_postcode,
    )


def assemble_child_view(
    person_id: str,
    views: Sequence[RecordView],
    owns: Iterable[OwnDetails],
    *,
    date_of_birth: date | None = None,
    sex: str | None = None,
    practitioner_level: Level | str | None = None,
    home_postcode: str | None = None,
) -> ChildView:
    """A ``ChildView`` from its record views and each record's ``own_details``: the date of
    birth and sex default to the first full ones on the child's own mentions."""
    dob, found_sex = date_of_birth, sex
    for own in owns:
        for born, given_sex in own:
            dob = dob or born
            found_sex = found_sex or given_sex
    level = Level.parse(practitioner_level) if isinstance(practitioner_level, str) else None
    return ChildView(
        person_id=person_id,
        records=tuple(views),
        date_of_birth=dob,
        sex=found_sex,
        practitioner_level=practitioner_level if isinstance(practitioner_level, Level) else level,
        home_postcode=home_postcode,
    )

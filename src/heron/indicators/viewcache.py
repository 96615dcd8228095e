"""Record views kept between assessments in one process (a replay's steps).

Owns ``ViewCache``: each record's view as one child sees it (``RecordView``), with what the
child's view takes from that record besides (the child's own dates of birth, sexes and
postcodes), kept by (record primary key, person id). A stored record version never
changes (an amendment is a new version with its own key), so beside the record a view
depends only on linking: the person each of the record's mentions belongs to and whether
that person is a child. Both are kept with the view and compared at every look-up; a view
whose mentions linking has moved is built again. Must not read the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from heron.indicators.inputs import ChildView, RecordView
from heron.indicators.views import OwnDetails, assemble_child_view, own_details, record_view


@dataclass(frozen=True, slots=True)
class ViewPart:
    """One record as one child sees it, and the linking facts it was built from."""

    view: RecordView
    own: OwnDetails  # the child's own mentions' dates of birth and sexes
    postcodes: tuple[str, ...]  # the child's own mentions' postcodes (for the home postcode)
    keys: tuple[str, ...]  # every mention key of the record, in order
    persons: tuple[str | None, ...]  # each mention's person, when built
    children: tuple[bool | None, ...]  # whether each mention's person was a child


def _mention_keys(rec: Mapping[str, Any]) -> tuple[str, ...]:
    key = f"{rec['agency']}:{rec['id']}"
    persons = rec.get("persons") or ()
    return tuple(f"{key}#{mention.get('ref', index)}" for index, mention in enumerate(persons))


def _linking(
    keys: Sequence[str], person_of: Mapping[str, str], child_of: Mapping[str, bool]
) -> tuple[tuple[str | None, ...], tuple[bool | None, ...]]:
    """Each mention's person and whether that person is a child (None where unknown)."""
    persons = tuple(map(person_of.get, keys))
    # No person id is None, so looking None up gives None: no test per mention needed.
    child = cast("Callable[[str | None], bool | None]", child_of.get)
    return persons, tuple(map(child, persons))


def view_part(
    rec: Mapping[str, Any],
    person_id: str,
    person_of: Mapping[str, str],
    child_of: Mapping[str, bool],
    is_child: Mapping[str, bool],
) -> ViewPart:
    """Build one record's part of ``person_id``'s view (``is_child`` is mention key → whether
    its person is a child, ``child_of`` the same by person id)."""
    view = record_view(rec, person_id, person_ids=person_of, is_child=is_child)
    keys = _mention_keys(rec)
    persons, children = _linking(keys, person_of, child_of)
    postcodes = tuple(
        str(mention["postcode"])
        for person, mention in zip(persons, rec.get("persons") or (), strict=True)
        if person == person_id and mention.get("postcode")
    )
    return ViewPart(view, own_details(rec, view), postcodes, keys, persons, children)


def child_view_of(person_id: str, parts: Sequence[ViewPart]) -> ChildView:
    """The child's view from its records' parts, in the records' order; the home postcode is
    the one the child's own mentions give most often (the first such, on a tie)."""
    seen: Counter[str] = Counter(code for part in parts for code in part.postcodes)
    return assemble_child_view(
        person_id,
        [part.view for part in parts],
        [part.own for part in parts],
        home_postcode=seen.most_common(1)[0][0] if seen else None,
    )


class ViewCache:
    """Record views by (record primary key, person id), reused while their linking holds.

    ``heron.detection.replay`` passes one through its steps. Bounded: past ``limit`` views
    the oldest go first.
    """

    def __init__(self, limit: int = 400_000) -> None:
        self.limit = limit
        self._parts: dict[tuple[int, str], ViewPart] = {}

    def __len__(self) -> int:
        return len(self._parts)

    def get(
        self,
        pk: int,
        person_id: str,
        person_of: Mapping[str, str],
        child_of: Mapping[str, bool],
    ) -> ViewPart | None:
        """The part kept for this record and child, if linking still says what it said."""
        part = self._parts.get((pk, person_id))
        if part is None:
            return None
        persons, children = _linking(part.keys, person_of, child_of)
        if persons != part.persons or children != part.children:
            return None
        return part

    def put(self, pk: int, person_id: str, part: ViewPart) -> None:
        """Keep a part (replacing any older one for the same record and child)."""
        key = (pk, person_id)
        if key not in self._parts and len(self._parts) >= self.limit:
            del self._parts[next(iter(self._parts))]
        self._parts[key] = part

"""The acting user or named system process behind every service call.

Every service function takes an ``Actor`` so that access control and audit have one seam
to sit in: a person (with role and agency) or a named system actor such as the ingester.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone or something acting in Heron."""

    name: str
    role: str
    agency: str | None = None
    is_system: bool = False

    def label(self) -> str:
        """A short form for provenance columns and logs, e.g. ``system:ingest``."""
        prefix = "system" if self.is_system else (self.agency or "user")
        return f"{prefix}:{self.name}"


def system_actor(name: str) -> Actor:
    """A named system process, e.g. ``system_actor("ingest-cli")``."""
    return Actor(name=name, role="system", is_system=True)


def person_actor(name: str, role: str = "analyst", agency: str | None = None) -> Actor:
    """A person acting in their own name, e.g. an analyst deciding who is who
    (``person_actor("ann.jones")``, labelled ``user:ann.jones``)."""
    if not name.strip():
        raise ValueError("a person acting needs a name")
    return Actor(name=name.strip(), role=role, agency=agency)

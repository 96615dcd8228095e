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

"""Identity resolution: which mentions are the same person, vehicle, phone or place.

The public API is small: ``link_persons`` (run linking as of a date and store persons),
``person_rows`` (the ``export persons`` lines), ``explain_pair`` (why two mentions are or
are not one person), ``record_decision`` (a person's confirm / reject), and
``heron.identity.evaluate`` for accuracy on synthetic counties. The rest is private to
the package: ``features`` (mention feature table), ``model`` (blocking rules and
comparisons), ``linker`` (the ``LinkEngine`` seam over Splink on DuckDB), ``reference``
(parameters for inputs too small to train on), ``resolve``, ``cluster``, ``persons``
(stable ids, merges and splits), ``objects`` (phones, vehicles, places), ``decisions``,
``service`` and ``explain``. ``normalise`` is its own sub-package. See docs/identity.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heron.identity.decisions import DecisionKind, record_decision, withdraw_decision
    from heron.identity.explain import Explanation, explain_pair
    from heron.identity.service import LinkSummary, link_persons, person_rows

# Loaded on first use: linking pulls in Splink, DuckDB and Arrow, which importing
# ``heron.identity.normalise`` (ingest, every CLI start) must not pay for.
_HOME = {
    "DecisionKind": "decisions",
    "record_decision": "decisions",
    "withdraw_decision": "decisions",
    "Explanation": "explain",
    "explain_pair": "explain",
    "LinkSummary": "service",
    "link_persons": "service",
    "person_rows": "service",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'heron.identity' has no attribute {name!r}")
    return getattr(importlib.import_module(f"heron.identity.{home}"), name)


__all__ = [
    "DecisionKind",
    "Explanation",
    "LinkSummary",
    "explain_pair",
    "link_persons",
    "person_rows",
    "record_decision",
    "withdraw_decision",
]

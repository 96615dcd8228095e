"""Small wording helpers shared by the explanations Heron writes (indicators, networks,
alerts).

Owns ``count``. Must not hold any domain wording: that stays with the package whose
explanation it is.
"""

from __future__ import annotations


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 record', '3 records'; ``many`` for an irregular plural ('3 agencies')."""
    return f"{n} {one if n == 1 else many or one + 's'}"

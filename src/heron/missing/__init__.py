"""Missing episodes of children: de-duplicated episodes, return interviews, co-missing.

Public API: ``episodes``, ``overdue_interviews``, ``co_missing``, ``co_missing_for`` and
the types they return. Reads ``ChildView`` from ``heron.indicators.inputs``.
"""

from heron.missing.comissing import (
    CoMissingGroup,
    CoMissingMember,
    co_missing,
    co_missing_for,
    night_of,
)
from heron.missing.episodes import (
    INTERVIEW_DUE,
    Episode,
    FoundAt,
    FoundWith,
    OverdueInterview,
    ReturnInterview,
    episodes,
    overdue_interviews,
)

__all__ = [
    "INTERVIEW_DUE",
    "CoMissingGroup",
    "CoMissingMember",
    "Episode",
    "FoundAt",
    "FoundWith",
    "OverdueInterview",
    "ReturnInterview",
    "co_missing",
    "co_missing_for",
    "episodes",
    "night_of",
    "overdue_interviews",
]

"""Detection as a whole: one date's pipeline, and its replay over a period.

Owns the order in which the capabilities run as of a date — identity (link), indicators
(every child's level), patterns (networks), alerts (sync) — in ``detect``, and running that
pipeline as of each date of a period in ``replay`` ("what did we know when?"). It must not
compute indicators, find networks, store alerts or link persons itself: it only calls the
packages that own those, on behalf of the acting ``Actor``.
"""

from heron.detection.replay import ReplayStep, parse_every, replay, replay_dates
from heron.detection.service import DetectResult, assess_with_networks, detect

__all__ = [
    "DetectResult",
    "ReplayStep",
    "assess_with_networks",
    "detect",
    "parse_every",
    "replay",
    "replay_dates",
]

"""Network detection: children with concern tied through the same adults, vehicles,
phones, handles and places, or missing together; scored, ranked and explained, with the
decoy context that lowers a score said in words.
"""

from heron.patterns.context import CONTEXT_WHY
from heron.patterns.detect import CONCERN_LEVELS, detect_networks
from heron.patterns.score import (
    CONTEXT_CAP,
    NETWORK_ALERT_THRESHOLD,
    NETWORK_ALERT_THRESHOLD_REASON,
    NetworkFinding,
    score_network,
)
from heron.patterns.service import find_networks

__all__ = [
    "CONCERN_LEVELS",
    "CONTEXT_CAP",
    "CONTEXT_WHY",
    "NETWORK_ALERT_THRESHOLD",
    "NETWORK_ALERT_THRESHOLD_REASON",
    "NetworkFinding",
    "detect_networks",
    "find_networks",
    "score_network",
]

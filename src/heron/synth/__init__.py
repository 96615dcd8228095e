"""``heron synth``: a synthetic county of records-v1 files with planted ground truth.

Only synthetic people: names come from one shared distribution, identifiers from ranges that
are never issued. The public API is ``generate(SynthConfig(...)) -> SynthSummary``.
"""

from heron.synth.config import SynthConfig, SynthSummary, children_for_records
from heron.synth.generate import ProgressFn, generate

__all__ = ["ProgressFn", "SynthConfig", "SynthSummary", "children_for_records", "generate"]

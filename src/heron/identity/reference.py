"""The reference model: parameters trained once on a synthetic county, for small inputs.

Owns loading the shipped parameters (``reference_model.json``) and adapting them to a
given number of mentions. Unsupervised training needs volume: on a few hundred mentions
EM cannot tell a person from a household. Below ``MIN_TRAINING_MENTIONS`` Heron therefore
uses these parameters, with the prior rescaled to the input's size (a person's mentions
are a larger share of a small input) and without term-frequency adjustments.
``python -m benchmarks.identity --write-reference`` regenerates the file; a test checks
that it matches the current model's comparisons. It must not train anything itself.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from heron.identity.linker import TrainedModel, trained_from_settings

MIN_TRAINING_MENTIONS = 3000
MAX_PRIOR = 0.05  # however small the input, a random pair is rarely one person
FILE = "reference_model.json"


def load_reference() -> dict[str, Any]:
    """The stored reference: ``{"mentions": N, "settings": {...}}``."""
    text = resources.files("heron.identity").joinpath(FILE).read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def reference_model(name: str, mentions: int) -> TrainedModel:
    """The reference parameters with the prior scaled from its county to ``mentions``."""
    data = load_reference()
    settings = dict(data["settings"])
    prior = float(settings["probability_two_random_records_match"])
    scaled = prior * data["mentions"] / max(mentions, 2)
    settings["probability_two_random_records_match"] = min(scaled, MAX_PRIOR)
    # Name frequencies counted in a small input say little: no term-frequency adjustment.
    settings["comparisons"] = [
        {
            **comparison,
            "comparison_levels": [
                {k: v for k, v in level.items() if not k.startswith("tf_")}
                for level in comparison["comparison_levels"]
            ],
        }
        for comparison in settings["comparisons"]
    ]
    return trained_from_settings(name, settings)


def reference_payload(trained: TrainedModel, mentions: int) -> str:
    """The file content for a model trained on ``mentions`` mentions."""
    return json.dumps({"mentions": mentions, "settings": trained.splink_settings}, indent=1)

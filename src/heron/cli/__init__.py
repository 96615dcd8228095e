"""The ``heron`` command line: thin Typer commands over the capability packages' services.

Each capability registers its commands from its own module here (``cli/ingest.py``,
``cli/synth.py``, …) through ``register(app)``; no business logic lives in this package.
"""

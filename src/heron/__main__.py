"""``python -m heron`` runs the command line."""

from heron.cli.main import app

app()

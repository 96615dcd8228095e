"""``python -m heron`` runs the command line."""

from heron.cli.main import app

if __name__ == "__main__":
    app()

"""Heron: join the dots on child sexual exploitation across agencies."""

"""Benchmarks behind ``make bench``: speed and memory targets, measured and written down.

Figures go to docs/benchmarks.md with the machine and the date. Nothing here is a unit test:
timings are never asserted in the test suite.
"""

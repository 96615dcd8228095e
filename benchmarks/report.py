"""Writing a benchmark's section into docs/benchmarks.md, keeping the other sections."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Measured by `make bench` (each section by its own module under `benchmarks/`). "
    "Every figure names the machine and the date it was measured on; rerun to refresh.\n"
)


def write_section(name: str, body: str) -> None:
    """Replace (or add) the section between ``<!-- bench:NAME -->`` markers."""
    text = DOC.read_text() if DOC.exists() else HEADER
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)

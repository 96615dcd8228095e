"""Chronologies as files: CSV (one row per entry, stable columns) and a plain PDF.

Owns ``CSV_COLUMNS``, ``write_csv``, ``pdf_bytes`` and ``write_pdf``. The PDF uses
fpdf2's built-in Helvetica, which covers Latin-1 only: other characters are spelt out
(``→`` as ``->``) or lose their accents rather than break the file. Must not query the
store: it writes what ``chronology`` assembled.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import IO

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from heron.chronology.model import Chronology, Entry

#: CSV columns, in order. Add new ones at the end: people's spreadsheets depend on these.
CSV_COLUMNS = (
    "occurred_at",
    "ended_at",
    "recorded_at",
    "agency",
    "sector",
    "type",
    "roles",
    "summary",
    "recorded_by_name",
    "recorded_by_role",
    "record_key",
    "version",
    "person_id",
)


def _csv_row(chronology: Chronology, entry: Entry) -> list[str]:
    return [
        entry.when,
        entry.until,
        f"{entry.recorded_at:%Y-%m-%d %H:%M}",
        entry.agency,
        entry.sector,
        entry.type,
        ";".join(entry.roles),
        entry.summary,
        entry.recorded_by_name or "",
        entry.recorded_by_role or "",
        entry.record_key,
        str(entry.version),
        chronology.person_id,
    ]


def write_csv(chronology: Chronology, target: Path | IO[str]) -> None:
    """Write one header line and one row per entry (UTF-8) to a path or an open text file."""
    if isinstance(target, Path):
        with target.open("w", newline="", encoding="utf-8") as handle:
            write_csv(chronology, handle)
        return
    writer = csv.writer(target)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(chronology, e) for e in chronology.entries)


_SPELT_OUT = str.maketrans(
    {"→": "->", "–": "-", "—": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'}
)


def latin1(text: str) -> str:
    """Text the PDF's built-in font can draw: arrows and dashes spelt out, accents dropped
    only where Latin-1 lacks the letter, anything else as ``?``."""
    text = text.translate(_SPELT_OUT)
    if all(ord(c) < 256 for c in text):
        return text
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
        else:
            base = unicodedata.normalize("NFKD", char)[0]
            out.append(base if ord(base) < 256 else "?")
    return "".join(out)


class _Document(FPDF):
    def __init__(self, heading: str) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.heading = heading
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(auto=True, margin=14)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, latin1(self.heading), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def pdf_bytes(chronology: Chronology) -> bytes:
    """The chronology as a PDF: who and as of when, counts per agency, then every entry."""
    c = chronology
    pdf = _Document(f"Chronology of {c.name} ({c.person_id}), as of {c.as_of_label}")
    pdf.set_title(latin1(f"Chronology of {c.name}"))
    pdf.set_author("Heron")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, latin1(f"Chronology of {c.name}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)
    born = c.date_of_birth or "not recorded"
    facts = [
        f"Person {c.person_id}; date of birth {born}",
        f"As of {c.as_of_label} (identity run {c.run_id})",
        _filters(c),
        c.counts_line,
    ]
    for line in facts:
        if line:
            pdf.multi_cell(0, 5, latin1(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    if c.entries:
        _table(pdf, c)
    return bytes(pdf.output())


def _filters(c: Chronology) -> str:
    parts = []
    if c.sectors:
        parts.append("sectors " + ", ".join(c.sectors))
    if c.types:
        parts.append("types " + ", ".join(c.types))
    if c.start or c.end:
        start = f"{c.start:%Y-%m-%d}" if c.start else "the beginning"
        end = f"{c.end:%Y-%m-%d}" if c.end else "the end"
        parts.append(f"from {start} to {end}")
    return ("Only " + "; ".join(parts)) if parts else ""


def _table(pdf: FPDF, c: Chronology) -> None:
    pdf.set_font("Helvetica", size=8)
    with pdf.table(
        col_widths=(26, 30, 28, 135, 54),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", "LEFT"),
        line_height=4,
        repeat_headings=1,
    ) as table:
        table.row(["Date", "Agency", "Type", "Summary", "Recorded by"])
        for e in c.entries:
            table.row(
                [
                    latin1(e.when),
                    latin1(e.agency),
                    latin1(e.type.replace("_", " ")),
                    latin1(e.summary),
                    latin1(e.recorded_by),
                ]
            )


def write_pdf(chronology: Chronology, path: Path) -> None:
    """Write the chronology's PDF to ``path``."""
    path.write_bytes(pdf_bytes(chronology))

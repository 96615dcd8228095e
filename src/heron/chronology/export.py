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


#: The entry table's columns: heading and width in mm (landscape A4 less the margins).
_COLUMNS = (
    ("Date", 26.0),
    ("Agency", 28.0),
    ("Sector", 20.0),
    ("Type", 26.0),
    ("Summary", 121.0),
    ("Recorded by", 52.0),
)
_LINE = 4.0  # mm per line of 8-point text
_PAD = 1.0  # mm inside each cell


class _Wrapper:
    """Greedy word wrapping with each word's width measured once (fpdf2's table layout
    re-measures every cell several times, which made 2,000 rows take many seconds)."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.widths: dict[str, float] = {}
        self.space = pdf.get_string_width(" ")

    def width(self, word: str) -> float:
        known = self.widths.get(word)
        if known is None:
            known = self.widths[word] = self.pdf.get_string_width(word)
        return known

    def lines(self, text: str, room: float) -> list[str]:
        out: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line, used = "", 0.0
            for word in paragraph.split():
                for piece in self._pieces(word, room):
                    w = self.width(piece)
                    if line and used + self.space + w > room:
                        out.append(line)
                        line, used = piece, w
                    else:
                        line, used = (
                            (f"{line} {piece}", used + self.space + w) if line else (piece, w)
                        )
            out.append(line)
        return out

    def _pieces(self, word: str, room: float) -> list[str]:
        """A word too wide for the column, cut where it must be."""
        if self.width(word) <= room:
            return [word]
        pieces, piece = [], ""
        for char in word:
            if piece and self.pdf.get_string_width(piece + char) > room:
                pieces.append(piece)
                piece = ""
            piece += char
        return [*pieces, piece]


def _row(pdf: FPDF, cells: list[list[str]], bold: bool = False) -> None:
    """One table row at the current position: each cell's lines, then a rule beneath."""
    height = max(len(lines) for lines in cells) * _LINE + 2 * _PAD
    top, x = pdf.get_y(), pdf.l_margin
    pdf.set_font("Helvetica", "B" if bold else "", 8)
    for lines, (_, width) in zip(cells, _COLUMNS, strict=True):
        for n, line in enumerate(lines):
            if line:
                pdf.text(x + _PAD, top + _PAD + (n + 0.78) * _LINE, line)
        x += width
    pdf.line(pdf.l_margin, top + height, x, top + height)
    pdf.set_y(top + height)


def _table(pdf: FPDF, c: Chronology) -> None:
    pdf.set_font("Helvetica", size=8)
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.1)
    wrap = _Wrapper(pdf)
    heading = [[name] for name, _ in _COLUMNS]
    bottom = pdf.h - pdf.b_margin
    _row(pdf, heading, bold=True)
    for e in c.entries:
        texts = (
            e.when,
            e.agency,
            e.sector.replace("_", " "),
            e.type.replace("_", " "),
            e.summary,
            e.recorded_by,
        )
        cells = [
            wrap.lines(latin1(t), width - 2 * _PAD)
            for t, (_, width) in zip(texts, _COLUMNS, strict=True)
        ]
        if pdf.get_y() + max(map(len, cells)) * _LINE + 2 * _PAD > bottom:
            pdf.add_page()
            _row(pdf, heading, bold=True)
            pdf.set_font("Helvetica", size=8)
        _row(pdf, cells)


def write_pdf(chronology: Chronology, path: Path) -> None:
    """Write the chronology's PDF to ``path``."""
    path.write_bytes(pdf_bytes(chronology))

"""The multi-agency chronology of one person: every record that mentions them, in order.

Public API: ``chronology`` (assemble, as of a date, with filters), ``Chronology`` and
``Entry`` (what it returns), ``provenance`` (where an entry's record came from:
``Provenance``), ``UnknownPerson``, ``summarise``/``Facts`` (one-line
summaries per record type), ``write_csv``, ``pdf_bytes`` and ``write_pdf``. Reads the
store and the identity runs; writes nothing itself (when no identity run exists for the
date, ``heron.identity`` links first and stores its run).
"""

from heron.chronology.export import CSV_COLUMNS, pdf_bytes, write_csv, write_pdf
from heron.chronology.model import Chronology, Entry, Provenance
from heron.chronology.service import UnknownPerson, chronology, provenance
from heron.chronology.summary import Facts, summarise

__all__ = [
    "CSV_COLUMNS",
    "Chronology",
    "Entry",
    "Facts",
    "Provenance",
    "UnknownPerson",
    "chronology",
    "pdf_bytes",
    "provenance",
    "summarise",
    "write_csv",
    "write_pdf",
]

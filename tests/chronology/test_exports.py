"""CSV columns and the PDF of a chronology (built in memory: exports never read the store)."""

from __future__ import annotations

import csv
import io
import re
import zlib
from datetime import datetime
from pathlib import Path

import orjson

from heron.chronology import CSV_COLUMNS, Chronology, Entry, pdf_bytes, write_csv, write_pdf


def entry(key: str, day: int, payload: dict[str, object], **fields: object) -> Entry:
    base: dict[str, object] = {
        "record_key": key, "version": 1, "occurred_at": datetime(2007, 3, day, 22, 0),
        "occurred_is_date": False, "ended_at": None, "recorded_at": datetime(2007, 3, day, 23, 5),
        "agency": key.split(":")[0], "sector": "police", "type": "missing_episode",
        "roles": ("missing_person",), "mention_keys": (f"{key}#c",), "refs": ("c",),
        "recorded_by_name": "Sam Jones", "recorded_by_role": "PC", "raw": orjson.dumps(payload),
    }  # fmt: skip
    return Entry(**{**base, **fields})  # type: ignore[arg-type]


def sample(entries: int = 2) -> Chronology:
    rows = [
        entry("tvp:MISS-1", 1, {"ended_at": "2007-03-02T09:10"},
              ended_at=datetime(2007, 3, 2, 9, 10)),
        entry("ouh:ED-1", 5, {"attributes": {"setting": "ed", "reasons": ["intoxication"]}},
              sector="health", type="health_attendance", roles=("subject", "other"),
              recorded_by_name=None, recorded_by_role="Nurse", occurred_is_date=True),
    ]  # fmt: skip
    rows += [
        entry(f"tvp:X-{n}", 9, {"text": f"Note {n} – Zoë said “no”"}, type="case_note")
        for n in range(entries - 2)
    ]
    return Chronology(
        "P000042", "Zoë", "Smith", "1993-05-02", datetime(2007, 12, 31, 23, 59), 3, tuple(rows)
    )


def test_csv_has_stable_columns_and_one_row_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    write_csv(sample(), path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert tuple(rows[0]) == CSV_COLUMNS == (
        "occurred_at", "ended_at", "recorded_at", "agency", "sector", "type", "roles", "summary",
        "recorded_by_name", "recorded_by_role", "record_key", "version", "person_id",
    )  # fmt: skip
    assert rows[1] == [
        "2007-03-01 22:00", "2007-03-02 09:10", "2007-03-01 23:05", "tvp", "police",
        "missing_episode", "missing_person", "Missing 22:00 → 09:10 next day (11 h)",
        "Sam Jones", "PC", "tvp:MISS-1", "1", "P000042",
    ]  # fmt: skip
    assert rows[2][:3] == ["2007-03-05", "", "2007-03-05 23:05"]
    assert rows[2][6] == "subject;other" and rows[2][8:10] == ["", "Nurse"]
    buffer = io.StringIO()
    write_csv(sample(), buffer)
    assert buffer.getvalue().splitlines()[0].startswith("occurred_at,ended_at,")


def _pdf_text(data: bytes) -> str:
    """The text drawn on the pages: inflate each content stream, keep its strings."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            body = zlib.decompress(stream)
        except zlib.error:
            continue
        text += [s.decode("latin-1") for s in re.findall(rb"\((.*?)\) ?Tj", body)]
    return "\n".join(text)


def test_pdf_has_the_person_the_counts_the_entries_and_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    write_pdf(sample(entries=80), path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Chronology of Zo\xeb Smith" in text  # ë is in the PDF's Latin-1 font
    assert "Person P000042; date of birth 1993-05-02" in text
    assert "80 records: tvp 79, ouh 1" in text
    assert "A&E: intoxication" in text and "Missing 22:00 -> 09:10 next day" in text
    assert 'Case note: Note 7 - Zo\xeb said "no"' in text  # dashes and quotes spelt out
    pages = len(re.findall(rb"/Type /Page\b", data))
    assert pages >= 2 and all(f"Page {n} of" in text for n in range(1, pages + 1))
    assert text.count("Date\nAgency\nSector\nType\nSummary\nRecorded by") == pages  # repeated
    assert "health\nhealth attendance\nA&E: intoxication" in text  # the sector of each entry
    assert "social care" in _pdf_text(pdf_bytes(_with_sector(sample(), "social_care")))


def _with_sector(c: Chronology, sector: str) -> Chronology:
    entries = tuple(entry(e.record_key, 1, dict(e.payload), sector=sector) for e in c.entries)
    return Chronology(c.person_id, c.given_name, c.family_name, None, None, 1, entries)


def test_an_empty_chronology_still_makes_a_pdf() -> None:
    empty = Chronology("P000001", None, None, None, None, 1, ())
    data = pdf_bytes(empty)
    assert data.startswith(b"%PDF") and "0 records" in _pdf_text(data)

"""Streaming lines out of records files (``.jsonl`` and ``.jsonl.gz``), whatever state they are in.

The file name decides the compression (``.gz`` is gzip; anything else is read as it is).
Yields one ``Line`` per input line in constant memory: the BOM and Windows line endings are
removed, an over-long line is cut to what is kept (its length and checksum describe the whole),
and a file that ends early (a truncated gzip stream) or cannot be opened yields one final
``Line`` carrying the problem instead of raising.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import msgspec

BOM = b"\xef\xbb\xbf"
SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_READ_PIECE = 1024 * 1024


class Line(msgspec.Struct, frozen=True, array_like=True):
    """One input line, or (``problem`` set) the reason the file could not be read further."""

    line_no: int
    raw: bytes
    length: int
    too_long: bool = False
    whole_sha256: str | None = None  # set when ``raw`` is not the whole line
    problem: str | None = None


def is_records_file(path: Path) -> bool:
    return path.name.endswith(SUFFIXES)


def find_files(paths: list[Path]) -> list[Path]:
    """Files named, and records files found (sorted) under folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_records_file(p)))
        else:
            found.append(path)
    return found


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class LineReader:
    """Iterate a file's lines; ``position`` reports bytes consumed of the file on disk."""

    def __init__(self, path: Path, max_line_bytes: int, keep_bytes: int) -> None:
        self.path = path
        self.max_line_bytes = max_line_bytes
        self.keep_bytes = keep_bytes
        self._disk: BinaryIO | None = None

    @property
    def position(self) -> int:
        return self._disk.tell() if self._disk is not None and not self._disk.closed else 0

    def __iter__(self) -> Iterator[Line]:
        line_no = 0
        try:
            with self.path.open("rb") as disk:
                self._disk = disk
                stream: BinaryIO = (
                    gzip.GzipFile(fileobj=disk) if self.path.name.endswith(".gz") else disk  # type: ignore[assignment]
                )
                for line in self._lines(stream):
                    line_no = line.line_no
                    yield line
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield Line(line_no + 1, b"", 0, problem=f"file ends early or is corrupt: {exc}")
        except OSError as exc:
            yield Line(line_no + 1, b"", 0, problem=f"file could not be read: {exc}")

    def _lines(self, stream: BinaryIO) -> Iterator[Line]:
        """Non-blank lines with their 1-based numbers (blank lines are counted, not yielded)."""
        line_no = 0
        while True:
            raw = stream.readline(self.max_line_bytes + 1)
            if not raw:
                return
            line_no += 1
            if line_no == 1:
                raw = raw.removeprefix(BOM)
            if len(raw) > self.max_line_bytes and not raw.endswith(b"\n"):
                yield self._over_long(line_no, raw, stream)
                continue
            raw = raw.rstrip(b"\r\n")
            if raw.strip():
                yield Line(line_no, raw, len(raw))

    def _over_long(self, line_no: int, start: bytes, stream: BinaryIO) -> Line:
        """Read past a line longer than allowed, keeping its head, length and checksum."""
        head = start[: self.keep_bytes]
        digest = hashlib.sha256(start)
        length = len(start)
        piece = start
        while not piece.endswith(b"\n"):
            piece = stream.readline(_READ_PIECE)
            if not piece:
                break
            digest.update(piece)
            length += len(piece)
        return Line(line_no, head, length, too_long=True, whole_sha256=digest.hexdigest())

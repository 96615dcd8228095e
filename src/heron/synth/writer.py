"""Streaming gzip JSON Lines output: one file per agency, byte-identical for a given seed.

Records are serialised with orjson and buffered into large writes; the gzip header carries
no file name and no timestamp, so the same seed always produces the same bytes.
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import orjson

_FLUSH_BYTES = 1 << 18


class JsonlGzWriter:
    """Writes one JSON object per line into a deterministic ``.jsonl.gz`` file."""

    def __init__(self, path: Path, compresslevel: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._raw: IO[bytes] = path.open("wb")
        self._gz = gzip.GzipFile(
            filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=compresslevel
        )
        self._buf: list[bytes] = []
        self._size = 0
        self.lines = 0

    def write(self, obj: Any) -> None:
        line = orjson.dumps(obj)
        self._buf.append(line)
        self._size += len(line) + 1
        self.lines += 1
        if self._size >= _FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._buf.append(b"")
            self._gz.write(b"\n".join(self._buf))
            self._buf = []
            self._size = 0

    def close(self) -> None:
        self.flush()
        self._gz.close()
        self._raw.close()

    def __enter__(self) -> JsonlGzWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class RecordSink:
    """Per-agency record files: ``records/<agency>.jsonl.gz`` for first issues and
    ``records/<agency>.reissued.jsonl.gz`` for re-issues of the same ids with new content."""

    def __init__(self, out: Path, compresslevel: int) -> None:
        self.dir = out / "records"
        self._level = compresslevel
        self._files: dict[str, JsonlGzWriter] = {}
        self.by_agency: Counter[str] = Counter()
        self.by_type: Counter[str] = Counter()
        self.reissued: Counter[str] = Counter()
        self.superseding: Counter[str] = Counter()
        self.total = 0

    def _file(self, name: str) -> JsonlGzWriter:
        writer = self._files.get(name)
        if writer is None:
            writer = JsonlGzWriter(self.dir / f"{name}.jsonl.gz", self._level)
            self._files[name] = writer
        return writer

    def write(self, record: dict[str, Any]) -> None:
        agency = record["agency"]
        self._file(agency).write(record)
        self.by_agency[agency] += 1
        self.by_type[record["type"]] += 1
        if "supersedes" in record:
            self.superseding[agency] += 1
        self.total += 1

    def write_reissue(self, record: dict[str, Any]) -> None:
        agency = record["agency"]
        self._file(f"{agency}.reissued").write(record)
        self.reissued[agency] += 1

    @property
    def files(self) -> list[Path]:
        return sorted(w.path for w in self._files.values())

    def close(self) -> None:
        for writer in self._files.values():
            writer.close()

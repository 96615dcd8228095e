"""Reading lines from files in every state they arrive in."""

from __future__ import annotations

import gzip
from pathlib import Path

from heron.ingest.reader import LineReader, find_files


def lines_of(path: Path, max_line: int = 1000) -> list[tuple[int, bytes, str | None]]:
    return [(ln.line_no, ln.raw, ln.problem) for ln in LineReader(path, max_line, 100)]


def test_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a":1}\r\n\r\n  \n{"b":2}\r\n')
    assert lines_of(path) == [(1, b'{"a":1}', None), (4, b'{"b":2}', None)]


def test_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a":1}\n{"b":2}')
    assert [raw for _, raw, _ in lines_of(path)] == [b'{"a":1}', b'{"b":2}']


def test_over_long_line_is_cut_and_described(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"x" * 5000 + b"\n{}\n")
    lines = list(LineReader(path, 1000, 100))
    assert lines[0].too_long and lines[0].length == 5001 and len(lines[0].raw) == 100
    assert lines[0].whole_sha256 is not None
    assert (lines[1].line_no, lines[1].raw) == (2, b"{}")


def test_gzip_and_truncated_gzip(tmp_path: Path) -> None:
    data = b"".join(b'{"n":%d}\n' % i for i in range(2000))
    whole = tmp_path / "a.jsonl.gz"
    whole.write_bytes(gzip.compress(data))
    assert len(lines_of(whole)) == 2000
    cut = tmp_path / "b.jsonl.gz"
    cut.write_bytes(gzip.compress(data)[:-200])
    lines = lines_of(cut)
    assert lines[-1][2] is not None and "ends early" in lines[-1][2]
    assert all(problem is None for _, _, problem in lines[:-1])


def test_not_gzip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(b"\x1f\x8bthis is not gzip")
    [(line_no, _, problem)] = lines_of(path)
    assert line_no == 1 and problem is not None


def test_find_files_in_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.jsonl", "sub/a.jsonl.gz", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in find_files([tmp_path])] == ["b.jsonl", "a.jsonl.gz"]


def test_plain_file_starting_like_gzip_is_read_as_plain(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\x1f\x8b\n{}\n")
    assert [raw for _, raw, _ in lines_of(path)] == [b"\x1f\x8b", b"{}"]

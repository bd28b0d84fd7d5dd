"""Reading a movies CSV: whole-file checks (encoding, binary content, quoting, header) and
records one at a time, from the uploaded file or from a job's stored chunks.

Everything here streams: a 50 MB file is never held in memory. Whole-file problems raise
CsvFileError (a 400 before anything is written); a record with the wrong number of cells is
a row error, reported with that row."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from reelfake.exceptions import ApplicationError

COLUMNS = (
    "tmdb_id",
    "imdb_id",
    "title",
    "original_title",
    "overview",
    "runtime",
    "release_date",
    "genres",
    "countries_of_origin",
    "language",
    "movie_status",
    "popularity",
    "budget",
    "revenue",
    "rating_average",
    "rating_count",
    "poster_url",
    "rental_rate",
)

MSG_EMPTY = "The uploaded file is empty"
MSG_HEADER_ONLY = "The CSV file has a header row but no data rows"
MSG_BINARY = "The uploaded file is not a CSV file: it contains binary data"
MSG_UTF16 = "The CSV file must be UTF-8 encoded, not UTF-16"
MSG_NOT_UTF8 = "The CSV file must be UTF-8 encoded: invalid byte 0x{byte:02x} on line {line}"
MSG_DELIMITER = "The CSV file must be comma-separated: the header row is separated by '{found}'"
MSG_MISSING = "The CSV header is missing the columns: {columns}"
MSG_UNKNOWN = "The CSV header has unknown columns: {columns}"
MSG_REPEATED = "The CSV header repeats the columns: {columns}"
MSG_MALFORMED = "Malformed CSV in the record starting on line {line}: {detail}"
MSG_TOO_MANY_ROWS = "The CSV file has more than {limit} data rows; split it into smaller files"
MSG_WRONG_CELL_COUNT = "The row has {found} cells instead of {expected}"

_CSV_DETAILS = {
    "unexpected end of data": "a quoted value is never closed",
    "',' expected after '\"'": "a closing quote must be followed by a comma or a line end",
}
_OTHER_DELIMITERS = (";", "\t", "|")
READ_SIZE = 64 * 1024


class CsvFileError(ApplicationError):
    """The file as a whole cannot be read as a movies CSV (400)."""


class _CheckedBytes(io.RawIOBase):
    """Raw bytes from `chunks`, refused when they are not UTF-8 text (binary data, UTF-16,
    bad bytes). The decoding is only a check: TextIOWrapper decodes again for the reader."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._lines_before = 1
        self._first = True

    def readable(self):
        return True

    def _next_chunk(self) -> bytes:
        for chunk in self._chunks:
            if chunk:
                self._check(chunk)
                return chunk
        self._check(b"", final=True)
        return b""

    def _check(self, chunk: bytes, final: bool = False) -> None:
        if self._first and chunk:
            self._first = False
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise CsvFileError(MSG_UTF16)
        if b"\x00" in chunk:
            raise CsvFileError(MSG_BINARY)
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            # exc.object is what the decoder held plus this chunk: find the line it is on.
            line = self._lines_before + exc.object[: exc.start].count(b"\n")
            raise CsvFileError(MSG_NOT_UTF8.format(byte=exc.object[exc.start], line=line)) from None
        self._lines_before += chunk.count(b"\n")

    def readinto(self, buffer) -> int:
        if not self._pending:
            self._pending = memoryview(self._next_chunk())
            if not self._pending:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def file_chunks(file, size: int = READ_SIZE) -> Iterator[bytes]:
    """A binary file-like object, read from its start in pieces."""
    file.seek(0)
    while chunk := file.read(size):
        yield chunk


@dataclass(frozen=True)
class Record:
    """One data row: `cells` by column name, or None when the row has the wrong number of
    cells (`cell_count` says how many)."""

    row_number: int
    cells: dict[str, str] | None
    cell_count: int

    @property
    def shape_error(self) -> str:
        return MSG_WRONG_CELL_COUNT.format(found=self.cell_count, expected=len(COLUMNS))


def _header_positions(header: list[str]) -> list[str]:
    names = [name.strip().lower() for name in header]
    if len(names) == 1:
        for delimiter in _OTHER_DELIMITERS:
            if delimiter in names[0]:
                shown = "\\t" if delimiter == "\t" else delimiter
                raise CsvFileError(MSG_DELIMITER.format(found=shown))
    problems = []
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        problems.append(MSG_MISSING.format(columns=", ".join(missing)))
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        problems.append(MSG_UNKNOWN.format(columns=", ".join(n or '""' for n in unknown)))
    repeated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if repeated:
        problems.append(MSG_REPEATED.format(columns=", ".join(repeated)))
    if problems:
        raise CsvFileError("; ".join(problems))
    return names


def _is_blank(row: list[str]) -> bool:
    return all(not cell.strip() for cell in row)


def records(chunks: Iterable[bytes]) -> Iterator[Record]:
    """The data rows of a movies CSV, numbered from 1 (blank lines are not rows).

    Raises CsvFileError as soon as the file shows a whole-file problem, so a caller that must
    not write half a file reads it through once (`check_file`) before writing anything."""
    text = io.TextIOWrapper(
        io.BufferedReader(_CheckedBytes(chunks), READ_SIZE), encoding="utf-8-sig", newline=""
    )
    reader = csv.reader(text, strict=True)
    header = None
    row_number = 0
    while True:
        starts_on = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            detail = _CSV_DETAILS.get(str(exc), str(exc))
            raise CsvFileError(MSG_MALFORMED.format(line=starts_on, detail=detail)) from None
        if _is_blank(row):
            continue
        if header is None:
            header = _header_positions(row)
            continue
        row_number += 1
        if len(row) != len(header):
            yield Record(row_number, None, len(row))
        else:
            yield Record(row_number, dict(zip(header, row, strict=True)), len(row))
    if header is None:
        raise CsvFileError(MSG_EMPTY)


def check_file(chunks: Callable[[], Iterable[bytes]], *, max_rows: int) -> int:
    """Read the whole file once; the number of data rows, or CsvFileError."""
    count = 0
    for _ in records(chunks()):
        count += 1
        if count > max_rows:
            raise CsvFileError(MSG_TOO_MANY_ROWS.format(limit=max_rows))
    if count == 0:
        raise CsvFileError(MSG_HEADER_ONLY)
    return count

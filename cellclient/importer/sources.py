"""Read the rows of a member list from an Excel workbook (.xlsx) or a CSV file.

A sheet is a list of rows (lists of cell values) whose index + 1 is the row
number a spreadsheet shows, so that errors can point at it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

# Stop reading a sheet after this many blank rows in a row: some workbooks carry
# formatting down to row 1,048,576 and the list itself ended long before.
MAX_BLANK_RUN = 1000
HEADER_SEARCH_ROWS = 30  # the header sits under a few title lines, never far down
CSV_ENCODINGS = ("utf-8-sig", "cp1258", "cp1252")
CSV_DELIMITERS = (",", ";", "\t")


class SourceError(Exception):
    """The file cannot be read as a list; ``code`` and ``params`` name the problem."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class Sheet:
    name: str | None  # None for a CSV file
    rows: list[list]
    typed: bool  # False for CSV: every cell is text, numbers and dates included


def read_source(path: Path, find_header: Callable[[list[list]], Any]) -> tuple[Sheet, Any]:
    """The sheet of ``path`` that holds the list, and what ``find_header`` found in
    its first rows (None when no sheet has a header; then the first sheet).

    ``find_header(rows)`` returns None or an object with a ``score`` (how many
    header cells it recognised). Raises SourceError for a missing, foreign or
    broken file.
    """
    if not path.is_file():
        raise SourceError("import_not_found", path=str(path))
    kind = path.suffix.lower()
    if kind in (".xlsx", ".xlsm"):
        return _read_xlsx(path, find_header)
    if kind in (".csv", ".txt"):
        return _read_csv(path, find_header)
    if kind == ".xls":
        raise SourceError("import_xls")
    raise SourceError("import_file_type", kind=kind or path.name, name=path.name)


def _read_xlsx(path: Path, find_header) -> tuple[Sheet, Any]:
    import openpyxl

    if not zipfile.is_zipfile(path):  # an .xlsx is a zip archive; this is something else
        raise SourceError("import_not_xlsx", name=path.name, kind=path.suffix)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError) as exc:  # a zip, but not a workbook (.docx, .zip)
        raise SourceError("import_not_xlsx", name=path.name, kind=path.suffix) from exc
    except (ValueError, OSError) as exc:
        raise SourceError("import_unreadable", name=path.name,
                          detail=str(exc)[:200] or type(exc).__name__) from exc
    try:
        # The sheet the file opens on comes first: that is the one the user sees.
        sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or wb.worksheets
        sheets.sort(key=lambda ws: ws is not wb.active)
        if not sheets:
            raise SourceError("import_unreadable", name=path.name, detail="no worksheet")
        for ws in sheets:
            # The dimension written in the file is sometimes wrong (some generators
            # write "A1"); read-only mode would then cut the sheet short.
            ws.reset_dimensions()
            header = find_header([list(r) for r in islice(ws.iter_rows(values_only=True),
                                                          HEADER_SEARCH_ROWS)])
            if header is not None:
                return Sheet(ws.title, _sheet_rows(ws), typed=True), header
        first = sheets[0]
        return Sheet(first.title, [], typed=True), None
    finally:
        wb.close()


def _sheet_rows(ws) -> list[list]:
    rows: list[list] = []
    blank_run = 0
    for values in ws.iter_rows(values_only=True):
        if any(v is not None and v != "" for v in values):
            blank_run = 0
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
        rows.append(list(values))
    return rows


def decode_csv(data: bytes) -> str:
    """Excel saves "CSV UTF-8" with a byte-order mark, plain "CSV" in the Windows
    code page: 1258 on Vietnamese Windows, 1252 on many others."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("import_encoding")


def split_csv(text: str, delimiter: str, limit: int | None = None) -> list[list]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(r) for r in islice(reader, limit)]


def _read_csv(path: Path, find_header) -> tuple[Sheet, Any]:
    """The delimiter is the one under which a header row shows most known columns:
    counting characters misleads when text such as "Nông dân, lao động tự do"
    holds commas in a file separated by semicolons."""
    try:
        text = decode_csv(path.read_bytes())
    except OSError as exc:
        raise SourceError("import_unreadable", name=path.name,
                          detail=exc.strerror or type(exc).__name__) from exc
    best, best_header = ",", None
    try:
        for delimiter in CSV_DELIMITERS:
            header = find_header(split_csv(text, delimiter, HEADER_SEARCH_ROWS))
            if header is not None and (best_header is None or header.score > best_header.score):
                best, best_header = delimiter, header
        rows = split_csv(text, best)
    except csv.Error as exc:
        raise SourceError("import_unreadable", name=path.name, detail=str(exc)[:200]) from exc
    return Sheet(None, rows, typed=False), best_header

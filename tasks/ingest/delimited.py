"""CSV and TSV: delimiter and quote character sniffed, text column found by header or length."""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter

from tasks.batch import Rejected
from tasks.ingest.decode import decode_bytes
from tasks.ingest.fields import KNOWN_FIELD_NAMES, field_key, missing_text, pick_fields
from tasks.ingest.items import Item
from tasks.schema import Col

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KB default

_SAMPLE_ROWS = 50


def _dialect(text: str, default_delimiter: str) -> tuple[str, str]:
    """The (delimiter, quote character) that splits the first rows most consistently.

    csv.Sniffer guesses wrong on long free-text cells (it reads the 10kGNAD corpus, which is
    ``;``-separated with ``'`` quotes, as one column), so every candidate pair is tried on the
    first rows and the one giving the same number (> 1) of fields on most rows wins.
    """
    sample = text[:262144]
    if len(text) > len(sample):
        sample = sample[: sample.rfind("\n") + 1] or sample  # no half row at the end
    best = (default_delimiter, '"')
    best_score = (0.0, 0)
    for delimiter in (default_delimiter, ",", ";", "\t", "|"):
        for quote in ('"', "'"):
            try:
                rows = [row for _, row in zip(range(_SAMPLE_ROWS), csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quote)) if row]
            except csv.Error:
                continue
            if not rows:
                continue
            counts = Counter(len(row) for row in rows)
            width, hits = counts.most_common(1)[0]
            if width < 2:
                continue
            score = (hits / len(rows), -width)  # consistent first, then fewer (less split) columns
            if score > best_score:
                best, best_score = (delimiter, quote), score
    return best


def _is_header(row: list[str]) -> bool:
    return any(field_key(cell) in KNOWN_FIELD_NAMES for cell in row)


def _longest_column(rows: list[list[str]]) -> int:
    width = max(len(row) for row in rows)
    totals = [0] * width
    for row in rows:
        for i, cell in enumerate(row):
            totals[i] += len(cell)
    return max(range(width), key=totals.__getitem__)


def _read_rows(text: str, delimiter: str, quote: str) -> tuple[list[list[str]], Rejected | None]:
    """Non-blank rows up to the end, or up to the first row csv cannot parse.

    csv reads a quoted field that never closes to the end of the file and returns it as one
    cell: a cut-off file's last article, or every row after a stray opening quote run together
    into one. That last row is read again strictly; if the file ends inside its quotes it is
    rejected instead of becoming an article.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quote)
    rows: list[list[str]] = []
    last_start = 0
    try:
        while True:
            start = reader.line_num
            row = next(reader, None)
            if row is None:
                break
            if any(cell.strip() for cell in row):
                rows.append(row)
                last_start = start
    except csv.Error as error:
        return rows, Rejected("malformed_csv", f"line {reader.line_num}: {error}; the rest of the file was not read")
    if rows and _ends_inside_quotes(text, last_start, delimiter, quote):
        rows.pop()
        return rows, Rejected("malformed_csv", f"line {last_start + 1}: a quoted field runs to the end of "
                              "the file without closing (a cut-off file, or a stray quote)")
    return rows, None


def _ends_inside_quotes(text: str, first_line: int, delimiter: str, quote: str) -> bool:
    """Whether the rows from line ``first_line`` (0-based) on, read strictly, end inside a quoted field."""
    offset = 0  # where that line starts, without copying the file into a list of lines
    for number, line in enumerate(io.StringIO(text, newline="")):
        if number == first_line:
            break
        offset += len(line)
    try:
        list(csv.reader(io.StringIO(text[offset:], newline=""), delimiter=delimiter, quotechar=quote, strict=True))
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def parse(data: bytes, default_delimiter: str = ",") -> list[Item]:
    text, _ = decode_bytes(data)  # the whole file is in memory already (size-limited)
    delimiter, quote = _dialect(text, default_delimiter)
    rows, broken = _read_rows(text, delimiter, quote)
    header: list[str] | None = None
    text_column: int | None = None
    if rows and _is_header(rows[0]):
        header, rows = [cell.strip() for cell in rows[0]], rows[1:]
    elif rows:
        text_column = _longest_column(rows[:_SAMPLE_ROWS])
    items: list[Item] = [_to_item(index, row, header, text_column, delimiter) for index, row in enumerate(rows)]
    if broken is not None:
        items.append((len(rows), broken))
    if not items:
        items.append((None, Rejected("empty", "a CSV/TSV file with no data rows")))
    return items


def _to_item(index: int, row: list[str], header: list[str] | None, text_column: int | None, delimiter: str) -> Item:
    if header is not None:
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]  # a trailing delimiter ("Hello world,1,") adds an empty cell, not a value
        if len(row) > len(header):
            # more cells than the header names: an unquoted delimiter inside a cell. In the last
            # column (mostly the text) the cells are joined back; elsewhere no cell can be trusted
            if Col.TEXT not in pick_fields({header[-1]: "x"}):
                return index, Rejected("malformed_csv", f"the row has {len(row)} cells, the header {len(header)} "
                                       "(an unquoted delimiter inside a cell)")
            row = row[: len(header) - 1] + [delimiter.join(row[len(header) - 1:])]
        record = {name: row[i] for i, name in enumerate(header) if i < len(row) and name}
        fields = pick_fields(record)
        if Col.TEXT not in fields:
            reason, _ = missing_text(dict.fromkeys(header, ""))  # the header decides: is there a text column?
            if reason == "empty":
                return index, Rejected("empty", "the row's text/body/content cell is blank or missing")
            return index, Rejected("no_text_field", f"no text/body/content column among {', '.join(header)[:200]}")
        return index, fields
    assert text_column is not None
    if text_column >= len(row) or not row[text_column].strip():
        return index, Rejected("empty", f"row has no value in the text column {text_column + 1}")
    return index, {Col.TEXT: row[text_column]}

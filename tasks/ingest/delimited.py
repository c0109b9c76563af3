"""CSV and TSV: delimiter and quote character sniffed, text column found by header or length."""

from __future__ import annotations

import csv
import io
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable

from tasks.batch import Rejected
from tasks.ingest.decode import decode_bytes
from tasks.ingest.fields import KNOWN_FIELD_NAMES, TEXT_FIELD_NAMES, field_key, missing_text, parse_datetime, pick_fields
from tasks.ingest.items import Item
from tasks.schema import Col

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KB default

_SAMPLE_ROWS = 50


def _dialect(text: str, default_delimiter: str) -> tuple[str, str]:
    """The (delimiter, quote character) that splits the first rows most consistently.

    csv.Sniffer guesses wrong on long free-text cells (it reads the 10kGNAD corpus, which is
    ``;``-separated with ``'`` quotes, as one column), so every candidate pair is tried on the
    first rows and the one giving the same number (> 1) of fields on most rows wins. The rows are
    read as ``parse`` reads them, so one stray quote does not make the right pair look ragged.
    """
    sample = text[:262144]
    if len(text) > len(sample):
        sample = sample[: sample.rfind("\n") + 1] or sample  # no half row at the end
    best = (default_delimiter, '"')
    best_score = (0.0, 0)
    for delimiter in (default_delimiter, ",", ";", "\t", "|"):
        for quote in ('"', "'"):
            read, _, _ = _read_rows(sample, delimiter, quote)  # a stray quote does not join the rows
            rows = [row for row in read[:_SAMPLE_ROWS] if not isinstance(row, Rejected)]
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


# A header cell is a column's name, not a sentence.
_MAX_HEADER_CELL = 60


def _is_header(row: list[str]) -> bool:
    """Whether a first row names the columns: short cells, and a text column's name or two known names
    among them. A file without a header can start with a category cell that is a field name in some
    language (``noticia``, ``Bericht``, ``Data``) beside the article's text."""
    if any(len(cell) > _MAX_HEADER_CELL for cell in row):
        return False
    known = [field_key(cell) for cell in row if field_key(cell) in KNOWN_FIELD_NAMES]
    return len(known) >= 2 or any(name in TEXT_FIELD_NAMES for name in known)


_URL_CELL = re.compile(r"^https?://\S+$", re.IGNORECASE)
# A date cell has a four-digit year or a numeric day-month-year; an id ("17") parses as a date too.
_DATE_CELL = re.compile(r"\b\d{4}\b|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_MOSTLY = 0.9  # share of a column's non-blank sample cells that must fit its kind


def _fields_by_content(rows: list[list[str]], text_column: int) -> dict[int, str]:
    """Field names of a header-less file's other columns (column -> ``title``, ``url``, ``published``).

    Only the longest column was read, and a title, link or date beside the article was lost. A
    column is a link when its cells are URLs, a date when they read as dates, and the title when
    they are short texts of several words that differ from row to row: a category (``Sport``,
    ``Web``), an id or a name in 10kGNAD's and others' columns repeats or is one or two words. Of
    several title-like columns, the one with the most words is the title (not an author's name).
    """
    width = max(len(row) for row in rows)
    names: dict[int, str] = {}
    titles: list[tuple[float, int]] = []
    for column in range(width):
        if column == text_column:
            continue
        cells = [row[column].strip() for row in rows if column < len(row) and row[column].strip()]
        if len(cells) < max(1, _MOSTLY * len(rows)):
            continue
        if _share(cells, lambda cell: bool(_URL_CELL.match(cell))) >= _MOSTLY:
            kind = "url"
        elif _share(cells, _date_like) >= _MOSTLY:
            kind = "published"
        elif _title_like(cells, rows, text_column, column):
            titles.append((statistics.median(len(cell.split()) for cell in cells), column))
            continue
        else:
            continue
        if kind not in names.values():  # the first of two link or date columns
            names[column] = kind
    if titles:
        names[max(titles)[1]] = "title"
    return names


def _date_like(cell: str) -> bool:
    """A date or a time stamp; a number alone only with an epoch's 10 or 13 digits (ids 2001-2006 are no years)."""
    if cell.isdigit():
        return len(cell) in (10, 13) and parse_datetime(cell) is not None
    return bool(_DATE_CELL.search(cell)) and parse_datetime(cell) is not None


# Words a person's name is written with besides capitalised ones, and the bylines' "By".
_NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "del", "della", "di", "van", "von", "der", "den", "ter",
                             "la", "le", "du", "bin", "ibn", "y", "e", "und", "and"})
_BYLINE_WORDS = frozenset({"by", "von", "par", "por", "door", "di", "da", "af", "av"})


def _name_like(cell: str) -> bool:
    """An author's name or byline (``Maria de Souza``, ``By Jane Ann Doe``), not a headline."""
    words = cell.split()
    if words and words[0].lower() in _BYLINE_WORDS and len(words) > 1 and words[1][:1].isupper():
        return True
    return len(words) <= 5 and all(word[:1].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def _share(cells: list[str], fits: Callable[[str], bool]) -> float:
    return sum(1 for cell in cells if fits(cell)) / len(cells)


def _title_like(cells: list[str], rows: list[list[str]], text_column: int, column: int) -> bool:
    """Short texts of three or more words with letters, each row's own, shorter than the row's text, and
    mostly not names: a column of authors' names (``Maria de Souza``, ``By Jane Ann Doe``) is no title,
    nor is one of headlines written in title case, which cannot be told from names."""
    if len(set(cells)) < _MOSTLY * len(cells):
        return False
    if statistics.median(len(cell.split()) for cell in cells) < 3 or max(len(cell) for cell in cells) > 300:
        return False
    if _share(cells, lambda cell: any(ch.isalpha() for ch in cell)) < _MOSTLY or _share(cells, _name_like) >= 0.5:
        return False
    shorter = [len(row[column]) < len(row[text_column]) for row in rows if max(column, text_column) < len(row)]
    return sum(shorter) >= _MOSTLY * len(shorter)


def _last_is_text(header: list[str]) -> bool:
    return bool(header) and field_key(header[-1]) in TEXT_FIELD_NAMES


def _quotes_cells(text: str, delimiter: str, quote: str) -> bool:
    """Whether some line holds a cell quoted whole (opened after a delimiter or at the line's start,
    closed before one or at its end): a file that quotes cells is never read as quoting nothing."""
    d, q = re.escape(delimiter), re.escape(quote)
    return re.search(rf"(?:^|{d}){q}(?:[^{q}\n]|{q}{q})*{q}(?={d}|\r?$)", text, re.MULTILINE) is not None


def _unquoted_rows(text: str, delimiter: str, width: int, *, numbered: bool) -> list[list[str] | Rejected] | None:
    """The rows of a file that quotes nothing, read as written (its quotes are text), or None.

    A scraper that writes ``nr,title,text`` lines without quoting leaves its articles' own quotes
    in them, and one that opens a cell (``injury," said Claxton``) made csv read a quoted field
    running over the next rows: articles were glued together, or lost their quotation marks. With
    a header whose last column is the text, every line is one row and the text's own delimiters
    are joined back into it (``_to_item``). Tried only where reading with quotes went wrong (a row
    read leniently over several lines, a row rejected, a field running to the end of the file) and
    no line quotes a cell whole (``_quotes_cells``); taken only when every line holds at least the
    header's cells and, where the rows are numbered (``numbered``: so far, or where reading never
    glued lines and a quoted field ran to the end, as a cut-off file's does), starts with a number:
    a multi-line quoted article's paragraph, or a cut-off article's, is no row.
    """
    lines = [line for line in io.StringIO(text, newline="") if line.strip()]
    rows = [row for row in csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE) if any(c.strip() for c in row)]
    if len(rows) < 2 or len(rows) != len(lines) or any(len(row) < width for row in rows):
        return None
    if numbered and not all(row[0].strip().isdigit() for row in rows[1:]):
        return None
    return rows


def _scattered_widths(rows: list[list[str]], unquoted: bool) -> str | None:
    """Why a header-less file's cells cannot be told apart, when its rows' cell counts scatter; else None.

    A file that does not quote its text splits each article at every comma, so its rows differ
    in width, and the longest column held each text only up to one of its commas: the articles
    were cut without a word. Without a header nothing says where a text ends, so such rows are
    rejected, saying so. A header names the columns and gives the text's cells back to it. Read
    as quoting nothing (``unquoted``, ``_unquoted_rows``), any two widths are enough; read with its
    quotes, a broken row or two does not make a file's rows scatter.
    """
    widths = Counter(len(row) for row in rows)
    if len(widths) < 2 or (not unquoted and (len(rows) < 3 or len(widths) < 3
                                             or widths.most_common(1)[0][1] >= len(rows) / 2)):
        return None
    return (f"the rows have {min(widths)} to {max(widths)} cells with no header to name them: an unquoted "
            "delimiter inside the text, so where each text begins and ends cannot be told (quote the text column, "
            "or give the file a header row)")


def _longest_column(rows: list[list[str]]) -> int:
    width = max(len(row) for row in rows)
    totals = [0] * width
    for row in rows:
        for i, cell in enumerate(row):
            totals[i] += len(cell)
    return max(range(width), key=totals.__getitem__)


class _Lines:
    """A file's lines for csv.reader, with a position that can be set back after a bad row."""

    def __init__(self, text: str) -> None:
        self.lines = list(io.StringIO(text, newline=""))  # splits as csv does: \n, \r\n, \r
        self.position = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def _read_rows(text: str, delimiter: str, quote: str) -> tuple[list[list[str] | Rejected], Rejected | None, bool]:
    """Non-blank rows up to the end, or up to the first row csv cannot parse; and whether a row read
    leniently took more than one line (``_unquoted_rows`` reads such a file again).

    Read strictly, a quoted field must close before a delimiter or the line's end. Where one
    does not, the row is either a stray quote (a cell's quote that never closes on its line) that
    would read every following row into one cell, or sloppy quoting inside one article. A stray
    quote is told apart by the lines it swallowed: each after the first is, read alone, a whole
    row of the file's usual width. Reading then goes on at the next line, so no article is silently
    joined to another; the stray quote's own line is kept if it is a whole row read alone (the
    quote opened the last cell), and rejected otherwise, since its cells cannot be told apart.
    Any other row that fails is read leniently, as csv does by default. A quoted field that runs
    to the end of the file without a stray quote's signs is a cut-off file's last article:
    rejected, not written half.
    """
    source = _Lines(text)
    width, narrowest = _widths(source.lines, delimiter, quote)
    rows: list[list[str] | Rejected] = []
    numbering = _Numbering()
    one_line_rows = False  # every row so far (at least one) on a line of its own
    glued = False
    reader = csv.reader(source, delimiter=delimiter, quotechar=quote, strict=True)
    while True:
        start = source.position
        try:
            row = next(reader, None)
            one_line_rows = (one_line_rows or not rows) and source.position - start == 1
        except csv.Error as error:
            at_end = "unexpected end of data" in str(error)
            if _joined_by_stray_quote(source.lines[start:source.position], width, delimiter, quote, at_end=at_end,
                                      numbered=numbering.numbered(_alone(source.lines[start], delimiter, quote)),
                                      one_line_rows=one_line_rows, narrowest=narrowest):
                source.position = start + 1
                row = _alone(source.lines[start], delimiter, quote)
                if len(row) != width:
                    rows.append(Rejected("malformed_csv", f"line {start + 1}: a quote opened in this row never "
                                         "closes on its line, so its cells cannot be told apart"))
                    row = []
            elif at_end:
                lines = source.position - start
                return rows, Rejected("malformed_csv", f"line {start + 1}: a quoted field runs to the end of the file "
                                      f"without closing ({lines} line{'s' if lines != 1 else ''} not read as rows: "
                                      "a cut-off file, or a stray quote)"), glued
            else:
                source.position = start
                try:
                    row = next(csv.reader(source, delimiter=delimiter, quotechar=quote))
                except csv.Error as lenient_error:
                    return rows, Rejected("malformed_csv", f"line {start + 1}: {lenient_error}; "
                                          "the rest of the file was not read"), glued
                glued = glued or source.position - start > 1
            reader = csv.reader(source, delimiter=delimiter, quotechar=quote, strict=True)
        if row is None:
            return rows, None, glued
        if any(cell.strip() for cell in row):
            rows.append(row)
            numbering.add(row)


class _Numbering:
    """Whether a file's data rows start with a number, kept up as rows are read (a first row that
    does not may be a header): asked at every broken row, a scan of the rows so far made reading
    quadratic in the file's broken rows."""

    def __init__(self) -> None:
        self.rows = 0
        self.header = False
        self.digits = True

    def add(self, row: list[str]) -> None:
        first = row[0].strip().isdigit()
        if self.rows == 0 and not first:
            self.header = True
        else:
            self.digits = self.digits and first
        self.rows += 1

    def numbered(self, broken_row: list[str]) -> bool:
        """With no data row read yet, the broken row is the first: its own first cell tells."""
        if self.rows > self.header:
            return self.digits
        return bool(broken_row) and broken_row[0].strip().isdigit()


def _alone(line: str, delimiter: str, quote: str) -> list[str]:
    """One line read as a whole row, whatever its quotes: an unclosed quote ends with the line."""
    return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, quotechar=quote), [])


def _widths(lines: list[str], delimiter: str, quote: str) -> tuple[int, int]:
    """The commonest and the smallest cell count of the first rows (read leniently): the width a whole
    row has, and, where unquoted text's delimiters add cells, the file's real number of columns."""
    reader = csv.reader(iter(lines), delimiter=delimiter, quotechar=quote)
    widths: Counter[int] = Counter()
    try:
        for _, row in zip(range(_SAMPLE_ROWS), reader):
            if row:
                widths[len(row)] += 1
    except csv.Error:
        pass
    return (widths.most_common(1)[0][0], min(widths)) if widths else (0, 0)


def _numbered(rows: list[list[str] | Rejected]) -> bool:
    """Whether the rows read all start with a number (a first row that does not may be a header)."""
    numbering = _Numbering()
    for row in rows:
        if not isinstance(row, Rejected) and row:
            numbering.add(row)
    return numbering.numbered([])


def _joined_by_stray_quote(lines: list[str], width: int, delimiter: str, quote: str, *, at_end: bool,
                           numbered: bool = False, one_line_rows: bool = False, narrowest: int = 0) -> bool:
    """Whether a row that failed strict reading is whole rows run together behind one stray quote.

    The field a stray quote opened runs on until the next row's own opening quote, which starts a
    cell (``;'Nazi-...``) where a sloppy quote inside an article follows a word (``said "no"``); and
    every line it swallowed is a whole row of the file's width read alone, where an article's
    paragraphs are not. A file of one column cannot tell rows from paragraphs, so it is never split.

    A field that runs to the end of the file (``at_end``: no later quote closed it, as in a file
    that quotes no cell) is a cut-off file's last article or a stray quote in a file whose later
    rows are unquoted; the rows after a stray one used to be rejected with it. Every line after it
    must be a whole row, and more: a quote that opened a cell before the last (its line read alone
    is not a whole row) cannot be a cut-off last article, whose quote opens the last cell; and in a
    file whose rows so far start with a number (``numbered``), lines that each start with one are
    rows, not the paragraphs of a cut-off article that happen to hold the file's count of delimiters.

    A file that quotes no cell and writes one row per line, numbered, can have a quote start a cell
    inside an article's text (``injury," said the race director``): the field it opens runs on to
    the next quote, in the middle of a later row's text, and read leniently the rows between were
    glued into one article. There the lines it swallowed, each starting with a number and holding
    at least the file's number of columns (``narrowest``: an unquoted text's commas add cells), are rows.
    """
    following = lines[1:]
    if width < 2 or not following:
        return False
    alone = [row for row in (_alone(line, delimiter, quote) for line in following) if any(c.strip() for c in row)]
    if not alone:
        return False
    numbered_rows = numbered and all(row[0].strip().isdigit() for row in alone)
    if not at_end and not _closed_at_a_cell_start(following, delimiter, quote):
        return numbered_rows and one_line_rows and all(len(row) >= max(2, narrowest) for row in alone)
    if any(len(row) != width for row in alone):
        return False
    if not at_end:
        return True
    return len(_alone(lines[0], delimiter, quote)) != width or numbered_rows


def _closed_at_a_cell_start(lines: list[str], delimiter: str, quote: str) -> bool:
    """Whether the first quote in ``lines`` that is not a doubled one (``""``) begins a cell."""
    for line in lines:
        position = line.find(quote)
        while position != -1 and line[position + 1:position + 2] == quote:
            position = line.find(quote, position + 2)
        if position != -1:
            return position == 0 or line[position - 1] == delimiter
    return False


def parse(data: bytes, default_delimiter: str = ",") -> list[Item]:
    text, _ = decode_bytes(data)  # the whole file is in memory already (size-limited)
    delimiter, quote = _dialect(text, default_delimiter)
    rows, broken, glued = _read_rows(text, delimiter, quote)
    header: list[str] | None = None
    text_column: int | None = None
    named: dict[int, str] = {}
    width = 0
    headed = bool(rows) and not isinstance(rows[0], Rejected) and _is_header(rows[0])
    unquoted = None
    troubled = glued or broken is not None or any(isinstance(row, Rejected) for row in rows)
    if troubled and (not headed or _last_is_text(rows[0])) and not _quotes_cells(text, delimiter, quote):
        unquoted = _unquoted_rows(text, delimiter, len(rows[0]) if headed else 2,
                                  numbered=_numbered(rows) or not glued)
        if unquoted is not None:
            rows, broken = unquoted, None
    if headed:
        header, rows = [cell.strip() for cell in rows[0]], rows[1:]
    elif readable := [row for row in rows[:_SAMPLE_ROWS] if not isinstance(row, Rejected)]:
        scattered = _scattered_widths(readable, unquoted=unquoted is not None)
        if scattered:
            return [(index, row if isinstance(row, Rejected) else Rejected("malformed_csv", scattered))
                    for index, row in enumerate(rows)] + ([(len(rows), broken)] if broken is not None else [])
        text_column = _longest_column(readable)
        named = _fields_by_content(readable, text_column)
        width = Counter(len(row) for row in readable).most_common(1)[0][0]
    items: list[Item] = [_to_item(index, row, header, text_column, delimiter, named, width)
                         for index, row in enumerate(rows)]
    if broken is not None:
        items.append((len(rows), broken))
    if not items:
        items.append((None, Rejected("empty", "a CSV/TSV file with no data rows")))
    return items


def _to_item(index: int, row: list[str] | Rejected, header: list[str] | None, text_column: int | None,
             delimiter: str, named: dict[int, str], width: int) -> Item:
    """One row as an article's fields, or why not. Without a header, ``width`` is the cell count most
    rows have: a wider row has a delimiter inside a cell, joined back into a last text column and
    rejected elsewhere, where its text would be cut without a word."""
    if isinstance(row, Rejected):
        return index, row
    if header is not None:
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]  # a trailing delimiter ("Hello world,1,") adds an empty cell, not a value
        if len(row) > len(header):
            # more cells than the header names: an unquoted delimiter inside a cell. In the last
            # column (mostly the text) the cells are joined back; elsewhere no cell can be trusted
            if not _last_is_text(header):
                return index, Rejected("malformed_csv", f"the row has {len(row)} cells, the header {len(header)} "
                                       "(a delimiter inside a cell that is not quoted, or a quote inside a quoted "
                                       "cell that is not doubled)")
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
    while len(row) > width and not row[-1].strip():
        row = row[:-1]
    if len(row) > width:
        if text_column != width - 1:
            return index, Rejected("malformed_csv", f"the row has {len(row)} cells, most rows {width} (a delimiter "
                                   "inside a cell that is not quoted): its text cannot be told apart")
        row = row[: width - 1] + [delimiter.join(row[width - 1:])]
    if text_column >= len(row) or not row[text_column].strip():
        return index, Rejected("empty", f"row has no value in the text column {text_column + 1}")
    fields = {Col.TEXT: row[text_column]}
    fields.update(pick_fields({name: row[column] for column, name in named.items() if column < len(row)}))
    return index, fields

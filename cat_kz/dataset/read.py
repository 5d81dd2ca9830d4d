"""CSV bytes to raw frames: every cell a stripped string or NA, file-level problems named.

A file is read as text first (UTF-8, no control characters, every quote closed),
so that a problem is reported at the line and column a coder can find; then
parsed by pandas, or by pyarrow when it is large (:data:`ARROW_MIN_BYTES`).
:func:`check_raw` checks the columns against the schema and strips every cell.

>>> from cat_kz.files import resolve_data_dir
>>> from cat_kz.model.schema import TABLES
>>> frame, problems = read_raw(TABLES["methods"], resolve_data_dir(None))
>>> problems, frame.columns[0], int(frame["_row"].iloc[0])
([], '_row', 1)
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from pathlib import Path

import pandas as pd

from cat_kz.errors import Problem
from cat_kz.files import read_regular
from cat_kz.model.schema import Table


def read_raw(table: Table, data_dir: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The CSV as strings (empty cells as NA) plus file-level problems.

    A file re-saved by a spreadsheet (UTF-8 BOM, CRLF line ends) reads the same.
    """
    path = data_dir / table.file
    if not path.exists():
        return None, [Problem(table.name, None, None, None, None, f"file not found: {path}")]
    try:  # a FIFO, a device or a folder is refused at once; a file is read up to a cap
        data = read_regular(path)
    except OSError as error:
        return None, [Problem(table.name, None, None, None, None, f"cannot read {path}: {error.strerror or error}")]
    text, problems = _read_text(table, data)
    if text is None:
        return None, problems
    frame = _read_arrow(data) if len(data) >= ARROW_MIN_BYTES else None
    if frame is not None:
        return check_raw(table, frame)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        return None, [Problem(table.name, None, None, None, None, "the file is empty (not even a header)")]
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        return None, [Problem(table.name, None, None, None, None, f"cannot be read as UTF-8 CSV: {error}")]
    return check_raw(table, frame)


#: Files this large (bytes) are parsed by pyarrow, smaller ones by pandas: pyarrow's
#: parser is faster on large files, but its first use in a process costs more than
#: pandas takes to read all of ``data/`` (the first load stays under a quarter second).
ARROW_MIN_BYTES = 1 << 20


def _read_arrow(data: bytes) -> pd.DataFrame | None:
    """The CSV as a frame of pyarrow strings, parsed by pyarrow (in C++, on every core),
    or None for a file pyarrow would read otherwise than pandas does (then pandas reads it).

    Both parsers agree on a well-formed file: a header of distinct, unquoted names, each
    record as wide as the header (pyarrow refuses any other width, pandas fills short
    records); cells in double quotes may hold commas, quotes and line breaks; empty
    lines are skipped; a UTF-8 BOM and CRLF line ends read as nothing and LF. On any
    other file (or an error) the pandas path reads it and reports what is wrong.

    >>> frame = _read_arrow(b'id,quote\\r\\nact-1,"beaten, then ""held"" there"\\r\\n')
    >>> frame.to_dict("list")
    {'id': ['act-1'], 'quote': ['beaten, then "held" there']}
    >>> _read_arrow(b"id,quote\\nact-1\\n") is None  # a short record: pandas reads it
    True
    """
    # pyarrow on first use: its import and first parse cost more than pandas takes for all of data/
    import pyarrow as pa
    import pyarrow.csv as pcsv

    body = data.removeprefix(codecs.BOM_UTF8)
    end = body.find(b"\n")
    header = body[: len(body) if end == -1 else end].removesuffix(b"\r")
    if not header or b'"' in header:
        return None
    names = header.decode("utf-8").split(",")
    if len(names) < 2 or len(set(names)) != len(names) or not all(name.strip() for name in names):
        return None  # pandas renames duplicates and empty names, and skips a line of spaces under one column: let it
    try:
        parsed = pcsv.read_csv(
            pa.BufferReader(body),
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if parsed.column_names != names:
        return None
    dtype = pd.StringDtype("pyarrow")
    return pd.DataFrame(
        {name: pd.Series(dtype.__from_arrow__(parsed.column(i)), copy=False) for i, name in enumerate(names)}
    )


def check_raw(table: Table, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """A frame of strings as read from a CSV: the schema's columns checked,
    cells stripped, empty cells NA, a ``_row`` number (1 = first record) added."""
    frame.columns = [str(c).strip() for c in frame.columns]
    problems: list[Problem] = []
    if frame.empty and not table.may_be_empty:
        problems.append(
            Problem(table.name, None, None, None, None, "has a header but no records; every table needs at least one")
        )
    missing = [c for c in table.column_names if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in table.column_names]
    if missing:
        problems.append(Problem(table.name, None, None, None, None, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(
            Problem(
                table.name, None, None, None, None, f"unknown column(s): {', '.join(unknown)} (see cat_kz.model.schema)"
            )
        )
    # every cell is a str here (keep_default_na=False): strip it; empty means missing (NA)
    frame = pd.DataFrame({name: _stripped(col) for name, col in frame.items()}, index=frame.index)
    frame.insert(0, "_row", range(1, len(frame) + 1))
    return frame, problems


def _stripped(col: pd.Series):
    """A column of strings, each stripped (as ``str.strip``), empty ones NA, as a ``string`` array.

    In pyarrow's compute functions when the column is held by pyarrow
    (``utf8_trim_whitespace`` strips exactly the characters ``str.isspace``
    names, checked on every code point); else one cell at a time.

    >>> list(_stripped(pd.Series([" a ", "", "\\u3000b\\x1f", None], dtype="str")))
    ['a', <NA>, 'b', <NA>]
    """
    try:  # pyarrow on first use (see _read_arrow); only its columns take this path
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover (pyarrow is a dependency)
        pa = None
    if pa is not None and isinstance(col.array, pd.arrays.ArrowStringArray):
        cells = pa.array(col.array)
        # trimming writes every string anew: only a column with a cell to trim is trimmed
        if pc.any(pc.match_substring_regex(cells, _edge_space())).as_py():
            cells = pc.utf8_trim_whitespace(cells)
        if cells.type != pa.large_string():  # as pandas holds strings (a cast of the same type is not free)
            cells = cells.cast(pa.large_string())
        chunks = cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
        kept = pa.chunked_array([_empty_as_null(chunk) for chunk in chunks], type=cells.type)
        return pd.StringDtype().__from_arrow__(kept)
    return pd.array(
        [v.strip() or None if isinstance(v, str) else None for v in col.to_numpy(dtype=object)], dtype="string"
    )


@functools.cache
def _edge_space() -> str:
    """A cell that starts or ends with whitespace, in pyarrow's (RE2) regular expressions:
    the characters ``str.isspace`` names, each written out (RE2's ``\\s`` is ASCII only).
    Built on first use, not at import."""
    spaces = "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace())  # none above U+3000
    return f"^[{spaces}]|[{spaces}]$"


def _empty_as_null(chunk):
    """A pyarrow string array with its empty strings made null: only the validity bitmap is
    new, the text is shared (``if_else`` would copy every string).

    >>> import pyarrow as pa
    >>> _empty_as_null(pa.array(["a", "", None], type=pa.large_string())).to_pylist()
    ['a', None, None]
    >>> _empty_as_null(pa.array(["x", "a", "", None], type=pa.large_string())[1:]).to_pylist()
    ['a', None, None]
    """
    # pyarrow on first use (see _read_arrow): called only on columns pyarrow already holds
    import pyarrow as pa
    import pyarrow.compute as pc

    empty = pc.equal(pc.binary_length(chunk), 0)
    if not pc.any(empty).as_py():
        return chunk
    if chunk.offset:  # a slice: its bitmap would not line up with a new one
        return pc.if_else(empty, pa.scalar(None, chunk.type), chunk)
    valid = pc.and_not(chunk.is_valid(), pc.fill_null(empty, False))
    return pa.Array.from_buffers(chunk.type, len(chunk), [valid.buffers()[1], *chunk.buffers()[1:]])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _read_text(table: Table, data: bytes) -> tuple[str | None, list[Problem]]:
    """The file's bytes as text, or problems naming line and column: bytes that are not
    UTF-8, control characters (NUL ...), a quote that is not closed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"line {line}, column {column}: byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8"
        return None, [Problem(table.name, None, None, None, None, message)]
    problems = []
    # one search of the whole text; only a file that has a control character is read line by line
    for number, line in enumerate(text.split("\n") if _CONTROL.search(text) else (), 1):
        line = line.removesuffix("\r")
        control = _CONTROL.search(line)
        if control:
            message = f"line {number}, column {control.start() + 1}: control character U+{ord(control.group()):04X} is not allowed; remove it"
            problems.append(Problem(table.name, None, None, None, None, message))
    problems += _check_quotes(table, text)
    return (None if problems else text), problems


def _check_quotes(table: Table, text: str) -> list[Problem]:
    """An unclosed quote, reported at the line where its record starts (pandas
    would read on into the next records and blame a cell there)."""

    def problem(line: int, detail: str) -> Problem:
        return Problem(
            table.name, None, None, None, None, f'line {line}: a quote (") is not closed where its cell ends; {detail}'
        )

    reader = csv.reader(io.StringIO(text), strict=True)
    start, width = 1, None
    try:
        for record in reader:
            width = len(record) if width is None else width
            if reader.line_num > start and len(record) != width:
                return [problem(start, f"the record runs on to line {reader.line_num}")]
            start = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # a huge cell, not a quoting fault
            limit = csv.field_size_limit()
            return [
                Problem(table.name, None, None, None, None, f"line {start}: a cell is longer than {limit:,} characters")
            ]
        return [problem(start, str(error))]
    return []

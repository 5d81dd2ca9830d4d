"""Load the hand-coded tables into typed, validated pandas DataFrames.

Every load reads the CSV files as text, types each column as the schema says,
runs every check in :mod:`cat_kz.dataset.validation` and raises one
:class:`~cat_kz.errors.DataError` listing all problems, or returns the
tables with derived columns:

- ``date_start``, ``date_end``, ``date_precision``, ``date_approximate``,
  ``date_uncertain`` from ``edtf`` (events, refoulement, external_sources) and
  ``<name>_date_start`` ... from every other EDTF column ``<name>_edtf``
  (``cat_action_edtf``, ``value_edtf``, ``accessed_edtf``);
- ``char_start``, ``char_end``: where the quote stands in the source text;
- on acts: ``person_name``, ``person_kind``, ``method_label``, ``method_category``.

Results are cached per data directory and reused until a file's bytes change;
each call returns fresh copies, so changing a returned frame never changes
the next one.

>>> import cat_kz
>>> acts = cat_kz.load_acts()
>>> acts["method_category"].dtype.name
'category'
>>> bool(acts["quote"].notna().all() and acts["char_start"].notna().all())
True
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import gc
import io
import logging
import re
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from cat_kz.dataset import validation
from cat_kz.errors import DataError, EDTFError, Problem
from cat_kz.files import resolve_data_dir, tree_digest
from cat_kz.model.dates import derive_bounds
from cat_kz.model.schema import METHOD_CATEGORIES, TABLE_ORDER, TABLES, Column, Table
from cat_kz.model.sources import SourceText, read_source, sha256_of

log = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: how a boolean may be written, in a CSV cell or on the command line
TRUE_WORDS = frozenset({"true", "yes", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "0", "off"})


@dataclass(frozen=True)
class Dataset:
    """All tables of one data directory, typed and validated."""

    sources: pd.DataFrame
    articles: pd.DataFrame
    people: pd.DataFrame
    events: pd.DataFrame
    methods: pd.DataFrame
    acts: pd.DataFrame
    refoulement: pd.DataFrame
    counts: pd.DataFrame
    recommendations: pd.DataFrame
    findings: pd.DataFrame
    external_sources: pd.DataFrame
    claims: pd.DataFrame
    data_dir: Path
    texts: dict[str, SourceText]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLE_ORDER)}")
        return getattr(self, name)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in load order."""
        return {name: getattr(self, name) for name in TABLE_ORDER}

    def copy(self) -> Dataset:
        copies = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, pd.DataFrame):
                value = _copy_frame(value)
            copies[field.name] = value
        return Dataset(**copies)


def _copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    copied = frame.copy(deep=True)
    for column in copied.columns:
        # deep=True does not copy the Python lists inside object columns
        if copied[column].dtype == object:
            cells = copied[column].tolist()
            if any(isinstance(v, list) for v in cells):
                copied[column] = pd.Series([list(v) if isinstance(v, list) else v for v in cells], index=copied.index, dtype=object)
    return copied


# --- reading and typing ----------------------------------------------------


def read_raw(table: Table, data_dir: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The CSV as strings (empty cells as NA) plus file-level problems.

    A file re-saved by a spreadsheet (UTF-8 BOM, CRLF line ends) reads the same.
    """
    path = data_dir / table.file
    if not path.exists():
        return None, [Problem(table.name, None, None, None, None, f"file not found: {path}")]
    data = path.read_bytes()
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
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if parsed.column_names != names:
        return None
    dtype = pd.StringDtype("pyarrow")
    return pd.DataFrame({name: pd.Series(dtype.__from_arrow__(parsed.column(i)), copy=False) for i, name in enumerate(names)})


def check_raw(table: Table, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """A frame of strings as read from a CSV: the schema's columns checked,
    cells stripped, empty cells NA, a ``_row`` number (1 = first record) added."""
    frame.columns = [str(c).strip() for c in frame.columns]
    problems: list[Problem] = []
    if frame.empty and not table.may_be_empty:
        problems.append(Problem(table.name, None, None, None, None, "has a header but no records; every table needs at least one"))
    missing = [c for c in table.column_names if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in table.column_names]
    if missing:
        problems.append(Problem(table.name, None, None, None, None, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(
            Problem(table.name, None, None, None, None, f"unknown column(s): {', '.join(unknown)} (see cat_kz.model.schema)")
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
    try:
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
    return pd.array([v.strip() or None if isinstance(v, str) else None for v in col.to_numpy(dtype=object)], dtype="string")

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
#: Whole numbers in the data have at most this many digits (no page, count or year needs more).
MAX_DIGITS = 9


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
        return Problem(table.name, None, None, None, None, f'line {line}: a quote (") is not closed where its cell ends; {detail}')

    reader = csv.reader(io.StringIO(text), strict=True)
    start, width = 1, None
    try:
        for record in reader:
            width = len(record) if width is None else width
            if reader.line_num > start and len(record) != width:
                return [problem(start, f"the record runs on to line {reader.line_num}")]
            start = reader.line_num + 1
    except csv.Error as error:
        return [problem(start, str(error))]
    return []


def _convert(table: Table, column: Column, frame: pd.DataFrame) -> tuple[pd.Series, list[Problem]]:
    """Type one column; every bad cell becomes a Problem and an NA."""
    problems: list[Problem] = []
    raw = frame[column.name]

    def bad(index, value, message):
        record = None if table.key not in frame.columns else frame.at[index, table.key]
        record = None if pd.isna(record) else str(record)
        problems.append(Problem(table.name, int(frame.at[index, "_row"]), record, column.name, value, message))

    if column.required:
        for index in raw.index[raw.isna()]:
            bad(index, None, "required value is empty")

    # Each check is vectorised; only the bad cells are visited one by one.
    kind = column.kind
    present = raw.notna()
    if kind in {"text", "ref", "edtf"}:
        return raw.astype("string"), problems
    cells = raw.to_numpy(dtype=object, na_value=None).tolist()
    labels = raw.index
    if kind == "id":
        for i in [i for i, value in enumerate(cells) if value is not None and not _ID.match(value)]:
            bad(labels[i], cells[i], "ids are lower-case letters and digits, joined by single - or _")
        return raw.astype("string"), problems
    if kind == "int":
        numbers = [_whole_number(value) for value in cells]
        for i, (value, number) in enumerate(zip(cells, numbers)):
            if value is None:
                continue
            if number is None:
                bad(labels[i], value, "not a whole number")
            elif len(value.lstrip("-")) > MAX_DIGITS:
                bad(labels[i], value, f"whole number out of range (at most {MAX_DIGITS} digits)")
                numbers[i] = None
        return pd.Series(pd.array(numbers, dtype="Int64"), index=raw.index), problems
    if kind == "bool":
        lower = raw.str.lower()
        true, false = lower.isin(TRUE_WORDS).to_numpy(dtype=bool), lower.isin(FALSE_WORDS).to_numpy(dtype=bool)
        for index in raw.index[present.to_numpy(dtype=bool) & ~(true | false)]:
            bad(index, raw[index], "not true or false")
        return pd.Series(pd.arrays.BooleanArray(true, ~(true | false)), index=raw.index), problems
    if kind == "category":
        vocab = column.vocab or ()
        known = raw.isin(vocab)
        for index in raw.index[present & ~known]:
            value = raw[index]
            bad(index, value, f"not in the vocabulary ({', '.join(vocab)})" + validation.suggest(value, vocab))
        return pd.Series(pd.Categorical(raw.where(known), categories=vocab), index=raw.index), problems
    if kind in {"refs", "ints"}:
        values: list[list] = [[] for _ in cells]
        for i in [i for i, value in enumerate(cells) if value is not None]:
            index, value = labels[i], cells[i]
            parts = [p.strip() for p in value.split(";")]
            if any(not p for p in parts):
                bad(index, value, "empty item in a ';'-separated list")
                parts = [p for p in parts if p]
            if kind == "ints":
                if not all(p.isdigit() for p in parts):
                    bad(index, value, "items must be whole numbers separated by ';'")
                    parts = []
                elif any(len(p) > MAX_DIGITS for p in parts):
                    bad(index, value, f"whole number out of range (at most {MAX_DIGITS} digits)")
                    parts = []
                parts = [int(p) for p in parts]
            if len(set(parts)) != len(parts):
                bad(index, value, "an item is listed twice")
            values[i] = parts
        return pd.Series(values, index=raw.index, dtype=object), problems
    raise AssertionError(kind)  # schema.Column rejects other kinds


def _whole_number(value: str | None) -> int | None:
    """``int(value)`` if it is a whole number (``-?\\d+``; str.isdecimal is re's ``\\d``), else None."""
    if value is not None and (value.isdecimal() or (value[:1] == "-" and value[1:].isdecimal())):
        return int(value)
    return None


def _dates(table: Table, frame: pd.DataFrame, column: str, prefix: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Derive the date columns from an EDTF column, reporting bad strings per row."""
    try:
        derived = derive_bounds(frame[column])
    except EDTFError as error:
        problems = []
        for index, value, reason in error.errors:
            record = frame.at[index, table.key]
            problems.append(Problem(table.name, int(frame.at[index, "_row"]), record, column, value, reason))
        good = frame[column].copy()
        good[[index for index, _, _ in error.errors]] = pd.NA
        derived = derive_bounds(good)
    else:
        problems = []
    derived.columns = [c.replace("date_", prefix, 1) for c in derived.columns]
    return derived, problems


def _type_table(table: Table, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    typed = pd.DataFrame({"_row": frame["_row"]}, index=frame.index)
    for column in table.columns:
        if column.name not in frame.columns:
            continue
        typed[column.name], found = _convert(table, column, frame)
        problems += found
    if table.key in typed.columns:
        problems += validation.check_unique_keys(table.name, typed)
    for edtf_column in [c.name for c in table.columns if c.kind == "edtf"]:
        # edtf -> date_start ...; cat_action_edtf -> cat_action_date_start ...
        prefix = edtf_column.removesuffix("edtf") + "date_"
        if edtf_column in typed.columns:
            derived, found = _dates(table, typed, edtf_column, prefix)
            problems += found
            typed = pd.concat([typed, derived], axis=1)
    return typed, problems


# --- the whole dataset -----------------------------------------------------


def _read_sources(sources: pd.DataFrame, data_dir: Path) -> tuple[dict[str, SourceText], list[Problem]]:
    hashes: dict[str, str | None] = {}
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for index in sources.index:
        source_id, path = sources.at[index, "source_id"], sources.at[index, "path"]
        if pd.isna(source_id) or pd.isna(path):
            continue
        file = data_dir / path
        hashes[source_id] = sha256_of(file) if file.is_file() else None
        has_pages = sources.at[index, "has_pages"]
        if hashes[source_id] and not pd.isna(has_pages) and bool(has_pages):
            try:
                texts[source_id] = read_source(file)
            except ValueError as error:
                problems.append(Problem("sources", int(sources.at[index, "_row"]), source_id, "path", path, str(error)))
    problems += validation.check_sources(sources, hashes)
    return texts, problems


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: loading makes millions of objects and no
    cycles, and each collection would walk all of them (about 10% of a large load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(data_dir: Path, read=read_raw, quotes: bool = True) -> Dataset:
    with _no_gc():
        return _load_checked(data_dir, read, quotes)


def _load_checked(data_dir: Path, read=read_raw, quotes: bool = True) -> Dataset:
    """Read (``read(table, data_dir)`` gives the raw strings), type and check every table.

    ``quotes=False`` (a redacted export, whose quotes no longer stand in the
    source) skips the quote checks and the paged sources, so ``char_start`` and
    ``char_end`` are not derived; every other check runs.
    """
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    for name in TABLE_ORDER:
        table = TABLES[name]
        raw, found = read(table, data_dir)
        problems += found
        if raw is None:
            continue
        typed[name], found = _type_table(table, raw)
        problems += found
        log.info("read %s: %d records", table.file, len(raw))

    if len(typed) == len(TABLE_ORDER) and not any(p.row is None for p in problems):
        problems += validation.check_references(typed)
        sources = typed["sources"]
        if not quotes:
            sources = sources[~sources["has_pages"].fillna(False).astype(bool)]
        texts, found = _read_sources(sources, data_dir)
        problems += found
        for name in TABLE_ORDER if quotes else ():
            if TABLES[name].quoted:
                found, spans = validation.check_quotes(name, typed[name], texts)
                problems += found
                typed[name] = pd.concat([typed[name], spans], axis=1)
        problems += validation.check_people(typed["people"])
        problems += validation.check_refoulement(typed["refoulement"], typed["people"])
        problems += validation.check_counts(typed["counts"])
        problems += validation.check_acts(typed["acts"], typed["people"], _dated(typed["events"]))
        problems += validation.check_nationality(typed["refoulement"], texts)
        problems += validation.check_urls(typed)
        problems += validation.check_claims(typed, reported=problems)
        reference = None if any(p.table == "sources" for p in problems) else _huridocs_reference(typed["sources"], data_dir)
        if reference is not None:
            problems += validation.check_huridocs_codes(typed["methods"], reference)
    else:
        texts = {}
    if problems:
        raise DataError(problems, where=str(data_dir))

    tables = {name: frame.drop(columns="_row").reset_index(drop=True) for name, frame in typed.items()}
    tables["acts"] = _join_acts(tables["acts"], tables["people"], tables["methods"])
    quoted = sum(len(tables[n]) for n in TABLE_ORDER if TABLES[n].quoted)
    log.info("validated %s: %d quotes found on their pages", data_dir, quoted)
    return Dataset(**tables, data_dir=data_dir, texts=texts)


def _dated(events: pd.DataFrame) -> pd.DataFrame:
    return events if "date_precision" in events.columns else events.assign(date_precision=pd.NA)


def _huridocs_reference(sources: pd.DataFrame, data_dir: Path) -> pd.DataFrame | None:
    rows = sources[sources["source_id"] == "huridocs-mt5"]
    if rows.empty:
        return None
    return pd.read_csv(data_dir / rows["path"].iloc[0], dtype=str, keep_default_na=False)


def _join_acts(acts: pd.DataFrame, people: pd.DataFrame, methods: pd.DataFrame) -> pd.DataFrame:
    person = people.set_index("person_id")
    method = methods.set_index("method_code")
    joined = acts.copy()
    joined["person_name"] = acts["person_id"].map(person["name"]).astype("string")
    joined["person_kind"] = pd.Categorical(acts["person_id"].map(person["kind"]), categories=person["kind"].cat.categories)
    joined["method_label"] = acts["method_code"].map(method["label"]).astype("string")
    joined["method_category"] = pd.Categorical(
        acts["method_code"].map(method["category"]).astype(object), categories=tuple(METHOD_CATEGORIES)
    )
    return joined


# --- cache and public loaders ---------------------------------------------

#: data directory -> (its files' hashes, the dataset, the dataset redacted at each level asked for)
_CACHE: dict[Path, tuple[tuple, Dataset, dict[tuple, Dataset]]] = {}


def dataset_fingerprint(data_dir: Path | str | None = None) -> str:
    """sha256 over every file of the data directory (names and bytes), in a stable order.

    Any change to any file's bytes changes it (an edit may keep a file's size and time):
    it keys the load cache and names the data every report was made from.
    """
    return tree_digest(resolve_data_dir(data_dir))


def load_dataset(data_dir: Path | str | None = None, *, redact: str = "none") -> Dataset:
    """All tables, validated. Raises :class:`DataError` listing every problem.

    ``redact`` hides names (``none``, ``minors``, ``victims``: everyone but officials,
    ``all``): every text cell of every table gets stable role-based pseudonyms
    (see :mod:`cat_kz.dataset.redaction`); ids, numbers and categories do not change.

    ``data_dir`` may also be an export written by ``cat-kz export``: its folder, its
    ``datapackage.json`` or its ``parquet/`` folder (see :mod:`cat_kz.dataset.package`);
    it is checked as ``data/`` is.

    >>> import cat_kz
    >>> ds = cat_kz.load_dataset()
    >>> sorted(ds.tables())[:3]
    ['acts', 'articles', 'claims']
    """
    from cat_kz.dataset.package import find_export, load_export

    root = resolve_data_dir(data_dir)
    export = find_export(root)
    if export is not None:
        root = export[1]
    stamp = dataset_fingerprint(root)
    cached = _CACHE.get(root)
    if cached is None or cached[0] != stamp:
        cached = _CACHE[root] = (stamp, _load(root) if export is None else load_export(*export), {})
    dataset, redacted = cached[1], cached[2]
    if redact != "none":
        from cat_kz.dataset.redaction import EXTRA_VARIANTS, Redactor

        # redacting every cell takes longer than copying: each level is redacted once per
        # load (and again if spellings were added to redaction.EXTRA_VARIANTS since)
        key = (redact, tuple(sorted((name, tuple(spellings)) for name, spellings in EXTRA_VARIANTS.items())))
        if key not in redacted:
            redacted[key] = Redactor(dataset.people, redact).dataset(dataset)
        dataset = redacted[key]
    with _no_gc():
        return dataset.copy()


def clear_cache() -> None:
    """Forget cached datasets (the next load re-reads and re-validates)."""
    _CACHE.clear()


def load_sources(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Sources with path and sha256 (checked on load)."""
    return load_dataset(data_dir, redact=redact).sources


def load_articles(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The Convention's articles 1 to 16."""
    return load_dataset(data_dir, redact=redact).articles


def load_people(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """People and groups, one row each."""
    return load_dataset(data_dir, redact=redact).people


def load_events(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Dated events with date_start, date_end and date_precision."""
    return load_dataset(data_dir, redact=redact).events


def load_methods(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The method taxonomy with HURIDOCS codes."""
    return load_dataset(data_dir, redact=redact).methods


def load_acts(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Alleged acts with the person's name and the method's label and category."""
    return load_dataset(data_dir, redact=redact).acts


def load_refoulement(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Refoulement cases, one row each."""
    return load_dataset(data_dir, redact=redact).refoulement


def load_counts(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Every figure the source states."""
    return load_dataset(data_dir, redact=redact).counts


def load_recommendations(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The source's recommendations."""
    return load_dataset(data_dir, redact=redact).recommendations


def load_findings(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The source's findings about law and practice (article 146, the NPM, impunity, ...)."""
    return load_dataset(data_dir, redact=redact).findings


def load_external_sources(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Other public documents cited for corroboration (title, publisher, kind, date, URL)."""
    return load_dataset(data_dir, redact=redact).external_sources


def load_claims(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Facts other sources state, each tied to the submission's record it agrees with, differs from or adds to."""
    return load_dataset(data_dir, redact=redact).claims


def load_source_text(source_id: str = "hrw-2014", data_dir: Path | str | None = None) -> SourceText:
    """The checked text of a paged source, with its pages and offsets."""
    texts = load_dataset(data_dir).texts
    if source_id not in texts:
        raise KeyError(f"no paged source {source_id!r}; paged sources are {', '.join(texts)}")
    return texts[source_id]

"""Typing the cells of a raw table as the schema says, one column at a time.

Every bad cell becomes a :class:`~cat_kz.errors.Problem` (naming row, record,
column and value) and an NA, so one load reports every problem at once. An
EDTF column also gives the derived date columns (``date_start`` ...).

>>> import pandas as pd
>>> from cat_kz.model.schema import TABLES
>>> raw = pd.DataFrame({"_row": [1, 2], "count_id": ["cnt-1", "cnt-2"], "value": ["12", "twelve"]})
>>> typed, problems = _type_table(TABLES["counts"], raw)
>>> typed["value"].tolist(), [p.message for p in problems]
([12, <NA>], ['not a whole number'])
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from cat_kz.dataset.validation import check_unique_keys, suggest
from cat_kz.errors import EDTFError, Problem
from cat_kz.model.dates import derive_bounds
from cat_kz.model.schema import Column, Table

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: how a boolean may be written, in a CSV cell or on the command line
TRUE_WORDS = frozenset({"true", "yes", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "0", "off"})
#: Whole numbers in the data have at most this many digits (no page, count or year needs more).
MAX_DIGITS = 9

#: bad(index label, value, message): report one bad cell of the column being typed
Bad = Callable[[object, object, str], None]


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
    kind = column.kind
    if kind in {"text", "ref", "edtf"}:
        return raw.astype("string"), problems
    if kind not in _CONVERTERS:
        raise AssertionError(kind)  # schema.Column rejects other kinds
    # Each check is vectorised; only the bad cells are visited one by one.
    return _CONVERTERS[kind](raw, column, bad), problems


def _cells(raw: pd.Series) -> list[str | None]:
    return raw.to_numpy(dtype=object, na_value=None).tolist()


def _ids(raw: pd.Series, column: Column, bad: Bad) -> pd.Series:
    cells = _cells(raw)
    for i in [i for i, value in enumerate(cells) if value is not None and not _ID.match(value)]:
        bad(raw.index[i], cells[i], "ids are lower-case letters and digits, joined by single - or _")
    return raw.astype("string")


def _ints(raw: pd.Series, column: Column, bad: Bad) -> pd.Series:
    cells = _cells(raw)
    numbers = [_whole_number(value) for value in cells]
    for i, (value, number) in enumerate(zip(cells, numbers)):
        if value is None:
            continue
        if number is None:
            bad(raw.index[i], value, "not a whole number")
        elif len(value.lstrip("-")) > MAX_DIGITS:
            bad(raw.index[i], value, f"whole number out of range (at most {MAX_DIGITS} digits)")
            numbers[i] = None
    return pd.Series(pd.array(numbers, dtype="Int64"), index=raw.index)


def _bools(raw: pd.Series, column: Column, bad: Bad) -> pd.Series:
    lower = raw.str.lower()
    true, false = lower.isin(TRUE_WORDS).to_numpy(dtype=bool), lower.isin(FALSE_WORDS).to_numpy(dtype=bool)
    for index in raw.index[raw.notna().to_numpy(dtype=bool) & ~(true | false)]:
        bad(index, raw[index], "not true or false")
    return pd.Series(pd.arrays.BooleanArray(true, ~(true | false)), index=raw.index)


def _categories(raw: pd.Series, column: Column, bad: Bad) -> pd.Series:
    vocab = column.vocab or ()
    known = raw.isin(vocab)
    for index in raw.index[raw.notna() & ~known]:
        value = raw[index]
        bad(index, value, f"not in the vocabulary ({', '.join(vocab)})" + suggest(value, vocab))
    return pd.Series(pd.Categorical(raw.where(known), categories=vocab), index=raw.index)


def _lists(raw: pd.Series, column: Column, bad: Bad) -> pd.Series:
    """``;``-separated lists: of references (``refs``) or of whole numbers (``ints``)."""
    cells = _cells(raw)
    values: list[list] = [[] for _ in cells]
    for i in [i for i, value in enumerate(cells) if value is not None]:
        index, value = raw.index[i], cells[i]
        parts = [p.strip() for p in value.split(";")]
        if any(not p for p in parts):
            bad(index, value, "empty item in a ';'-separated list")
            parts = [p for p in parts if p]
        if column.kind == "ints":
            parts = _list_numbers(parts, lambda message: bad(index, value, message))
        if len(set(parts)) != len(parts):
            bad(index, value, "an item is listed twice")
        values[i] = parts
    return pd.Series(values, index=raw.index, dtype=object)


def _list_numbers(parts: list[str], bad: Callable[[str], None]) -> list[int]:
    """The items of an ``ints`` list as numbers, or ``[]`` (and a problem) if one is not a whole number."""
    if not all(p.isdigit() for p in parts):
        bad("items must be whole numbers separated by ';'")
        return []
    if any(len(p) > MAX_DIGITS for p in parts):
        bad(f"whole number out of range (at most {MAX_DIGITS} digits)")
        return []
    return [int(p) for p in parts]


_CONVERTERS: dict[str, Callable[[pd.Series, Column, Bad], pd.Series]] = {
    "id": _ids,
    "int": _ints,
    "bool": _bools,
    "category": _categories,
    "refs": _lists,
    "ints": _lists,
}


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
        problems += check_unique_keys(table.name, typed)
    for edtf_column in [c.name for c in table.columns if c.kind == "edtf"]:
        # edtf -> date_start ...; cat_action_edtf -> cat_action_date_start ...
        prefix = edtf_column.removesuffix("edtf") + "date_"
        if edtf_column in typed.columns:
            derived, found = _dates(table, typed, edtf_column, prefix)
            problems += found
            typed = pd.concat([typed, derived], axis=1)
    return typed, problems

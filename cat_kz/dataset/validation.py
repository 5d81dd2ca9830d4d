"""Checks run on every load, and the one error type that reports them.

Every rule returns :class:`Problem` records instead of raising, so that one
:class:`DataError` can list *every* problem found, each naming the file, the
row (1 = the first record under the header), the record's id, the column and
the offending value.

Rules, in the order they run:

1. files: present, not empty, exactly the schema's columns;
2. cells: required values present, ids well-formed, numbers, booleans,
   vocabularies and EDTF strings parse;
3. keys unique;
4. references resolve (person_ids, event_id, method_code, source_id,
   cat_articles, huridocs_code);
5. sources: the file exists and its sha256 matches the sources table;
6. quotes have at least :data:`MIN_QUOTE` characters and occur verbatim
   (whitespace-normalised) on the stated page, once (a quote found twice there
   is refused: its place, ``char_start``, would be a guess), and a record's date
   phrase occurs inside its quote;
7. table-specific consistency (minors and ages, group sizes, Committee
   actions, qualifiers, restated acts, addresses, claims):
   :mod:`cat_kz.dataset.checks_records`.

This module holds the checks every table shares (keys, references, quotes,
sources) and the helpers of the table-specific ones.

>>> from cat_kz.errors import DataError, Problem
>>> p = Problem("acts", 3, "act-003", "method_code", "gauntlett", "unknown method_code")
>>> print(p)
acts.csv row 3 (act-003), column method_code: 'gauntlett': unknown method_code
>>> print(DataError([p]))  # doctest: +ELLIPSIS
1 problem in the data:
  acts.csv row 3 (act-003), column method_code: 'gauntlett': unknown method_code
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from cat_kz.errors import Problem
from cat_kz.model.schema import TABLES
from cat_kz.model.sources import SourceText, normalise_whitespace

#: A quote shorter than this (whitespace-normalised) cannot show that the source
#: states the record, nor stand in one place on its page; the data's shortest is 14.
MIN_QUOTE = 12
_TOO_SHORT = f"a quote must have at least {MIN_QUOTE} characters: one short enough to stand anywhere proves nothing"

#: above this many known values a did-you-mean hint is not searched for (difflib is
#: linear in them, and a large dataset with many bad values would take hours)
SUGGEST_LIMIT = 50_000


def suggest(value: str, known: Iterable[str]) -> str:
    """A '; did you mean ...?' hint, or '' when nothing is close (or there are too many to search).

    >>> suggest("p7", ["p07", "p08"])
    "; did you mean 'p07'?"
    """
    candidates = [str(k) for k in known]
    if len(candidates) > SUGGEST_LIMIT:
        return ""
    close = difflib.get_close_matches(str(value), candidates, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def record_id(frame: pd.DataFrame, table: str, index: int) -> str | None:
    key = TABLES[table].key
    if key in frame.columns:
        value = frame.at[index, key]
        return None if pd.isna(value) else str(value)
    return None


def values(frame: pd.DataFrame, column: str) -> list:
    """A column as a plain list, missing values as None: loops over it are fast.

    >>> values(pd.DataFrame({"a": pd.array([1, None], dtype="Int64")}), "a")
    [1, None]
    """
    return frame[column].to_numpy(dtype=object, na_value=None).tolist()


def positions(mask: pd.Series) -> list[int]:
    """Positions (not labels) where a boolean mask is True; NA counts as False."""
    return np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool)).tolist()


def check_unique_keys(table: str, frame: pd.DataFrame) -> list[Problem]:
    key = TABLES[table].key
    problems = []
    duplicated = frame[key].notna() & frame[key].duplicated(keep=False)
    for value, rows in frame[duplicated].groupby(key, sort=True).groups.items():
        numbers = [int(frame.at[i, "_row"]) for i in rows]
        problems.append(
            Problem(table, numbers[1], str(value), key, value, f"duplicate id (rows {', '.join(map(str, numbers))})")
        )
    return problems


def check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every ref/refs/ints column with ``ref=`` points at an existing key."""
    problems = []
    keys: dict[str, set] = {}  # table -> its keys, built once however many columns refer to it
    for name, frame in tables.items():
        rows = None
        for column in TABLES[name].columns:
            if column.ref is None or column.name not in frame.columns or column.ref not in tables:
                continue
            target = TABLES[column.ref]
            if column.ref not in keys:
                keys[column.ref] = set(tables[column.ref][target.key].dropna().tolist())
            known = keys[column.ref]
            cells = frame[column.name]
            if column.kind in {"refs", "ints"}:  # lists: check the non-empty ones
                cells_list = cells.tolist()
                suspects = [
                    i
                    for i, cell in enumerate(cells_list)
                    if cell and isinstance(cell, list) and not known.issuperset(cell)
                ]
            else:
                # as object: pandas' isin on pyarrow strings converts each key to a pyarrow scalar in Python
                suspects = positions(cells.notna() & ~cells.astype(object).isin(known))
                cells_list = None
            for i in suspects:
                if rows is None:
                    rows = values(frame, "_row")
                cell = cells_list[i] if cells_list is not None else cells.iat[i]
                for value in cell if isinstance(cell, list) else [cell]:
                    if value not in known:
                        problems.append(
                            Problem(
                                name,
                                int(rows[i]),
                                record_id(frame, name, frame.index[i]),
                                column.name,
                                value,
                                f"no {column.ref}.{target.key} has this value" + suggest(value, known),
                            )
                        )
    return problems


def check_huridocs_codes(methods: pd.DataFrame, reference: pd.DataFrame) -> list[Problem]:
    """``huridocs_code`` is a code of micro-thesaurus 5, as 12 digits."""
    known = set(reference["code"])
    problems = []
    for index, code in methods["huridocs_code"].items():
        if pd.isna(code):
            continue
        if len(code) != 12 or not code.isdigit():
            message = "a HURIDOCS code has 12 digits (keep leading zeros: save the column as text)"
        elif code not in known:
            message = "not a code of HURIDOCS micro-thesaurus 5 (data/reference/)"
        else:
            continue
        problems.append(
            Problem(
                "methods",
                int(methods.at[index, "_row"]),
                record_id(methods, "methods", index),
                "huridocs_code",
                code,
                message,
            )
        )
    return problems


def check_quotes(name: str, frame: pd.DataFrame, sources: dict[str, SourceText]) -> tuple[list[Problem], pd.DataFrame]:
    """Each quote occurs on its page; returns problems and the char_start/char_end found."""
    problems = []
    rows = values(frame, "_row")
    quotes, pages, source_ids = values(frame, "quote"), values(frame, "page"), values(frame, "source_id")
    phrases = [
        (column, values(frame, column)) for column in ("date_text", "cat_action_date_text") if column in frame.columns
    ]
    starts: list[int | None] = [None] * len(frame)
    ends: list[int | None] = [None] * len(frame)
    for i, (quote, page, source_id) in enumerate(zip(quotes, pages, source_ids)):
        if quote is None:
            continue  # reported as a required value
        needle = normalise_whitespace(quote)
        if len(needle) < MIN_QUOTE:
            record = record_id(frame, name, frame.index[i])
            problems.append(Problem(name, int(rows[i]), record, "quote", clip(quote), _TOO_SHORT))
        elif page is not None and source_id is not None:
            source = sources.get(source_id)
            span = None if source is None else source.find_normalised(needle, int(page))
            if span is not None:
                starts[i], ends[i] = span
                if _occurs_again(source, needle, int(page)):
                    record = record_id(frame, name, frame.index[i])
                    message = f"occurs 2 or more times on page {page}; quote enough words to stand in one place"
                    problems.append(Problem(name, int(rows[i]), record, "quote", clip(quote), message))
            else:
                problems.append(_quote_problem(name, frame, i, int(rows[i]), quote, int(page), source_id, source))
        # A date phrase must be one the quote states: the date is evidence too.
        for column, phrase_values in phrases:
            if phrase_values[i] is not None:
                phrase = normalise_whitespace(phrase_values[i])
                if phrase not in needle:
                    record = record_id(frame, name, frame.index[i])
                    problems.append(
                        Problem(
                            name, int(rows[i]), record, column, phrase, "the date phrase does not occur in the quote"
                        )
                    )
    spans = pd.DataFrame(
        {"char_start": pd.array(starts, dtype="Int64"), "char_end": pd.array(ends, dtype="Int64")}, index=frame.index
    )
    return problems, spans


def _occurs_again(source: SourceText, needle: str, page: int) -> bool:
    """Whether ``needle``, found on ``page``, stands there a second time (its span would be a guess)."""
    haystack = source._normalised_page(source.page(page))[0]  # built by find_normalised, kept per page
    return haystack.find(needle, haystack.find(needle) + 1) != -1


def _quote_problem(name, frame, i, row, quote, page, source_id, source) -> Problem:
    """Why the quote of row position *i* is not on its page (or cannot be checked)."""
    record = record_id(frame, name, frame.index[i])
    if source is None:
        return Problem(name, row, record, "source_id", source_id, "no paged source text to check the quote against")
    elsewhere = source.find_quote(quote)
    if elsewhere is not None:
        return Problem(
            name, row, record, "page", page, f"quote is on page {source.page_of(elsewhere[0])}, not page {page}"
        )
    if page not in {p.number for p in source.pages}:
        return Problem(name, row, record, "page", page, f"{source_id} has pages 1 to {len(source.pages)}")
    return Problem(name, row, record, "quote", clip(quote), f"not found verbatim on page {page} of {source_id}")


def clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def check_sources(frame: pd.DataFrame, actual_hashes: dict[str, str | None]) -> list[Problem]:
    """Each source file exists and has the recorded sha256."""
    problems = []
    for index in frame.index:
        source_id = frame.at[index, "source_id"]
        actual = actual_hashes.get(source_id)
        row = int(frame.at[index, "_row"])
        if actual is None:
            problems.append(Problem("sources", row, source_id, "path", frame.at[index, "path"], "file not found"))
        elif actual != frame.at[index, "sha256"]:
            problems.append(
                Problem(
                    "sources",
                    row,
                    source_id,
                    "sha256",
                    frame.at[index, "sha256"],
                    f"the file's sha256 is {actual}: the source changed or the wrong file is in place",
                )
            )
    return problems

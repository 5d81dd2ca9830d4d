"""Checks on every text cell and every date phrase, run on each load (from
:func:`cat_kz.dataset.evidence_rules.check_evidence`).

- No text cell holds an invisible control that changes what a reader sees: bidi
  controls (U+202A to U+202E, U+2066 to U+2069: they reorder the text shown, and a
  name or a figure can be made to read otherwise), a byte order mark inside the
  text (U+FEFF) or a line or paragraph separator (U+2028, U+2029: one line in the
  CSV, two on screen). Other control characters are refused when the file is read
  (:mod:`cat_kz.dataset.read`).
- A record's date text and its EDTF agree: the years the phrase names (and its
  month, when it names one month and one year) bound a period the EDTF's interval
  must meet ("October 2014" with EDTF ``2099-01-01`` is refused). A phrase without
  a year ("April 19", the year from context) is not checked here. The full reading
  of a phrase (day ranges, "late 2010") is :mod:`cat_kz.analysis.date_phrases`',
  which coverage uses.

>>> import pandas as pd
>>> people = pd.DataFrame({"person_id": ["p1"], "description": ["a\\u202eb"], "_row": [1]})
>>> [str(p) for p in check_text_characters({"people": people})]
["people.csv row 1 (p1), column description: 'a\\\\u202eb': holds U+202E (a bidi control); remove it"]
>>> phrase_period("October 2014"), phrase_period("between 2009 and 2011"), phrase_period("April 19")
(('2014-10-01', '2014-10-31'), ('2009-01-01', '2011-12-31'), None)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping

import pandas as pd

from cat_kz.dataset.validation import record_id
from cat_kz.errors import Problem
from cat_kz.model.schema import TABLES

_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029]")
_WHAT = {"\ufeff": "a byte order mark", "\u2028": "a line separator", "\u2029": "a paragraph separator"}

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)


def _what(char: str) -> str:
    return _WHAT.get(char, "a bidi control")


def check_text_characters(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every text cell free of bidi controls, BOMs and line or paragraph separators."""
    problems = []
    for name, frame in tables.items():
        table = TABLES.get(name)
        columns = [c.name for c in table.columns if c.kind == "text"] if table else []
        for column in columns:
            if column not in frame.columns:
                continue
            cells = frame[column]
            texts = [v if isinstance(v, str) else "" for v in cells.tolist()]
            if not _INVISIBLE.search("\n".join(texts)):  # one search per column; rows only if needed
                continue
            for position, text in enumerate(texts):
                found = _INVISIBLE.search(text)
                if found:
                    index = frame.index[position]
                    row = int(frame.at[index, "_row"]) if "_row" in frame.columns else position + 1
                    char = found.group()
                    message = f"holds U+{ord(char):04X} ({_what(char)}); remove it"
                    problems.append(Problem(name, row, record_id(frame, name, index), column, text[:70], message))
    return problems


def phrase_period(phrase: str) -> tuple[str, str] | None:
    """The first and last day (ISO) a date phrase can mean, read coarsely: its years,
    narrowed to its month when it names one month and one year; None without a year."""
    years = [int(y) for y in _YEAR.findall(phrase)]
    if not years:
        return None
    months = {_MONTHS[m.group(1).lower()] for m in _MONTH.finditer(phrase)}
    if len(set(years)) == 1 and len(months) == 1:
        year, month = years[0], months.pop()
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{min(years)}-01-01", f"{max(years)}-12-31"


def _date_pairs(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(date text column, EDTF column, derived prefix) of a typed table."""
    pairs = []
    for column in frame.columns:
        if column.endswith("date_text"):
            prefix = column.removesuffix("date_text")
            if f"{prefix}edtf" in frame.columns and f"{prefix}date_start" in frame.columns:
                pairs.append((column, f"{prefix}edtf", prefix))
    return pairs


def check_date_phrases(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Each record's EDTF meets the period its date text names."""
    problems = []
    for name, frame in tables.items():
        for text_column, edtf_column, prefix in _date_pairs(frame):
            starts, ends = frame[f"{prefix}date_start"], frame[f"{prefix}date_end"]
            for index, phrase in frame[text_column].items():
                period = phrase_period(phrase) if isinstance(phrase, str) else None
                start, end = starts.at[index], ends.at[index]
                if period is None or pd.isna(start) or pd.isna(end):
                    continue
                if pd.Timestamp(end) < pd.Timestamp(period[0]) or pd.Timestamp(start) > pd.Timestamp(period[1]):
                    row = int(frame.at[index, "_row"]) if "_row" in frame.columns else None
                    message = f"the date text {phrase!r} says {period[0]} to {period[1]}; the EDTF is outside it"
                    edtf = frame.at[index, edtf_column]
                    problems.append(Problem(name, row, record_id(frame, name, index), edtf_column, edtf, message))
    return problems

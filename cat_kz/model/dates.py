"""EDTF strings to strict date bounds.

Every dated record in the project keeps ``date_text`` (the source's verbatim
phrase) and ``edtf`` (a Library of Congress Extended Date/Time Format string).
``edtf`` is the single source of truth: this module derives the *strict*
bounds -- the first and the last day the phrase can mean -- and a precision
label from it.  Plots draw spans ``date_start..date_end``, so the bounds are
never widened for uncertainty and never narrowed for convenience.

What is accepted
----------------
======================  ===========================  =====================  ==============
EDTF                    source phrase (example)      bounds                 precision
======================  ===========================  =====================  ==============
``2011-12-22``          "December 22, 2011"          that day               ``day``
``2010-12``             "December 2010"              Dec 1 .. Dec 31        ``month``
``2009``                "in 2009"                    Jan 1 .. Dec 31        ``year``
``2014-21`` .. ``-24``  "spring 2014"                see *Seasons*          ``season``
``2010-33`` .. ``-41``  "late 2010" (``2010-39``)    see *Parts of a year*  ``part of year``
``A/B``                 "between December 16 and 18" start(A) .. end(B)     ``range``
======================  ===========================  =====================  ==============

Seasons (EDTF level 1, codes 21-24)
    Northern-hemisphere meteorological seasons: spring (21) = Mar 1 - May 31,
    summer (22) = Jun 1 - Aug 31, autumn (23) = Sep 1 - Nov 30, winter (24) =
    Dec 1 of the given year - the last day of February of the *next* year
    (so ``2015-24`` ends 2016-02-29).

    *Deviation from the ``edtf`` package:* edtf 5.0.2 bounds winter as Dec 1 -
    Dec 31 of the same year (its ``appsettings.SEASON_MONTHS_RANGE`` maps 24 to
    ``[12, 12]``, "for simplicity").  That would cut two thirds of the season
    off a plotted span, so this module applies the rule above itself.

Parts of a year (project convention, EDTF level-2 sub-year groupings)
    "early YYYY", "mid-YYYY" and "late YYYY" cannot be written in level-1
    EDTF.  The project codes them with level-2 quadrimesters:

    * ``YYYY-37`` "early YYYY" = Jan 1 - Apr 30
    * ``YYYY-38`` "mid-YYYY"   = May 1 - Aug 31
    * ``YYYY-39`` "late YYYY"  = Sep 1 - Dec 31, e.g. "late 2010" -> ``2010-39``
      -> 2010-09-01 .. 2010-12-31

    Quarters ``33``-``36`` (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) and semestrals
    ``40``-``41`` (Jan-Jun, Jul-Dec) are accepted with those bounds too.  The
    hemisphere-specific seasons ``25``-``32`` are rejected: use 21-24.

    The bounds for every sub-year code come from this module's own table,
    not from the ``edtf`` package's (which can be overridden through Django
    settings); the tests check that both agree except for winter.

Intervals
    ``A/B`` runs from the first day of ``A`` to the last day of ``B``; each side
    may have any of the precisions above (``2011-12/2012-04``, ``2010-39/2011-37``).
    Open or unknown ends (``2011/..``, ``../2011``, ``2011/``, ``/2011``) are
    rejected: the project requires closed bounds.  An interval whose end comes
    before its start is rejected.

Qualifiers ``~`` (approximate), ``?`` (uncertain), ``%`` (both)
    Allowed anywhere EDTF allows them (``2010~``, ``2010-06~``, ``?2010-06``,
    ``2011-12-16~/2011-12-18``) and additionally after a season or sub-year
    grouping (``2014-21~``, ``2010-39?``), which the ``edtf`` package rejects
    outside intervals.  Qualifiers never change the bounds: they are those of
    the unqualified value.  They only set the ``approximate`` (``~`` or ``%``)
    and ``uncertain`` (``?`` or ``%``) flags.

Rejected (:class:`EDTFError`)
    Anything that is not EDTF (``December 2011``, ``2011/12/22``, ``""``),
    impossible dates (``2011-13-01``, ``2011-02-30``, ``2011-02-29``),
    unspecified digits (``201X``, ``2010-XX``), sets and lists (``[..]``,
    ``{..}``), open/unknown interval ends, end before start, times of day,
    years outside 0001-9999 and the exotic level-1/2 features the project does
    not use (``Y`` long years, ``S`` significant digits, ``^`` qualified
    seasons).  Surrounding whitespace is rejected rather than silently
    stripped.

How strings are parsed: a fast path, with the ``edtf`` package as reference
----------------------------------------------------------------------------
The forms the data uses -- ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and the
sub-year codes ``YYYY-21`` .. ``YYYY-41`` (project codes only), each with
at most one trailing qualifier, and intervals ``A/B`` of those -- are read by
a small regular-expression parser (:func:`fast_parse`) that computes the
bounds with :mod:`datetime` and :mod:`calendar`.  Anything else, and
anything the fast path cannot turn into real dates, goes to the reference
parser (:func:`reference_parse`), built on the ``edtf`` package, which either
accepts it or raises the :class:`EDTFError` naming the reason.  The ``edtf``
package (a pyparsing grammar, about 25 ms per string) is imported only when
the reference parser first runs.  ``tests/model/test_dates_fast_parser.py`` checks with
hypothesis that both parsers agree on every form and on generated strings.
Results are memoised per distinct string (:func:`parse_edtf` is cached and
:func:`derive_bounds` parses each distinct value of a column once).

All functions are pure (the memo aside): no I/O.

Example
-------
>>> parse_edtf("2010-39")
DateBounds(start=datetime.date(2010, 9, 1), end=datetime.date(2010, 12, 31), precision='part of year', approximate=False, uncertain=False)
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from typing import Any, Final

import numpy as np
import pandas as pd

from cat_kz.errors import EDTFError
from cat_kz.model.date_bounds import (
    _SEASON_CODES,
    _SUBYEAR_SPANS,
    PRECISIONS,
    DateBounds,
    _subyear_bounds,
    _with_flags,
    subyear_bounds,
)
from cat_kz.model.edtf_reference import reference_parse

__all__ = [
    "PRECISIONS",
    "DateBounds",
    "EDTFError",
    "derive_bounds",
    "fast_parse",
    "overlaps",
    "parse_edtf",
    "reference_parse",
    "subyear_bounds",
]


# The forms the data uses: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-CC (a sub-year
# code), with at most one trailing qualifier.
_FAST_SIDE: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?[~?%]?")


def _fast_side(text: str) -> tuple[datetime.date, datetime.date, str] | None:
    m = _FAST_SIDE.fullmatch(text)
    if m is None:
        return None
    year = int(m[1])
    if year == 0:
        return None
    if m[2] is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"
    month = int(m[2])
    if m[3] is None:
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last), "month"
        if month in _SUBYEAR_SPANS:
            try:
                start, end = _subyear_bounds(year, month, text)
            except EDTFError:  # e.g. winter 9999 would end in 10000
                return None
            return start, end, "season" if month in _SEASON_CODES else "part of year"
        return None
    try:
        day = datetime.date(year, month, int(m[3]))
    except ValueError:
        return None
    return day, day, "day"


def fast_parse(value: str) -> DateBounds | None:
    """Bounds of *value* if it is one of the forms the data uses, else None.

    None means "ask the reference parser" (:func:`reference_parse`), never
    "invalid": the fast path only ever accepts what the reference accepts,
    with the same result (``tests/model/test_dates_fast_parser.py``).

    >>> fast_parse("2011-12-16~/2011-12-18").precision
    'range'
    >>> fast_parse("2011-02-29") is None  # not a real day: the reference parser says why
    True
    """
    sides = value.split("/")
    if len(sides) == 1:
        found = _fast_side(value)
        if found is None:
            return None
        start, end, precision = found
    elif len(sides) == 2:
        left, right = _fast_side(sides[0]), _fast_side(sides[1])
        if left is None or right is None or right[1] < left[0]:
            return None
        start, end, precision = left[0], right[1], "range"
    else:
        return None
    return _with_flags(value, start, end, precision)


@functools.lru_cache(maxsize=1 << 16)
def _parse_cached(value: str) -> DateBounds:
    return fast_parse(value) or reference_parse(value)


def parse_edtf(value: str) -> DateBounds:
    """Strict bounds, precision and qualifier flags of one EDTF string.

    See the module docstring for the accepted forms and the project's
    conventions (winter crossing the year, "early/mid/late" as quadrimesters
    37/38/39).  Raises :class:`EDTFError`, naming the string and the reason,
    for anything else.

    >>> parse_edtf("2011-12-16/2011-12-18")
    DateBounds(start=datetime.date(2011, 12, 16), end=datetime.date(2011, 12, 18), precision='range', approximate=False, uncertain=False)
    >>> b = parse_edtf("2014-24~")
    >>> b.start, b.end, b.precision, b.approximate, b.uncertain
    (datetime.date(2014, 12, 1), datetime.date(2015, 2, 28), 'season', True, False)
    >>> try:
    ...     parse_edtf("late 2010")
    ... except EDTFError as err:
    ...     print(err)
    'late 2010' is not usable EDTF: it contains letters; natural-language dates must be coded as EDTF (e.g. 'December 2011' -> '2011-12'), and long years ('Y...') and significant digits ('...S2') are not supported
    """
    if not isinstance(value, str):
        raise EDTFError(f"{value!r} is not usable EDTF: expected a str, got {type(value).__name__}")
    return _parse_cached(value)


def _is_missing(value: object) -> bool:
    if isinstance(value, str):
        return value == ""
    scalar: Any = value
    return bool(pd.api.types.is_scalar(scalar) and pd.isna(scalar))


def derive_bounds(edtf: pd.Series) -> pd.DataFrame:
    """Derive the date columns of a table from its ``edtf`` column.

    Returns a DataFrame with the same index as *edtf* and the columns
    ``date_start``, ``date_end`` (``datetime64[ms]``), ``date_precision``
    (ordered Categorical over :data:`PRECISIONS`), ``date_approximate`` and
    ``date_uncertain`` (``boolean``).  Missing values (``None``, NaN, NA or
    ``""``) give NaT/NA in every column.  If any value is bad, raises one
    :class:`EDTFError` listing every bad value with its index label (also in
    ``err.errors``), not just the first.

    >>> s = pd.Series(["2010-39", None, "2011-12-16/2011-12-18"], index=["a", "b", "c"])
    >>> out = derive_bounds(s)
    >>> out["date_start"].dt.strftime("%Y-%m-%d").tolist()
    ['2010-09-01', nan, '2011-12-16']
    >>> out["date_precision"].tolist()
    ['part of year', nan, 'range']
    >>> try:
    ...     derive_bounds(pd.Series(["2009", "201X", "spring"], index=[7, 8, 9]))
    ... except EDTFError as err:
    ...     print(err)
    2 bad EDTF values in the series (index label: reason):
      8: '201X' is not usable EDTF: unspecified digits ('X') are not allowed; code the widest closed interval instead, e.g. '2010/2019'
      9: 'spring' is not usable EDTF: it contains letters; natural-language dates must be coded as EDTF (e.g. 'December 2011' -> '2011-12'), and long years ('Y...') and significant digits ('...S2') are not supported
    """
    if not isinstance(edtf, pd.Series):
        raise TypeError(f"derive_bounds expects a pandas Series, got {type(edtf).__name__}")
    codes, parsed = _parse_distinct(edtf)
    # millisecond resolution: the finest Parquet keeps as is, so exports read back dtype for dtype
    nat = np.datetime64("NaT", "ms")
    starts = np.array([nat if r is None else np.datetime64(r.start, "ms") for r in parsed], dtype="datetime64[ms]")
    ends = np.array([nat if r is None else np.datetime64(r.end, "ms") for r in parsed], dtype="datetime64[ms]")
    precision = np.array([-1 if r is None else PRECISIONS.index(r.precision) for r in parsed], dtype=np.int8)
    approximate = np.array([r is not None and r.approximate for r in parsed])
    uncertain = np.array([r is not None and r.uncertain for r in parsed])
    missing = np.array([r is None for r in parsed])[codes]
    return pd.DataFrame(
        {
            "date_start": pd.Series(starts[codes], index=edtf.index),
            "date_end": pd.Series(ends[codes], index=edtf.index),
            "date_precision": pd.Series(
                pd.Categorical.from_codes(precision[codes], categories=PRECISIONS, ordered=True), index=edtf.index
            ),
            "date_approximate": pd.Series(pd.arrays.BooleanArray(approximate[codes], missing), index=edtf.index),
            "date_uncertain": pd.Series(pd.arrays.BooleanArray(uncertain[codes], missing), index=edtf.index),
        },
        index=edtf.index,
    )


def _parse_distinct(edtf: pd.Series) -> tuple[np.ndarray, list[DateBounds | None]]:
    """Each distinct value parsed once: ``(codes, parsed)``, where cell ``i`` is ``parsed[codes[i]]``
    (None for a missing value, code -1 being the last slot). Raises one :class:`EDTFError`
    listing every bad cell."""
    try:
        codes, uniques = pd.factorize(edtf, use_na_sentinel=True)
        distinct = list(uniques)
    except TypeError:  # unhashable cells (e.g. lists): each cell on its own
        codes, distinct = np.arange(len(edtf)), list(edtf)
    parsed: list[DateBounds | None] = []
    bad: dict[int, str] = {}
    for code, value in enumerate(distinct):
        bounds = None
        if not _is_missing(value):
            try:
                bounds = parse_edtf(value)
            except EDTFError as err:
                bad[code] = str(err)
        parsed.append(bounds)
    parsed.append(None)  # code -1
    if bad:
        positions = np.flatnonzero(np.isin(codes, list(bad)))
        labels = edtf.index[positions].tolist()  # plain Python labels, as items() gives
        errors = [(label, distinct[codes[i]], bad[codes[i]]) for label, i in zip(labels, positions)]
        where = "the series" if edtf.name is None else f"column {edtf.name!r}"
        noun = "value" if len(errors) == 1 else "values"
        lines = [f"{len(errors)} bad EDTF {noun} in {where} (index label: reason):"]
        lines += [f"  {label!r}: {reason}" for label, _, reason in errors]
        raise EDTFError("\n".join(lines), errors=errors)
    return codes, parsed


def _day(value: object) -> pd.Timestamp | None:
    """A bound as a whole day (``None`` or NaT stays open): dates are compared by day, not by time."""
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.normalize()


def overlaps(start: pd.Series, end: pd.Series, date_from: object = None, date_to: object = None) -> pd.Series:
    """Which spans ``[start, end]`` share at least one day with ``[date_from, date_to]``.

    The rule every filter in the project uses: an imprecise date is kept when
    any day it can mean falls in the period (``None`` leaves that end open). A
    span with no dates never matches a closed period. ``date_from`` after
    ``date_to`` is a ``ValueError``.

    >>> s = pd.Series(pd.to_datetime(["2011-12-01", "2012-03-27"]))
    >>> e = pd.Series(pd.to_datetime(["2011-12-31", "2012-03-27"]))
    >>> overlaps(s, e, "2011-12-31", None).tolist()
    [True, True]
    >>> overlaps(s, e, None, "2011-12-30").tolist()
    [True, False]
    """
    first, last = _day(date_from), _day(date_to)
    if first is not None and last is not None and first > last:
        raise ValueError(f"date_from {first.date()} is after date_to {last.date()}")
    keep = pd.Series(True, index=start.index)
    # two closed intervals overlap when each starts no later than the other ends
    if first is not None:
        keep &= (end >= first).fillna(False).to_numpy(dtype=bool)
    if last is not None:
        keep &= (start <= last).fillna(False).to_numpy(dtype=bool)
    return keep

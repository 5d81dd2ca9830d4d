"""The reference parser of EDTF strings, built on the ``edtf`` package.

:func:`cat_kz.model.dates.parse_edtf` reads the forms the data uses itself
(:func:`cat_kz.model.dates.fast_parse`); anything else comes here, and is
either accepted or rejected with the reason (:class:`~cat_kz.errors.EDTFError`).
The ``edtf`` package (a pyparsing grammar, about 25 ms per string) is imported
only when this parser first runs, so ``import cat_kz`` stays quick.


In the reference parser, the grammar (``edtf.parse_edtf``) validates every
non-interval value, and its ``lower_strict()``/``upper_strict()`` give the
bounds of day, month and year values (including month ends in leap years).
Every bound is turned into a :class:`datetime.date`, which also catches
``2011-02-29``: edtf's grammar accepts days 01-29 in February whatever the
year.  Intervals are split on ``/`` here and each side is parsed on its own,
so that sub-year groupings and qualified seasons may be used as interval
ends.  The flags are read from the qualifier characters because edtf reports
``%`` only as ``is_uncertain_and_approximate`` and leaves ``is_approximate``
and ``is_uncertain`` False.

>>> reference_parse("2010-39").precision
'part of year'
"""

from __future__ import annotations

import datetime
import re
from typing import Final

from cat_kz.errors import EDTFError
from cat_kz.model.date_bounds import (
    _SEASON_CODES,
    _SUBYEAR_SPANS,
    DateBounds,
    _fail,
    _subyear_bounds,
    _to_date,
    _with_flags,
)

# A season or sub-year grouping, optionally followed by one qualifier.
_SUBYEAR_RE: Final = re.compile(r"(?P<year>[0-9]{4})-(?P<code>2[1-9]|3[0-9]|4[01])(?P<ua>[~?%]?)")
# Shapes of a plain date once the qualifiers are removed.
_SHAPES: Final = (
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "day"),
    (re.compile(r"[0-9]{4}-[0-9]{2}"), "month"),
    (re.compile(r"[0-9]{4}"), "year"),
)
_QUALIFIERS_RE: Final = re.compile(r"[~?%]")
_ALLOWED_RE: Final = re.compile(r"[0-9/~?%-]+")


def _screen(value: str) -> str | None:
    """Return why *value* is rejected before parsing, or None."""
    if any(ch in value for ch in "[]{}"):
        return (
            "sets and lists ('[..]' one of, '{..}' all of) are not supported; code a single date or a closed interval"
        )
    if ".." in value:
        return (
            "'..' (an open interval end, or a range inside a set) is not allowed; "
            "the project requires closed bounds: write 'A/B'"
        )
    if "X" in value:
        return "unspecified digits ('X') are not allowed; code the widest closed interval instead, e.g. '2010/2019'"
    if re.search(r"[0-9]T[0-9]", value) or ":" in value:
        return "times of day are not supported; give the date only"
    if "^" in value:
        return "qualified seasons ('^') are not supported"
    if any(ch.isalpha() for ch in value):
        return (
            "it contains letters; natural-language dates must be coded as EDTF "
            "(e.g. 'December 2011' -> '2011-12'), and long years ('Y...') and "
            "significant digits ('...S2') are not supported"
        )
    if any(ch.isspace() for ch in value):
        return "it contains whitespace (leading, trailing or inside); EDTF strings have none"
    if not _ALLOWED_RE.fullmatch(value):
        bad = sorted({ch for ch in value if not _ALLOWED_RE.fullmatch(ch)})
        return f"unexpected character(s) {''.join(bad)!r}; dates look like '2011-12-22', '2010-12', '2009', '2014-21' or 'A/B'"
    return None


def _parse_one(text: str, value: str) -> tuple[datetime.date, datetime.date, str]:
    """Bounds and precision of a single (non-interval) EDTF value.

    *text* is the value or one side of an interval; *value* is the whole
    string, used in error messages.
    """
    if text.startswith("-"):
        raise _fail(value, f"negative (BCE) years are not supported ({text!r})")

    # the edtf grammar on first use: building it takes longer than loading all of data/
    from edtf import Date as _EdtfDate
    from edtf import EDTFParseException as _EdtfParseException
    from edtf import Level2Season as _EdtfLevel2Season
    from edtf import PartialUncertainOrApproximate as _EdtfPartialUA
    from edtf import Season as _EdtfSeason
    from edtf import UncertainOrApproximate as _EdtfUA
    from edtf import parse_edtf as _edtf_lib_parse

    m = _SUBYEAR_RE.fullmatch(text)
    if m:
        year, code = int(m["year"]), int(m["code"])
        if code not in _SUBYEAR_SPANS:
            raise _fail(
                value,
                f"sub-year code {code} in {text!r} is not used by the project; seasons are 21-24, "
                "quarters 33-36, quadrimesters 37-39 (early/mid/late), semestrals 40-41",
            )
        unqualified = f"{m['year']}-{m['code']}"
        try:  # let the edtf grammar confirm the unqualified season/grouping
            obj = _edtf_lib_parse(unqualified)
        except _EdtfParseException:
            raise _fail(value, f"{unqualified!r} is rejected by the edtf parser") from None
        if type(obj) not in (_EdtfSeason, _EdtfLevel2Season):  # pragma: no cover - defensive
            raise _fail(value, f"{unqualified!r} parsed as {type(obj).__name__}, not a season")
        start, end = _subyear_bounds(year, code, value)
        return start, end, "season" if code in _SEASON_CODES else "part of year"

    try:
        obj = _edtf_lib_parse(text)
    except _EdtfParseException:
        raise _fail(
            value,
            f"{text!r} is rejected by the edtf parser (expected e.g. '2011-12-22', '2010-12', '2009', "
            "'2014-21', '2010-39', '2011-12-16/2011-12-18'; month 01-12, day valid for the month)",
        ) from None
    if type(obj) not in (_EdtfDate, _EdtfUA, _EdtfPartialUA):
        raise _fail(value, f"{text!r} is an EDTF {type(obj).__name__}, which the project does not use")

    plain = _QUALIFIERS_RE.sub("", text)
    precision = next((label for shape, label in _SHAPES if shape.fullmatch(plain)), None)
    if precision is None:  # pragma: no cover - the grammar and _screen leave no other shape
        raise _fail(value, f"cannot tell the precision of {text!r}")
    start = _to_date(tuple(obj.lower_strict()[:3]), value)
    end = _to_date(tuple(obj.upper_strict()[:3]), value)
    return start, end, precision


def reference_parse(value: str) -> DateBounds:
    """The reference parser: :func:`parse_edtf` without the fast path or the memo.

    Uses the ``edtf`` package's grammar (imported on first use) and gives the
    reason for every rejected string.

    >>> reference_parse("2010-39").start
    datetime.date(2010, 9, 1)
    """
    if not isinstance(value, str):
        raise EDTFError(f"{value!r} is not usable EDTF: expected a str, got {type(value).__name__}")
    if value == "":
        raise _fail(value, "the string is empty")
    reason = _screen(value)
    if reason is not None:
        raise _fail(value, reason)

    if "/" in value:
        sides = value.split("/")
        if len(sides) != 2:
            raise _fail(value, "an interval has exactly one '/' (dates are written YYYY-MM-DD, e.g. '2011-12-22')")
        left, right = sides
        if left == "" or right == "":
            which = "start" if left == "" else "end"
            raise _fail(value, f"the interval {which} is unknown (empty); the project requires closed bounds")
        start, _, _ = _parse_one(left, value)
        _, end, _ = _parse_one(right, value)
        if end < start:
            raise _fail(value, f"the interval ends ({end}) before it starts ({start})")
        precision = "range"
    else:
        start, end, precision = _parse_one(value, value)

    return _with_flags(value, start, end, precision)

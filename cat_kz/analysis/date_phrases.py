"""Reading a date phrase of the source ("between December 16 and 18", "late 2010") as EDTF and strict bounds.

The phrases are those :mod:`cat_kz.analysis.mentions` finds; coverage checks that
some record dates each one with the same bounds.

>>> date_to_edtf("late 2010"), date_to_edtf("April 19", 2012)
('2010-39', '2012-04-19')
"""

from __future__ import annotations

import calendar
import datetime
import re

from cat_kz.analysis.mentions import _LEADING_HEDGES, _MONTH, _MONTH_NUMBER, _SUBYEAR_PHRASES, _SUBYEAR_WORDS, _YEAR
from cat_kz.model.dates import subyear_bounds
from cat_kz.model.sources import normalise_whitespace

_M = rf"({_MONTH})"
_Y = rf"({_YEAR})"
#: the shapes a date phrase may take, tried in this order (the first full match wins)
_SHAPES = [
    (rf"(?:[Bb]etween )?{_M} (\d{{1,2}}) ?(?:and|-|–|to) ?(\d{{1,2}})(?:,? {_Y})?", "dayrange_md"),
    (rf"(\d{{1,2}}) ?(?:-|–) ?(\d{{1,2}}) {_M}(?:,? {_Y})?", "dayrange_dm"),
    (rf"{_M} (\d{{1,2}}),? {_Y}", "day_md"),
    (rf"(\d{{1,2}}) (?:of )?{_M},? {_Y}", "day_dm"),
    (rf"{_M},? {_Y}", "month"),
    (rf"(?:the )?({'|'.join(_SUBYEAR_PHRASES)}) {_Y}", "subphrase"),
    (rf"({'|'.join(_SUBYEAR_WORDS)})(?: of)?[ -]{_Y}", "subword"),
    (rf"(?:between |from )?{_Y} ?(?:and|-|–|to) ?({_YEAR}|\d{{2}})", "yearrange"),
    (rf"{_M} (\d{{1,2}})", "day_md_noyear"),
    (rf"(\d{{1,2}}) (?:of )?{_M}", "day_dm_noyear"),
    (rf"(?:early |late |mid-)?{_M}", "month_noyear"),
    (_Y, "year"),
]


def _parse_date(phrase: str):
    """The parts of a date phrase: (shape, year or None, ...), or None."""
    p = normalise_whitespace(phrase)
    # web-address and ISO forms: 2011/12/22, 2011/12, 2011-12-22 (not 2008-10, a year range)
    m = re.fullmatch(rf"({_YEAR})/(\d{{1,2}})(?:/(\d{{1,2}}))?", p) or re.fullmatch(
        rf"({_YEAR})-(\d{{2}})-(\d{{2}})", p
    )
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        return ("day", year, month, int(m.group(3))) if m.group(3) else ("month", year, month)
    p = _LEADING_HEDGES.sub("", p)
    p = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", p)
    for pattern, shape in _SHAPES:
        m = re.fullmatch(pattern, p, flags=re.IGNORECASE)
        if not m:
            continue
        g = m.groups()
        mon = lambda s: _MONTH_NUMBER[s.lower()]  # noqa: E731
        if shape == "dayrange_md":
            return ("dayrange", int(g[3]) if g[3] else None, mon(g[0]), int(g[1]), int(g[2]))
        if shape == "dayrange_dm":
            return ("dayrange", int(g[3]) if g[3] else None, mon(g[2]), int(g[0]), int(g[1]))
        if shape == "day_md":
            return ("day", int(g[2]), mon(g[0]), int(g[1]))
        if shape == "day_dm":
            return ("day", int(g[2]), mon(g[1]), int(g[0]))
        if shape == "month":
            return ("month", int(g[1]), mon(g[0]))
        if shape == "subphrase":
            return ("sub", int(g[1]), _SUBYEAR_PHRASES[g[0].lower()])
        if shape == "subword":
            return ("sub", int(g[1]), _SUBYEAR_WORDS[g[0].lower()])
        if shape == "yearrange":
            first, last = int(g[0]), g[1]
            last = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
            return ("yearrange", first, last)
        if shape == "day_md_noyear":
            return ("day", None, mon(g[0]), int(g[1]))
        if shape == "day_dm_noyear":
            return ("day", None, mon(g[1]), int(g[0]))
        if shape == "month_noyear":
            # "early/late April" is coded to the month: EDTF has no finer grouping
            return ("month", None, mon(g[0]))
        return ("year", int(g[0]))
    return None


def _dated(phrase: str, year: int | None) -> tuple[str, int, tuple] | None:
    """A date phrase read as (shape, its year, the parsed parts), the year being the
    phrase's own or else ``year``; None when it is not a date or has no year."""
    parts = _parse_date(phrase)
    if parts is None:
        return None
    y = year if parts[1] is None else parts[1]
    return None if y is None else (parts[0], y, parts)


def date_to_edtf(phrase: str, year: int | None = None) -> str | None:
    """The EDTF the project would code a date phrase as; ``year`` fills a missing year.

    None when the phrase is not a date this module reads, or has no year and
    none is given. Parts of a year follow the project's rule (early = ``-37``,
    mid = ``-38``, late = ``-39``; seasons ``-21`` to ``-24``).

    >>> [date_to_edtf(p) for p in ["June 9, 2011", "spring 2014", "late 2010", "in mid-2014", "2011/12/22"]]
    ['2011-06-09', '2014-21', '2010-39', '2014-38', '2011-12-22']
    >>> date_to_edtf("between December 16 and 18", year=2011)
    '2011-12-16/2011-12-18'
    >>> date_to_edtf("April 19") is None
    True
    """
    dated = _dated(phrase, year)
    if dated is None:
        return None
    shape, y, parts = dated
    if shape == "day":
        return f"{y:04d}-{parts[2]:02d}-{parts[3]:02d}"
    if shape == "month":
        return f"{y:04d}-{parts[2]:02d}"
    if shape == "sub":
        return f"{y:04d}-{parts[2]}"
    if shape == "dayrange":
        return f"{y:04d}-{parts[2]:02d}-{parts[3]:02d}/{y:04d}-{parts[2]:02d}-{parts[4]:02d}"
    if shape == "yearrange":
        return f"{parts[1]:04d}/{parts[2]:04d}"
    return f"{y:04d}"


def date_bounds(phrase: str, year: int | None = None) -> tuple[datetime.date, datetime.date] | None:
    """The strict bounds (first and last day) of a date phrase, as :mod:`cat_kz.model.dates` derives them.

    Computed here without the EDTF parser, which is too slow to run on every
    mention; the tests check both agree.

    >>> date_bounds("late 2010")
    (datetime.date(2010, 9, 1), datetime.date(2010, 12, 31))
    >>> date_bounds("December 22", year=2011)
    (datetime.date(2011, 12, 22), datetime.date(2011, 12, 22))
    """
    dated = _dated(phrase, year)
    if dated is None:
        return None
    shape, y, parts = dated
    try:
        if shape == "day":
            day = datetime.date(y, parts[2], parts[3])
            return day, day
        if shape == "month":
            return datetime.date(y, parts[2], 1), datetime.date(y, parts[2], calendar.monthrange(y, parts[2])[1])
        if shape == "sub":
            return subyear_bounds(y, parts[2])  # the dates module's rule, so both agree by construction
        if shape == "dayrange":
            return datetime.date(y, parts[2], parts[3]), datetime.date(y, parts[2], parts[4])
        if shape == "yearrange":
            return datetime.date(parts[1], 1, 1), datetime.date(parts[2], 12, 31)
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    except ValueError:
        return None

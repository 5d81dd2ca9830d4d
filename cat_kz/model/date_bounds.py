"""Strict date bounds: the :class:`DateBounds` of one EDTF value, and the
sub-year codes (seasons, quarters, quadrimesters, semestrals) with the days
each covers. Shared by the fast parser (:mod:`cat_kz.model.dates`) and the
reference parser (:mod:`cat_kz.model.edtf_reference`); see
:mod:`cat_kz.model.dates` for the conventions.

>>> subyear_bounds(2015, 24)  # winter runs into the next year
(datetime.date(2015, 12, 1), datetime.date(2016, 2, 29))
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from cat_kz.errors import EDTFError

#: The closed vocabulary of ``date_precision``, from finest to coarsest;
#: ``range`` (an interval) comes last.
PRECISIONS: Final[tuple[str, ...]] = ("day", "month", "season", "part of year", "year", "range")

# Sub-year code -> (first month, number of months).  The end is the day before
# first-month + n months, so winter (24) runs into the next year.
_SUBYEAR_SPANS: Final[dict[int, tuple[int, int]]] = {
    # seasons, northern-hemisphere meteorological (level 1)
    21: (3, 3),  # spring: Mar-May
    22: (6, 3),  # summer: Jun-Aug
    23: (9, 3),  # autumn: Sep-Nov
    24: (12, 3),  # winter: Dec-Feb of the next year
    # quarters (level 2)
    33: (1, 3),
    34: (4, 3),
    35: (7, 3),
    36: (10, 3),
    # quadrimesters (level 2): the project's "early", "mid-", "late"
    37: (1, 4),
    38: (5, 4),
    39: (9, 4),
    # semestrals (level 2)
    40: (1, 6),
    41: (7, 6),
}
_SEASON_CODES: Final = frozenset({21, 22, 23, 24})


@dataclass(frozen=True)
class DateBounds:
    """Strict bounds of one EDTF value.

    ``start`` and ``end`` are the first and last day the value can mean
    (inclusive); ``precision`` is one of :data:`PRECISIONS`; ``approximate``
    is True if the string contains ``~`` or ``%``, ``uncertain`` if it
    contains ``?`` or ``%``.

    >>> b = DateBounds(datetime.date(2014, 3, 1), datetime.date(2014, 5, 31), "season", False, False)
    >>> (b.end - b.start).days + 1
    92
    """

    start: datetime.date
    end: datetime.date
    precision: str
    approximate: bool
    uncertain: bool

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision {self.precision!r} is not one of {PRECISIONS}")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")


def _fail(value: str, reason: str) -> EDTFError:
    return EDTFError(f"{value!r} is not usable EDTF: {reason}")


def _to_date(parts: tuple[int, int, int], value: str) -> datetime.date:
    year, month, day = parts
    if not 1 <= year <= 9999:
        raise _fail(value, f"year {year} is outside 0001-9999")
    try:
        return datetime.date(year, month, day)
    except ValueError as err:
        raise _fail(value, f"{year:04d}-{month:02d}-{day:02d} is not a real calendar date ({err})") from None


def _subyear_bounds(year: int, code: int, value: str) -> tuple[datetime.date, datetime.date]:
    first_month, n_months = _SUBYEAR_SPANS[code]
    start = _to_date((year, first_month, 1), value)
    months = year * 12 + (first_month - 1) + n_months  # first month *after* the span
    next_year, next_month0 = divmod(months, 12)
    if next_year > 9999:
        raise _fail(value, f"code {code} in year {year} ends after 9999-12-31")
    end = datetime.date(next_year, next_month0 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def subyear_bounds(year: int, code: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a season or part of a year (EDTF codes 21-24, 33-41).

    >>> subyear_bounds(2010, 39)  # "late 2010"
    (datetime.date(2010, 9, 1), datetime.date(2010, 12, 31))
    """
    if code not in _SUBYEAR_SPANS:
        raise _fail(f"{year}-{code}", f"{code} is not a season or part-of-year code")
    return _subyear_bounds(year, code, f"{year}-{code}")


def _with_flags(value: str, start: datetime.date, end: datetime.date, precision: str) -> DateBounds:
    """The bounds, with the qualifier flags read from the whole string."""
    return DateBounds(
        start=start,
        end=end,
        precision=precision,
        approximate="~" in value or "%" in value,
        uncertain="?" in value or "%" in value,
    )

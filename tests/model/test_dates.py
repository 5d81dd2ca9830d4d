"""Tests for cat_kz.model.dates: EDTF strings to strict date bounds."""

from __future__ import annotations

import dataclasses
import doctest
from datetime import date

import edtf
import numpy as np
import pandas as pd
import pytest

from cat_kz.errors import EDTFError
from cat_kz.model import dates
from cat_kz.model.dates import PRECISIONS, DateBounds, derive_bounds, parse_edtf


def bounds(value: str) -> tuple[date, date, str]:
    b = parse_edtf(value)
    return b.start, b.end, b.precision


# --- vocabulary and the DateBounds record ---------------------------------


def test_precisions_vocabulary_and_order() -> None:
    assert PRECISIONS == ("day", "month", "season", "part of year", "year", "range")


def test_datebounds_is_frozen_and_validated() -> None:
    b = parse_edtf("2009")
    assert isinstance(b, DateBounds)
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.start = date(2000, 1, 1)  # type: ignore[misc]
    with pytest.raises(ValueError):
        DateBounds(date(2010, 1, 2), date(2010, 1, 1), "day", False, False)
    with pytest.raises(ValueError):
        DateBounds(date(2010, 1, 1), date(2010, 1, 1), "week", False, False)


def test_edtferror_is_a_valueerror() -> None:
    assert issubclass(EDTFError, ValueError)


# --- level 0: day, month, year ---------------------------------------------


def test_day() -> None:
    assert parse_edtf("2011-12-22") == DateBounds(date(2011, 12, 22), date(2011, 12, 22), "day", False, False)


def test_month() -> None:
    assert bounds("2010-12") == (date(2010, 12, 1), date(2010, 12, 31), "month")
    assert bounds("2011-04") == (date(2011, 4, 1), date(2011, 4, 30), "month")


def test_year() -> None:
    assert bounds("2009") == (date(2009, 1, 1), date(2009, 12, 31), "year")


def test_leap_years() -> None:
    assert bounds("2012-02") == (date(2012, 2, 1), date(2012, 2, 29), "month")
    assert bounds("2011-02") == (date(2011, 2, 1), date(2011, 2, 28), "month")
    assert bounds("2000-02")[1] == date(2000, 2, 29)  # divisible by 400
    assert bounds("1900-02")[1] == date(1900, 2, 28)  # divisible by 100 only
    assert bounds("2012-02-29") == (date(2012, 2, 29), date(2012, 2, 29), "day")


# --- seasons ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2014-21", date(2014, 3, 1), date(2014, 5, 31)),  # "spring 2014"
        ("2014-22", date(2014, 6, 1), date(2014, 8, 31)),
        ("2014-23", date(2014, 9, 1), date(2014, 11, 30)),
        ("2014-24", date(2014, 12, 1), date(2015, 2, 28)),  # winter crosses the year
        ("2015-24", date(2015, 12, 1), date(2016, 2, 29)),  # ... into a leap February
    ],
)
def test_seasons(value: str, start: date, end: date) -> None:
    assert bounds(value) == (start, end, "season")


def test_spring_2014() -> None:
    b = parse_edtf("2014-21")
    assert (b.start, b.end) == (date(2014, 3, 1), date(2014, 5, 31))
    assert b.precision == "season"


def test_winter_overrides_the_edtf_package() -> None:
    # Evidence for the override: edtf bounds winter within its own December.
    lib = edtf.parse_edtf("2014-24")
    assert tuple(lib.upper_strict()[:3]) == (2014, 12, 31)
    # The project's rule: Dec 1 .. end of February of the next year.
    assert parse_edtf("2014-24").end == date(2015, 2, 28)


# --- parts of a year (level-2 sub-year groupings) ---------------------------


def test_late_2010() -> None:
    assert bounds("2010-39") == (date(2010, 9, 1), date(2010, 12, 31), "part of year")


def test_early_2014() -> None:
    assert bounds("2014-37") == (date(2014, 1, 1), date(2014, 4, 30), "part of year")


def test_mid_2014() -> None:
    assert bounds("2014-38") == (date(2014, 5, 1), date(2014, 8, 31), "part of year")


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2012-33", date(2012, 1, 1), date(2012, 3, 31)),
        ("2012-34", date(2012, 4, 1), date(2012, 6, 30)),
        ("2012-35", date(2012, 7, 1), date(2012, 9, 30)),
        ("2012-36", date(2012, 10, 1), date(2012, 12, 31)),
        ("2012-40", date(2012, 1, 1), date(2012, 6, 30)),
        ("2012-41", date(2012, 7, 1), date(2012, 12, 31)),
    ],
)
def test_quarters_and_semestrals(value: str, start: date, end: date) -> None:
    assert bounds(value) == (start, end, "part of year")


def test_quadrimesters_tile_the_year() -> None:
    early, mid, late = (parse_edtf(f"2013-{code}") for code in (37, 38, 39))
    assert early.start == date(2013, 1, 1)
    assert (mid.start - early.end).days == 1
    assert (late.start - mid.end).days == 1
    assert late.end == date(2013, 12, 31)


@pytest.mark.parametrize("code", [21, 22, 23, 33, 34, 35, 36, 37, 38, 39, 40, 41])
def test_subyear_table_agrees_with_edtf_package_except_winter(code: int) -> None:
    # The module owns its table; this documents where it matches edtf.
    lib = edtf.parse_edtf(f"2012-{code}")
    ours = parse_edtf(f"2012-{code}")
    assert (ours.start, ours.end) == (
        date(*lib.lower_strict()[:3]),
        date(*lib.upper_strict()[:3]),
    )


# --- intervals ----------------------------------------------------------------


def test_between_december_16_and_18() -> None:
    assert parse_edtf("2011-12-16/2011-12-18") == DateBounds(
        date(2011, 12, 16), date(2011, 12, 18), "range", False, False
    )


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2011-12/2012-04", date(2011, 12, 1), date(2012, 4, 30)),
        ("2009/2011", date(2009, 1, 1), date(2011, 12, 31)),
        ("2011-12-16/2012-02", date(2011, 12, 16), date(2012, 2, 29)),
        ("2014-21/2014-22", date(2014, 3, 1), date(2014, 8, 31)),
        ("2014-24/2015-21", date(2014, 12, 1), date(2015, 5, 31)),
        ("2014-24/2015-01", date(2014, 12, 1), date(2015, 1, 31)),
        # sub-year groupings as ends: rejected by the edtf package, accepted here
        ("2010-39/2011-37", date(2010, 9, 1), date(2011, 4, 30)),
        ("2010-37/2010-39", date(2010, 1, 1), date(2010, 12, 31)),
        ("2011-12-16/2011-12-16", date(2011, 12, 16), date(2011, 12, 16)),
    ],
)
def test_intervals_mixed_precisions(value: str, start: date, end: date) -> None:
    assert bounds(value) == (start, end, "range")


# --- qualifiers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "start", "end", "precision", "approximate", "uncertain"),
    [
        ("2010~", date(2010, 1, 1), date(2010, 12, 31), "year", True, False),
        ("2010-06~", date(2010, 6, 1), date(2010, 6, 30), "month", True, False),
        ("2010?", date(2010, 1, 1), date(2010, 12, 31), "year", False, True),
        ("2010%", date(2010, 1, 1), date(2010, 12, 31), "year", True, True),
        ("2011-12-22?", date(2011, 12, 22), date(2011, 12, 22), "day", False, True),
        ("?2010-06", date(2010, 6, 1), date(2010, 6, 30), "month", False, True),
        ("2010-?06", date(2010, 6, 1), date(2010, 6, 30), "month", False, True),
        ("2004-06~-11", date(2004, 6, 11), date(2004, 6, 11), "day", True, False),
        ("2014-21~", date(2014, 3, 1), date(2014, 5, 31), "season", True, False),
        ("2014-24?", date(2014, 12, 1), date(2015, 2, 28), "season", False, True),
        ("2010-39%", date(2010, 9, 1), date(2010, 12, 31), "part of year", True, True),
        ("2011-12-16~/2011-12-18", date(2011, 12, 16), date(2011, 12, 18), "range", True, False),
        ("2011-12-16/2011-12-18?", date(2011, 12, 16), date(2011, 12, 18), "range", False, True),
        ("2010-39~/2011-37?", date(2010, 9, 1), date(2011, 4, 30), "range", True, True),
    ],
)
def test_qualifiers_keep_strict_bounds_and_set_flags(
    value: str, start: date, end: date, precision: str, approximate: bool, uncertain: bool
) -> None:
    assert parse_edtf(value) == DateBounds(start, end, precision, approximate, uncertain)


def test_qualifier_does_not_widen_bounds() -> None:
    plain, approx = parse_edtf("2010-06"), parse_edtf("2010-06~")
    assert (approx.start, approx.end) == (plain.start, plain.end)
    # The edtf package would widen it ("fuzzy" bounds); we do not.
    lib = edtf.parse_edtf("2010-06~")
    assert tuple(lib.lower_fuzzy()[:3]) < (2010, 6, 1)


def test_percent_sets_both_flags_unlike_edtf_package() -> None:
    lib = edtf.parse_edtf("2010%")
    assert (lib.is_approximate, lib.is_uncertain) == (False, False)  # edtf's own reading
    b = parse_edtf("2010%")
    assert (b.approximate, b.uncertain) == (True, True)


# --- rejections -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2011-13-01", "rejected by the edtf parser"),  # month 13
        ("2011-02-30", "rejected by the edtf parser"),  # day 30 in February
        ("2011-04-31", "rejected by the edtf parser"),
        ("2011-02-29", "not a real calendar date"),  # edtf accepts it; we do not
        ("2011-02~-29", "not a real calendar date"),
        ("December 2011", "natural-language"),
        ("late 2010", "natural-language"),
        ("2011/12/22", "exactly one '/'"),
        ("", "empty"),
        (" 2010", "whitespace"),
        ("2010 ", "whitespace"),
        ("201X", "unspecified digits"),
        ("2010-XX", "unspecified digits"),
        ("2010-06-XX", "unspecified digits"),
        ("[2010,2011]", "sets and lists"),
        ("{2010,2011}", "sets and lists"),
        ("[..2011]", "sets and lists"),
        ("2010..2012", "closed bounds"),
        ("2011/..", "closed bounds"),
        ("../2011", "closed bounds"),
        ("2011/", "interval end is unknown"),
        ("/2011", "interval start is unknown"),
        ("2012/2011", "before it starts"),
        ("2011-12-18/2011-12-16", "before it starts"),
        ("2011-12/2011-11-30", "before it starts"),
        ("2010/2011/2012", "exactly one '/'"),
        ("2010-01-01T10:00:00", "times of day"),
        ("Y170000", "long years"),
        ("2010S2", "significant digits"),
        ("2010-21^x", "qualified seasons"),
        ("2014-25", "sub-year code 25"),
        ("2014-32", "sub-year code 32"),
        ("2010-20", "rejected by the edtf parser"),
        ("-2010", "negative"),
        ("0000", "outside 0001-9999"),
        ("9999-24", "after 9999-12-31"),
        ("2010-(06)~", "unexpected character"),
    ],
)
def test_rejections_name_the_string_and_the_reason(value: str, why: str) -> None:
    with pytest.raises(EDTFError) as info:
        parse_edtf(value)
    message = str(info.value)
    assert repr(value) in message
    assert why in message


@pytest.mark.parametrize("value", [None, 2010, 2010.0, date(2010, 1, 1)])
def test_rejects_non_strings(value: object) -> None:
    with pytest.raises(EDTFError, match="expected a str"):
        parse_edtf(value)  # type: ignore[arg-type]


def test_edtf_package_accepts_what_we_reject() -> None:
    # Evidence that these checks are ours, not the edtf package's.
    for value in ["2011-02-29", "201X", "[2010,2011]", "{2010,2011}", "../2011", "/2011", "2012/2011"]:
        assert edtf.is_valid_edtf(value), value
        with pytest.raises(EDTFError):
            parse_edtf(value)


def test_edtf_package_rejects_what_we_accept() -> None:
    for value in ["2014-21~", "2010-39?", "2010-37/2010-39", "2010-39/2011-37"]:
        assert not edtf.is_valid_edtf(value), value
        parse_edtf(value)  # does not raise


# --- derive_bounds -----------------------------------------------------------------


def test_derive_bounds_values_dtypes_and_missing() -> None:
    s = pd.Series(
        ["2014-21", None, "2010-39", "", np.nan, "2011-12-16/2011-12-18", "2010-06~", pd.NA, "2012-02"],
        index=["spring", "none", "late", "empty", "nan", "between", "approx", "na", "feb"],
        name="edtf",
    )
    out = derive_bounds(s)

    assert list(out.columns) == ["date_start", "date_end", "date_precision", "date_approximate", "date_uncertain"]
    assert out.index.equals(s.index)
    for col in ("date_start", "date_end"):
        assert str(out[col].dtype) == "datetime64[ms]"
    assert isinstance(out["date_precision"].dtype, pd.CategoricalDtype)
    assert out["date_precision"].cat.ordered
    assert tuple(out["date_precision"].cat.categories) == PRECISIONS
    assert str(out["date_approximate"].dtype) == "boolean"
    assert str(out["date_uncertain"].dtype) == "boolean"

    assert out.loc["spring", "date_start"] == pd.Timestamp("2014-03-01")
    assert out.loc["spring", "date_end"] == pd.Timestamp("2014-05-31")
    assert out.loc["late", "date_start"] == pd.Timestamp("2010-09-01")
    assert out.loc["late", "date_end"] == pd.Timestamp("2010-12-31")
    assert out.loc["late", "date_precision"] == "part of year"
    assert out.loc["between", "date_precision"] == "range"
    assert out.loc["feb", "date_end"] == pd.Timestamp("2012-02-29")
    assert bool(out.loc["approx", "date_approximate"]) is True
    assert bool(out.loc["approx", "date_uncertain"]) is False
    assert bool(out.loc["spring", "date_approximate"]) is False

    missing = ["none", "empty", "nan", "na"]
    assert out.loc[missing, "date_start"].isna().all()
    assert out.loc[missing, "date_end"].isna().all()
    assert out.loc[missing, "date_precision"].isna().all()
    assert out.loc[missing, "date_approximate"].isna().all()
    assert out.loc[missing, "date_uncertain"].isna().all()
    assert out.drop(index=missing).notna().all().all()


def test_derive_bounds_precision_is_ordered() -> None:
    out = derive_bounds(pd.Series(["2009", "2011-12-22", "2010-12"]))
    assert out["date_precision"].min() == "day"
    assert out["date_precision"].max() == "year"


def test_derive_bounds_string_dtype_and_empty_series() -> None:
    out = derive_bounds(pd.Series(["2009", pd.NA], dtype="string"))
    assert out["date_start"].iloc[0] == pd.Timestamp("2009-01-01")
    assert pd.isna(out["date_start"].iloc[1])
    empty = derive_bounds(pd.Series([], dtype=object))
    assert len(empty) == 0
    assert isinstance(empty["date_precision"].dtype, pd.CategoricalDtype)


def test_derive_bounds_reports_every_bad_value_with_its_label() -> None:
    s = pd.Series(
        ["2009", "201X", "2011-12-22", "December 2011", None, "2011/..", "2011-02-29"],
        index=[10, 11, 12, 13, 14, 15, 16],
        name="edtf",
    )
    with pytest.raises(EDTFError) as info:
        derive_bounds(s)
    err = info.value
    message = str(err)
    assert message.startswith("4 bad EDTF values in column 'edtf'")
    for label, value in [(11, "201X"), (13, "December 2011"), (15, "2011/.."), (16, "2011-02-29")]:
        assert f"  {label}: {value!r}" in message
    for good in ("'2009'", "'2011-12-22'"):
        assert good not in message
    assert [(label, value) for label, value, _ in err.errors] == [
        (11, "201X"),
        (13, "December 2011"),
        (15, "2011/.."),
        (16, "2011-02-29"),
    ]


def test_derive_bounds_rejects_non_string_values_and_non_series() -> None:
    with pytest.raises(EDTFError, match=r"'row': 2010 is not usable EDTF"):
        derive_bounds(pd.Series([2010], index=["row"], dtype=object))
    with pytest.raises(TypeError):
        derive_bounds(["2009"])  # type: ignore[arg-type]


def test_derive_bounds_is_pure() -> None:
    s = pd.Series(["2014-24", None])
    before = s.copy()
    first, second = derive_bounds(s), derive_bounds(s)
    pd.testing.assert_series_equal(s, before)
    pd.testing.assert_frame_equal(first, second)


# --- documentation -------------------------------------------------------------------


def test_docstring_examples_run() -> None:
    result = doctest.testmod(dates, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0

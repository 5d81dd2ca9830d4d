"""The fast EDTF parser agrees with the reference parser (the ``edtf`` package).

:func:`cat_kz.model.dates.fast_parse` reads the forms the data uses without the
``edtf`` grammar; it must never accept a string the reference rejects, and
where it accepts one it must give exactly the reference's bounds, precision
and flags. Checked on every form by name and on strings hypothesis generates.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date

import edtf
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cat_kz.errors import EDTFError
from cat_kz.files import PROJECT_ROOT
from cat_kz.model.dates import fast_parse, parse_edtf, reference_parse

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference(value: str) -> object:
    """The reference result: DateBounds, or the text of the EDTFError."""
    try:
        return reference_parse(value)
    except EDTFError as err:
        return f"EDTFError: {err}"


def public(value: str) -> object:
    try:
        return parse_edtf(value)
    except EDTFError as err:
        return f"EDTFError: {err}"


def check_agree(value: str) -> None:
    expected = reference(value)
    fast = fast_parse(value)
    if fast is not None:
        assert fast == expected, f"fast path accepted {value!r} as {fast}, reference gives {expected}"
    assert public(value) == expected, value


# --- every form the project uses, by name -----------------------------------

FORMS = [
    "2011-12-22",  # day
    "2012-02-29",  # day in a leap February
    "2010-12",  # month
    "2012-02",
    "1900-02",
    "2009",  # year
    *[f"2014-{code}" for code in (21, 22, 23, 24)],  # seasons
    "2015-24",  # winter into a leap February
    *[f"2010-{code}" for code in (37, 38, 39)],  # quadrimesters: early, mid-, late
    *[f"2010-{code}" for code in (33, 34, 35, 36, 40, 41)],  # quarters, semestrals
    "2010~",
    "2010-06~",
    "2011-12-16?",
    "2010%",
    "2014-21~",
    "2010-39?",
    "2010-37%",  # qualifiers
    "2011-12-16/2011-12-18",
    "2011-12/2012-04",
    "2010-39/2011-37",
    "2009/2011",  # intervals
    "2011-12-16~/2011-12-18",
    "2010?/2012~",
    "2014-21/2014-23%",
]
# Near misses: the fast path must leave each to the reference, which rejects it.
REJECTED = [
    "2011-02-29",
    "2011-04-31",
    "2011-13",
    "2011-00",
    "2011-12-00",
    "0000",
    "0000-21",
    "9999-24",
    "2014-25",
    "2014-32",
    "2014-42",
    "2014-20",
    "2012/2011",
    "2011-12/2011-11",
    "2010~~",
    "2010-06-01/",
    "/2011",
    "2011/..",
    "201X",
    "2010-21-05",
    "2010/2011/2012",
    "-2010",
    "2010-6",
    "2010-06-1",
    " 2010",
    "2010 ",
    "",
    "20100",
]


@pytest.mark.parametrize("value", FORMS)
def test_every_form_takes_the_fast_path_and_agrees(value: str) -> None:
    fast = fast_parse(value)
    assert fast is not None, f"{value!r} should not need the edtf grammar"
    assert fast == reference_parse(value)
    assert parse_edtf(value) == fast


@pytest.mark.parametrize("value", REJECTED)
def test_near_misses_are_left_to_the_reference_which_rejects_them(value: str) -> None:
    assert fast_parse(value) is None
    with pytest.raises(EDTFError, match="is not usable EDTF"):
        parse_edtf(value)


@pytest.mark.parametrize("value", ["2011-12-22", "2010-12", "2012-02", "2009", "2010-06~", "2011-12-16?", "2010%"])
def test_day_month_year_bounds_are_the_edtf_packages(value: str) -> None:
    lib = edtf.parse_edtf(value)
    bounds = fast_parse(value)
    assert bounds is not None
    assert (bounds.start, bounds.end) == (date(*lib.lower_strict()[:3]), date(*lib.upper_strict()[:3]))


def test_every_date_in_the_data_takes_the_fast_path() -> None:
    for name, column in [("events", "edtf"), ("refoulement", "edtf"), ("refoulement", "cat_action_edtf")]:
        with open(PROJECT_ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8-sig") as handle:
            values = {row[column] for row in csv.DictReader(handle) if row[column]}
        assert values
        for value in values:
            assert fast_parse(value) is not None, f"{name}.{column}: {value!r}"


def test_loading_the_data_never_imports_the_edtf_grammar() -> None:
    code = "import sys, cat_kz; cat_kz.load_dataset(); print('edtf' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_results_are_memoised_per_string() -> None:
    assert parse_edtf("2010-39") is parse_edtf("2010-39")


# --- generated strings ----------------------------------------------------------

QUALIFIER = st.sampled_from(["", "", "~", "?", "%"])
YEAR = st.one_of(
    st.sampled_from(["0000", "0001", "1900", "2000", "2011", "2012", "9999"]), st.integers(0, 9999).map("{:04d}".format)
)
MONTH = st.integers(0, 45).map("{:02d}".format)
DAY = st.integers(0, 32).map("{:02d}".format)


@st.composite
def side(draw) -> str:
    """One EDTF-like value: year, year-month/sub-year code or day, qualifiers in various places."""
    parts = [draw(YEAR)]
    shape = draw(st.sampled_from(["year", "month", "day"]))
    if shape != "year":
        parts.append(draw(MONTH))
    if shape == "day":
        parts.append(draw(DAY))
    where = draw(st.sampled_from(["end", "end", "start", "inside", "none"]))
    qualifier = draw(QUALIFIER)
    if where == "end":
        return "-".join(parts) + qualifier
    if where == "start":
        return qualifier + "-".join(parts)
    if where == "inside" and len(parts) > 1:
        return parts[0] + qualifier + "-" + "-".join(parts[1:])
    return "-".join(parts)


@st.composite
def edtf_like(draw) -> str:
    left = draw(side())
    if draw(st.booleans()):
        return left
    return left + "/" + draw(side())


@SETTINGS
@given(edtf_like())
@example("2015-24/2016-21")
@example("2011-12-31/2011-12-31")
@pytest.mark.slow  # hypothesis: many generated dates
def test_fast_and_reference_agree_on_generated_values(value: str) -> None:
    check_agree(value)


@SETTINGS
@given(st.text(alphabet="0123456789-/~?%X .", max_size=24))
def test_fast_and_reference_agree_on_generated_noise(value: str) -> None:
    check_agree(value)

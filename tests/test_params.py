"""Notebook parameter checks: clear errors naming the parameter, the value and what is allowed."""

from __future__ import annotations

import pandas as pd
import pytest

from cat_kz.publish.params import SPECS, check_params


def test_defaults_are_filled_in_and_normalised():
    checked = check_params("01_timeline")
    assert checked["date_from"] == pd.Timestamp("2008-01-01") and checked["categories"] == []
    assert set(checked) == {param.name for param in SPECS["01_timeline"]}


def test_people_by_name_become_ids():
    assert check_params("01_timeline", people=["Rosa Tuletaeva", "p07"])["people"] == ["p09", "p07"]
    spellings = ["TULETAEVA", "rosa", "Rosa Tuletayeva", "Tuletaéva", "Тулетаева", "p09"]
    assert check_params("01_timeline", people=spellings)["people"] == ["p09"] * len(spellings)


@pytest.mark.parametrize(
    "notebook, values, message",
    [
        (
            "01_timeline",
            {"categories": ["trials"]},
            "01_timeline: parameter categories = 'trials' is not allowed; allowed values: 'zhanaozen', ",
        ),
        ("01_timeline", {"categories": ["trials"]}, "(did you mean 'trial'?)"),
        (
            "01_timeline",
            {"date_from": "2013-01-01", "date_to": "2012-12-31"},
            "parameter date_from = '2013-01-01' is after date_to = '2012-12-31'",
        ),
        ("01_timeline", {"date_to": "31/12/2012"}, "parameter date_to = '31/12/2012' is not a date; use YYYY-MM-DD"),
        ("01_timeline", {"labels": "yes"}, "parameter labels = 'yes' is not allowed; allowed values: True, False"),
        (
            "01_timeline",
            {"people": ["Rosa Tuletova"]},
            "parameter people, item 1: not a person id nor a known spelling",
        ),
        ("01_timeline", {"people": ["p7"]}, "'p7' is not a person id; allowed values: 'p01', 'p02'"),
        ("01_timeline", {"people": ["p7"]}, "(did you mean 'p17'?)"),
        (
            "02_abuse_methods",
            {"unit": "victims"},
            "parameter unit = 'victims' is not allowed; allowed values: 'persons', 'acts'",
        ),
        ("02_abuse_methods", {"level": "Category"}, "(did you mean 'category'?)"),
        ("03_refoulement", {"destinations": ["Chna"]}, "allowed values: 'China', 'Uzbekistan' (did you mean 'China'?)"),
        ("03_refoulement", {"destinations": 5}, "parameter destinations = 5 must be a list"),
        (
            "03_refoulement",
            {"destination": ["China"]},
            "03_refoulement: unknown parameter(s) destination; declared: destinations, date_from, date_to, redact, output_dir",
        ),
        ("04_nothing", {}, "no notebook '04_nothing'"),
    ],
)
def test_bad_values_raise_a_clear_value_error(notebook, values, message):
    with pytest.raises(ValueError) as caught:
        check_params(notebook, **values)
    assert message in str(caught.value)


def test_an_unknown_person_is_never_answered_with_names():
    with pytest.raises(ValueError) as caught:
        check_params("01_timeline", people=["Nursultan Mukhashevv"])
    assert "Mukhashev" not in str(caught.value) and "Nursultan" not in str(caught.value)


def test_injected_names_come_from_papermills_cell_only():
    from cat_kz.publish.params import injected_names

    history = ["", "unit = 'persons'  # parameters cell", '# Parameters\nunti = "acts"\nredact = "all"\n', "x = 1"]
    assert injected_names(history) == ["unti", "redact"]
    assert injected_names(["unit = 'acts'", "y = 2"]) == []  # JupyterLab: no injected cell, nothing to check
    assert injected_names(["# Parameters\nunti = (\n"]) == []  # not Python: papermill itself would have failed

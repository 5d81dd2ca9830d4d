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


@pytest.mark.parametrize("value", [float("nan"), pd.NaT, 20120101, 1.5, None, "nan", ""])
def test_a_date_that_is_not_a_date_is_refused(value):
    with pytest.raises(ValueError, match=r"01_timeline: parameter date_from = .* is not a date; use YYYY-MM-DD"):
        check_params("01_timeline", date_from=value)


def test_real_dates_are_accepted_as_dates():
    import datetime

    checked = check_params("01_timeline", date_from=datetime.date(2012, 1, 1), date_to=pd.Timestamp("2013-02-03"))
    assert checked["date_from"] == pd.Timestamp("2012-01-01") and checked["date_to"] == pd.Timestamp("2013-02-03")
    with pytest.raises(ValueError, match="is after"):
        check_params("01_timeline", date_from=datetime.date(2014, 1, 1), date_to=datetime.date(2013, 1, 1))


@pytest.mark.parametrize("people", [["Rosa Tuletaeva"], ["p07", "tuletaeva"], "Rosa Tuletaeva", ["Тулетаева"]])
@pytest.mark.parametrize("redact", ["minors", "victims", "all"])
def test_a_name_in_people_is_refused_under_redaction_without_repeating_it(people, redact):
    with pytest.raises(ValueError) as caught:
        check_params("01_timeline", people=people, redact=redact)
    message = str(caught.value)
    assert "parameter people" in message and "person id" in message and "redact" in message
    for word in ("Rosa", "Tuletaeva", "tuletaeva", "Тулетаева"):
        assert word not in message
    assert len(message.splitlines()) == 1


def test_ids_in_people_pass_under_redaction():
    assert check_params("01_timeline", people=["p09", "P07"], redact="victims")["people"] == ["p09", "p07"]
    assert check_params("01_timeline", people=["Rosa Tuletaeva"], redact="none")["people"] == ["p09"]


def test_an_unquoted_yaml_date_reaches_the_notebook_as_iso_text():
    import datetime

    from cat_kz.publish.routing import convert_value

    assert convert_value(datetime.date(2012, 1, 1), "str") == "2012-01-01"

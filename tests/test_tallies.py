"""Method tallies: units, levels, safeguards, groups, restatements; plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import cat_kz
from cat_kz.tallies import per_person_table, person_category_matrix, plot_matrix, plot_tally, tally_methods


@pytest.fixture(scope="module")
def acts():
    return cat_kz.load_acts()


def test_persons_unit_counts_distinct_persons_per_category(acts):
    tally = tally_methods(acts, unit="persons", level="category").set_index("key")
    torture = acts[acts["method_category"] != "safeguards"]
    expected = torture.groupby("method_category", observed=True)["person_id"].nunique()
    assert tally["n"].to_dict() == {str(k): int(v) for k, v in expected.items()}
    assert "safeguards" not in tally.index and set(tally["unit"]) == {"persons"}


def test_acts_unit_leaves_out_restating_records(acts):
    tally = tally_methods(acts, unit="acts", level="method", include_safeguards=True)
    restating = acts["restates"].map(len) > 0
    assert restating.sum() >= 1
    assert tally["n"].sum() == len(acts) - restating.sum()
    beating = tally.set_index("key").at["beating", "n"]
    assert beating == ((acts["method_code"] == "beating") & ~restating).sum()


def test_safeguards_and_groups_switches(acts):
    with_safeguards = tally_methods(acts, include_safeguards=True).set_index("key")
    assert with_safeguards.at["safeguards", "n"] == 1  # the 17-year-old questioned without his mother
    no_groups = tally_methods(acts, include_groups=False)
    assert (no_groups["n_groups"] == 0).all()
    groups = acts[(acts["person_kind"] == "group") & (acts["method_category"] == "blunt_trauma")]["person_id"].nunique()
    with_groups = tally_methods(acts).set_index("key")
    assert with_groups.at["blunt_trauma", "n"] - no_groups.set_index("key").at["blunt_trauma", "n"] == groups
    assert with_groups.at["blunt_trauma", "n_groups"] == groups


def test_sorted_largest_first_with_pages(acts):
    tally = tally_methods(acts, level="method")
    assert list(tally["n"]) == sorted(tally["n"], reverse=True)
    assert all(isinstance(p, list) and p for p in tally["pages"])


@pytest.mark.parametrize("kwargs, message", [
    ({"unit": "victims"}, "unit = 'victims' is not allowed; allowed values: 'persons', 'acts'"),
    ({"level": "methods"}, "level = 'methods' is not allowed; allowed values: 'category', 'method'"),
])
def test_bad_arguments(acts, kwargs, message):
    with pytest.raises(ValueError, match=message):
        tally_methods(acts, **kwargs)


def test_matrix_reconciles_with_the_acts_tally(acts):
    matrix = person_category_matrix(acts)
    acts_tally = tally_methods(acts, unit="acts")
    assert matrix.to_numpy().sum() == acts_tally["n"].sum()
    assert any(name.endswith("(group)") for name in matrix.index)
    totals = matrix.sum(axis=1).tolist()
    assert totals == sorted(totals, reverse=True)


def test_per_person_table_has_quote_and_page(acts):
    table = per_person_table(acts)
    assert len(table) == len(acts)
    row = table[table["act_id"] == "act-042"].iloc[0]
    assert (row.person, row.method, row.page) == ("Nursultan Mukhashev", "Minor questioned without a parent present", 6)
    assert row.quote == "he was questioned without his mother present"


def test_plot_tally_draws_one_bar_per_row_and_states_the_unit(acts):
    tally = tally_methods(acts, unit="acts")
    ax = plot_tally(tally)
    widths = [p.get_width() for p in ax.patches]
    # two bars per row (individuals + groups) that add up to n
    assert len(widths) == 2 * len(tally)
    assert sorted(a + b for a, b in zip(widths[: len(tally)], widths[len(tally):])) == sorted(tally["n"])
    assert ax.get_xlabel().startswith("Alleged acts")
    texts = [t.get_text() for t in ax.figure.texts]
    assert any(t.startswith("Source: Human Rights Watch, Oct 2014, pp.") and "not prevalence" in t for t in texts)


def test_plot_into_given_axes(acts):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    returned = plot_matrix(person_category_matrix(acts), ax=ax)
    assert returned is ax and ax.get_xlabel() == "Method category"
    assert plot_tally(tally_methods(acts).iloc[0:0], ax=ax) is ax


@pytest.mark.parametrize("unit", ["persons", "acts"])
def test_summary_states_the_unit_and_adds_up(acts, unit):
    from cat_kz.tallies import tally_summary

    tally = tally_methods(acts, unit=unit, include_groups=False)
    text = tally_summary(acts, tally, unit=unit, include_groups=False)
    assert ("persons or groups across" in text) == (unit == "persons")
    numbers = [int(n) for n in __import__("re").findall(r"left out: (\d+) safeguard.*?; (\d+) acts? against groups", text)[0]]
    restating = int(__import__("re").search(r"(\d+) records? that only restate", text).group(1)) if unit == "acts" else 0
    counted = int(__import__("re").search(r"counts (\d+)", text).group(1))
    if unit == "acts":
        assert counted + sum(numbers) + restating == len(acts)


def test_empty_matrix_draws_a_message(acts):
    ax = plot_matrix(person_category_matrix(acts.iloc[0:0]))
    assert ax.texts[0].get_text() == "Nothing to count with these settings"

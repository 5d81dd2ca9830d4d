"""Method tallies: units, levels, safeguards, groups, restatements; plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

import cat_kz
from cat_kz.analysis.tallies import per_person_table, person_category_matrix, tally_methods
from cat_kz.show.tally_plots import plot_matrix, plot_tally


@pytest.fixture(scope="module")
def acts():
    return cat_kz.load_acts()


def counted_by_default(acts):
    return acts[(acts["scope"] == "case") & (acts["certainty"] == "stated") & (acts["method_category"] != "safeguards")]


def test_persons_unit_counts_distinct_persons_per_category(acts):
    tally = tally_methods(acts, unit="persons", level="category").set_index("key")
    torture = counted_by_default(acts)
    expected = torture.groupby("method_category", observed=True)["person_id"].nunique()
    assert tally["n"].to_dict() == {str(k): int(v) for k, v in expected.items()}
    assert "safeguards" not in tally.index and set(tally["unit"]) == {"persons"}


def test_acts_unit_leaves_out_restating_records(acts):
    tally = tally_methods(acts, unit="acts", level="method", include_safeguards=True)
    restating = acts["restates"].map(len) > 0
    assert restating.sum() >= 1
    counted = (acts["scope"] == "case") & (acts["certainty"] == "stated")
    assert not (restating & counted).any()
    assert tally["n"].sum() == counted.sum()
    beating = tally.set_index("key").at["beating", "n"]
    assert beating == ((acts["method_code"] == "beating") & counted).sum()


def test_a_summary_or_general_finding_never_raises_a_count(acts):
    # the audit's numbers: without the summaries (g01, g02) and the general finding (g05)
    by_category = tally_methods(acts, unit="persons").set_index("key")["n"].to_dict()
    assert {
        k: by_category[k] for k in ("blunt_trauma", "asphyxiation", "environmental", "psychological", "humiliation")
    } == {
        "blunt_trauma": 8,
        "asphyxiation": 5,
        "environmental": 2,
        "psychological": 2,
        "humiliation": 3,
    }
    for unit in ("persons", "acts"):
        for level in ("category", "method"):
            base = tally_methods(acts, unit=unit, level=level)
            for act_id in acts.loc[acts["scope"] != "case", "act_id"]:
                without = tally_methods(acts[acts["act_id"] != act_id], unit=unit, level=level)
                assert without.equals(base), (act_id, unit, level)
    # a group whose records all summarise others (or are general findings) is never counted as a person
    from cat_kz.analysis.tallies import select_acts

    only_apart = set(acts["person_id"]) - set(acts.loc[acts["scope"] == "case", "person_id"])
    assert {"g01", "g02", "g05"} <= only_apart
    assert not only_apart & set(select_acts(acts, include_safeguards=True)["person_id"])


def test_summaries_and_general_findings_are_tallied_apart_not_added(acts):
    cases = tally_methods(acts, unit="acts")
    summaries = tally_methods(acts, unit="acts", scope="summary")
    general = tally_methods(acts, unit="acts", scope="general")
    assert set(summaries["scope"]) == {"summary"} and set(general["scope"]) == {"general"}
    assert general["n"].sum() == (acts["scope"] == "general").sum() == 6
    assert summaries["n"].sum() == ((acts["scope"] == "summary") & (acts["certainty"] == "stated")).sum()
    assert cases["n"].sum() + summaries["n"].sum() + general["n"].sum() < len(acts) + 1
    with pytest.raises(ValueError, match="scope = 'all' is not allowed"):
        tally_methods(acts, scope="all")


def test_unclear_acts_are_listed_not_tallied(acts):
    unclear = acts[acts["certainty"] == "unclear"]
    assert "act-039" in set(unclear["act_id"])
    tally = tally_methods(acts, unit="acts", level="method")
    assert "sexual_violence_object" not in set(tally["key"])
    assert "sexual_violence_object" in set(
        tally_methods(acts, unit="acts", level="method", include_unclear=True)["key"]
    )
    from cat_kz.analysis.tallies import records_apart

    apart = records_apart(acts)
    row = apart.set_index("act_id").loc["act-039"]
    assert row.why == "unclear" and row.quote == "They took off my trousers bottle in me." and row.page == 6
    # every record is either counted (before the safeguards/groups switches) or listed apart
    counted = acts[(acts["scope"] == "case") & (acts["certainty"] == "stated")]
    assert len(counted) + len(apart) == len(acts)


def test_safeguards_and_groups_switches(acts):
    with_safeguards = tally_methods(acts, include_safeguards=True).set_index("key")
    assert with_safeguards.at["safeguards", "n"] == 1  # the 17-year-old questioned without his mother
    no_groups = tally_methods(acts, include_groups=False)
    assert (no_groups["n_groups"] == 0).all()
    cases = counted_by_default(acts)
    groups = cases[(cases["person_kind"] == "group") & (cases["method_category"] == "blunt_trauma")][
        "person_id"
    ].nunique()
    with_groups = tally_methods(acts).set_index("key")
    assert with_groups.at["blunt_trauma", "n"] - no_groups.set_index("key").at["blunt_trauma", "n"] == groups
    assert with_groups.at["blunt_trauma", "n_groups"] == groups


def test_sorted_largest_first_with_pages(acts):
    tally = tally_methods(acts, level="method")
    assert list(tally["n"]) == sorted(tally["n"], reverse=True)
    assert all(isinstance(p, list) and p for p in tally["pages"])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"unit": "victims"}, "unit = 'victims' is not allowed; allowed values: 'persons', 'acts'"),
        ({"level": "methods"}, "level = 'methods' is not allowed; allowed values: 'category', 'method'"),
    ],
)
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
    assert len(table) == (acts["scope"] == "case").sum()
    assert table.set_index("act_id").at["act-039", "certainty"] == "unclear"
    row = table[table["act_id"] == "act-042"].iloc[0]
    assert (row.person, row.method, row.page) == ("Nursultan Mukhashev", "Minor questioned without a parent present", 6)
    assert row.quote == "he was questioned without his mother present"


def test_plot_tally_draws_one_bar_per_row_and_states_the_unit(acts):
    tally = tally_methods(acts, unit="acts")
    ax = plot_tally(tally)
    widths = [p.get_width() for p in ax.patches]
    # two bars per row (individuals + groups) that add up to n
    assert len(widths) == 2 * len(tally)
    assert sorted(a + b for a, b in zip(widths[: len(tally)], widths[len(tally) :])) == sorted(tally["n"])
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
    import re

    from cat_kz.analysis.tallies import tally_summary

    tally = tally_methods(acts, unit=unit, include_groups=False)
    text = tally_summary(acts, tally, unit=unit, include_groups=False)
    assert ("persons or groups in case allegations" in text) == (unit == "persons")
    left_out = text.split("not counted: ")[1]
    numbers = [int(n) for n in re.findall(r"(?:^|; )(\d+) ", left_out)]
    assert re.search(r"\d+ summaries of other records shown apart", left_out)
    assert re.search(r"\d+ general findings shown apart", left_out)
    assert re.search(
        r"2 unclear acts listed apart", left_out
    )  # act-039 and (issue 22) Kaliev's partly lost threat, act-057
    counted = int(re.search(r"counts (\d+)", text).group(1))
    if unit == "acts":
        assert counted + sum(numbers) == len(acts)


def test_empty_matrix_draws_a_message(acts):
    ax = plot_matrix(person_category_matrix(acts.iloc[0:0]))
    assert ax.texts[0].get_text() == "Nothing to count with these settings"

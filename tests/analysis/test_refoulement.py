"""Refoulement: filters, case table, totals reconciled with the counts table, plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import cat_kz
from cat_kz.analysis.refoulement import case_table, filter_cases, persons_by
from cat_kz.show.refoulement_plots import plot_returns


@pytest.fixture(scope="module")
def cases():
    return cat_kz.load_refoulement()


def test_filter_by_destination_and_overlapping_dates(cases):
    assert list(filter_cases(cases, destinations=["China"])["case_id"]) == ["rf-2011-05-30-china"]
    # "late 2010" spans September to December: kept by a window that ends on October 1
    kept = filter_cases(cases, date_from="2010-01-01", date_to="2010-10-01")
    assert list(kept["case_id"]) == ["rf-2010-late-uzbekistan"]
    assert list(filter_cases(cases)["date_start"]) == sorted(cases["date_start"])


def test_case_table_keeps_pages_and_qualified_numbers(cases):
    table = case_table(filter_cases(cases)).set_index("case_id")
    assert table.at["rf-2011-06-09-uzbekistan", "number"] == "at least 28"
    assert table.at["rf-2011-06-09-uzbekistan", "committee_action_date"] == "December 2010"
    assert bool(table.at["rf-2013-03-13-uzbekistan", "disregarded"]) is True
    assert table["page"].notna().all()


def test_persons_by_destination_and_year(cases):
    by_destination = persons_by(cases, "destination").set_index("destination")
    assert by_destination.loc["Uzbekistan", ["n_persons", "qualifier", "cases"]].tolist() == [33, "at least", 3]
    assert by_destination.loc["China", ["n_persons", "qualifier"]].tolist() == [1, "exact"]
    by_year = persons_by(cases, "year").set_index("year")
    assert by_year["n_persons"].sum() == cases["n_persons"].sum()
    assert list(by_year.index) == ["2010", "2011", "2012", "2013"]  # 2012: no return, kept so the gap shows
    # ... but with no number: the source never states "0 in 2012" (issue 22)
    assert pd.isna(by_year.at["2012", "n_persons"]) and by_year.at["2012", "qualifier"] == "none recorded"
    assert by_year.at["2012", "cases"] == 0


def test_every_committee_date_carries_its_year(cases):
    from cat_kz.analysis.refoulement import case_table

    dates = case_table(cases)["committee_action_date"].dropna()
    assert "February 28, 2013" in set(dates)
    assert all(any(str(y) in d for y in range(2008, 2015)) for d in dates)
    with pytest.raises(ValueError, match="allowed values: 'destination', 'year'"):
        persons_by(cases, "country")


def test_totals_reconcile_with_the_counts_table(cases):
    counts = cat_kz.load_counts()
    extradited = counts[counts["measure"] == "extradited"].set_index("event_id")
    checked = 0
    for case in cases.itertuples():
        if case.event_id in extradited.index:
            count = extradited.loc[case.event_id]
            assert (case.n_persons, case.n_qualifier) == (count["value"], count["qualifier"]), case.case_id
            checked += 1
    assert checked == 2  # the groups of 28 and of 4; single named persons have no figure to count


def test_plot_returns_draws_spans_for_imprecise_dates(cases):
    shown = filter_cases(cases)
    ax = plot_returns(shown)
    spans = [p for p in ax.patches if p.get_width() > 1]
    late_2010 = shown.set_index("case_id").loc["rf-2010-late-uzbekistan"]
    expected = (late_2010.date_end - late_2010.date_start).days + 1
    assert any(round(p.get_width()) == expected for p in spans)
    notes = [t.get_text() for t in ax.texts]
    assert any("interim measures (December 2010) disregarded: returned 160–190 days later" in n for n in notes)
    assert any("communication (February 28, 2013) disregarded: returned 13 days later" in n for n in notes)
    assert len(ax.get_yticklabels()) == len(shown)


def test_plot_returns_with_nothing_to_show(cases):
    ax = plot_returns(cases.iloc[0:0])
    assert ax.texts[0].get_text() == "No cases match the filters"

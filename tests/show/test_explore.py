"""The explorer: filter semantics without widgets, state read-back, redraws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import cat_kz
from cat_kz.publish.routing import read_params_file, route_parameters
from cat_kz.show.explore import Filters, explore, records_html, select, tally_html


@pytest.fixture(scope="module")
def ds():
    return cat_kz.load_dataset()


def test_no_filter_selects_everything(ds):
    chosen = select(ds, Filters())
    assert (len(chosen.events), len(chosen.acts), len(chosen.cases)) == (
        len(ds.events),
        len(ds.acts),
        len(ds.refoulement),
    )
    assert chosen.notes == []


def test_method_category_narrows_allegations_and_events(ds):
    chosen = select(ds, Filters(method_categories=("asphyxiation",)))
    assert set(chosen.acts["method_category"]) == {"asphyxiation"}
    linked = set(chosen.acts["event_id"].dropna()) | set(chosen.acts["allegation_event_id"].dropna())
    assert set(chosen.events["event_id"]) == linked


def test_date_range_overlaps_and_reports_undated_allegations(ds):
    f = Filters(date_from=pd.Timestamp("2011-12-01"), date_to=pd.Timestamp("2011-12-31"))
    chosen = select(ds, f)
    assert ((chosen.events["date_end"] >= f.date_from) & (chosen.events["date_start"] <= f.date_to)).all()
    assert "ev-2011-penitentiary-transfer" in set(chosen.events["event_id"])  # "in 2011" overlaps December
    undated = sum(1 for a, b in zip(ds.acts["event_id"], ds.acts["allegation_event_id"]) if pd.isna(a) and pd.isna(b))
    assert chosen.notes == [
        f"{undated} allegations the source does not date or link to an event are hidden by the date range filter"
    ]
    by_category = select(ds, Filters(event_categories=tuple(ds.events["category"].cat.categories)))
    assert (
        len(by_category.acts) == len(ds.acts) - undated
    )  # every category: only the unlinked acts drop out, and say so
    assert by_category.notes == [
        f"{undated} allegations the source does not date or link to an event are hidden by the event category filter"
    ]
    assert "act-012" in set(chosen.acts["act_id"])  # Kenzhebaev's custody, December 16-18


def test_person_article_destination_and_search(ds):
    assert set(select(ds, Filters(people=("p09",))).acts["person_name"]) == {"Rosa Tuletaeva"}
    article_3 = select(ds, Filters(articles=(3,)))
    assert set(article_3.events["category"]) <= {"refoulement", "un", "legislation", "advocacy", "context"}
    assert article_3.acts.empty
    china = select(ds, Filters(destinations=("China",)))
    assert list(china.events["event_id"]) == ["ev-2011-05-30-extradition-china"] and len(china.cases) == 1
    assert "the destination filter applies to the timeline, not to allegations" in china.notes
    bag = select(ds, Filters(search="PLASTIC BAG"))
    assert len(bag.acts) >= 6 and all(
        "plastic bag" in q.lower() or "plastic bag" in n.lower()
        for q, n in zip(bag.acts["quote"], bag.acts["person_name"])
    )


def test_views_show_page_and_quote(ds):
    acts = ds.acts[ds.acts["act_id"] == "act-042"]
    page = records_html(acts, ds.events)
    assert "<td class='person'>Nursultan Mukhashev</td>" in page and "<td class='page'>6</td>" in page
    assert "he was questioned without his mother present" in page
    # safeguards are listed with the records, not tallied: the reports' default (docs/counting.md, issue 22)
    assert "Procedural safeguards violated" not in tally_html(acts)
    assert "No allegations match" in tally_html(acts.iloc[0:0])


def test_state_reads_back_and_becomes_report_parameters(ds, tmp_path):
    app = explore(ds, method_categories=["asphyxiation"], date_from="2011-12-01", date_to="2012-06-30", people=["p09"])
    state = app.state()
    assert state["date_from"] == "2011-12-01" and state["date_to"] == "2012-06-30"
    assert state["method_categories"] == ["asphyxiation"] and state["people"] == ["p09"]
    path = app.save_params(tmp_path / "params.yaml")
    assert read_params_file(path)["redact"] == "none"  # once, at the top: --redact can override it
    routed = route_parameters(["01_timeline", "03_refoulement"], read_params_file(path))
    assert routed["01_timeline"] == {
        "date_from": "2011-12-01",
        "date_to": "2012-06-30",
        "categories": [],
        "people": ["p09"],
        "redact": "none",
    }
    for notebook, values in routed.items():
        cat_kz.check_params(notebook, **values)  # the notebooks accept them


def test_controls_redraw_and_the_timeline_only_when_its_events_change(ds):
    app = explore(ds)
    first_image, redraws = app.timeline.value, app.redraws
    app.search.value = "stool"
    assert app.redraws == redraws + 1
    assert "they beat my head with a stool" in app.records.value
    app.date.index = (40, 60)
    assert app.timeline.value != first_image
    app.reset()
    assert app.filters() == Filters() and app.records.value.count("<tr>") == len(ds.acts) + 1


def test_a_locked_explorer_never_holds_the_names(ds, monkeypatch):
    monkeypatch.setenv("CAT_KZ_REDACT", "victims")
    app = explore(ds)
    assert app.redact.disabled and app.redact.value == "victims"
    shown = " ".join(label for label, _ in app.people.options) + app.records.value + app.status.value
    assert "Tuletaeva" not in shown and "Mukhashev" not in shown and "Defendant D" in shown
    app.redact.value = "none"  # a viewer cannot undo it: the unredacted data are not in the kernel
    assert "Tuletaeva" not in app.records.value and "Tuletaeva" not in str(app.base.people["name"].tolist())


def test_the_explorer_counts_case_allegations_and_marks_the_rest(ds):
    from cat_kz.analysis.tallies import tally_methods

    tally = tally_html(ds.acts)
    expected = tally_methods(ds.acts, unit="persons")  # the reports' default
    blunt = expected.set_index("key").at["blunt_trauma", "n"]
    assert "<td>Blunt trauma</td>" in tally and f'<td class="n">{blunt}</td>' in tally
    assert "summaries, general findings, unclear acts and procedural safeguards are listed below, not counted" in tally
    records = records_html(ds.acts, ds.events)
    assert records.count("<td class='kind'>summary (not counted)</td>") == (ds.acts["scope"] == "summary").sum()
    assert records.count("<td class='kind'>general finding (not counted)</td>") == 6
    assert records.count("<td class='kind'>unclear (not counted)</td>") == 2  # act-039, act-057 (issue 22)
    app = explore(ds)
    # the same unit and default as the reports' tally: persons or groups, safeguards apart (issue 22)
    default = ds.acts[
        (ds.acts["scope"] == "case") & (ds.acts["certainty"] == "stated") & (ds.acts["method_category"] != "safeguards")
    ]
    persons = default["person_id"].nunique()
    assert f"(the tally counts {persons} persons or groups in {len(default)} of them)" in app.status.value


def test_records_mark_acts_another_source_corroborates(ds):
    from cat_kz.analysis.corroboration import corroborated_acts

    marks = corroborated_acts(ds)
    acts = ds.acts[ds.acts["act_id"].isin(["act-042", sorted(marks)[0]])]
    page = records_html(acts, ds.events, corroborated=marks)
    assert "<th title='Another source agrees" in page
    assert page.count(">corroborated</td>") == 1 and f"agreeing claims: {', '.join(marks[sorted(marks)[0]])}" in page
    assert "corroborated" not in records_html(acts, ds.events)  # no marks asked for, no column

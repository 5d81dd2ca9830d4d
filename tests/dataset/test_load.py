"""Loaders: real dtypes, derived columns, joins, caching."""

from __future__ import annotations

import pandas as pd
import pytest

import cat_kz
from cat_kz.model.schema import EVENT_CATEGORIES, METHOD_CATEGORIES, TABLES
from tests.helpers.data import edit_cell

LOADERS = {
    "sources": cat_kz.load_sources,
    "articles": cat_kz.load_articles,
    "people": cat_kz.load_people,
    "events": cat_kz.load_events,
    "methods": cat_kz.load_methods,
    "acts": cat_kz.load_acts,
    "refoulement": cat_kz.load_refoulement,
    "counts": cat_kz.load_counts,
    "recommendations": cat_kz.load_recommendations,
}
EXPECTED_DTYPE = {
    "int": "Int64",
    "bool": "boolean",
    "category": "category",
    "text": "string",
    "id": "string",
    "ref": "string",
    "edtf": "string",
}


@pytest.mark.parametrize("name", list(LOADERS))
def test_each_loader_returns_the_schema_columns_with_real_dtypes(name):
    frame = LOADERS[name]()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    for column in TABLES[name].columns:
        dtype = frame[column.name].dtype
        if column.kind in {"refs", "ints"}:
            assert frame[column.name].map(lambda v: isinstance(v, list)).all(), column.name
        else:
            assert dtype.name == EXPECTED_DTYPE[column.kind], (name, column.name, dtype)
    assert frame[TABLES[name].key].is_unique


def test_closed_vocabularies_are_categoricals_with_all_categories():
    events = cat_kz.load_events()
    assert list(events["category"].cat.categories) == list(EVENT_CATEGORIES)
    assert list(cat_kz.load_acts()["method_category"].cat.categories) == list(METHOD_CATEGORIES)


def test_dates_are_derived_from_edtf():
    events = cat_kz.load_events().set_index("event_id")
    assert str(events["date_start"].dtype).startswith("datetime64")
    late = events.loc["ev-2010-late-extradition-uzbekistan"]
    assert (late.date_start, late.date_end) == (pd.Timestamp("2010-09-01"), pd.Timestamp("2010-12-31"))
    assert late.date_precision == "part of year"
    spring = events.loc["ev-2014-spring-facility-head-released"]
    assert (spring.date_start, spring.date_end, spring.date_precision) == (
        pd.Timestamp("2014-03-01"),
        pd.Timestamp("2014-05-31"),
        "season",
    )
    custody = events.loc["ev-2011-12-16-custody-abuse"]
    assert (custody.date_start, custody.date_end, custody.date_precision) == (
        pd.Timestamp("2011-12-16"),
        pd.Timestamp("2011-12-19"),
        "range",
    )
    assert bool(events.loc["ev-2010-asylum-seekers-detained", "date_approximate"]) is True
    assert (events["date_end"] >= events["date_start"]).all()


def test_refoulement_committee_action_dates():
    cases = cat_kz.load_refoulement().set_index("case_id")
    uzbek = cases.loc["rf-2011-06-09-uzbekistan"]
    assert (uzbek.cat_action_date_start, uzbek.cat_action_date_end) == (
        pd.Timestamp("2010-12-01"),
        pd.Timestamp("2010-12-31"),
    )
    assert pd.isna(cases.loc["rf-2011-05-30-china", "cat_action_date_start"])


def test_acts_carry_person_and_method():
    acts = cat_kz.load_acts().set_index("act_id")
    act = acts.loc["act-045"]
    assert (act.person_name, act.method_label, act.method_category, act.person_kind) == (
        "Rosa Tuletaeva",
        "Suffocation with a plastic bag",
        "asphyxiation",
        "individual",
    )


def test_readme_example_prints_a_tally():
    tally = cat_kz.load_acts().groupby("method_category").size()
    assert tally.sum() == len(cat_kz.load_acts())
    assert tally["asphyxiation"] >= 6 and tally["safeguards"] >= 1


def test_cache_returns_fresh_copies():
    first = cat_kz.load_people()
    first.loc[0, "name"] = "changed"
    first.at[0, "notes"] = "x"
    events = cat_kz.load_events()
    events.at[0, "person_ids"].append("zzz")
    assert cat_kz.load_people().loc[0, "name"] != "changed"
    assert "zzz" not in cat_kz.load_events().at[0, "person_ids"]


def test_cache_notices_a_changed_file(data_copy):
    before = cat_kz.load_dataset(data_copy)
    edit_cell(data_copy, "people", "p07", "notes", "edited")
    after = cat_kz.load_dataset(data_copy)
    assert before.people.loc[6, "notes"] != "edited" and after.people.loc[6, "notes"] == "edited"


def test_a_redacted_load_is_kept_per_level_and_handed_out_as_a_copy(data_copy):
    first = cat_kz.load_dataset(data_copy, redact="minors")
    assert "Nursultan Mukhashev" not in first.people["name"].tolist()
    first.people.loc[0, "name"] = "changed"
    first.events.at[0, "person_ids"].append("zzz")
    again = cat_kz.load_dataset(data_copy, redact="minors")
    assert again.people.loc[0, "name"] != "changed" and "zzz" not in again.events.at[0, "person_ids"]
    assert "Nursultan Mukhashev" in cat_kz.load_dataset(data_copy).people["name"].tolist()  # levels kept apart
    edit_cell(data_copy, "people", "p07", "notes", "edited for minors")
    assert cat_kz.load_dataset(data_copy, redact="minors").people.loc[6, "notes"] == "edited for minors"


def test_data_dir_from_environment(data_copy, monkeypatch):
    edit_cell(data_copy, "people", "p07", "notes", "from env")
    monkeypatch.setenv("CAT_KZ_DATA", str(data_copy))
    assert cat_kz.load_people().set_index("person_id").at["p07", "notes"] == "from env"


def test_source_text_loader():
    source = cat_kz.load_source_text()
    assert len(source.pages) == 10
    with pytest.raises(KeyError, match="no paged source 'huridocs-mt5'"):
        cat_kz.load_source_text("huridocs-mt5")


def test_a_spelling_added_to_the_redactor_reaches_the_next_redacted_load(data_copy, monkeypatch):
    from cat_kz.dataset import redaction

    cat_kz.load_dataset(data_copy, redact="minors")  # kept for this level
    edit_cell(data_copy, "people", "p07", "notes", "a made-up spelling Qwzx")
    assert "Qwzx" in cat_kz.load_dataset(data_copy, redact="minors").people.loc[6, "notes"]
    monkeypatch.setitem(redaction.EXTRA_VARIANTS, "Nursultan Mukhashev", ("Qwzx",))
    assert "Qwzx" not in cat_kz.load_dataset(data_copy, redact="minors").people.loc[6, "notes"]

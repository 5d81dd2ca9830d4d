"""Corroboration: external sources and claims validate, and the tables built from them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import cat_kz
from cat_kz.analysis import corroboration
from cat_kz.errors import DataError
from cat_kz.model.schema import CLAIM_TARGETS, TABLES
from cat_kz.show import quality_plots
from tests.helpers.data import edit_cell, read_rows, write_rows


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        cat_kz.load_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def ds():
    return cat_kz.load_dataset()


# --- the data -------------------------------------------------------------------


def test_enough_claims_from_enough_publishers(ds):
    claims = corroboration.claims_table(ds)
    assert len(claims) >= 25
    assert claims["publisher"].nunique() >= 6
    assert set(ds.claims["ext_source_id"]) <= set(ds.external_sources["ext_source_id"])


def test_every_claim_links_a_record_or_says_why_not(ds):
    for claim in ds.claims.itertuples():
        if pd.isna(claim.record_id):
            assert isinstance(claim.no_record_reason, str) and pd.isna(claim.relation), claim.claim_id
        else:
            table, _ = CLAIM_TARGETS[claim.bears_on]
            assert claim.record_id in set(ds[table][TABLES[table].key]), claim.claim_id
            assert claim.relation in ("agrees", "consistent", "narrower", "differs", "adds"), claim.claim_id


def test_claims_cover_the_topics_the_issue_names(ds):
    claims = ds.claims.set_index("claim_id")
    bears = set(zip(ds.claims["bears_on"], ds.claims["record_id"].fillna("")))
    assert ("count", "cnt-01") in bears  # deaths
    assert ("count", "cnt-02") in bears  # injured
    assert ("count", "cnt-07") in bears  # defendants
    assert ("count", "cnt-04") in bears  # the verdict
    assert ("refoulement case", "rf-2011-06-09-uzbekistan") in bears  # the 2011 return
    assert ("event", "ev-2013-02-28-committee-communication") in bears  # the 2013 return
    assert claims["value"].str.contains("appeal", case=False).any()
    assert {"x-cat-444-2010", "x-cat-538-2013", "x-cat-co3", "x-sr-2009-report"} <= set(ds.claims["ext_source_id"])


def test_unverified_leads_say_so(ds):
    claim = ds.claims.set_index("claim_id").loc["cl-09"]
    assert claim["number"] == 17 and "NOT VERIFIED" in claim["notes"]


def test_claims_hold_no_names_of_people(ds):
    # names reach outputs only through the linked records, which redaction covers
    names = [n for n in ds.people["name"] if not n.startswith("[")]
    surnames = {n.split()[-1] for n in names if ds.people.set_index("name").at[n, "kind"] == "individual"}
    text = " ".join(ds.claims[["value", "notes", "attribute"]].fillna("").to_numpy().ravel())
    assert not [s for s in surnames if s in text]


def test_no_name_in_an_id_or_address(ds):
    # ids survive redaction unchanged and a redacted address is a broken one: neither may carry a name
    individuals = ds.people[(ds.people["kind"] == "individual") & ~ds.people["name"].str.startswith("[")]
    words = {w.lower() for name in individuals["name"] for w in name.split() if len(w) > 3 and w != "Colonel"}
    cells = list(ds.external_sources["ext_source_id"]) + list(ds.external_sources["url"]) + list(ds.claims["claim_id"])
    assert not [(w, c) for w in words for c in cells if w in c.lower()]


# --- validation on broken copies ------------------------------------------------------


BROKEN = [
    # (table, record, column, value, the start of the one problem reported)
    (
        "claims",
        "cl-01",
        "record_id",
        "cnt-99",
        "claims.csv row 1 (cl-01), column record_id: 'cnt-99': no counts.count_id has this value",
    ),
    (
        "claims",
        "cl-13",
        "bears_on",
        "count",
        "claims.csv row 13 (cl-13), column record_id: 'ev-2012-03-27-trial-begins': no counts.count_id has this value",
    ),
    (
        "claims",
        "cl-28",
        "no_record_reason",
        "",
        "claims.csv row 28 (cl-28), column no_record_reason: required when no record_id links the claim to the submission",
    ),
    (
        "claims",
        "cl-03",
        "relation",
        "agree",
        "claims.csv row 3 (cl-03), column relation: 'agree': not in the vocabulary (agrees, consistent, narrower, differs, adds)",
    ),
    (
        "claims",
        "cl-03",
        "relation",
        "agrees",
        "claims.csv row 3 (cl-03), column relation: 'agrees': but counts cnt-01 states 12: the claim differs",
    ),
    (
        "claims",
        "cl-13",
        "relation",
        "differs",
        "claims.csv row 13 (cl-13), column relation: 'differs': but events ev-2012-03-27-trial-begins is dated 2012-03-27: the claim agrees",
    ),
    (
        "claims",
        "cl-13",
        "value_edtf",
        "27 March 2012",
        "claims.csv row 13 (cl-13), column value_edtf: '27 March 2012':",
    ),
    (
        "claims",
        "cl-05",
        "ext_source_id",
        "x-bbc",
        "claims.csv row 5 (cl-05), column ext_source_id: 'x-bbc': no external_sources.ext_source_id has this value; did you mean 'x-bbc-2012'?",
    ),
    (
        "external_sources",
        "x-bbc-2012",
        "url",
        "bbc.com/news/world-asia-18055249",
        "external_sources.csv row 21 (x-bbc-2012), column url: 'bbc.com/news/world-asia-18055249': not a well-formed http(s) address",
    ),
    (
        "external_sources",
        "x-cat-co3",
        "accessed_edtf",
        "2014-11-01",
        "external_sources.csv row 4 (x-cat-co3), column accessed_edtf: '2014-11-01': read before it was published (2014-12-12)",
    ),
    (
        "external_sources",
        "x-bbc-2012",
        "kind",
        "newspaper",
        "external_sources.csv row 21 (x-bbc-2012), column kind: 'newspaper': not in the vocabulary",
    ),
]


@pytest.mark.parametrize(
    "table, record, column, value, expected", BROKEN, ids=[f"{b[0]}-{b[2]}-{b[3] or 'empty'}" for b in BROKEN]
)
def test_a_broken_copy_names_file_row_column_and_value(data_copy, table, record, column, value, expected):
    edit_cell(data_copy, table, record, column, value)
    [problem] = problems_of(data_copy)
    assert problem.startswith(expected)


def test_a_record_needs_a_relation_and_no_reason(data_copy):
    edit_cell(data_copy, "claims", "cl-03", "relation", "")
    edit_cell(data_copy, "claims", "cl-03", "no_record_reason", "not in the submission")
    assert problems_of(data_copy) == [
        "claims.csv row 3 (cl-03), column no_record_reason: 'not in the submission': given although record_id links a record",
        "claims.csv row 3 (cl-03), column relation: required when record_id links a record (agrees, differs or adds)",
    ]


def test_a_number_needs_qualifier_and_unit(data_copy):
    edit_cell(data_copy, "claims", "cl-05", "qualifier", "")
    edit_cell(data_copy, "claims", "cl-05", "unit", "")
    assert problems_of(data_copy) == [
        "claims.csv row 5 (cl-05), column qualifier: required when number is given",
        "claims.csv row 5 (cl-05), column unit: required when number is given",
    ]


def test_url_with_a_space_and_a_repeated_url(data_copy):
    header, rows = read_rows(data_copy / "external_sources.csv")
    rows[1]["url"] = rows[0]["url"]
    rows[2]["url"] = "https://example.org/a page"
    write_rows(data_copy / "external_sources.csv", header, rows)
    found = problems_of(data_copy)
    assert (
        found[0]
        == f"external_sources.csv row 2 (x-cat-444-2010-facts), column url: '{rows[0]['url']}': the same address as row 1"
    )
    assert found[1].startswith(
        "external_sources.csv row 3 (x-cat-538-2013), column url: 'https://example.org/a page': not a well-formed"
    )


# --- the tables -----------------------------------------------------------------------


def test_facts_agree_differ_or_are_not_found(ds):
    facts = corroboration.facts_table(ds).set_index("record_id")
    assert facts.at["cnt-01", "status"] == "differs"
    assert facts.at["cnt-07", "status"] == "agrees"
    assert (
        facts.at["rf-2011-06-09-uzbekistan", "status"] == "consistent"
    )  # 28 and 29 both meet 'at least 28' (issue 22)
    assert facts.at["cnt-12", "status"] == "not found elsewhere"
    assert "Civic Solidarity Platform" in facts.at["cnt-01", "elsewhere"]
    assert set(facts["status"]) == set(corroboration.STATUSES)
    # every dated event of the submission's own advocacy is left out: not a fact others confirm
    assert "ev-2011-06-10-hrw-release-forced-returns" not in facts.index


def test_discrepancy_table_has_deaths_and_persons_returned_with_sources_and_urls(ds):
    d = corroboration.discrepancies(ds)
    deaths = d[d["record_id"] == "cnt-01"]
    assert deaths.iloc[0]["source"].startswith("Human Rights Watch") and deaths.iloc[0]["number"] == 12
    assert {15, 16, 17} <= set(deaths["number"].dropna().astype(int))
    # 28 and 29 returned both meet the submission's 'at least 28': consistent, no discrepancy (issue 22)
    assert "rf-2011-06-09-uzbekistan" not in set(d["record_id"])
    assert d["record_id"].nunique() == corroboration.agreement_counts(ds)["differs"]
    assert d["url"].str.match(r"https?://").all()
    assert (d["source"] != "").all()


def test_dates_of_different_precision_are_no_discrepancy(ds):
    # 'October 2008' and '2008' for the OPTIONAL Protocol share days: no discrepancy
    d = corroboration.discrepancies(ds)
    assert "ev-2008-10-opcat-ratified" not in set(d["record_id"])


def test_agreement_by_topic_counts_every_claim(ds):
    table = corroboration.agreement_by_topic(ds)
    assert int(table.to_numpy().sum()) == len(ds.claims)
    assert list(table.columns) == list(corroboration.SEGMENTS)


def test_plot_agreement_takes_ax_and_returns_it(ds):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = quality_plots.plot_agreement(corroboration.agreement_by_topic(ds), ax=ax)
    assert out is ax
    total = sum(patch.get_width() for patch in ax.patches)
    assert total == len(ds.claims)
    plt.close(fig)


def test_corroborated_acts_follow_agreeing_claims(ds):
    marks = corroboration.corroborated_acts(ds)
    tuletaeva = set(ds.acts.loc[ds.acts["person_id"] == "p09", "act_id"])
    assert tuletaeva and tuletaeva <= set(marks)
    assert all(ds.claims.set_index("claim_id").loc[c, "relation"] == "agrees" for ids in marks.values() for c in ids)


def test_redacted_dataset_keeps_claims_and_hides_names(ds):
    red = cat_kz.load_dataset(redact="all")
    facts = corroboration.facts_table(red)
    assert len(facts) == len(corroboration.facts_table(ds))
    assert "Tuletaeva" not in corroboration.discrepancies(red).to_string()


def test_no_claims_gives_empty_tables_and_an_empty_chart(data_copy):
    import matplotlib.pyplot as plt

    header = (data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    (data_copy / "claims.csv").write_text(header + "\n", encoding="utf-8")
    empty = cat_kz.load_dataset(data_copy)
    assert set(corroboration.facts_table(empty)["status"]) == {"not found elsewhere"}
    assert corroboration.discrepancies(empty).empty and not corroboration.corroborated_acts(empty)
    ax = quality_plots.plot_agreement(corroboration.agreement_by_topic(empty))
    assert [t.get_text() for t in ax.texts] == ["no claims"]
    plt.close(ax.figure)


def test_key_facts_mark_what_other_sources_say():
    from cat_kz.publish import keyfacts

    facts = keyfacts.key_facts()
    marks = keyfacts.corroboration_marks(cat_kz.load_dataset())
    killed = facts.figures.set_index("measure").loc["killed"]
    assert (
        killed["elsewhere"] == marks[("count", "cnt-01")] == "differs"
    )  # 12 in the submission, other figures elsewhere
    page = keyfacts.figures_html(facts)
    assert page.count('class="elsewhere"') == sum(v == "differs" for v in facts.figures["elsewhere"])
    assert "other sources give 11 to 17" in page

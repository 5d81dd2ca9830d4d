"""Corroboration: what other public sources say about the submission's facts.

``data/external_sources.csv`` lists documents by other publishers (UN treaty
bodies, NGOs, trial monitors, news agencies), cited by address and never
stored; ``data/claims.csv`` states one of their facts per row, in the coder's
words, tied to the submission's record it agrees with, differs from or adds to
(or with the reason why no record fits). This module lays them side by side:

- :func:`claims_table`: every claim with its source, address and the record it bears on;
- :func:`facts_table`: per fact of the submission, ``agrees`` / ``differs`` /
  ``not found elsewhere``, with the other sources' values beside it;
- :func:`discrepancies`: every figure or date where sources disagree, one row
  per value with its source and URL, the submission's own value first;
- :func:`plot_agreement`: claims by topic and relation (takes ``ax=``);
- :func:`corroborated_acts`: act ids with an agreeing claim about the same
  person or occasion (the explorer's "corroborated" mark).

"Not found elsewhere" means that no claim in ``claims.csv`` bears on the record,
not that no source anywhere states it.

>>> import cat_kz
>>> from cat_kz.analysis import corroboration
>>> ds = cat_kz.load_dataset()
>>> facts = corroboration.facts_table(ds)
>>> facts.set_index("record_id").at["cnt-01", "status"]
'differs'
>>> d = corroboration.discrepancies(ds)
>>> sorted(d.loc[d["record_id"] == "cnt-01", "number"].dropna().astype(int).unique().tolist())
[11, 12, 14, 15, 16, 17]
>>> agreement_counts(ds)["differs"] == d["record_id"].nunique()
True
"""

from __future__ import annotations

import calendar
import re

import pandas as pd

from cat_kz.analysis.agreement import claim_relations
from cat_kz.dataset.load import Dataset
from cat_kz.model.schema import CLAIM_TARGETS, EVENT_CATEGORIES, FINDING_TOPICS, RELATIONS, TABLES

#: Statuses of a fact of the submission, in display order.
STATUSES = ("agrees", "consistent", "differs", "not found elsewhere")
#: Claims' relations that bear on a fact's status (``adds`` states something else).
COMPARED = ("agrees", "consistent", "narrower", "differs")
#: The bar segments of the agreement chart: the relations, and claims with no record.
NO_RECORD = "not in the submission"
SEGMENTS = (*RELATIONS, NO_RECORD)
COLOURS = {
    "agrees": "#009E73",
    "consistent": "#8FD3B6",
    "narrower": "#F0E442",
    "differs": "#D55E00",
    "adds": "#56B4E9",
    NO_RECORD: "#999999",
}
#: Event categories whose records are facts others could confirm (the submission's own
#: releases, letters and media citations are not).
FACT_CATEGORIES = ("zhanaozen", "trial", "accountability", "refoulement", "un", "legislation", "repression", "context")


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else str(value)


def _number_text(number: object, qualifier: object, unit: object) -> str:
    if pd.isna(number):
        return ""
    prefix = "" if pd.isna(qualifier) or qualifier == "exact" else f"{qualifier} "
    return f"{prefix}{int(number)} {'' if pd.isna(unit) else unit}".strip()


def record_summary(dataset: Dataset, bears_on: str, record_id: str) -> dict[str, object]:
    """What the submission's record says, in its own fields: fact, value, page, topic.

    >>> import cat_kz
    >>> record_summary(cat_kz.load_dataset(), "count", "cnt-01")["value"]
    'killed: 12 (exact)'
    """
    table, _ = CLAIM_TARGETS[bears_on]
    frame = dataset[table]
    rows = frame[frame[TABLES[table].key] == record_id]
    if rows.empty:
        raise KeyError(f"no {table} record {record_id!r}")
    return _summary(table, rows.iloc[0], _event_categories(dataset))


def _event_categories(dataset: Dataset) -> dict[str, str]:
    return dict(zip(dataset.events["event_id"], dataset.events["category"].astype(str)))


def _summary(table: str, r, categories: dict[str, str]) -> dict[str, object]:
    """:func:`record_summary` of one record *r* (a row, as a Series or a dict) of *table*."""
    if table == "counts":
        fact, value = r["measure"], f"{r['measure']}: {r['value_text']} ({_text(r['qualifier']) or 'figure lost'})"
        topic = "not stated" if pd.isna(r["event_id"]) else categories[r["event_id"]]
    elif table == "events":
        fact, value, topic = r["title"], f"{r['date_text']} ({r['edtf']})", r["category"]
    elif table == "refoulement":
        fact = f"return to {r['destination']} of {r['persons']}"
        value = f"{_number_text(r['n_persons'], r['n_qualifier'], 'persons')}; {r['date_text']} ({r['edtf']})"
        topic = "refoulement"
    elif table == "people":
        fact, value, topic = r["name"], r["role"], "not stated"
    else:  # findings
        fact, value = r["finding"], f"found by {r['found_by']}"
        topic = f"Finding: {FINDING_TOPICS[r['topic']]}"
    return {
        "fact": str(fact),
        "value": str(value),
        "page": int(r["page"]),
        "topic": str(topic),
        "source_id": str(r["source_id"]),
    }


_FLAGS = {"?": "uncertain", "~": "approximate", "%": "approximate, uncertain"}


def published_in_words(edtf: object) -> str:
    """A publication date (EDTF) in words, its uncertainty spelled out, never a raw ``?``.

    >>> published_in_words("2011-12?"), published_in_words("2012-06-04"), published_in_words("2013?")
    ('December 2011 (uncertain)', '4 June 2012', '2013 (uncertain)')
    """
    if edtf is None or pd.isna(edtf) or str(edtf) == "":
        return ""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([?~%]?)", str(edtf))
    if not match:
        return str(edtf)
    year, month, day, flag = match.groups()
    words = year if month is None else f"{calendar.month_name[int(month)]} {year}"
    words = words if day is None else f"{int(day)} {words}"
    return f"{words} ({_FLAGS[flag]})" if flag else words


def claims_table(dataset: Dataset) -> pd.DataFrame:
    """Every claim with its source (publisher, title, kind, date, URL) and the record it bears on.

    >>> import cat_kz
    >>> t = claims_table(cat_kz.load_dataset())
    >>> t.set_index("claim_id").at["cl-31", "publisher"]
    'RFE/RL'
    """
    sources = dataset.external_sources.set_index("ext_source_id")
    claims = dataset.claims
    out = pd.DataFrame(
        {
            "claim_id": claims["claim_id"],
            "topic": claims["topic"].astype(str).map(EVENT_CATEGORIES),
            "bears_on": claims["bears_on"].astype(str),
            "record_id": claims["record_id"],
            "relation": claim_relations(dataset).fillna(NO_RECORD).to_numpy(),
            "attribute": claims["attribute"],
            "value": claims["value"],
            "number": claims["number"],
            "qualifier": claims["qualifier"].astype(object),
            "unit": claims["unit"].astype(object),
            "value_edtf": claims["value_edtf"],
            "publisher": claims["ext_source_id"].map(sources["publisher"]),
            "title": claims["ext_source_id"].map(sources["title"]),
            "kind": claims["ext_source_id"].map(sources["kind"].astype(str)),
            "published": claims["ext_source_id"].map(sources["edtf"]).map(published_in_words),
            "locator": claims["locator"],
            "url": claims["ext_source_id"].map(sources["url"]),
            "no_record_reason": claims["no_record_reason"],
            "notes": claims["notes"],
        }
    )
    return out.reset_index(drop=True)


def _facts(dataset: Dataset) -> pd.DataFrame:
    rows = []
    categories = _event_categories(dataset)
    for bears_on, table in (
        ("count", "counts"),
        ("refoulement case", "refoulement"),
        ("event", "events"),
        ("finding", "findings"),
    ):
        frame = dataset[table]
        if table == "events":
            frame = frame[frame["category"].isin(FACT_CATEGORIES)]
        key = TABLES[table].key
        for record in frame.to_dict("records"):  # each record's fields once (a row lookup per record took seconds)
            summary = _summary(table, record, categories)
            del summary["source_id"]
            rows.append({"bears_on": bears_on, "record_id": record[key], **summary})
    return pd.DataFrame(rows)


def facts_table(dataset: Dataset) -> pd.DataFrame:
    """Per fact of the submission (counts, returns, dated events, findings): its value and page,
    its status, and the values other sources give for it, each with its publisher.

    A fact ``differs`` when any claim differs from it (others may agree), ``consistent`` when
    none differs but some only fit its bound or range or count a part of it, ``agrees`` when
    every claim bearing on it agrees, and is ``not found elsewhere`` when no claim bears on it
    (claims that only add to a record leave it there too). Relations are computed
    (:mod:`cat_kz.analysis.agreement`).
    """
    facts = _facts(dataset)
    claims = claims_table(dataset)
    linked = claims[claims["relation"].isin(COMPARED)]
    by_fact: dict[
        tuple, list[tuple]
    ] = {}  # (bears_on, record_id) -> its claims' (value, publisher, relation), in order
    for bears_on, record_id, value, publisher, relation in zip(
        linked["bears_on"], linked["record_id"], linked["value"], linked["publisher"], linked["relation"]
    ):
        by_fact.setdefault((bears_on, record_id), []).append((value, publisher, relation))
    statuses, others, n_sources = [], [], []
    for key in zip(facts["bears_on"], facts["record_id"]):
        mine = by_fact.get(key, [])
        relations = {relation for _, _, relation in mine}
        statuses.append(_status(relations))
        others.append("; ".join(f"{value} ({publisher}, {relation})" for value, publisher, relation in mine))
        n_sources.append(len({publisher for _, publisher, _ in mine if not pd.isna(publisher)}))
    facts["status"] = pd.Categorical(statuses, categories=STATUSES)
    facts["elsewhere"] = others
    facts["publishers"] = n_sources
    facts["topic"] = facts["topic"].map(lambda t: EVENT_CATEGORIES.get(t, t))
    columns = ["status", "topic", "fact", "value", "page", "elsewhere", "publishers", "bears_on", "record_id"]
    return facts[columns].sort_values(["status", "page", "record_id"], kind="stable", ignore_index=True)


def _status(relations: set[str]) -> str:
    if "differs" in relations:
        return "differs"
    if relations - {"agrees"}:
        return "consistent"
    return "agrees" if relations else "not found elsewhere"


def agreement_counts(dataset: Dataset) -> dict[str, int]:
    """Facts of the submission per status (``STATUSES``): the one count of agreements and
    disagreements that the corroboration report, the key facts and the slides all show.

    >>> import cat_kz
    >>> counts = agreement_counts(cat_kz.load_dataset())
    >>> list(counts) == list(STATUSES), counts["differs"] >= 1
    (True, True)
    """
    statuses = facts_table(dataset)["status"].astype(str)
    return {status: int((statuses == status).sum()) for status in STATUSES}


def discrepancies(dataset: Dataset) -> pd.DataFrame:
    """Every figure or date on which sources disagree, one row per value with its source and URL.

    A group is the claims about one record and attribute (e.g. ``cnt-01`` ``figure``: the
    deaths). It is a discrepancy when any claim differs from the submission (then the fact's
    status in :func:`facts_table` is ``differs``: the facts here are the ones
    ``agreement_counts(dataset)["differs"]`` counts). The submission's own value comes first,
    with its page and address; then each other source's value, qualifier, locator and URL.
    """
    claims = claims_table(dataset)
    claims = claims[claims["record_id"].notna() & (claims["number"].notna() | claims["value_edtf"].notna())]
    sources = dataset.sources.set_index("source_id")
    rows = []
    for (bears_on, record_id, attribute), group in claims.groupby(["bears_on", "record_id", "attribute"], sort=False):
        if "differs" not in set(group["relation"]):
            continue
        summary = record_summary(dataset, bears_on, record_id)
        fact = f"{summary['fact']} ({attribute})"
        source = sources.loc[summary["source_id"]]
        compared = attribute in CLAIM_TARGETS[bears_on][1]
        rows.append(
            {
                "fact": fact,
                "source": f"{source['publisher']}, {published_in_words(source['published'])} (the submission)",
                "value": summary["value"] if compared else "not stated",
                "number": _record_number(dataset, bears_on, record_id, attribute),
                "relation": "",
                "where": f"p. {summary['page']}",
                "url": _text(source.get("url")),
                "record_id": record_id,
            }
        )
        for c in group.sort_values(["number", "value_edtf"], kind="stable").itertuples():
            published = f", {c.published}" if not pd.isna(c.published) else ""
            rows.append(
                {
                    "fact": fact,
                    "source": f"{c.publisher}{published}: {c.title}",
                    "value": c.value,
                    "number": c.number,
                    "relation": c.relation,
                    "where": _text(c.locator),
                    "url": c.url,
                    "record_id": record_id,
                }
            )
    out = pd.DataFrame(rows, columns=["fact", "source", "value", "number", "relation", "where", "url", "record_id"])
    out["number"] = out["number"].astype("Int64")
    return out


def _record_number(dataset: Dataset, bears_on: str, record_id: str, attribute: str) -> object:
    table, comparable = CLAIM_TARGETS[bears_on]
    column = comparable.get(attribute)
    if column is None or column.endswith("edtf"):
        return pd.NA
    frame = dataset[table]
    return frame.loc[frame[TABLES[table].key] == record_id, column].iloc[0]


def agreement_by_topic(dataset: Dataset) -> pd.DataFrame:
    """Claims per topic (rows, timeline order) and relation (columns, ``SEGMENTS``); unit: claims.

    >>> import cat_kz
    >>> t = agreement_by_topic(cat_kz.load_dataset())
    >>> list(t.columns) == list(SEGMENTS), int(t.loc["Refoulement"].sum()) > 0
    (True, True)
    """
    claims = claims_table(dataset)
    table = pd.crosstab(claims["topic"], claims["relation"]).reindex(columns=list(SEGMENTS), fill_value=0)
    order = [label for label in EVENT_CATEGORIES.values() if label in table.index]
    table = table.loc[order]
    table.index.name, table.columns.name = "topic", "relation"
    return table


def sources_table(dataset: Dataset) -> pd.DataFrame:
    """The external sources with the number of claims each supports, by publisher."""
    sources = dataset.external_sources
    counts = dataset.claims["ext_source_id"].value_counts()
    out = pd.DataFrame(
        {
            "publisher": sources["publisher"],
            "title": sources["title"],
            "kind": sources["kind"].astype(str),
            "published": sources["edtf"].map(published_in_words),
            "claims": sources["ext_source_id"].map(counts).fillna(0).astype(int),
            "url": sources["url"],
            "accessed": sources["accessed_edtf"],
            "ext_source_id": sources["ext_source_id"],
        }
    )
    return out.sort_values(["publisher", "ext_source_id"], ignore_index=True)


def corroborated_acts(dataset: Dataset) -> dict[str, list[str]]:
    """Act id -> claim ids that agree with a record about the same person or occasion.

    An act counts as corroborated when another source agrees with a record of the
    submission about its person or group (``bears_on`` person) or about the event of
    the act or of its allegation (``bears_on`` event). This is a mark for browsing: the
    claim may confirm the occasion without confirming each method.

    >>> import cat_kz
    >>> marks = corroborated_acts(cat_kz.load_dataset())
    >>> sorted(marks["act-001"])
    ['cl-57']
    """
    relations = claim_relations(dataset)
    claims = dataset.claims[dataset.claims["claim_id"].map(relations) == "agrees"]
    by_person = claims[claims["bears_on"] == "person"].groupby("record_id")["claim_id"].apply(list).to_dict()
    by_event = claims[claims["bears_on"] == "event"].groupby("record_id")["claim_id"].apply(list).to_dict()
    marks: dict[str, list[str]] = {}
    for act in dataset.acts.itertuples():
        found = list(by_person.get(act.person_id, []))
        for event in (act.event_id, act.allegation_event_id):
            if isinstance(event, str):
                found += by_event.get(event, [])
        if found:
            marks[act.act_id] = sorted(set(found))
    return marks

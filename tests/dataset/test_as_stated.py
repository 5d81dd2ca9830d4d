"""Columns documented "as stated" hold what the source states on the record's page, never an inference.

A value taken from elsewhere in the source is allowed only when the record's
notes say so ("Place from context: ...").

The audit behind issue 12 found a nationality inferred from a neighbouring
sentence; these tests make that pattern fail for every "as stated" column.
"""

from __future__ import annotations

import pandas as pd
import pytest

import cat_kz
from cat_kz.model.schema import TABLES
from cat_kz.model.sources import normalise_whitespace


def as_stated_columns():
    for table in TABLES.values():
        for column in table.columns:
            if column.kind == "text" and "as stated" in column.description.lower() and table.quoted:
                yield table.name, column.name


def test_the_schema_documents_as_stated_columns():
    assert {("acts", "perpetrator"), ("acts", "purpose"), ("refoulement", "nationality"), ("events", "place")} <= set(
        as_stated_columns()
    )


@pytest.mark.parametrize("table, column", list(as_stated_columns()))
def test_as_stated_values_stand_on_the_records_page(table, column):
    ds = cat_kz.load_dataset()
    source = ds.texts["hrw-2014"]
    frame = ds[table]
    key = TABLES[table].key
    unstated = []
    for _, row in frame.iterrows():
        value = row[column]
        if pd.isna(value) or value in ("not stated",):
            continue
        page = source.pages[int(row["page"]) - 1]
        text = normalise_whitespace(source.text[page.start : page.end]).lower()
        from_context = (
            f"{column.replace('_', ' ')} from context"
            in ("" if pd.isna(row.get("notes")) else str(row["notes"])).lower()
        )
        if normalise_whitespace(str(value)).lower() not in text and not from_context:
            unstated.append((row[key], value, int(row["page"])))
    assert unstated == [], f"{table}.{column}: values not stated on the record's page (code 'not stated' or quote them)"

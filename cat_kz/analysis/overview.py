"""What the dataset holds: records per table, dates by precision, sources.

>>> import cat_kz
>>> from cat_kz.analysis.overview import record_counts
>>> int(record_counts(cat_kz.load_dataset()).set_index("table").at["refoulement", "records"])
4
"""

from __future__ import annotations

import pandas as pd

from cat_kz.dataset.load import Dataset
from cat_kz.model.schema import FINDING_TOPICS, TABLE_ORDER, TABLES


def record_counts(dataset: Dataset) -> pd.DataFrame:
    """One row per table: records, whether each is tied to a quote, pages cited."""
    rows = []
    for name in TABLE_ORDER:
        frame = dataset[name]
        quoted = TABLES[name].quoted
        rows.append(
            {
                "table": name,
                "records": len(frame),
                "one record is": TABLES[name].description,
                "quoted": "every record" if quoted else "reference table",
                "pages cited": ", ".join(map(str, sorted(frame["page"].dropna().astype(int).unique())))
                if quoted
                else "",
            }
        )
    return pd.DataFrame(rows)


def date_precision_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """How precisely the source dates things: records per date precision, with an example."""
    rows = []
    for precision, group in frame.groupby("date_precision", observed=True, sort=True):
        example = group.iloc[0]
        rows.append(
            {
                "precision": str(precision),
                "records": len(group),
                "example phrase": example["date_text"],
                "edtf": example["edtf"],
                "date_start": example["date_start"],
                "date_end": example["date_end"],
            }
        )
    return pd.DataFrame(rows)


def findings_table(dataset: Dataset) -> pd.DataFrame:
    """The source's findings about law and practice, by topic: finding, whose, articles, page and quote.

    >>> import cat_kz
    >>> t = findings_table(cat_kz.load_dataset())
    >>> int(t.loc[t["finding_id"] == "fd-18", "page"].item())
    9
    """
    findings = dataset.findings
    table = pd.DataFrame(
        {
            "topic": findings["topic"].map(FINDING_TOPICS).astype("string"),
            "finding": findings["finding"],
            "found_by": findings["found_by"].astype("string"),
            "articles": findings["cat_articles"].map(lambda arts: ", ".join(map(str, arts))).astype("string"),
            "page": findings["page"],
            "quote": findings["quote"],
            "finding_id": findings["finding_id"],
        }
    )
    order = {label: i for i, label in enumerate(FINDING_TOPICS.values())}
    return table.sort_values(
        ["topic", "page", "finding_id"], key=lambda c: c.map(order) if c.name == "topic" else c, ignore_index=True
    )

"""Refoulement cases: who was sent back where, and what the Committee had asked.

Numbers of persons are *minimums as stated* ("at least 28 men"): a sum of
cases is a sum of minimums, and its qualifier is "at least" as soon as one
case's figure is.

>>> import cat_kz
>>> from cat_kz.analysis.refoulement import filter_cases, persons_by
>>> cases = filter_cases(cat_kz.load_refoulement(), destinations=["Uzbekistan"])
>>> persons_by(cases, "destination")[["destination", "n_persons", "qualifier", "cases"]].values.tolist()
[['Uzbekistan', 33, 'at least', 3]]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cat_kz.model.dates import overlaps
from cat_kz.model.schema import check_choice


def filter_cases(
    cases: pd.DataFrame,
    *,
    destinations: Sequence[str] = (),
    date_from: pd.Timestamp | str | None = None,
    date_to: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Cases to the given destinations ([] = all) whose return date span overlaps
    [date_from, date_to]; sorted by date. The input is not changed."""
    keep = overlaps(cases["date_start"], cases["date_end"], date_from, date_to)
    if destinations:
        keep &= cases["destination"].isin(list(destinations)).to_numpy(dtype=bool)
    return cases[keep].sort_values(["date_start", "case_id"], ignore_index=True)


def n_text(n: int, qualifier: str) -> str:
    """'at least 28', '4', 'about 10'.

    >>> n_text(28, "at least"), n_text(4, "exact")
    ('at least 28', '4')
    """
    prefix = {"exact": "", "at least": "at least ", "approximate": "about "}[qualifier]
    return f"{prefix}{n}"


def case_table(cases: pd.DataFrame) -> pd.DataFrame:
    """The case table a reader checks against the source, one row per case."""
    return pd.DataFrame(
        {
            "date": cases["date_text"],
            "persons": cases["persons"],
            "number": [n_text(n, q) for n, q in zip(cases["n_persons"], cases["n_qualifier"])],
            "nationality": cases["nationality"],
            "destination": cases["destination"],
            "mechanism": cases["mechanism"].astype("string"),
            "committee_action": cases["cat_action"].astype("string"),
            "committee_action_date": [
                action_date_text(t, d) for t, d in zip(cases["cat_action_date_text"], cases["cat_action_date_start"])
            ],
            "disregarded": cases["cat_action_disregarded"],
            "refugee_status": cases["refugee_status"].astype("string"),
            "charges": cases["charges"],
            "page": cases["page"],
            "case_id": cases["case_id"],
        }
    )


def action_date_text(text: object, start: object) -> object:
    """The Committee's date as the source words it, with its year when the words leave it out
    (the year comes from the record's EDTF, whose notes say it is from context).

    >>> action_date_text("February 28", pd.Timestamp("2013-02-28")), action_date_text("December 2010", pd.Timestamp("2010-12-01"))
    ('February 28, 2013', 'December 2010')
    """
    if text is None or pd.isna(text) or start is None or pd.isna(start) or str(start.year) in str(text):
        return text
    return f"{text}, {start.year}"


def _year(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _sum_qualifier(qualifiers: pd.Series) -> str:
    """The qualifier of a sum: approximate if any part is, else at least if any part is, else exact.

    >>> _sum_qualifier(pd.Series(["exact", "at least"])), _sum_qualifier(pd.Series(["at least", "approximate"]))
    ('at least', 'approximate')
    """
    values = set(qualifiers.astype(str))
    return "approximate" if "approximate" in values else "at least" if "at least" in values else "exact"


#: The qualifier of a year between returns that no record speaks to (no number is shown).
NONE_RECORDED = "none recorded"


def persons_by(cases: pd.DataFrame, by: str = "destination") -> pd.DataFrame:
    """Persons returned (minimum stated) and cases, by ``destination`` or ``year``."""
    check_choice("by", by, ("destination", "year"))
    keys = (
        cases["destination"]
        if by == "destination"
        else pd.Series([_year(s, e) for s, e in zip(cases["date_start"], cases["date_end"])], index=cases.index)
    )
    rows = []
    for key, group in cases.groupby(keys, sort=True):
        rows.append(
            {
                by: key,
                "n_persons": int(group["n_persons"].sum()),
                "qualifier": _sum_qualifier(group["n_qualifier"]),
                "cases": len(group),
                "pages": sorted(int(p) for p in group["page"].unique()),
            }
        )
    table = pd.DataFrame(rows, columns=[by, "n_persons", "qualifier", "cases", "pages"])
    if by == "year" and len(table):
        # a year with no return is kept, so a gap does not read as continuity, but marked "none
        # recorded" with no number: the source never states a zero for it
        years = [int(y) for key in table["year"] for y in key.split("–")]
        present = set(table["year"])
        table["n_persons"] = table["n_persons"].astype("Int64")
        missing = [
            {"year": str(y), "n_persons": pd.NA, "qualifier": NONE_RECORDED, "cases": 0, "pages": []}
            for y in range(min(years), max(years) + 1)
            if str(y) not in present and not any(str(y) in key.split("–") for key in present)
        ]
        gaps = pd.DataFrame(missing, columns=table.columns).astype({"n_persons": "Int64"})
        table = pd.concat([table, gaps]).sort_values("year", ignore_index=True) if missing else table
    return table

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
            "committee_action_date": cases["cat_action_date_text"],
            "disregarded": cases["cat_action_disregarded"],
            "refugee_status": cases["refugee_status"].astype("string"),
            "charges": cases["charges"],
            "page": cases["page"],
            "case_id": cases["case_id"],
        }
    )


def _year(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _sum_qualifier(qualifiers: pd.Series) -> str:
    """The qualifier of a sum: approximate if any part is, else at least if any part is, else exact.

    >>> _sum_qualifier(pd.Series(["exact", "at least"])), _sum_qualifier(pd.Series(["at least", "approximate"]))
    ('at least', 'approximate')
    """
    values = set(qualifiers.astype(str))
    return "approximate" if "approximate" in values else "at least" if "at least" in values else "exact"


def persons_by(cases: pd.DataFrame, by: str = "destination") -> pd.DataFrame:
    """Persons returned (minimum stated) and cases, by ``destination`` or ``year``."""
    check_choice("by", by, ("destination", "year"))
    keys = cases["destination"] if by == "destination" else pd.Series(
        [_year(s, e) for s, e in zip(cases["date_start"], cases["date_end"])], index=cases.index
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
        # a year with no return is shown as 0, not left out: a gap must not read as continuity
        years = [int(y) for key in table["year"] for y in key.split("–")]
        present = set(table["year"])
        missing = [
            {"year": str(y), "n_persons": 0, "qualifier": "exact", "cases": 0, "pages": []}
            for y in range(min(years), max(years) + 1)
            if str(y) not in present and not any(str(y) in key.split("–") for key in present)
        ]
        table = pd.concat([table, pd.DataFrame(missing, columns=table.columns)]).sort_values("year", ignore_index=True)
    return table











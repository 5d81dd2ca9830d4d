"""Refoulement cases: who was sent back where, and what the Committee had asked.

Numbers of persons are *minimums as stated* ("at least 28 men"): a sum of
cases is a sum of minimums, and its qualifier is "at least" as soon as one
case's figure is.

>>> import cat_kz
>>> from cat_kz.refoulement import filter_cases, persons_by
>>> cases = filter_cases(cat_kz.load_refoulement(), destinations=["Uzbekistan"])
>>> persons_by(cases, "destination")[["destination", "n_persons", "qualifier", "cases"]].values.tolist()
[['Uzbekistan', 33, 'at least', 3]]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .dates import overlaps
from .plotting import A4_LANDSCAPE, PALETTE, add_source_line
from .schema import check_choice


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


def plot_persons_by(table: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bars of ``persons_by`` output, each labelled with its stated minimum."""
    by = table.columns[0]
    if ax is None:
        fig, ax = plt.subplots(figsize=(A4_LANDSCAPE[0] / 2, 4), layout="constrained")
        add_source_line(fig, [p for pages in table["pages"] for p in pages])
        fig.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    x = np.arange(len(table))
    ax.bar(x, table["n_persons"], color=PALETTE[0])
    for position, n, qualifier in zip(x, table["n_persons"], table["qualifier"]):
        ax.text(position, n, n_text(n, qualifier), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, table[by].astype(str))
    ax.set_ylabel("Persons returned (minimum stated)")
    ax.set_xlabel(by.capitalize())
    ax.set_ylim(0, max(1, table["n_persons"].max()) * 1.15)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"Persons returned, by {by}")
    return ax


def _span(ax: Axes, y: float, start, end, colour: str, hatch: str | None = None) -> None:
    """A point for a day, a bar with end caps for a longer span."""
    if start == end:
        ax.plot([start], [y], marker="o", color=colour, markersize=8, zorder=3)
    else:
        width = (end - start) + pd.Timedelta(days=1)
        ax.barh(y, width, left=start, height=0.28, color=colour, alpha=0.55, hatch=hatch, edgecolor=colour, zorder=2)


def _gap(case) -> str:
    """Days from the Committee's action to the return, as the date bounds allow."""
    shortest = (case.date_start - case.cat_action_date_end).days
    longest = (case.date_end - case.cat_action_date_start).days
    return f"{shortest} days" if shortest == longest else f"{shortest}–{longest} days"


def case_label(case) -> str:
    """'Uzbekistan, late 2010: 4 persons' (no names: the case table has them)."""
    date = re.sub(r"^(on|in)\s+", "", case.date_text, flags=re.IGNORECASE)
    n = n_text(case.n_persons, case.n_qualifier)
    noun = "person" if n == "1" else "persons"
    return f"{case.destination}, {date}: {n} {noun}"


def plot_returns(cases: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Each case on its own row: the Committee's action, the return, and the gap between.

    Imprecise dates ("late 2010", "December 2010") are drawn as spans, never as points.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(A4_LANDSCAPE[0], 0.9 * len(cases) + 2.6), layout="constrained")
        add_source_line(fig, cases["page"], note="Each row is one case; numbers of persons are the minimums stated")
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    if cases.empty:
        ax.text(0.5, 0.5, "No cases match the filters", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    return_colour, action_colour = PALETTE[1], PALETTE[0]
    rows = cases.iloc[::-1].reset_index(drop=True)
    starts = pd.concat([cases["date_start"], cases["cat_action_date_start"]]).dropna()
    ends = pd.concat([cases["date_end"], cases["cat_action_date_end"]]).dropna()
    left = starts.min() - pd.Timedelta(days=120)
    right = max(ends.max() + pd.Timedelta(days=120), starts.min() + pd.Timedelta(days=4 * 365))
    middle = left + (right - left) / 2
    for y, case in rows.iterrows():
        _span(ax, y, case.date_start, case.date_end, return_colour)
        if not pd.isna(case.cat_action_date_start):
            _span(ax, y, case.cat_action_date_start, case.cat_action_date_end, action_colour)
            ax.annotate(
                "", xy=(case.date_start, y), xytext=(case.cat_action_date_end, y),
                arrowprops={"arrowstyle": "->", "color": "#555555", "linestyle": "--"},
            )
            verdict = "disregarded" if bool(case.cat_action_disregarded) else "heeded"
            note = f"Committee {case.cat_action} ({case.cat_action_date_text}) {verdict}: returned {_gap(case)} later"
            # notes that start in the right half end at the return instead, so they stay inside the axes
            if case.cat_action_date_start < middle:
                ax.text(case.cat_action_date_start, y + 0.22, note, fontsize=8, va="bottom", ha="left")
            else:
                ax.text(case.date_end, y + 0.22, note, fontsize=8, va="bottom", ha="right")
    ax.set_yticks(range(len(rows)), [case_label(case) for case in rows.itertuples()])
    ax.set_xlim(left, right)
    ax.set_ylim(-0.6, len(rows) - 0.1)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("Date (a bar is a span: the source gives only a month or part of a year)")
    ax.grid(axis="x", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(
        handles=[
            Line2D([], [], marker="o", color=return_colour, linestyle="", label="return (day)"),
            Patch(color=return_colour, alpha=0.55, label="return (span)"),
            Line2D([], [], marker="o", color=action_colour, linestyle="", label="Committee action (day)"),
            Patch(color=action_colour, alpha=0.55, label="Committee action (span)"),
            Line2D([], [], color="#555555", linestyle="--", label="action → return"),
        ],
        loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=5, frameon=False, fontsize=8,
    )
    ax.set_title(title or "Returns of asylum seekers and refugees against the Committee against Torture's actions")
    return ax

"""Draw the returns of :mod:`cat_kz.analysis.refoulement`: each case against the Committee's actions, persons by destination or year.

Both take ``ax=`` and return the axes they drew on; a new figure gets the source line.
"""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from cat_kz.analysis.refoulement import action_date_text, n_text
from cat_kz.show.plotting import A4_LANDSCAPE, PALETTE, add_source_line


def plot_persons_by(table: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bars of ``persons_by`` output, each labelled with its stated minimum."""
    by = table.columns[0]
    if ax is None:
        fig, ax = plt.subplots(figsize=(A4_LANDSCAPE[0] / 2, 4), layout="constrained")
        add_source_line(fig, [p for pages in table["pages"] for p in pages])
        fig.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    x = np.arange(len(table))
    ax.bar(x, table["n_persons"].fillna(0), color=PALETTE[0])
    for position, n, qualifier in zip(x, table["n_persons"], table["qualifier"]):
        label, n = (str(qualifier), 0) if pd.isna(n) else (n_text(n, qualifier), n)  # "none recorded": no zero stated
        ax.text(position, n, label, ha="center", va="bottom", fontsize=9)
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


def _returns_legend(ax: Axes, return_colour: str, action_colour: str) -> None:
    """The key under the returns chart: day marks and spans of returns and of the Committee's actions."""
    ax.legend(
        handles=[
            Line2D([], [], marker="o", color=return_colour, linestyle="", label="return (day)"),
            Patch(color=return_colour, alpha=0.55, label="return (span)"),
            Line2D([], [], marker="o", color=action_colour, linestyle="", label="Committee action (day)"),
            Patch(color=action_colour, alpha=0.55, label="Committee action (span)"),
            Line2D([], [], color="#555555", linestyle="--", label="action → return"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=5,
        frameon=False,
        fontsize=8,
    )


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
                "",
                xy=(case.date_start, y),
                xytext=(case.cat_action_date_end, y),
                arrowprops={"arrowstyle": "->", "color": "#555555", "linestyle": "--"},
            )
            verdict = "disregarded" if bool(case.cat_action_disregarded) else "heeded"
            when = action_date_text(case.cat_action_date_text, case.cat_action_date_start)
            note = f"Committee {case.cat_action} ({when}) {verdict}: returned {_gap(case)} later"
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
    _returns_legend(ax, return_colour, action_colour)
    ax.set_title(title or "Returns of asylum seekers and refugees against the Committee against Torture's actions")
    return ax

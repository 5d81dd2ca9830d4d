"""Figures drawn for a 16:9 slide shown at 1280x720: few lanes, large type.

The report's figures are drawn for an A4 page; shrunk onto a slide their text
falls to 7-8 px. These are drawn at the size they are shown: a figure of
``width_px`` x ``height_px`` CSS pixels is ``width_px / 96`` inches wide, so a
point of type is 96/72 CSS pixels when the slide is 1280 px wide, and no text
is set below :data:`MIN_FONT_PT` (18.7 px). :func:`min_font_pt` measures the
smallest text a figure holds, so the deck can record it and a test can check it.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import cat_kz
>>> from cat_kz.analysis.tallies import tally_methods
>>> fig = tally_figure(tally_methods(cat_kz.load_acts()))
>>> min_font_pt(fig) >= MIN_FONT_PT, [round(v) for v in fig.get_size_inches() * CSS_DPI]
(True, [1180, 440])
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from cat_kz.analysis.refoulement import n_text
from cat_kz.analysis.tallies import UNIT_AXIS_LABEL
from cat_kz.show.plotting import PALETTE

#: CSS pixels per inch: a figure ``w`` inches wide shows ``w * 96`` px wide at 100 %.
CSS_DPI = 96
#: The smallest type in a slide figure, in points (14 pt = 18.7 CSS px at 1280x720).
MIN_FONT_PT = 14.0
#: The figure area of a slide at 1280x720, in CSS pixels.
FIGURE_PX = (1180, 440)

#: The slide timeline's lanes: event categories gathered into four; others are left to the report.
LANES = (
    ("Zhanaozen and custody", ("zhanaozen", "repression")),
    ("Trial and accountability", ("trial", "accountability")),
    ("Returns", ("refoulement",)),
    ("UN and law", ("un", "legislation")),
)
_GREY = "#555555"


def _figure(size_px: tuple[int, int] = FIGURE_PX) -> Figure:
    fig = Figure(figsize=(size_px[0] / CSS_DPI, size_px[1] / CSS_DPI), layout="constrained")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72)
    return fig


def min_font_pt(fig: Figure) -> float:
    """The smallest font size, in points, of any visible text ``fig`` draws (tick labels included)."""
    fig.draw_without_rendering()  # tick labels exist only once the figure is laid out
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return float(min(sizes)) if sizes else MIN_FONT_PT


def lane_of(category: str) -> int | None:
    """The slide lane of an event category (None: not drawn on the slide).

    >>> lane_of("trial"), lane_of("advocacy")
    (1, None)
    """
    return next((i for i, (_, categories) in enumerate(LANES) if category in categories), None)


def timeline_figure(events: pd.DataFrame, labels: dict[str, str] | None = None) -> Figure:
    """Events in four lanes on a year axis; a dot for a day, a bar for an imprecise date.

    ``labels`` maps an ``event_id`` to the few words written beside its mark
    (the stated figures: "12 killed"); labels alternate above and below the lane.
    """
    labels = labels or {}
    fig = _figure((FIGURE_PX[0], FIGURE_PX[1] + 50))
    ax = fig.add_subplot()
    shown = events[[lane_of(c) is not None for c in events["category"]]].sort_values("date_start")
    side = {}
    for row in shown.itertuples(index=False):
        lane = len(LANES) - 1 - lane_of(row.category)
        colour = PALETTE[lane_of(row.category)]
        start, end = pd.Timestamp(row.date_start), pd.Timestamp(row.date_end)
        if start == end:
            ax.plot([start], [lane], marker="o", markersize=11, color=colour, zorder=3)
        else:
            ax.barh(
                lane, end - start + pd.Timedelta(days=1), left=start, height=0.22, color=colour, alpha=0.5, zorder=2
            )
        if row.event_id in labels:
            up = side.get(lane, True)
            side[lane] = not up
            ax.annotate(
                labels[row.event_id],
                (start + (end - start) / 2, lane),
                xytext=(0, 11 if up else -11),
                textcoords="offset points",
                ha="center",
                va="bottom" if up else "top",
                fontsize=MIN_FONT_PT + 1,
                fontweight="bold",
                color="#222222",
                zorder=4,
            )
    ax.set_yticks(range(len(LANES)), [name for name, _ in reversed(LANES)], fontsize=MIN_FONT_PT + 2)
    ax.set_ylim(-0.7, len(LANES) - 0.3)
    for lane in range(0, len(LANES), 2):
        ax.axhspan(lane - 0.5, lane + 0.5, color="#F2F2F2", zorder=0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=MIN_FONT_PT + 1, length=0)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.legend(
        handles=[
            Line2D([], [], marker="o", markersize=11, color=_GREY, linestyle="", label="a day"),
            Patch(color=_GREY, alpha=0.5, label="a month or more: the source gives no day"),
        ],
        loc="upper left",
        bbox_to_anchor=(0, -0.1),
        ncol=2,
        frameon=False,
        fontsize=MIN_FONT_PT,
    )
    return fig


def tally_figure(tally: pd.DataFrame) -> Figure:
    """Bars of ``tally_methods`` output, largest on top, the count written at the end of each bar."""
    fig = _figure()
    ax = fig.add_subplot()
    rows = tally.iloc[::-1]
    y = np.arange(len(rows))
    ax.barh(y, rows["n"], color=PALETTE[0], height=0.7)
    for position, total in zip(y, rows["n"]):
        ax.text(total + 0.1, position, str(total), va="center", fontsize=MIN_FONT_PT + 2, fontweight="bold")
    ax.set_yticks(y, rows["label"], fontsize=MIN_FONT_PT + 1)
    ax.set_xlabel(UNIT_AXIS_LABEL[tally["unit"].iloc[0]], fontsize=MIN_FONT_PT + 1)
    ax.set_xlim(0, rows["n"].max() * 1.1 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=MIN_FONT_PT, length=0)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def returns_figure(cases: pd.DataFrame) -> Figure:
    """One row per return: the Committee's request (if any) and the return, on a year axis."""
    fig = _figure()
    ax = fig.add_subplot()
    rows = cases.sort_values("date_start", ascending=False).reset_index(drop=True)
    back, action = PALETTE[1], PALETTE[0]
    for y, case in rows.iterrows():
        _mark(ax, y, case["date_start"], case["date_end"], back)
        if not pd.isna(case["cat_action_date_start"]):
            _mark(ax, y, case["cat_action_date_start"], case["cat_action_date_end"], action)
            ax.annotate(
                "",
                xy=(case["date_start"], y),
                xytext=(case["cat_action_date_end"], y),
                arrowprops={"arrowstyle": "->", "color": _GREY, "linestyle": "--", "lw": 1.5},
            )
    names = [f"{n_text(c.n_persons, c.n_qualifier)} to {c.destination}" for c in rows.itertuples()]
    ax.set_yticks(range(len(rows)), names, fontsize=MIN_FONT_PT + 1)
    starts = pd.concat([cases["date_start"], cases["cat_action_date_start"]]).dropna()
    ends = pd.concat([cases["date_end"], cases["cat_action_date_end"]]).dropna()
    ax.set_xlim(starts.min() - pd.Timedelta(days=90), ends.max() + pd.Timedelta(days=90))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=MIN_FONT_PT + 1, length=0)
    ax.grid(axis="x", color="#E5E5E5")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.legend(
        handles=[Patch(color=back, label="return"), Patch(color=action, label="the Committee's request not to return")],
        loc="upper left",
        bbox_to_anchor=(0, -0.12),
        ncol=2,
        frameon=False,
        fontsize=MIN_FONT_PT,
    )
    return fig


def _mark(ax, y: float, start, end, colour: str) -> None:
    """A dot for a day, a bar for a longer span (an imprecise date is never a point)."""
    if start == end:
        ax.plot([start], [y], marker="o", markersize=13, color=colour, zorder=3)
    else:
        ax.barh(y, end - start + pd.Timedelta(days=1), left=start, height=0.3, color=colour, alpha=0.6, zorder=2)

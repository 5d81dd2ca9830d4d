"""Figures drawn for a 16:9 slide shown at 1280x720: few lanes, large type.

The report's figures are drawn for an A4 page; shrunk onto a slide their text
falls to 7-8 px. These are drawn at the size they are shown: a figure of
``width_px`` x ``height_px`` CSS pixels is ``width_px / 96`` inches wide, so a
point of type is 96/72 CSS pixels when the slide is 1280 px wide, and no text
is set below :data:`MIN_FONT_PT` (18.7 px). :func:`min_font_pt` measures the
smallest text a figure holds, so the deck can record it and a test can check it.

On a phone held upright the slide is about 360 px wide: a figure drawn for 1180 px
would show its type at 6 px. Each figure therefore has a narrow variant
(``narrow=True``), drawn at :data:`NARROW_PX` wide with no text under
:data:`NARROW_MIN_FONT_PT` (16 px): row and lane names stand above their marks
instead of beside them, and long labels break into lines.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import cat_kz
>>> from cat_kz.analysis.tallies import tally_methods
>>> fig = tally_figure(tally_methods(cat_kz.load_acts()))
>>> min_font_pt(fig) >= MIN_FONT_PT, [round(v) for v in fig.get_size_inches() * CSS_DPI]
(True, [1180, 440])
>>> narrow = tally_figure(tally_methods(cat_kz.load_acts()), narrow=True)
>>> min_font_pt(narrow) * CSS_DPI / 72 >= 16, round(narrow.get_size_inches()[0] * CSS_DPI)
(True, 358)
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from cat_kz.analysis.refoulement import n_text
from cat_kz.analysis.tallies import UNIT_AXIS_LABEL
from cat_kz.model.language import place_text, tr, trn
from cat_kz.show.plotting import PALETTE

#: CSS pixels per inch: a figure ``w`` inches wide shows ``w * 96`` px wide at 100 %.
CSS_DPI = 96
#: The smallest type in a slide figure, in points (14 pt = 18.7 CSS px at 1280x720).
MIN_FONT_PT = 14.0
#: The figure area of a slide at 1280x720, in CSS pixels.
FIGURE_PX = (1180, 440)
#: The width of a narrow figure: a 390 px phone less the slide's 16 px padding on each side.
NARROW_PX = 358
#: The smallest type in a narrow figure, in points (12 pt = 16 CSS px when shown at its width).
NARROW_MIN_FONT_PT = 12.0

#: The slide timeline's lanes: event categories gathered into four; others are left to the report.
LANES = (
    ("Zhanaozen and custody", ("zhanaozen", "repression")),
    ("Trial and accountability", ("trial", "accountability")),
    ("Returns", ("refoulement",)),
    ("UN and law", ("un", "legislation")),
)
_GREY = "#555555"


def lane_name(lane: int, lang: str = "en") -> str:
    """The name of slide lane ``lane`` (an index of :data:`LANES`) in ``lang``.

    >>> lane_name(2), lane_name(2, "ru")
    ('Returns', 'Возвращения')
    """
    names = (
        lambda: tr("Zhanaozen and custody", lang),
        lambda: tr("Trial and accountability", lang),
        lambda: tr("Returns", lang),
        lambda: tr("UN and law", lang),
    )
    return names[lane]()


def _unit_label(unit: str, lang: str) -> str:
    """A tally's axis label in ``lang``."""
    if lang == "en":
        return UNIT_AXIS_LABEL[unit]
    return {
        "persons": lambda: tr("Persons or groups alleging (each counted once)", lang),
        "acts": lambda: tr("Alleged acts (records)", lang),
    }[unit]()


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


def timeline_figure(
    events: pd.DataFrame, labels: dict[str, str] | None = None, *, narrow: bool = False, lang: str = "en"
) -> Figure:
    """Events in four lanes on a year axis; a dot for a day, a bar for an imprecise date.

    ``labels`` maps an ``event_id`` to the few words written beside its mark
    (the stated figures: "12 killed"); labels alternate above and below the lane.
    ``narrow``: drawn for a phone (:data:`NARROW_PX` wide), lane names above the lanes,
    each figure of a label on its own line.
    """
    labels = labels or {}
    if narrow:
        labels = {event: label.replace(", ", "\n") for event, label in labels.items()}
    size = NARROW_MIN_FONT_PT if narrow else MIN_FONT_PT
    fig = _figure((NARROW_PX, 560) if narrow else (FIGURE_PX[0], FIGURE_PX[1] + 50))
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
                fontsize=size + 1,
                fontweight="bold",
                color="#222222",
                zorder=4,
            )
    _lanes_axis(ax, size, narrow, lang)
    vague = tr("a month or more: the source gives no day", lang)
    ax.legend(
        handles=[
            Line2D([], [], marker="o", markersize=11, color=_GREY, linestyle="", label=tr("a day", lang)),
            Patch(color=_GREY, alpha=0.5, label=vague.replace(": ", ":\n") if narrow else vague),
        ],
        loc="upper left",
        bbox_to_anchor=(0, -0.06 if narrow else -0.1),
        ncol=1 if narrow else 2,
        frameon=False,
        fontsize=size,
    )
    return fig


def _lanes_axis(ax, size: float, narrow: bool, lang: str = "en") -> None:
    """The lanes' names (beside the lanes, or above them when narrow), shading and the year axis."""
    names = [lane_name(i, lang) for i in reversed(range(len(LANES)))]
    if narrow:  # no room beside the lanes on a phone: each name stands at the top of its band
        ax.set_yticks([])
        for lane, name in enumerate(names):
            ax.text(0.01, lane + 0.47, name, transform=ax.get_yaxis_transform(), va="top", fontsize=size, color=_GREY)
        ax.set_ylim(-0.5, len(LANES) - 0.5)
    else:
        ax.set_yticks(range(len(LANES)), names, fontsize=size + 2)
        ax.set_ylim(-0.7, len(LANES) - 0.3)
    for lane in range(0, len(LANES), 2):
        ax.axhspan(lane - 0.5, lane + 0.5, color="#F2F2F2", zorder=0)
    # on a phone a label every other year: eight years of four digits would touch
    ax.xaxis.set_major_locator(mdates.YearLocator(2 if narrow else 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=size + 1, length=0)
    ax.spines[["top", "right", "left"]].set_visible(False)


def _names_above(ax, y, names, size: float) -> None:
    """Row names written above their rows, from the left edge (a narrow figure has no room beside them)."""
    ax.set_yticks([])
    for position, name in zip(y, names):
        ax.text(0.0, position + 0.28, name, transform=ax.get_yaxis_transform(), va="bottom", fontsize=size)


def tally_figure(tally: pd.DataFrame, *, narrow: bool = False, lang: str = "en") -> Figure:
    """Bars of ``tally_methods`` output, largest on top, the count written at the end of each bar.

    ``narrow``: drawn for a phone, each method's name above its bar. The labels are the tally's
    (translated by the caller); the axis label is in ``lang``."""
    if narrow:
        return _tally_narrow(tally, lang)
    fig = _figure()
    ax = fig.add_subplot()
    rows = tally.iloc[::-1]
    y = np.arange(len(rows))
    ax.barh(y, rows["n"], color=PALETTE[0], height=0.7)
    for position, total in zip(y, rows["n"]):
        ax.text(total + 0.1, position, str(total), va="center", fontsize=MIN_FONT_PT + 2, fontweight="bold")
    ax.set_yticks(y, rows["label"], fontsize=MIN_FONT_PT + 1)
    ax.set_xlabel(_unit_label(tally["unit"].iloc[0], lang), fontsize=MIN_FONT_PT + 1)
    ax.set_xlim(0, rows["n"].max() * 1.1 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=MIN_FONT_PT, length=0)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _tally_narrow(tally: pd.DataFrame, lang: str = "en") -> Figure:
    size = NARROW_MIN_FONT_PT
    fig = _figure((NARROW_PX, 90 + 56 * len(tally)))
    ax = fig.add_subplot()
    rows = tally.iloc[::-1]
    y = np.arange(len(rows))
    ax.barh(y, rows["n"], color=PALETTE[0], height=0.4)
    for position, total in zip(y, rows["n"]):
        ax.text(total + 0.1, position, str(total), va="center", fontsize=size + 2, fontweight="bold")
    _names_above(ax, y, rows["label"], size)
    ax.set_ylim(-0.4, len(rows) - 0.1)
    ax.set_xlim(0, rows["n"].max() * 1.15 + 0.5)
    ax.set_xticks([])  # the count stands at the end of each bar
    ax.set_xlabel(textwrap.fill(_unit_label(tally["unit"].iloc[0], lang), 34), fontsize=size)
    ax.spines[["top", "right", "left"]].set_visible(False)
    return fig


def returns_figure(cases: pd.DataFrame, *, narrow: bool = False, lang: str = "en") -> Figure:
    """One row per return: the Committee's request (if any) and the return, on a year axis.

    ``narrow``: drawn for a phone, each return's words above its row, the legend in one column."""
    size = NARROW_MIN_FONT_PT if narrow else MIN_FONT_PT
    fig = _figure((NARROW_PX, 150 + 70 * len(cases)) if narrow else FIGURE_PX)
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
    names = [_return_name(c, lang) for c in rows.itertuples()]
    if narrow:
        _names_above(ax, range(len(rows)), names, size)
    else:
        ax.set_yticks(range(len(rows)), names, fontsize=size + 1)
    starts = pd.concat([cases["date_start"], cases["cat_action_date_start"]]).dropna()
    ends = pd.concat([cases["date_end"], cases["cat_action_date_end"]]).dropna()
    ax.set_xlim(starts.min() - pd.Timedelta(days=90), ends.max() + pd.Timedelta(days=90))
    ax.set_ylim(-0.6, len(rows) - (0.1 if narrow else 0.4))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=size + 1, length=0)
    ax.grid(axis="x", color="#E5E5E5")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.legend(
        handles=[
            Patch(color=back, label=tr("return", lang)),
            Patch(color=action, label=_request_label(narrow, lang)),
        ],
        loc="upper left",
        bbox_to_anchor=(0, -0.08 if narrow else -0.12),
        ncol=1 if narrow else 2,
        frameon=False,
        fontsize=size,
    )
    return fig


def _return_name(case, lang: str) -> str:
    """A return's row name: "at least 28 to Uzbekistan" ("не менее 28 человек → Узбекистан")."""
    if lang == "en":
        return f"{n_text(case.n_persons, case.n_qualifier)} to {case.destination}"
    n = int(case.n_persons)
    if case.n_qualifier == "at least":
        persons = trn("at least {n} person", "at least {n} people", n, lang)
    else:
        persons = trn("{n} person", "{n} persons", n, lang)
    return f"{persons} \u2192 {place_text(str(case.destination), lang)}"


def _request_label(narrow: bool, lang: str) -> str:
    """The legend's words for the Committee's request (on two lines when narrow)."""
    if lang == "en":
        return "the Committee's request" + ("\n" if narrow else " ") + "not to return"
    words = tr("the Committee's request not to return", lang)
    return textwrap.fill(words, 26) if narrow else words


def _mark(ax, y: float, start, end, colour: str) -> None:
    """A dot for a day, a bar for a longer span (an imprecise date is never a point)."""
    if start == end:
        ax.plot([start], [y], marker="o", markersize=13, color=colour, zorder=3)
    else:
        ax.barh(y, end - start + pd.Timedelta(days=1), left=start, height=0.3, color=colour, alpha=0.6, zorder=2)

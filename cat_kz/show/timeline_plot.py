"""Draw the timeline: one lane per category, imprecise dates as spans, dense periods enlarged.

A day-precise event is a dot; an imprecise one (month, season, part of year,
year, range) is a bar from the first to the last day it can mean, with end
caps, so it is never drawn as a false point; an approximate date ("~") is a
dashed bar. Each mark carries its number from
:func:`cat_kz.analysis.timeline.filter_events`, the key between chart and table.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import cat_kz
>>> from cat_kz.analysis.timeline import filter_events
>>> events = filter_events(cat_kz.load_events(), date_from="2012-01-01", date_to="2012-12-31")
>>> fig = plot_timeline(events)
>>> [ax.get_label() for ax in fig.axes]
['timeline-main', 'timeline-zoom-B']
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerLine2D
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import blended_transform_factory, offset_copy

from cat_kz.analysis.timeline import UNIT_STATEMENT, _numbered
from cat_kz.model.schema import EVENT_CATEGORIES
from cat_kz.show.plotting import A4_LANDSCAPE, PALETTE, add_source_line
from cat_kz.show.timeline_layout import (
    CAP_SIZE,
    LANE_NAME_SIZE,
    MARKER_SIZE,
    ZOOM_WINDOWS,
    Event,
    Measure,
    Page,
    Panel,
    fit,
    lane_name,
    lane_name_sizes,
    main_xlim,
    pack,
    page_bands,
    page_layout,
    to_events,
    zoom_windows,
)

__all__ = ["EMPTY_MESSAGE", "LABEL_GID", "LANE_GID", "MARKER_GID", "SPAN_GID", "ZOOM_WINDOWS", "plot_timeline"]

#: ``gid`` of the artists :func:`plot_timeline` draws, so tests and callers can find them.
LABEL_GID = "timeline-label"


MARKER_GID = "timeline-marker"


SPAN_GID = "timeline-span"


LANE_GID = "timeline-lane"


EMPTY_MESSAGE = "No events match the filters"


# Sizes in points (the layout's own sizes live in timeline_layout).
_TICK_SIZE = 8.0


_SPAN_WIDTH = 2.6


_LANE_COLOURS = ("#F2F2F2", "#FFFFFF")


_ZOOM_COLOUR = "#FFE08A"


_DASHES = (0, (2.2, 1.3))


_GREY = "#555555"


def _colour(category: str) -> str:
    return PALETTE[list(EVENT_CATEGORIES).index(category) % len(PALETTE)]


def _draw_panel(ax: Axes, panel: Panel, label_size: float | None, *, shade: str | None = None) -> None:
    """One panel: its lanes as alternating bands, then every event's mark and number."""
    _draw_lanes(ax, panel, shade)
    _draw_marks(ax, panel, label_size)


def _draw_lanes(ax: Axes, panel: Panel, shade: str | None) -> None:
    lo, hi = panel.xlim
    total = sum(panel.lane_units.values())
    ax.set_xlim(lo, hi)
    ax.set_ylim(total, 0)  # first lane at the top
    if shade:
        ax.set_facecolor(shade)
    tops = panel.lane_tops()
    for i, lane in enumerate(panel.lanes):
        # Alternate bands so a reader can follow a lane across the page.
        ax.axhspan(
            tops[lane],
            tops[lane] + panel.lane_units[lane],
            color=_LANE_COLOURS[i % 2],
            alpha=0.55 if shade else 1.0,
            lw=0,
            zorder=0,
            gid=LANE_GID,
            label=f"_lane {lane}",
        )
    ax.set_yticks([tops[lane] + panel.lane_units[lane] / 2 for lane in panel.lanes])
    ax.set_yticklabels([lane_name(lane) for lane in panel.lanes], fontsize=LANE_NAME_SIZE)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _draw_marks(ax: Axes, panel: Panel, label_size: float | None) -> None:
    """A dot or capped bar per event at its row, and its number on the side :func:`pack` chose."""
    fig = ax.figure
    ys = panel.y_of()
    for p in panel.placed:
        event, y, colour = p.event, ys[p.event.number], _colour(p.event.category)
        if event.point:
            ax.plot(
                [event.start],
                [y],
                linestyle="none",
                marker="o",
                markersize=MARKER_SIZE,
                color=colour,
                markerfacecolor="white" if event.approximate else colour,
                markeredgewidth=1.2,
                gid=MARKER_GID,
                label=f"_event {event.number}",
                zorder=3,
            )
        else:
            ax.plot(
                [event.start, event.end],
                [y, y],
                color=colour,
                linewidth=_SPAN_WIDTH,
                linestyle=_DASHES if event.approximate else "-",
                solid_capstyle="butt",
                dash_capstyle="butt",
                marker="|",
                markersize=CAP_SIZE,
                markeredgewidth=1.6,
                gid=SPAN_GID,
                label=f"_event {event.number}",
                zorder=2,
            )
        if label_size and p.where != "none":
            ha = {"right": "left", "left": "right", "inside": "center"}[p.where]
            transform = offset_copy(ax.transData, fig=fig, x=p.offset, y=0, units="points")
            ax.text(
                p.anchor,
                y,
                str(event.number),
                transform=transform,
                ha=ha,
                va="center_baseline",
                fontsize=label_size,
                color="#1A1A1A",
                gid=LABEL_GID,
                zorder=4,
                bbox=dict(boxstyle="square,pad=0.12", fc="white", ec="none") if p.where == "inside" else None,
            )


def _year_axis(ax: Axes) -> None:
    """Year names centred under each year, ticks and faint grid lines at the year boundaries."""
    lo, hi = ax.get_xlim()
    if hi - lo > 3 * 365:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.xaxis.set_minor_locator(mdates.YearLocator(month=7, day=1))
        ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=_TICK_SIZE + 1)
    else:
        locator = mdates.AutoDateLocator(minticks=5, maxticks=14)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        ax.tick_params(axis="x", which="major", labelsize=_TICK_SIZE)
    ax.grid(axis="x", which="major", color="#BBBBBB", linewidth=0.6, zorder=1)
    ax.set_axisbelow(True)


def _day_axis(ax: Axes) -> None:
    """Zoom panels: ticks on days; the month is written on the first tick and on the 1st."""
    lo, hi = ax.get_xlim()
    days = range(2, 32, 2) if hi - lo <= 45 else (1, 10, 20)
    ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=days))

    def label(x: float, pos: int | None) -> str:
        day = mdates.num2date(x)
        return f"{day.day} {day:%b}" if day.day == 1 or pos == 0 else str(day.day)

    ax.xaxis.set_major_formatter(FuncFormatter(label))
    ax.tick_params(axis="x", labelsize=_TICK_SIZE)
    ax.grid(axis="x", color="#CCCCCC", linewidth=0.5, zorder=1)
    ax.set_axisbelow(True)


def _legend_handles(events: list[Event], letters: list[str]) -> tuple[list, dict]:
    point = Line2D([], [], linestyle="none", marker="o", markersize=MARKER_SIZE, color=_GREY, label="Exact day")
    span = Line2D(
        [],
        [],
        color=_GREY,
        linewidth=_SPAN_WIDTH,
        marker="|",
        markersize=CAP_SIZE,
        markeredgewidth=1.6,
        solid_capstyle="butt",
        label="Month, season, year or range: bar from first to last possible day",
    )
    approx = Line2D(
        [],
        [],
        color=_GREY,
        linewidth=_SPAN_WIDTH,
        linestyle=_DASHES,
        marker="|",
        markersize=CAP_SIZE,
        markeredgewidth=1.6,
        dash_capstyle="butt",
        label="Approximate date: dashed bar",
    )
    handles = [point, span, approx]
    # A bar's legend sample needs both end caps; a dot's only one marker.
    handler_map = {span: HandlerLine2D(numpoints=2), approx: HandlerLine2D(numpoints=2)}
    if any(e.point and e.approximate for e in events):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=MARKER_SIZE,
                color=_GREY,
                markerfacecolor="white",
                label="Approximate day: open dot",
            )
        )
    if letters:
        label = f"Enlarged below ({', '.join(letters)})"
        handles.append(Patch(facecolor=_ZOOM_COLOUR, edgecolor="none", label=label))
    return handles, handler_map


def _default_title(events: pd.DataFrame) -> str:
    first, last = events["date_start"].min().year, events["date_end"].max().year
    years = str(first) if first == last else f"{first}–{last}"
    return f"Timeline of events in the Human Rights Watch submission, {years}"


def _empty(ax: Axes | None, title: str | None) -> Figure:
    if ax is not None:
        ax.text(0.5, 0.5, EMPTY_MESSAGE, transform=ax.transAxes, ha="center", va="center", fontsize=12)
        ax.set_axis_off()
        return ax.figure
    fig = Figure(figsize=A4_LANDSCAPE, facecolor="white")
    FigureCanvasAgg(fig)
    fig.text(
        0.02,
        0.97,
        title or "Timeline of events in the Human Rights Watch submission",
        fontsize=13,
        fontweight="bold",
        va="top",
    )
    fig.text(0.5, 0.5, EMPTY_MESSAGE, ha="center", va="center", fontsize=14)
    add_source_line(fig, [])
    return fig


def plot_timeline(
    events: pd.DataFrame,
    *,
    ax: Axes | None = None,
    labels: bool = True,
    zoom: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw the events on one time axis, one lane per category; return the figure.

    Lanes follow :data:`cat_kz.model.schema.EVENT_CATEGORIES` (only those present).
    A day-precise event is a dot at its day; any other is a bar from
    ``date_start`` to ``date_end`` with end caps, dashed when the date is
    approximate. With ``labels`` each event carries its ``number`` (from
    :func:`filter_events`, computed here if missing): rows are added within a
    lane until no two numbers overlap, at 7 pt or more.

    Without ``ax`` the figure is A4 landscape: title, legend, main panel and,
    with ``zoom``, enlarged panels of 12–31 December 2011 and 20 March–20 June
    2012 (each only when it holds events and the main panel is much wider),
    shaded on the main axis; the source line names the pages cited. With
    ``ax`` only the main panel is drawn, into ``ax`` (title and legend on it,
    no zoom, no source line: add it with :func:`cat_kz.show.plotting.add_source_line`),
    and ``ax.figure`` is returned; labels are placed for ``ax``'s current size.

    Artists carry a ``gid``: :data:`MARKER_GID`, :data:`SPAN_GID`, :data:`LABEL_GID` and
    :data:`LANE_GID` (a lane's band); marks and bands are labelled ``_event <number>``
    and ``_lane <code>``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import cat_kz
    >>> from cat_kz.analysis.timeline import filter_events
    >>> fig = plot_timeline(filter_events(cat_kz.load_events(), categories=["trial"]), zoom=False)
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid() == LABEL_GID)
    ['1', '2', '3', '4', '5', '6']
    >>> empty = plot_timeline(filter_events(cat_kz.load_events(), date_to="2000-01-01"))
    >>> EMPTY_MESSAGE in [t.get_text() for t in empty.texts]
    True
    """
    if len(events) == 0:
        return _empty(ax, title)
    events = _numbered(events)
    items = to_events(events)
    title = title if title is not None else _default_title(events)
    xlim = main_xlim(items)
    if ax is not None:
        return _plot_into(ax, items, xlim, title, labels)
    return _plot_page(events, items, xlim, title, labels=labels, zoom=zoom)


def _plot_into(ax: Axes, items: list[Event], xlim: tuple[float, float], title: str, labels: bool) -> Figure:
    """The main panel alone, in the caller's axes, labels placed for its current size."""
    fig = ax.figure
    measure = Measure(fig.dpi)
    name_heights, _ = lane_name_sizes(measure)
    box = ax.get_position()
    width_pt = box.width * fig.get_figwidth() * 72
    height_pt = box.height * fig.get_figheight() * 72
    bands, _, size = fit(
        lambda s: [[pack(items, xlim, width_pt, s, measure)]], height_pt, name_heights, measure, labels
    )
    _draw_panel(ax, bands[0][0], size)
    _year_axis(ax)
    ax.set_ylabel("Event category")
    handles, handler_map = _legend_handles(items, [])
    ax.legend(
        handles=handles,
        handler_map=handler_map,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=7.5,
        borderaxespad=0.2,
    )
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold", pad=30)
    ax.set_label("timeline-main")
    return fig


def _plot_page(
    events: pd.DataFrame, items: list[Event], xlim: tuple[float, float], title: str, *, labels: bool, zoom: bool
) -> Figure:
    """A4 landscape: title, legend, main panel, zoom panels under it, source line."""
    windows = zoom_windows(items, xlim) if zoom else []
    fig = Figure(figsize=A4_LANDSCAPE, facecolor="white")
    FigureCanvasAgg(fig)
    measure = Measure(fig.dpi)
    name_heights, name_widths = lane_name_sizes(measure)
    page = page_layout(items, windows, name_widths)
    bands, pitch, size = fit(
        lambda s: page_bands(items, xlim, windows, page, s, measure),
        page.available_pt(bool(windows)),
        name_heights,
        measure,
        labels,
    )
    main_h = _draw_main_panel(fig, page, bands[0][0], pitch, size, windows)
    if windows:
        _draw_zoom_panels(fig, page, bands[-1], pitch, size, windows, main_h)
    fig.text(
        page.main_left / page.width, 1 - 0.2 / page.height, title, fontsize=13, fontweight="bold", va="top", ha="left"
    )
    handles, handler_map = _legend_handles(items, [w[0] for w in windows])
    fig.legend(
        handles=handles,
        handler_map=handler_map,
        loc="upper left",
        bbox_to_anchor=(page.main_left / page.width - 0.008, 1 - 0.48 / page.height),
        ncol=len(handles),
        frameon=False,
        fontsize=8,
        handlelength=2.6,
        columnspacing=1.4,
        borderaxespad=0,
    )
    key = "; the numbers key the marks to the event table" if labels else ""
    add_source_line(fig, events["page"], note=UNIT_STATEMENT + key)
    return fig


def _draw_main_panel(
    fig: Figure, page: Page, main: Panel, pitch: float, size: float | None, windows: list[tuple[str, str, float, float]]
) -> float:
    """The main panel with the zoom windows shaded and lettered on it; return its height in inches."""
    main_h = sum(main.lane_units.values()) * pitch / 72
    main_ax = fig.add_axes(page.rect(page.main_left, page.top_block, page.main_width, main_h), label="timeline-main")
    _draw_panel(main_ax, main, size)
    _year_axis(main_ax)
    main_ax.set_ylabel("Event category", fontsize=9.5)
    shade_text = blended_transform_factory(main_ax.transData, main_ax.transAxes)
    for letter, _, lo, hi in windows:
        main_ax.axvspan(lo, hi + 1, color=_ZOOM_COLOUR, lw=0, zorder=0.5)
        main_ax.text(
            (lo + hi + 1) / 2,
            1.005,
            letter,
            transform=shade_text,
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
        )
    return main_h


def _draw_zoom_panels(
    fig: Figure,
    page: Page,
    panels: list[Panel],
    pitch: float,
    size: float | None,
    windows: list[tuple[str, str, float, float]],
    main_h: float,
) -> None:
    """The enlarged windows side by side under the main panel (``main_h`` inches tall)."""
    zoom_top = page.top_block + main_h + page.main_ticks + page.zoom_title
    for (letter, caption, _lo, _hi), panel, left, width in zip(windows, panels, page.zoom_lefts, page.zoom_widths):
        height = sum(panel.lane_units.values()) * pitch / 72
        zax = fig.add_axes(page.rect(left, zoom_top, width, height), label=f"timeline-zoom-{letter}")
        _draw_panel(zax, panel, size, shade="#FFF7DC")
        _day_axis(zax)
        zax.set_title(f"{letter}. {caption}, enlarged", loc="left", fontsize=9.5, fontweight="bold")

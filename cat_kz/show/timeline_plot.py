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

import textwrap
from dataclasses import dataclass, field

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerLine2D
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import blended_transform_factory, offset_copy

from cat_kz.analysis.timeline import UNIT_STATEMENT, _numbered
from cat_kz.model.schema import EVENT_CATEGORIES
from cat_kz.show.plotting import A4_LANDSCAPE, PALETTE, add_source_line

#: ``gid`` of the artists :func:`plot_timeline` draws, so tests and callers can find them.
LABEL_GID = "timeline-label"


MARKER_GID = "timeline-marker"


SPAN_GID = "timeline-span"


LANE_GID = "timeline-lane"


EMPTY_MESSAGE = "No events match the filters"


#: Dense periods enlarged under the main panel: (letter, caption, first day, last day).
ZOOM_WINDOWS = (
    ("A", "12–31 December 2011", "2011-12-12", "2011-12-31"),
    ("B", "20 March – 20 June 2012", "2012-03-20", "2012-06-20"),
)


# Sizes in points. Label sizes are tried largest first; 7 pt is the floor.
_LABEL_SIZES = (8.5, 8.0, 7.5, 7.0)


_LANE_NAME_SIZE = 8.5


_TICK_SIZE = 8.0


_MARKER_SIZE = 5.5


_CAP_SIZE = 7.0


_SPAN_WIDTH = 2.6


_LABEL_GAP = 1.5  # between a mark and its own number


_LABEL_PAD = 4.5  # between one event's mark-and-number and the next one's, in a row


_LANE_GAP = 0.5  # empty space between lanes, in rows


_MIN_PITCH = _CAP_SIZE + 1.5  # a row must hold an end cap with room to spare


_MAX_PITCH = 22.0  # few rows: keep them together rather than spread over the page


_LANE_NAME_WIDTH = 20  # characters before a lane name wraps


_LANE_COLOURS = ("#F2F2F2", "#FFFFFF")


_ZOOM_COLOUR = "#FFE08A"


_DASHES = (0, (2.2, 1.3))


_GREY = "#555555"


@dataclass(frozen=True)
class _Event:
    number: int
    category: str
    start: float  # matplotlib date numbers (days)
    end: float
    point: bool  # a single day: drawn as a dot
    approximate: bool


@dataclass(frozen=True)
class _Placed:
    event: _Event
    row: int  # row within the lane, 0 at the top
    where: str  # the number's side: "right", "left", "inside" (on the bar) or "none"
    anchor: float  # x (date number) the label is anchored to
    offset: float  # label offset from the anchor, points


@dataclass
class _Panel:
    """Where every event of one axes goes: x range, lanes, rows."""

    xlim: tuple[float, float]
    lanes: list[str]
    placed: list[_Placed]
    rows: dict[str, int]
    lane_units: dict[str, float] = field(default_factory=dict)

    def units(self, pitch: float, name_heights: dict[str, float]) -> float:
        """Height in rows at ``pitch`` points per row; each lane is tall enough for its name."""
        self.lane_units = {
            lane: max(self.rows[lane] + _LANE_GAP, (name_heights[lane] + 4.0) / pitch) for lane in self.lanes
        }
        return sum(self.lane_units.values())

    def lane_tops(self) -> dict[str, float]:
        tops, top = {}, 0.0
        for lane in self.lanes:
            tops[lane] = top
            top += self.lane_units[lane]
        return tops

    def y_of(self) -> dict[int, float]:
        """Row centres, rows centred in their lane."""
        tops, ys = self.lane_tops(), {}
        for p in self.placed:
            lane = p.event.category
            ys[p.event.number] = tops[lane] + (self.lane_units[lane] - self.rows[lane]) / 2 + p.row + 0.5
        return ys


class _Measure:
    """Text sizes in points, measured with the Agg renderer the figure will use."""

    def __init__(self, dpi: float) -> None:
        scratch = Figure(dpi=dpi)
        FigureCanvasAgg(scratch)
        self._fig, self._renderer, self._dpi = scratch, scratch.canvas.get_renderer(), dpi
        self._cache: dict[tuple[str, float], tuple[float, float]] = {}

    def __call__(self, text: str, size: float) -> tuple[float, float]:
        key = (text, size)
        if key not in self._cache:
            artist = Text(0, 0, text, fontsize=size, figure=self._fig)
            box = artist.get_window_extent(self._renderer)
            self._cache[key] = (box.width * 72 / self._dpi, box.height * 72 / self._dpi)
        return self._cache[key]


def _flag(value: object) -> bool:
    """A nullable boolean cell as a plain bool (missing counts as False)."""
    return False if pd.isna(value) else bool(value)


def _to_events(events: pd.DataFrame) -> list[_Event]:
    out = []
    for row in events.itertuples(index=False):
        start, end = mdates.date2num(pd.Timestamp(row.date_start)), mdates.date2num(pd.Timestamp(row.date_end))
        approximate = _flag(getattr(row, "date_approximate", False)) or _flag(getattr(row, "date_uncertain", False))
        out.append(
            _Event(
                number=int(row.number),
                category=str(row.category),
                start=float(start),
                end=float(end),
                # Only a day-precise date with one day is a point; anything wider is a span.
                point=str(row.date_precision) == "day" and start == end,
                approximate=approximate,
            )
        )
    return out


def _pack(
    events: list[_Event], xlim: tuple[float, float], width_pt: float, label_size: float | None, measure: _Measure
) -> _Panel:
    """Give each event a row in its lane and a side for its number, so nothing in a row overlaps.

    Works in points along x: each event occupies its mark plus its number. A
    row takes an event only if that extent keeps ``_LABEL_PAD`` from every
    extent already in the row; the number goes right of the mark, else left,
    else (a bar wide enough) on the bar; a new row is opened only when no
    existing one can take it. Greedy in date order, hence deterministic.
    Rows are separated vertically by more than a label's height, so labels
    in different rows cannot overlap either.
    """
    lo, hi = xlim
    per_day = width_pt / (hi - lo)
    lanes = [code for code in EVENT_CATEGORIES if any(e.category == code for e in events)]
    occupied: dict[str, list[list[tuple[float, float]]]] = {lane: [] for lane in lanes}
    placed: list[_Placed] = []
    for event in sorted(events, key=lambda e: (e.start, e.end, e.number)):
        clip_left, clip_right = event.start < lo, event.end > hi
        half = _MARKER_SIZE / 2 + 0.5 if event.point else 1.0
        x0 = (max(event.start, lo) - lo) * per_day - (0 if clip_left else half)
        x1 = (min(event.end, hi) - lo) * per_day + (0 if clip_right else half)
        width = measure(str(event.number), label_size)[0] if label_size else 0.0
        candidates: list[tuple[str, float, float, float, float]] = []  # where, from, to, anchor, offset
        if not label_size:
            candidates.append(("none", x0, x1, event.start, 0.0))
        else:
            if not clip_right and x1 + _LABEL_GAP + width <= width_pt - 1:
                candidates.append(("right", x0, x1 + _LABEL_GAP + width, event.end, half + _LABEL_GAP))
            if not clip_left and x0 - _LABEL_GAP - width >= 1:
                candidates.append(("left", x0 - _LABEL_GAP - width, x1, event.start, -(half + _LABEL_GAP)))
            if not event.point and x1 - x0 >= width + 8:
                middle = (max(event.start, lo) + min(event.end, hi)) / 2
                candidates.append(("inside", x0, x1, middle, 0.0))
            if not candidates:  # cannot happen with sane limits; keep the number on its mark
                candidates.append(("inside", x0, x1, (max(event.start, lo) + min(event.end, hi)) / 2, 0.0))
        rows = occupied[event.category]
        for row_index in range(len(rows) + 1):
            if row_index == len(rows):
                rows.append([])
            row = rows[row_index]
            fits = [
                c for c in candidates if all(c[2] + _LABEL_PAD <= a or c[1] >= b + _LABEL_PAD for a, b in row)
            ]
            if fits:
                where, start, stop, anchor, offset = fits[0]
                row.append((start, stop))
                placed.append(_Placed(event, row_index, where, anchor, offset))
                break
    rows_per_lane = {lane: len(occupied[lane]) for lane in lanes}
    return _Panel(xlim=xlim, lanes=lanes, placed=placed, rows=rows_per_lane)


def _main_xlim(events: list[_Event]) -> tuple[float, float]:
    """Whole years for a long timeline, whole months for a short one, with a small margin."""
    first = mdates.num2date(min(e.start for e in events)).replace(tzinfo=None)
    last = mdates.num2date(max(e.end for e in events)).replace(tzinfo=None)
    if (last - first).days > 3 * 365:
        lo, hi = pd.Timestamp(first.year, 1, 1), pd.Timestamp(last.year + 1, 1, 1)
    else:
        lo = pd.Timestamp(first.year, first.month, 1)
        hi = pd.Timestamp(last.year, last.month, 1) + pd.DateOffset(months=1)
        if (hi - lo).days < 60:  # a handful of days: keep some context around them
            lo, hi = lo - pd.DateOffset(months=1), hi + pd.DateOffset(months=1)
    lo_n, hi_n = float(mdates.date2num(lo)), float(mdates.date2num(hi))
    margin = 0.012 * (hi_n - lo_n)
    return lo_n - margin, hi_n + margin


def _windows(events: list[_Event], main_xlim: tuple[float, float]) -> list[tuple[str, str, float, float]]:
    """The zoom windows worth drawing: they hold events and are much narrower than the main axis."""
    out = []
    for letter, caption, first, last in ZOOM_WINDOWS:
        lo, hi = float(mdates.date2num(pd.Timestamp(first))), float(mdates.date2num(pd.Timestamp(last)))
        inside = [e for e in events if e.start <= hi and e.end >= lo]
        if inside and (main_xlim[1] - main_xlim[0]) > 2.5 * (hi - lo):
            out.append((letter, caption, lo, hi))
    return out


def _in_window(events: list[_Event], lo: float, hi: float) -> list[_Event]:
    return [e for e in events if e.start <= hi and e.end >= lo]


def _solve_pitch(panels: list[list[_Panel]], available_pt: float, name_heights: dict[str, float]) -> float:
    """Points per row so that the stacked panels fill ``available_pt``.

    ``panels`` is a list of stacked bands, each a list of side-by-side panels
    (the tallest counts). Lane names can make a lane taller than its rows,
    which depends on the pitch, hence a few fixed-point steps (they converge
    quickly because heights only grow as the pitch shrinks).
    """
    pitch = 30.0
    for _ in range(30):
        units = sum(max(p.units(pitch, name_heights) for p in band) for band in panels)
        new = min(available_pt / units, _MAX_PITCH)
        if abs(new - pitch) < 1e-3:
            break
        pitch = new
    for band in panels:
        for p in band:
            p.units(pitch, name_heights)
    return pitch


def _colour(category: str) -> str:
    return PALETTE[list(EVENT_CATEGORIES).index(category) % len(PALETTE)]


def _lane_name(category: str) -> str:
    return textwrap.fill(EVENT_CATEGORIES[category], _LANE_NAME_WIDTH)


def _draw_panel(ax: Axes, panel: _Panel, label_size: float | None, *, shade: str | None = None) -> None:
    fig = ax.figure
    lo, hi = panel.xlim
    total = sum(panel.lane_units.values())
    ax.set_xlim(lo, hi)
    ax.set_ylim(total, 0)  # first lane at the top
    if shade:
        ax.set_facecolor(shade)
    tops = panel.lane_tops()
    for i, lane in enumerate(panel.lanes):
        # Alternate bands so a reader can follow a lane across the page.
        ax.axhspan(tops[lane], tops[lane] + panel.lane_units[lane], color=_LANE_COLOURS[i % 2],
                   alpha=0.55 if shade else 1.0, lw=0, zorder=0, gid=LANE_GID, label=f"_lane {lane}")
    ax.set_yticks([tops[lane] + panel.lane_units[lane] / 2 for lane in panel.lanes])
    ax.set_yticklabels([_lane_name(lane) for lane in panel.lanes], fontsize=_LANE_NAME_SIZE)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    ys = panel.y_of()
    for p in panel.placed:
        event, y, colour = p.event, ys[p.event.number], _colour(p.event.category)
        if event.point:
            ax.plot([event.start], [y], linestyle="none", marker="o", markersize=_MARKER_SIZE, color=colour,
                    markerfacecolor="white" if event.approximate else colour, markeredgewidth=1.2,
                    gid=MARKER_GID, label=f"_event {event.number}", zorder=3)
        else:
            ax.plot([event.start, event.end], [y, y], color=colour, linewidth=_SPAN_WIDTH,
                    linestyle=_DASHES if event.approximate else "-", solid_capstyle="butt",
                    dash_capstyle="butt", marker="|", markersize=_CAP_SIZE, markeredgewidth=1.6,
                    gid=SPAN_GID, label=f"_event {event.number}", zorder=2)
        if label_size and p.where != "none":
            ha = {"right": "left", "left": "right", "inside": "center"}[p.where]
            transform = offset_copy(ax.transData, fig=fig, x=p.offset, y=0, units="points")
            ax.text(p.anchor, y, str(event.number), transform=transform, ha=ha, va="center_baseline",
                    fontsize=label_size, color="#1A1A1A", gid=LABEL_GID, zorder=4,
                    bbox=dict(boxstyle="square,pad=0.12", fc="white", ec="none") if p.where == "inside" else None)


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


def _legend_handles(events: list[_Event], letters: list[str]) -> tuple[list, dict]:
    point = Line2D([], [], linestyle="none", marker="o", markersize=_MARKER_SIZE, color=_GREY,
                   label="Exact day")
    span = Line2D([], [], color=_GREY, linewidth=_SPAN_WIDTH, marker="|", markersize=_CAP_SIZE,
                  markeredgewidth=1.6, solid_capstyle="butt",
                  label="Month, season, year or range: bar from first to last possible day")
    approx = Line2D([], [], color=_GREY, linewidth=_SPAN_WIDTH, linestyle=_DASHES, marker="|",
                    markersize=_CAP_SIZE, markeredgewidth=1.6, dash_capstyle="butt",
                    label="Approximate date: dashed bar")
    handles = [point, span, approx]
    # A bar's legend sample needs both end caps; a dot's only one marker.
    handler_map = {span: HandlerLine2D(numpoints=2), approx: HandlerLine2D(numpoints=2)}
    if any(e.point and e.approximate for e in events):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=_MARKER_SIZE, color=_GREY,
                              markerfacecolor="white", label="Approximate day: open dot"))
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
    fig.text(0.02, 0.97, title or "Timeline of events in the Human Rights Watch submission", fontsize=13,
             fontweight="bold", va="top")
    fig.text(0.5, 0.5, EMPTY_MESSAGE, ha="center", va="center", fontsize=14)
    add_source_line(fig, [])
    return fig


def _fit(
    build, available_pt: float, name_heights: dict[str, float], measure: _Measure, labels: bool
) -> tuple[list[list[_Panel]], float, float | None]:
    """Pack at the largest label size whose rows still leave room between labels."""
    sizes = _LABEL_SIZES if labels else (None,)
    for size in sizes:
        bands = build(size)
        pitch = _solve_pitch(bands, available_pt, name_heights)
        text_height = measure("0123456789", size)[1] if size else 0.0
        if pitch >= max(_MIN_PITCH, text_height + 1.5):
            return bands, pitch, size
    return bands, pitch, size  # the smallest size: as good as this space allows


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
    items = _to_events(events)
    title = title if title is not None else _default_title(events)
    main_xlim = _main_xlim(items)
    windows = _windows(items, main_xlim) if zoom and ax is None else []

    fig = ax.figure if ax is not None else Figure(figsize=A4_LANDSCAPE, facecolor="white")
    if ax is None:
        FigureCanvasAgg(fig)
    measure = _Measure(fig.dpi)
    name_heights, name_widths = {}, {}
    for code in EVENT_CATEGORIES:
        lines = _lane_name(code).split("\n")
        line_w, line_h = zip(*(measure(line, _LANE_NAME_SIZE) for line in lines))
        name_widths[code], name_heights[code] = max(line_w), sum(line_h)

    if ax is not None:
        box = ax.get_position()
        width_pt = box.width * fig.get_figwidth() * 72
        height_pt = box.height * fig.get_figheight() * 72
        bands, pitch, size = _fit(
            lambda s: [[_pack(items, main_xlim, width_pt, s, measure)]], height_pt, name_heights, measure, labels
        )
        main = bands[0][0]
        _draw_panel(ax, main, size)
        _year_axis(ax)
        ax.set_ylabel("Event category")
        handles, handler_map = _legend_handles(items, [])
        ax.legend(handles=handles, handler_map=handler_map, loc="lower left", bbox_to_anchor=(0, 1.0),
                  ncol=3, frameon=False, fontsize=7.5, borderaxespad=0.2)
        ax.set_title(title, loc="left", fontsize=11, fontweight="bold", pad=30)
        ax.set_label("timeline-main")
        return fig

    # Own figure, laid out in inches from the top so every size is known before drawing.
    fig_w, fig_h = A4_LANDSCAPE
    right = 0.25
    main_left = max(name_widths[c] for c in {e.category for e in items}) / 72 + 0.45  # + y label
    main_width_pt = (fig_w - main_left - right) * 72
    top_block, main_ticks, zoom_title, zoom_ticks, bottom = 0.9, 0.3, 0.3, 0.3, 0.3
    zoom_lefts, zoom_widths = [], []
    if windows:
        lefts = [max(name_widths[e.category] for e in _in_window(items, lo, hi)) / 72 + 0.15
                 for _, _, lo, hi in windows]
        gap = 0.3
        free = fig_w - 0.12 - right - sum(lefts) - gap * (len(windows) - 1)
        x = 0.12
        for left in lefts:
            zoom_lefts.append(x + left)
            zoom_widths.append(free / len(windows))
            x += left + free / len(windows) + gap

    def build(size: float | None) -> list[list[_Panel]]:
        bands = [[_pack(items, main_xlim, main_width_pt, size, measure)]]
        if windows:
            bands.append([
                _pack(_in_window(items, lo, hi), (lo - 0.5, hi + 0.5), width * 72, size, measure)
                for (_, _, lo, hi), width in zip(windows, zoom_widths)
            ])
        return bands

    fixed = top_block + main_ticks + bottom + ((zoom_title + zoom_ticks) if windows else 0.0)
    bands, pitch, size = _fit(build, (fig_h - fixed) * 72, name_heights, measure, labels)

    def rect(left: float, top: float, width: float, height: float) -> list[float]:
        return [left / fig_w, (fig_h - top - height) / fig_h, width / fig_w, height / fig_h]

    main = bands[0][0]
    main_h = sum(main.lane_units.values()) * pitch / 72
    main_ax = fig.add_axes(rect(main_left, top_block, fig_w - main_left - right, main_h), label="timeline-main")
    _draw_panel(main_ax, main, size)
    _year_axis(main_ax)
    main_ax.set_ylabel("Event category", fontsize=9.5)
    shade_text = blended_transform_factory(main_ax.transData, main_ax.transAxes)
    for letter, _, lo, hi in windows:
        main_ax.axvspan(lo, hi + 1, color=_ZOOM_COLOUR, lw=0, zorder=0.5)
        main_ax.text((lo + hi + 1) / 2, 1.005, letter, transform=shade_text, ha="center", va="bottom",
                     fontsize=9, fontweight="bold")

    zoom_top = top_block + main_h + main_ticks + zoom_title
    for (letter, caption, _lo, _hi), panel, left, width in zip(windows, bands[-1] if windows else [], zoom_lefts,
                                                              zoom_widths):
        height = sum(panel.lane_units.values()) * pitch / 72
        zax = fig.add_axes(rect(left, zoom_top, width, height), label=f"timeline-zoom-{letter}")
        _draw_panel(zax, panel, size, shade="#FFF7DC")
        _day_axis(zax)
        zax.set_title(f"{letter}. {caption}, enlarged", loc="left", fontsize=9.5, fontweight="bold")

    fig.text(main_left / fig_w, 1 - 0.2 / fig_h, title, fontsize=13, fontweight="bold", va="top", ha="left")
    handles, handler_map = _legend_handles(items, [w[0] for w in windows])
    fig.legend(handles=handles, handler_map=handler_map, loc="upper left",
               bbox_to_anchor=(main_left / fig_w - 0.008, 1 - 0.48 / fig_h), ncol=len(handles),
               frameon=False, fontsize=8, handlelength=2.6, columnspacing=1.4, borderaxespad=0)
    key = "; the numbers key the marks to the event table" if labels else ""
    add_source_line(fig, events["page"], note=UNIT_STATEMENT + key)
    return fig

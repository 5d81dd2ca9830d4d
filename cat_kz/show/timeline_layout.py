"""Lay the timeline out before it is drawn: rows and lanes, label sides, row pitch, the page in inches.

:mod:`cat_kz.show.timeline_plot` draws what this module places. Everything is
measured in points (text with the Agg renderer the figure will use), so the
layout is known, and overlap-free, before a single artist exists: each event
gets a row in its category's lane and a side for its number (:func:`pack`),
the rows a height that fills the space (:func:`solve_pitch`), at the largest
label size that still leaves room between labels (:func:`fit`).

>>> import cat_kz
>>> from cat_kz.analysis.timeline import filter_events
>>> items = to_events(filter_events(cat_kz.load_events(), categories=["trial"]))
>>> panel = pack(items, main_xlim(items), 600.0, 8.0, Measure(100))
>>> panel.lanes, sorted(p.event.number for p in panel.placed)
(['trial'], [1, 2, 3, 4, 5, 6])
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from cat_kz.model.schema import EVENT_CATEGORIES
from cat_kz.show.plotting import A4_LANDSCAPE

#: Dense periods enlarged under the main panel: (letter, caption, first day, last day).
ZOOM_WINDOWS = (
    ("A", "12–31 December 2011", "2011-12-12", "2011-12-31"),
    ("B", "20 March – 20 June 2012", "2012-03-20", "2012-06-20"),
)


# Sizes in points. Label sizes are tried largest first; 7 pt is the floor.
LABEL_SIZES = (8.5, 8.0, 7.5, 7.0)


LANE_NAME_SIZE = 8.5


MARKER_SIZE = 5.5


CAP_SIZE = 7.0


_LABEL_GAP = 1.5  # between a mark and its own number


_LABEL_PAD = 4.5  # between one event's mark-and-number and the next one's, in a row


_LANE_GAP = 0.5  # empty space between lanes, in rows


_MIN_PITCH = CAP_SIZE + 1.5  # a row must hold an end cap with room to spare


_MAX_PITCH = 22.0  # few rows: keep them together rather than spread over the page


_LANE_NAME_WIDTH = 20  # characters before a lane name wraps


@dataclass(frozen=True)
class Event:
    number: int
    category: str
    start: float  # matplotlib date numbers (days)
    end: float
    point: bool  # a single day: drawn as a dot
    approximate: bool


@dataclass(frozen=True)
class Placed:
    event: Event
    row: int  # row within the lane, 0 at the top
    where: str  # the number's side: "right", "left", "inside" (on the bar) or "none"
    anchor: float  # x (date number) the label is anchored to
    offset: float  # label offset from the anchor, points


@dataclass
class Panel:
    """Where every event of one axes goes: x range, lanes, rows."""

    xlim: tuple[float, float]
    lanes: list[str]
    placed: list[Placed]
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


class Measure:
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


def lane_name(category: str) -> str:
    """A category's name as its lane shows it, wrapped.

    >>> print(lane_name("trial"))
    Trial and testimony
    """
    return textwrap.fill(EVENT_CATEGORIES[category], _LANE_NAME_WIDTH)


def lane_name_sizes(measure: Measure) -> tuple[dict[str, float], dict[str, float]]:
    """Height and width in points of every lane name, each category's: (heights, widths)."""
    name_heights, name_widths = {}, {}
    for code in EVENT_CATEGORIES:
        lines = lane_name(code).split("\n")
        line_w, line_h = zip(*(measure(line, LANE_NAME_SIZE) for line in lines))
        name_widths[code], name_heights[code] = max(line_w), sum(line_h)
    return name_heights, name_widths


def _flag(value: object) -> bool:
    """A nullable boolean cell as a plain bool (missing counts as False)."""
    return False if pd.isna(value) else bool(value)


def to_events(events: pd.DataFrame) -> list[Event]:
    """The numbered event table as :class:`Event` marks on matplotlib's date axis."""
    out = []
    for row in events.itertuples(index=False):
        start, end = mdates.date2num(pd.Timestamp(row.date_start)), mdates.date2num(pd.Timestamp(row.date_end))
        approximate = _flag(getattr(row, "date_approximate", False)) or _flag(getattr(row, "date_uncertain", False))
        out.append(
            Event(
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


# A place an event's mark and number may take in a row: (where, from, to, anchor, offset), x in points.
_Candidate = tuple[str, float, float, float, float]


def _candidates(
    event: Event, xlim: tuple[float, float], width_pt: float, label_size: float | None, measure: Measure
) -> list[_Candidate]:
    """The sides an event's number may go, best first: right of the mark, left, on the bar."""
    lo, hi = xlim
    per_day = width_pt / (hi - lo)
    clip_left, clip_right = event.start < lo, event.end > hi
    half = MARKER_SIZE / 2 + 0.5 if event.point else 1.0
    x0 = (max(event.start, lo) - lo) * per_day - (0 if clip_left else half)
    x1 = (min(event.end, hi) - lo) * per_day + (0 if clip_right else half)
    width = measure(str(event.number), label_size)[0] if label_size else 0.0
    candidates: list[_Candidate] = []
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
    return candidates


def pack(
    events: list[Event], xlim: tuple[float, float], width_pt: float, label_size: float | None, measure: Measure
) -> Panel:
    """Give each event a row in its lane and a side for its number, so nothing in a row overlaps.

    Works in points along x: each event occupies its mark plus its number. A
    row takes an event only if that extent keeps ``_LABEL_PAD`` from every
    extent already in the row; the number goes right of the mark, else left,
    else (a bar wide enough) on the bar; a new row is opened only when no
    existing one can take it. Greedy in date order, hence deterministic.
    Rows are separated vertically by more than a label's height, so labels
    in different rows cannot overlap either.
    """
    lanes = [code for code in EVENT_CATEGORIES if any(e.category == code for e in events)]
    occupied: dict[str, list[list[tuple[float, float]]]] = {lane: [] for lane in lanes}
    placed: list[Placed] = []
    for event in sorted(events, key=lambda e: (e.start, e.end, e.number)):
        candidates = _candidates(event, xlim, width_pt, label_size, measure)
        rows = occupied[event.category]
        for row_index in range(len(rows) + 1):
            if row_index == len(rows):
                rows.append([])
            row = rows[row_index]
            fits = [c for c in candidates if all(c[2] + _LABEL_PAD <= a or c[1] >= b + _LABEL_PAD for a, b in row)]
            if fits:
                where, start, stop, anchor, offset = fits[0]
                row.append((start, stop))
                placed.append(Placed(event, row_index, where, anchor, offset))
                break
    rows_per_lane = {lane: len(occupied[lane]) for lane in lanes}
    return Panel(xlim=xlim, lanes=lanes, placed=placed, rows=rows_per_lane)


def main_xlim(events: list[Event]) -> tuple[float, float]:
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


def zoom_windows(events: list[Event], main_xlim: tuple[float, float]) -> list[tuple[str, str, float, float]]:
    """The zoom windows worth drawing: they hold events and are much narrower than the main axis."""
    out = []
    for letter, caption, first, last in ZOOM_WINDOWS:
        lo, hi = float(mdates.date2num(pd.Timestamp(first))), float(mdates.date2num(pd.Timestamp(last)))
        inside = [e for e in events if e.start <= hi and e.end >= lo]
        if inside and (main_xlim[1] - main_xlim[0]) > 2.5 * (hi - lo):
            out.append((letter, caption, lo, hi))
    return out


def in_window(events: list[Event], lo: float, hi: float) -> list[Event]:
    return [e for e in events if e.start <= hi and e.end >= lo]


def solve_pitch(panels: list[list[Panel]], available_pt: float, name_heights: dict[str, float]) -> float:
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


def fit(
    build: Callable[[float | None], list[list[Panel]]],
    available_pt: float,
    name_heights: dict[str, float],
    measure: Measure,
    labels: bool,
) -> tuple[list[list[Panel]], float, float | None]:
    """Pack at the largest label size whose rows still leave room between labels: (bands, pitch, size)."""
    sizes = LABEL_SIZES if labels else (None,)
    for size in sizes:
        bands = build(size)
        pitch = solve_pitch(bands, available_pt, name_heights)
        text_height = measure("0123456789", size)[1] if size else 0.0
        if pitch >= max(_MIN_PITCH, text_height + 1.5):
            return bands, pitch, size
    return bands, pitch, size  # the smallest size: as good as this space allows


@dataclass(frozen=True)
class Page:
    """The A4 landscape figure laid out in inches from the top, so every size is known before drawing."""

    main_left: float  # left edge of the main panel: room for the widest lane name and the y label
    zoom_lefts: list[float]  # left edge of each zoom panel
    zoom_widths: list[float]
    width: float = A4_LANDSCAPE[0]
    height: float = A4_LANDSCAPE[1]
    right: float = 0.25
    top_block: float = 0.9  # title and legend
    main_ticks: float = 0.3
    zoom_title: float = 0.3
    zoom_ticks: float = 0.3
    bottom: float = 0.3

    @property
    def main_width(self) -> float:
        return self.width - self.main_left - self.right

    def available_pt(self, zoomed: bool) -> float:
        """Height in points left for the panels' rows once titles, ticks and margins are set aside."""
        fixed = (
            self.top_block + self.main_ticks + self.bottom + ((self.zoom_title + self.zoom_ticks) if zoomed else 0.0)
        )
        return (self.height - fixed) * 72

    def rect(self, left: float, top: float, width: float, height: float) -> list[float]:
        """An axes rectangle in figure fractions from inches measured from the top left."""
        return [left / self.width, (self.height - top - height) / self.height, width / self.width, height / self.height]


def page_layout(
    events: list[Event], windows: list[tuple[str, str, float, float]], name_widths: dict[str, float]
) -> Page:
    """The main panel's left edge and the zoom panels' columns, side by side under it with equal widths."""
    main_left = max(name_widths[c] for c in {e.category for e in events}) / 72 + 0.45
    zoom_lefts: list[float] = []
    zoom_widths: list[float] = []
    if windows:
        lefts = [
            max(name_widths[e.category] for e in in_window(events, lo, hi)) / 72 + 0.15 for _, _, lo, hi in windows
        ]
        gap = 0.3
        free = Page.width - 0.12 - Page.right - sum(lefts) - gap * (len(windows) - 1)
        x = 0.12
        for left in lefts:
            zoom_lefts.append(x + left)
            zoom_widths.append(free / len(windows))
            x += left + free / len(windows) + gap
    return Page(main_left=main_left, zoom_lefts=zoom_lefts, zoom_widths=zoom_widths)


def page_bands(
    events: list[Event],
    xlim: tuple[float, float],
    windows: list[tuple[str, str, float, float]],
    page: Page,
    size: float | None,
    measure: Measure,
) -> list[list[Panel]]:
    """The page's panels packed at label ``size``: the main one, then the zoom panels side by side."""
    bands = [[pack(events, xlim, page.main_width * 72, size, measure)]]
    if windows:
        bands.append(
            [
                pack(in_window(events, lo, hi), (lo - 0.5, hi + 0.5), width * 72, size, measure)
                for (_, _, lo, hi), width in zip(windows, page.zoom_widths)
            ]
        )
    return bands

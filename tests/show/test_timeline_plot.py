"""Tests for cat_kz.analysis.timeline: selecting, listing and drawing the events."""

from __future__ import annotations

import io
from itertools import combinations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import cat_kz  # noqa: E402
from cat_kz.analysis.timeline import UNIT_STATEMENT, event_table, filter_events  # noqa: E402
from cat_kz.model.citation import source_line  # noqa: E402
from cat_kz.model.schema import EVENT_CATEGORIES  # noqa: E402
from cat_kz.show.plotting import A4_LANDSCAPE  # noqa: E402
from cat_kz.show.timeline_plot import (  # noqa: E402
    EMPTY_MESSAGE,
    LABEL_GID,
    LANE_GID,
    MARKER_GID,
    SPAN_GID,
    ZOOM_WINDOWS,
    plot_timeline,
)

RANGE_16_19 = "ev-2011-12-16-custody-abuse"  # "between December 16 and 19"
MONTH_DEC_2011 = "ev-2011-12-zhanaozen-clashes"  # "December 2011"


@pytest.fixture
def events() -> pd.DataFrame:
    return cat_kz.load_events()


@pytest.fixture
def figures():
    """Figures made in a test, closed afterwards (they are not in pyplot, but be tidy)."""
    made: list[Figure] = []
    yield made
    for fig in made:
        plt.close(fig)


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["event_id"])


def axes_by_label(fig: Figure) -> dict[str, matplotlib.axes.Axes]:
    return {ax.get_label(): ax for ax in fig.axes}


def marks(ax) -> dict[int, matplotlib.lines.Line2D]:
    """Event number -> the one artist drawn for it (a marker or a span)."""
    out = {}
    for line in ax.lines:
        if line.get_gid() in (MARKER_GID, SPAN_GID):
            number = int(line.get_label().removeprefix("_event "))
            assert number not in out, f"event {number} drawn twice in {ax.get_label()}"
            out[number] = line
    return out


def label_texts(ax) -> list[matplotlib.text.Text]:
    return [t for t in ax.texts if t.get_gid() == LABEL_GID]


def day(value) -> float:
    return float(mdates.date2num(pd.Timestamp(value)))


# --- filter_events ------------------------------------------------------------------------------


def test_span_is_kept_when_it_overlaps_the_period_at_either_edge(events) -> None:
    # Dec 16-19 overlaps a period ending on the 17th, and one starting on the 19th (its last day).
    assert RANGE_16_19 in ids(filter_events(events, date_to="2011-12-17"))
    assert RANGE_16_19 in ids(filter_events(events, date_from="2011-12-19"))
    assert RANGE_16_19 in ids(filter_events(events, date_from="2011-12-17", date_to="2011-12-17"))
    assert RANGE_16_19 in ids(filter_events(events, date_from="2011-12-16", date_to="2011-12-16"))
    assert RANGE_16_19 not in ids(filter_events(events, date_from="2011-12-20"))
    assert RANGE_16_19 not in ids(filter_events(events, date_to="2011-12-15"))
    # A month is kept by a period that touches only its last day.
    assert MONTH_DEC_2011 in ids(filter_events(events, date_from="2011-12-31", date_to="2012-06-30"))


def test_bounds_are_whole_days_and_none_is_open(events) -> None:
    # A time of day on date_to does not drop an event that starts that day.
    assert RANGE_16_19 in ids(filter_events(events, date_to=pd.Timestamp("2011-12-16 00:00")))
    assert RANGE_16_19 in ids(filter_events(events, date_from=pd.Timestamp("2011-12-19 18:30")))
    assert len(filter_events(events)) == len(events)
    assert len(filter_events(events, date_from=None, date_to=None)) == len(events)


def test_overlap_matches_a_direct_computation(events) -> None:
    start, end = pd.Timestamp("2012-03-20"), pd.Timestamp("2012-06-20")
    expected = set(events.loc[(events["date_start"] <= end) & (events["date_end"] >= start), "event_id"])
    assert ids(filter_events(events, date_from=start, date_to=end)) == expected
    assert 10 <= len(expected) <= 15  # the dense spring of 2012


def test_date_from_after_date_to_is_an_error(events) -> None:
    with pytest.raises(ValueError, match="after"):
        filter_events(events, date_from="2013-01-01", date_to="2012-01-01")


def test_categories_keep_only_those_codes(events) -> None:
    picked = filter_events(events, categories=["trial", "refoulement"])
    assert set(picked["category"].astype(str)) == {"trial", "refoulement"}
    assert len(picked) == int(events["category"].isin(["trial", "refoulement"]).sum())
    assert ids(filter_events(events, categories="trial")) == ids(filter_events(events, categories=["trial"]))
    assert len(filter_events(events, categories=[])) == len(events)
    with pytest.raises(ValueError, match="tral"):
        filter_events(events, categories=["tral"])


def test_people_match_any_listed_id(events) -> None:
    def having(*people: str) -> set[str]:
        return {row.event_id for row in events.itertuples() if set(row.person_ids) & set(people)}

    assert ids(filter_events(events, people=["p01"])) == having("p01")
    assert "ev-2012-05-17-facility-head-sentenced" in having("p01")  # person_ids [p02, p01]
    assert ids(filter_events(events, people=["p01", "p02"])) == having("p01", "p02")
    assert ids(filter_events(events, people="p02")) == having("p02")
    assert len(filter_events(events, people=["nobody"])) == 0


def test_filters_combine(events) -> None:
    picked = filter_events(
        events, date_from="2012-01-01", date_to="2012-12-31", categories=["accountability"], people=["p02"]
    )
    assert list(picked["event_id"]) == ["ev-2012-05-17-facility-head-sentenced"]


def test_numbering_follows_date_start_then_event_id(events) -> None:
    picked = filter_events(events, date_from="2011-12-01", date_to="2011-12-31")
    assert list(picked.columns[:1]) == ["number"]
    assert list(picked["number"]) == list(range(1, len(picked) + 1))
    order = sorted(zip(picked["date_start"], picked["event_id"]))
    assert list(zip(picked["date_start"], picked["event_id"])) == order
    # Two ranges start on Dec 16: the event_id breaks the tie.
    sixteen = picked[picked["date_start"] == pd.Timestamp("2011-12-16")]
    assert list(sixteen["event_id"]) == [RANGE_16_19, "ev-2011-12-16-detainee-custody"]
    assert list(picked.index) == list(range(len(picked)))


def test_refiltering_renumbers(events) -> None:
    once = filter_events(events)
    twice = filter_events(once, categories=["trial"])
    assert list(twice["number"]) == list(range(1, len(twice) + 1))


def test_input_is_not_mutated(events) -> None:
    before = events.copy(deep=True)
    filter_events(events, date_from="2012-01-01", categories=["trial"], people=["p03"])
    pd.testing.assert_frame_equal(events, before)
    assert "number" not in events.columns


# --- event_table -------------------------------------------------------------------------------


def test_event_table_has_the_checking_columns_and_labels(events) -> None:
    picked = filter_events(events, date_from="2012-01-01", date_to="2012-12-31")
    table = event_table(picked)
    assert list(table.columns) == [
        "number",
        "date_text",
        "date_start",
        "date_end",
        "date_precision",
        "category",
        "title",
        "page",
        "quote",
        "event_id",
    ]
    assert list(table["number"]) == list(picked["number"])
    assert list(table["event_id"]) == list(picked["event_id"])
    assert set(table["category"].astype(str)) <= set(EVENT_CATEGORIES.values())
    assert list(table["category"].astype(str)) == [EVENT_CATEGORIES[c] for c in picked["category"].astype(str)]
    assert list(table["quote"]) == list(picked["quote"])


def test_event_table_numbers_unnumbered_events(events) -> None:
    table = event_table(events)
    assert list(table["number"]) == list(range(1, len(events) + 1))
    assert list(table["event_id"]) == list(filter_events(events)["event_id"])
    assert len(event_table(events.iloc[:0])) == 0


# --- plot_timeline: what is drawn -------------------------------------------------------------


def test_imprecise_events_are_spans_and_day_events_markers(events, figures) -> None:
    picked = filter_events(events)
    fig = plot_timeline(picked, zoom=False)
    figures.append(fig)
    drawn = marks(axes_by_label(fig)["timeline-main"])
    assert set(drawn) == set(picked["number"])
    is_day = (picked["date_precision"].astype(str) == "day") & (picked["date_start"] == picked["date_end"])
    assert sum(line.get_gid() == SPAN_GID for line in drawn.values()) == int((~is_day).sum())
    assert sum(line.get_gid() == MARKER_GID for line in drawn.values()) == int(is_day.sum())
    for row, day_event in zip(picked.itertuples(), is_day):
        line = drawn[row.number]
        x = [float(v) for v in line.get_xdata()]
        if day_event:
            assert line.get_gid() == MARKER_GID and line.get_linestyle() == "None" and line.get_marker() == "o"
            assert x == [day(row.date_start)]
        else:
            assert line.get_gid() == SPAN_GID, row.event_id
            assert x == [day(row.date_start), day(row.date_end)], row.event_id
            assert line.get_marker() == "|"  # end caps
            # Approximate dates are dashed; the others solid.
            assert (line.get_linestyle() != "-") == bool(row.date_approximate), row.event_id


def test_lanes_follow_the_category_order_and_marks_sit_in_their_lane(events, figures) -> None:
    picked = filter_events(events, categories=["advocacy", "zhanaozen", "un"])
    fig = plot_timeline(picked, zoom=False)
    figures.append(fig)
    ax = axes_by_label(fig)["timeline-main"]
    names = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert names == [EVENT_CATEGORIES[c] for c in ("zhanaozen", "un", "advocacy")]
    bands = {p.get_label().removeprefix("_lane "): p for p in ax.patches if p.get_gid() == LANE_GID}
    assert list(bands) == ["zhanaozen", "un", "advocacy"]
    drawn = marks(ax)
    for row in picked.itertuples():
        y = float(drawn[row.number].get_ydata()[0])
        band = bands[row.category]
        assert band.get_y() < y < band.get_y() + band.get_height(), row.event_id
    # Lane names are centred on their bands.
    for tick, band in zip(ax.get_yticks(), bands.values()):
        assert tick == pytest.approx(band.get_y() + band.get_height() / 2)
    assert ax.get_ylabel() == "Event category"


def test_labels_are_the_event_numbers(events, figures) -> None:
    picked = filter_events(events, categories=["trial", "un"])
    fig = plot_timeline(picked, zoom=False)
    figures.append(fig)
    texts = label_texts(axes_by_label(fig)["timeline-main"])
    assert sorted(int(t.get_text()) for t in texts) == list(picked["number"])
    # Without a number column, the labels are what filter_events would give.
    fig = plot_timeline(events, zoom=False)
    figures.append(fig)
    assert sorted(int(t.get_text()) for t in label_texts(fig.axes[0])) == list(range(1, len(events) + 1))


def test_no_labels_when_asked(events, figures) -> None:
    fig = plot_timeline(events, labels=False)
    figures.append(fig)
    assert all(not label_texts(ax) for ax in fig.axes)
    assert len(marks(fig.axes[0])) == len(events)


def assert_labels_legible(fig: Figure) -> int:
    """Every label inside the figure, >= 7 pt, and no two labels overlapping (in any axes)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    boxes = []
    for ax in fig.axes:
        texts = label_texts(ax)
        ax_boxes = [(ax.get_label(), t.get_text(), t.get_window_extent(renderer)) for t in texts]
        for name, text, box in ax_boxes:
            assert box.width > 0 and box.height > 0
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, (name, text)
        boxes += ax_boxes
        assert all(t.get_fontsize() >= 7 for t in texts)
    for (ax_a, a, box_a), (ax_b, b, box_b) in combinations(boxes, 2):
        apart = box_a.x1 <= box_b.x0 or box_b.x1 <= box_a.x0 or box_a.y1 <= box_b.y0 or box_b.y1 <= box_a.y0
        assert apart, f"label {a} ({ax_a}) overlaps label {b} ({ax_b})"
    return len(boxes)


@pytest.mark.slow  # draws the full timeline several times
def test_no_label_overlaps_full_dataset(events, figures) -> None:
    fig = plot_timeline(filter_events(events))
    figures.append(fig)
    assert tuple(fig.get_size_inches()) == pytest.approx(A4_LANDSCAPE)
    # 51 in the main panel plus those repeated in the zoom panels.
    assert assert_labels_legible(fig) > len(events)


def test_no_label_overlaps_2012(events, figures) -> None:
    picked = filter_events(events, date_from="2012-01-01", date_to="2012-12-31")
    fig = plot_timeline(picked)
    figures.append(fig)
    assert assert_labels_legible(fig) >= len(picked)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"zoom": False},
        {"categories": ["advocacy", "accountability"]},
        {"people": ["p01"]},
        {"date_from": "2011-12-01", "date_to": "2011-12-31"},
    ],
)
def test_no_label_overlaps_other_selections(events, figures, kwargs) -> None:
    zoom = kwargs.pop("zoom", True)
    fig = plot_timeline(filter_events(events, **kwargs), zoom=zoom)
    figures.append(fig)
    assert assert_labels_legible(fig) > 0


# --- zoom panels -------------------------------------------------------------------------------


def window(letter: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    first, last = next((w[2], w[3]) for w in ZOOM_WINDOWS if w[0] == letter)
    return pd.Timestamp(first), pd.Timestamp(last)


def test_zoom_panels_redraw_the_events_of_each_dense_period(events, figures) -> None:
    picked = filter_events(events)
    fig = plot_timeline(picked)
    figures.append(fig)
    axes = axes_by_label(fig)
    assert list(axes) == ["timeline-main", "timeline-zoom-A", "timeline-zoom-B"]
    for letter in "AB":
        first, last = window(letter)
        inside = picked[(picked["date_start"] <= last) & (picked["date_end"] >= first)]
        ax = axes[f"timeline-zoom-{letter}"]
        drawn = marks(ax)
        assert set(drawn) == set(inside["number"])
        assert sorted(int(t.get_text()) for t in label_texts(ax)) == sorted(inside["number"])
        for row in inside.itertuples():  # same spans, same days as in the main panel
            assert list(drawn[row.number].get_xdata()) == list(marks(axes["timeline-main"])[row.number].get_xdata())
        lo, hi = ax.get_xlim()
        assert lo <= day(first) and day(last) <= hi and hi - lo < 100
    # The windows are shaded on the main axis.
    main = axes["timeline-main"]
    shaded = [p for p in main.patches if p.get_facecolor()[:3] == matplotlib.colors.to_rgb("#FFE08A")]
    assert len(shaded) == 2


def test_zoom_only_where_events_are(events, figures) -> None:
    fig = plot_timeline(filter_events(events, date_from="2012-01-01", date_to="2012-12-31"))
    figures.append(fig)
    assert [ax.get_label() for ax in fig.axes] == ["timeline-main", "timeline-zoom-B"]
    fig = plot_timeline(filter_events(events, date_from="2013-01-01"))
    figures.append(fig)
    assert [ax.get_label() for ax in fig.axes] == ["timeline-main"]
    fig = plot_timeline(events, zoom=False)
    figures.append(fig)
    assert [ax.get_label() for ax in fig.axes] == ["timeline-main"]


# --- figure furniture --------------------------------------------------------------------------


def test_title_legend_source_line_and_years(events, figures) -> None:
    fig = plot_timeline(events)
    figures.append(fig)
    texts = [t.get_text() for t in fig.texts]
    assert "Timeline of events in the Human Rights Watch submission, 2008–2014" in texts
    source = [t for t in texts if t.startswith("Source: ")]
    assert len(source) == 1
    assert source[0].startswith("Source: Human Rights Watch, Oct 2014, pp.")
    assert source[0].startswith(source_line(events["page"]))
    assert UNIT_STATEMENT in source[0]
    assert len(fig.legends) == 1
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "Exact day"
    assert any("bar from first to last possible day" in t for t in legend)
    assert any("Approximate" in t and "dashed" in t for t in legend)
    main = axes_by_label(fig)["timeline-main"]
    lo, hi = main.get_xlim()
    label_year = main.xaxis.get_minor_formatter()
    years = [label_year(x) for x in main.xaxis.get_minorticklocs() if lo <= x <= hi]
    assert years == [str(y) for y in range(2008, 2015)]


def test_title_can_be_given_and_follows_the_selection(events, figures) -> None:
    fig = plot_timeline(filter_events(events, date_from="2012-01-01", date_to="2012-12-31"))
    figures.append(fig)
    assert "Timeline of events in the Human Rights Watch submission, 2012" in [t.get_text() for t in fig.texts]
    fig = plot_timeline(events, title="Custom")
    figures.append(fig)
    assert "Custom" in [t.get_text() for t in fig.texts]


def test_ax_draws_the_main_panel_there_only(events, figures) -> None:
    fig, (ax, other) = plt.subplots(2, 1, figsize=A4_LANDSCAPE)
    figures.append(fig)
    picked = filter_events(events, categories=["trial", "refoulement"])
    assert plot_timeline(picked, ax=ax) is fig
    assert fig.axes == [ax, other]  # no zoom panels added
    assert not other.lines and not other.texts and not other.patches and other.get_legend() is None
    assert not fig.texts and not fig.legends  # nothing outside ax
    assert set(marks(ax)) == set(picked["number"])
    assert ax.get_legend() is not None
    assert ax.get_ylabel() == "Event category"
    assert ax.get_title(loc="left").startswith("Timeline of events")
    assert assert_labels_legible(fig) == len(picked)


def test_empty_selection_says_so(events, figures) -> None:
    nothing = filter_events(events, date_to="2000-01-01")
    assert len(nothing) == 0
    fig = plot_timeline(nothing)
    figures.append(fig)
    assert isinstance(fig, Figure)
    assert EMPTY_MESSAGE in [t.get_text() for t in fig.texts]
    fig, ax = plt.subplots()
    figures.append(fig)
    assert plot_timeline(nothing, ax=ax) is fig
    assert EMPTY_MESSAGE in [t.get_text() for t in ax.texts]


@pytest.mark.slow  # draws the full timeline several times
def test_drawing_is_deterministic(events, figures) -> None:
    def png() -> bytes:
        fig = plot_timeline(filter_events(events))
        figures.append(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()

    assert png() == png()

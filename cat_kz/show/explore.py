"""The interactive explorer: one filter, three views (timeline, method tally, records).

The filtering is plain pandas in :func:`select` (tested without widgets); the
widget application :class:`Explorer` only reads its controls into a
:class:`Filters` and redraws.

What each filter narrows (a filter that does not apply to a view leaves it alone,
and the status line says what was hidden):

==================  ========================================  ==========================================
filter              events (timeline)                         allegations (tally and records)
==================  ========================================  ==========================================
dates               span overlaps the range                   the act's dated occasion or allegation
                                                              overlaps; undated acts hidden (counted)
event category      category                                  category of the act's occasion/allegation
method category     events an allegation of it belongs to     method category
person              person_ids include one                    person
article             cat_articles include one                  its events' cat_articles include one
destination         events of returns to it                   (does not apply)
search              quote, title or description contains it   quote or person's name contains it
==================  ========================================  ==========================================

The filter state reads back as a dict (:meth:`Explorer.state`) and as papermill
parameters (:meth:`Explorer.report_params`, :meth:`Explorer.save_params`), so an
exploration becomes a rendered report with ``cat-kz report -f``.

>>> import cat_kz
>>> from cat_kz.show.explore import Filters, select
>>> chosen = select(cat_kz.load_dataset(), Filters(method_categories=("sexual",)))
>>> sorted(chosen.acts["person_name"].unique())[:1]
['At least two other defendants who testified they were threatened with rape']
"""

from __future__ import annotations

import io
import os
import sys
import types
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from cat_kz.analysis.corroboration import corroborated_acts
from cat_kz.analysis.timeline import UNIT_STATEMENT, filter_events
from cat_kz.dataset.load import Dataset, load_dataset
from cat_kz.dataset.redaction import LEVELS, Redactor
from cat_kz.model.dates import overlaps
from cat_kz.model.schema import EVENT_CATEGORIES, METHOD_CATEGORIES
from cat_kz.show.explore_views import RECORD_KIND, records_html, status_html, tally_html
from cat_kz.show.plotting import add_source_line
from cat_kz.show.timeline_plot import plot_timeline

# the HTML views live in explore_views; callers and tests name them from here too
__all__ = [
    "EXPLORER_HINT",
    "LOCK_VARIABLE",
    "RECORD_KIND",
    "Explorer",
    "Filters",
    "Selection",
    "explore",
    "records_html",
    "select",
    "status_html",
    "tally_html",
]

#: set by ``cat-kz dashboard --redact LEVEL``: the explorer then shows no names below that level
LOCK_VARIABLE = "CAT_KZ_REDACT"
#: set by ``cat-kz dashboard``: where it serves the source page, so each page number opens its passage
SOURCE_URL_VARIABLE = "CAT_KZ_SOURCE_URL"


@dataclass(frozen=True)
class Filters:
    """What the explorer shows; empty means "all"."""

    date_from: pd.Timestamp | None = None
    date_to: pd.Timestamp | None = None
    event_categories: tuple[str, ...] = ()
    method_categories: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # person ids
    articles: tuple[int, ...] = ()
    destinations: tuple[str, ...] = ()
    search: str = ""


@dataclass
class Selection:
    """The records matching a :class:`Filters`, and what the filters hid."""

    events: pd.DataFrame
    acts: pd.DataFrame
    cases: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _contains(series: pd.Series, needle: str) -> pd.Series:
    return series.fillna("").str.contains(needle, case=False, regex=False)


def _overlaps(start: pd.Series, end: pd.Series, f: Filters) -> pd.Series:
    return overlaps(start, end, f.date_from, f.date_to)


def select(ds: Dataset, f: Filters) -> Selection:
    """Apply the filters to events, allegations and refoulement cases (see the module table)."""
    notes: list[str] = []
    events = _select_events(ds, f)
    acts = _select_acts(ds, f, notes)
    return Selection(events, acts, _select_cases(ds, f), notes)


def _select_events(ds: Dataset, f: Filters) -> pd.DataFrame:
    events, acts, cases = ds.events, ds.acts, ds.refoulement
    keep = _overlaps(events["date_start"], events["date_end"], f)
    if f.event_categories:
        keep &= events["category"].isin(f.event_categories)
    if f.people:
        keep &= events["person_ids"].map(lambda ids: bool(set(ids) & set(f.people)))
    if f.articles:
        keep &= events["cat_articles"].map(lambda arts: bool(set(arts) & set(f.articles)))
    if f.destinations:
        keep &= events["event_id"].isin(cases.loc[cases["destination"].isin(f.destinations), "event_id"])
    if f.method_categories:
        chosen = acts[acts["method_category"].isin(f.method_categories)]
        keep &= events["event_id"].isin(set(chosen["event_id"].dropna()) | set(chosen["allegation_event_id"].dropna()))
    if f.search:
        keep &= (
            _contains(events["quote"], f.search)
            | _contains(events["title"], f.search)
            | _contains(events["description"], f.search)
        )
    return events[keep]


def _select_acts(ds: Dataset, f: Filters, notes: list[str]) -> pd.DataFrame:
    """The allegations, dated and classified through the events they belong to; ``notes`` says what is hidden."""
    events, acts = ds.events, ds.acts
    dated = f.date_from is not None or f.date_to is not None
    by_id = events.set_index("event_id")
    linked = [
        [e for e in (occasion, alleged) if isinstance(e, str)]
        for occasion, alleged in zip(acts["event_id"].astype(object), acts["allegation_event_id"].astype(object))
    ]
    keep = pd.Series(True, index=acts.index)
    if f.method_categories:
        keep &= acts["method_category"].isin(f.method_categories)
    if f.people:
        keep &= acts["person_id"].isin(f.people)
    # filters that need an act's event hide the acts the source links to none: say how many
    needing = [
        label
        for label, on in (("date range", dated), ("event category", f.event_categories), ("article", f.articles))
        if on
    ]
    if needing:
        hidden = int((keep & pd.Series([not ids for ids in linked], index=acts.index)).sum())
        if hidden:
            notes.append(
                f"{hidden} allegation{'s' if hidden != 1 else ''} the source does not date or link to an event "
                f"{'are' if hidden != 1 else 'is'} hidden by the {' and '.join(needing)} filter{'s' if len(needing) > 1 else ''}"
            )
    if f.event_categories:
        keep &= pd.Series(
            [any(by_id.at[e, "category"] in f.event_categories for e in ids) for ids in linked], index=acts.index
        )
    if f.articles:
        keep &= pd.Series(
            [any(set(by_id.at[e, "cat_articles"]) & set(f.articles) for e in ids) for ids in linked], index=acts.index
        )
    if dated:
        in_range = _overlaps(by_id["date_start"], by_id["date_end"], f)
        keep &= pd.Series([any(in_range[e] for e in ids) for ids in linked], index=acts.index)
    if f.search:
        keep &= _contains(acts["quote"], f.search) | _contains(acts["person_name"], f.search)
    if f.destinations:
        notes.append("the destination filter applies to the timeline, not to allegations")
    return acts[keep]


def _select_cases(ds: Dataset, f: Filters) -> pd.DataFrame:
    cases = ds.refoulement
    keep = _overlaps(cases["date_start"], cases["date_end"], f)
    if f.destinations:
        keep &= cases["destination"].isin(f.destinations)
    if f.people:
        keep &= cases["person_ids"].map(lambda ids: bool(set(ids) & set(f.people)))
    if f.search:
        keep &= _contains(cases["quote"], f.search) | _contains(cases["persons"], f.search)
    return cases[keep]


def _months(ds: Dataset) -> list[pd.Timestamp]:
    first = ds.events["date_start"].min().to_period("M")
    last = ds.events["date_end"].max().to_period("M")
    return [p.to_timestamp() for p in pd.period_range(first, last, freq="M")]


#: The explorer's text form: what a reader sees where the widgets have not run yet.
EXPLORER_HINT = (
    "The explorer appears here when this notebook runs: Run > Run All Cells in JupyterLab, "
    "or `cat-kz dashboard` for the page without code."
)


class Explorer:
    """The ipywidgets application; display it (it is the last expression of a cell).

    ``explore()`` builds one. Controls: a date-range slider, multi-selects for event
    category, method category, person, Convention article and destination, and a
    free-text search over quotes. Every change redraws the three views.
    """

    def __init__(self, dataset: Dataset | None = None, *, initial: Filters | None = None, redact: str = "none") -> None:
        import ipywidgets as w  # heavy: loaded only when the app is built, not when cat_kz.explore is named

        level = self._load(dataset, redact)
        self._build_controls(w, level)
        self._build_views(w)
        self._drawn_events: tuple | None = None
        self.redraws = 0
        self.widget = self._assemble(w)
        if initial is not None:
            self.set_filters(initial, redraw=False)
        self._connect()
        self.update()

    def _load(self, dataset: Dataset | None, redact: str) -> str:
        """Set the unredacted and the shown dataset; return the redaction level in force."""
        # CAT_KZ_REDACT (set by `cat-kz dashboard --redact`) fixes the level: the names
        # below it are never loaded into the widgets, and the "Names" control is disabled
        self.locked = os.environ.get(LOCK_VARIABLE) or None
        level = self.locked or redact
        base = dataset or load_dataset()
        Redactor(base.people, level)  # a bad level fails here, naming the allowed values
        self.base = base if not self.locked else Redactor(base.people, self.locked).dataset(base)
        self.dataset = self.base if level == "none" or self.locked else Redactor(base.people, level).dataset(base)
        return level

    def _build_controls(self, w: types.ModuleType, level: str) -> None:
        """The filter controls, offering only the values the dataset holds, and the Names control."""
        ds = self.dataset
        self.months = _months(ds)
        labels = [m.strftime("%Y-%m") for m in self.months]
        self.date = w.SelectionRangeSlider(
            options=labels,
            index=(0, len(labels) - 1),
            description="Dates",
            continuous_update=False,
            layout=w.Layout(width="95%"),
        )

        layout, wide = w.Layout(width="auto"), {"description_width": "initial"}

        def choose(options: list, description: str, rows: int = 6):
            return w.SelectMultiple(options=options, description=description, rows=rows, layout=layout, style=wide)

        events_have, acts_have = set(ds.events["category"]), set(ds.acts["method_category"].astype(str))
        self.event_categories = choose(
            [(v, k) for k, v in EVENT_CATEGORIES.items() if k in events_have], "Event category"
        )
        self.method_categories = choose([(v, k) for k, v in METHOD_CATEGORIES.items() if k in acts_have], "Method")
        people = ds.people.sort_values("name")
        self.people = choose(list(zip(people["name"], people["person_id"])), "Person")
        used = sorted(
            {a for arts in ds.events["cat_articles"] for a in arts}
            | {a for arts in ds.recommendations["cat_articles"] for a in arts}
        )
        titles = ds.articles.set_index("article")["title"]
        self.articles = choose([(f"{a}: {titles[a]}", a) for a in used], "Article")
        self.destinations = choose(sorted(ds.refoulement["destination"].unique()), "Destination", rows=3)
        self.search = w.Text(placeholder="words in the quotes", description="Search", continuous_update=False)
        self.reset_button = w.Button(
            description="↺ Show everything"
        )  # no icon font: the page loads nothing from the web
        self.redact = w.Dropdown(
            options=[
                ("Show names", "none"),
                ("Hide minors' names", "minors"),
                ("Hide names of all but officials", "victims"),
                ("Hide all names", "all"),
            ],
            value=level,
            description="Names",
            style=wide,
            disabled=bool(self.locked),
        )
        assert [value for _, value in self.redact.options] == list(LEVELS)

    def _build_views(self, w: types.ModuleType) -> None:
        """The status line and the three views, and a CSS class on every widget."""
        self.status = w.HTML()
        self.timeline = w.Image(format="png", layout=w.Layout(width="100%"))
        self.tally = w.HTML()
        self.records = w.HTML()
        for widget, name in [
            (self.date, "date"),
            (self.event_categories, "event-category"),
            (self.method_categories, "method-category"),
            (self.people, "person"),
            (self.articles, "article"),
            (self.destinations, "destination"),
            (self.search, "search"),
            (self.redact, "redact"),
            (self.status, "status"),
            (self.timeline, "timeline"),
            (self.tally, "tally"),
            (self.records, "records"),
        ]:
            widget.add_class(f"cat-kz-{name}")  # stable hooks for the browser test and custom CSS

    def _assemble(self, w: types.ModuleType):
        """The page: heading, controls, status line, then the views."""
        controls = w.VBox(
            [
                self.date,
                w.HBox([self.event_categories, self.method_categories, self.people]),
                w.HBox([self.articles, self.destinations, w.VBox([self.search, self.reset_button, self.redact])]),
            ]
        )
        heading = w.HTML(
            "<h3>Explore the allegations and events in Human Rights Watch's October 2014 submission</h3>"
            "<p>Allegations are what people testified or reported; counts are of allegations in one source, "
            "not prevalence. Every record cites its page; quotes are verbatim.</p>"
        )
        return w.VBox([heading, controls, self.status, self.timeline, self.tally, self.records])

    def _connect(self) -> None:
        """Redraw on every change of a control; the Names control first swaps the dataset."""
        self.redact.observe(lambda _change: self._apply_redaction(redraw=True), names="value")
        for control in (
            self.date,
            self.event_categories,
            self.method_categories,
            self.people,
            self.articles,
            self.destinations,
            self.search,
        ):
            control.observe(lambda _change: self.update(), names="value")
        self.reset_button.on_click(lambda _button: self.reset())

    def _apply_redaction(self, redraw: bool = False) -> None:
        """Swap in the dataset redacted at the chosen level; relabel people, keep the selection."""
        if self.locked:
            return
        level = self.redact.value
        self.dataset = self.base if level == "none" else Redactor(self.base.people, level).dataset(self.base)
        people = self.dataset.people.sort_values(["name", "person_id"])
        selected = self.people.value
        self._holding = True
        try:
            self.people.options = list(zip(people["name"], people["person_id"]))
            self.people.value = selected
        finally:
            self._holding = False
        if redraw:
            self.update()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata)
            bundle = bundle[0]
        # what a notebook shows before its widgets run (a saved notebook, GitHub, nbviewer): a hint, not VBox(...)
        return dict(bundle) | {"text/plain": EXPLORER_HINT}

    # --- state ---------------------------------------------------------------

    def filters(self) -> Filters:
        """The controls' current values as a :class:`Filters`."""
        first, last = self.date.index
        full = (first, last) == (0, len(self.months) - 1)
        return Filters(
            date_from=None if full else self.months[first],
            date_to=None if full else self.months[last] + pd.offsets.MonthEnd(0),
            event_categories=tuple(self.event_categories.value),
            method_categories=tuple(self.method_categories.value),
            people=tuple(self.people.value),
            articles=tuple(self.articles.value),
            destinations=tuple(self.destinations.value),
            search=self.search.value.strip(),
        )

    def set_filters(self, f: Filters, *, redraw: bool = True) -> None:
        """Set the controls from a :class:`Filters` (one redraw at the end)."""
        self._holding = True
        try:
            first = 0 if f.date_from is None else max(0, sum(m <= f.date_from for m in self.months) - 1)
            last = (
                len(self.months) - 1 if f.date_to is None else max(first, sum(m <= f.date_to for m in self.months) - 1)
            )
            self.date.index = (first, last)
            self.event_categories.value = tuple(f.event_categories)
            self.method_categories.value = tuple(f.method_categories)
            self.people.value = tuple(f.people)
            self.articles.value = tuple(f.articles)
            self.destinations.value = tuple(f.destinations)
            self.search.value = f.search
        finally:
            self._holding = False
        if redraw:
            self.update()

    def reset(self) -> None:
        self.set_filters(Filters())

    def state(self) -> dict:
        """The filter state as a plain dict (dates as YYYY-MM-DD)."""
        f = asdict(self.filters())
        for key in ("date_from", "date_to"):
            f[key] = None if f[key] is None else f[key].strftime("%Y-%m-%d")
        return {k: list(v) if isinstance(v, tuple) else v for k, v in f.items()} | {"redact": self.redact.value}

    def report_params(self) -> dict:
        """The state as ``cat-kz report -f`` parameters, per notebook that can express it."""
        state = self.state()
        dates = {k: state[k] for k in ("date_from", "date_to") if state[k]}
        return {
            "redact": state["redact"],  # once, for every notebook: --redact on the command line still wins
            "01_timeline": dates | {"categories": state["event_categories"], "people": state["people"]},
            "03_refoulement": dates | {"destinations": state["destinations"]},
        }

    def save_params(self, path: Path | str) -> Path:
        """Write :meth:`report_params` as YAML for ``cat-kz report -f PATH``."""
        import yaml  # heavy: loaded only when parameters are saved

        path = Path(path)
        path.write_text(yaml.safe_dump(self.report_params(), sort_keys=False), encoding="utf-8")
        return path

    # --- drawing --------------------------------------------------------------

    @staticmethod
    def _timeline_figure(events: pd.DataFrame) -> Figure:
        """A timeline as tall as its lanes (the A4 page of the notebooks is too tall for a screen)."""
        lanes = max(1, events["category"].nunique())
        fig = Figure(figsize=(11.69, 1.9 + 0.42 * lanes), layout="constrained")
        fig.get_layout_engine().set(rect=(0, 0.08, 1, 0.92))
        ax = fig.add_subplot()
        plot_timeline(filter_events(events), ax=ax, labels=False, zoom=False, title="Events matching the filters")
        add_source_line(fig, events["page"], note=UNIT_STATEMENT)
        return fig

    def _corroborated(self) -> dict[str, list[str]]:
        if not hasattr(self, "_marks"):
            self._marks = corroborated_acts(self.dataset)
        return self._marks

    def update(self) -> None:
        """Redraw the views from the controls (the timeline only if its events changed)."""
        if getattr(self, "_holding", False):
            return
        chosen = select(self.dataset, self.filters())
        key = tuple(chosen.events["event_id"])
        if key != self._drawn_events:
            fig = self._timeline_figure(chosen.events)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=80)
            self.timeline.value = buffer.getvalue()
            self._drawn_events = key
        self.tally.value = tally_html(chosen.acts)
        source = os.environ.get(SOURCE_URL_VARIABLE)  # the dashboard's source page, if any
        marks = self._corroborated()
        self.records.value = records_html(chosen.acts, self.dataset.events, corroborated=marks, source_url=source)
        self.status.value = status_html(self.dataset, chosen.events, chosen.acts, chosen.cases, chosen.notes)
        self.redraws += 1


def explore(dataset: Dataset | None = None, *, redact: str = "none", **initial) -> Explorer:
    """Build the explorer, optionally starting from some filters and a redaction level:

    ``explore(method_categories=["asphyxiation"], date_from="2011-12-01", redact="victims")``.
    """
    for key in ("date_from", "date_to"):
        if initial.get(key):
            initial[key] = pd.Timestamp(initial[key])
        else:
            initial.pop(key, None)
    f = replace(Filters(), **{k: tuple(v) if isinstance(v, list) else v for k, v in initial.items()})
    return Explorer(dataset, initial=f, redact=redact)


class _CallableModule(types.ModuleType):
    """``cat_kz.show.explore`` names both this module and its :func:`explore`.

    ``import cat_kz`` imports this module lazily; whichever happens first,
    ``import cat_kz.show.explore`` (which binds the module to ``cat_kz.show.explore``)
    or ``cat_kz.explore(...)``, the call works: the module calls the function.
    """

    def __call__(self, *args, **kwargs) -> Explorer:
        return explore(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

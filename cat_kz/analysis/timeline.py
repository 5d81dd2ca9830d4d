"""The timeline: select events and list them (:mod:`cat_kz.show.timeline_plot` draws them).

Two steps, each usable alone, and the drawing:

* :func:`filter_events` keeps the events whose date span overlaps a period
  (and, optionally, some categories or people), sorts them and numbers them
  1..n. The number is the key between the chart and the table.
* :func:`event_table` is the table a reader checks against the source, one
  row per number.
* :func:`cat_kz.show.timeline_plot.plot_timeline` draws one lane per category. A day-precise event is a
  dot; an imprecise one (month, season, part of year, year, range) is a bar
  from the first to the last day it can mean, with end caps, so it is never
  drawn as a false point; an approximate date ("~") is a dashed bar. Each mark
  carries its number, and dense periods are enlarged in zoom panels.

>>> import cat_kz
>>> from cat_kz.analysis.timeline import event_table, filter_events
>>> events = filter_events(cat_kz.load_events(), date_from="2012-01-01", date_to="2012-12-31")
>>> first = event_table(events).iloc[0]
>>> print(first.number, first.date_text, first.category, sep=" | ")
1 | 2012 | Accountability and investigations
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from cat_kz.model.dates import overlaps
from cat_kz.model.schema import EVENT_CATEGORIES

__all__ = ["UNIT_STATEMENT", "event_table", "filter_events"]


UNIT_STATEMENT = "Each mark is one event coded from the source"


# --- selecting and listing --------------------------------------------------------------------


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def filter_events(
    events: pd.DataFrame,
    *,
    date_from: object = None,
    date_to: object = None,
    categories: str | Iterable[str] = (),
    people: str | Iterable[str] = (),
) -> pd.DataFrame:
    """Events whose date span overlaps ``[date_from, date_to]``, sorted and numbered.

    An event is kept when any day of ``date_start..date_end`` falls in the period
    (``None`` leaves that end open): "December 2011" is kept by
    ``date_from="2011-12-31"``, because the source's phrase may mean that day.
    ``categories`` are category codes and ``people`` person ids; empty means all,
    and an event matches ``people`` if any of its ``person_ids`` is listed.

    The result is sorted by ``date_start`` then ``event_id`` and gets a first
    column ``number`` (1..n in that order), the key that ties the chart's labels
    to :func:`event_table`. ``events`` is not changed.

    >>> import cat_kz
    >>> events = cat_kz.load_events()
    >>> picked = filter_events(events, date_from="2011-12-17", date_to="2011-12-17", categories=["zhanaozen"])
    >>> picked[["number", "date_text"]].values.tolist()
    [[1, 'December 2011'], [2, 'between December 16 and 19'], [3, 'between December 16 and 18']]
    """
    keep = overlaps(events["date_start"], events["date_end"], date_from, date_to)
    categories, people = _as_list(categories), _as_list(people)
    unknown = [c for c in categories if c not in EVENT_CATEGORIES]
    if unknown:
        raise ValueError(
            f"unknown event categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(EVENT_CATEGORIES)}"
        )

    if categories:
        keep &= events["category"].astype("object").isin(categories).to_numpy(dtype=bool)
    if people:
        wanted = set(people)
        keep &= (
            events["person_ids"]
            .map(lambda ids: isinstance(ids, (list, tuple)) and not wanted.isdisjoint(ids))
            .to_numpy(dtype=bool)
        )

    out = events.loc[keep.to_numpy()].drop(columns=["number"], errors="ignore")
    out = out.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "number", range(1, len(out) + 1))
    return out


def _numbered(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` sorted by their ``number``, numbering them first if they are not yet."""
    if "number" not in events.columns:
        return filter_events(events)
    return events.sort_values("number", kind="stable").reset_index(drop=True)


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """The table a reader checks against the source: one row per event number.

    Columns: ``number``, ``date_text`` (the source's phrase), ``date_start``,
    ``date_end``, ``date_precision``, ``category`` (the lane's label, not its
    code), ``title``, ``page``, ``quote`` and ``event_id``. Events without a
    ``number`` column are numbered as :func:`filter_events` does.

    >>> import cat_kz
    >>> table = event_table(filter_events(cat_kz.load_events(), categories="trial"))
    >>> table[["number", "date_text", "category", "page"]].head(2).values.tolist()
    [[1, 'On March 27, 2012', 'Trial and testimony', 5], [2, 'On April 10, 2012', 'Trial and testimony', 5]]
    """
    events = _numbered(events)
    labels = events["category"].astype("object").map(EVENT_CATEGORIES)
    return pd.DataFrame(
        {
            "number": events["number"],
            "date_text": events["date_text"],
            "date_start": events["date_start"],
            "date_end": events["date_end"],
            "date_precision": events["date_precision"],
            "category": pd.Categorical(labels, categories=list(EVENT_CATEGORIES.values())),
            "title": events["title"],
            "page": events["page"],
            "quote": events["quote"],
            "event_id": events["event_id"],
        }
    )


# --- layout -----------------------------------------------------------------------------------


# --- drawing ----------------------------------------------------------------------------------

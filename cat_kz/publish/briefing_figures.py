"""The briefing's figures: the timeline and the methods tally as SVG, drawn for a 160 mm column.

They are the report's plots (:func:`cat_kz.show.timeline_plot.plot_timeline`,
:func:`cat_kz.show.tally_plots.plot_tally`) drawn into the column's width; in another
language than English their words are then put in that language: the lanes and bars by
the vocabulary's labels in the catalogue (``trp("event category", ...)``), the axis and the
legend by their own entries. Text is drawn as paths (the PDF does not depend on fonts);
matplotlib writes each text's words in a comment beside its paths, which the tests read.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from cat_kz.analysis.tallies import tally_methods
from cat_kz.analysis.timeline import filter_events
from cat_kz.model.language import tr, trp
from cat_kz.model.schema import EVENT_CATEGORIES, METHOD_CATEGORIES
from cat_kz.show.tally_plots import plot_tally
from cat_kz.show.timeline_plot import plot_timeline

#: The event categories the briefing's timeline shows (fewer lanes than the report's).
TIMELINE_CATEGORIES = ("zhanaozen", "trial", "refoulement", "un")
#: A 160 mm text column, in inches.
COLUMN_IN = 160 / 25.4


def _legend_words(lang: str) -> dict[str, str]:
    """The tally legend's English words -> ``lang``."""
    return {
        "individuals": tr("individuals", lang),
        "groups (each once)": tr("groups (each once)", lang),
        "acts against groups": tr("acts against groups", lang),
    }


def _axis_words(lang: str) -> dict[str, str]:
    """The axis labels of the plots -> ``lang``."""
    return {
        "Event category": tr("Event category", lang),
        "Persons or groups alleging (each counted once)": tr("Persons or groups alleging (each counted once)", lang),
        "Alleged acts (records)": tr("Alleged acts (records)", lang),
    }


def localise_timeline(ax, lang: str) -> None:
    """The timeline's lane names and axis label in ``lang`` (the lanes' wrapping kept to its width)."""
    if lang == "en":
        return
    english = {label: code for code, label in EVENT_CATEGORIES.items()}
    ticks = ax.get_yticklabels()
    names = []
    for tick in ticks:
        lines = tick.get_text().split("\n")
        label = " ".join(lines)
        text = trp("event category", label, lang) if label in english else label
        # Russian words run longer than English ones: lines no wider than the English name's widest
        names.append(textwrap.fill(text, max(min(len(line) for line in lines) + 2, 12), break_long_words=False))
    if ticks:
        ax.set_yticks(ax.get_yticks(), names)
    ax.set_ylabel(_axis_words(lang).get(ax.get_ylabel(), ax.get_ylabel()))


def localise_tally(tally, lang: str):
    """A tally with its labels in ``lang`` (method categories from the catalogue)."""
    if lang == "en":
        return tally
    known = set(METHOD_CATEGORIES.values())
    return tally.assign(
        label=[trp("method category", label, lang) if label in known else label for label in tally["label"]]
    )


def localise_tally_axes(ax, lang: str) -> None:
    """The tally's axis label and legend in ``lang``."""
    if lang == "en":
        return
    ax.set_xlabel(_axis_words(lang).get(ax.get_xlabel(), ax.get_xlabel()))
    legend = ax.get_legend()
    if legend is not None:
        words = _legend_words(lang)
        for text in legend.get_texts():
            text.set_text(words.get(text.get_text(), text.get_text()))


def draw_figures(dataset, folder: Path, lang: str = "en") -> dict[str, str]:
    """The timeline and the methods tally as SVG in ``folder``, drawn for a 160 mm column, words in ``lang``."""
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "cat-kz", "font.size": 9}):
        fig = Figure(figsize=(COLUMN_IN, 3.2))
        ax = fig.add_axes((0.2, 0.1, 0.77, 0.86))
        plot_timeline(filter_events(dataset.events, categories=list(TIMELINE_CATEGORIES)), ax=ax, title="")
        if ax.get_legend() is not None:  # the section's text says what a dot and a bar are
            ax.get_legend().remove()
        localise_timeline(ax, lang)
        fig.savefig(folder / "timeline.svg", metadata={"Date": None})
        tally = localise_tally(tally_methods(dataset.acts), lang)
        fig = Figure(figsize=(COLUMN_IN, max(2.6, 0.3 * len(tally) + 1.0)), layout="constrained")
        ax = plot_tally(tally, ax=fig.add_subplot())
        ax.set_title("")  # the caption names the chart
        localise_tally_axes(ax, lang)
        fig.savefig(folder / "methods.svg", metadata={"Date": None})
    return {"timeline": "timeline.svg", "methods": "methods.svg"}

"""Draw the data-quality views: how much of each page the quotes cover, and how other sources agree by topic."""

from __future__ import annotations

import pandas as pd

from cat_kz.analysis.corroboration import COLOURS, NO_RECORD, RELATIONS, SEGMENTS
from cat_kz.show.plotting import PALETTE, add_source_line


def plot_quote_strips(mask: pd.DataFrame, *, ax=None):
    """One horizontal strip per page; characters inside some record's quote are filled.

    The strip's length is the page's number of characters; the share quoted is
    written at its right end. Returns the Axes.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cat_kz.analysis.coverage import quote_mask
    >>> ax = plot_quote_strips(quote_mask())
    >>> ax.get_ylabel()
    'printed page'
    """
    import matplotlib.pyplot as plt  # heavy: pyplot picks a backend; only for a figure drawn without an ax

    if ax is None:
        fig, ax = plt.subplots(figsize=(11.69, 0.45 * max(len(mask), 1) + 1.6))
    fig = ax.figure
    longest = int(mask["n_chars"].max()) if len(mask) else 1
    for row in mask.itertuples(index=False):
        y = row.page - 0.35
        ax.broken_barh([(0, row.n_chars)], (y, 0.7), facecolors="#e6e6e6", edgecolor="none")
        ax.broken_barh(
            [(s - row.start, e - s) for s, e in row.intervals], (y, 0.7), facecolors=PALETTE[0], edgecolor="none"
        )
        ax.text(row.n_chars + longest * 0.01, row.page, f"{row.share:.0%}", va="center", ha="left", fontsize=8)
    ax.set_ylim(mask["page"].max() + 0.6 if len(mask) else 1, 0.4)
    ax.set_yticks(list(mask["page"]))
    ax.set_xlim(0, longest * 1.07)
    ax.set_xlabel("character position on the page (unit: characters of the transcription)")
    ax.set_ylabel("printed page")
    ax.set_title("Share of characters inside some record's quote, per page", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    add_source_line(fig, mask["page"], note="Filled: characters inside some record's quote; grey: not quoted")
    return ax


def plot_agreement(table: pd.DataFrame, *, ax=None):
    """Horizontal stacked bars: claims of other sources per topic, by relation to the submission.

    Takes the frame :func:`agreement_by_topic` returns; returns the ``Axes``.
    """
    import matplotlib.pyplot as plt  # heavy: pyplot picks a backend; only for a figure drawn without an ax

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 1.2 + 0.55 * max(len(table), 1)))
    rows = list(reversed(table.index))  # first topic at the top
    left = pd.Series(0, index=rows)
    for segment in SEGMENTS:
        values = table[segment].reindex(rows).fillna(0) if segment in table.columns else pd.Series(0, index=rows)
        label = RELATIONS[segment].split(":")[0] if segment in RELATIONS else NO_RECORD.capitalize()
        ax.barh(rows, values, left=left, color=COLOURS[segment], label=label, edgecolor="white")
        for y, (value, start) in enumerate(zip(values, left)):
            if value:
                ax.text(
                    start + value / 2,
                    y,
                    str(int(value)),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if segment != "adds" else "black",
                )
        left = left + values
    ax.set_xlabel("claims of other sources (one fact each)")
    ax.set_title("What other sources say about the submission's facts, by topic")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    if table.empty:
        ax.text(0.5, 0.5, "no claims", transform=ax.transAxes, ha="center")
    return ax

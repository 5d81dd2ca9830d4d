"""Draw the tallies of :mod:`cat_kz.analysis.tallies`: bars by category or method, the person-by-category matrix.

Both take ``ax=`` and return the axes they drew on; a new figure gets the source line.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from cat_kz.analysis.tallies import SCOPE_NOUN, UNIT_AXIS_LABEL
from cat_kz.model.schema import METHOD_CATEGORIES
from cat_kz.show.plotting import A4_LANDSCAPE, PALETTE, add_source_line


def _category_colour(category: str) -> str:
    return PALETTE[list(METHOD_CATEGORIES).index(category) % len(PALETTE)]


def plot_tally(tally: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of ``tally_methods`` output, largest on top, counts written on the bars.

    Bars hatched in part show how many of the counted are groups. A new figure
    (when ``ax`` is None) also gets the source line.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(A4_LANDSCAPE[0], max(3.5, 0.45 * len(tally) + 2.2)), layout="constrained")
        add_source_line(
            fig, [p for pages in tally["pages"] for p in pages], note="Allegations in one source, not prevalence"
        )
        fig.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))
    if tally.empty:
        ax.text(0.5, 0.5, "Nothing to count with these settings", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    unit = tally["unit"].iloc[0]
    rows = tally.iloc[::-1]
    y = np.arange(len(rows))
    keys = rows["category"] if "category" in rows.columns else rows["key"]
    colours = [_category_colour(k) for k in keys]
    individuals = rows["n"] - rows["n_groups"]
    ax.barh(y, individuals, color=colours, edgecolor="white")
    ax.barh(y, rows["n_groups"], left=individuals, color=colours, alpha=0.45, hatch="///", edgecolor="white")
    for position, total in zip(y, rows["n"]):
        ax.text(total + 0.1, position, str(total), va="center", fontsize=9)
    ax.set_yticks(y, rows["label"])
    ax.set_xlabel(UNIT_AXIS_LABEL[unit])
    ax.set_xlim(0, rows["n"].max() * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    # neutral legend patches: the bar colours only tell categories apart
    handles = [
        Patch(facecolor="#777777", edgecolor="white", label="individuals"),
        Patch(
            facecolor="#777777",
            alpha=0.45,
            hatch="///",
            edgecolor="white",
            label="groups (each once)" if unit == "persons" else "acts against groups",
        ),
    ]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=9)
    level = "method" if "category" in tally.columns else "category"
    scope = tally["scope"].iloc[0] if "scope" in tally.columns else "case"
    counted = UNIT_AXIS_LABEL[unit].split(" (")[0].lower()
    ax.set_title(title or f"Alleged methods of ill-treatment by {level}: {counted}, {SCOPE_NOUN[scope]}")
    return ax


def plot_matrix(matrix: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None, pages=None) -> Axes:
    """Heat map of ``person_category_matrix``: cells give the number of alleged acts.

    The source line cites ``pages``, by default the pages of the acts the matrix counts.
    """
    pages = matrix.attrs.get("pages", []) if pages is None else pages
    if ax is None:
        height = max(4.0, 0.32 * len(matrix) + 2.6)
        fig, ax = plt.subplots(figsize=(A4_LANDSCAPE[0], height), layout="constrained")
        add_source_line(fig, pages, note="Allegations in one source, not prevalence")
        fig.get_layout_engine().set(rect=(0, 0.03, 1, 0.97))
    if matrix.empty:
        ax.text(0.5, 0.5, "Nothing to count with these settings", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    values = matrix.to_numpy()
    image = ax.imshow(
        np.where(values > 0, values, np.nan), cmap="Blues", vmin=0, vmax=max(1, values.max()), aspect="auto"
    )
    for (row, column), value in np.ndenumerate(values):
        if value:
            ax.text(
                column,
                row,
                str(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > values.max() / 2 else "black",
            )
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=30, ha="right")
    ax.set_yticks(range(matrix.shape[0]), matrix.index, fontsize=8)
    ax.set_xticks(np.arange(-0.5, matrix.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, matrix.shape[0]), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("Method category")
    ax.set_ylabel("Person or group")
    ax.set_title(title or "Who alleged what: alleged acts by person and method category")
    colorbar = ax.figure.colorbar(image, ax=ax, label="Alleged acts (records)", shrink=0.6)
    colorbar.locator = MaxNLocator(integer=True)
    colorbar.update_ticks()
    return ax

"""Shared figure conventions: source line, deterministic saving, tables as CSV.

The plot functions (``cat_kz.show.timeline_plot``, ``tally_plots``,
``refoulement_plots``, ``quality_plots``) take DataFrames, accept ``ax=``,
return what they drew and keep no global state. This module holds what they
share; the citation text itself is :mod:`cat_kz.model.citation`.

Figures are saved deterministically, so a re-run with the same data writes the
same bytes: SVG with a fixed ``svg.hashsalt`` and no date, PNG at 200 dpi with
no timestamp.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig = plt.figure()
>>> add_source_line(fig, [5, 3, 4, 8]).get_text()
'Source: Human Rights Watch, Oct 2014, pp. 3–5, 8'
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from cat_kz.dataset.spreadsheet import neutralise_frame
from cat_kz.files import PROJECT_ROOT
from cat_kz.model.citation import source_line

# Text from the data (method labels, names, quotes) is drawn as written: a "$"
# in a label must never be parsed as mathtext (cat_kz draws no maths).
matplotlib.rcParams["text.parse_math"] = False

#: A4 landscape, inches
A4_LANDSCAPE = (11.69, 8.27)
DPI = 200
SVG_HASHSALT = "cat-kz"

#: One colour per category code (colour-blind-safe Okabe-Ito and Tol palettes).
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#117733",
    "#888888",
)


#: ``gid`` of the source line's text, so :func:`describe` and :func:`save_and_show` can find it.
SOURCE_GID = "cat-kz-source-line"


def add_source_line(fig: Figure, pages: Iterable[int], note: str | None = None):
    """Write the source line (and an optional note) at the bottom left of ``fig``."""
    text = source_line(pages) + (f". {note}" if note else "")
    return fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8, color="#444444", gid=SOURCE_GID)


def resolve_output_dir(output_dir: str | Path) -> Path:
    """Where outputs go. A relative path is taken from the project root, so a
    notebook writes to the same place whatever folder its kernel runs in; it
    may not lead out of the project (``../..``). An absolute path is taken as
    given: the caller chose it (``cat-kz report`` writes into its staging folder).

    >>> resolve_output_dir("../elsewhere")
    Traceback (most recent call last):
    ...
    ValueError: output_dir = '../elsewhere' leads out of the project; give a folder inside it, or an absolute path
    """
    path = Path(output_dir)
    if not path.is_absolute():
        inside = (PROJECT_ROOT / path).resolve()
        if not inside.is_relative_to(PROJECT_ROOT.resolve()):
            raise ValueError(
                f"output_dir = {str(output_dir)!r} leads out of the project; give a folder inside it, or an absolute path"
            )
    path = path if path.is_absolute() else PROJECT_ROOT / path
    path.mkdir(parents=True, exist_ok=True)
    return path


def display_path(path: Path) -> str:
    """``path`` relative to the project root when inside it (no machine paths in outputs)."""
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.name


def save_figure(fig: Figure, name: str, output_dir: str | Path = "figures") -> list[Path]:
    """Save ``fig`` as ``name.png`` (200 dpi) and ``name.svg``, byte-stable across runs."""
    folder = resolve_output_dir(output_dir)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        fig.savefig(paths[0], dpi=DPI, metadata={"Software": None})
        fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    return paths


def _figure_of(fig_or_ax) -> Figure:
    return fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure


def _source_text(fig: Figure):
    return next((t for t in fig.texts if t.get_gid() == SOURCE_GID), None)


def _title(fig: Figure) -> str:
    """The figure's title: its suptitle, a bold figure text, or the first axes title."""
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    for text in fig.texts:
        if text.get_gid() != SOURCE_GID and text.get_fontweight() in ("bold", 700) and text.get_text().strip():
            return text.get_text()
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    return "Figure"


def describe(fig_or_ax) -> str:
    """What a figure shows, in words (the alt text of its image in notebooks and reports).

    Its title, what each axis of its first panel measures (where the unit is
    stated), and its source line (the pages cited, and any note).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Persons returned, by year"); _ = ax.set_ylabel("Persons returned (minimum stated)")
    >>> _ = add_source_line(fig, [8])
    >>> describe(fig)
    'Persons returned, by year. Vertical axis: persons returned (minimum stated). Source: Human Rights Watch, Oct 2014, p. 8.'
    >>> plt.close(fig)
    """
    fig = _figure_of(fig_or_ax)
    parts = [_title(fig).replace("\n", " ").rstrip(".")]
    if fig.axes:
        ax = fig.axes[0]
        for which, label in (("Horizontal axis", ax.get_xlabel()), ("Vertical axis", ax.get_ylabel())):
            if label:
                parts.append(f"{which}: {label[0].lower() + label[1:]}")
    source = _source_text(fig)
    if source is not None:
        parts.append(source.get_text().rstrip("."))
    return ". ".join(parts) + "."


class FigureImage:
    """A saved figure as notebooks show it: a PNG with its description as alt text.

    Its text form is the description (stable, so nbval can compare it), never
    ``<Figure size ...>``.
    """

    def __init__(self, png: bytes, description: str, name: str) -> None:
        self.png, self.description, self.name = png, description, name

    def __repr__(self) -> str:
        return f"<figure {self.name}: {self.description}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": self.png, "text/plain": repr(self)}
        metadata = {"image/png": {"alt": self.description}, "cat_kz": {"figure": self.name}}
        return data, metadata


#: Resolution of the image shown in notebooks and reports (the saved PNG has :data:`DPI`).
SHOW_DPI = 100


def redaction_note(level: str) -> str:
    """What a redacted output says about itself ('' when nothing is redacted).

    >>> redaction_note("victims")
    'Redacted (level: victims): names are pseudonyms'
    >>> redaction_note("none")
    ''
    """
    return "" if level in (None, "none") else f"Redacted (level: {level}): names are pseudonyms"


def save_and_show(fig_or_ax, name: str, output_dir: str | Path = "figures", *, redact: str = "none") -> list[Path]:
    """Save a figure (PNG and SVG, as :func:`save_figure`) and show it in the notebook.

    The one way notebooks put a figure on the page: the image shown is the figure
    saved, with :func:`describe` as its alt text, so every executed notebook and
    every HTML report carries each figure. With ``redact`` other than ``"none"``
    the source line says that names are pseudonyms. A pyplot figure is closed
    afterwards, so it is not shown twice. Returns the paths written.

    >>> import matplotlib.pyplot as plt, tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = add_source_line(fig, [8])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in save_and_show(fig, "demo", folder, redact="all")]  # doctest: +ELLIPSIS
    <figure demo: Figure. Source: Human Rights Watch, Oct 2014, p. 8. Redacted (level: all): names are pseudonyms.>
    ['demo.png', 'demo.svg']
    """
    # heavy: pyplot (a backend) and IPython, needed only to show a figure in a notebook
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = _figure_of(fig_or_ax)
    note = redaction_note(redact)
    if note:
        source = _source_text(fig)
        if source is None:
            source = add_source_line(fig, [])
        if note not in source.get_text():
            source.set_text(f"{source.get_text().rstrip('.')}. {note}")
    written = save_figure(fig, name, output_dir)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=SHOW_DPI, metadata={"Software": None})
    display(FigureImage(buffer.getvalue(), describe(fig), name))
    plt.close(fig)
    return written


def write_table(frame: pd.DataFrame, name: str, output_dir: str | Path = "figures") -> Path:
    """Write a table as ``name.csv``; list cells are joined with ';' as in data/.

    Text a spreadsheet would run as a formula is neutralised
    (:func:`cat_kz.dataset.spreadsheet.neutralise_frame`).
    """
    folder = resolve_output_dir(output_dir)
    path = folder / f"{name}.csv"
    out = neutralise_frame(frame)
    for column in out.columns:
        if any(isinstance(v, (list, tuple)) for v in out[column]):
            out[column] = out[column].map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    out.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return path

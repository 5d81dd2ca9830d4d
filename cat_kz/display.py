"""Tables for notebooks and HTML reports, with output that is the same on every run.

A pandas Styler shows as ``<pandas...Styler at 0x7f...>`` in plain text and
numbers its HTML ids at random; both break output regression checks (nbval).
:func:`table` fixes the ids from a name and gives a short, stable text form.

>>> import pandas as pd
>>> from cat_kz.display import table
>>> t = table(pd.DataFrame({"person_ids": [["p01", "p02"]], "page": [4]}), name="demo")
>>> t
<table demo: 1 row x 2 columns>
>>> 'id="T_demo' in t._repr_html_() and "p01; p02" in t._repr_html_()
True
"""

from __future__ import annotations

import pandas as pd


class Table:
    """A DataFrame shown as a styled HTML table (``_repr_html_``) with a stable text form."""

    def __init__(self, frame: pd.DataFrame, name: str) -> None:
        self.frame = frame
        self.name = name

    def __repr__(self) -> str:
        rows, columns = self.frame.shape
        return f"<table {self.name}: {rows} row{'s' if rows != 1 else ''} x {columns} column{'s' if columns != 1 else ''}>"

    def _repr_html_(self) -> str:
        shown = self.frame.copy()
        for column in shown.columns:
            series = shown[column]
            if str(series.dtype).startswith("datetime64"):
                shown[column] = series.dt.strftime("%Y-%m-%d")
            elif any(isinstance(v, list) for v in series):
                shown[column] = series.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
        # escape: a quote with '<' or '&' must show as text, not be read as markup
        styler = shown.style.set_uuid(self.name).hide(axis="index").format(na_rep="", escape="html")
        styler = styler.set_table_styles(
            [
                {"selector": "td", "props": "text-align: left; vertical-align: top;"},
                {"selector": "th", "props": "text-align: left;"},
            ]
        )
        return styler.to_html()


def table(frame: pd.DataFrame, *, name: str) -> Table:
    """Show ``frame`` in a notebook: dates as YYYY-MM-DD, lists joined with '; ', no index."""
    return Table(frame, name)

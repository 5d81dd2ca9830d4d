"""Tables for notebooks and HTML reports, with output that is the same on every run.

A pandas Styler shows as ``<pandas...Styler at 0x7f...>`` in plain text and
numbers its HTML ids at random; both break output regression checks (nbval).
:func:`table` fixes the ids from a name and gives a short, stable text form.

>>> import pandas as pd
>>> from cat_kz.show.tables import table
>>> t = table(pd.DataFrame({"person_ids": [["p01", "p02"]], "page": [4]}), name="demo")
>>> t
<table demo: 1 row x 2 columns>
>>> 'id="T_demo' in t._repr_html_() and "p01; p02" in t._repr_html_()
True

Column headers are labels for readers (:func:`column_label`), numbers are
written as a reader writes them (:func:`format_number`), booleans as yes and no.
"""

from __future__ import annotations

import html

import pandas as pd

#: Reader-facing labels of the column names tables carry (data/ columns and derived ones).
#: A name not listed is shown with its underscores as spaces and a capital first letter.
LABELS = {
    "act_id": "Act id",
    "alleged_by": "Alleged by",
    "case_id": "Case id",
    "committee_action": "Committee's action",
    "committee_action_date": "Date of the Committee's action",
    "date_end": "Last possible day",
    "date_precision": "Date precision",
    "date_start": "First possible day",
    "date_text": "Date as the source gives it",
    "edtf": "EDTF date",
    "event_id": "Event id",
    "key": "Code",
    "n": "Count",
    "n_groups": "Of which groups",
    "n_persons": "Persons",
    "notes": "Notes",
    "page": "Page",
    "pages": "Pages",
    "percent_covered_or_excluded": "Covered or excluded (%)",
    "person": "Person or group",
    "refugee_status": "Refugee status",
    "quote": "Quote",
}


def column_label(name: object) -> str:
    """The header a reader sees for a column.

    >>> column_label("n_persons"), column_label("committee_action"), column_label("one record is")
    ('Persons', "Committee's action", 'One record is')
    """
    text = str(name)
    if text in LABELS:
        return LABELS[text]
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]


def format_number(value: float) -> str:
    """A float as a reader writes it: no trailing zeros, at most one decimal.

    >>> format_number(100.0), format_number(87.54), format_number(0.05)
    ('100', '87.5', '0.1')
    """
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class Table:
    """A DataFrame shown as a styled HTML table (``_repr_html_``) with a stable text form."""

    def __init__(self, frame: pd.DataFrame, name: str) -> None:
        self.frame = frame
        self.name = name

    def __repr__(self) -> str:
        rows, columns = self.frame.shape
        return (
            f"<table {self.name}: {rows} row{'s' if rows != 1 else ''} x {columns} column{'s' if columns != 1 else ''}>"
        )

    def _repr_html_(self) -> str:
        shown = self.frame.copy()
        for column in shown.columns:
            series = shown[column]
            if str(series.dtype).startswith("datetime64"):
                shown[column] = series.dt.strftime("%Y-%m-%d")
            elif str(series.dtype) in ("bool", "boolean"):
                shown[column] = series.map(lambda v: "" if v is None or v is pd.NA else "yes" if v else "no")
            elif any(isinstance(v, list) for v in series):
                shown[column] = series.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
        # escape: a quote with '<' or '&' must show as text, not be read as markup
        floats = [c for c in shown.columns if str(shown[c].dtype).startswith(("float", "Float"))]
        styler = shown.style.set_uuid(self.name).hide(axis="index").format(na_rep="", escape="html")
        styler = styler.format(format_number, subset=floats, na_rep="") if floats else styler
        styler = styler.format_index(column_label, axis="columns", escape="html")
        links = [c for c in shown.columns if str(c) == "url" or str(c).endswith("_url")]
        styler = styler.format(link, subset=links, na_rep="") if links else styler
        styler = styler.set_table_styles(
            [
                {"selector": "td", "props": "text-align: left; vertical-align: top;"},
                {"selector": "th", "props": "text-align: left;"},
            ]
        )
        return styler.to_html()


def link(url: object) -> str:
    """An http(s) address as a link that wraps anywhere, so a long one keeps the table's other
    columns on screen; any other text escaped as it is.

    >>> link("https://example.org/a?b=1&c=2")
    '<a href="https://example.org/a?b=1&amp;c=2" style="overflow-wrap: anywhere; word-break: break-all;">https://example.org/a?b=1&amp;c=2</a>'
    """
    text = "" if url is None or (not isinstance(url, str) and pd.isna(url)) else str(url)
    escaped = html.escape(text)
    if not text.startswith(("http://", "https://")):
        return escaped
    return f'<a href="{escaped}" style="overflow-wrap: anywhere; word-break: break-all;">{escaped}</a>'


def table(frame: pd.DataFrame, *, name: str) -> Table:
    """Show ``frame`` in a notebook: dates as YYYY-MM-DD, lists joined with '; ', no index."""
    return Table(frame, name)

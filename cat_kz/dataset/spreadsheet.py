"""Cells safe to open in a spreadsheet: text from data never becomes a formula.

A CSV or spreadsheet cell whose text begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is run as a formula by Excel, LibreOffice and Google
Sheets (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``). Following OWASP's
CSV-injection guidance, such text gets a leading apostrophe, which the
spreadsheet shows as text and does not display; numbers stay numbers.

Use :func:`neutralise` for one value and :func:`neutralise_frame` for a table
before writing it with ``to_csv`` or ``to_excel``.

>>> from cat_kz.dataset.spreadsheet import neutralise
>>> neutralise('=HYPERLINK("http://x","click")'), neutralise("-5"), neutralise(-5), neutralise("beaten")
('\\'=HYPERLINK("http://x","click")', "'-5", -5, 'beaten')
"""

from __future__ import annotations

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run;
    anything else (numbers, dates, NA, ordinary text) unchanged.

    Text that already starts with ``'`` before such a character gets one more,
    so :func:`unneutralise` gives back exactly what went in.

    >>> neutralise("'=b"), all(unneutralise(neutralise(t)) == t for t in ["@a", "'=b", "'c", "d", ""])
    ("''=b", True)
    """
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or (value.startswith("'") and value[1:].lstrip("'").startswith(FORMULA_STARTS))
    ):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """The inverse of :func:`neutralise` (for reading a workbook back)."""
    if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell, list item, column name and index
    label passed through :func:`neutralise`; numeric columns are untouched.

    >>> import pandas as pd
    >>> out = neutralise_frame(pd.DataFrame({"label": ["@SUM(A1)", "kicks"], "n": [-1, 2]}))
    >>> out["label"].tolist(), out["n"].tolist()
    (["'@SUM(A1)", 'kicks'], [-1, 2])
    """

    def cell(value: object) -> object:
        if isinstance(value, (list, tuple)):
            return type(value)(neutralise(v) for v in value)
        return neutralise(value)

    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            out.isetitem(position, column.map(cell, na_action="ignore"))
        elif isinstance(column.dtype, pd.CategoricalDtype):
            categories = [neutralise(c) for c in column.cat.categories]
            if len(set(categories)) == len(categories):
                out.isetitem(position, column.cat.rename_categories(categories))
    out.columns = [neutralise(c) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(neutralise)
    return out

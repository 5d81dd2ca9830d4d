"""Tables for notebooks and HTML reports, with output that is the same on every run.

A pandas Styler shows as ``<pandas...Styler at 0x7f...>`` in plain text and
numbers its HTML ids at random; both break output regression checks (nbval).
:func:`table` fixes the ids from a name and gives a short, stable text form.

>>> import pandas as pd

from cat_kz.model.citation import passage_href
from cat_kz.model.schema import TABLES
>>> from cat_kz.show.tables import table
>>> t = table(pd.DataFrame({"person_ids": [["p01", "p02"]], "page": [4]}), name="demo")
>>> t
<table demo: 1 row x 2 columns>
>>> 'id="T_demo' in t._repr_html_() and "p01; p02" in t._repr_html_()
True

Column headers are labels for readers (:func:`column_label`), numbers are
written as a reader writes them (:func:`format_number`), booleans as yes and no,
text in reader case with plurals right (:func:`reader_text`), and a date is never
broken across lines. :func:`say` shows a sentence as a paragraph, not as printed
(monospace) output.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from cat_kz.model.citation import passage_href
from cat_kz.model.schema import TABLES

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
    "url": "Address",
    "external_source_id": "Source id",
}


#: Vocabulary values (data/ stores them in lower case) as a reader writes them: proper names capitalised.
#: Applied to whole words in every cell but the source's own words (:data:`VERBATIM`).
VALUE_LABELS = {
    "human rights watch": "Human Rights Watch",
    "un special rapporteur": "UN special rapporteur",
}
#: Columns that hold the source's own words: shown exactly as stored.
VERBATIM = frozenset({"quote", "context", "text", "date_text", "example phrase", "excerpt"})
_VALUES = re.compile(r"\b(" + "|".join(map(re.escape, VALUE_LABELS)) + r")\b")
#: "1 persons" -> "1 person": counted nouns the analysis writes after a number.
_ONE = re.compile(r"(?<![\d.,])\b1 (person|case|record|act|organisation|year|day|document|claim|fact|mention)s\b")
#: An ISO or EDTF date (2011-12-16, 2010-39, 2011-12-16/2011-12-17, 2014-05~): kept on one line.
_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}(?:-\d{2})?(?:/\d{4}(?:-\d{2}){0,2})?[~?%]?(?![\w-])")
NOWRAP = '<span style="white-space: nowrap">{}</span>'


def reader_text(text: str) -> str:
    """Our words in reader case with plurals right (never the source's: see :data:`VERBATIM`).

    >>> reader_text("found by un special rapporteur; 1 persons, 21 persons")
    'found by UN special rapporteur; 1 person, 21 persons'
    """
    return _ONE.sub(r"1 \1", _VALUES.sub(lambda m: VALUE_LABELS[m.group(1)], text))


def keep_dates_whole(markup: str) -> str:
    """HTML ``markup`` with every date in a span that never breaks across lines.

    >>> keep_dates_whole("On May 30, 2011 (2011-05-30)")
    'On May 30, 2011 (<span style="white-space: nowrap">2011-05-30</span>)'
    """
    return _DATE.sub(lambda m: NOWRAP.format(m.group(0)), markup)


def _cell(verbatim: bool):
    """The formatter of one text column: ``value`` arrives HTML-escaped from the Styler."""

    def shown(value: object) -> str:
        text = str(value)
        return keep_dates_whole(text if verbatim else reader_text(text))

    return shown


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
        key = record_key(shown)
        cited = key is not None and "page" in shown.columns
        if cited:
            shown["page"] = pd.Series(list(zip(shown[key], shown["page"])), index=shown.index, dtype=object)
        # escape: a quote with '<' or '&' must show as text, not be read as markup
        floats = [c for c in shown.columns if str(shown[c].dtype).startswith(("float", "Float"))]
        styler = shown.style.set_uuid(self.name).hide(axis="index").format(na_rep="", escape="html")
        styler = styler.format(format_number, subset=floats, na_rep="") if floats else styler
        texts = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c].dtype)]
        if texts:
            formats = {c: _cell(str(c) in VERBATIM) for c in texts}
            styler = styler.format(formats, na_rep="", escape="html")
        styler = styler.format_index(column_label, axis="columns", escape="html")
        links = [c for c in shown.columns if str(c) == "url" or str(c).endswith("_url")]
        styler = styler.format(link, subset=links, na_rep="") if links else styler
        if cited:  # each page cited opens its record's passage on source.html
            styler = styler.format(cite, subset=["page"], na_rep="")
        styler = styler.set_table_styles(
            [
                {"selector": "td", "props": "text-align: left; vertical-align: top;"},
                {"selector": "th", "props": "text-align: left;"},
            ]
        )
        return styler.to_html()


#: The columns that name a quoted record, in the order tried: a table's page cell links to that record's passage.
RECORD_KEYS = tuple(table.key for table in TABLES.values() if table.quoted)


def record_key(frame: pd.DataFrame) -> str | None:
    """The column of ``frame`` that names the quoted record each row shows (``act_id`` ...), if any."""
    return next((key for key in RECORD_KEYS if key in frame.columns), None)


def cite(cell: object) -> str:
    """A (record id, page) cell as the page number linked to the record's passage on the source page.

    >>> cite(("act-033", 6))
    '<a class="cat-kz-cite" href="source.html#act-033" title="Open the passage">6</a>'
    >>> cite((None, 6))
    '6'
    """
    record, page = cell if isinstance(cell, tuple) else (None, cell)
    if page is None or page is pd.NA or (isinstance(page, float) and pd.isna(page)):
        return ""
    shown = html.escape(str(int(page)) if isinstance(page, (int, float)) else str(page))
    if not isinstance(record, str) or not record:
        return shown
    href = html.escape(passage_href(record))
    return f'<a class="cat-kz-cite" href="{href}" title="Open the passage">{shown}</a>'


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


class Sentence:
    """A sentence shown as a paragraph (``<p>``) in notebooks and reports; its text form is the sentence.

    In reader case, plurals right:

    >>> Sentence("1 persons alleged it; 11 summaries shown apart.")
    1 person alleged it; 11 summaries shown apart.
    """

    def __init__(self, text: str) -> None:
        self.text = reader_text(text)

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<p class="cat-kz-sentence">{keep_dates_whole(html.escape(self.text))}</p>'


def say(text: str) -> None:
    """Show ``text`` as a paragraph of the page (``print`` would set it in monospace, breaking words).

    What it shows is a :class:`Sentence`:

    >>> Sentence("1 persons returned on 2011-05-30.")._repr_html_()
    '<p class="cat-kz-sentence">1 person returned on <span style="white-space: nowrap">2011-05-30</span>.</p>'
    """
    from IPython.display import display  # heavy: needed only to show it in a notebook

    display(Sentence(text))


def table(frame: pd.DataFrame, *, name: str) -> Table:
    """Show ``frame`` in a notebook: dates as YYYY-MM-DD, lists joined with '; ', no index."""
    return Table(frame, name)

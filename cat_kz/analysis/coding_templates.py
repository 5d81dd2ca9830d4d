"""Coding templates for any plain-text source: its mentions with empty records to fill in.

To start coding another submission, :func:`scan_file` finds the candidate
mentions of a plain-text file (:func:`cat_kz.analysis.mentions.find_mentions`), and
:func:`coding_templates` adds, for each, the empty columns of the table a
researcher would add a record to (:data:`SUGGESTED_TABLE`);
:func:`write_templates` does both and writes CSV (``cat-kz coverage PATH.txt``).

>>> coding_templates(find_mentions("In December 2011 he was beaten."))["suggested_table"].tolist()
['events', 'acts']
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cat_kz.analysis.mentions import KINDS, find_mentions
from cat_kz.dataset.spreadsheet import neutralise_frame
from cat_kz.errors import SourceFormatError
from cat_kz.model.schema import TABLES
from cat_kz.model.sources import BODY_MARKER, split_pages

__all__ = ["SUGGESTED_TABLE", "coding_templates", "scan_file", "write_templates"]

#: The table a researcher would add a record to for each kind of mention.
SUGGESTED_TABLE = {"date": "events", "name": "people", "figure": "counts", "method": "acts"}


def _read_text(path: Path | str) -> str:
    return Path(path).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def scan_file(path: Path | str) -> pd.DataFrame:
    """:func:`find_mentions` on any plain-text file (UTF-8).

    With a ``Transcription:`` line, only the text after it is scanned and, if
    every line after it ends with its page number (the project's convention),
    pages are numbered; otherwise the whole text is scanned and ``page`` is NA.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "memo.txt"
    ...     _ = path.write_text("Transcription:\\nOn June 9, 2011, police beat him. 1\\n", encoding="utf-8")
    ...     scan_file(path)[["kind", "text", "page"]].values.tolist()
    [['date', 'June 9, 2011', 1], ['method', 'beat', 1]]
    """
    text = _read_text(path)
    marker = re.search(rf"^{re.escape(BODY_MARKER)}[ \t]*$", text, flags=re.MULTILINE)
    if marker is None:
        return find_mentions(text)
    try:
        body_start, pages = split_pages(text, name=Path(path).name)
    except SourceFormatError:
        return find_mentions(text, body_start=marker.end())

    def page_of(offset: int) -> int | None:
        for page in pages:
            if page.start <= offset < page.end:
                return page.number
        return None

    return find_mentions(text, body_start=body_start, page_of=page_of)


def coding_templates(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions plus empty record templates a researcher fills in.

    ``suggested_table`` is events for dates, people for names, counts for
    figures and acts for methods; then every column of each suggested table
    (from :data:`cat_kz.model.schema.TABLES`) as ``<table>.<column>``, empty, in
    :data:`KINDS` order of the tables.

    >>> t = coding_templates(find_mentions("On June 9, 2011 he was beaten."))
    >>> t[["kind", "suggested_table"]].values.tolist()
    [['date', 'events'], ['method', 'acts']]
    >>> "events.edtf" in t.columns and "acts.method_code" in t.columns and "people.name" not in t.columns
    True
    """
    out = mentions.copy()
    out["suggested_table"] = out["kind"].astype(str).map(SUGGESTED_TABLE).astype("string")
    present = set(out["suggested_table"].dropna())
    for kind in KINDS:
        table = SUGGESTED_TABLE[kind]
        if table in present:
            for column in TABLES[table].column_names:
                out[f"{table}.{column}"] = pd.Series(pd.NA, index=out.index, dtype="string")
    return out


def write_templates(path_in: Path | str, path_out: Path | str) -> int:
    """Scan ``path_in`` and write its coding templates as CSV to ``path_out``; return the number of rows.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "memo.txt"
    ...     _ = path.write_text("In December 2011 he was beaten.\\n", encoding="utf-8")
    ...     write_templates(path, pathlib.Path(folder) / "memo-mentions.csv")
    2
    """
    templates = coding_templates(scan_file(path_in))
    # a mention's text comes from another source: a cell starting "=HYPERLINK(" must not run in a spreadsheet
    neutralise_frame(templates).to_csv(path_out, index=False, lineterminator="\n", encoding="utf-8")
    return len(templates)

"""Dates and places as a reader of the key facts writes them: "4 June 2012", "16–19 декабря 2011 г.".

:func:`reader_date` gives a record's date from its EDTF bounds (``date_start``, ``date_end``,
``date_precision``) in English as the reports write it, and in another language by Babel
(:func:`local_date`), a date stated only as part of a year written from its bounds
("late 2010"; "конец 2010 г."). The key facts, the slides and the briefing import them from here.
"""

from __future__ import annotations

import pandas as pd

from cat_kz.model.language import date_text, place_text, trp


def action_dates(case) -> dict:
    """The date fields of a return's Committee action, named as a record's own (for :func:`reader_date`)."""
    return {key: case.get(f"cat_action_{key}") for key in ("date_start", "date_end", "date_precision", "date_text")}


def place(name: str, lang: str) -> str:
    return place_text(name, lang) if name else ""


def cell_text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def reader_date(record, lang: str = "en") -> str:
    """A record's date as a reader writes it: "4 June 2012", "December 2011", else as stated
    ("late 2010"), from its EDTF bounds (``date_start``, ``date_precision``, ``date_text``);
    in another ``lang`` from the bounds alone, by Babel (:func:`local_date`).

    >>> import datetime
    >>> reader_date({"date_start": datetime.date(2012, 6, 4), "date_precision": "day", "date_text": "On June 4, 2012"})
    '4 June 2012'
    >>> reader_date({"date_start": None, "date_precision": "part of year", "date_text": "in late 2010"})
    'late 2010'
    """
    if lang != "en":
        return local_date(record, lang)
    start, end, precision = record.get("date_start"), record.get("date_end"), str(record.get("date_precision"))
    if start is not None and not pd.isna(start) and precision in ("day", "month", "year"):
        start = pd.Timestamp(start)
        about = "about " if bool(record.get("date_approximate") or False) else ""
        return (
            about + {"day": f"{start.day} {start:%B %Y}", "month": f"{start:%B %Y}", "year": f"{start.year}"}[precision]
        )
    if precision == "range" and start is not None and not pd.isna(start) and end is not None and not pd.isna(end):
        start, end = pd.Timestamp(start), pd.Timestamp(end)
        if (start.year, start.month) == (end.year, end.month) and start.day != 1:
            return f"{start.day}–{end.day} {end:%B %Y}"  # 16–19 December 2011
    text = cell_text(record.get("date_text"))
    for prefix in ("on ", "in ", "by "):
        if text.lower().startswith(prefix):
            return text[len(prefix) :]
    return text


def _season(start: pd.Timestamp, end: pd.Timestamp, lang: str) -> str:
    """ "late 2010" (a part of a year) or "spring 2012" (a season), from the bounds."""
    if start.month in (3, 4, 5) and end.month <= 6:
        return trp("date", "spring {year}", lang).format(year=start.year)
    if start.month in (6, 7, 8) and end.month <= 9:
        return trp("date", "summer {year}", lang).format(year=start.year)
    if start.month >= 9:
        return trp("date", "late {year}", lang).format(year=start.year)
    if end.month <= 4:
        return trp("date", "early {year}", lang).format(year=start.year)
    return trp("date", "mid-{year}", lang).format(year=start.year)


def local_date(record, lang: str) -> str:
    """A record's date in ``lang`` from its EDTF bounds (the stated words are English).

    >>> import datetime
    >>> local_date({"date_start": datetime.date(2011, 12, 16), "date_end": datetime.date(2011, 12, 19), "date_precision": "range"}, "ru")
    '16–19 декабря 2011\u202fг.'
    >>> local_date({"date_start": datetime.date(2010, 9, 1), "date_end": datetime.date(2010, 12, 31), "date_precision": "part of year"}, "ru")
    'конец 2010\u202fг.'
    """
    start, end, precision = record.get("date_start"), record.get("date_end"), str(record.get("date_precision"))
    if start is None or pd.isna(start):
        return cell_text(record.get("date_text"))
    start = pd.Timestamp(start)
    end = pd.Timestamp(end) if end is not None and not pd.isna(end) else start
    if precision in ("day", "month", "year"):
        text = date_text(start.date(), lang, precision=precision)
    elif precision == "range" and (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}–{date_text(end.date(), lang)}"  # 16–19 декабря 2011 г.
    elif precision == "range":
        text = f"{date_text(start.date(), lang)} – {date_text(end.date(), lang)}"
    else:
        text = _season(start, end, lang)
    if bool(record.get("date_approximate") or False):
        return trp("date", "about {date}", lang).format(date=text)
    return text

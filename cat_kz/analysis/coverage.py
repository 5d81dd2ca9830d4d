"""Source coverage: is every date, name, figure and method word of a source coded?

A hand-coded dataset is only as good as what it missed. This module checks
each candidate mention of a source (:func:`cat_kz.analysis.mentions.find_mentions`:
dates, names, figures, method words) against the coded records, counts the
result per kind and per page, and measures which characters of each page some
record quotes (:func:`quote_mask`, drawn by :func:`plot_quote_strips`). The
lexicon and the detectors live in :mod:`cat_kz.analysis.mentions`, the templates for
coding another source in :mod:`cat_kz.analysis.coding_templates`; their public names
are importable from here too.

Each mention is **covered**, **excluded** or **uncovered** (:func:`coverage`):

covered
    the mention lies inside the ``[char_start, char_end)`` span of a record's
    quote *and* a field of that record carries it:

    - date: the record is dated by it -- its ``date_text`` or
      ``cat_action_date_text`` is the same phrase (leading prepositions and
      "sometime" aside), or its ``edtf`` or ``cat_action_edtf`` has the same
      strict bounds as the mention (a mention without a year matches if some
      year within the record's bounds makes them equal); or an event the record
      links to (``event_id``, ``allegation_event_id``) is dated by it; or the
      record's own ``description``, ``title`` or ``text`` repeats the phrase
      (the coder carried a back-reference such as "in December 2011" into the
      record; ``notes`` do not count).
    - name: a person of kind ``individual`` tied to the record (the record
      itself for ``people``; ``person_id`` of acts; ``person_ids`` of events,
      refoulement and recommendations) has a name whose words include all the
      mention's words.
    - figure: a ``counts`` record whose ``value`` equals the mention's number
      or whose ``value_text`` ("dozens", "several") stands in the mention; a
      ``people`` record whose ``age`` or ``group_size_min`` equals it, or an
      individual for the figure one ("one of the defendants"); a
      ``refoulement`` record whose ``n_persons`` equals it.
    - method: an ``acts`` record whose ``method_code`` is one of the codes
      :data:`METHOD_LEXICON` gives for the matched word.
excluded
    not covered, and listed in ``data/coverage_exclusions.csv`` (columns
    ``kind, text, page, reason``), matched by kind, exact text (whitespace
    normalised) and page; the reason says why it needs no record.
uncovered
    neither: a fact the data may lack, or a detector hit that needs a reason.

On the Human Rights Watch source:

>>> cov = coverage()
>>> summary(cov)[["kind", "uncovered"]].values.tolist()
[['date', 0], ['name', 0], ['figure', 0], ['method', 0]]

All functions take or return pandas DataFrames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from cat_kz.analysis.date_phrases import date_bounds
from cat_kz.analysis.mentions import KINDS, MENTION_COLUMNS, METHOD_LEXICON, figure_value, find_mentions, phrase_key
from cat_kz.dataset.load import load_dataset
from cat_kz.errors import MissingSource
from cat_kz.model.schema import TABLES
from cat_kz.model.sources import normalise_whitespace

__all__ = [
    "COVERAGE_COLUMNS",
    "EXCLUSIONS_FILE",
    "EXCLUSION_COLUMNS",
    "STATUSES",
    "by_page",
    "coverage",
    "quote_mask",
    "read_exclusions",
    "summary",
    "unused_exclusions",
]

STATUSES = ("covered", "excluded", "uncovered")
EXCLUSION_COLUMNS = ("kind", "text", "page", "reason")
EXCLUSIONS_FILE = "coverage_exclusions.csv"


_DATED_FIELDS = (
    ("date_text", "edtf", "date_start", "date_end"),
    ("cat_action_date_text", "cat_action_edtf", "cat_action_date_start", "cat_action_date_end"),
)
_CONTENT_FIELDS = ("description", "title", "text")


def _records(ds, source_id: str) -> list[tuple[str, str, int, int, dict]]:
    """(table, id, start, end, row) for every quoted record of the source."""
    out = []
    for name, table in TABLES.items():
        if not table.quoted:
            continue
        frame = ds[name]
        frame = frame[(frame["source_id"] == source_id) & frame["char_start"].notna()]
        for row in frame.to_dict("records"):
            out.append((name, row[table.key], int(row["char_start"]), int(row["char_end"]), row))
    return out


def _date_carriers(row: dict, phrase: str) -> list[str]:
    """The fields of a record that state the date ``phrase`` (see the module docstring)."""
    how = []
    key = phrase_key(phrase)
    for text_field, edtf_field, start_field, end_field in _DATED_FIELDS:
        if text_field in row and key and phrase_key(row[text_field]) == key:
            how.append(text_field)
            continue
        start, end = row.get(start_field), row.get(end_field)
        if start is None or end is None or pd.isna(start) or pd.isna(end):
            continue
        start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        for year in range(start.year, end.year + 1):
            if date_bounds(phrase, year) == (start, end):
                how.append(edtf_field)
                break
    for field in _CONTENT_FIELDS:
        value = row.get(field)
        if isinstance(value, str) and key and re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", value.lower()):
            how.append(field)
    return how


def _figure_carriers(table: str, row: dict, phrase: str) -> list[str]:
    value = figure_value(phrase)
    lowered = normalise_whitespace(phrase).lower()

    def equal(field):
        v = row.get(field)
        return value is not None and v is not None and not pd.isna(v) and int(v) == value

    how = []
    if table == "counts":
        if equal("value"):
            how.append("value")
        elif pd.isna(row.get("value")) and isinstance(row.get("value_text"), str):
            if re.search(r"\b" + re.escape(row["value_text"].lower()) + r"\b", lowered):
                how.append("value_text")
    elif table == "people":
        how += [f for f in ("age", "group_size_min") if equal(f)]
        if value == 1 and row.get("kind") == "individual":
            how.append("kind (one individual)")
    elif table == "refoulement" and equal("n_persons"):
        how.append("n_persons")
    return how


def _name_carriers(table: str, row: dict, phrase: str, people: dict[str, tuple[str, str]]) -> list[str]:
    if table == "people":
        ids, field = [row["person_id"]], "name"
    elif "person_id" in row:
        ids, field = [row["person_id"]], "person_id"
    else:
        ids, field = list(row.get("person_ids") or []), "person_ids"
    words = set(re.sub(r"['’]s\b", "", normalise_whitespace(phrase)).split())
    how = []
    for person in ids:
        name, kind = people.get(person, ("", ""))
        if kind == "individual" and words and words <= set(name.split()):
            how.append(f"{field} ({person})")
    return how


def _method_carriers(table: str, row: dict, rule: str) -> list[str]:
    codes = METHOD_LEXICON.get(rule.removeprefix("lexicon: "), ())
    if table == "acts" and row.get("method_code") in codes:
        return [f"method_code ({row['method_code']})"]
    return []


def read_exclusions(path: Path | str) -> pd.DataFrame:
    """Read and check ``coverage_exclusions.csv``: columns kind, text, page, reason.

    Raises ``ValueError`` listing every bad row (unknown kind, page not a whole
    number, empty text or reason, the same kind + text + page twice).
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return _check_exclusions(frame, where=str(path))


def _check_exclusions(frame: pd.DataFrame, where: str = "exclusions") -> pd.DataFrame:
    frame = frame.copy()
    missing = [c for c in EXCLUSION_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{where}: missing column(s) {', '.join(missing)}")
    problems = []
    seen = set()
    for number, row in enumerate(frame.to_dict("records"), start=2):
        kind, text, page, reason = (str(row[c]).strip() if not pd.isna(row[c]) else "" for c in EXCLUSION_COLUMNS)
        if kind not in KINDS:
            problems.append(f"line {number}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if not text:
            problems.append(f"line {number}: empty text")
        if not re.fullmatch(r"\d+", page):
            problems.append(f"line {number}: page {page!r} is not a whole number")
        if len(reason.split()) < 4:
            problems.append(f"line {number}: the reason {reason!r} is not specific (at least four words)")
        key = (kind, normalise_whitespace(text), page)
        if key in seen:
            problems.append(f"line {number}: {kind} {text!r} on page {page} is listed twice")
        seen.add(key)
    if problems:
        raise ValueError(f"{where}: " + "; ".join(problems))
    frame = frame[list(EXCLUSION_COLUMNS)]
    frame["text"] = frame["text"].map(normalise_whitespace)
    frame["page"] = frame["page"].astype(int)
    return frame.reset_index(drop=True)


def _exclusions_of(ds, exclusions) -> pd.DataFrame:
    if exclusions is None:
        path = Path(ds.data_dir) / EXCLUSIONS_FILE
        if not path.exists():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in EXCLUSION_COLUMNS})
        return read_exclusions(path)
    if isinstance(exclusions, pd.DataFrame):
        return _check_exclusions(exclusions)
    return read_exclusions(exclusions)


COVERAGE_COLUMNS = MENTION_COLUMNS + ("status", "covered_by", "reason")


def _source_text(dataset, source_id: str):
    """The source text ``source_id`` of ``dataset``, or a one-line error when it holds none (an export leaves it out)."""
    source = dataset.texts.get(source_id)
    if source is None:
        raise MissingSource(
            f"coverage needs the source text {source_id!r}, which this dataset does not hold "
            "(an export leaves it out); run it on data/"
        )
    return source


def coverage(dataset=None, *, source_id: str = "hrw-2014", exclusions=None) -> pd.DataFrame:
    """Every mention in the source's body, with ``status``, ``covered_by`` and ``reason``.

    ``dataset`` is a :class:`cat_kz.Dataset` (default: ``cat_kz.load_dataset()``);
    ``exclusions`` a DataFrame or CSV path (default: ``coverage_exclusions.csv``
    in the dataset's data directory). ``status`` is covered, excluded or
    uncovered as the module docstring defines; ``covered_by`` lists the ids of
    the records that cover it (empty unless covered); ``reason`` says which
    fields carry it (covered) or why it needs no record (excluded).

    >>> cov = coverage()
    >>> row = cov[(cov.kind == "date") & (cov.text == "spring 2014")].iloc[0]
    >>> row.status, row.covered_by, int(row.page)
    ('covered', ['ev-2014-spring-facility-head-released'], 5)
    """
    if dataset is None:
        dataset = load_dataset()
    source = _source_text(dataset, source_id)
    mentions = find_mentions(source.text, body_start=source.body_start, page_of=source.page_of)
    records = _records(dataset, source_id)
    people = {r["person_id"]: (r["name"], r["kind"]) for r in dataset.people.to_dict("records")}
    events = {r["event_id"]: r for r in dataset.events.to_dict("records")}
    excluded = _exclusions_of(dataset, exclusions)
    excluded_reasons = {(k, t, int(p)): r for k, t, p, r in excluded.itertuples(index=False)}

    statuses, covered_by, reasons = [], [], []
    for mention in mentions.itertuples(index=False):
        ids, hows = _covering(mention, records, people, events)
        key = (mention.kind, normalise_whitespace(mention.text), None if pd.isna(mention.page) else int(mention.page))
        if ids:
            statuses.append("covered")
            reasons.append("; ".join(hows))
        elif key in excluded_reasons:
            statuses.append("excluded")
            reasons.append(excluded_reasons[key])
        else:
            statuses.append("uncovered")
            reasons.append(pd.NA)
        covered_by.append(ids)
    out = mentions.copy()
    out["status"] = pd.Categorical(statuses, categories=STATUSES)
    out["covered_by"] = pd.Series(covered_by, index=out.index, dtype=object)
    out["reason"] = pd.Series(reasons, index=out.index, dtype="string")
    return out


def _covering(mention, records: list, people: dict, events: dict) -> tuple[list[str], list[str]]:
    """The ids of the records whose quote holds the mention and that carry it, and for each which fields do."""
    ids, hows = [], []
    for table, record_id, start, end, row in records:
        if start <= mention.char_start and mention.char_end <= end:
            how = _carriers(mention, table, row, people, events)
            if how:
                ids.append(record_id)
                hows.append(f"{record_id}: {', '.join(how)}")
    return ids, hows


def _carriers(mention, table: str, row: dict, people: dict, events: dict) -> list[str]:
    """The fields of one record (or of the events it links) that carry the mention."""
    if mention.kind == "date":
        how = _date_carriers(row, mention.text)
        for link in ("event_id", "allegation_event_id") if table != "events" else ():
            linked = row.get(link)
            if isinstance(linked, str) and linked in events and _date_carriers(events[linked], mention.text):
                how.append(f"{link} ({linked})")
        return how
    if mention.kind == "name":
        return _name_carriers(table, row, mention.text, people)
    if mention.kind == "figure":
        return _figure_carriers(table, row, mention.text)
    return _method_carriers(table, row, mention.rule)


def unused_exclusions(cov: pd.DataFrame, exclusions: pd.DataFrame) -> pd.DataFrame:
    """The exclusions that excuse no mention of ``cov`` (stale: nothing left to excuse).

    An exclusion whose every match is covered by a record is stale too: the
    record made it unnecessary.
    """
    excluded = cov[cov["status"] == "excluded"]
    used = {
        (k, normalise_whitespace(t), int(p)) for k, t, p in zip(excluded["kind"], excluded["text"], excluded["page"])
    }
    ex = _check_exclusions(exclusions)
    keep = [(k, t, int(p)) not in used for k, t, p in zip(ex["kind"], ex["text"], ex["page"])]
    return ex[keep].reset_index(drop=True)


def _counts(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    table = (
        frame.assign(one=1)
        .pivot_table(index=by, columns="status", values="one", aggfunc="sum", fill_value=0, observed=False)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    table.columns = list(STATUSES)
    table = table.reset_index()
    table.insert(len(by), "mentions", table[list(STATUSES)].sum(axis=1))
    done = table["covered"] + table["excluded"]
    table["percent_covered_or_excluded"] = (100 * done / table["mentions"]).where(table["mentions"] > 0).round(1)
    for column in ("mentions", *STATUSES):
        table[column] = table[column].astype("int64")
    return table


def summary(cov: pd.DataFrame) -> pd.DataFrame:
    """Per kind: mentions, covered, excluded, uncovered, percent_covered_or_excluded.

    >>> summary(coverage()).columns.tolist()
    ['kind', 'mentions', 'covered', 'excluded', 'uncovered', 'percent_covered_or_excluded']
    """
    frame = cov.assign(kind=pd.Categorical(cov["kind"].astype(str), categories=KINDS))
    table = _counts(frame, ["kind"])
    table["kind"] = table["kind"].astype(str)
    return table


def by_page(cov: pd.DataFrame) -> pd.DataFrame:
    """Per page and kind, the same counts as :func:`summary` (every kind on every page)."""
    pages = sorted(int(p) for p in cov["page"].dropna().unique())
    frame = cov[cov["page"].notna()].assign(
        kind=pd.Categorical(cov["kind"].astype(str), categories=KINDS),
        page=pd.Categorical(cov["page"].astype("Int64"), categories=pages),
    )
    table = _counts(frame, ["page", "kind"])
    table["page"] = table["page"].astype("int64")
    table["kind"] = table["kind"].astype(str)
    return table


# --- quoted share of each page -----------------------------------------------


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def quote_mask(dataset=None, source_id: str = "hrw-2014") -> pd.DataFrame:
    """Per page: which characters stand inside some record's quote.

    Columns ``page, start, end`` (the page line's offsets in the source text),
    ``n_chars``, ``n_quoted``, ``share`` (n_quoted / n_chars) and ``intervals``
    (merged ``(start, end)`` offsets of quoted characters on that page).

    >>> mask = quote_mask()
    >>> len(mask), bool(mask["share"].between(0, 1).all())
    (10, True)
    """
    if dataset is None:
        dataset = load_dataset()
    source = _source_text(dataset, source_id)
    spans = [(start, end) for _, _, start, end, _ in _records(dataset, source_id)]
    rows = []
    for page in source.pages:
        clipped = [(max(s, page.start), min(e, page.end)) for s, e in spans if s < page.end and page.start < e]
        intervals = _merge(clipped)
        n_chars = page.end - page.start
        n_quoted = sum(e - s for s, e in intervals)
        rows.append(
            (page.number, page.start, page.end, n_chars, n_quoted, n_quoted / n_chars if n_chars else 0.0, intervals)
        )
    return pd.DataFrame(rows, columns=["page", "start", "end", "n_chars", "n_quoted", "share", "intervals"])

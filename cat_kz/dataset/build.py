"""One data directory read, typed and checked into a :class:`Dataset`.

:func:`build_dataset` reads every table (``read(table, data_dir)`` gives the raw
strings: :func:`cat_kz.dataset.read.read_raw` for ``data/``, the export's frames
for :func:`cat_kz.dataset.package.load_export`), types it
(:mod:`cat_kz.dataset.cells`), runs every check of :mod:`cat_kz.dataset.validation`
and :mod:`cat_kz.dataset.checks_records`, and raises one
:class:`~cat_kz.errors.DataError` listing all problems, or returns the tables
with the derived columns (quote spans, the joins on acts).

>>> from cat_kz.files import resolve_data_dir
>>> ds = build_dataset(resolve_data_dir(None))
>>> ds["acts"]["person_name"].notna().all(), list(ds.tables())[:2]
(np.True_, ['sources', 'articles'])
"""

from __future__ import annotations

import contextlib
import gc
import logging
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from cat_kz.dataset import checks_records, evidence_rules, validation
from cat_kz.dataset.cells import _type_table
from cat_kz.dataset.read import read_raw
from cat_kz.errors import DataError, Problem
from cat_kz.model.schema import METHOD_CATEGORIES, TABLE_ORDER, TABLES
from cat_kz.model.sources import SourceText, read_source, sha256_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dataset:
    """All tables of one data directory, typed and validated."""

    sources: pd.DataFrame
    articles: pd.DataFrame
    people: pd.DataFrame
    events: pd.DataFrame
    methods: pd.DataFrame
    acts: pd.DataFrame
    refoulement: pd.DataFrame
    counts: pd.DataFrame
    recommendations: pd.DataFrame
    findings: pd.DataFrame
    external_sources: pd.DataFrame
    claims: pd.DataFrame
    data_dir: Path
    texts: dict[str, SourceText]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLE_ORDER)}")
        return getattr(self, name)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in load order."""
        return {name: getattr(self, name) for name in TABLE_ORDER}

    def copy(self) -> Dataset:
        copies = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, pd.DataFrame):
                value = _copy_frame(value)
            copies[field.name] = value
        return Dataset(**copies)


def _copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    copied = frame.copy(deep=True)
    for column in copied.columns:
        # deep=True does not copy the Python lists inside object columns
        if copied[column].dtype == object:
            cells = copied[column].tolist()
            if any(isinstance(v, list) for v in cells):
                copied[column] = pd.Series(
                    [list(v) if isinstance(v, list) else v for v in cells], index=copied.index, dtype=object
                )
    return copied


def _read_sources(sources: pd.DataFrame, data_dir: Path) -> tuple[dict[str, SourceText], list[Problem]]:
    hashes: dict[str, str | None] = {}
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for index in sources.index:
        source_id, path = sources.at[index, "source_id"], sources.at[index, "path"]
        if pd.isna(source_id) or pd.isna(path):
            continue
        file = data_dir / path
        hashes[source_id] = sha256_of(file) if file.is_file() else None
        has_pages = sources.at[index, "has_pages"]
        if hashes[source_id] and not pd.isna(has_pages) and bool(has_pages):
            try:
                texts[source_id] = read_source(file)
            except (ValueError, OSError) as error:  # OSError: a folder, a device, over the size cap
                reason = f"cannot read {file}: {error.strerror}" if isinstance(error, OSError) else str(error)
                problems.append(Problem("sources", int(sources.at[index, "_row"]), source_id, "path", path, reason))
    problems += validation.check_sources(sources, hashes)
    return texts, problems


@contextlib.contextmanager
def no_gc():
    """Pause the cyclic garbage collector: loading makes millions of objects and no
    cycles, and each collection would walk all of them (about 10% of a large load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_dataset(data_dir: Path, read=read_raw, quotes: bool = True) -> Dataset:
    """:func:`_checked_dataset` with the garbage collector paused (see :func:`no_gc`)."""
    with no_gc():
        return _checked_dataset(data_dir, read, quotes)


def _checked_dataset(data_dir: Path, read=read_raw, quotes: bool = True) -> Dataset:
    """Read (``read(table, data_dir)`` gives the raw strings), type and check every table.

    ``quotes=False`` (a redacted export, whose quotes no longer stand in the
    source) skips the quote checks and the paged sources, so ``char_start`` and
    ``char_end`` are not derived; every other check runs.
    """
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    for name in TABLE_ORDER:
        table = TABLES[name]
        raw, found = read(table, data_dir)
        problems += found
        if raw is None:
            continue
        typed[name], found = _type_table(table, raw)
        problems += found
        log.info("read %s: %d records", table.file, len(raw))

    if len(typed) == len(TABLE_ORDER) and not any(p.row is None for p in problems):
        problems += validation.check_references(typed)
        sources = typed["sources"]
        if not quotes:
            sources = sources[~sources["has_pages"].fillna(False).astype(bool)]
        texts, found = _read_sources(sources, data_dir)
        problems += found
        for name in TABLE_ORDER if quotes else ():
            if TABLES[name].quoted:
                found, spans = validation.check_quotes(name, typed[name], texts)
                problems += found
                typed[name] = pd.concat([typed[name], spans], axis=1)
        problems += checks_records.check_people(typed["people"])
        problems += checks_records.check_refoulement(typed["refoulement"], typed["people"])
        problems += checks_records.check_counts(typed["counts"])
        problems += checks_records.check_acts(typed["acts"], typed["people"], _dated(typed["events"]))
        problems += checks_records.check_nationality(typed["refoulement"], texts)
        problems += checks_records.check_urls(typed)
        problems += checks_records.check_claims(typed, reported=problems)
        problems += evidence_rules.check_evidence(typed, reported=problems)
        reference = (
            None if any(p.table == "sources" for p in problems) else _huridocs_reference(typed["sources"], data_dir)
        )
        if reference is not None:
            problems += validation.check_huridocs_codes(typed["methods"], reference)
    else:
        texts = {}
    if problems:
        raise DataError(problems, where=str(data_dir))

    tables = {name: frame.drop(columns="_row").reset_index(drop=True) for name, frame in typed.items()}
    tables["acts"] = _join_acts(tables["acts"], tables["people"], tables["methods"])
    quoted = sum(len(tables[n]) for n in TABLE_ORDER if TABLES[n].quoted)
    log.info("validated %s: %d quotes found on their pages", data_dir, quoted)
    return Dataset(**tables, data_dir=data_dir, texts=texts)


def _dated(events: pd.DataFrame) -> pd.DataFrame:
    return events if "date_precision" in events.columns else events.assign(date_precision=pd.NA)


def _huridocs_reference(sources: pd.DataFrame, data_dir: Path) -> pd.DataFrame | None:
    rows = sources[sources["source_id"] == "huridocs-mt5"]
    if rows.empty:
        return None
    return pd.read_csv(data_dir / rows["path"].iloc[0], dtype=str, keep_default_na=False)


def _join_acts(acts: pd.DataFrame, people: pd.DataFrame, methods: pd.DataFrame) -> pd.DataFrame:
    person = people.set_index("person_id")
    method = methods.set_index("method_code")
    joined = acts.copy()
    joined["person_name"] = acts["person_id"].map(person["name"]).astype("string")
    joined["person_kind"] = pd.Categorical(
        acts["person_id"].map(person["kind"]), categories=person["kind"].cat.categories
    )
    joined["method_label"] = acts["method_code"].map(method["label"]).astype("string")
    joined["method_category"] = pd.Categorical(
        acts["method_code"].map(method["category"]).astype(object), categories=tuple(METHOD_CATEGORIES)
    )
    return joined

"""Load the hand-coded tables into typed, validated pandas DataFrames.

Every load reads the CSV files as text (:mod:`cat_kz.dataset.read`), types
each column as the schema says (:mod:`cat_kz.dataset.cells`), runs every check
(:mod:`cat_kz.dataset.build`) and raises one :class:`~cat_kz.errors.DataError`
listing all problems, or returns the tables with derived columns:

- ``date_start``, ``date_end``, ``date_precision``, ``date_approximate``,
  ``date_uncertain`` from ``edtf`` (events, refoulement, external_sources) and
  ``<name>_date_start`` ... from every other EDTF column ``<name>_edtf``
  (``cat_action_edtf``, ``value_edtf``, ``accessed_edtf``);
- ``char_start``, ``char_end``: where the quote stands in the source text;
- on acts: ``person_name``, ``person_kind``, ``method_label``, ``method_category``.

Results are cached per data directory and reused until a file's bytes change;
each call returns fresh copies, so changing a returned frame never changes
the next one.

>>> import cat_kz
>>> acts = cat_kz.load_acts()
>>> acts["method_category"].dtype.name
'category'
>>> bool(acts["quote"].notna().all() and acts["char_start"].notna().all())
True
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cat_kz.dataset.build import Dataset, build_dataset, no_gc
from cat_kz.dataset.package import find_export, load_export
from cat_kz.dataset.redaction import EXTRA_VARIANTS, Redactor
from cat_kz.errors import DataFolderError
from cat_kz.files import resolve_data_dir, tree_digest
from cat_kz.model.sources import SourceText

__all__ = [
    "Dataset",
    "clear_cache",
    "dataset_fingerprint",
    "load_acts",
    "load_articles",
    "load_claims",
    "load_counts",
    "load_dataset",
    "load_events",
    "load_external_sources",
    "load_findings",
    "load_methods",
    "load_people",
    "load_recommendations",
    "load_refoulement",
    "load_source_text",
    "load_sources",
]


# --- cache and public loaders ---------------------------------------------

#: data directory -> (its files' hashes, the dataset, the dataset redacted at each level asked for)
_CACHE: dict[Path, tuple[tuple, Dataset, dict[tuple, Dataset]]] = {}


def dataset_fingerprint(data_dir: Path | str | None = None) -> str:
    """sha256 over every file of the data directory (names and bytes), in a stable order.

    Any change to any file's bytes changes it (an edit may keep a file's size and time):
    it keys the load cache and names the data every report was made from.
    """
    return tree_digest(resolve_data_dir(data_dir))


def load_dataset(data_dir: Path | str | None = None, *, redact: str = "none") -> Dataset:
    """All tables, validated. Raises :class:`DataError` listing every problem.

    ``redact`` hides names (``none``, ``minors``, ``victims``: everyone but officials,
    ``all``): every text cell of every table gets stable role-based pseudonyms
    (see :mod:`cat_kz.dataset.redaction`); ids, numbers and categories do not change.

    ``data_dir`` may also be an export written by ``cat-kz export``: its folder, its
    ``datapackage.json`` or its ``parquet/`` folder (see :mod:`cat_kz.dataset.package`);
    it is checked as ``data/`` is.

    >>> import cat_kz
    >>> ds = cat_kz.load_dataset()
    >>> sorted(ds.tables())[:3]
    ['acts', 'articles', 'claims']
    """
    root = resolve_data_dir(data_dir)
    export = find_export(root)
    if export is None and not root.is_dir():  # one line, not one "file not found" per table
        what = "is not a folder" if root.exists() else "does not exist"
        raise DataFolderError(f"the data folder {root} {what}")
    if export is not None:
        root = export[1]
    stamp = dataset_fingerprint(root)
    cached = _CACHE.get(root)
    if cached is None or cached[0] != stamp:
        cached = _CACHE[root] = (stamp, build_dataset(root) if export is None else load_export(*export), {})
    dataset, redacted = cached[1], cached[2]
    if redact != "none":
        # redacting every cell takes longer than copying: each level is redacted once per
        # load (and again if spellings were added to redaction.EXTRA_VARIANTS since)
        key = (redact, tuple(sorted((name, tuple(spellings)) for name, spellings in EXTRA_VARIANTS.items())))
        if key not in redacted:
            redacted[key] = Redactor(dataset.people, redact).dataset(dataset)
        dataset = redacted[key]
    with no_gc():
        return dataset.copy()


def clear_cache() -> None:
    """Forget cached datasets (the next load re-reads and re-validates)."""
    _CACHE.clear()


def load_sources(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Sources with path and sha256 (checked on load)."""
    return load_dataset(data_dir, redact=redact).sources


def load_articles(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The Convention's articles 1 to 16."""
    return load_dataset(data_dir, redact=redact).articles


def load_people(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """People and groups, one row each."""
    return load_dataset(data_dir, redact=redact).people


def load_events(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Dated events with date_start, date_end and date_precision."""
    return load_dataset(data_dir, redact=redact).events


def load_methods(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The method taxonomy with HURIDOCS codes."""
    return load_dataset(data_dir, redact=redact).methods


def load_acts(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Alleged acts with the person's name and the method's label and category."""
    return load_dataset(data_dir, redact=redact).acts


def load_refoulement(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Refoulement cases, one row each."""
    return load_dataset(data_dir, redact=redact).refoulement


def load_counts(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Every figure the source states."""
    return load_dataset(data_dir, redact=redact).counts


def load_recommendations(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The source's recommendations."""
    return load_dataset(data_dir, redact=redact).recommendations


def load_findings(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """The source's findings about law and practice (article 146, the NPM, impunity, ...)."""
    return load_dataset(data_dir, redact=redact).findings


def load_external_sources(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Other public documents cited for corroboration (title, publisher, kind, date, URL)."""
    return load_dataset(data_dir, redact=redact).external_sources


def load_claims(data_dir: Path | str | None = None, *, redact: str = "none") -> pd.DataFrame:
    """Facts other sources state, each tied to the submission's record it agrees with, differs from or adds to."""
    return load_dataset(data_dir, redact=redact).claims


def load_source_text(source_id: str = "hrw-2014", data_dir: Path | str | None = None) -> SourceText:
    """The checked text of a paged source, with its pages and offsets."""
    texts = load_dataset(data_dir).texts
    if source_id not in texts:
        raise KeyError(f"no paged source {source_id!r}; paged sources are {', '.join(texts)}")
    return texts[source_id]

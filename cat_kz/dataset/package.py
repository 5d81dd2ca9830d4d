"""The dataset as a Frictionless Data Package, and reading any export back.

Everything here is generated from :mod:`cat_kz.model.schema`, so an export cannot
drift from the data model: a new table or column flows into the Table Schema,
the Excel workbook's explanation sheet and the Parquet files by itself.

An export holds the tables as :func:`cat_kz.load_dataset` returns them: the
hand-coded columns *and* the columns the loader derives (``date_start``,
``char_start``, ``person_name``, ...; :data:`DERIVED` describes them). Cells
are written in the text form of ``data/*.csv`` (:func:`to_text`): lists
``;``-separated, booleans ``true``/``false``, dates ``YYYY-MM-DD``.

Reading back (:func:`load_export`, or simply ``cat_kz.load_dataset(path)``)
runs every check that a load of ``data/`` runs, re-derives the derived columns
and reports any stored value that disagrees. A redacted export leaves out the
source transcription (it holds the names), and its quotes, redacted, no longer
stand verbatim in the source: there the quote checks are skipped and the
stored ``char_start``/``char_end`` are kept.

>>> from cat_kz.model.schema import TABLES
>>> import cat_kz
>>> schema = table_schema("acts", cat_kz.load_acts())
>>> schema["primaryKey"], schema["foreignKeys"][0]["reference"]
('act_id', {'resource': 'people', 'fields': 'person_id'})
>>> [f["type"] for f in schema["fields"] if f["name"] in ("restates", "page", "setting")]
['string', 'list', 'integer']
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pandas as pd

from cat_kz._version import __version__
from cat_kz.dataset.build import build_dataset
from cat_kz.dataset.read import check_raw
from cat_kz.errors import DataError, ExportError, Problem
from cat_kz.files import read_regular
from cat_kz.model.schema import TABLES, Table

#: Folder names inside an export (``cat-kz export --out DIR``).
PACKAGE_FOLDER = "datapackage"
PARQUET_FOLDER = "parquet"
DESCRIPTOR = "datapackage.json"
#: Key of the cat-kz metadata in datapackage.json and in each Parquet file's metadata.
META_KEY = "cat_kz"
ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"

#: The columns the loader adds, by name; ``cat_action_date_*`` are described
#: as the matching ``date_*`` of ``cat_action_edtf``.
DERIVED: dict[str, str] = {
    "date_start": "Derived from edtf: the earliest day the date allows.",
    "date_end": "Derived from edtf: the latest day the date allows.",
    "date_precision": "Derived from edtf: how precise the date is.",
    "date_approximate": "Derived from edtf: the date is marked approximate (~).",
    "date_uncertain": "Derived from edtf: the date is marked uncertain (?).",
    "char_start": "Derived: offset of the quote's first character in the source transcription.",
    "char_end": "Derived: offset just after the quote's last character in the source transcription.",
    "person_name": "Derived: people.name of person_id.",
    "person_kind": "Derived: people.kind of person_id.",
    "method_label": "Derived: methods.label of method_code.",
    "method_category": "Derived: methods.category of method_code.",
}

#: What an export says about rights; the project states no licence of its own.
LICENCE_NOTE = (
    "The coded tables (the records, their fields and the project's own words) are under the Creative Commons "
    "Attribution 4.0 licence (CC-BY-4.0); the cat-kz code is under the MIT licence. The quotes are verbatim excerpts "
    "of Human Rights Watch's submission, and the transcription (raw/) is Human Rights Watch's text, included so every "
    "quote can be checked and not covered by these licences; the HURIDOCS micro-thesaurus (reference/) is HURIDOCS's. "
    "Check the terms of each source before republishing its text."
)
#: The Data Package ``licenses`` of the coded tables (the sources' own text keeps its owners' terms: LICENCE_NOTE).
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0",
    }
]

_LIST_ITEM = {"refs": "string", "ints": "integer"}


def describe(table: Table, name: str) -> str:
    """The description of a table's column, hand-coded or derived.

    >>> describe(TABLES["refoulement"], "cat_action_date_end")
    'Derived from cat_action_edtf: the latest day the date allows.'
    """
    if name in table.column_names:
        return table.column(name).description
    if name.startswith("cat_action_date_") and name.replace("cat_action_", "", 1) in DERIVED:
        return DERIVED[name.replace("cat_action_", "", 1)].replace("edtf", "cat_action_edtf", 1)
    return DERIVED.get(name, "Derived by cat_kz on load.")


def list_kind(table: Table, name: str) -> str | None:
    """'refs' or 'ints' for a ``;``-separated list column, else None."""
    if name in table.column_names and table.column(name).kind in _LIST_ITEM:
        return table.column(name).kind
    return None


def _is_midnight(series: pd.Series) -> bool:
    values = series.dropna()
    return bool((values == values.dt.normalize()).all())


def to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text ``data/*.csv`` would hold (``None`` for empty).

    >>> df = pd.DataFrame({"ok": pd.array([True, None], dtype="boolean"), "ids": [["a", "b"], []],
    ...                    "n": pd.array([3, None], dtype="Int64")})
    >>> to_text(df).values.tolist()
    [['true', 'a;b', '3'], [None, None, None]]
    """
    out = {}
    for name, series in frame.items():
        dtype = series.dtype
        if isinstance(dtype, pd.BooleanDtype):
            values = [None if pd.isna(v) else ("true" if v else "false") for v in series]
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            fmt = "%Y-%m-%d" if _is_midnight(series) else "%Y-%m-%dT%H:%M:%S"
            values = [None if pd.isna(v) else v.strftime(fmt) for v in series]
        elif dtype == object:
            values = [_cell_text(v) for v in series]
        else:
            values = [None if pd.isna(v) else str(v) for v in series.astype("string")]
        out[name] = pd.Series(values, index=frame.index, dtype=object)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns)


def _cell_text(value) -> str | None:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = list(value.tolist() if hasattr(value, "tolist") else value)
        return ";".join(str(v) for v in items) or None
    return None if pd.isna(value) else str(value)


# --- Table Schema ------------------------------------------------------------


def field(table: Table, name: str, series: pd.Series) -> dict:
    """The Table Schema field of one column: type, description, constraints."""
    out: dict = {"name": name, "description": describe(table, name)}
    column = table.column(name) if name in table.column_names else None
    kind = list_kind(table, name)
    dtype = series.dtype
    constraints: dict = {}
    if kind:
        out.update(type="list", delimiter=";", itemType=_LIST_ITEM[kind])
        out["description"] += f" Items separated by ';', each a {column.ref}.{TABLES[column.ref].key}."
    elif isinstance(dtype, pd.BooleanDtype):
        out.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif isinstance(dtype, pd.Int64Dtype) or pd.api.types.is_integer_dtype(dtype):
        out["type"] = "integer"
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        out["type"] = "date" if _is_midnight(series) else "datetime"
    else:
        out["type"] = "string"
    if isinstance(dtype, pd.CategoricalDtype):
        constraints["enum"] = [str(c) for c in dtype.categories]
    if column is not None:
        if column.required:
            constraints["required"] = True
        if column.kind == "id":
            constraints["pattern"] = ID_PATTERN
        if column.kind == "ref":
            out["description"] += f" A {column.ref}.{TABLES[column.ref].key}."
        if column.kind == "edtf":
            out["format"] = "default"
            out["description"] += " (https://www.loc.gov/standards/datetime/)"
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(name: str, frame: pd.DataFrame) -> dict:
    """The Table Schema of one table as exported (hand-coded and derived columns)."""
    table = TABLES[name]
    foreign = [
        {"fields": column.name, "reference": {"resource": column.ref, "fields": TABLES[column.ref].key}}
        for column in table.columns
        if column.kind == "ref" and column.name in frame.columns
    ]
    schema = {
        "fields": [field(table, column, frame[column]) for column in frame.columns],
        "missingValues": [""],
        "primaryKey": table.key,
    }
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def citation(sources: pd.DataFrame) -> list[dict]:
    """The Data Package ``sources``: each source's title, publisher, date, path and sha256."""
    out = []
    for row in sources.itertuples():
        entry = {"title": row.title, "publisher": row.publisher, "path": row.path, "sha256": row.sha256}
        if not pd.isna(row.published):
            entry["published"] = row.published
        out.append(entry)
    return out


def descriptor(tables: dict[str, pd.DataFrame], resources: dict[str, dict], meta: dict) -> dict:
    """datapackage.json: the package, its sources and one resource per table.

    ``resources`` gives each table's ``path``, ``hash`` and ``bytes``; ``meta``
    the cat-kz metadata (version, fingerprint, redaction, source files included).
    """
    return {
        "name": "cat-kz",
        "title": "Evidence tables from Human Rights Watch's 2014 submission to the UN Committee against "
        "Torture on Kazakhstan",
        "description": "Allegations of torture and ill-treatment, dated events, refoulement cases, figures and "
        "recommendations as Human Rights Watch's October 2014 submission states them; every record "
        "carries a verbatim quote and the page it stands on. Written by `cat-kz export` from cat_kz.model.schema.",
        "version": __version__,
        "licenses": LICENSES,
        "sources": citation(tables["sources"]),
        META_KEY: {**meta, "licence_note": LICENCE_NOTE},
        "resources": [
            {
                "name": name,
                "description": TABLES[name].description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **resources[name],
                "schema": table_schema(name, frame),
            }
            for name, frame in tables.items()
        ],
    }


# --- reading an export back ------------------------------------------------


def find_export(path: Path) -> tuple[str, Path] | None:
    """``("datapackage" | "parquet", folder)`` if ``path`` is (or holds) an export, else None.

    >>> find_export(Path("data")) is None
    True
    """
    if path.is_file() and path.name == DESCRIPTOR:
        return "datapackage", path.parent
    if path.suffix in (".json", ".parquet") and not path.exists():
        raise ExportError(f"{path}: no such file")
    if not path.is_dir():
        return None
    for kind, folder in (("datapackage", path), ("datapackage", path / PACKAGE_FOLDER)):
        if (folder / DESCRIPTOR).is_file():
            return kind, folder
    for folder in (path, path / PARQUET_FOLDER):
        if folder.is_dir() and any(folder.glob("*.parquet")):
            return "parquet", folder
    return None


def _read_package(folder: Path) -> tuple[dict, dict[str, pd.DataFrame]]:
    path = folder / DESCRIPTOR
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        paths = {r["name"]: r["path"] for r in package["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ExportError(f"{path}: not a cat-kz Data Package ({error})") from None
    frames = {}
    for name, relative in paths.items():
        path = folder / str(relative)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ExportError(f"{path}: a resource path outside the package ({relative!r}) is refused")
        try:  # a FIFO or a device is refused at once, a file read up to a cap (cat_kz.files.read_regular)
            data = io.BytesIO(read_regular(path))
            frames[name] = pd.read_csv(data, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            raise ExportError(f"{folder / relative}: cannot be read as UTF-8 CSV ({error})") from None
    return package.get(META_KEY, {}), frames


def _read_parquet(folder: Path) -> tuple[dict, dict[str, pd.DataFrame]]:
    import pyarrow.parquet as pq  # pyarrow on first use: a load of data/ never needs it

    meta: dict = {}
    frames = {}
    for path in sorted(folder.glob("*.parquet")):
        try:
            table = pq.read_table(io.BytesIO(read_regular(path)))
        except Exception as error:  # pyarrow raises several types for a damaged file
            raise ExportError(f"{path}: cannot be read as Parquet ({error})") from None
        stored = (table.schema.metadata or {}).get(META_KEY.encode())
        meta = json.loads(stored) if stored else meta
        frames[path.stem] = to_text(table.to_pandas()).fillna("")
    return meta, frames


def load_export(kind: str, folder: Path):
    """Read an export (``kind`` from :func:`find_export`) and check it as ``data/`` is checked.

    Raises :class:`~cat_kz.errors.DataError` listing every problem, or
    :class:`ExportError` when the folder is not an export at all.
    """
    meta, frames = (_read_package if kind == "datapackage" else _read_parquet)(folder)
    quotes = meta.get("redaction", "none") == "none"

    def read(table: Table, _folder: Path):
        frame = frames.get(table.name)
        if frame is None:
            return None, [Problem(table.name, None, None, None, None, f"missing from the export in {folder}")]
        return check_raw(table, frame[[c for c in frame.columns if c in table.column_names]].copy())

    dataset = build_dataset(folder, read=read, quotes=quotes)
    problems: list[Problem] = []
    tables = {}
    for name, frame in dataset.tables().items():
        table, stored = TABLES[name], frames[name]
        derived = [c for c in stored.columns if c not in table.column_names]
        ids = frame[table.key].astype("string")
        for column in derived:
            if column in frame.columns:
                mine = to_text(frame[[column]])[column].fillna("")
                for index in frame.index[mine.values != stored[column].str.strip().values]:
                    message = f"does not match the value derived on load ({mine[index]!r})"
                    problems.append(Problem(name, index + 1, ids[index], column, stored.at[index, column], message))
            elif column in ("char_start", "char_end") and not quotes:
                text = stored[column].str.strip()
                for index in frame.index[(text != "") & ~text.str.fullmatch(r"\d+")]:
                    problems.append(Problem(name, index + 1, ids[index], column, text[index], "not a whole number"))
                frame[column] = pd.to_numeric(text.where(text.str.fullmatch(r"\d+")), errors="coerce").astype("Int64")
            else:
                message = "unknown column: neither in cat_kz.model.schema nor derived on load"
                problems.append(Problem(name, None, None, column, None, message))
        missing = [c for c in ("char_start", "char_end") if table.quoted and not quotes and c not in frame.columns]
        if missing:
            problems.append(Problem(name, None, None, None, None, f"missing column(s): {', '.join(missing)}"))
        order = [c for c in stored.columns if c in frame.columns]
        tables[name] = frame[order + [c for c in frame.columns if c not in order]]
    for name in sorted(set(frames) - set(TABLES)):
        problems.append(Problem(name, None, None, None, None, "not a table of cat_kz.model.schema"))
    if problems:
        raise DataError(problems, where=str(folder))
    return dataclasses.replace(dataset, **tables)


__all__ = [
    "DERIVED",
    "ExportError",
    "LICENCE_NOTE",
    "LICENSES",
    "citation",
    "describe",
    "descriptor",
    "field",
    "find_export",
    "load_export",
    "table_schema",
    "to_text",
]

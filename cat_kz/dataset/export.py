"""``cat-kz export``: the dataset as a Data Package, Parquet files and an Excel workbook.

One folder holds one export::

    DIR/.cat-kz-export          marks the folder as an export (what, when redacted, fingerprint)
    DIR/datapackage/            datapackage.json + one CSV per table (+ raw/, reference/: the sources)
    DIR/parquet/                one .parquet file per table (+ the sources, as above)
    DIR/cat-kz.xlsx             an explanation sheet, then one sheet per table

All of it is generated from :mod:`cat_kz.model.schema` (through
:mod:`cat_kz.dataset.package`). Redaction (``redact=``) works as for reports: same
levels, same pseudonyms; a redacted export leaves out the source
transcription, which holds the names. Writing goes to a temporary sibling
folder, swapped in for ``DIR`` in one step once everything is written (on
Linux; elsewhere by two renames), so a failed export leaves the earlier one as it was. A folder that holds other
files (not an earlier export) is never replaced.

>>> import tempfile, cat_kz
>>> out = Path(tempfile.mkdtemp()) / "export"
>>> written = export(out, formats=("parquet",))
>>> sorted(p.name for p in (out / "parquet").glob("*.parquet"))[:3]
['acts.parquet', 'articles.parquet', 'claims.parquet']
>>> cat_kz.load_dataset(out / "parquet").acts.equals(cat_kz.load_acts())
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cat_kz._version import __version__
from cat_kz.dataset.load import Dataset, dataset_fingerprint, load_dataset
from cat_kz.dataset.package import (
    DESCRIPTOR,
    LICENCE_NOTE,
    META_KEY,
    PACKAGE_FOLDER,
    PARQUET_FOLDER,
    citation,
    descriptor,
    field,
    list_kind,
    table_schema,
    to_text,
)
from cat_kz.dataset.redaction import LEVELS
from cat_kz.dataset.spreadsheet import neutralise
from cat_kz.errors import DataError, ExportFailed
from cat_kz.files import read_regular, resolve_data_dir, swap_folders
from cat_kz.model.schema import TABLES, check_choice

FORMATS = ("datapackage", "parquet", "xlsx")
WORKBOOK = "cat-kz.xlsx"
MARKER = ".cat-kz-export"


# --- the folder ------------------------------------------------------------


def _is_export(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _replace(out: Path, stage: Path) -> None:
    """Put ``stage`` in the place of ``out``: swapped in one step where the system can,
    else the old folder moves aside, the new one in, and the old one goes."""
    if out.exists() and swap_folders(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # it now holds the earlier export
        return
    old = out.with_name(f".{out.name}.{uuid.uuid4().hex}.old")
    if out.exists():
        out.rename(old)
    try:
        stage.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


#: What an export folder holds; anything else in it is a user's, and the folder is not replaced.
EXPORT_FILES = {MARKER, PACKAGE_FOLDER, PARQUET_FOLDER, WORKBOOK}


def _check_target(out: Path, redact: str, data_dirs: Sequence[Path], replace_level: bool = False) -> None:
    """Refuse a folder the export must not replace: a file, inside the data folder, one holding
    files that are not this tool's, or a more redacted export (unless ``replace_level``)."""
    for folder in (out, *out.parents):
        if folder.exists() and not folder.is_dir():
            raise ExportFailed(f"cannot export to {out}: {folder} is a file, not a folder")
    for data in data_dirs:
        if out == data or out.is_relative_to(data):
            raise ExportFailed(
                f"cannot export to {out}: it is inside the data folder {data}; choose a folder outside it"
            )
    if out.is_dir() and any(out.iterdir()) and not _is_export(out):
        raise ExportFailed(
            f"cannot export to {out}: it holds files that are not a cat-kz export; choose a new or empty folder"
        )
    foreign = sorted(p.name for p in out.iterdir() if p.name not in EXPORT_FILES) if out.is_dir() else []
    if foreign:  # replacing the folder whole would delete them
        raise ExportFailed(
            f"cannot export to {out}: besides an earlier export it holds {', '.join(foreign[:3])}"
            f"{' ...' if len(foreign) > 3 else ''}, not written by cat-kz; move them or choose another folder"
        )
    earlier = _earlier_level(out)
    if earlier is not None and earlier != redact and not replace_level:
        raise ExportFailed(
            f"cannot export to {out}: it holds an export redacted at level {earlier!r}; this one is at level "
            f"{redact!r}. Choose another --out, or pass --replace-level to replace it"
        )


def _earlier_level(out: Path) -> str | None:
    """The redaction level of the export in ``out`` (a level cat-kz does not know reads as the strictest)."""
    if not _is_export(out):
        return None
    try:
        level = json.loads(read_regular(out / MARKER, 1 << 20)).get("redaction", "none")
    except (OSError, ValueError, AttributeError):
        level = None
    return level if level in LEVELS else LEVELS[-1]


# --- the formats -----------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy_sources(dataset: Dataset, folder: Path, redacted: bool) -> list[str]:
    """Copy the source files the tables cite; a redacted export leaves out the paged transcriptions."""
    copied = []
    for row in dataset.sources.itertuples():
        if redacted and bool(row.has_pages):
            continue
        relative = Path(row.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise ExportFailed(f"sources.csv: path {row.path!r} of {row.source_id} is not inside the data directory")
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dataset.data_dir / row.path, target)
        copied.append(str(row.path))
    return copied


def write_datapackage(dataset: Dataset, folder: Path, meta: dict) -> Path:
    """datapackage.json and one CSV per table into ``folder``; returns the descriptor's path."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = dataset.tables()
    resources = {}
    for name, frame in tables.items():
        path = folder / TABLES[name].file
        to_text(frame).to_csv(path, index=False, na_rep="", lineterminator="\n", encoding="utf-8")
        resources[name] = {"path": path.name, "hash": f"sha256:{_sha256(path)}", "bytes": path.stat().st_size}
    copied = _copy_sources(dataset, folder, meta["redaction"] != "none")
    package = descriptor(tables, resources, {**meta, "source_files_included": copied})
    target = folder / DESCRIPTOR
    target.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def _arrow_table(name: str, frame: pd.DataFrame, meta: dict):
    import pyarrow as pa  # heavy: only the parquet format needs it

    table = TABLES[name]
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    fields = []
    for arrow_field in schema:
        kind = list_kind(table, arrow_field.name)
        if kind:
            arrow_field = arrow_field.with_type(pa.list_(pa.int64() if kind == "ints" else pa.string()))
        described = field(table, arrow_field.name, frame[arrow_field.name])["description"]
        fields.append(arrow_field.with_metadata({"description": described}))
    schema = pa.schema(fields, metadata=schema.metadata)
    arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return arrow.replace_schema_metadata({**arrow.schema.metadata, META_KEY.encode(): json.dumps(meta).encode()})


def write_parquet(dataset: Dataset, folder: Path, meta: dict) -> list[Path]:
    """One Parquet file per table (pandas dtypes kept, column descriptions as field metadata)."""
    import pyarrow.parquet as pq  # heavy: only the parquet format needs it

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in dataset.tables().items():
        path = folder / f"{name}.parquet"
        pq.write_table(_arrow_table(name, frame, meta), path)
        written.append(path)
    _copy_sources(dataset, folder, meta["redaction"] != "none")
    return written


def _excel_value(value):
    if value is None or value is pd.NA or (not isinstance(value, (list, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str):
        return neutralise(value)
    return value.item() if hasattr(value, "item") else value


def _sheet(workbook, title: str, rows: list[list], widths: dict[int, int] | None = None, wrap: set[int] = frozenset()):
    # heavy: openpyxl, only the xlsx format needs it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    for number, row in enumerate(rows):
        values = [_excel_value(v) for v in row]
        bad = [i for i, v in enumerate(values) if isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v)]
        if bad:
            where = f"sheet {title}, record {number}, column {rows[0][bad[0]]}"
            raise ExportFailed(f"cannot write the workbook: {where} holds a control character Excel does not allow")
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index in range(1, sheet.max_column + 1):
        letter = get_column_letter(index)
        longest = max((len(str(c.value)) for c in sheet[letter] if c.value is not None), default=8)
        sheet.column_dimensions[letter].width = (widths or {}).get(index, min(max(longest + 2, 8), 50))
    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.column in wrap, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd" if not isinstance(cell.value, dt.datetime) else "yyyy-mm-dd hh:mm"
            if cell.column in wrap and isinstance(cell.value, str):
                width = sheet.column_dimensions[cell.column_letter].width
                lines = max(lines, -(-int(len(cell.value) * 1.1) // int(width)))
        if lines > 1:  # a spreadsheet does not grow a row for wrapped text written by a program
            sheet.row_dimensions[row[0].row].height = 15 * min(lines, 12)
    return sheet


def _about(dataset: Dataset, meta: dict) -> list[list]:
    rows: list[list] = [["cat-kz export", ""]]
    for source in citation(dataset.sources):
        published = f", {source['published']}" if source.get("published") else ""
        rows.append(["source", f"{source['publisher']}, {source['title']}{published} (sha256 {source['sha256']})"])
    rows += [
        ["dataset version", meta["version"]],
        ["dataset fingerprint", meta["dataset_fingerprint"]],
        ["redaction", meta["redaction"]],
        ["licence", LICENCE_NOTE],
        [
            "how to read",
            "Each sheet after this one is a table; its first row names the columns, described below. "
            "Lists are ';'-separated. A cell starting with ' is text that begins with a formula character.",
        ],
        [],
        ["table", "rows", "description"],
    ]
    rows += [[name, len(frame), TABLES[name].description] for name, frame in dataset.tables().items()]
    rows += [[], ["table", "column", "type", "required", "description", "allowed values", "refers to"]]
    for name, frame in dataset.tables().items():
        schema = table_schema(name, frame)
        for f in schema["fields"]:
            constraints = f.get("constraints", {})
            kind = f["type"] + (f" of {f['itemType']}" if f["type"] == "list" else "")
            column = TABLES[name].column(f["name"]) if f["name"] in TABLES[name].column_names else None
            ref = f"{column.ref}.{TABLES[column.ref].key}" if column is not None and column.ref else ""
            allowed = ", ".join(constraints.get("enum", []))
            rows.append(
                [name, f["name"], kind, "yes" if constraints.get("required") else "", f["description"], allowed, ref]
            )
    return rows


#: Column widths of the "about" sheet: table, column, type, required, description, allowed values, refers to.
ABOUT_WIDTHS = (18, 22, 14, 9, 70, 40, 22)


def _layout_about(sheet) -> None:
    """Bold sub-headers; a long text in the first blocks spans the columns to its right, wrapped."""
    from openpyxl.styles import Alignment, Font  # heavy: only the xlsx format needs it

    sheet.freeze_panes = None
    last = len(ABOUT_WIDTHS)
    for row in range(1, sheet.max_row + 1):
        values = [sheet.cell(row, c).value for c in range(1, last + 1)]
        if values[0] == "table":
            for cell in sheet[row]:
                cell.font = Font(bold=True)
        filled = [i for i, v in enumerate(values) if v is not None]
        if not filled or filled[-1] >= last - 1 or filled[-1] == 0:
            continue  # the column list fills its own columns
        first = filled[-1] + 1  # 1-based column of the row's last value
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        sheet.cell(row, first).alignment = Alignment(wrap_text=True, vertical="top")
        lines = -(-int(len(str(values[first - 1])) * 1.1) // sum(ABOUT_WIDTHS[first - 1 :]))
        sheet.row_dimensions[row].height = 15 * lines


def write_xlsx(dataset: Dataset, path: Path, meta: dict) -> Path:
    """The workbook: "about" (source, tables, every column), then one sheet per table."""
    from openpyxl import Workbook  # heavy: only the xlsx format needs it

    workbook = Workbook()
    workbook.remove(workbook.active)
    _layout_about(_sheet(workbook, "about", _about(dataset, meta), widths=dict(enumerate(ABOUT_WIDTHS, 1))))
    for name, frame in dataset.tables().items():
        rows = [list(frame.columns)] + [list(row) for row in frame.astype(object).itertuples(index=False)]
        long = {
            i + 1 for i, c in enumerate(frame.columns) if c == "quote" or to_text(frame[[c]])[c].str.len().max() > 60
        }
        sheet = _sheet(workbook, name, rows, widths={i: 60 for i in long}, wrap=long)
        sheet.auto_filter.ref = sheet.dimensions
        sheet.page_setup.orientation = "landscape"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# --- the command -------------------------------------------------------------


def export(
    out: Path | str = "export",
    formats: Sequence[str] = FORMATS,
    *,
    redact: str = "none",
    data_dir: Path | str | None = None,
    replace_level: bool = False,
) -> list[Path]:
    """Write the export into ``out`` (replacing an earlier export whole); returns the paths written.

    ``out`` may not be inside the data folder, hold files cat-kz did not write, or hold an
    export of another redaction level (unless ``replace_level``).

    Raises :class:`~cat_kz.errors.DataError` if the data fail validation
    and :class:`ExportFailed` if the folder cannot be written.
    """
    for name in formats:
        check_choice("format", name, FORMATS)
    check_choice("redact", redact, LEVELS)
    dataset = load_dataset(data_dir, redact=redact)
    meta = {"version": __version__, "dataset_fingerprint": dataset_fingerprint(dataset.data_dir), "redaction": redact}
    out = Path(out).expanduser().resolve()  # symlinks resolved: the real folder is checked and replaced
    _check_target(out, redact, [resolve_data_dir(data_dir), resolve_data_dir(None)], replace_level)
    stage = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
        written = []
        if "datapackage" in formats:
            written.append(write_datapackage(dataset, stage / PACKAGE_FOLDER, meta))
        if "parquet" in formats:
            written += write_parquet(dataset, stage / PARQUET_FOLDER, meta)
        if "xlsx" in formats:
            written.append(write_xlsx(dataset, stage / WORKBOOK, meta))
        (stage / MARKER).write_text(json.dumps({**meta, "formats": list(formats)}, indent=2) + "\n", encoding="utf-8")
        stage.chmod(0o755)  # mkdtemp makes it private; an export is for sharing
        _replace(out, stage)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportFailed(f"cannot write the export to {out}: {reason}") from None
    finally:
        if stage is not None and stage.exists():  # a failed export leaves nothing behind
            shutil.rmtree(stage, ignore_errors=True)
    return [out / p.relative_to(stage) for p in written]


def main_export(args) -> int:
    """``cat-kz export``: exit 0, 1 (the data fail validation) or 2 (cannot write)."""
    formats = FORMATS if args.format == "all" else (args.format,)
    try:
        written = export(
            args.out,
            formats,
            redact=args.redact,
            data_dir=args.data,
            replace_level=getattr(args, "replace_level", False),
        )
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    except ExportFailed as error:
        print(f"cat-kz export: {error}", file=sys.stderr)
        return 2
    hidden = f", names hidden ({args.redact})" if args.redact != "none" else ""
    print(f"Exported {', '.join(formats)} to {Path(args.out)}{hidden}: {len(written)} file(s), e.g. {written[0].name}")
    return 0

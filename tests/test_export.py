"""cat-kz export: the Data Package, Parquet and the workbook hold the loaded
tables exactly, pass `frictionless validate`, replace an earlier export whole,
and a redacted export holds no redacted name in any byte."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import cat_kz
from cat_kz.cli import main
from cat_kz.dataset import export as ex
from cat_kz.dataset.package import list_kind
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.dataset.spreadsheet import unneutralise
from cat_kz.files import default_data_dir
from cat_kz.model.schema import TABLES

frictionless = pytest.importorskip("frictionless")
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture(scope="module")
def original():
    return cat_kz.load_dataset()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "export"
    ex.export(out)
    return out


# --- helpers ------------------------------------------------------------------


def _date_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c].dtype)]


def _plain(value):
    """A loaded cell as frictionless gives it."""
    if isinstance(value, list):
        return value
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def _resign(package_dir: Path) -> None:
    """Recompute hash and bytes of every resource, so a broken copy fails for its break only."""
    path = package_dir / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        data = (package_dir / resource["path"]).read_bytes()
        resource["hash"], resource["bytes"] = f"sha256:{hashlib.sha256(data).hexdigest()}", len(data)
    path.write_text(json.dumps(package), encoding="utf-8")


def _break(package_dir: Path, table: str, record: str, column: str, value: str) -> None:
    path = package_dir / TABLES[table].file
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame[TABLES[table].key] == record, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")
    _resign(package_dir)


# --- the Data Package -----------------------------------------------------------


def test_datapackage_reads_back_equal_dtype_for_dtype(exported, original):
    for path in (exported, exported / "datapackage", exported / "datapackage" / "datapackage.json"):
        back = cat_kz.load_dataset(path)
        for name, frame in original.tables().items():
            assert_frame_equal(back[name], frame, check_exact=True, obj=f"{path.name}:{name}")
        assert "hrw-2014" in back.texts  # the quotes were checked against the source, as for data/


def test_frictionless_reads_every_table_as_loaded(exported, original):
    package = frictionless.Package(str(exported / "datapackage" / "datapackage.json"))
    assert package.resource_names == list(original.tables())
    for name, frame in original.tables().items():
        resource = package.get_resource(name)
        expected_types = {
            column: "list" if list_kind(TABLES[name], column) else
            "integer" if isinstance(frame[column].dtype, pd.Int64Dtype) else
            "boolean" if isinstance(frame[column].dtype, pd.BooleanDtype) else
            "date" if column in _date_columns(frame) else "string"
            for column in frame.columns
        }  # fmt: skip
        assert {f.name: f.type for f in resource.schema.fields} == expected_types
        rows = resource.read_rows()
        assert len(rows) == len(frame)
        lists = [c for c in frame.columns if list_kind(TABLES[name], c)]
        for row, (_, record) in zip(rows, frame.iterrows()):
            read = {k: (row[k] or []) if k in lists else row[k] for k in frame.columns}  # an empty cell: no items
            assert read == {k: _plain(v) for k, v in record.items()}


def test_schema_declares_keys_vocabularies_and_required(exported):
    package = json.loads((exported / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    acts = {f["name"]: f for f in resources["acts"]["schema"]["fields"]}
    assert resources["acts"]["schema"]["primaryKey"] == "act_id"
    assert {"fields": "method_code", "reference": {"resource": "methods", "fields": "method_code"}} in resources[
        "acts"
    ]["schema"]["foreignKeys"]
    assert acts["setting"]["constraints"]["enum"] == list(TABLES["acts"].column("setting").vocab)
    assert acts["act_id"]["constraints"]["required"] is True and "required" not in acts["notes"].get("constraints", {})
    assert (acts["restates"]["type"], acts["restates"]["delimiter"], acts["restates"]["itemType"]) == (
        "list",
        ";",
        "string",
    )
    assert package["sources"][0]["sha256"] == cat_kz.load_sources()["sha256"][0]
    assert package["version"] == cat_kz.__version__ and len(package["cat_kz"]["dataset_fingerprint"]) == 64
    assert "licence" in package["cat_kz"]["licence_note"]


@pytest.mark.slow  # writes every format
def test_frictionless_validate_passes(exported):
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage.json"],
        cwd=exported / "datapackage",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout


@pytest.mark.parametrize(
    "table, record, column, value, error",
    [
        ("acts", "act-001", "person_id", "p999", "foreign-key"),
        ("people", "p01", "kind", "martian", "constraint-error"),
        ("events", "ev-2011-12-16-zhanaozen-violence", "title", "", "constraint-error"),
    ],
    ids=["dangling foreign key", "value outside an enum", "missing required value"],
)
@pytest.mark.slow  # writes whole exports
def test_broken_copies_fail_frictionless_validate(exported, tmp_path, table, record, column, value, error):
    broken = tmp_path / "datapackage"
    shutil.copytree(exported / "datapackage", broken)
    frame = pd.read_csv(broken / TABLES[table].file, dtype=str)
    if record not in set(frame[TABLES[table].key]):
        record = frame[TABLES[table].key].iloc[0]
    _break(broken, table, record, column, value)
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    found = report.flatten(["type", "fieldName"])
    assert found and all(kind == error for kind, _ in found), found
    if error == "constraint-error":
        assert {name for _, name in found} == {column}
    with pytest.raises(cat_kz.DataError, match=column):  # cat_kz refuses it too
        cat_kz.load_dataset(broken)


def test_load_dataset_reports_a_derived_value_that_disagrees(exported, tmp_path):
    broken = tmp_path / "datapackage"
    shutil.copytree(exported / "datapackage", broken)
    path = broken / "events.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "date_end"] = "1999-01-01"
    frame["stray"] = "x"
    frame.to_csv(path, index=False)
    with pytest.raises(cat_kz.DataError) as error:
        cat_kz.load_dataset(broken)
    message = str(error.value)
    assert "events.csv row 1" in message and "column date_end: '1999-01-01': does not match" in message
    assert "column stray: unknown column" in message


# --- Parquet -------------------------------------------------------------------

_READ_WITHOUT_CAT_KZ = """
import pickle, sys
sys.modules["cat_kz"] = None  # importing cat_kz now fails: the files must not need it
import pandas as pd
from pathlib import Path
frames = {p.stem: pd.read_parquet(p) for p in sorted(Path(sys.argv[1]).glob("*.parquet"))}
Path(sys.argv[2]).write_bytes(pickle.dumps(frames))
"""


@pytest.mark.slow  # writes whole exports
def test_parquet_reads_back_with_pandas_alone(exported, original, tmp_path):
    out = tmp_path / "frames.pickle"
    subprocess.run([sys.executable, "-c", _READ_WITHOUT_CAT_KZ, str(exported / "parquet"), str(out)], check=True)
    frames = pickle.loads(out.read_bytes())
    assert list(frames) == sorted(original.tables())
    for name, frame in original.tables().items():
        back = frames[name]
        dates = _date_columns(frame)
        # dates are datetime64[ms] when loaded, which Parquet keeps: no conversion on the way back
        assert all(back[c].dtype == frame[c].dtype == "datetime64[ms]" for c in dates)
        for column in frame.columns:
            if list_kind(TABLES[name], column):
                assert all(hasattr(v, "tolist") for v in back[column])
                back[column] = back[column].map(lambda v: v.tolist())
        assert_frame_equal(back, frame, check_exact=True, obj=name)


@pytest.mark.slow  # writes whole exports
def test_load_dataset_reads_the_parquet_folder(exported, original):
    back = cat_kz.load_dataset(exported / "parquet")
    for name, frame in original.tables().items():
        assert_frame_equal(back[name], frame, check_exact=True, obj=name)


# --- the workbook ----------------------------------------------------------------


def _read_workbook(path: Path, like: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The table sheets read by pandas, typed like the loaded tables."""
    sheets = pd.read_excel(path, sheet_name=None, dtype=object, keep_default_na=False, na_values=[""])
    out = {}
    for name, frame in like.items():
        sheet = sheets[name]
        assert list(sheet.columns) == list(frame.columns)
        for column in frame.columns:
            values, dtype = sheet[column], frame[column].dtype
            if list_kind(TABLES[name], column):
                kind = list_kind(TABLES[name], column)
                items = values.map(lambda v: [] if pd.isna(v) else str(v).split(";"))
                sheet[column] = items.map(lambda v: [int(i) for i in v] if kind == "ints" else v)
            elif isinstance(dtype, pd.StringDtype) or isinstance(dtype, pd.CategoricalDtype):
                text = values.map(lambda v: v if pd.isna(v) else unneutralise(str(v))).astype("string")
                sheet[column] = text.astype(dtype)
            else:
                sheet[column] = values.astype(dtype)
        out[name] = sheet
    return out


def test_workbook_reads_back_equal(exported, original):
    back = _read_workbook(exported / ex.WORKBOOK, original.tables())
    for name, frame in original.tables().items():
        assert_frame_equal(back[name], frame, check_exact=True, obj=name)


def test_workbook_layout(exported, original):
    from openpyxl import load_workbook

    book = load_workbook(exported / ex.WORKBOOK)
    assert book.sheetnames == ["about", *original.tables()]
    about = list(book["about"].iter_rows(values_only=True))
    described = {(row[0], row[1]) for row in about if row[0] in original.tables() and row[4]}
    assert described == {(n, c) for n, f in original.tables().items() for c in f.columns}
    assert any(row[0] == "source" and "Human Rights Watch" in row[1] for row in about)
    events = book["events"]
    header = [c.value for c in events[1]]
    assert events.freeze_panes == "A2" and events.auto_filter.ref == events.dimensions
    start = events.cell(2, header.index("date_start") + 1)
    assert isinstance(start.value, dt.datetime) and start.number_format == "yyyy-mm-dd"
    quote = header.index("quote") + 1
    assert (
        events.cell(2, quote).alignment.wrap_text
        and events.column_dimensions[events.cell(1, quote).column_letter].width == 60
    )
    assert events.cell(2, header.index("page") + 1).data_type == "n"


@pytest.mark.slow  # writes whole exports
def test_workbook_neutralises_formula_cells(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    people = pd.read_csv(data / "people.csv", dtype=str, keep_default_na=False)
    attacks = ['=HYPERLINK("http://example.org","x")', "+1+2", "-3", "@SUM(A1)", "'=quoted"]
    people.loc[: len(attacks) - 1, "notes"] = attacks
    people.to_csv(data / "people.csv", index=False)
    written = ex.export(tmp_path / "out", formats=("xlsx",), data_dir=data)
    from openpyxl import load_workbook

    sheet = load_workbook(written[0])["people"]
    column = [c.value for c in sheet[1]].index("notes") + 1
    cells = [sheet.cell(row, column) for row in range(2, 2 + len(attacks))]
    assert all(c.data_type == "s" and c.value.startswith("'") for c in cells)
    assert [unneutralise(c.value) for c in cells] == attacks
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


# --- the folder -----------------------------------------------------------------


@pytest.mark.slow  # writes whole exports
@pytest.mark.parametrize("one_step", [True, False], ids=["swapped in one step", "two renames"])
def test_export_replaces_an_earlier_export_whole(tmp_path, monkeypatch, one_step):
    if not one_step:
        monkeypatch.setattr(ex, "swap_folders", lambda *folders: False)
    out = tmp_path / "out"
    ex.export(out, formats=("datapackage", "parquet"))
    (out / "parquet" / "stray.txt").write_text("left from before")
    ex.export(out, formats=("xlsx",))
    assert sorted(p.name for p in out.iterdir()) == [ex.MARKER, ex.WORKBOOK]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left beside it


@pytest.mark.slow  # writes whole exports
def test_a_failed_export_leaves_the_earlier_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    ex.export(out, formats=("parquet",))
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex, "write_xlsx", fail)
    with pytest.raises(ex.ExportFailed, match="No space left on device"):
        ex.export(out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_folder_of_other_files_is_refused(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["export", "--out", str(tmp_path), "--format", "parquet"]) == 2
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert "not a cat-kz export" in capsys.readouterr().err


def test_a_user_s_file_in_an_earlier_export_is_never_deleted(tmp_path, capsys):
    """Issue 25: an export into its own earlier folder once deleted a user's file there."""
    out = tmp_path / "out"
    ex.export(out, formats=("parquet",))
    (out / "README-mine.md").write_text("mine")
    assert main(["export", "--out", str(out), "--format", "parquet"]) == 2
    assert (out / "README-mine.md").read_text() == "mine"
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "README-mine.md" in line and "not written by cat-kz" in line


def test_an_export_inside_the_data_folder_is_refused(data_copy, capsys, monkeypatch):
    monkeypatch.setenv("CAT_KZ_DATA", str(data_copy))
    before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    assert main(["export", "--out", str(data_copy / "export"), "--format", "parquet"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "inside the data folder" in line
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*")) == before


def test_an_unredacted_export_over_a_redacted_one_is_refused_unless_asked(tmp_path, capsys):
    out = tmp_path / "out"
    ex.export(out, formats=("parquet",), redact="victims")
    marker = (out / ex.MARKER).read_text()
    assert main(["export", "--out", str(out), "--format", "parquet"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "redacted at level 'victims'" in line and "--replace-level" in line
    assert (out / ex.MARKER).read_text() == marker
    assert main(["export", "--out", str(out), "--format", "parquet", "--replace-level"]) == 0
    assert json.loads((out / ex.MARKER).read_text())["redaction"] == "none"


@pytest.mark.slow  # writes whole exports
def test_an_export_through_a_symlink_replaces_the_real_folder(tmp_path):
    real, alias = tmp_path / "real", tmp_path / "alias"
    ex.export(real, formats=("parquet",))
    alias.symlink_to(real)
    ex.export(alias, formats=("xlsx",))
    assert alias.is_symlink() and sorted(p.name for p in real.iterdir()) == [ex.MARKER, ex.WORKBOOK]


def test_unwritable_folder_is_one_clear_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["export", "--out", str(blocker / "out"), "--format", "parquet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("cat-kz export: cannot export to") and "is a file, not a folder" in err


@pytest.mark.skipif(not hasattr(sys, "getuid") or __import__("os").getuid() == 0, reason="root writes anywhere")
def test_read_only_folder_is_one_clear_line(tmp_path, capsys):
    parent = tmp_path / "locked"
    parent.mkdir(mode=0o500)
    try:
        assert main(["export", "--out", str(parent / "out"), "--format", "parquet"]) == 2
    finally:
        parent.chmod(0o700)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the export" in err and "Permission denied" in err


def test_cli_help_and_summary(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export", "--help"])
    assert stop.value.code == 0
    assert "datapackage,xlsx,parquet,all" in capsys.readouterr().out.replace(" ", "")
    assert main(["export", "--out", str(tmp_path / "out"), "--format", "datapackage"]) == 0
    assert capsys.readouterr().out.startswith("Exported datapackage to ")


# --- redaction --------------------------------------------------------------------


def _texts(path: Path) -> list[str]:
    """Every byte of a file as text, with compressed containers opened."""
    texts = [path.read_bytes().decode("utf-8", errors="ignore")]
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(member).decode("utf-8", errors="ignore") for member in archive.namelist()]
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        texts.append(str(table.schema.metadata) + str(table.schema))
        texts.append(table.to_pandas().astype(str).to_csv())
    return texts


@pytest.mark.slow  # writes every format
@pytest.mark.parametrize("level", ["minors", "victims", "all"])
def test_redacted_export_holds_no_redacted_name(tmp_path, original, level):
    redactor = Redactor(original.people, level)
    out = ex.export(tmp_path / "out", redact=level)[0].parents[1]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".json", ".csv", ".parquet", ".xlsx"}
    assert redactor.names()
    leaks = {str(p.relative_to(out)): found for p in files for text in _texts(p) if (found := scan(text, redactor))}
    assert leaks == {}
    assert not (out / "datapackage" / "raw").exists()  # the source transcription holds the names
    back = cat_kz.load_dataset(out / "datapackage")  # checked, though its quotes no longer match the source
    for name, frame in cat_kz.load_dataset(redact=level).tables().items():
        assert_frame_equal(back[name], frame, check_exact=True, obj=name)


def test_unredacted_export_does_hold_the_names(exported, original):
    # the scan above can fail: without redaction the names are there
    redactor = Redactor(original.people, "minors")
    assert scan((exported / "datapackage" / "people.csv").read_text(encoding="utf-8"), redactor)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("datapackage.json", "{", "not a cat-kz Data Package"),
        ("acts.parquet", "not parquet", "cannot be read as Parquet"),
    ],
)
def test_a_damaged_export_is_one_clear_line(tmp_path, capsys, name, content, message):
    (tmp_path / name).write_text(content)
    assert main(["validate", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_a_missing_descriptor_is_named(tmp_path, capsys):
    assert main(["validate", "--data", str(tmp_path / "export" / "datapackage.json")]) == 1
    assert capsys.readouterr().err.strip().endswith("datapackage.json: no such file")


@pytest.mark.slow  # writes whole exports
def test_validate_says_when_quotes_were_not_checked(tmp_path, capsys):
    ex.export(tmp_path / "out", formats=("parquet",), redact="minors")
    assert main(["validate", "--data", str(tmp_path / "out")]) == 0
    assert "quotes not checked (no source text: a redacted export)" in capsys.readouterr().out


@pytest.mark.slow  # writes whole exports
def test_a_redacted_export_with_bad_offsets_or_an_extra_table_is_refused(tmp_path):
    ex.export(tmp_path / "out", formats=("datapackage",), redact="all")
    package = tmp_path / "out" / "datapackage"
    frame = pd.read_csv(package / "acts.csv", dtype=str, keep_default_na=False)
    frame.loc[2, "char_start"] = "12a"
    frame.to_csv(package / "acts.csv", index=False)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "extra", "path": "acts.csv"})
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(cat_kz.DataError) as error:
        cat_kz.load_dataset(package)
    message = str(error.value)
    assert "acts.csv row 3" in message and "column char_start: '12a': not a whole number" in message
    assert "extra.csv: not a table of cat_kz.model.schema" in message


def test_a_control_character_stops_the_workbook_with_one_line(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    people = pd.read_csv(data / "people.csv", dtype=str, keep_default_na=False)
    people.loc[1, "notes"] = "a bell \x07 inside"
    people.to_csv(data / "people.csv", index=False)
    out = tmp_path / "out"
    # validation refuses control characters before anything is exported (the workbook's own
    # check stays as a second guard for frames that did not come from data/)
    assert main(["export", "--out", str(out), "--data", str(data)]) != 0
    err = capsys.readouterr().err
    assert "people.csv: line 3, column" in err and "control character U+0007 is not allowed" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # nothing half-written


def test_a_source_outside_the_data_directory_is_not_copied_out(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    shutil.move(data / "raw", tmp_path / "raw")
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    sources.loc[0, "path"] = "../" + sources.loc[0, "path"]
    sources.to_csv(data / "sources.csv", index=False)
    assert main(["export", "--out", str(tmp_path / "out" / "export"), "--data", str(data)]) == 2
    assert "is not inside the data directory" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

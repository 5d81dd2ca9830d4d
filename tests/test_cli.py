"""The cat-kz command's coverage subcommand (validate, report, lab and dashboard have their own tests)."""

from __future__ import annotations

import csv

from cat_kz.cli import main
from tests.helpers.data import edit_cell


def test_coverage_of_this_dataset(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "percent_covered_or_excluded" in out and "Every mention is covered" in out


def test_coverage_lists_what_a_broken_copy_misses(data_copy, capsys):
    edit_cell(data_copy, "acts", "act-043", "method_code", "psychological_pressure")  # 'hit' no longer coded
    assert main(["coverage", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "uncovered mention(s):" in err and "p. 6 method 'hit'" in err


def test_coverage_scans_another_source_into_templates(tmp_path, capsys):
    source = tmp_path / "other.txt"
    source.write_text("Listing\nTranscription:\nOn June 9, 2011, police beat at least 28 men with truncheons. 1\n")
    out = tmp_path / "mentions.csv"
    assert main(["coverage", str(source), "-o", str(out)]) == 0
    assert "candidate mentions written to" in capsys.readouterr().out
    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["kind"], r["text"]) for r in rows} >= {("date", "June 9, 2011"), ("method", "truncheons")}
    assert {r["suggested_table"] for r in rows} >= {"events", "acts"}


def test_coverage_of_a_missing_file(tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_any_cat_kz_error_ends_in_one_line_and_exit_2(monkeypatch, capsys):
    from cat_kz import cli
    from cat_kz.errors import CatKzError, ExportFailed

    def fails(args):
        raise ExportFailed("cannot export to /x: No space left on device")

    monkeypatch.setattr(cli, "_validate", fails)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err == "cat-kz validate: cannot export to /x: No space left on device\n"
    assert issubclass(ExportFailed, CatKzError)


def test_a_missing_data_folder_is_one_line(tmp_path, capsys):
    from cat_kz.cli import main

    assert main(["validate", "--data", str(tmp_path / "nowhere")]) == 1
    out = capsys.readouterr()
    lines = (out.out + out.err).strip().splitlines()
    assert lines == [f"the data folder {tmp_path / 'nowhere'} does not exist"]


def test_a_parameter_given_twice_in_a_file_is_refused(tmp_path):
    import pytest

    from cat_kz.errors import ReportError
    from cat_kz.publish.routing import read_params_file

    path = tmp_path / "params.yaml"
    path.write_text("date_from: 2012-01-01\ndate_from: 2013-01-01\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"line 2, column 1: .*'date_from' is given twice"):
        read_params_file(path)


def test_a_notebook_named_three_times_is_rendered_once(tmp_path, monkeypatch, capsys):
    import json

    from cat_kz.cli import main
    from cat_kz.publish import report
    from tests.helpers.fakes import GOOD, fake_notebook

    monkeypatch.setattr(report, "render_one", fake_notebook(GOOD))
    out = tmp_path / "reports"
    args = ["report", "--notebooks", "01_timeline", "01_timeline", "01_timeline", "--out", str(out), "--jobs", "1"]
    assert main([*args, "--no-pdf"]) == 0
    assert "Rendering 1 notebook(s)" in capsys.readouterr().out
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in index["reports"]] == ["01_timeline"]


def test_a_list_as_a_parameter_name_is_one_line(tmp_path):
    import pytest

    from cat_kz.errors import ReportError
    from cat_kz.publish.routing import read_params_file

    path = tmp_path / "params.yaml"
    path.write_text("? [a, b]\n: 1\n", encoding="utf-8")
    with pytest.raises(ReportError, match="a parameter's name must be text"):
        read_params_file(path)

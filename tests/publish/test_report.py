"""cat-kz report: self-contained briefings, parameter routing, failures, whole replacement."""

from __future__ import annotations

import json
import re
from argparse import Namespace

import pytest

from cat_kz.cli import main
from cat_kz.errors import ReportError
from cat_kz.publish import report
from cat_kz.publish.notebooks import NOTEBOOKS
from cat_kz.publish.routing import convert_value, read_params_file, route_parameters

DECLARED = {
    "01_timeline": {
        "date_from": "str",
        "date_to": "str",
        "categories": "list[str]",
        "people": "list[str]",
        "labels": "bool",
        "output_dir": "str",
    },
    "02_abuse_methods": {
        "unit": "str",
        "level": "str",
        "include_safeguards": "bool",
        "include_groups": "bool",
        "output_dir": "str",
    },
}


def args(out, **kw):
    defaults = {
        "out": str(out),
        "notebooks": None,
        "param": None,
        "params_file": None,
        "jobs": None,
        "with_code": False,
        "kernel": "python3",
        "force": False,
    }
    return Namespace(**(defaults | kw))


# --- parameters (no notebook runs) ------------------------------------------------


@pytest.mark.parametrize(
    "text, type_name, expected",
    [
        ("2012-01-01", "str", "2012-01-01"),
        ("true", "bool", True),
        ("No", "bool", False),
        ("1", "bool", True),
        ('["China", "Uzbekistan"]', "list[str]", ["China", "Uzbekistan"]),
        ("trial, refoulement", "list[str]", ["trial", "refoulement"]),
        ("", "list[str]", []),
        ("7", "int", 7),
        ("2.5", "float", 2.5),
        (["typed"], "list[str]", ["typed"]),
        (False, "bool", False),  # values from YAML pass through
    ],
)
def test_convert_value_by_declared_type(text, type_name, expected):
    assert convert_value(text, type_name) == expected


@pytest.mark.parametrize(
    "text, type_name, message",
    [
        ("maybe", "bool", "'maybe' is not a boolean (true or false)"),
        ("seven", "int", "'seven' is not a whole number"),
        ('["a", ', "list[str]", "is not a JSON list"),
    ],
)
def test_convert_value_errors(text, type_name, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        convert_value(text, type_name)


def test_parameters_reach_only_the_notebooks_that_declare_them():
    routed = route_parameters(list(DECLARED), {"date_from": "2012-01-01", "unit": "acts", "labels": "false"}, DECLARED)
    assert routed == {
        "01_timeline": {"date_from": "2012-01-01", "labels": False},
        "02_abuse_methods": {"unit": "acts"},
    }


def test_notebook_specific_parameters_win():
    given = {"include_groups": "true", "02_abuse_methods": {"include_groups": False, "level": "method"}}
    assert route_parameters(list(DECLARED), given, DECLARED)["02_abuse_methods"] == {
        "include_groups": False,
        "level": "method",
    }


def test_unknown_parameter_is_an_error_listing_the_known_ones():
    with pytest.raises(ReportError) as caught:
        route_parameters(list(DECLARED), {"units": "acts"}, DECLARED)
    message = str(caught.value)
    assert message.startswith("unknown parameter(s) 'units': no selected notebook declares it; known parameters: ")
    assert {"unit", "date_from", "destinations"} - set(message.split("known parameters: ")[1].split(", ")) == {
        "destinations"
    }


def test_parameter_for_a_notebook_not_selected():
    with pytest.raises(ReportError, match="parameters for '03_refoulement', which is not selected"):
        route_parameters(list(DECLARED), {"03_refoulement": {"destinations": ["China"]}}, DECLARED)


def test_bad_text_for_a_typed_parameter_is_an_error_before_running():
    with pytest.raises(ReportError, match="parameter labels for 01_timeline: 'maybe' is not a boolean"):
        route_parameters(list(DECLARED), {"labels": "maybe"}, DECLARED)


def test_params_file(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("unit: acts\n01_timeline:\n  categories: [trial]\n")
    assert read_params_file(path) == {"unit": "acts", "01_timeline": {"categories": ["trial"]}}
    path.write_text("- a\n")
    with pytest.raises(ReportError, match="expected a mapping"):
        read_params_file(path)


def test_cli_unknown_parameter_exits_2_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["report", "--out", str(out), "-p", "destination", "China"]) == 2
    assert "unknown parameter(s) 'destination'" in capsys.readouterr().err
    assert not out.exists()


def test_cli_unknown_notebook(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path), "--notebooks", "05_nothing"]) == 2
    assert "unknown notebook(s) '05_nothing'; notebooks are 00_overview" in capsys.readouterr().err


def test_lab_command_uses_this_environment(capsys):
    assert main(["lab", "--print-command"]) == 0
    command = capsys.readouterr().out
    assert "-m jupyterlab --notebook-dir=" in command and command.rstrip().endswith("notebooks")


# --- rendering (runs notebooks) ----------------------------------------------------


def external_references(page: str) -> list[str]:
    found = re.findall(r'<img[^>]+src="(?!data:)[^"]*"', page)
    found += re.findall(r'<script[^>]+src="[^"]+"', page)
    found += re.findall(r'<link[^>]+href="[^"]*"', page)
    return found


@pytest.mark.notebooks
@pytest.mark.slow
def test_render_the_suite_with_defaults(rendered_suite):
    suite = rendered_suite("none")  # `cat-kz report --jobs 2 --pdf`, rendered once per session
    out, printed = suite.out, suite.printed
    assert suite.exit_code == 0
    for name in NOTEBOOKS:
        page = (out / f"{name}.html").read_text()
        assert external_references(page) == [], name
        assert "data:image/png;base64," in page, f"{name}: figures are embedded"
        assert "check_params" not in page and "import cat_kz" not in page, f"{name}: code is hidden"
        assert (out / f"{name}.ipynb").exists()
        assert re.search(rf"ok +{name} in \d+\.\d s", printed)
    assert sorted(p.name for p in (out / "01_timeline").iterdir()) == [
        "01_timeline.png",
        "01_timeline.svg",
        "01_timeline_events.csv",
    ]
    index = json.loads((out / "index.json").read_text())
    assert [r["name"] for r in index["reports"]] == list(NOTEBOOKS)
    assert {r["status"] for r in index["reports"]} == {"ok"}
    assert len(index["dataset_fingerprint"]) == 64 and index["source_sha256"].startswith("35337d6b")
    page = (out / "index.html").read_text()
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in page
    assert "defaults" in page and "Dataset fingerprint" in page
    assert "notebook           status  seconds  outputs" in printed


@pytest.mark.notebooks
def test_one_failing_notebook_does_not_stop_the_others(tmp_path, capsys):
    out = tmp_path / "reports"
    code = report.main_report(
        args(out, notebooks=["00_overview", "02_abuse_methods"], param=[["unit", "victims"]], jobs=2)
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "Failed: 02_abuse_methods" in captured.err
    assert re.search(
        r"failed +02_abuse_methods in .*ValueError: 02_abuse_methods: parameter unit = 'victims'", captured.out
    )
    failed_page = (out / "02_abuse_methods.html").read_text()
    assert "ValueError" in failed_page and "victims" in failed_page
    assert "check_params" in failed_page  # the failing cell's code is shown
    assert "check_params" not in (out / "00_overview.html").read_text()
    index = json.loads((out / "index.json").read_text())
    assert {r["name"]: r["status"] for r in index["reports"]} == {"00_overview": "ok", "02_abuse_methods": "failed"}
    assert index["reports"][1]["parameters"] == {"unit": "victims"}


@pytest.mark.notebooks
def test_second_run_replaces_reports_whole_and_with_code_keeps_code(tmp_path):
    out = tmp_path / "reports"
    assert report.main_report(args(out, notebooks=["03_refoulement"], param=[["destinations", "China"]])) == 0
    stale = out / "03_refoulement" / "stale.csv"
    stale.write_text("left over")
    first = (out / "03_refoulement.html").read_text()
    assert report.main_report(args(out, notebooks=["03_refoulement"], with_code=True)) == 0
    assert not stale.exists()
    second = (out / "03_refoulement.html").read_text()
    assert second != first and "filter_cases" in second and "filter_cases" not in first
    assert not any(p.name.startswith(".") for p in out.iterdir()), "no staging or backup folders left"


@pytest.mark.notebooks
def test_a_run_that_dies_keeps_the_previous_report(tmp_path, monkeypatch, capsys):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("simulates a dying worker by patching it, which only forked workers inherit")
    out = tmp_path / "reports"
    assert report.main_report(args(out, notebooks=["00_overview"])) == 0
    good = (out / "00_overview.html").read_bytes()

    def dies(*_args, **_kwargs):
        raise RuntimeError("kernel died")

    monkeypatch.setattr(report, "render_one", dies)  # worker processes are forked: they see this
    assert report.main_report(args(out, notebooks=["00_overview"], jobs=1, force=True)) == 1
    assert (out / "00_overview.html").read_bytes() == good
    assert "the previous report is kept, marked stale" in capsys.readouterr().out
    assert json.loads((out / "index.json").read_text())["reports"][0]["status"] == "stale"


@pytest.mark.notebooks
def test_redact_wins_and_names_never_reach_a_redacted_report(tmp_path):
    out = tmp_path / "reports"
    given = {"01_timeline": {"redact": "none", "people": ["Nursultan Mukhashev"]}}  # e.g. an explorer's saved state
    [run] = report.render(out, notebooks=["01_timeline"], parameters=given, redact="victims", echo=lambda _line: None)
    assert run.status == "ok" and run.parameters == {"redact": "victims", "people": ["p07"]}
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ipynb", ".json", ".csv", ".svg"}:
            text = path.read_text()
            assert "Mukhashev" not in text and "Nursultan" not in text, path.name
    assert "Defendant D" in (out / "01_timeline.html").read_text()
    assert ".staging-" not in (out / "01_timeline.ipynb").read_text()  # no staging path left in the notebook


def test_output_dir_belongs_to_the_report():
    with pytest.raises(ReportError, match="output_dir is set by the report"):
        route_parameters(list(DECLARED), {"output_dir": "figures"}, DECLARED)


def test_invalid_data_stop_the_report_before_anything_runs(data_copy, tmp_path, monkeypatch, capsys):
    from tests.helpers.data import edit_cell

    edit_cell(data_copy, "acts", "act-013", "method_code", "gauntlett")
    monkeypatch.setenv("CAT_KZ_DATA", str(data_copy))
    assert main(["report", "--out", str(tmp_path / "r")]) == 2
    assert "gauntlett" in capsys.readouterr().err and not (tmp_path / "r").exists()

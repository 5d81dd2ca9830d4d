"""The curated notebooks: parameters, stored outputs, and papermill runs with other parameters.

nbval (strict) re-runs each committed notebook and compares its stored outputs:
that runs from the pytest configuration (``--nbval`` on ``notebooks/``).
"""

from __future__ import annotations

import ast
import csv
import json
import re

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

import cat_kz
from cat_kz.analysis import corroboration
from cat_kz.publish.notebooks import INTERACTIVE, NOTEBOOK_DIR, NOTEBOOKS, notebook_path, run
from cat_kz.publish.params import SPECS

pytestmark = pytest.mark.notebooks


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_with(name, tmp_path, **parameters):
    out_dir = tmp_path / "out"
    parameters.setdefault("output_dir", str(out_dir))
    run(name, tmp_path / f"{name}.ipynb", parameters)
    return out_dir


def test_the_curated_list_is_what_is_in_the_folder():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS + INTERACTIVE)


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS + INTERACTIVE if n in SPECS])
def test_parameters_cell_documents_the_spec(name):
    declared = papermill.inspect_notebook(str(notebook_path(name)))
    assert list(declared) == [param.name for param in SPECS[name]]
    for param in SPECS[name]:
        found = declared[param.name]
        assert ast.literal_eval(found["default"]) == param.default, param.name
        assert found["inferred_type_name"] not in (None, "None"), f"{param.name} has no type annotation"
        assert found["help"], f"{param.name} has no trailing comment"


@pytest.mark.parametrize("name", NOTEBOOKS + INTERACTIVE)
def test_committed_executed_and_readable(name):
    nb = nbformat.read(notebook_path(name), as_version=4)
    first = nb.cells[0]
    # the re-run line stands in a note for researchers (left out of the HTML report) or for JupyterLab
    # only (left out of the dashboard page)
    tags = ("jupyterlab-only", "researchers")
    notes = "".join(c.source for c in nb.cells[1:2] if set(tags) & set(c.metadata.get("tags", [])))
    assert first.cell_type == "markdown" and "**Question.**" in first.source and "papermill" in first.source + notes
    tagged = [i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    check = nb.cells[tagged[0] + 1].source
    assert f'cat_kz.check_params(\n    "{name}"' in check or f'cat_kz.check_params("{name}"' in check
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "commit notebooks executed (make notebooks)"
    outputs = json.dumps([cell.outputs for cell in code])
    assert '"output_type": "error"' not in outputs
    assert not re.search(r"/(root|home|tmp|work)/", outputs), "an output carries a machine path"
    assert "papermill" not in nb.metadata


def test_tallies_in_acts_by_method(tmp_path):
    out = run_with("02_abuse_methods", tmp_path, unit="acts", level="method")
    rows = read_csv(out / "02_methods_by_method_acts.csv")
    acts = cat_kz.load_acts()
    counted = acts[
        (acts["method_category"] != "safeguards") & (acts["scope"] == "case") & (acts["certainty"] == "stated")
    ]
    assert sum(int(r["n"]) for r in rows) == len(counted)
    assert {r["scope"] for r in rows} == {"case"}
    assert {r["key"] for r in rows} == set(counted["method_code"])
    assert {r["unit"] for r in rows} == {"acts"}
    assert (out / "02_methods_by_method_acts.png").stat().st_size > 10_000
    assert (out / "02_methods_by_method_acts.svg").read_text().startswith("<?xml")


def test_summaries_are_tallied_on_their_own_never_with_cases(tmp_path):
    out = run_with("02_abuse_methods", tmp_path, unit="acts", level="method", scope="summary")
    rows = read_csv(out / "02_methods_by_method_acts.csv")
    acts = cat_kz.load_acts()
    summaries = acts[
        (acts["scope"] == "summary") & (acts["certainty"] == "stated") & (acts["method_category"] != "safeguards")
    ]
    assert sum(int(r["n"]) for r in rows) == len(summaries) and {r["scope"] for r in rows} == {"summary"}


def test_tallies_without_groups_with_safeguards(tmp_path):
    out = run_with("02_abuse_methods", tmp_path, include_groups=False, include_safeguards=True)
    rows = {r["key"]: r for r in read_csv(out / "02_methods_by_category_persons.csv")}
    assert rows["safeguards"]["n"] == "1"
    assert all(r["n_groups"] == "0" for r in rows.values())
    people = read_csv(out / "02_person_by_category.csv")
    assert not any(r["person or group"].endswith("(group)") for r in people)


def test_refoulement_to_china_only(tmp_path):
    out = run_with("03_refoulement", tmp_path, destinations=["China"])
    cases = read_csv(out / "03_refoulement_cases.csv")
    assert [(c["destination"], c["persons"], c["page"]) for c in cases] == [
        ("China", "Ershidin Israil, an Uighur refugee", "8")
    ]
    assert read_csv(out / "03_persons_by_destination.csv")[0]["n_persons"] == "1"


def test_refoulement_in_a_date_window(tmp_path):
    out = run_with("03_refoulement", tmp_path, date_from="2011-01-01", date_to="2011-12-31")
    cases = read_csv(out / "03_refoulement_cases.csv")
    assert [c["case_id"] for c in cases] == ["rf-2011-05-30-china", "rf-2011-06-09-uzbekistan"]
    years = read_csv(out / "03_persons_by_year.csv")
    assert [(y["year"], y["n_persons"], y["qualifier"]) for y in years] == [("2011", "29", "at least")]


def test_timeline_limited_to_2012(tmp_path):
    out = run_with("01_timeline", tmp_path, date_from="2012-01-01", date_to="2012-12-31")
    rows = read_csv(out / "01_timeline_events.csv")
    events = cat_kz.load_events()
    in_2012 = events[(events["date_end"] >= "2012-01-01") & (events["date_start"] <= "2012-12-31")]
    assert sorted(r["event_id"] for r in rows) == sorted(in_2012["event_id"])
    assert [int(r["number"]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["page"] for r in rows)
    assert (out / "01_timeline.png").exists() and (out / "01_timeline.svg").exists()


def test_timeline_for_one_person_by_name_and_some_categories(tmp_path):
    out = run_with(
        "01_timeline", tmp_path, people=["Khairullo Tursunov"], categories=["refoulement", "un"], labels=False
    )
    rows = read_csv(out / "01_timeline_events.csv")
    assert [(r["date_text"], r["category"]) for r in rows] == [
        ("February 28", "UN and treaty-body actions"),
        ("on March 13, 2013", "Refoulement"),
    ]


def test_corroboration_writes_the_discrepancy_table_and_chart(tmp_path):
    out = run_with("06_corroboration", tmp_path, redact="all")
    rows = read_csv(out / "06_discrepancies.csv")
    deaths = [r for r in rows if r["record_id"] == "cnt-01"]
    assert deaths[0]["source"].startswith("Human Rights Watch") and deaths[0]["number"] == "12"
    assert {"15", "16", "17"} <= {r["number"] for r in deaths}
    # "29 extradited" meets the submission's "at least 28": consistent, so not a discrepancy (issue 22)
    assert not [r for r in rows if r["record_id"] == "rf-2011-06-09-uzbekistan"]
    assert all(r["url"].startswith(("http://", "https://")) for r in rows)
    facts = read_csv(out / "06_facts.csv")
    assert len(facts) == len(corroboration.facts_table(cat_kz.load_dataset()))
    text = (out / "06_facts.csv").read_text() + (out / "06_discrepancies.csv").read_text()
    assert "Tuletaeva" not in text and "Tursunov" not in text and "Israil" not in text
    topics = read_csv(out / "06_agreement_by_topic.csv")
    assert sum(int(r[k]) for r in topics for k in r if k != "topic") == len(cat_kz.load_claims())
    assert (out / "06_agreement_by_topic.png").stat().st_size > 10_000


@pytest.mark.parametrize(
    "name, parameters, message",
    [
        (
            "01_timeline",
            {"categories": ["trials"]},
            "parameter categories = 'trials' is not allowed; allowed values: 'zhanaozen',",
        ),
        (
            "01_timeline",
            {"date_from": "2013-01-01", "date_to": "2012-12-31"},
            "parameter date_from = '2013-01-01' is after date_to = '2012-12-31'",
        ),
        (
            "02_abuse_methods",
            {"unit": "victims"},
            "parameter unit = 'victims' is not allowed; allowed values: 'persons', 'acts'",
        ),
        (
            "03_refoulement",
            {"destinations": ["Chna"]},
            "parameter destinations = 'Chna' is not allowed; allowed values: 'China', 'Uzbekistan' (did you mean 'China'?)",
        ),
        (
            "03_refoulement",
            {"date_from": "2013-01-01", "date_to": "2012-12-31"},
            "parameter date_from = '2013-01-01' is after date_to = '2012-12-31'",
        ),
        ("00_overview", {"output_dir": ""}, "parameter output_dir = '' must be a non-empty string"),
        (
            "02_abuse_methods",
            {"unti": "acts"},
            "unknown parameter(s) unti; declared: unit, level, include_safeguards, include_groups, scope, include_unclear, redact, output_dir",
        ),
        (
            "04_explorer",
            {"method_category": ["beating"]},
            "unknown parameter(s) method_category; declared: date_from, date_to, method_categories, redact",
        ),
        (
            "06_corroboration",
            {"redact": "everyone"},
            "parameter redact = 'everyone' is not allowed; allowed values: 'none', 'minors', 'victims', 'all'",
        ),
    ],
)
def test_bad_parameters_fail_with_a_clear_error(tmp_path, name, parameters, message):
    with pytest.raises(PapermillExecutionError) as caught:
        run(name, tmp_path / "out.ipynb", parameters)
    assert caught.value.ename == "ValueError"
    assert message in caught.value.evalue


def test_papermill_command_fails_on_an_undeclared_name(tmp_path):
    """A misspelt name given to papermill itself (not cat-kz report) stops the notebook."""
    import subprocess
    import sys
    from pathlib import Path

    papermill_cli = Path(sys.executable).with_name("papermill")
    result = subprocess.run(
        [
            str(papermill_cli),
            str(notebook_path("02_abuse_methods")),
            str(tmp_path / "out.ipynb"),
            "-p",
            "unti",
            "acts",
            "--cwd",
            str(NOTEBOOK_DIR),
            "-p",
            "output_dir",
            str(tmp_path / "figures"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    assert (
        "unknown parameter(s) unti; declared: unit, level, include_safeguards, include_groups, scope, include_unclear, redact, output_dir"
        in result.stderr
    )
    assert not (tmp_path / "figures").exists(), "nothing ran on the defaults"

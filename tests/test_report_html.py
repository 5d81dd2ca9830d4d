"""Published reports say what they are: title, alt text, links, no machine paths, redaction stated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from cat_kz.files import PROJECT_ROOT
from cat_kz.publish import html as report_html
from cat_kz.publish.report import render
from cat_kz.publish.runs import NotebookRun

STAGE = PROJECT_ROOT / "reports" / ".staging-x1y2z3" / "02_abuse_methods"


def executed_notebook(tmp_path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "input_path": str(PROJECT_ROOT / "notebooks" / "02_abuse_methods.ipynb"),
        "output_path": str(STAGE.parent / "02_abuse_methods.ipynb"),
        "parameters": {"output_dir": str(STAGE), "redact": "victims"},
    }
    intro = nbformat.v4.new_markdown_cell(
        "# Alleged methods\n\n**Question.** What was done?\n\nSee [01](01_timeline.ipynb) and [04](04_explorer.ipynb); quotes stand verbatim."
    )
    code = nbformat.v4.new_code_cell("show()", execution_count=1)
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="Wrote reports/.staging-x1y2z3/02_abuse_methods/a.png\n"),
        nbformat.v4.new_output(
            "display_data",
            {"image/png": "iVBORw0KGgo/tmp/AAAA", "text/plain": "<figure a>"},
            metadata={"image/png": {"alt": "Tally of methods. Source: HRW, p. 4."}},
        ),
        nbformat.v4.new_output(
            "error", ename="ValueError", evalue="bad", traceback=[f"File {PROJECT_ROOT}/cat_kz/params.py, line 3"]
        ),
    ]
    nb.cells = [intro, code]
    path = tmp_path / "02_abuse_methods.ipynb"
    nbformat.write(nb, path)
    return path


def test_published_notebook_has_no_machine_path_and_states_redaction(tmp_path):
    path = executed_notebook(tmp_path)
    nb = report_html.finish_notebook(path, STAGE, "02_abuse_methods", "victims")
    text = path.read_text()
    assert ".staging" not in text and str(PROJECT_ROOT) not in text
    assert "input_path" not in text and "output_path" not in text
    assert nb.metadata.papermill.parameters.output_dir == "02_abuse_methods"
    assert "Wrote 02_abuse_methods/a.png" in text
    assert nb.cells[2].outputs[1].data["image/png"] == "iVBORw0KGgo/tmp/AAAA", "image data is never rewritten"
    assert nb.cells[0].source.startswith("> **Redacted (level: victims)")
    assert "verbatim (except for pseudonymised names)" in nb.cells[1].source


def test_unredacted_notebook_says_nothing_about_redaction(tmp_path):
    nb = report_html.finish_notebook(executed_notebook(tmp_path), STAGE, "02_abuse_methods", "none")
    assert "Redacted" not in json.dumps(nb) and "pseudonym" not in json.dumps(nb)


def test_page_title_viewport_alt_text_and_links(tmp_path):
    nb = report_html.finish_notebook(executed_notebook(tmp_path), STAGE, "02_abuse_methods")
    page = (
        '<html><head><title>Notebook</title></head><body><a href="01_timeline.ipynb">01</a><a href="04_explorer.ipynb">04</a>'
        '<img src="data:image/png;base64,iVBORw0KGgo/tmp/AAAA" alt="No description has been provided for this image"></body></html>'
    )
    done = report_html.finish_html(page, nb)
    assert "<title>Alleged methods</title>" in done and 'name="viewport"' in done
    assert 'alt="Tally of methods. Source: HRW, p. 4."' in done and report_html.DEFAULT_ALT not in done
    reader, _, folded = done.partition('<details class="cat-kz-researchers')
    assert 'href="01_timeline.html"' in reader and 'href="index.html#explore"' in reader and ".ipynb" not in reader
    assert folded.count('href="02_abuse_methods.ipynb"') == 1, "the folded section links the executed notebook"
    anchored = report_html.finish_html(
        '<a href="01_timeline.ipynb#the-timeline">t</a><a href="04_explorer.ipynb#x">e</a>', nb
    )
    assert anchored.endswith('<a href="01_timeline.html#the-timeline">t</a><a href="index.html#explore">e</a>')
    assert "Redacted" not in done
    assert "Redacted (level: all)" in report_html.finish_html(page, nb, "all")


def test_index_lists_titles_questions_status_thumbnails_and_the_dashboard(tmp_path):
    runs = [
        NotebookRun(
            "01_timeline", {"redact": "minors"}, status="ok", outputs=["01_timeline.png", "01_timeline_events.csv"]
        ),
        NotebookRun("02_abuse_methods", {}, status="failed", error="cell [2]: ValueError: bad"),
    ]
    meta = {
        "source": "HRW",
        "source_sha256": "0" * 64,
        "dataset_fingerprint": "1" * 64,
        "rendered_at": "now",
        "version": "0",
    }
    page = report_html.index_page(runs, meta, tmp_path)
    assert "Timeline: what happened when" in page and "In what order did the events" in page
    assert '<img src="01_timeline/01_timeline.png"' in page and 'alt="' in page
    assert "failed" in page and "ValueError: bad" in page
    assert "cat-kz dashboard" in page and 'name="viewport"' in page
    assert "Redacted (level: minors)" in page
    assert "Redacted" not in report_html.index_page(runs[1:], meta, tmp_path)


def test_scrub_leaves_no_root_of_this_machine():
    import sys

    text = f"{sys.prefix}/lib/x.py and {PROJECT_ROOT}/cat_kz/report.py"
    assert report_html.scrub(text, STAGE, "02") == "<python>/lib/x.py and ./cat_kz/report.py"


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_redacted_report_states_its_level_on_every_page(tmp_path):
    out = tmp_path / "reports"
    runs = render(out, notebooks=["00_overview", "03_refoulement"], redact="minors", jobs=2, echo=lambda _line: None)
    assert [run.status for run in runs] == ["ok", "ok"]
    banner = "Redacted (level: minors): the names of minors are replaced by stable pseudonyms"
    for name in ("00_overview", "03_refoulement", "index"):
        assert banner in (out / f"{name}.html").read_text(), name
    for name in ("00_overview", "03_refoulement"):
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        assert banner in nb.cells[0].source
        assert not re.search(r"\bverbatim\b(?! \(except| except)", json.dumps([c.source for c in nb.cells]))
    images = [
        o
        for c in nbformat.read(out / "03_refoulement.ipynb", as_version=4).cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]
    assert images and all("Redacted (level: minors)" in o.metadata["image/png"]["alt"] for o in images), (
        "the source line says it too"
    )


@pytest.mark.notebooks
def test_a_failed_report_shows_its_error_without_machine_paths(tmp_path):
    out = tmp_path / "reports"
    [run] = render(out, notebooks=["02_abuse_methods"], parameters={"unit": "victims"}, echo=lambda _line: None)
    assert run.status == "failed" and "parameter unit = 'victims'" in run.error
    for path in (out / "02_abuse_methods.html", out / "02_abuse_methods.ipynb"):
        text = path.read_text()
        assert "Traceback" in text or "ValueError" in text
        assert ".staging" not in text and str(PROJECT_ROOT) not in text and str(tmp_path) not in text, path.name
    assert str(PROJECT_ROOT) not in run.error and ".staging" not in run.error

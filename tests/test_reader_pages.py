"""Reader pages carry no plumbing (issue 21): no "Wrote" lines, shell commands or code syntax outside the
folded "For researchers" section; reader case, plurals right, dates kept whole; titles name the subject."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import nbformat
import pandas as pd
import pytest

from cat_kz.publish import html as report_html
from cat_kz.publish import researchers
from cat_kz.publish.notebooks import INTERACTIVE, NOTEBOOKS, notebook_path
from cat_kz.show.tables import Sentence, table

#: What a reader must never meet on a page (outside the folded section for researchers).
PLUMBING = ("Wrote ", "mktemp", "papermill ", "$(", "include_unclear=", "include_safeguards=", "scope = ")


class VisibleText(HTMLParser):
    """The text a reader sees unfolded: no script, style or head, nothing inside ``<details>``."""

    HIDDEN = {"script", "style", "head", "title", "details"}

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.parts, self.sections = 0, [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "details" and "cat-kz-researchers" in (dict(attrs).get("class") or ""):
            self.sections += 1
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.parts.append(data)


def visible(page: str) -> tuple[str, int]:
    """(the visible text of ``page``, how many "For researchers" sections it has)."""
    parser = VisibleText()
    parser.feed(page)
    return " ".join(parser.parts), parser.sections


def report_notebook(tmp_path, name="02_abuse_methods", given=None):
    """An executed notebook as ``cat-kz report`` leaves it, with two files written beside it."""
    nb = nbformat.read(notebook_path(name), as_version=4)
    nb.metadata["papermill"] = {"parameters": {"output_dir": "x", **(given or {})}}
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    files = tmp_path / name
    files.mkdir()
    for written in ("02_tally.csv", "02_tally.png"):
        (files / written).write_text("x")
    return report_html.finish_notebook(path, files, name)


def test_the_page_ends_with_a_folded_section_for_researchers(tmp_path):
    nb = report_notebook(tmp_path, given={"unit": "acts", "include_unclear": True, "redact": "victims"})
    page = report_html.finish_html(
        "<html><head><title>x</title></head><body><main><p>Text</p></main></body></html>", nb
    )
    start = page.index("<details")
    assert page.index("<p>Text</p>") < start < page.index("</main>"), "at the end of the content"
    assert "<summary>For researchers</summary>" in page
    folded = page[start:]
    assert "cat-kz report --notebooks 02_abuse_methods -p unit acts -p include_unclear true --redact victims" in folded
    assert "papermill notebooks/02_abuse_methods.ipynb" in folded
    assert '<a href="02_abuse_methods/02_tally.csv">02_tally.csv</a>' in folded
    assert '<a href="02_abuse_methods.ipynb">' in folded, "the executed notebook, not its HTML page"
    # every declared parameter but the report's own folder, with the value used and its default where it differs
    assert (
        "<code>unit</code></td><td><code>&quot;acts&quot;</code> (default <code>&quot;persons&quot;</code>)" in folded
    )
    assert "<code>level</code></td><td><code>&quot;category&quot;</code></td>" in folded
    assert "output_dir" not in folded
    text, sections = visible(page)
    assert sections == 1 and not [word for word in PLUMBING if word in text]
    assert report_html.finish_html(page, nb).count('<details class="cat-kz-researchers') == 1, "added once"
    # the suggested citation names the data the report was made from (issue 23)
    from cat_kz.dataset.load import dataset_fingerprint

    assert "How to cite:</strong> cat-kz" in page and f"sha256:{dataset_fingerprint()}" in text


def test_a_page_not_made_from_a_report_has_no_section():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title")])
    assert "<details" not in report_html.finish_html("<html><head></head><body></body></html>", nb)


def test_the_parameters_are_read_from_the_parameters_cell():
    declared = researchers.declared(nbformat.read(notebook_path("03_refoulement"), as_version=4))
    assert declared["destinations"] == ([], 'countries returned to, e.g. ["Uzbekistan"]; an empty list shows all')
    assert list(declared)[-1] == "output_dir"
    assert researchers.commands("01_timeline", {"labels": False, "output_dir": "x"})[0] == (
        "cat-kz report --notebooks 01_timeline -p labels false"
    )


def test_tables_show_reader_case_plurals_and_whole_dates():
    frame = pd.DataFrame(
        {
            "found_by": ["human rights watch", "un special rapporteur"],
            "value": ["1 persons; On May 30, 2011 (2011-05-30)", "found by un special rapporteur, 11 persons"],
            "quote": ["a human rights watch researcher saw 1 persons", "x"],
            "date_start": pd.to_datetime(["2011-12-16", "2010-09-01"]),
        }
    )
    page = table(frame, name="reader")._repr_html_()
    assert ">Human Rights Watch<" in page and ">UN special rapporteur<" in page
    assert "1 person; On May 30" in page and "found by UN special rapporteur, 11 persons" in page
    assert ">a human rights watch researcher saw 1 persons<" in page, "the source's words stay as they are"
    assert '<span style="white-space: nowrap">2011-05-30</span>' in page
    assert '<span style="white-space: nowrap">2011-12-16</span>' in page
    assert "human rights watch<" not in page.replace(">a human rights watch researcher saw 1 persons<", "")


def test_a_sentence_is_a_paragraph_without_code_syntax():
    import cat_kz
    from cat_kz.analysis.tallies import tally_methods, tally_summary

    acts = cat_kz.load_acts()
    for options in ({}, {"include_groups": False}, {"scope": "summary"}):
        text = tally_summary(acts, tally_methods(acts, **options), **options)
        assert "=" not in text and "scope '" not in text, text  # the analysis writes sentences, not switches
    sentence = Sentence(text)
    assert repr(sentence) == text and sentence._repr_html_().startswith('<p class="cat-kz-sentence">')


def test_the_overview_names_its_subject_and_lists_every_report():
    nb = nbformat.read(notebook_path("00_overview"), as_version=4)
    title = report_html.heading(nb)
    assert "cat-kz" not in title and "Kazakhstan" in title
    listed = report_html.contents()
    assert "00_overview" not in listed, "the overview lists the others"
    for name in NOTEBOOKS[1:] + INTERACTIVE:
        heading = report_html.heading(nbformat.read(notebook_path(name), as_version=4))
        assert f"[{heading}]({name}.ipynb)" in listed, name
    assert any("contents()" in cell.source for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_notebook_prints_plumbing(name):
    nb = nbformat.read(notebook_path(name), as_version=4)
    from cat_kz.publish.runs import RESEARCHERS_TAG

    reader = [c for c in nb.cells if RESEARCHERS_TAG not in c.metadata.get("tags", [])]
    markdown = "\n".join(c.source for c in reader if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not [word for word in PLUMBING if word in markdown], "shell commands or code syntax in the reader's text"
    assert "**Re-run.**" not in markdown
    # the notebook keeps what a researcher needs to re-run it, in a note the HTML report leaves out
    notes = [c.source for c in nb.cells if RESEARCHERS_TAG in c.metadata.get("tags", [])]
    assert len(notes) == 1 and "papermill notebooks/" in notes[0]
    assert not re.search(r"print\([^)]*[Ww]rote", code), "a 'Wrote' line"
    assert "print(" not in code, "printed text is monospace on the page: say() writes a paragraph"


@pytest.mark.slow
@pytest.mark.notebooks
def test_no_report_shows_plumbing_to_a_reader(rendered_suite):
    suite = rendered_suite("none")  # `cat-kz report`, rendered once per session
    assert suite.exit_code == 0, suite.printed
    for name in NOTEBOOKS:
        page = (suite.out / f"{name}.html").read_text(encoding="utf-8")
        text, sections = visible(page)
        assert sections == 1, f"{name}: one folded section for researchers"
        assert not [word for word in PLUMBING if word in text], name
        assert "1 persons" not in text and "human rights watch" not in text and "un special rapporteur" not in text, (
            name
        )
    overview = (suite.out / "00_overview.html").read_text(encoding="utf-8")
    assert 'href="06_corroboration.html"' in overview
    assert "coun ted" not in visible((suite.out / "02_abuse_methods.html").read_text(encoding="utf-8"))[0]
    corroboration = json.dumps(visible((suite.out / "06_corroboration.html").read_text(encoding="utf-8"))[0])
    assert "not found elsewhere" in corroboration and "status agrees" not in corroboration

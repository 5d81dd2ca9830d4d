"""Every figure a notebook draws reaches its reader: as an image in the notebook and in its report."""

from __future__ import annotations

import nbformat
import pytest

from cat_kz.files import PROJECT_ROOT
from cat_kz.publish.notebooks import INTERACTIVE, NOTEBOOKS, figures_without_images, notebook_path, run


def test_the_check_finds_a_figure_shown_only_as_text():
    cell = nbformat.v4.new_code_cell("fig", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "<Figure size 640x480 with 1 Axes>"}, execution_count=1)
    ]
    shown = nbformat.v4.new_code_cell("fig", execution_count=2)
    shown.outputs = [
        nbformat.v4.new_output(
            "display_data", {"text/plain": "<Figure size 640x480 with 1 Axes>", "image/png": "iVBOR"}
        )
    ]
    nb = nbformat.v4.new_notebook(cells=[cell, shown])
    assert figures_without_images(nb) == ["cell [1]: <Figure size 640x480 with 1 Axes>"]


@pytest.mark.parametrize("name", NOTEBOOKS + INTERACTIVE)
def test_committed_notebooks_show_every_figure(name):
    nb = nbformat.read(notebook_path(name), as_version=4)
    assert figures_without_images(nb) == []


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if n not in ("00_overview",)])
def test_committed_notebooks_show_each_saved_figure_with_alt_text(name):
    """One image per PNG the notebook wrote, each described (title, unit, pages)."""
    nb = nbformat.read(notebook_path(name), as_version=4)
    # the committed notebooks write into figures/ with their defaults (make notebooks)
    written = sorted((PROJECT_ROOT / "figures").glob(f"{name[:2]}_*.png"))
    images = [
        output for cell in nb.cells for output in cell.get("outputs", []) if "image/png" in output.get("data", {})
    ]
    assert len(images) == len(written) > 0
    for output in images:
        alt = output["metadata"]["image/png"]["alt"]
        assert "Source: Human Rights Watch, Oct 2014, p" in alt, alt


@pytest.mark.notebooks
def test_an_executed_notebook_shows_its_figure(tmp_path):
    """The timeline, executed by papermill as `cat-kz report` does, carries its image."""
    out = tmp_path / "01_timeline.ipynb"
    run("01_timeline", out, {"output_dir": str(tmp_path / "figures"), "categories": ["trial"]})
    nb = nbformat.read(out, as_version=4)
    assert figures_without_images(nb) == []
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 1
    assert images[0]["metadata"]["image/png"]["alt"].startswith(
        "Timeline of events in the Human Rights Watch submission"
    )

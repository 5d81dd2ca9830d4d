"""Shared figure conventions: source line, byte-stable files, CSV tables, output folders."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from cat_kz.files import PROJECT_ROOT
from cat_kz.model.citation import page_ranges, source_line
from cat_kz.show.plotting import add_source_line, display_path, resolve_output_dir, save_figure, write_table


def figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [1, 0], label="line")
    ax.set_title("t")
    add_source_line(fig, [3, 4, 8])
    return fig


def test_source_line_names_the_pages():
    assert source_line([8]) == "Source: Human Rights Watch, Oct 2014, p. 8"
    assert source_line([3, 4, 5, 8, 9]) == "Source: Human Rights Watch, Oct 2014, pp. 3–5, 8–9"
    assert source_line([]) == "Source: Human Rights Watch, Oct 2014"
    assert page_ranges(pd.array([4, None, 3], dtype="Int64")) == "3–4"


def test_saved_figures_are_byte_identical_across_runs(tmp_path):
    first = [p.read_bytes() for p in save_figure(figure(), "f", tmp_path / "a")]
    second = [p.read_bytes() for p in save_figure(figure(), "f", tmp_path / "b")]
    assert first == second
    svg = second[1].decode()
    assert "<dc:date>" not in svg
    assert "<text" not in svg  # glyphs drawn as paths: no dependence on the reader's fonts
    assert first[0][:8] == b"\x89PNG\r\n\x1a\n"


def test_png_is_200_dpi(tmp_path):
    png, _ = save_figure(figure(), "f", tmp_path)
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (800, 600)
        assert round(image.info["dpi"][0]) == 200


def test_tables_join_lists_like_the_data(tmp_path):
    frame = pd.DataFrame({"ids": [["p01", "p02"], []], "date": pd.to_datetime(["2011-12-22", "2012-04-10"])})
    path = write_table(frame, "t", tmp_path)
    assert path.read_text() == "ids,date\np01;p02,2011-12-22\n,2012-04-10\n"


def test_relative_output_dirs_are_taken_from_the_project_root(tmp_path):
    assert resolve_output_dir("figures") == PROJECT_ROOT / "figures"
    assert resolve_output_dir(tmp_path / "x") == tmp_path / "x" and (tmp_path / "x").is_dir()
    assert display_path(PROJECT_ROOT / "figures" / "a.png") == "figures/a.png"
    assert display_path(tmp_path / "a.png") == "a.png"


def test_empty_tables_write_and_display(tmp_path):
    from cat_kz.show.tables import table

    empty = pd.DataFrame({"text": pd.Series([], dtype="string"), "ids": pd.Series([], dtype=object)})
    assert write_table(empty, "empty", tmp_path).read_text() == "text,ids\n"
    assert "<table" in table(empty, name="empty")._repr_html_()

"""Synthetic datasets (benchmarks only): complete, valid, and broken the way real data breaks."""

from __future__ import annotations

import pytest

import cat_kz
from cat_kz.dataset.synthetic import QUOTES_PER_PAGE, main, write_synthetic
from tests.helpers.data import edit_cell, read_rows


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    sizes = write_synthetic(folder, acts=300)
    return folder, sizes


def test_every_table_is_written_and_loads_clean(synthetic):
    folder, sizes = synthetic
    ds = cat_kz.load_dataset(folder)
    assert {name: len(frame) for name, frame in ds.tables().items()} == {name: sizes[name] for name in ds.tables()}
    assert sizes["events"] == 60 and sizes["people"] == 30 and sizes["counts"] == 15
    assert set(ds.events["date_precision"].astype(str)) == {"day", "month", "year", "season", "part of year", "range"}
    assert ds.events["date_approximate"].any() and ds.events["date_uncertain"].any()
    assert (ds.acts["scope"] == "summary").sum() == 6 and ds.acts["char_start"].notna().all()
    assert len(ds.texts["synthetic"].pages) == -(
        -sum(sizes[t] for t in ("people", "events", "acts", "refoulement", "counts", "recommendations", "findings"))
        // QUOTES_PER_PAGE
    )


def test_a_quote_on_the_wrong_page_is_named_with_both_pages(synthetic, tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(synthetic[0], folder)
    _, rows = read_rows(folder / "acts.csv")
    page = int(rows[10]["page"])
    edit_cell(folder, "acts", "act-0000010", "page", str(page + 1))
    edit_cell(folder, "acts", "act-0000020", "quote", "words the source never says")
    with pytest.raises(cat_kz.DataError) as caught:
        cat_kz.load_dataset(folder)
    lines = str(caught.value).splitlines()[1:]
    assert lines == [
        f"  acts.csv row 11 (act-0000010), column page: {page + 1}: quote is on page {page}, not page {page + 1}",
        f"  acts.csv row 21 (act-0000020), column quote: 'words the source never says': not found verbatim on page {rows[20]['page']} of synthetic",
    ]


def test_command_line(tmp_path, capsys):
    assert main([str(tmp_path / "s"), "--acts", "20"]) == 0
    assert capsys.readouterr().out.startswith("acts 20, events 8, people 10")
    assert main([str(tmp_path / "t"), "--acts", "5"]) == 2
    assert "at least 10" in capsys.readouterr().err


def test_a_bad_reference_among_many_keys_is_named_without_a_slow_hint(synthetic, tmp_path, monkeypatch):
    import shutil

    from cat_kz.dataset import validation

    folder = tmp_path / "data"
    shutil.copytree(synthetic[0], folder)
    edit_cell(folder, "acts", "act-0000003", "person_id", "sp0000001x")
    with pytest.raises(
        cat_kz.DataError,
        match=r"row 4 \(act-0000003\), column person_id: 'sp0000001x': no people.person_id has this value; did you mean",
    ):
        cat_kz.load_dataset(folder)
    monkeypatch.setattr(validation, "SUGGEST_LIMIT", 10)  # 30 people: too many to search for a hint
    with pytest.raises(cat_kz.DataError) as caught:
        cat_kz.load_dataset(folder)
    assert str(caught.value).endswith("column person_id: 'sp0000001x': no people.person_id has this value")

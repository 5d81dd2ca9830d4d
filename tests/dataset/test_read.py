"""The vectorised cell stripping of loading agrees with ``str.strip`` everywhere."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from cat_kz.dataset import read as loading
from cat_kz.dataset.read import _edge_space, _stripped
from cat_kz.model.schema import TABLES


def test_stripping_in_pyarrow_is_str_strip_for_every_code_point():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]  # surrogates are not UTF-8
    # a one-character cell is emptied exactly when its character is whitespace: the same set as str.isspace
    cells = chars + ["", "  ", " x  y ", "\u3000\x1fb\x85\t", "a\u200b", "\ufeffa"]
    got = _stripped(pd.Series(cells, dtype="str"))
    assert isinstance(got.dtype, pd.StringDtype) and got.dtype == pd.array(["x"], dtype="string").dtype
    expected = [cell.strip() or None for cell in cells]
    assert [None if pd.isna(v) else v for v in got] == expected


def test_object_columns_take_the_plain_path():
    got = _stripped(pd.Series([" a", "", "b "], dtype=object))
    assert list(got.fillna("NA")) == ["a", "NA", "b"]


FILES = {
    "plain": b"method_code,label\nbeating,Beating\n",
    "BOM and CRLF": b"\xef\xbb\xbfmethod_code,label\r\nbeating,Beating\r\n",
    "quoted comma, quote and line break": b'method_code,label\nbeating,"Beating, ""hard""\nand long"\n',
    "blank lines": b"method_code,label\n\nbeating,Beating\n\n",
    "spaces and empty cells": b"method_code,label\n  beating , \nkick,\n",
    "a short record": b"method_code,label\nbeating\n",
    "a long record": b"method_code,label\nbeating,Beating,extra\n",
    "a line of spaces": b"method_code,label\n   \nbeating,Beating\n",
    "a repeated column": b"method_code,label,label\nbeating,Beating,B\n",
    "a quoted header": b'"method_code",label\nbeating,Beating\n',
    "an empty header name": b"method_code,label,\nbeating,Beating,\n",
    "header only": b"method_code,label\n",
    "no final line break": b"method_code,label\nbeating,Beating",
    "a lone quote inside a cell": b'method_code,label\nbeating,Beat"ing\n',
    "one column with a line of spaces": b"method_code\nx\n \n",
    "one column and only spaces": b"method_code\n \n",
}


@pytest.mark.parametrize("content", FILES.values(), ids=FILES.keys())
def test_pyarrow_and_pandas_read_a_file_alike(tmp_path, monkeypatch, request, content):
    # pyarrow reads what it reads as pandas does, and hands everything else to pandas
    (tmp_path / "methods.csv").write_bytes(content)
    monkeypatch.setattr(loading, "ARROW_MIN_BYTES", 0)  # these small files too

    def read():
        frame, problems = loading.read_raw(TABLES["methods"], tmp_path)
        return (None if frame is None else frame.astype(object).where(frame.notna(), None).to_dict("list")), [
            str(p) for p in problems
        ]

    fast = read()
    by_pandas = {
        "a short record",
        "a long record",
        "a line of spaces",
        "a repeated column",
        "a quoted header",
        "an empty header name",
        "one column with a line of spaces",
        "one column and only spaces",
    }
    assert (loading._read_arrow(content) is None) == (request.node.callspec.id in by_pandas)
    monkeypatch.setattr(loading, "_read_arrow", lambda data: None)
    assert fast == read()


def test_a_column_is_trimmed_exactly_when_a_cell_starts_or_ends_with_whitespace():
    # the regex that decides whether a column needs trimming knows every character str.isspace names
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for cells in (chars, [f"x{c}" for c in chars], [f"{c}x" for c in chars]):
        flagged = pc.match_substring_regex(pa.array(cells), _edge_space()).to_pylist()
        assert flagged == [cell != cell.strip() for cell in cells]
    assert list(_stripped(pd.Series(["a", "\u2028b"], dtype="str"))) == ["a", "b"]  # one cell is enough


def test_a_cell_over_the_csv_limit_is_named_as_such(data_copy):
    import csv

    from cat_kz.dataset.read import _check_quotes
    from cat_kz.model.schema import TABLES

    text = 'a,b\n1,"' + "x" * (csv.field_size_limit() + 10) + '"\n'
    [problem] = _check_quotes(TABLES["acts"], text)
    assert "a cell is longer than" in problem.message and "not closed" not in problem.message

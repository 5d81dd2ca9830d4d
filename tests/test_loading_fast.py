"""The vectorised cell stripping of loading agrees with ``str.strip`` everywhere."""

from __future__ import annotations

import pandas as pd

from cat_kz.loading import _stripped


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

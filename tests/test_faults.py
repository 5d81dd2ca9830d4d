"""The fault suite (issue 13): each case here once ended in a traceback, a hang,
a lost or corrupted report, or a leaked name. Each test fails on the code before
the fix and states what must hold now."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from cat_kz.cli import main
from cat_kz.paths import PROJECT_ROOT


# --- imports stay one-way -------------------------------------------------------


def _imports(module: str) -> set[str]:
    tree = ast.parse((PROJECT_ROOT / "cat_kz" / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}


def test_redaction_does_not_import_loading():
    assert "loading" in _imports("loading") | {"loading"}  # (loading may import redaction)
    assert "loading" not in _imports("redaction")


# --- a person named on the command line -----------------------------------------

SPELLINGS_OF_P09 = ["Tuletaeva", "TULETAEVA", "rosa", "Rosa Tuletayeva", "Tuletaéva", "Тулетаева", "tuletaeva rosa"]


@pytest.mark.parametrize("spelling", SPELLINGS_OF_P09)
def test_any_spelling_of_a_person_becomes_the_id(spelling):
    import cat_kz
    from cat_kz.report import _protect_people

    assert _protect_people({"people": [spelling]}, cat_kz.load_dataset()) == {"people": ["p09"]}


@pytest.mark.parametrize("spelling", ["Tuletaev", "Rosa Tuletova", "Mukhashevv"])
def test_an_unknown_spelling_is_refused_and_never_written(tmp_path, capsys, spelling):
    out = tmp_path / "reports"
    code = main(["report", "--redact", "victims", "--notebooks", "01_timeline", "--out", str(out), "-p", "people", spelling])
    captured = capsys.readouterr()
    assert code == 2
    [line] = captured.err.strip().splitlines()
    assert "people, item 1: not a person id" in line
    assert spelling.lower() not in (captured.out + captured.err).lower()
    assert not out.exists() or not any(out.rglob("*.*"))

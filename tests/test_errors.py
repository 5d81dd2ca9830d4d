"""One error base: every error cat-kz raises on purpose is a CatKzError defined in cat_kz/errors.py."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from cat_kz import errors

PACKAGE = Path(errors.__file__).parent


def test_every_error_class_derives_from_the_base():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, BaseException)]
    assert len(classes) >= 12
    assert [c.__name__ for c in classes if not issubclass(c, errors.CatKzError)] == []


def test_no_error_class_is_defined_outside_errors_py():
    elsewhere = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases}
                if any(b.endswith(("Error", "Exception", "Leak", "Failed")) for b in bases):
                    elsewhere.append(f"{path.relative_to(PACKAGE)}:{node.name}")
    assert elsewhere == []


def test_errors_keep_the_built_in_bases_callers_catch():
    assert issubclass(errors.DataError, ValueError) and issubclass(errors.PublishError, RuntimeError)
    assert issubclass(errors.ExportError, errors.DataError)

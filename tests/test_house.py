"""The house: how the package reads to a newcomer, measured from its source.

- imports go one way: no cycle among cat_kz's modules, counting imports inside
  functions too (import-linter's layers contract, run by ``make lint``, checks
  the direction between the subpackages);
- one idea per module: none over 500 lines, declarative tables (the schema, the
  lexicon) excepted; functions that fit on a screen: none over 60 lines;
- an import inside a function is of a heavy third-party module (HEAVY), or of a
  cat_kz module the command line must not load (DEFERRED), with its reason in a
  comment on it or on the line before or after (a run of imports shares one).

``python tests/test_house.py`` prints every module's and function's size.
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cat_kz"
MAX_MODULE, MAX_FUNCTION = 500, 60
DECLARATIVE = {"schema.py", "lexicon.py"}  # tables of data, not logic

# third-party modules slow enough to import that a function may import them on first use
HEAVY = {
    "matplotlib", "ipywidgets", "papermill", "nbformat", "nbconvert", "nbclient", "jupyter_client", "playwright",
    "voila", "pyarrow", "openpyxl", "yaml", "edtf", "babel", "typst", "pypdf", "frictionless", "traitlets",
    "tornado", "jupyter_server", "IPython",
}  # fmt: skip
# cat_kz modules a function may import on first use: each loads heavy modules that `import cat_kz.cli`
# must not (tests/test_imports.py: jsonschema; and a command's start stays quick)
DEFERRED = {
    "cat_kz.publish.dashboard": "Voila's server (jupyter_server, tornado) and nbformat",
    "cat_kz.publish.kit": "the slides and the briefing: matplotlib, nbformat",
    "cat_kz.publish.notebooks": "nbformat, which loads jsonschema",
    "cat_kz.publish.report": "nbformat, jsonschema and the briefing kit",
    "cat_kz.publish.slides": "matplotlib and nbformat",
    "cat_kz.show.explore": "matplotlib (ipywidgets when the app is built)",
}


def modules() -> dict[str, Path]:
    """Module name -> file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The cat_kz modules ``path`` imports, at module level or inside functions."""
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                targets.add(name)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules it imports; a package's ``__init__`` re-exporting its children is left out."""
    found = modules()
    graph = {}
    for name, path in found.items():
        edges = imports_of(path, set(found)) - {name}
        if path.name == "__init__.py":
            edges = {e for e in edges if not e.startswith(name + ".")}
        # a module importing its package (cat_kz) for a name its __init__ re-exports is not a cycle of meaning
        graph[name] = {e for e in edges if not (found[e].name == "__init__.py" and name.startswith(e + "."))}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def sizes() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(lines, module) for every module and (lines, module:function) for every function, largest first."""
    module_sizes, function_sizes = [], []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        module_sizes.append((len(source.splitlines()), name))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                function_sizes.append((node.end_lineno - node.lineno + 1, f"{name}:{node.name}"))
    return sorted(module_sizes, reverse=True), sorted(function_sizes, reverse=True)


def inner_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, module, commented) for each import below a module's top level (``if TYPE_CHECKING:`` aside);
    commented: a ``#`` comment on the lines of the import (or of the run of imports it is in) or just
    before or after them."""
    source = path.read_text(encoding="utf-8")
    comments = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    tree = ast.parse(source)
    top = set()
    for node in tree.body:
        top.add(node)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            top.update(node.body)
    known = set(modules())
    inner = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) and node not in top]
    taken = {line for node in inner for line in range(node.lineno, node.end_lineno + 1)}
    found = []
    for node in inner:
        first, last = node.lineno, node.end_lineno  # a run of imports shares one reason
        while first - 1 in taken:
            first -= 1
        while last + 1 in taken:
            last += 1
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:  # `from cat_kz.publish import kit` imports the module cat_kz.publish.kit
            names = [
                f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                for alias in node.names
            ]
        commented = bool(comments & set(range(first - 1, last + 2)))
        found.extend((node.lineno, name, commented) for name in dict.fromkeys(names))
    return found


def import_allowed_inside(module: str) -> bool:
    """A heavy third-party module, or a cat_kz module that must load on first use."""
    return module.split(".")[0] in HEAVY or module in DEFERRED


def test_an_import_inside_a_function_is_heavy_and_says_why():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {module}" + ("" if commented else " (no reason given)")
        for path in modules().values()
        for line, module, commented in inner_imports(path)
        if not (import_allowed_inside(module) and commented)
    ]
    assert offenders == [], "imports inside functions, neither heavy nor explained:\n" + "\n".join(offenders)


def test_the_deferred_modules_are_left_out_of_the_command_line():
    assert set(DEFERRED) <= set(modules())
    probe = f"import sys, cat_kz.cli\nprint(sorted(m for m in {sorted(DEFERRED)!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_an_unexplained_import_inside_a_function_is_found(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n\n\ndef f():\n    import sys\n\n    # heavy: plotting\n    import matplotlib\n\n"
        "    import yaml\n\n\ndef g():\n    import pyarrow  # heavy: on first use\n    import pyarrow.csv\n\n\n"
        "if __name__ == '__main__':\n    import json\n",
        encoding="utf-8",
    )
    found = inner_imports(module)
    assert found == [
        (5, "sys", False),
        (8, "matplotlib", True),
        (10, "yaml", False),
        (14, "pyarrow", True),
        (15, "pyarrow.csv", True),
        (19, "json", False),
    ]
    assert [import_allowed_inside(name) for _, name, _ in found] == [False, True, True, True, True, False]


def test_cycles_are_found_where_there_are_some():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_even_through_imports_inside_functions():
    assert cycles(import_graph()) == []


def test_no_module_over_500_lines():
    module_sizes, _ = sizes()
    big = [
        f"{name} ({lines})"
        for lines, name in module_sizes
        if lines > MAX_MODULE and modules()[name].name not in DECLARATIVE
    ]
    assert big == []


def test_no_function_over_60_lines():
    _, function_sizes = sizes()
    assert [f"{name} ({lines})" for lines, name in function_sizes if lines > MAX_FUNCTION] == []


def test_the_subpackages_read_as_the_pipeline():
    subpackages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert subpackages == ["analysis", "dataset", "model", "publish", "show"]


def main() -> None:
    module_sizes, function_sizes = sizes()
    print("lines  module")
    for lines, name in module_sizes:
        print(f"{lines:5d}  {name}")
    print("\nlines  function (the 20 longest)")
    for lines, name in function_sizes[:20]:
        print(f"{lines:5d}  {name}")
    found = cycles(import_graph())
    print(f"\nimport cycles: {found or 'none'}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()

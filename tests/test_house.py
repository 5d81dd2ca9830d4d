"""The house: how the package reads to a newcomer, measured from its source.

- imports go one way: no cycle among cat_kz's modules, counting imports inside
  functions too (import-linter's layers contract, run by ``make lint``, checks
  the direction between the subpackages);
- one idea per module: none over 500 lines, declarative tables (the schema, the
  lexicon) excepted; functions that fit on a screen: none over 60 lines;
- an import inside a function is of a heavy third-party module, with its reason
  on the line before or after.

``python tests/test_house.py`` prints every module's and function's size.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cat_kz"
MAX_MODULE, MAX_FUNCTION = 500, 60
DECLARATIVE = {"schema.py", "lexicon.py"}  # tables of data, not logic


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

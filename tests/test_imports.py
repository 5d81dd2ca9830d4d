"""`import cat_kz` is quick: plotting, widgets and the EDTF grammar load on first use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import cat_kz

HEAVY = ["matplotlib.pyplot", "ipywidgets", "edtf"]


def imported_after(code: str) -> dict[str, bool]:
    probe = f"import json, sys\n{code}\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_import_cat_kz_leaves_plotting_widgets_and_edtf_out() -> None:
    assert imported_after("import cat_kz") == dict.fromkeys(HEAVY, False)


def test_the_explorer_brings_them_in_when_used() -> None:
    loaded = imported_after("import cat_kz\ncat_kz.explore")
    assert loaded["ipywidgets"] is False  # naming the explorer loads no widgets: they come when the app is built
    loaded = imported_after("import cat_kz\ncat_kz.explore()")
    assert loaded["ipywidgets"]  # building the app brings the widgets in


@pytest.mark.parametrize("name", cat_kz.__all__)
def test_every_public_name_is_reachable(name: str) -> None:
    assert getattr(cat_kz, name) is not None
    assert name in dir(cat_kz)


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        cat_kz.nonsense  # noqa: B018


def test_explore_is_callable_whichever_is_imported_first() -> None:
    # `import cat_kz.show.explore` binds the submodule to cat_kz.show.explore; it must still build the app.
    code = (
        "import cat_kz\nfrom cat_kz.show.explore import Filters\n"
        "app = cat_kz.explore(method_categories=['asphyxiation'])\nprint(type(app).__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-1] == "Explorer"


def test_importing_the_cli_leaves_jsonschema_as_it_is() -> None:
    """Only running the command spares jsonschema its IRI grammar (a process-wide change)."""
    probe = (
        "import sys, cat_kz.cli\n"
        "print('rfc3987_syntax' in sys.modules, 'jsonschema' in sys.modules)\n"
        "cat_kz.cli.main(['--version'])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    first, version = done.stdout.splitlines()[:2]
    assert first == "False False"
    assert version.startswith("cat-kz ")
    after = "import sys, cat_kz.cli\ntry:\n    cat_kz.cli.main(['--version'])\nexcept SystemExit:\n    pass\nprint(sys.modules.get('rfc3987_syntax', 'absent'))"
    done = subprocess.run([sys.executable, "-c", after], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "None"  # the stub that keeps jsonschema from building the grammar

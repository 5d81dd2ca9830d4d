"""Jupyter conventions: a named kernel, arguments passed through to JupyterLab, --version, make targets."""

from __future__ import annotations

import re

import nbformat
import pytest

import cat_kz
from cat_kz.cli import main
from cat_kz.files import PROJECT_ROOT
from cat_kz.publish.notebooks import INTERACTIVE, KERNEL, KERNELSPEC, NOTEBOOKS, missing_kernel, notebook_path


def test_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"cat-kz {cat_kz.__version__}"


def test_lab_passes_its_other_arguments_to_jupyterlab(capsys):
    assert main(["lab", "--print-command", "--no-browser", "--port", "8890", "--ServerApp.token=abc"]) == 0
    command = capsys.readouterr().out
    assert command.rstrip().endswith("notebooks --no-browser --port 8890 --ServerApp.token=abc")


def test_other_commands_still_reject_unknown_options(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["validate", "--port", "1"])
    assert stopped.value.code == 2
    assert "unrecognized arguments: --port 1" in capsys.readouterr().err


@pytest.mark.parametrize("name", NOTEBOOKS + INTERACTIVE)
def test_notebooks_name_the_project_kernel(name):
    assert nbformat.read(notebook_path(name), as_version=4).metadata.kernelspec == KERNELSPEC


def test_make_install_registers_the_kernel_in_the_venv():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert f"ipykernel install --sys-prefix --name {KERNEL}" in makefile
    assert re.search(r"^install: .*\$\(KERNEL_SPEC\)", makefile, flags=re.M)
    for target in ("lab", "dashboard"):
        assert re.search(rf"^{target}: install ## ", makefile, flags=re.M), target


def test_the_kernel_is_registered_here():
    assert missing_kernel() is None, "run make install"


def test_report_with_a_missing_kernel_is_one_clear_line(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path), "--kernel", "no-such-kernel"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Jupyter kernel named 'no-such-kernel'" in err and "make install" in err
    assert not any(tmp_path.iterdir()), "nothing ran"

"""The curated notebooks: where they are, how to run them, how to refresh them.

``NOTEBOOKS`` is the list the tests execute and the report renders, in order.
Notebooks are committed *executed with their default parameters* so that nbval
can compare every stored output with a fresh run; :func:`refresh` re-executes
one in place and strips what changes from run to run (timings, papermill
metadata), so that an unchanged notebook stays byte-identical.

>>> from cat_kz.publish.notebooks import NOTEBOOKS, notebook_path
>>> NOTEBOOKS[0], notebook_path("01_timeline").name
('00_overview', '01_timeline.ipynb')
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from cat_kz.files import PROJECT_ROOT

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOKS = ("00_overview", "01_timeline", "02_abuse_methods", "03_refoulement", "05_data_quality", "06_corroboration")
#: Notebooks for JupyterLab and Voila only: their widgets mean nothing in a static report.
INTERACTIVE = ("04_explorer",)
#: The project's named Jupyter kernel: ``make install`` registers it in the venv
#: (``python -m ipykernel install --sys-prefix --name cat-kz``) and every notebook names it.
KERNEL = "cat-kz"
KERNEL_DISPLAY_NAME = "Python (cat-kz)"
KERNELSPEC = {"name": KERNEL, "display_name": KERNEL_DISPLAY_NAME, "language": "python"}


def missing_kernel(name: str = KERNEL) -> str | None:
    """A one-line error when Jupyter cannot find the kernel ``name`` here, else None."""
    from jupyter_client.kernelspec import KernelSpecManager  # heavy: Jupyter's kernel machinery, for this check only

    if name in KernelSpecManager().find_kernel_specs():
        return None
    return (
        f"no Jupyter kernel named {name!r} in this environment: run `make install` "
        f"(or `python -m ipykernel install --sys-prefix --name {KERNEL} --display-name '{KERNEL_DISPLAY_NAME}'`)"
    )


def notebook_path(name: str) -> Path:
    """The path of a curated notebook (``KeyError`` naming the known ones otherwise)."""
    if name not in NOTEBOOKS + INTERACTIVE:
        raise KeyError(f"no notebook {name!r}; notebooks are {', '.join(NOTEBOOKS + INTERACTIVE)}")
    return NOTEBOOK_DIR / f"{name}.ipynb"


def run(
    name: str,
    output: Path | str,
    parameters: dict | None = None,
    *,
    kernel_name: str = KERNEL,
    progress: bool = False,
    cwd: Path | str | None = None,
    km=None,
):
    """Execute a notebook with papermill into ``output``; returns the executed notebook.

    The kernel runs in the notebooks folder (as in JupyterLab and nbval) unless
    ``cwd`` says otherwise. Raises papermill's ``PapermillExecutionError`` when a
    cell fails; its message carries the notebook's own error (e.g. a bad parameter).
    """
    import papermill  # heavy: loads nbclient and the kernel machinery; only a run needs it

    return papermill.execute_notebook(
        str(notebook_path(name)),
        str(output),
        parameters=parameters or {},
        kernel_name=kernel_name,
        progress_bar=progress,
        cwd=str(cwd or NOTEBOOK_DIR),
        km=km,  # a kernel manager of the caller's (cat-kz report: IPC sockets, its own shutdown)
    )


#: The widget model ids a stored notebook's widget outputs point to, numbered by
#: cell and output. The widget state itself is not stored, so the random id a
#: run gives each widget refers to nothing: a fixed one keeps the notebook
#: unchanged between runs of ``make notebooks``.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what differs between runs: timings, papermill's records, widget state and ids.

    >>> cell = nbformat.v4.new_code_cell("app")
    >>> cell.outputs = [nbformat.v4.new_output("display_data", {WIDGET_VIEW: {"model_id": "8c1f"}, "text/plain": "hint"})]
    >>> clean(nbformat.v4.new_notebook(cells=[cell])).cells[0].outputs[0].data[WIDGET_VIEW]["model_id"]
    'stored-widget-0-0'
    """
    nb.metadata.pop("papermill", None)
    nb.metadata.get("widgets", {}).pop("application/vnd.jupyter.widget-state+json", None)
    for number, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        for index, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = f"stored-widget-{number}-{index}"
    return nb


def figures_without_images(nb: nbformat.NotebookNode) -> list[str]:
    """Outputs that stand for a figure but carry no image: ``<Figure size ...>`` alone.

    A figure a reader never sees; returns one line per such output, naming its cell.

    >>> cell = nbformat.v4.new_code_cell("fig", execution_count=3)
    >>> cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "<Figure size 1169x827 with 3 Axes>"}, execution_count=3)]
    >>> figures_without_images(nbformat.v4.new_notebook(cells=[cell]))
    ['cell [3]: <Figure size 1169x827 with 3 Axes>']
    """
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if text.startswith("<Figure") and not any(key.startswith("image/") for key in data):
                found.append(f"cell [{cell.get('execution_count')}]: {text.strip()}")
    return found


def refresh(name: str, *, timeout: int = 600) -> Path:
    """Re-execute a notebook in place with its defaults and store the outputs (``make notebooks``)."""
    from nbclient import NotebookClient  # heavy: the kernel machinery, for `make notebooks` only

    path = notebook_path(name)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(clean(nb), path)
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m cat_kz.publish.notebooks [NAME ...]``: refresh the named (default: all) notebooks."""
    names = (argv if argv is not None else sys.argv[1:]) or list(NOTEBOOKS + INTERACTIVE)
    for name in names:
        print(f"refreshing notebooks/{name}.ipynb ...", flush=True)
        refresh(name)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

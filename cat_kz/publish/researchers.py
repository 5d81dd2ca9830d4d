"""The folded "For researchers" section at the end of every HTML report.

A reader's page carries no plumbing (no commands, no file lists, no code
syntax); what a researcher needs to re-run or reuse a report goes here, made
from what the run itself recorded, never typed into a notebook:

- how to re-run it (``cat-kz report``, papermill, JupyterLab), with the
  parameters this run was given;
- every parameter the notebook declares: the value used, its default, what it means
  (read from the notebook's parameters cell);
- the files the run wrote beside the report (recorded by
  :func:`cat_kz.publish.html.finish_notebook` in ``nb.metadata["cat_kz"]``).

>>> import nbformat
>>> cell = nbformat.v4.new_code_cell('unit: str = "persons"  # what one count is\\noutput_dir: str = "figures"  # folder')
>>> cell.metadata["tags"] = ["parameters"]
>>> declared(nbformat.v4.new_notebook(cells=[cell]))
{'unit': ('persons', 'what one count is'), 'output_dir': ('figures', 'folder')}
>>> commands("02_abuse_methods", {"unit": "acts", "redact": "victims"})[0]
'cat-kz report --notebooks 02_abuse_methods -p unit acts --redact victims'
"""

from __future__ import annotations

import ast
import html
import json
import shlex

from cat_kz._version import __version__
from cat_kz.dataset.load import dataset_fingerprint
from cat_kz.model.citation import SOURCE_TITLE
from cat_kz.publish.cite import how_to_cite

#: Where a run's folder and report facts are kept in the executed notebook's metadata.
METADATA_KEY = "cat_kz"
#: Parameters the report sets itself: not a researcher's choice.
INTERNAL = ("output_dir",)
SUMMARY = "For researchers"


def declared(nb) -> dict[str, tuple[object, str]]:
    """name -> (default, what it means) for each parameter of the notebook's parameters cell."""
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    lines = cell.source.splitlines()
    found = {}
    for node in ast.parse(cell.source).body:
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        if not isinstance(target, ast.Name) or node.value is None:
            continue
        try:
            default = ast.literal_eval(node.value)
        except (ValueError, SyntaxError, TypeError):  # not a literal: shown as written
            default = ast.get_source_segment(cell.source, node.value)
        rest = lines[node.end_lineno - 1][node.end_col_offset :]
        found[target.id] = (default, rest.split("#", 1)[1].strip() if "#" in rest else "")
    return found


def _cli_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return shlex.quote(json.dumps(value))
    return shlex.quote(str(value))


def commands(name: str, given: dict) -> list[str]:
    """The commands that re-run the report ``name`` with the parameters ``given`` (internal ones left out).

    >>> commands("03_refoulement", {"destinations": ["China"]})[1]
    'papermill notebooks/03_refoulement.ipynb 03_refoulement.ipynb -y \\'{"destinations": ["China"]}\\''
    """
    given = {k: v for k, v in given.items() if k not in INTERNAL}
    redact = given.pop("redact", "none")
    report = f"cat-kz report --notebooks {name}" + "".join(f" -p {k} {_cli_value(v)}" for k, v in given.items())
    if redact not in (None, "none"):
        report += f" --redact {shlex.quote(str(redact))}"
        given["redact"] = redact
    papermill = f"papermill notebooks/{name}.ipynb {name}.ipynb"
    if given:
        papermill += " -y " + shlex.quote(json.dumps(given))
    return [report, papermill]


def _parameters_table(nb, given: dict) -> str:
    rows = []
    for key, (default, meaning) in declared(nb).items():
        if key in INTERNAL:
            continue
        used = given.get(key, default)
        note = "" if used == default else f" (default <code>{html.escape(json.dumps(default))}</code>)"
        rows.append(
            f"<tr><td><code>{html.escape(key)}</code></td><td><code>{html.escape(json.dumps(used))}</code>{note}</td>"
            f"<td>{html.escape(meaning)}</td></tr>"
        )
    if not rows:
        return "<p>This report takes no parameters.</p>"
    return (
        "<table><thead><tr><th>Parameter</th><th>Value used</th><th>What it sets</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def section(nb, name: str | None = None) -> str:
    """The ``<details>`` block for the executed notebook ``nb`` ('' when it is not a curated report)."""
    record = dict(nb.metadata.get(METADATA_KEY, {}))
    name = name or record.get("report")
    if not name:
        return ""
    given = dict(nb.metadata.get("papermill", {}).get("parameters", {}))
    order = list(declared(nb))  # the notebook's order (the stored metadata has its keys sorted)
    given = dict(sorted(given.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))
    lines = "\n".join(html.escape(command) for command in commands(name, given))
    files = record.get("files", [])
    listed = (
        "".join(f'<li><a href="{html.escape(name)}/{html.escape(f)}">{html.escape(f)}</a></li>' for f in files)
        or "<li>none</li>"
    )
    meta = {"version": __version__, "dataset_fingerprint": dataset_fingerprint(), "source": SOURCE_TITLE}
    return (
        f'<p class="cat-kz-how-to-cite"><strong>How to cite:</strong> {html.escape(how_to_cite(meta))}</p>\n'
        f'<details class="cat-kz-researchers cat-kz-noprint"><summary>{SUMMARY}</summary>\n'
        "<h3>Re-run this report</h3>\n"
        "<p>In the project folder (after <code>make install</code>), either command renders it again with the "
        "parameters below; the second writes only the executed notebook. In JupyterLab (<code>cat-kz lab</code>), "
        f"open <code>notebooks/{html.escape(name)}.ipynb</code>, set the values in its first code cell and run all cells.</p>\n"
        f"<pre>{lines}</pre>\n"
        f"<h3>Parameters</h3>\n{_parameters_table(nb, given)}\n"
        f"<h3>Files written</h3>\n<p>Beside this page, in the folder <code>{html.escape(name)}/</code> "
        f"(figures as PNG and SVG, tables as CSV), and the executed notebook "
        f'<a href="{html.escape(name)}.ipynb">{html.escape(name)}.ipynb</a>:</p>\n'
        f'<ul class="files">{listed}</ul>\n</details>'
    )


def add_to_page(page: str, nb, name: str | None = None) -> str:
    """``page`` with :func:`section` at the end of its content (once; a fragment with no body is left as it is)."""
    block = section(nb, name)
    if not block or '<details class="cat-kz-researchers' in page:
        return page
    for end in ("</main>", "</body>"):
        if end in page:
            head, _, tail = page.rpartition(end)
            return f"{head}{block}\n{end}{tail}"
    return page  # a fragment, not a page

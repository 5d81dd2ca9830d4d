"""What a reader of ``cat-kz report`` gets: pages that say what they are.

:mod:`cat_kz.publish.report` executes the notebooks and converts them with nbconvert;
this module finishes what it publishes:

- :func:`finish_notebook`: the executed notebook loses every machine and staging
  path (papermill's ``input_path``/``output_path``, "Wrote ..." lines, tracebacks)
  and, when redacted, opens with a note of the level and says "verbatim" only
  with its qualification;
- :func:`finish_html`: the page gets a ``<title>`` from the notebook's heading,
  a viewport, alt text on each figure (what it shows: title, unit, pages),
  links to the other HTML reports instead of their ``.ipynb`` files, and at its
  end the folded "For researchers" section (:mod:`cat_kz.publish.researchers`:
  how to re-run it, the parameters used, the files written);
- :func:`contents`: the list of reports, each with its heading and question
  (the overview notebook shows it);
- :func:`index_page`: ``index.html`` with each report's title, question, status
  and figure thumbnails, and how to open the dashboard.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Timeline: what happened when\\n\\n**Question.** In what order?")])
>>> heading(nb), question(nb)
('Timeline: what happened when', 'In what order?')
>>> page = finish_html("<html><head><title>Notebook</title></head><body></body></html>", nb)
>>> "<title>Timeline: what happened when</title>" in page and 'name="viewport"' in page
True
"""

from __future__ import annotations

import html
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import nbformat

from cat_kz.files import PROJECT_ROOT
from cat_kz.publish import page_style, researchers
from cat_kz.publish.cite import how_to_cite
from cat_kz.publish.notebooks import INTERACTIVE, NOTEBOOKS, notebook_path

#: What each redaction level hides, in words for a reader.
LEVEL_WORDS = {
    "minors": "the names of minors",
    "victims": "the names of everyone but officials",
    "all": "every personal name",
}
DEFAULT_ALT = "No description has been provided for this image"
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
DASHBOARD_HOWTO = (
    "The interactive explorer (filters for dates, methods, persons and articles) is not part of these static pages: "
    "run <code>cat-kz dashboard</code> (or <code>make dashboard</code>) in the project folder and open "
    '<a href="http://127.0.0.1:8866/">http://127.0.0.1:8866/</a>; add <code>--redact victims</code> to serve it '
    "with names hidden for every viewer."
)


# --- what a notebook says about itself ----------------------------------------------


def heading(nb) -> str:
    """The notebook's first Markdown heading (its title), as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+?)\s*$", cell.source, flags=re.M)
            if match:
                return re.sub(r"[*_`]", "", match.group(1))
    return "cat-kz report"


def question(nb) -> str:
    """The paragraph after ``**Question.**`` in the notebook's first cell ('' if none)."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return ""
    match = re.search(r"\*\*Question\.\*\*\s*(.+?)(?:\n\s*\n|$)", first.source, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", match.group(1))).strip() if match else ""


def redaction_banner(level: str | None) -> str:
    """The sentence every redacted page carries ('' when nothing is redacted).

    >>> redaction_banner("victims")
    'Redacted (level: victims): the names of everyone but officials are replaced by stable pseudonyms. Quotes are verbatim except for those names.'
    >>> redaction_banner("none")
    ''
    """
    if level in (None, "none"):
        return ""
    return (
        f"Redacted (level: {level}): {LEVEL_WORDS.get(level, 'names')} are replaced by stable pseudonyms. "
        "Quotes are verbatim except for those names."
    )


def _qualify_verbatim(text: str) -> str:
    return re.sub(r"\bverbatim\b(?! except)", "verbatim (except for pseudonymised names)", text)


# --- paths -------------------------------------------------------------------------------


def machine_roots(*extra: Path | str) -> list[tuple[str, str]]:
    """(absolute path, what a reader sees instead), longest first: the project, Python, temp, home."""
    roots = [(str(path), replacement) for path, replacement in extra]  # type: ignore[misc]
    roots += [
        (str(PROJECT_ROOT), "."),
        (sys.prefix, "<python>"),
        (sys.base_prefix, "<python>"),
        (tempfile.gettempdir(), "<tmp>"),
        (os.path.expanduser("~"), "~"),
    ]
    seen, ordered = set(), []
    for path, replacement in sorted(roots, key=lambda pair: -len(pair[0])):
        if path and path not in seen and path != "/":
            seen.add(path)
            ordered.append((path, replacement))
    return ordered


def scrub(text: str, files: Path, name: str) -> str:
    """``text`` with no staging folder and no absolute path of this machine.

    ``files`` is the staging folder of one report's figures: written as ``name``,
    the folder the reader finds beside the report, whether absolute or relative to
    the project root; then every other root of this machine is replaced.

    >>> from cat_kz.files import PROJECT_ROOT
    >>> stage = PROJECT_ROOT / "reports" / ".staging-abc123" / "01_timeline"
    >>> scrub(f"Wrote reports/.staging-abc123/01_timeline/01_timeline.png and {stage}/x.csv", stage, "01_timeline")
    'Wrote 01_timeline/01_timeline.png and 01_timeline/x.csv'
    """
    files = Path(files)
    pairs = [(str(files), name)]
    try:
        pairs.append((files.relative_to(PROJECT_ROOT).as_posix(), name))
    except ValueError:
        pass
    for path, replacement in pairs:
        text = text.replace(path, replacement)
    for path, replacement in machine_roots():
        text = text.replace(path, replacement)
    return text


# --- the executed notebook ---------------------------------------------------------


def _scrub_value(value, clean):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_scrub_value(item, clean) for item in value]
    if isinstance(value, dict):
        return type(value)({key: _scrub_value(item, clean) for key, item in value.items()})
    return value


def scrub_notebook(nb, files: Path, name: str):
    """:func:`scrub` every text of ``nb`` (sources, printed text, errors, metadata), never image data."""
    clean = lambda text: scrub(text, files, name)  # noqa: E731
    nb.metadata = _scrub_value(nb.metadata, clean)
    for cell in nb.cells:
        cell.source = clean(cell.source)
        for output in cell.get("outputs", []):
            for key in ("text", "evalue", "traceback"):
                if key in output:
                    output[key] = _scrub_value(output[key], clean)
            for mime in list(output.get("data", {})):
                if mime.startswith("text/") or mime.endswith("json"):
                    output["data"][mime] = _scrub_value(output["data"][mime], clean)
            if "metadata" in output:
                output["metadata"] = _scrub_value(output["metadata"], clean)
    return nb


def finish_notebook(path: Path, files: Path, name: str, redact: str | None = None):
    """Rewrite the executed notebook at ``path`` for publishing; return it.

    papermill's record keeps its parameters but not its paths; every text loses
    machine paths (:func:`scrub_notebook`); a redacted notebook opens with
    :func:`redaction_banner` and qualifies "verbatim" in its text.
    """
    nb = nbformat.read(path, as_version=4)
    record = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path", "cwd"):
        record.pop(key, None)
    nb = scrub_notebook(nb, files, name)
    # what the folded "For researchers" section of the page lists (cat_kz.publish.researchers)
    written = sorted(p.name for p in Path(files).iterdir()) if Path(files).is_dir() else []
    nb.metadata[researchers.METADATA_KEY] = {"report": name, "files": written}
    banner = redaction_banner(redact)
    if banner:
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = _qualify_verbatim(cell.source)
        note = nbformat.v4.new_markdown_cell(f"> **{banner}**")
        note.metadata["tags"] = ["cat-kz-redaction"]
        nb.cells.insert(0, note)
    nbformat.write(nb, path)
    return nb


# --- the HTML page ---------------------------------------------------------------------


def figure_descriptions(nb) -> dict[str, str]:
    """base64 PNG data -> its alt text, for every described image output of ``nb``."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if "image/png" in data and alt:
                png = data["image/png"]
                found[re.sub(r"\s", "", "".join(png) if isinstance(png, list) else png)] = alt
    return found


def _report_link(match: re.Match) -> str:
    stem = match.group(2)
    if stem in NOTEBOOKS:  # keeps any #anchor
        return f"{match.group(1)}{stem}.html{match.group(3)}"
    if stem in INTERACTIVE:  # no static report: the index says how to open the dashboard
        return f'{match.group(1)}index.html#explore"'
    return match.group(0)


def finish_html(page: str, nb, redact: str | None = None) -> str:
    """Title, viewport, figure alt text, links between reports, redaction note (see module doc)."""
    title = html.escape(heading(nb))
    page = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", page, count=1, flags=re.S)
    if 'name="viewport"' not in page:
        page = page.replace("<head>", f"<head>\n{VIEWPORT}", 1)
    page = page_style.add_to_page(page)  # print (A4, Letter) and phone layout
    descriptions = figure_descriptions(nb)

    def alt(match: re.Match) -> str:
        tag = match.group(0)
        src = re.search(r'src="data:image/png;base64,([^"]+)"', tag)
        described = descriptions.get(re.sub(r"\s", "", src.group(1))) if src else None
        if not described:
            return tag
        tag = re.sub(r'\salt="[^"]*"', "", tag)
        return tag[:4] + f' alt="{html.escape(described)}"' + tag[4:]

    page = re.sub(r"<img\b[^>]*>", alt, page)
    page = re.sub(r'(href=")(\d\d_[a-z_]+)\.ipynb("|#[^"]*")', _report_link, page)
    page = researchers.add_to_page(page, nb)  # after the links: it links the executed notebook itself
    banner = redaction_banner(redact)
    # the notebook's own note (finish_notebook) travels with the .ipynb; the page opens with a banner no
    # reader can miss (a page of a redacted folder may be printed or sent on alone)
    if banner and "cat-kz-redaction-banner" not in page:
        note = (
            '<div class="cat-kz-redaction-banner" role="note" style="background:#fff4d6;border:2px solid #d9a400;'
            f'padding:.6em 1em;margin:0 0 1em;font-weight:bold;font-size:1.1em">{html.escape(banner)}</div>'
        )
        page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + note, page, count=1)
    return page


def contents(names: Sequence[str] = NOTEBOOKS[1:] + INTERACTIVE) -> str:
    """The reports as a Markdown list: each linked by its heading, with its question (by default every
    notebook after the overview, which shows the list).

    >>> print(contents(["01_timeline"]))  # doctest: +ELLIPSIS
    - [Timeline: what happened when](01_timeline.ipynb): In what order did the events ...
    """
    lines = []
    for name in names:
        nb = nbformat.read(notebook_path(name), as_version=4)
        asked = question(nb)
        lines.append(f"- [{heading(nb)}]({name}.ipynb)" + (f": {asked}" if asked else ""))
    return "\n".join(lines)


# --- the index -----------------------------------------------------------------------------

#: The briefing kit (:mod:`cat_kz.publish.kit`) the index links when it is in the folder: file, name, what it is.
KIT_FILES = (
    (
        "briefing.pdf",
        "Briefing (PDF)",
        "the edited briefing: key findings in sentences, timeline, methods, returns, law and practice, recommendations; ready to print",
    ),
    (
        "slides.html",
        "Slide deck",
        "for a 20-minute session: open in a browser, arrow keys to move, N for speaker notes; works offline",
    ),
    (
        "keyfacts.html",
        "Key facts",
        "one page: stated figures, returns, alleged methods, recommendations and findings, each with its page",
    ),
    (
        "source.html",
        "The source, page by page",
        "Human Rights Watch's text with every coded quote highlighted: each passage lists its records; works offline",
    ),
)


def kit_section(out: Path | str) -> str:
    """The index's "Briefing kit" section: a link to each kit file in ``out`` ('' if none)."""
    out = Path(out)
    items = "".join(
        f'<li><a href="{name}"><strong>{html.escape(label)}</strong></a>: {html.escape(what)}</li>'
        for name, label, what in KIT_FILES
        if (out / name).exists()
    )
    if not items:
        return ""
    pdfs = [n for n in NOTEBOOKS if (out / f"{n}.pdf").exists()]
    links = " ".join(f'<a href="{n}.pdf">{n}.pdf</a>' for n in pdfs)
    each = f"<li>Each report as PDF: {links}</li>" if pdfs else ""
    return f'<h2 id="kit">Briefing kit</h2><ul class="kit">{items}{each}</ul>'


def _published(out: Path, name: str):
    path = out / f"{name}.ipynb"
    source = path if path.exists() else notebook_path(name)
    try:
        return nbformat.read(source, as_version=4)
    except (OSError, ValueError):
        return nbformat.read(notebook_path(name), as_version=4)


def _figure_alts(nb) -> dict[str, str]:
    alts = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            figure = output.get("metadata", {}).get("cat_kz", {}).get("figure")
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if figure and alt:
                alts[figure] = alt
    return alts


def _card(run, out: Path) -> str:
    """One report's card on the index: title, question, status, time, parameters, thumbnails, files."""
    nb = _published(out, run.name)
    title, asked = html.escape(heading(nb)), html.escape(question(nb))
    alts = _figure_alts(nb)
    thumbs = "".join(
        f'<a href="{run.name}/{html.escape(o)}"><img src="{run.name}/{html.escape(o)}" loading="lazy" '
        f'alt="{html.escape(alts.get(Path(o).stem, "Figure " + Path(o).stem))}"></a>'
        for o in run.outputs
        if o.endswith(".png")
    )
    files = " ".join(f'<a href="{run.name}/{html.escape(o)}">{html.escape(o)}</a>' for o in run.outputs)
    params = (
        "; ".join(
            f"<code>{html.escape(k)}</code> = <code>{html.escape(repr(v))}</code>" for k, v in run.parameters.items()
        )
        or "defaults"
    )
    status = _run_status(run)
    return (
        f'<section class="report {run.status}"><h2><a href="{run.name}.html">{title}</a></h2>'
        f'<p class="question">{asked}</p><p>{status} · {run.seconds:.1f} s · parameters: {params}</p>'
        f'<div class="thumbs">{thumbs}</div><p class="files"><small>Figures and tables: {files or "none"}</small></p></section>'
    )


def _run_status(run) -> str:
    """A run's status badge (ok, reused, stale or failed, with the error) and when it was rendered."""
    if run.status == "ok":
        status = '<span class="status ok">ok</span>'
        if getattr(run, "reused", False):  # inputs unchanged: the published report was kept as it was
            status += ' <span class="status reused" title="its inputs had not changed">reused</span>'
    elif run.status == "stale":
        # the last run of this notebook failed; the report shown is the previous good one
        status = f'<span class="status stale">stale: the previous report is kept</span> <small>{html.escape(run.error or "")}</small>'
    else:
        status = f'<span class="status failed">failed</span> <small>{html.escape(run.error or "")}</small>'
    when = getattr(run, "rendered_at", None)
    status += f" · rendered {html.escape(when)}" if when else ""
    return status


#: The index's title: its subject, not the tool that made it.
INDEX_TITLE = "Torture, impunity and returns in Kazakhstan: evidence from Human Rights Watch's 2014 submission"


def index_page(runs: Sequence, meta: dict, out: Path | str) -> str:
    """``index.html``: one card per report (title, question, status, thumbnails), the dashboard, the source."""
    out = Path(out)
    levels = sorted({str(run.parameters.get("redact", "none")) for run in runs} - {"none"})
    cards = [_card(run, out) for run in runs]
    banner = "".join(
        f'<div class="cat-kz-redaction-banner" role="note">{html.escape(redaction_banner(level))}</div>'
        for level in levels
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{VIEWPORT}
<title>{INDEX_TITLE}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1em auto; padding: 0 1em; max-width: 70em; color: #222; line-height: 1.4; }}
section.report {{ border-top: 1px solid #ddd; padding: .5em 0 1em; }} section.failed {{ background: #fff0f0; }}
h2 {{ font-size: 1.2em; margin: .4em 0; }} .question {{ margin: .3em 0; }}
.status.ok {{ color: #17623a; font-weight: bold; }} .status.failed {{ color: #a00; font-weight: bold; }} .status.stale {{ color: #8a5a00; font-weight: bold; }} .status.reused {{ color: #555; }}
.thumbs {{ display: flex; flex-wrap: wrap; gap: .5em; }} .thumbs img {{ width: 12em; max-width: 100%; height: auto; border: 1px solid #ccc; }}
code {{ font-size: .9em; overflow-wrap: anywhere; }} dt {{ font-weight: bold; }} dd {{ margin-left: 1em; overflow-wrap: anywhere; }}
.files, small {{ overflow-wrap: anywhere; }}
.cat-kz-redaction-banner {{ background: #fff4d6; border: 1px solid #d9a400; padding: .6em 1em; margin: .5em 0; font-weight: bold; }}
@media print {{ body h2 {{ break-before: auto; page-break-before: auto; }} }}
</style>
{page_style.head_block()}</head><body>
{banner}
<h1>{INDEX_TITLE}</h1>
<p>Evidence tables and figures coded from Human Rights Watch's October 2014 submission to the UN Committee against
Torture on Kazakhstan. Every row cites the page of the source where its quote stands; the figures and tables count
allegations in one source, not prevalence.</p>
{kit_section(out)}
{chr(10).join(cards)}
<h2 id="explore">Explore interactively</h2>
<p>An interactive explorer (filters for dates, methods, persons and articles) can be served beside these pages.</p>
<details class="cat-kz-researchers"><summary>For researchers</summary><p>{DASHBOARD_HOWTO}</p></details>
<h2>About these pages</h2>
<dl>
<dt>Source</dt><dd>{html.escape(meta["source"])} (sha256 <code>{meta["source_sha256"]}</code>)</dd>
<dt>Dataset fingerprint</dt><dd><code>{meta["dataset_fingerprint"]}</code> (sha256 over every file of the coded data)</dd>
<dt>How to cite</dt><dd class="cite">{html.escape(how_to_cite(meta))}</dd>
<dt>Rendered</dt><dd>{meta["rendered_at"]} by cat-kz {meta["version"]}</dd>
</dl>
</body></html>
"""

"""One notebook run: execute it with papermill in its staging folder and convert it to one HTML page.

:class:`NotebookRun` is what happened (status, seconds, outputs, error, the
digests that let a later run reuse it); :func:`render_one` makes it, in a worker
process of ``cat-kz report``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_core.utils import run_sync

from cat_kz.publish import html as report_html
from cat_kz.publish.notebooks import run
from cat_kz.publish.routing import declared_parameters


@dataclass
class NotebookRun:
    """What happened to one notebook."""

    name: str
    parameters: dict
    status: str = "pending"  # ok | failed
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    redact: str = "none"  # the redaction level it was rendered with
    report: str | None = None  # the HTML file in the folder; None if there is none
    rendered_at: str | None = None
    inputs: str | None = None  # sha256 of what the report depends on (cat_kz.publish.reuse)
    files_sha256: str | None = None  # sha256 of its published files
    reused: bool = False  # this run kept the published report: its inputs had not changed

    @classmethod
    def from_entry(cls, entry: Mapping) -> NotebookRun:
        """A run as listed in an earlier ``index.json``."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in entry.items() if k in known})


#: Notebook cells for researchers only (how to re-run it): left out of the reader's page, whose
#: folded section "For researchers" says the same for the run (:mod:`cat_kz.publish.researchers`).
RESEARCHERS_TAG = "researchers"


def _html(nb, *, with_code: bool) -> str:
    # heavy: nbconvert and its templates, in the worker that converts a notebook
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {RESEARCHERS_TAG}
    exporter = HTMLExporter(
        config=config,
        template_name="lab",
        embed_images=True,
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=True,
        # no scripts fetched from the web: the briefing opens anywhere, offline
        mathjax_url="",
        require_js_url="",
        jquery_url="",
        widget_renderer_url="",
    )
    body, _ = exporter.from_notebook_node(nb)
    # the blanked script URLs leave empty tags, which some browsers resolve to the page itself
    return body.replace('<script src=""></script>', "")


def _error_of(nb) -> str | None:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell [{cell.get('execution_count')}]: {output['ename']}: {output['evalue']}"
    return None


def render_one(name: str, parameters: dict, stage: str, with_code: bool, kernel: str) -> NotebookRun:
    """Execute and convert one notebook into ``stage`` (a worker-process job)."""
    # heavy: papermill and the kernel client, in the worker that runs a notebook
    import papermill
    from jupyter_client import AsyncKernelManager

    stage_dir = Path(stage)
    files = stage_dir / name
    files.mkdir(parents=True, exist_ok=True)
    parameters = dict(parameters)
    declared = declared_parameters([name])[name]
    if "output_dir" in declared and "output_dir" not in parameters:
        parameters["output_dir"] = str(files)
    record = NotebookRun(name=name, parameters={k: v for k, v in parameters.items() if k != "output_dir"})
    executed = stage_dir / f"{name}.ipynb"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cat-kz-kernel-") as sockets:
        # an asynchronous manager, as papermill makes when it is given none: a blocking one gives
        # nbclient a blocking client, whose wait for output holds its event loop, so the check
        # that the kernel is alive never runs and a killed kernel hangs the run (issue 25)
        manager = AsyncKernelManager(kernel_name=kernel, transport="ipc", ip=str(Path(sockets) / "kernel"))
        try:
            run(name, executed, parameters, kernel_name=kernel, km=manager)
            record.status = "ok"
        except papermill.PapermillExecutionError as error:
            record.status, record.error = "failed", f"cell [{error.exec_count}]: {error.ename}: {error.evalue}"
        except Exception as error:  # a kernel that died or never started: still report it
            record.status, record.error = "failed", f"{type(error).__name__}: {error}"
        finally:
            # nbclient leaves a kernel manager it was handed running: stop the kernel here
            if manager.has_kernel:
                run_sync(manager.shutdown_kernel)(now=True)
    record.seconds = round(time.perf_counter() - started, 1)
    if executed.exists():
        # no staging or machine path, a redaction note, a title, alt text: cat_kz.publish.html
        nb = report_html.finish_notebook(executed, files, name, parameters.get("redact"))
        record.error = record.error or _error_of(nb)
        # a failed briefing shows its code, so the failing cell can be read
        page = _html(nb, with_code=with_code or record.status == "failed")
        (stage_dir / f"{name}.html").write_text(
            report_html.finish_html(page, nb, parameters.get("redact")), encoding="utf-8"
        )
    record.error = report_html.scrub(record.error, files, name) if record.error else record.error
    record.outputs = sorted(p.name for p in files.iterdir())
    return record

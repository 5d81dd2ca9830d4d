"""``cat-kz report``: render the notebooks into self-contained HTML briefings.

For each selected notebook: execute it with papermill into a private staging
folder (its figures and tables go to ``<name>/`` beside it) and convert it to
one HTML file with the figures embedded and, by default, the code hidden. The
whole next version of the output folder, with ``index.html`` (and
``index.json``) listing every report with its status, the parameters used, its
redaction level, the source and a fingerprint of the data, is checked and then
swapped in at once (:mod:`cat_kz.publish`). A failed notebook keeps its
previous good report, marked stale in the index; with no previous report, its
failure page (its code and the failing cell shown) is published. The others
go on.

Parameters reach only the notebooks that declare them (read with
``papermill.inspect_notebook``); values given as text are converted to the
type the notebook declares. A parameter no selected notebook declares is an
error before anything runs.

Notebooks run in separate processes (``jobs``); each kernel talks over IPC
sockets in its own folder, so concurrent kernels cannot clash on ports.

>>> from cat_kz.report import convert_value
>>> convert_value("2012-01-01", "str"), convert_value("false", "bool"), convert_value("China,Uzbekistan", "list[str]")
('2012-01-01', False, ['China', 'Uzbekistan'])
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__, kit, report_html
from .loading import FALSE_WORDS, TRUE_WORDS
from .notebooks import KERNEL, NOTEBOOKS, notebook_path, run
from .paths import resolve_data_dir
from .publish import LEVELS, PublishError, die_with_parent, folder_level, publication
from .validation import DataError

SOURCE_TITLE = "Human Rights Watch, Submission to the United Nations Committee Against Torture on Kazakhstan, October 2014"


class ReportError(ValueError):
    """A problem with the request itself (unknown notebook or parameter, bad value): nothing ran."""


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
    inputs: str | None = None  # sha256 of what the report depends on (cat_kz.incremental)
    files_sha256: str | None = None  # sha256 of its published files
    reused: bool = False  # this run kept the published report: its inputs had not changed

    @classmethod
    def from_entry(cls, entry: Mapping) -> NotebookRun:
        """A run as listed in an earlier ``index.json``."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in entry.items() if k in known})


# --- parameters ------------------------------------------------------------


def declared_parameters(names: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each notebook, its parameters and their declared type names."""
    import papermill

    return {
        name: {p: info["inferred_type_name"] for p, info in papermill.inspect_notebook(str(notebook_path(name))).items()}
        for name in names
    }


def convert_value(value: object, type_name: str) -> object:
    """Convert a value given as text to the declared type; typed values pass through.

    Lists accept JSON (``'["China"]'``) or commas (``China,Uzbekistan``); an empty
    string is an empty list.
    """
    if not isinstance(value, str) or type_name in ("str", "None", None):
        return value
    text = value.strip()
    if type_name == "bool":
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValueError(f"{value!r} is not a boolean (true or false)")
    if type_name == "int":
        if len(text.lstrip("+-")) > MAX_DIGITS and text.lstrip("+-").isdigit():
            raise ValueError(f"whole number out of range (at most {MAX_DIGITS} digits)")
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not a whole number") from None
    if type_name == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    if type_name.startswith("list"):
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"{value!r} is not a JSON list ({error.msg})") from None
            if not isinstance(parsed, list):
                raise ValueError(f"{value!r} is not a list")
            return parsed
        return [item.strip() for item in text.split(",") if item.strip()]
    return value


#: A parameters file larger than this is refused (real ones are a few hundred bytes).
PARAMS_FILE_LIMIT = 64 * 1024
#: Whole numbers given as parameters have at most this many digits.
MAX_DIGITS = 15


def read_params_file(path: Path | str) -> dict:
    """A YAML mapping: ``name: value`` for every notebook, or ``<notebook>: {name: value}`` for one.

    Refused with a one-line :class:`ReportError`: a file over
    :data:`PARAMS_FILE_LIMIT`, bytes that are not UTF-8 (by line and column),
    YAML anchors and aliases (an alias bomb expands a few hundred bytes into
    gigabytes), tags that build objects, and anything but a mapping.
    """
    import yaml

    path = Path(path)
    try:
        if path.stat().st_size > PARAMS_FILE_LIMIT:
            raise ReportError(f"{path}: a parameters file is at most {PARAMS_FILE_LIMIT // 1024} KB; this one is larger")
        data = path.read_bytes()
    except OSError as error:
        raise ReportError(f"{path}: cannot read parameters ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ReportError(f"{path}: line {line}, column {column}: byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8") from None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise ReportError(
                    f"{path}: line {mark.line + 1}: YAML anchors and aliases (& and *) are not allowed; write each value out"
                )
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ReportError(f"{path}: {where}cannot read parameters ({reason})") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ReportError(f"{path}: expected a mapping of parameter names to values")
    return loaded


def route_parameters(
    names: Sequence[str],
    given: Mapping[str, object],
    declared: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, dict]:
    """Give each notebook the parameters it declares, converted to its types.

    ``given`` maps a parameter name to a value for every notebook that declares
    it, or a notebook name to a mapping of its own parameters (which win).
    """
    declared = declared if declared is not None else declared_parameters(names)
    known = sorted({p for params in declared.values() for p in params})
    routed: dict[str, dict] = {name: {} for name in names}
    shared = {k: v for k, v in given.items() if k not in NOTEBOOKS}
    specific = {k: v for k, v in given.items() if k in NOTEBOOKS}
    reserved = [k for k in shared if k == "output_dir"] + [
        notebook for notebook, values in specific.items() if isinstance(values, Mapping) and "output_dir" in values
    ]
    if reserved:
        raise ReportError("output_dir is set by the report: each notebook's figures and tables go beside its HTML")
    unknown = [k for k in shared if k not in known]
    if unknown:
        raise ReportError(
            f"unknown parameter(s) {', '.join(map(repr, unknown))}: no selected notebook declares "
            f"{'it' if len(unknown) == 1 else 'them'}; known parameters: {', '.join(known)}"
        )
    for notebook, values in specific.items():
        if notebook not in names:
            raise ReportError(f"parameters for {notebook!r}, which is not selected ({', '.join(names)})")
        if not isinstance(values, Mapping):
            raise ReportError(f"parameters for {notebook!r} must be a mapping of names to values")
        stray = [k for k in values if k not in declared[notebook]]
        if stray:
            raise ReportError(
                f"{notebook} does not declare {', '.join(map(repr, stray))}; it declares {', '.join(declared[notebook])}"
            )
    for name in names:
        merged = {k: v for k, v in shared.items() if k in declared[name]} | dict(specific.get(name, {}))
        for key, value in merged.items():
            try:
                routed[name][key] = convert_value(value, declared[name][key])
            except ValueError as error:
                raise ReportError(f"parameter {key} for {name}: {error}") from None
    return routed


# --- one notebook, in a worker process -------------------------------------


def _html(nb, *, with_code: bool) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
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
    import papermill
    from jupyter_client import KernelManager

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
        manager = KernelManager(kernel_name=kernel, transport="ipc", ip=str(Path(sockets) / "kernel"))
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
                manager.shutdown_kernel(now=True)
    record.seconds = round(time.perf_counter() - started, 1)
    if executed.exists():
        # no staging or machine path, a redaction note, a title, alt text: cat_kz.report_html
        nb = report_html.finish_notebook(executed, files, name, parameters.get("redact"))
        record.error = record.error or _error_of(nb)
        # a failed briefing shows its code, so the failing cell can be read
        page = _html(nb, with_code=with_code or record.status == "failed")
        (stage_dir / f"{name}.html").write_text(report_html.finish_html(page, nb, parameters.get("redact")), encoding="utf-8")
    record.error = report_html.scrub(record.error, files, name) if record.error else record.error
    record.outputs = sorted(p.name for p in files.iterdir())
    return record


# --- the whole suite ----------------------------------------------------------


def _redactor(dataset, level: str):
    from .redaction import Redactor

    try:
        return Redactor(dataset.people, level)
    except ValueError:
        return None  # a bad level: the notebook itself reports it, naming the allowed values


def _protect_people(parameters: dict, dataset) -> dict:
    """Every value given for ``people`` becomes a person id before it reaches the
    notebook, whatever its spelling, or the run is refused without repeating it.

    A name never reaches the parameters cell, papermill's metadata or a
    traceback, redacted run or not.
    """
    from .people import UnknownPerson, resolve_people

    if "people" not in parameters:
        return parameters
    people = parameters["people"]
    people = [people] if isinstance(people, str) else people
    if not isinstance(people, list):
        raise ReportError("parameter people must be a list of person ids")
    try:
        resolved = resolve_people(people, dataset.people)
    except UnknownPerson as error:
        raise ReportError(f"parameter people, {error}") from None
    return parameters | {"people": resolved}


def _redact_run(run: NotebookRun, redactor) -> NotebookRun:
    """What the index and the console show of a redacted run passes through its Redactor."""
    if redactor is None or redactor.level == "none":
        return run
    run.parameters = {k: (redactor.text(v) if isinstance(v, str) else [redactor.text(i) if isinstance(i, str) else i for i in v] if isinstance(v, list) else v) for k, v in run.parameters.items()}
    run.error = redactor.text(run.error) if run.error else run.error
    return run


def dataset_fingerprint(data_dir: Path | str | None = None) -> str:
    """sha256 over every file of the data directory (names and bytes), in a stable order."""
    root = resolve_data_dir(data_dir)
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()




def render(
    out: Path | str = "reports",
    *,
    notebooks: Sequence[str] | None = None,
    parameters: Mapping[str, object] | None = None,
    jobs: int | None = None,
    with_code: bool = False,
    kernel: str = KERNEL,
    redact: str | None = None,
    allow_less_redacted: bool = False,
    force: bool = False,
    pdf: bool = False,
    paper: str = "A4",
    echo=print,
) -> list[NotebookRun]:
    """Render the notebooks into ``out``; returns what happened to each (see module doc).

    ``redact`` sets the redaction level of every notebook, over any value in
    ``parameters``. A notebook whose inputs match its last good report in
    ``out`` is not run again: that report is reused (:mod:`cat_kz.incremental`),
    unless ``force``. The briefing kit (key facts, slides and, with ``pdf``, the
    PDFs on ``paper``) is added to the next version of the folder by
    :func:`cat_kz.kit.build`. Raises :class:`ReportError` before anything runs if the request
    is wrong, ``cat_kz.DataError`` if the data fail validation, and
    ``cat_kz.publish.PublishError`` if ``out`` cannot take the run (see
    :mod:`cat_kz.publish`: nothing in ``out`` changes unless the whole run is published);
    ``cat_kz.kit.KitError`` after publishing the reports and their index if the kit failed.
    """
    from .incremental import input_digest, kit_files_digest, kit_inputs, library_digest, reusable
    from .incremental import kit_files as incremental_kit_files
    from .loading import load_dataset

    names = list(notebooks or NOTEBOOKS)
    unknown = [n for n in names if n not in NOTEBOOKS]
    if unknown:
        raise ReportError(f"unknown notebook(s) {', '.join(map(repr, unknown))}; notebooks are {', '.join(NOTEBOOKS)}")
    dataset = load_dataset()  # invalid data stop the run here, before any notebook runs on them
    declared = declared_parameters(names)
    routed = route_parameters(names, parameters or {}, declared)
    if redact is not None:
        for name in names:
            if "redact" in declared[name]:
                routed[name]["redact"] = redact
    redactors = {name: _redactor(dataset, routed[name].get("redact", "none")) for name in names}
    for name in names:
        routed[name] = _protect_people(routed[name], dataset)
    levels = {name: routed[name].get("redact", "none") for name in names}
    levels = {name: level if level in LEVELS else "none" for name, level in levels.items()}
    fingerprint, library = dataset_fingerprint(), library_digest()
    inputs = {
        name: input_digest(name, routed[name], fingerprint=fingerprint, library=library, with_code=with_code, kernel=kernel)
        for name in names
    }
    runs: dict[str, NotebookRun] = {}
    rendered_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    least = min(levels.values(), key=LEVELS.index)
    with publication(out, level=least, allow_less_redacted=allow_less_redacted) as pub:
        for name in names if not force else ():
            if reusable(pub.previous_entries.get(name), inputs[name], pub.tree):
                runs[name] = NotebookRun.from_entry(pub.previous_entries[name])
                runs[name].reused = True
                echo(f"  reused {name}: inputs unchanged since {runs[name].rendered_at or 'its last render'}")
        todo = [name for name in names if name not in runs]
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)) if todo else None
        try:
            futures = {}
            for name in todo:
                echo(f"  start  {name}")
                futures[pool.submit(render_one, name, routed[name], str(pub.work), with_code, kernel)] = name
            for future in as_completed(futures):
                name = futures[future]
                try:
                    run = future.result()
                except Exception as error:  # the worker itself failed
                    run = NotebookRun(name, routed[name], status="failed", error=f"{type(error).__name__}: {error}")
                runs[name] = _settle(pub, run, redactors[name], levels[name], rendered_at, inputs[name])
                detail = f"{len(run.outputs)} outputs" if run.status == "ok" else run.error
                echo(f"  {run.status:6} {name} in {run.seconds:.1f} s: {detail}")
        except BaseException:
            if pool is not None:
                _stop_workers(pool)
            raise
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        ordered = [runs[name] for name in names]
        untouched = [NotebookRun.from_entry(e) for e in pub.entries_kept(names)]
        for run in untouched:
            run.reused = False  # not part of this run: listed as its last run left it
        shown = [_shown(pub, run) for run in ordered] + untouched
        order = {name: i for i, name in enumerate(NOTEBOOKS)}
        shown.sort(key=lambda run: order.get(run.name, len(order)))
        source = dataset.sources.set_index("source_id").loc["hrw-2014"]
        meta = {
            "source": SOURCE_TITLE,
            "source_sha256": source["sha256"],
            "dataset_fingerprint": fingerprint,
            "rendered_at": rendered_at,
            "version": __version__,
        }
        # --- briefing kit (issue 11): key facts, slides, PDFs in the next version; index.html links them.
        # A kit that fails still publishes the reports and their index; the run then fails with its one-line reason.
        kit_error, kit_digest = None, kit_inputs(shown, pdf=pdf, paper=paper, fingerprint=fingerprint, library=library)
        previous_kit = (pub.previous or {}).get("kit") or {}
        kit_files = incremental_kit_files(pub.tree, shown, pdf)
        if not force and previous_kit.get("inputs") == kit_digest and previous_kit.get("files_sha256") == kit_files_digest(kit_files):
            echo("  reused the briefing kit: its reports and options are unchanged")  # cat_kz.incremental
        else:
            try:
                kit.build(pub.tree, shown, meta, pdf=pdf, paper=paper, echo=echo)
            except kit.KitError as error:
                kit_error = error
        # --- end briefing kit
        entries = [asdict(r) for r in shown]
        index = {**meta, "redact": folder_level(entries), "reports": entries}
        if kit_error is None:
            index["kit"] = {"inputs": kit_digest, "files_sha256": kit_files_digest(kit_files)}
        pub.finish(index, report_html.index_page(shown, meta, pub.tree), _redactor(dataset, index["redact"]))
    if kit_error is not None:
        raise kit_error
    return ordered


def _settle(pub, run: NotebookRun, redactor, level: str, rendered_at: str, inputs: str | None = None) -> NotebookRun:
    """Publish one finished notebook into the staged folder, or keep its previous report."""
    from .incremental import files_digest

    outcome = pub.take(run.name, ok=run.status == "ok", redactor=redactor)
    run.redact, run.rendered_at = level, rendered_at
    problem = pub.problems.get(run.name)
    if problem:
        run.status, run.error = "failed", problem if run.status == "ok" else f"{run.error}; {problem}"
    if outcome == "kept":
        run.error = (run.error or "failed") + " (the previous report is kept, marked stale)"
    elif outcome == "none":
        run.error = (run.error or "no report was produced") + " (no previous report to keep)"
    run.report = f"{run.name}.html" if outcome == "published" else None
    if outcome == "published" and run.status == "ok":  # what the next run compares with, to reuse it
        run.inputs, run.files_sha256 = inputs, files_digest(pub.tree, run.name, run.outputs)
    return _redact_run(run, redactor)


def _shown(pub, run: NotebookRun) -> NotebookRun:
    """What the index lists for a run: itself, or the previous report it kept, marked stale."""
    if run.name not in pub.kept:
        return run
    kept = NotebookRun.from_entry(pub.kept[run.name])
    kept.status, kept.error, kept.report = "stale", f"a later run failed: {run.error}", f"{run.name}.html"
    kept.reused = False
    return kept


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now (Ctrl-C, SIGTERM): a kernel run is not waited for."""
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            process.kill()


def summary_table(runs: Sequence[NotebookRun]) -> str:
    """The closing table: notebook, status, seconds, outputs."""
    lines = [f"{'notebook':<18} {'status':<7} {'seconds':>7}  outputs"]
    for run in runs:
        status = "reused" if run.reused else run.status
        lines.append(f"{run.name:<18} {status:<7} {run.seconds:>7.1f}  {len(run.outputs)}")
    return "\n".join(lines)


def given_parameters(args) -> dict:
    """The parameters of a command line: ``-f PARAMS.yaml``, then each ``-p NAME VALUE`` (which wins)."""
    given: dict[str, object] = {}
    if args.params_file:
        given.update(read_params_file(args.params_file))
    for name, value in args.param or []:
        given[name] = value
    return given


def main_report(args) -> int:
    """The ``cat-kz report`` command (see ``cat_kz.cli``)."""
    try:
        given = given_parameters(args)
        echo = lambda line: print(line, flush=True)  # noqa: E731
        names = args.notebooks or list(NOTEBOOKS)
        jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(names)))
        echo(f"Rendering {len(names)} notebook(s) into {args.out} with {jobs} job(s)")
        runs = render(
            args.out, notebooks=names, parameters=given, jobs=args.jobs,
            with_code=args.with_code, kernel=args.kernel, redact=getattr(args, "redact", None),
            allow_less_redacted=getattr(args, "allow_less_redacted", False), force=getattr(args, "force", False), echo=echo,
            pdf=getattr(args, "pdf", False), paper=getattr(args, "paper", "A4"),
        )
    except (ReportError, DataError, PublishError, kit.KitError) as error:
        print(f"cat-kz report: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # disk full, a folder made read-only meanwhile ...
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        print(f"cat-kz report: cannot write the reports: {reason}{where}; {args.out} is as it was", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"cat-kz report: interrupted; {args.out} is as it was", file=sys.stderr)
        return 130
    print()
    print(summary_table(runs))
    print(f"\nIndex: {Path(args.out) / 'index.html'}")
    failed = [run.name for run in runs if run.status != "ok"]
    if failed:
        print(f"Failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0

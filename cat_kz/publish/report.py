"""``cat-kz report``: render the notebooks into self-contained HTML briefings.

For each selected notebook: execute it with papermill into a private staging
folder (its figures and tables go to ``<name>/`` beside it) and convert it to
one HTML file with the figures embedded and, by default, the code hidden. The
whole next version of the output folder, with ``index.html`` (and
``index.json``) listing every report with its status, the parameters used, its
redaction level, the source and a fingerprint of the data, is checked and then
swapped in at once (:mod:`cat_kz.publish.staging`). A failed notebook keeps its
previous good report, marked stale in the index; with no previous report, its
failure page (its code and the failing cell shown) is published. The others
go on.

Parameters reach only the notebooks that declare them (read with
``papermill.inspect_notebook``); values given as text are converted to the
type the notebook declares. A parameter no selected notebook declares is an
error before anything runs.

Notebooks run in separate processes (``jobs``); each kernel talks over IPC
sockets in its own folder, so concurrent kernels cannot clash on ports.

Parameters are routed by :mod:`cat_kz.publish.routing`; one notebook is run by
:mod:`cat_kz.publish.runs`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from cat_kz._version import __version__
from cat_kz.dataset.load import dataset_fingerprint, load_dataset
from cat_kz.dataset.people import resolve_people
from cat_kz.dataset.redaction import Redactor
from cat_kz.errors import DataError, PublishError, ReportError, UnknownPerson
from cat_kz.model.citation import SOURCE_TITLE
from cat_kz.publish import html as report_html
from cat_kz.publish import kit, reuse  # reuse by module: tests replace reuse.library_digest
from cat_kz.publish.notebooks import KERNEL, NOTEBOOKS
from cat_kz.publish.routing import declared_parameters, given_parameters, route_parameters
from cat_kz.publish.runs import NotebookRun, render_one
from cat_kz.publish.staging import LEVELS, default_out, die_with_parent, folder_level, publication

# --- one notebook, in a worker process -------------------------------------


# --- the whole suite ----------------------------------------------------------


def _redactor(dataset, level: str):
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
    run.parameters = {
        k: (
            redactor.text(v)
            if isinstance(v, str)
            else [redactor.text(i) if isinstance(i, str) else i for i in v]
            if isinstance(v, list)
            else v
        )
        for k, v in run.parameters.items()
    }
    run.error = redactor.text(run.error) if run.error else run.error
    return run


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
    pdf: bool = True,
    paper: str = "A4",
    lang: str = "en",
    echo=print,
) -> list[NotebookRun]:
    """Render the notebooks into ``out``; returns what happened to each (see module doc).

    ``redact`` sets the redaction level of every notebook, over any value in
    ``parameters``. A notebook whose inputs match its last good report in
    ``out`` is not run again: that report is reused (:mod:`cat_kz.publish.reuse`),
    unless ``force``. The briefing kit (key facts, slides and, with ``pdf``,
    ``briefing.pdf`` on ``paper``), in ``lang``, is added to the next version of the folder by
    :func:`cat_kz.publish.kit.build`. Raises :class:`ReportError` before anything runs if the request
    is wrong, ``cat_kz.DataError`` if the data fail validation, and
    ``cat_kz.errors.PublishError`` if ``out`` cannot take the run (see
    :mod:`cat_kz.publish.staging`: nothing in ``out`` changes unless the whole run is published);
    ``cat_kz.errors.KitError`` after publishing the reports and their index if the kit failed.
    """
    names = _known(notebooks)
    dataset = load_dataset()  # invalid data stop the run here, before any notebook runs on them
    routed, redactors, levels = _route(names, parameters, redact, dataset)
    fingerprint, library = dataset_fingerprint(), reuse.library_digest()
    inputs = {
        name: reuse.input_digest(
            name, routed[name], fingerprint=fingerprint, library=library, with_code=with_code, kernel=kernel
        )
        for name in names
    }
    rendered_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    least = min(levels.values(), key=LEVELS.index)
    with publication(out, level=least, allow_less_redacted=allow_less_redacted) as pub:
        runs = {} if force else _reused(pub, names, inputs, echo)
        todo = [name for name in names if name not in runs]

        def settle(run: NotebookRun) -> None:
            runs[run.name] = _settle(pub, run, redactors[run.name], levels[run.name], rendered_at, inputs[run.name])

        _run_pool(pub, todo, routed, jobs=jobs, with_code=with_code, kernel=kernel, settle=settle, echo=echo)
        ordered = [runs[name] for name in names]
        shown = _listed(pub, ordered, names)
        # another language is named for the index page (html.index_page); an English run's index is as it was
        meta = _meta(dataset, fingerprint, rendered_at) | ({"lang": lang} if lang != "en" else {})
        kit_error, kit_record = _build_kit(
            pub, shown, meta, pdf=pdf, paper=paper, force=force, fingerprint=fingerprint, library=library, echo=echo
        )
        _finish(pub, shown, meta, kit_record, dataset)
    if kit_error is not None:
        raise kit_error
    return ordered


def _finish(pub, shown: list[NotebookRun], meta: dict, kit_record: dict | None, dataset) -> None:
    """Write the index (``index.json``, ``index.html``) into the next version and swap it in."""
    entries = [asdict(r) for r in shown]
    index = {**meta, "redact": folder_level(entries), "reports": entries}
    if kit_record is not None:  # a kit that failed is built again next time
        index["kit"] = kit_record
    pub.finish(index, report_html.index_page(shown, meta, pub.tree), _redactor(dataset, index["redact"]))


def _known(notebooks: Sequence[str] | None) -> list[str]:
    """The notebooks asked for (all by default), or a :class:`ReportError` naming the unknown ones."""
    names = list(dict.fromkeys(notebooks or NOTEBOOKS))  # a notebook named twice is rendered once
    unknown = [n for n in names if n not in NOTEBOOKS]
    if unknown:
        raise ReportError(f"unknown notebook(s) {', '.join(map(repr, unknown))}; notebooks are {', '.join(NOTEBOOKS)}")
    return names


def _route(
    names: list[str], parameters: Mapping[str, object] | None, redact: str | None, dataset
) -> tuple[dict[str, dict], dict, dict[str, str]]:
    """Each notebook's parameters (``redact`` over any given, people as ids), its Redactor and its level."""
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
    return routed, redactors, levels


def _reused(pub, names: list[str], inputs: dict[str, str], echo) -> dict[str, NotebookRun]:
    """The notebooks whose last good report in the folder has the same inputs: kept, not run."""
    runs: dict[str, NotebookRun] = {}
    for name in names:
        if reuse.reusable(pub.previous_entries.get(name), inputs[name], pub.tree):
            runs[name] = NotebookRun.from_entry(pub.previous_entries[name])
            runs[name].reused = True
            echo(f"  reused {name}: inputs unchanged since {runs[name].rendered_at or 'its last render'}")
    return runs


def _run_pool(
    pub, todo: list[str], routed: dict[str, dict], *, jobs: int | None, with_code: bool, kernel: str, settle, echo
) -> None:
    """Run ``todo`` in worker processes, ``jobs`` at once; ``settle`` each run as it finishes."""
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
            settle(run)
            detail = f"{len(run.outputs)} outputs" if run.status == "ok" else run.error
            echo(f"  {run.status:6} {name} in {run.seconds:.1f} s: {detail}")
    except BaseException:
        if pool is not None:
            _stop_workers(pool)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _listed(pub, ordered: list[NotebookRun], names: list[str]) -> list[NotebookRun]:
    """What the index lists, in notebook order: this run's reports, then the folder's others as they were."""
    untouched = [NotebookRun.from_entry(e) for e in pub.entries_kept(names)]
    for run in untouched:
        run.reused = False  # not part of this run: listed as its last run left it
    # a less redacted report of the folder, taken out (staging): listed as removed, at this run's level
    untouched += [
        NotebookRun(name, {}, status="failed", error=why, redact=pub.level)
        for name, why in pub.removed.items()
        if name not in names
    ]
    shown = [_shown(pub, run) for run in ordered] + untouched
    order = {name: i for i, name in enumerate(NOTEBOOKS)}
    shown.sort(key=lambda run: order.get(run.name, len(order)))
    return shown


def _meta(dataset, fingerprint: str, rendered_at: str) -> dict:
    """The index's facts about the run: the source and its digest, the data's fingerprint, when, which version."""
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    return {
        "source": SOURCE_TITLE,
        "source_sha256": source["sha256"],
        "dataset_fingerprint": fingerprint,
        "rendered_at": rendered_at,
        "version": __version__,
    }


def _build_kit(
    pub,
    shown: list[NotebookRun],
    meta: dict,
    *,
    pdf: bool,
    paper: str,
    force: bool,
    fingerprint: str,
    library: str,
    echo,
) -> tuple[kit.KitError | None, dict | None]:
    """The briefing kit in the next version of the folder, unless unchanged: (its error, or its index record)."""
    # --- briefing kit (issue 11): key facts, slides, PDFs in the next version; index.html links them.
    # A kit that fails still publishes the reports and their index; the run then fails with its one-line reason.
    kit_error, kit_digest = (
        None,
        reuse.kit_inputs(shown, pdf=pdf, paper=paper, fingerprint=fingerprint, library=library),
    )
    lang = meta.get("lang", "en")
    if lang != "en":  # a kit in another language is not the English one (an English digest is as it was)
        kit_digest = hashlib.sha256(f"{kit_digest}:{lang}".encode()).hexdigest()
    previous_kit = (pub.previous or {}).get("kit") or {}
    kit_files = reuse.kit_files(pub.tree, shown, pdf)
    if (
        not force
        and previous_kit.get("inputs") == kit_digest
        and previous_kit.get("files_sha256") == reuse.kit_files_digest(kit_files)
    ):
        echo("  reused the briefing kit: its reports and options are unchanged")  # cat_kz.publish.reuse
    else:
        try:
            kit.build(pub.tree, shown, meta, pdf=pdf, paper=paper, lang=lang, echo=echo)
        except kit.KitError as error:
            kit_error = error
    # --- end briefing kit
    if kit_error is not None:
        return kit_error, None
    return None, {"inputs": kit_digest, "files_sha256": reuse.kit_files_digest(kit_files)}


def _settle(pub, run: NotebookRun, redactor, level: str, rendered_at: str, inputs: str | None = None) -> NotebookRun:
    """Publish one finished notebook into the staged folder, or keep its previous report."""
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
        run.inputs, run.files_sha256 = inputs, reuse.files_digest(pub.tree, run.name, run.outputs)
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
    for each in runs:
        status = "reused" if each.reused else each.status
        lines.append(f"{each.name:<18} {status:<7} {each.seconds:>7.1f}  {len(each.outputs)}")
    return "\n".join(lines)


def main_report(args) -> int:
    """The ``cat-kz report`` command (see ``cat_kz.cli``)."""
    try:
        given = given_parameters(args)
        if args.out is None:  # each redaction level has its own folder: no run replaces another level's briefing
            level = getattr(args, "redact", None) or given.get("redact")
            args.out = default_out(level if isinstance(level, str) else "none")
        echo = lambda line: print(line, flush=True)  # noqa: E731
        names = list(dict.fromkeys(args.notebooks or NOTEBOOKS))
        jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(names)))
        echo(f"Rendering {len(names)} notebook(s) into {args.out} with {jobs} job(s)")
        runs = render(
            args.out,
            notebooks=names,
            parameters=given,
            jobs=args.jobs,
            with_code=args.with_code,
            kernel=args.kernel,
            redact=getattr(args, "redact", None),
            allow_less_redacted=getattr(args, "allow_less_redacted", False),
            force=getattr(args, "force", False),
            echo=echo,
            pdf=getattr(args, "pdf", True),
            paper=getattr(args, "paper", "A4"),
            lang=getattr(args, "lang", "en"),
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

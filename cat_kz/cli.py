"""The ``cat-kz`` command.

``cat-kz validate [--data DIR]``  check every table; exit 1 and list problems, or
                                  print a one-line summary and exit 0.
``cat-kz schema [--write FILE]``  print the data model as Markdown, or refresh
                                  the section between its markers (docs/data-model.md).
``cat-kz report [--out DIR] ...``  render the notebooks into self-contained HTML reports and briefing.pdf (--no-pdf: without it).
``cat-kz slides [-o slides.html]`` write the offline slide deck for a 20-minute session.
``cat-kz lab [ARGS ...]``          start JupyterLab on the notebooks, in this environment; ARGS go to JupyterLab.
``cat-kz --version``               print the version.
``cat-kz dashboard [--port 8866]`` serve the explorer as a Voila page (code hidden), on 127.0.0.1
                                  (see :mod:`cat_kz.publish.dashboard`: tokens, kernel limits, offline).
``cat-kz export [--format F] [--out DIR]`` write the dataset as a Frictionless Data Package,
                                  Parquet files and/or an Excel workbook (``--redact LEVEL``).
``cat-kz coverage [PATH.txt]``     without PATH: how much of the source the data cover (exit 1 if anything
                                  is uncovered); with PATH: a plain-text source's mentions, with record templates, as CSV.

>>> from cat_kz.cli import main
>>> main(["validate"])  # doctest: +ELLIPSIS
OK: 12 tables, ... records; ... quotes found verbatim on their pages of hrw-2014 (sha256 35337d6b...)
0
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cat_kz._version import __version__
from cat_kz.analysis import coding_templates, coverage
from cat_kz.dataset.export import main_export
from cat_kz.dataset.load import load_dataset
from cat_kz.errors import CatKzError, DataError
from cat_kz.files import output_lost, read_regular, tolerant_streams, write_atomic
from cat_kz.model import schema_doc
from cat_kz.model.language import LANGUAGES
from cat_kz.model.schema import LEVELS, TABLES
from cat_kz.publish.options import host_name, token_text, whole_number
from cat_kz.publish.reuse import skip_iri_grammar

__all__ = ["build_parser", "dashboard_command", "main"]


def dashboard_command(*args, **kwargs) -> list[str]:
    """The Voila command that serves the explorer (see :func:`cat_kz.publish.dashboard.dashboard_command`)."""
    # heavy: publish.dashboard loads nbformat and jsonschema (test_imports: `import cat_kz.cli` must not)
    from cat_kz.publish.dashboard import dashboard_command as command

    return command(*args, **kwargs)


def _validate(args: argparse.Namespace) -> int:
    try:
        dataset = load_dataset(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    tables = dataset.tables()
    records = sum(len(frame) for frame in tables.values())
    quotes = sum(len(frame) for name, frame in tables.items() if TABLES[name].quoted)
    if not dataset.texts:  # a redacted export: its quotes no longer stand verbatim in the source
        print(
            f"OK: {len(tables)} tables, {records} records; {quotes} quotes not checked (no source text: a redacted export)"
        )
        return 0
    paged = dataset.sources[dataset.sources["has_pages"].fillna(False).astype(bool)]
    checked = ", ".join(f"{s.source_id} (sha256 {s.sha256[:8]}...)" for s in paged.itertuples())
    print(f"OK: {len(tables)} tables, {records} records; {quotes} quotes found verbatim on their pages of {checked}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    if args.write is None:
        print(schema_doc.to_markdown(), end="")
        return 0
    path = Path(args.write)
    try:
        text = read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not a UTF-8 text file"
        print(
            f"cat-kz schema: --write {path}: {reason}; give the Markdown file holding the data model section",
            file=sys.stderr,
        )
        return 2
    try:
        updated = schema_doc.replace_readme_section(text)
    except ValueError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    if updated != text:
        try:
            write_atomic(path, updated)  # a full disk leaves the old file whole
        except OSError as error:
            print(f"cat-kz schema: cannot write {path}: {error.strerror or error}", file=sys.stderr)
            return 2
        print(f"{path}: data model section updated")
    else:
        print(f"{path}: data model section already up to date")
    return 0


def _lab(args: argparse.Namespace) -> int:
    from cat_kz.publish.notebooks import NOTEBOOK_DIR  # heavy: loads nbformat (see dashboard_command)

    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={NOTEBOOK_DIR}", *args.lab_args]
    if args.print_command:
        print(" ".join(command))
        return 0
    os.execv(sys.executable, command)  # replaces this process: Ctrl-C stops JupyterLab
    return 0  # pragma: no cover


def _dashboard(args: argparse.Namespace) -> int:
    # heavy: publish.dashboard loads nbformat (see dashboard_command), show.explore matplotlib
    from cat_kz.publish import dashboard
    from cat_kz.show.explore import LOCK_VARIABLE

    if args.max_kernels and args.pool_size > args.max_kernels:
        print(
            f"cat-kz dashboard: --pool-size {args.pool_size} is more than --max-kernels {args.max_kernels}; "
            "ready kernels count against the cap",
            file=sys.stderr,
        )
        return 2
    try:
        given = dashboard.read_token(args.token_file) if args.token_file else None
    except ValueError as error:
        print(f"cat-kz dashboard: --token-file {error}", file=sys.stderr)
        return 2
    given = given or args.token or os.environ.get(dashboard.TOKEN_VARIABLE) or None
    token = given or (None if dashboard.is_loopback(args.host) else dashboard.new_token())
    command = dashboard.dashboard_command(
        args.port, args.host, cull_after=args.cull_after, max_kernels=args.max_kernels, pool_size=args.pool_size
    )
    env = dashboard.server_environment(dict(os.environ), token)
    if args.redact:
        env[LOCK_VARIABLE] = args.redact  # the explorer reads it: names stay hidden for every viewer
    if args.print_command:
        prefix = f"{LOCK_VARIABLE}={args.redact} " if args.redact else ""
        prefix += f"{dashboard.TOKEN_VARIABLE}={token} " if token else ""
        print(prefix + " ".join(command))
        return 0
    if dashboard.port_in_use(args.host, args.port):
        print(
            f"cat-kz dashboard: port {args.port} on {args.host} is in use; choose another with --port", file=sys.stderr
        )
        return 2
    link, who = dashboard.access(args.host, args.port, token)
    hidden = f"Names are hidden ({args.redact}) for every viewer. " if args.redact else ""
    print(f"Serving the explorer at {link}\nWho can open it: {who}. {hidden}Ctrl-C stops it.", flush=True)
    os.execve(sys.executable, command, env)
    return 0  # pragma: no cover


def _coverage(args: argparse.Namespace) -> int:
    if args.path:
        source = Path(args.path)
        if not source.is_file():
            print(f"cat-kz coverage: {source}: no such file", file=sys.stderr)
            return 2
        out = Path(args.out or f"{source.stem}-mentions.csv")
        if out.is_dir() or (out.exists() and not out.is_file()):  # a device (-o /dev/null) is never replaced
            print(f"cat-kz coverage: -o {out} is not a file; give a .csv file name", file=sys.stderr)
            return 2
        try:
            text = io.StringIO()  # written in memory (formula cells neutralised there), then atomically
            rows = coding_templates.write_templates(source, text)
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, text.getvalue())  # a full disk keeps the old file whole
        except UnicodeDecodeError as error:
            print(
                f"cat-kz coverage: {source}: not UTF-8 text (byte {error.start}); give a plain-text source",
                file=sys.stderr,
            )
            return 2
        except OSError as error:
            print(f"cat-kz coverage: cannot write {out}: {error.strerror or error}", file=sys.stderr)
            return 2
        print(f"{source}: {rows} candidate mentions written to {out}, each with an empty record template")
        return 0
    try:
        dataset = load_dataset(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    cov = coverage.coverage(dataset)
    print(coverage.summary(cov).to_string(index=False))
    uncovered = cov[cov["status"] == "uncovered"]
    if len(uncovered):
        print(f"\n{len(uncovered)} uncovered mention(s):", file=sys.stderr)
        for row in uncovered.itertuples():
            print(f"  p. {row.page} {row.kind} {row.text!r}: ...{row.context}...", file=sys.stderr)
        return 1
    print("Every mention is covered by a record or excluded with a reason (data/coverage_exclusions.csv).")
    return 0


def _export(args: argparse.Namespace) -> int:
    return main_export(args)


def _report(args: argparse.Namespace) -> int:
    # heavy: both load nbformat and jsonschema (see dashboard_command)
    from cat_kz.publish.notebooks import missing_kernel
    from cat_kz.publish.report import main_report

    problem = missing_kernel(args.kernel)
    if problem:
        print(f"cat-kz report: {problem}", file=sys.stderr)
        return 2
    return main_report(args)


def _slides(args: argparse.Namespace) -> int:
    from cat_kz.publish.slides import main_slides  # heavy: loads nbformat (see dashboard_command)

    return main_slides(args)


def build_parser() -> argparse.ArgumentParser:
    """The ``cat-kz`` parser: one subcommand per ``_add_*`` function, each setting ``run`` to its handler.

    >>> build_parser().parse_args(["export", "--format", "xlsx"]).run.__name__
    '_export'
    """
    parser = argparse.ArgumentParser(
        prog="cat-kz",
        description="Evidence tables from Human Rights Watch's 2014 submission to the UN Committee "
        "against Torture on Kazakhstan.",
    )
    parser.add_argument("--version", action="version", version=f"cat-kz {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_validate(commands)  # in this order in --help
    _add_schema(commands)
    _add_report(commands)
    _add_slides(commands)
    _add_lab(commands)
    _add_dashboard(commands)
    _add_export(commands)
    _add_coverage(commands)
    return parser


def _add_validate(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser("validate", help="check the data; exit 1 on problems")
    validate.add_argument("--data", metavar="DIR", help="data directory (default: the project's data/)")
    validate.set_defaults(run=_validate)


def _add_schema(commands: argparse._SubParsersAction) -> None:
    show = commands.add_parser("schema", help="print the data model as Markdown")
    show.add_argument(
        "--write", metavar="FILE", help="replace the data model section of this file (docs/data-model.md) instead"
    )
    show.set_defaults(run=_schema)


def _add_report(commands: argparse._SubParsersAction) -> None:
    # heavy: publish.notebooks loads nbformat and jsonschema; main() first spares jsonschema its IRI grammar
    from cat_kz.publish.notebooks import KERNEL

    report = commands.add_parser(
        "report",
        help="render the notebooks into self-contained HTML briefings",
        description="Execute each notebook with papermill and convert it to one HTML file (figures embedded, "
        "code hidden unless --with-code), with its figures and tables beside it and an index.html.",
    )
    report.add_argument(
        "--out",
        metavar="DIR",
        help="output folder (default: reports, or reports-LEVEL for a redacted run: each level has its own)",
    )
    report.add_argument("--notebooks", metavar="NAME", nargs="+", help="notebooks to render (default: all)")
    report.add_argument(
        "-p",
        "--param",
        metavar=("NAME", "VALUE"),
        nargs=2,
        action="append",
        help="a parameter for every notebook that declares it; text is converted to the declared type "
        "(lists as JSON or a,b,c; booleans as true/false)",
    )
    report.add_argument("-f", "--params-file", metavar="PARAMS.yaml", help="parameters from YAML (-p wins)")
    report.add_argument(
        "--jobs", type=whole_number(1), metavar="N", help="notebooks run at once (default: number of cores)"
    )
    report.add_argument(
        "--redact",
        choices=LEVELS,
        help="hide names with stable pseudonyms: minors, victims (everyone but officials) or all (same as -p redact LEVEL)",
    )
    report.add_argument(
        "--replace-level",
        "--allow-less-redacted",
        dest="allow_less_redacted",
        action="store_true",
        help="publish into a folder whose reports were rendered at another redaction level (replacing them)",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="render every notebook; without it a report whose inputs are unchanged since its last good render is reused",
    )
    _add_report_output(report)
    report.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of the briefing kit: briefing.pdf, slides, key facts headings (default: en)",
    )
    report.add_argument(
        "--kernel",
        default=KERNEL,
        metavar="NAME",
        help=f"Jupyter kernel (default: {KERNEL}, registered by make install)",
    )
    report.set_defaults(run=_report)


def _add_report_output(report: argparse.ArgumentParser) -> None:
    """What ``cat-kz report`` writes besides the HTML: code cells, the PDF and its paper."""
    report.add_argument("--with-code", action="store_true", help="keep the code cells in the HTML")
    report.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        default=True,
        help="skip briefing.pdf (by default every run typesets it: the edited 6-12 page briefing, no browser needed)",
    )
    report.add_argument(
        "--pdf", dest="pdf", action="store_true", help=argparse.SUPPRESS
    )  # the default now; kept for old scripts
    report.add_argument(
        "--paper", choices=("A4", "Letter"), default="A4", help="paper size of briefing.pdf (default: A4)"
    )


def _add_slides(commands: argparse._SubParsersAction) -> None:
    deck = commands.add_parser(
        "slides",
        help="write the offline slide deck for a 20-minute session (one HTML file)",
        description="One self-contained HTML slide deck (title, content note, timeline, tallies, refoulement, key facts, "
        "recommendations, sources); every slide cites its pages; keys: arrows, N for speaker notes. "
        "Takes the report's parameters for the timeline (01), tally (02) and refoulement (03) slides.",
    )
    deck.add_argument(
        "-o", "--out", metavar="FILE", default="slides.html", help="where to write the deck (default: slides.html)"
    )
    deck.add_argument(
        "-p", "--param", metavar=("NAME", "VALUE"), nargs=2, action="append", help="a parameter, as for cat-kz report"
    )
    deck.add_argument("-f", "--params-file", metavar="PARAMS.yaml", help="parameters from YAML (-p wins)")
    deck.add_argument("--redact", choices=LEVELS, help="hide names with stable pseudonyms")
    deck.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the slides (default: en)")
    deck.set_defaults(run=_slides)


def _add_lab(commands: argparse._SubParsersAction) -> None:
    lab = commands.add_parser(
        "lab",
        help="start JupyterLab on the notebooks with the project's environment",
        description="Start JupyterLab on notebooks/; every other argument goes to JupyterLab, "
        "e.g. cat-kz lab --no-browser --port 8890.",
    )
    lab.add_argument("--print-command", action="store_true", help="print the command instead of running it")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="passed on to JupyterLab")
    lab.set_defaults(run=_lab)


def _add_dashboard(commands: argparse._SubParsersAction) -> None:
    dash = commands.add_parser("dashboard", help="serve the explorer as a Voila page for briefings (code hidden)")
    dash.add_argument("--port", type=whole_number(1, 65535), default=8866, help="port (default: 8866)")
    dash.add_argument(
        "--host",
        default="127.0.0.1",
        type=host_name,
        help="address to bind (default: 127.0.0.1, this machine only); any other needs a token, generated unless --token",
    )
    dash.add_argument(
        "--token",
        type=token_text,
        help="the token viewers need in the link (default: none on 127.0.0.1, else a random one); visible to local "
        "users in ps while cat-kz starts: prefer --token-file or CAT_KZ_DASHBOARD_TOKEN",
    )
    dash.add_argument(
        "--token-file",
        metavar="FILE",
        help="read the token from the first line of FILE (or set CAT_KZ_DASHBOARD_TOKEN); the server gets it in its "
        "environment, never on its command line",
    )
    dash.add_argument(
        "--cull-after",
        type=whole_number(0),
        default=600,
        metavar="SECONDS",
        help="shut down kernels idle this long (default: 600; 0 never)",
    )
    dash.add_argument(
        "--max-kernels",
        type=whole_number(0),
        default=8,
        metavar="N",
        help="most viewers at once, one kernel each (default: 8; 0 no limit)",
    )
    dash.add_argument(
        "--pool-size",
        type=whole_number(0),
        default=1,
        metavar="N",
        help="kernels kept ready with the explorer already run, so a page opens at once; they count against "
        "--max-kernels (default: 1; 0 starts a kernel only when a viewer asks)",
    )
    dash.add_argument(
        "--redact",
        choices=("minors", "victims", "all"),
        help="serve with names hidden at this level, for every viewer (the page's Names control is locked)",
    )
    dash.add_argument("--print-command", action="store_true", help="print the command instead of running it")
    dash.set_defaults(run=_dashboard)


def _add_export(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="write the dataset as a Data Package, Parquet files and/or an Excel workbook",
        description="Write every table, with its types, keys, vocabularies and the source's citation, into DIR: "
        "datapackage/ (datapackage.json + CSVs, Frictionless Table Schema), parquet/ (one file per table) and "
        "cat-kz.xlsx (an explanation sheet, then a sheet per table). DIR is replaced whole once everything is "
        "written; a folder holding other files is refused. cat_kz.load_dataset(DIR) reads an export back and checks it.",
    )
    export.add_argument(
        "--format",
        choices=("datapackage", "xlsx", "parquet", "all"),
        default="all",
        help="what to write (default: all)",
    )
    export.add_argument("--out", metavar="DIR", default="export", help="output folder (default: export)")
    export.add_argument(
        "--redact",
        choices=LEVELS,
        default="none",
        help="hide names with the reports' stable pseudonyms: minors, victims (everyone but officials) or all",
    )
    export.add_argument(
        "--replace-level", action="store_true", help="replace an earlier export in DIR of another redaction level"
    )
    export.add_argument("--data", metavar="DIR", help="data directory (default: the project's data/)")
    export.set_defaults(run=_export)


def _add_coverage(commands: argparse._SubParsersAction) -> None:
    cover = commands.add_parser(
        "coverage",
        help="how much of the source the data cover, or scan another source for things to code",
    )
    cover.add_argument(
        "path", nargs="?", metavar="PATH.txt", help="a plain-text source to scan (default: check this dataset)"
    )
    cover.add_argument(
        "-o", "--out", metavar="CSV", help="where to write the mentions (default: <name>-mentions.csv here)"
    )
    cover.add_argument("--data", metavar="DIR", help="data directory to check (default: the project's data/)")
    cover.set_defaults(run=_coverage)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the one way out for everything it prints (:func:`cat_kz.files.output_lost`)."""
    tolerant_streams()  # a character the terminal cannot show is written as \\u2192
    command = "?"
    try:
        skip_iri_grammar()  # running the command: before nbformat (via .notebooks) first imports jsonschema
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        command = args.command
        if extra:
            if args.command != "lab":
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
            args.lab_args = [*extra, *args.lab_args]  # JupyterLab's own options, in the order given
        try:
            code = args.run(args)
        except CatKzError as error:  # every command's own errors: one line (a data error: one line per problem)
            print(f"cat-kz {args.command}: {error}", file=sys.stderr)
            code = 2
        sys.stdout.flush()  # a full device or a closed pipe fails here, not at exit
        return code
    except (OSError, UnicodeEncodeError) as error:  # BrokenPipeError is an OSError
        if isinstance(error, OSError) and (error.errno not in (errno.ENOSPC, errno.EIO, errno.EPIPE) or error.filename):
            raise
        return output_lost(f"cat-kz {command}", error)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``cat-kz`` command.

``cat-kz validate [--data DIR]``  check every table; exit 1 and list problems, or
                                  print a one-line summary and exit 0.
``cat-kz schema [--write README]`` print the data model as Markdown, or refresh
                                  the README's section between its markers.

>>> from cat_kz.cli import main
>>> main(["validate"])  # doctest: +ELLIPSIS
OK: 9 tables, ... records; ... quotes found verbatim on their pages of hrw-2014 (sha256 35337d6b...)
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import schema
from .loading import load_dataset
from .schema import TABLES
from .validation import DataError


def _validate(args: argparse.Namespace) -> int:
    try:
        dataset = load_dataset(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    tables = dataset.tables()
    records = sum(len(frame) for frame in tables.values())
    quotes = sum(len(frame) for name, frame in tables.items() if TABLES[name].quoted)
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    print(
        f"OK: {len(tables)} tables, {records} records; {quotes} quotes found verbatim on their pages "
        f"of hrw-2014 (sha256 {source['sha256'][:8]}...)"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    if args.write is None:
        print(schema.to_markdown(), end="")
        return 0
    path = Path(args.write)
    text = path.read_text(encoding="utf-8")
    try:
        updated = schema.replace_readme_section(text)
    except ValueError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print(f"{path}: data model section updated")
    else:
        print(f"{path}: data model section already up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cat-kz",
        description="Evidence tables from Human Rights Watch's 2014 submission to the UN Committee "
        "against Torture on Kazakhstan.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check the data; exit 1 on problems")
    validate.add_argument("--data", metavar="DIR", help="data directory (default: the project's data/)")
    validate.set_defaults(run=_validate)
    show = commands.add_parser("schema", help="print the data model as Markdown")
    show.add_argument("--write", metavar="README", help="replace the data model section of this file instead")
    show.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

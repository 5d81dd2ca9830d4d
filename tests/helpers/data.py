"""The test data: a path to the real data and small helpers to break a copy of it on purpose."""

from __future__ import annotations

import csv
from pathlib import Path

from cat_kz.files import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_cell(data_dir: Path, table: str, key: str, column: str, value: str) -> None:
    """Set one cell of the record whose first column equals ``key``."""
    path = data_dir / f"{table}.csv"
    header, rows = read_rows(path)
    matches = [row for row in rows if row[header[0]] == key]
    assert len(matches) == 1, f"{table}.csv has no single record {key!r}"
    matches[0][column] = value
    write_rows(path, header, rows)

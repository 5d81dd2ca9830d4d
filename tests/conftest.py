"""Shared fixtures: a private, writable copy of the data to break on purpose, and
the report suite rendered once per test session for the tests that only read it."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import shutil
from argparse import Namespace
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import cat_kz
from cat_kz.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may edit; the real data is never touched."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Each test starts from an empty cache so one test's load can't hide another's.
    cat_kz.clear_cache()
    yield
    cat_kz.clear_cache()


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


@dataclass(frozen=True)
class RenderedSuite:
    """The whole report suite rendered at one redaction level (read it, never change it)."""

    out: Path
    printed: str  # what `cat-kz report` printed (level "none": the command with its defaults)
    exit_code: int
    statuses: list[str]


@pytest.fixture(scope="session")
def rendered_suite(tmp_path_factory) -> Callable[[str], RenderedSuite]:
    """``rendered_suite(level)``: the suite rendered at *level*, once per test session.

    Level ``"none"`` is ``cat-kz report`` with its defaults (``--jobs 2``); the
    other levels are ``report.render(parameters={"redact": level}, jobs=2)``.
    Under pytest-xdist the workers share one render per level: the first
    worker to ask renders it under a file lock, the others wait and read it.
    """
    from cat_kz import report

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's folder, shared by its workers
    cache: dict[str, RenderedSuite] = {}

    def get(level: str) -> RenderedSuite:
        if level in cache:
            return cache[level]
        out, record = root / f"suite-{level}", root / f"suite-{level}.json"
        with open(root / f"suite-{level}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not record.exists():
                if level == "none":
                    printed = io.StringIO()
                    options = Namespace(
                        out=str(out), notebooks=None, param=None, params_file=None, jobs=2, with_code=False, kernel="python3"
                    )
                    with contextlib.redirect_stdout(printed):
                        code = report.main_report(options)
                    statuses = [r["status"] for r in json.loads((out / "index.json").read_text())["reports"]]
                    result = {"printed": printed.getvalue(), "exit_code": code, "statuses": statuses}
                else:
                    runs = report.render(out, parameters={"redact": level}, jobs=2, echo=lambda _line: None)
                    result = {"printed": "", "exit_code": 0, "statuses": [r.status for r in runs]}
                record.write_text(json.dumps(result))
        result = json.loads(record.read_text())
        cache[level] = RenderedSuite(out, result["printed"], result["exit_code"], result["statuses"])
        return cache[level]

    return get


def require_chromium() -> str:
    """Debian's Chromium for the browser tests: skip without it locally, fail under CI (.ci/run installs it)."""
    import os

    from cat_kz.pdf import CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM} under CI: .ci/run installs it with apt-get install chromium")
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's package (sudo apt-get install chromium) to run the browser tests")
    return CHROMIUM


@pytest.fixture(scope="session")
def rendered_reports(tmp_path_factory) -> dict[str, Path]:
    """The whole suite rendered once per session with its briefing kit and PDFs: unredacted and ``victims``.

    Shared by the browser tests of the reports and of the briefing kit (rendering is slow on 2 cores).
    """
    from cat_kz.notebooks import NOTEBOOKS
    from cat_kz.report import render

    require_chromium()
    folders = {}
    for level in ("none", "victims"):
        out = tmp_path_factory.mktemp(f"reports-{level}")
        runs = render(out, redact=level, jobs=2, pdf=True, echo=lambda _line: None)
        assert [run.status for run in runs] == ["ok"] * len(NOTEBOOKS), [run.error for run in runs]
        folders[level] = out
    return folders

"""Shared fixtures: a private, writable copy of the data to break on purpose, and
the report suite rendered once per test session for the tests that only read it."""

from __future__ import annotations

import contextlib
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
from tests.helpers.browser import CHROMIUM_ARGS, require_chromium
from tests.helpers.data import DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may edit; the real data is never touched."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def fresh_cache():
    """An empty load cache, for a test about the cache itself. Others share the cache: it is
    keyed by the data directory's content hash, so a test's edited copy is loaded afresh anyway."""
    cat_kz.clear_cache()
    yield
    cat_kz.clear_cache()


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

    Level ``"none"`` is ``cat-kz report --pdf`` (its defaults, plus the briefing
    kit's PDFs); ``"victims"`` is ``report.render(redact="victims", pdf=True)``;
    the other levels are ``report.render(parameters={"redact": level})``, all
    with two jobs. Without Chromium (and outside CI, where it must be there) the
    first two are rendered without PDFs, so the tests that need no browser
    still run. The browser tests of the reports and the kit read the first
    two (``rendered_reports``), the redaction tests all four, one report test
    the first. Under pytest-xdist the workers share one render per level: the
    first worker to ask renders it under a file lock, others wait and read it
    (``make test`` runs most files reading them on one worker: :data:`SHARED_RENDERS`).
    """
    from cat_kz.publish import report

    pdf = True  # the briefing is typeset with Typst: no browser needed

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
                        out=str(out),
                        notebooks=None,
                        param=None,
                        params_file=None,
                        jobs=2,
                        with_code=False,
                        kernel="python3",
                        pdf=pdf,
                        paper="A4",
                    )
                    with contextlib.redirect_stdout(printed):
                        code = report.main_report(options)
                    statuses = [r["status"] for r in json.loads((out / "index.json").read_text())["reports"]]
                    result = {"printed": printed.getvalue(), "exit_code": code, "statuses": statuses}
                else:
                    options = {"redact": level, "pdf": pdf} if level == "victims" else {"parameters": {"redact": level}}
                    try:
                        runs = report.render(out, jobs=2, echo=lambda _line: None, **options)
                        errors = "\n".join(f"{r.name}: {r.error}" for r in runs if r.error)
                        result = {"printed": errors, "exit_code": 0, "statuses": [r.status for r in runs]}
                    except Exception as error:  # noqa: BLE001 (recorded, so no other worker renders it again)
                        result = {"printed": f"{type(error).__name__}: {error}", "exit_code": 2, "statuses": []}
                record.write_text(json.dumps(result, default=str))
        result = json.loads(record.read_text())
        cache[level] = RenderedSuite(out, result["printed"], result["exit_code"], result["statuses"])
        return cache[level]

    return get


#: Test files that read the same session renders (``rendered_suite``): under
#: ``make test`` (pytest-xdist, ``--dist loadfile``) they run as one unit on one
#: worker, so each render is made once, by that worker. (test_report.py reads the
#: unredacted render in one test; it is left out to keep the workers' loads even,
#: and usually finds the render done, else waits for it.)
SHARED_RENDERS = {
    "tests/publish/test_kit.py": "suite-renders",
    "tests/test_reports_browser.py": "suite-renders",
    "tests/publish/test_redaction_outputs.py": "suite-renders",
}


@pytest.hookimpl(optionalhook=True)  # pytest without xdist (-p no:xdist) does not know the hook
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with the files of :data:`SHARED_RENDERS` sent as one unit.

    (xdist's own ``loadgroup`` cannot be used: it renames test ids in a way pytest 9 ignores.)
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedRenderScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SHARED_RENDERS.get(path, path)

    return SharedRenderScheduling(config, log)


@pytest.fixture(scope="session")
def rendered_reports(rendered_suite) -> dict[str, Path]:
    """The whole suite with its briefing kit and PDFs, unredacted and at ``victims``
    (``rendered_suite``'s renders of those levels): for the browser tests."""
    from cat_kz.publish.notebooks import NOTEBOOKS

    require_chromium()
    folders = {}
    for level in ("none", "victims"):
        suite = rendered_suite(level)
        assert suite.statuses == ["ok"] * len(NOTEBOOKS), (level, suite.printed)
        folders[level] = suite.out
    return folders


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test file (skipped without it, failed under CI)."""
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()

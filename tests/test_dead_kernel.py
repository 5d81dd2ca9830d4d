"""A notebook kernel killed mid-run fails that notebook at once (issue 25): the run
ends, the old report stays. Before, ``cat-kz report`` handed papermill a blocking
kernel manager, whose client blocked nbclient's event loop in a wait for output
that never came, so the check that the kernel is alive never ran: the run hung."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cat_kz.cli import main
from cat_kz.publish import report
from tests.helpers.fakes import GOOD, fake_notebook

ROOT = Path(__file__).resolve().parent.parent


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (read from /proc: no dependency)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, of in parents.items() if of == parent]
        found += children
        frontier += children
    return found


def _kernels(pid: int) -> list[int]:
    kernels = []
    for child in _descendants(pid):
        try:
            if b"ipykernel" in Path(f"/proc/{child}/cmdline").read_bytes():
                kernels.append(child)
        except OSError:
            continue
    return kernels


def _running_a_cell(out: Path) -> bool:
    """Whether papermill's staged notebook shows a cell started (the kernel is mid-run)."""
    for staged in (out.parent / f".{out.name}.cat-kz").glob("staging-*/work/*.ipynb"):
        try:
            cells = json.loads(staged.read_text())["cells"]
        except (OSError, ValueError, KeyError):
            continue
        if any(cell.get("metadata", {}).get("papermill", {}).get("status") == "running" for cell in cells):
            return True
    return False


@pytest.mark.slow  # starts a kernel in a cat-kz report subprocess
@pytest.mark.notebooks
def test_a_killed_kernel_fails_its_notebook_at_once(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    monkeypatch.setattr(report, "render_one", fake_notebook(GOOD))
    assert main(["report", "--notebooks", "00_overview", "--out", str(out), "--jobs", "1", "--no-pdf"]) == 0
    command = [sys.executable, "-m", "cat_kz.cli", "report", "--notebooks", "00_overview", "--out", str(out)]
    run = subprocess.Popen(
        [*command, "--jobs", "1", "--force", "--no-pdf"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not _running_a_cell(out) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        kernels = _kernels(run.pid)
        assert kernels, "no kernel was found running a cell"
        for kernel in kernels:
            os.kill(kernel, signal.SIGKILL)
        killed = time.monotonic()
        stdout, stderr = run.communicate(timeout=90)  # before the fix: it never ended
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert time.monotonic() - killed < 90
    assert run.returncode == 1, stdout + stderr
    assert "Failed: 00_overview" in stderr
    assert (out / "00_overview.html").read_text() == GOOD, "the old report stays"
    [entry] = json.loads((out / "index.json").read_text())["reports"]
    assert entry["status"] == "stale" and "DeadKernelError" in entry["error"]

"""The fault suite (issue 13): each case here once ended in a traceback, a hang,
a lost or corrupted report, or a leaked name. Each test fails on the code before
the fix and states what must hold now."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from cat_kz.cli import main
from cat_kz.paths import PROJECT_ROOT


# --- imports stay one-way -------------------------------------------------------


def _imports(module: str) -> set[str]:
    tree = ast.parse((PROJECT_ROOT / "cat_kz" / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}


def test_redaction_does_not_import_loading():
    assert "loading" in _imports("loading") | {"loading"}  # (loading may import redaction)
    assert "loading" not in _imports("redaction")


# --- a person named on the command line -----------------------------------------

SPELLINGS_OF_P09 = ["Tuletaeva", "TULETAEVA", "rosa", "Rosa Tuletayeva", "Tuletaéva", "Тулетаева", "tuletaeva rosa"]


@pytest.mark.parametrize("spelling", SPELLINGS_OF_P09)
def test_any_spelling_of_a_person_becomes_the_id(spelling):
    import cat_kz
    from cat_kz.report import _protect_people

    assert _protect_people({"people": [spelling]}, cat_kz.load_dataset()) == {"people": ["p09"]}


@pytest.mark.parametrize("spelling", ["Tuletaev", "Rosa Tuletova", "Mukhashevv"])
def test_an_unknown_spelling_is_refused_and_never_written(tmp_path, capsys, spelling):
    out = tmp_path / "reports"
    code = main(["report", "--redact", "victims", "--notebooks", "01_timeline", "--out", str(out), "-p", "people", spelling])
    captured = capsys.readouterr()
    assert code == 2
    [line] = captured.err.strip().splitlines()
    assert "people, item 1: not a person id" in line
    assert spelling.lower() not in (captured.out + captured.err).lower()
    assert not out.exists() or not any(out.rglob("*.*"))


# --- publishing: a reader sees the old run or the new one --------------------------

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from cat_kz import report  # noqa: E402
from cat_kz.publish import complete_html, publication  # noqa: E402


class fake_notebook:  # noqa: N801 (used like a function)
    """A stand-in for render_one (forked workers see it) writing ``html`` as the report."""

    def __init__(self, html: str, status: str = "ok"):
        self.html, self.status = html, status

    def __call__(self, name, parameters, stage, with_code, kernel):
        stage = Path(stage)
        (stage / name).mkdir(parents=True, exist_ok=True)
        (stage / name / "table.csv").write_text("a\n1\n")
        (stage / f"{name}.html").write_text(self.html)
        return report.NotebookRun(name, dict(parameters), status=self.status, outputs=["table.csv"],
                                  error=None if self.status == "ok" else "cell [3]: ValueError: bad")


GOOD = "<!DOCTYPE html><html><body>good report</body></html>\n"


def run_report(out, *extra):
    return main(["report", "--notebooks", "00_overview", "--out", str(out), "--jobs", "1", *extra])


def read_index(out):
    return json.loads((out / "index.json").read_text())


def leftovers(out):
    """Staging folders or temporary files left in or beside the output folder."""
    sidecar = out.parent / f".{out.name}.cat-kz"
    inside = [p.name for p in out.rglob(".*")] if out.exists() else []
    return inside + ([p.name for p in sidecar.glob("staging-*")] if sidecar.exists() else [])


@pytest.fixture
def published(tmp_path, monkeypatch):
    """A folder holding one good (fake) report."""
    out = tmp_path / "reports"
    monkeypatch.setattr(report, "render_one", fake_notebook(GOOD))
    assert run_report(out) == 0
    return out


def test_a_failing_notebook_keeps_the_previous_report_marked_stale(published, monkeypatch, capsys):
    monkeypatch.setattr(report, "render_one", fake_notebook("<html><body>failed</body></html>", status="failed"))
    assert run_report(published) == 1
    assert (published / "00_overview.html").read_text() == GOOD
    assert (published / "00_overview" / "table.csv").exists()
    [entry] = read_index(published)["reports"]
    assert entry["status"] == "stale" and "a later run failed" in entry["error"]
    assert "stale" in (published / "index.html").read_text()
    assert leftovers(published) == []


def test_a_cut_report_is_never_published(published, monkeypatch):
    monkeypatch.setattr(report, "render_one", fake_notebook("<!DOCTYPE html><html><body>cut in the mid"))
    assert run_report(published) == 1
    assert (published / "00_overview.html").read_text() == GOOD
    assert read_index(published)["reports"][0]["status"] == "stale"


def test_a_second_run_into_the_same_folder_is_refused(published, capsys):
    before = (published / "index.json").read_bytes()
    with publication(published):
        assert run_report(published) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "is being written by another cat-kz report" in line
    assert (published / "index.json").read_bytes() == before


def test_out_naming_a_file_is_a_one_line_error(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    assert run_report(target) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "is a file, not a folder" in line and target.read_text() == "mine"


def test_a_folder_not_made_by_cat_kz_is_never_replaced(tmp_path, capsys):
    (tmp_path / "thesis.tex").write_text("mine")
    assert run_report(tmp_path) == 2
    assert "not a cat-kz report folder" in capsys.readouterr().err
    assert (tmp_path / "thesis.tex").read_text() == "mine"


def test_a_folder_remembers_its_redaction_level(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    monkeypatch.setattr(report, "render_one", fake_notebook(GOOD))
    assert run_report(out, "--redact", "victims") == 0
    assert read_index(out)["redact"] == "victims"
    assert run_report(out) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "redacted at level 'victims'" in line and "--allow-less-redacted" in line
    assert run_report(out, "--redact", "all") == 0  # more redacted: fine
    assert run_report(out, "--redact", "none", "--allow-less-redacted") == 0
    assert read_index(out)["redact"] == "none"


def test_a_name_in_a_redacted_output_blocks_publishing(published, monkeypatch):
    leaked = "<!DOCTYPE html><html><body>ROSA TULETAYEVA said</body></html>"
    monkeypatch.setattr(report, "render_one", fake_notebook(leaked))
    assert run_report(published, "--redact", "victims", "--allow-less-redacted") == 1
    assert (published / "00_overview.html").read_text() == GOOD
    text = (published / "index.json").read_text() + (published / "index.html").read_text()
    assert "redacted name was found" in text and "tuleta" not in text.lower()


# --- machine faults: read-only and full disks (tmpfs mounts need root) --------------


@pytest.fixture
def tmpfs(tmp_path):
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; this machine runs the tests as a user")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_output_folder_is_a_one_line_error(tmpfs, monkeypatch, capsys):
    out = tmpfs / "reports"
    monkeypatch.setattr(report, "render_one", fake_notebook(GOOD))
    assert run_report(out) == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    capsys.readouterr()
    assert run_report(out) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "is not writable" in line
    assert (out / "00_overview.html").read_text() == GOOD


@pytest.mark.notebooks
def test_a_full_disk_keeps_the_previous_report(tmpfs, capsys):
    out = tmpfs / "reports"
    assert run_report(out) == 0
    good = (out / "00_overview.html").read_bytes()

    def fill(leave: int) -> None:
        stat = os.statvfs(tmpfs)
        with open(tmpfs / f"filler-{leave}", "wb") as stream:
            stream.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))

    for leave in (150_000, 0):  # room for about half a report; then for nothing at all
        fill(leave)
        capsys.readouterr()
        assert run_report(out) in (1, 2)
        assert (out / "00_overview.html").read_bytes() == good
        [entry] = read_index(out)["reports"]
        assert entry["status"] in ("ok", "stale")
        assert leftovers(out) == []
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "Traceback" not in err[0], err


# --- a killed run -----------------------------------------------------------------


def _wait_for(predicate, what: str, limit: float = 240.0):
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


@pytest.mark.notebooks
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_leaves_the_old_run_whole(tmp_path, signum):
    import psutil

    out = tmp_path / "reports"
    command = [sys.executable, "-m", "cat_kz.cli", "report", "--out", str(out), "--jobs", "2",
               "--notebooks", "00_overview", "05_data_quality", "01_timeline"]
    assert subprocess.run([*command, "--redact", "victims"], capture_output=True).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    run = subprocess.Popen(command + ["--allow-less-redacted"], stdout=subprocess.PIPE, text=True)
    for line in run.stdout:  # wait until the first notebook is done (staged)
        if line.split()[:1] in (["ok"], ["failed"]):
            break
    workers = psutil.Process(run.pid).children()
    assert workers, "the run has worker processes"
    run.send_signal(signum)
    run.wait()
    _wait_for(lambda: not any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers), "workers to end")
    _wait_for(lambda: leftovers(out) == [], "the guardian to remove the staging folder")
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # the old run, whole: nothing of the new one
    assert read_index(out)["redact"] == "victims"

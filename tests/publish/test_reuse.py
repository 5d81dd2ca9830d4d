"""Incremental reports: an unchanged notebook is reused, byte for byte; a change re-renders it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cat_kz.cli import main
from cat_kz.publish import report
from cat_kz.publish.reuse import files_digest, input_digest, reusable
from tests.helpers.data import edit_cell
from tests.helpers.fakes import GOOD, fake_notebook

# every test publishes (fake) runs and builds the briefing kit (key facts, slides, the typeset PDF): make test
pytestmark = pytest.mark.slow

NAMES = ["00_overview", "03_refoulement"]


class counting_notebook(fake_notebook):  # noqa: N801
    """A fake render_one that appends the notebook's name to ``log`` each time it runs (forked workers too)."""

    def __init__(self, log: Path, html: str = GOOD):
        super().__init__(html)
        self.log = log

    def __call__(self, name, parameters, stage, with_code, kernel):
        with open(self.log, "a", encoding="utf-8") as stream:
            stream.write(name + "\n")
        return super().__call__(name, parameters, stage, with_code, kernel)


def rendered(log: Path) -> list[str]:
    """The notebooks rendered since the log was last read (and empty it)."""
    names = sorted(log.read_text().split()) if log.exists() else []
    log.write_text("")
    return names


def run(out, *extra):
    return main(["report", "--notebooks", *NAMES, "--out", str(out), "--jobs", "1", *extra])


def entries(out) -> dict[str, dict]:
    return {e["name"]: e for e in json.loads((out / "index.json").read_text())["reports"]}


def files(out) -> dict[str, bytes]:
    """Each report's own files: its HTML, notebook and outputs (the index and the briefing kit are remade every run)."""
    from cat_kz.publish.notebooks import NOTEBOOKS

    mine = [p for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0].split(".")[0] in NOTEBOOKS]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in mine}


def kit_pages(out) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("keyfacts.html", "slides.html")}


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "rendered.log"
    monkeypatch.setattr(report, "render_one", counting_notebook(path))
    return path


def test_an_unchanged_second_run_reuses_every_report_byte_for_byte(tmp_path, log, capsys):
    out = tmp_path / "reports"
    assert run(out) == 0
    assert rendered(log) == NAMES
    first, inputs = files(out), {n: e["inputs"] for n, e in entries(out).items()}
    first_kit = kit_pages(out)
    assert all(len(digest) == 64 for digest in inputs.values()) and not any(e["reused"] for e in entries(out).values())
    capsys.readouterr()
    assert run(out) == 0
    assert rendered(log) == []  # nothing executed
    assert files(out) == first
    after = entries(out)
    assert {n: (e["status"], e["reused"], e["inputs"]) for n, e in after.items()} == {
        n: ("ok", True, inputs[n]) for n in NAMES
    }
    printed = capsys.readouterr().out
    assert "reused 00_overview: inputs unchanged" in printed and "00_overview        reused" in printed
    assert "reused the briefing kit" in printed
    assert kit_pages(out) == first_kit
    assert (out / "index.html").read_text().count('class="status reused"') == 2


def test_a_changed_parameter_re_renders_only_its_notebook(tmp_path, log, capsys):
    out = tmp_path / "reports"
    assert run(out) == 0
    rendered(log)
    capsys.readouterr()
    assert run(out, "-p", "destinations", "China") == 0
    assert rendered(log) == ["03_refoulement"]
    assert "reused the briefing kit" not in capsys.readouterr().out  # the slides take the new parameters
    assert {n: e["reused"] for n, e in entries(out).items()} == {"00_overview": True, "03_refoulement": False}
    assert entries(out)["03_refoulement"]["parameters"] == {"destinations": ["China"]}


@pytest.mark.parametrize(
    "change",
    [
        ["--kernel", "python3", "--force"],
        ["--kernel", "python3", "--with-code"],
        ["--kernel", "python3", "--redact", "all", "--replace-level"],
        ["--kernel", "cat-kz"],
    ],
)
def test_force_code_redaction_and_kernel_re_render(tmp_path, log, change):
    out = tmp_path / "reports"
    assert run(out, "--kernel", "python3") == 0
    rendered(log)
    assert run(out, *change) == 0
    assert rendered(log) == NAMES
    assert not any(e["reused"] for e in entries(out).values())


def test_changed_data_or_library_re_render(tmp_path, log, monkeypatch, data_copy):
    out = tmp_path / "reports"
    monkeypatch.setenv("CAT_KZ_DATA", str(data_copy))
    assert run(out) == 0
    rendered(log)
    edit_cell(data_copy, "methods", "beating", "description", "Beaten; the instrument is not stated, or is the body.")
    assert run(out) == 0
    assert rendered(log) == NAMES, "the dataset fingerprint changed"
    monkeypatch.setattr("cat_kz.publish.reuse.library_digest", lambda: "another library")
    assert run(out) == 0
    assert rendered(log) == NAMES


def test_an_edited_or_incomplete_published_report_is_rendered_again(tmp_path, log):
    out = tmp_path / "reports"
    assert run(out) == 0
    rendered(log)
    (out / "00_overview" / "table.csv").write_text("a\n2\n")  # edited by hand since
    (out / "03_refoulement" / "table.csv").unlink()  # or lost
    assert run(out) == 0
    assert rendered(log) == NAMES
    assert (out / "00_overview" / "table.csv").read_text() == "a\n1\n"


def test_a_failed_or_stale_report_is_never_reused(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    log = tmp_path / "rendered.log"
    monkeypatch.setattr(report, "render_one", counting_notebook(log, html="<html><body>cut"))
    assert run(out) == 1  # no complete report: failed
    rendered(log)
    assert run(out) == 1
    assert rendered(log) == NAMES
    monkeypatch.setattr(report, "render_one", counting_notebook(log))
    assert run(out) == 0
    rendered(log)
    assert run(out, "--force") == 0 and rendered(log) == NAMES


def test_reusable_needs_matching_inputs_and_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x.html").write_text(GOOD)
    (tmp_path / "x" / "t.csv").write_text("a\n")
    entry = {
        "name": "x",
        "status": "ok",
        "inputs": "i",
        "outputs": ["t.csv"],
        "files_sha256": files_digest(tmp_path, "x", ["t.csv"]),
    }
    assert reusable(entry, "i", tmp_path)
    assert not reusable(entry, "j", tmp_path)
    assert not reusable(entry | {"files_sha256": None}, "i", tmp_path)  # an index from before incremental reports
    assert not reusable(entry | {"status": "stale"}, "i", tmp_path)
    digest = input_digest("00_overview", {}, fingerprint="f", library="l", with_code=False, kernel="k")
    assert digest != input_digest("00_overview", {}, fingerprint="g", library="l", with_code=False, kernel="k")
    assert digest != input_digest("01_timeline", {}, fingerprint="f", library="l", with_code=False, kernel="k")


@pytest.mark.notebooks
def test_a_real_notebook_is_reused_without_running(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    command = ["report", "--notebooks", "00_overview", "--out", str(out), "--kernel", "python3", "--redact", "victims"]
    assert main(command) == 0
    first = files(out)

    def dies(*_args, **_kwargs):
        raise RuntimeError("render_one was called")

    monkeypatch.setattr(report, "render_one", dies)  # forked workers see it; a reuse never calls it
    assert main(command) == 0
    assert files(out) == first
    assert entries(out)["00_overview"]["reused"] is True
    assert "reused 00_overview: inputs unchanged" in capsys.readouterr().out
    # --force renders again: test_force_code_redaction_and_kernel_re_render (a real render costs seconds)


def test_a_bad_redaction_level_is_never_served_by_a_reused_report(tmp_path, log):
    out = tmp_path / "reports"
    assert run(out) == 0
    rendered(log)
    run(out, "-p", "redact", "everyone", "--allow-less-redacted")  # the notebooks themselves refuse the level
    assert rendered(log) == NAMES

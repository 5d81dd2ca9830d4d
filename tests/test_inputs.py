"""Inputs are opened only if they are regular files, and read with a size cap (issue 25).

A FIFO given as a data table, a source text or ``-f PARAMS.yaml`` once blocked
``validate``, ``report`` and ``slides`` forever (waiting for a writer); a link to
``/dev/zero`` read until memory ran out; a folder where ``acts.csv`` should be
was a traceback, or in ``report`` "cannot write the reports". Each is now one
line naming the file, at once. Each call here runs under an alarm, so a
regression fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import signal

import pytest

import cat_kz.files
from cat_kz.cli import main
from cat_kz.publish.routing import read_params_file


class Hung(Exception):
    pass


@pytest.fixture
def deadline():
    """Fail (not hang) a call that blocks for more than 20 s."""

    def ring(signum, frame):  # noqa: ARG001
        raise Hung("the call blocked: an input was waited on or read without end")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _special(path, kind: str) -> None:
    """Make ``path`` a FIFO, a link to /dev/zero or a folder."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()


KINDS = ["fifo", "device", "folder"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_data_table_that_is_not_a_file_is_one_line(data_copy, deadline, capsys, kind):
    _special(data_copy / "acts.csv", kind)
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    [problem] = [line for line in err.splitlines() if line.startswith("  ")]
    assert "acts.csv" in problem and "cannot read" in problem
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", KINDS)
def test_a_source_text_that_is_not_a_file_is_one_line(data_copy, deadline, kind):
    from cat_kz.dataset.build import build_dataset
    from cat_kz.errors import DataError
    from cat_kz.model.sources import read_source

    text = data_copy / "raw" / "hrw-cat-kazakhstan-2014.txt"
    _special(text, kind)
    with pytest.raises(OSError):
        read_source(text)  # before: a FIFO waited for a writer, /dev/zero was read without end
    with pytest.raises(DataError) as raised:
        build_dataset(data_copy)
    assert text.name in str(raised.value)


def test_a_data_table_over_the_size_cap_is_refused(data_copy, deadline, capsys, monkeypatch):
    monkeypatch.setattr(cat_kz.files, "READ_LIMIT", 1024)
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "acts.csv: cannot read" in err and "larger than" in err


@pytest.mark.parametrize("kind", KINDS)
def test_a_params_file_that_is_not_a_file_is_one_line(tmp_path, deadline, kind):
    from cat_kz.errors import ReportError

    path = tmp_path / "params.yaml"
    _special(path, kind)
    with pytest.raises(ReportError) as raised:
        read_params_file(path)
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_params_from_dev_zero_are_refused_at_once(deadline):
    from cat_kz.errors import ReportError

    with pytest.raises(ReportError, match="/dev/zero"):
        read_params_file("/dev/zero")


@pytest.mark.parametrize("command", [["report", "--notebooks", "00_overview", "--no-pdf"], ["slides"]])
def test_a_fifo_as_params_file_is_refused_by_the_commands(tmp_path, deadline, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    fifo = tmp_path / "params.yaml"
    os.mkfifo(fifo)
    assert main([*command, "-f", str(fifo), *(["--out", str(tmp_path / "out")] if command[0] == "report" else [])]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert str(fifo) in line and "not a regular file" in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "slides.html").exists()


def test_a_folder_as_a_table_is_a_read_problem_in_report(data_copy, deadline, capsys, monkeypatch, tmp_path):
    (data_copy / "acts.csv").unlink()
    (data_copy / "acts.csv").mkdir()
    monkeypatch.setenv("CAT_KZ_DATA", str(data_copy))
    assert main(["report", "--notebooks", "00_overview", "--no-pdf", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" not in err and "acts.csv: cannot read" in err and "is a folder" in err


def test_read_regular_reads_a_file_and_caps_it(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 100)
    assert cat_kz.files.read_regular(path) == b"x" * 100
    with pytest.raises(OSError, match="larger than"):
        cat_kz.files.read_regular(path, limit=99)

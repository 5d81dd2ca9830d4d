"""One output path for the whole CLI (issue 25): standard output on a full device, a
closed pipe or an encoding that cannot show a character ends in one line or a
plain-ASCII fallback, never a traceback. Before, ``schema``, ``validate`` and
``coverage`` ended in a traceback on ``> /dev/full``, and an ASCII-only terminal
failed on the "→" of the slides summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import test_faults

tmpfs = test_faults.tmpfs  # a fixture: a small tmpfs (needs root)

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"schema": ["schema"], "validate": ["validate"], "coverage": ["coverage"]}


def cat_kz(*args: str, stdout=subprocess.PIPE, env: dict | None = None) -> tuple[int, str]:
    """Run ``python -m cat_kz.cli ARGS``; (exit code, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "cat_kz.cli", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stderr


@pytest.mark.slow  # a cat-kz subprocess per command
@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_device_on_stdout_is_one_line(command):
    with open("/dev/full", "w") as full:
        code, err = cat_kz(*COMMANDS[command], stdout=full)
    assert "Traceback" not in err, err
    [line] = err.strip().splitlines()
    assert code == 2 and line == f"cat-kz {command}: cannot write the output: No space left on device"


@pytest.mark.slow  # a cat-kz subprocess per command
@pytest.mark.parametrize("command", COMMANDS)
def test_a_closed_pipe_on_stdout_is_no_traceback(command):
    read, write = os.pipe()
    os.close(read)  # the reader has gone (as `| head -c1` once it has its byte): every write fails
    try:
        code, err = cat_kz(*COMMANDS[command], stdout=write)
    finally:
        os.close(write)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.strip() == "" and code == 2


def test_schema_on_a_full_device_is_one_line():
    """The same in process (fast): ``main`` itself turns the failed flush into one line."""
    code, err = cat_kz("schema", stdout=open("/dev/full", "w"))  # noqa: SIM115 (closed with the process)
    assert code == 2 and err.strip() == "cat-kz schema: cannot write the output: No space left on device"


def test_an_ascii_terminal_gets_escapes_not_a_traceback():
    code, err = cat_kz("schema", env={"PYTHONIOENCODING": "ascii"})
    assert code == 0 and "Traceback" not in err
    done = subprocess.run(
        [sys.executable, "-m", "cat_kz.cli", "schema"],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        timeout=120,
    )
    assert done.stdout.isascii() and b"\\u" in done.stdout  # the schema has characters beyond ASCII, escaped


@pytest.mark.slow  # builds the slide deck
def test_the_slides_summary_on_an_ascii_terminal(tmp_path):
    code, err = cat_kz("slides", "-o", str(tmp_path / "slides.html"), env={"PYTHONIOENCODING": "ascii"})
    assert code == 0 and "Traceback" not in err, err
    assert (tmp_path / "slides.html").exists()


def test_a_character_device_as_coverage_out_is_refused(tmp_path):
    from cat_kz.cli import main

    source = tmp_path / "memo.txt"
    source.write_text("In December 2011 he was beaten.\n", encoding="utf-8")
    before = os.stat("/dev/null")
    assert main(["coverage", str(source), "-o", "/dev/null"]) == 2
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev), "the device is still a device"


def _fill(folder: Path) -> None:
    """Leave no free space on the file system of ``folder``."""
    stat = os.statvfs(folder)
    with open(folder / "filler", "wb") as stream:
        stream.write(b"\0" * (stat.f_bavail * stat.f_frsize))


def test_coverage_out_on_a_full_disk_keeps_the_old_file(tmpfs, capsys):
    """Before: the old CSV was replaced by a fragment."""
    from cat_kz.cli import main

    source, out = tmpfs / "memo.txt", tmpfs / "memo-mentions.csv"
    source.write_text("In December 2011 he was beaten in Almaty.\n" * 2000, encoding="utf-8")
    out.write_text("old,file\n")
    _fill(tmpfs)
    assert main(["coverage", str(source), "-o", str(out)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "cannot write" in line and "No space left" in line
    assert out.read_text() == "old,file\n"
    assert sorted(p.name for p in tmpfs.iterdir()) == ["filler", out.name, source.name], "no temporary file left"


def test_schema_write_on_a_full_disk_keeps_the_old_file(tmpfs, capsys):
    """Before: the target was truncated."""
    from cat_kz.cli import main
    from cat_kz.model.schema_doc import README_END, README_START

    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    before = text[: text.index(README_START) + len(README_START)] + "\n" + text[text.index(README_END) :]
    doc = tmpfs / "data-model.md"
    doc.write_text(before, encoding="utf-8")
    _fill(tmpfs)
    assert main(["schema", "--write", str(doc)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "cannot write" in line and "No space left" in line
    assert doc.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmpfs.iterdir()) == [doc.name, "filler"], "no temporary file left"

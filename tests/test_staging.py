"""Publishing a report folder never deletes what cat-kz did not write, locks the real
folder, and never shows a page of another redaction level under a run's banner (issue 25).

Before: ``--force`` (any run) dropped a user's ``.git/`` and ``.htaccess`` from the folder;
two runs through two names (a symlink) of one folder both proceeded; a redacted run
with ``--replace-level`` over an unredacted folder kept the unredacted pages of failed
or untouched notebooks under an index whose banner said "Redacted".
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from cat_kz.cli import main
from cat_kz.files import write_atomic
from cat_kz.publish import report
from cat_kz.publish.staging import folder_level, publication
from tests.helpers.fakes import GOOD, fake_notebook


def run_report(out, *extra, notebooks=("00_overview",)):
    return main(["report", "--notebooks", *notebooks, "--out", str(out), "--jobs", "1", "--force", "--no-pdf", *extra])


def read_index(out):
    return json.loads((out / "index.json").read_text())


@pytest.fixture
def published(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    monkeypatch.setattr(report, "render_one", fake_notebook(GOOD))
    assert run_report(out, notebooks=("00_overview", "01_timeline")) == 0
    return out


@pytest.mark.slow  # publishes runs and builds the briefing kit
def test_a_user_s_dotfiles_survive_a_forced_run(published):
    (published / ".git").mkdir()
    (published / ".git" / "config").write_text("[core]\n")
    (published / ".htaccess").write_text("Require all granted\n")
    (published / "NOTES.md").write_text("mine\n")
    assert run_report(published) == 0
    assert (published / ".git" / "config").read_text() == "[core]\n"
    assert (published / ".htaccess").read_text() == "Require all granted\n"
    assert (published / "NOTES.md").read_text() == "mine\n"


@pytest.mark.slow  # publishes runs and builds the briefing kit
def test_a_cut_write_s_temporary_file_is_cleaned_by_the_next_run(published):
    (published / ".index.json.x1y2.tmp").write_text("{half")
    assert run_report(published) == 0
    assert not (published / ".index.json.x1y2.tmp").exists()


@pytest.mark.slow  # publishes runs and builds the briefing kit
def test_two_names_of_one_folder_share_one_lock(published, tmp_path, capsys):
    alias = tmp_path / "alias"
    alias.symlink_to(published)
    with publication(published):
        assert run_report(alias) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "is being written by another cat-kz report" in line
    assert run_report(alias) == 0
    assert alias.is_symlink() and (alias / "index.json").exists(), "the link is kept, its folder updated"


@pytest.mark.slow  # publishes runs and builds the briefing kit
def test_a_failed_notebook_under_a_stricter_level_leaves_no_less_redacted_page(published, monkeypatch):
    monkeypatch.setattr(report, "render_one", fake_notebook("<html><body>failed", status="failed"))
    assert run_report(published, "--redact", "victims", "--replace-level") == 1
    assert not (published / "00_overview.html").exists(), "the unredacted page is not kept"
    assert not (published / "01_timeline.html").exists(), "nor the untouched notebook's"
    index = read_index(published)
    assert index["redact"] == "victims"
    entries = {e["name"]: e for e in index["reports"]}
    assert entries["00_overview"]["report"] is None and "removed" in entries["00_overview"]["error"]
    assert entries["01_timeline"]["report"] is None and "removed" in entries["01_timeline"]["error"]
    page = (published / "index.html").read_text()
    assert "good report" not in page and "removed" in page


def test_an_unknown_recorded_level_counts_as_the_strictest():
    assert folder_level([{"redact": "most"}]) == "all"
    assert folder_level([{"redact": "most"}, {"redact": "victims"}]) == "victims"


def test_a_device_is_never_replaced_by_a_write(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with pytest.raises(OSError):
        write_atomic(node, "text")
    assert stat.S_ISCHR(node.lstat().st_mode), "still a device"


def test_the_folder_s_level_is_read_under_the_lock(published):
    """A run that finished between this one's start and its lock is seen: its level is checked."""
    from cat_kz.errors import PublishError
    from cat_kz.publish.staging import Publication

    pub = Publication(published, "none")  # the folder is at level none now
    index = read_index(published)
    index["redact"] = "victims"  # another run publishes a victims-level folder meanwhile
    (published / "index.json").write_text(json.dumps(index), encoding="utf-8")
    try:
        with pytest.raises(PublishError, match="redacted at level 'victims'"):
            pub.open()
    finally:
        pub.close()
